"""CSV exports: every cell quoted, nothing a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io

import pytest

from logic.csv_export import render, safe_cell


def _read(data: bytes, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8")), delimiter=delimiter))


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("thanks;=cmd|' /C calc'!A0", "thanks;'=cmd|' /C calc'!A0"),
        ("a; =1+1;ok", "a;' =1+1;ok"),
        ('a;"=1+1', "a;'\"=1+1"),
        ("a;b;@x;-y", "a;b;'@x;'-y"),
    ],
)
def test_text_that_a_spreadsheet_would_run_gets_an_apostrophe(text: str, safe: str) -> None:
    assert safe_cell(text) == safe


def test_ordinary_text_is_left_alone_and_guarding_twice_changes_nothing() -> None:
    for text in ("Order #4711 is squashed", "", "a;b", "2026-11-23 09:30", "x = y", "'=1"):
        assert safe_cell(text) == text
    assert safe_cell(safe_cell("=1;=2")) == "'=1;'=2"


def test_every_cell_is_quoted_and_reads_back() -> None:
    data = render([["id", "text"], ["1", "Hello, world"], ["2", 'Say "hi"']])
    assert data.decode().splitlines() == ['"id","text"', '"1","Hello, world"', '"2","Say ""hi"""']
    assert _read(data) == [["id", "text"], ["1", "Hello, world"], ["2", 'Say "hi"']]


def test_split_on_semicolons_no_cell_starts_a_formula() -> None:
    data = render([["7", 'fine;=HYPERLINK("http://evil";"x")', "@me"]])
    for line in data.decode().splitlines():
        for cell in next(csv.reader([line], delimiter=";")):
            assert not cell.lstrip(' "').startswith(("=", "+", "-", "@")), cell
