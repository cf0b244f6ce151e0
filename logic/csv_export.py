"""CSV files for owners, safe to open in a spreadsheet.

A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before one)
as a formula, so a customer who writes "=HYPERLINK(…)" could make the owner's Excel fetch
or run something (OWASP: CSV injection). Every cell is quoted, and text starting like a
formula gets a leading apostrophe. Excel in many locales (German, French, …) splits a .csv
on ";" rather than ",", and then a line's quotes no longer line up with its cells: every
";"-separated part of a cell is guarded the same way.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """`text` with an apostrophe before each ";"-separated part that starts like a formula
    (spaces and quote marks before it do not count: a spreadsheet skips them)."""
    return ";".join(
        "'" + part if part.lstrip(' "').startswith(FORMULA_STARTS) else part
        for part in text.split(";")
    )


def render(table: Iterable[Sequence[str]]) -> bytes:
    """The rows as UTF-8 CSV, every cell quoted and guarded."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerows([safe_cell(cell) for cell in row] for row in table)
    return buffer.getvalue().encode("utf-8")
