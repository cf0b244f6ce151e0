"""Reading the arguments of ``/closed`` and ``/open``: days and ranges of days."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from logic.hours.model import (
    CLOSED_EXAMPLE,
    OPEN_EXAMPLE,
    Closure,
    HoursParseError,
)
from logic.marks import N_

_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_CLOSURE_RE = re.compile(
    r"(?P<first>\S+?):?"
    r"(?:(?:\s*(?:\.\.|\u2026|\u2013|\u2014)\s*|\s+(?:-|to|till|until)\s+)"
    r"(?P<last>\d\S*|today|tomorrow)(?=\s|$))?"
    r"(?:\s+(?P<reason>.*))?",
    re.IGNORECASE | re.DOTALL,
)
_REASON_LIMIT = 200


def _parse_date(word: str, today: date | None, example: str) -> date:
    lower = word.lower()
    if today is not None and lower == "today":
        return today
    if today is not None and lower == "tomorrow":
        return today + timedelta(days=1)
    match = _DATE_RE.fullmatch(word)
    if match is None:
        raise HoursParseError(
            word, N_("dates are written year-month-day, like 2026-12-25"), example
        )
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise HoursParseError(word, N_("there is no such date"), example) from None


def parse_closure(text: str, today: date) -> Closure:
    """Parse the argument of ``/closed``: "2026-12-25 Christmas", "2026-12-24..2026-12-31
    Holidays" (also "a - b", "a to b", or an en dash), "today Sick", "tomorrow".

    A colon or dash before the reason is dropped ("2026-12-25: Christmas"). The reason is
    optional (default "Closed", at most 200 characters). A range that ends
    before it starts, or that is entirely before ``today``, is refused. A range that began
    in the past but is still running is kept as given.
    """
    src = text.strip()
    if not src:
        raise HoursParseError("", N_("no date was given"), CLOSED_EXAMPLE)
    match = _CLOSURE_RE.fullmatch(src)
    if match is None:  # pragma: no cover - the pattern matches any non-empty stripped text
        raise HoursParseError(src, "", CLOSED_EXAMPLE)
    first = _parse_date(match["first"], today, CLOSED_EXAMPLE)
    last = first if match["last"] is None else _parse_date(match["last"], today, CLOSED_EXAMPLE)
    period = src[: match.end("last")] if match["last"] is not None else match["first"]
    if last < first:
        raise HoursParseError(period, N_("it ends before it starts"), CLOSED_EXAMPLE)
    if last < today:
        raise HoursParseError(period, N_("that is already in the past"), CLOSED_EXAMPLE)
    reason = " ".join((match["reason"] or "").lstrip("-:,\u2013\u2014 ").split()) or "Closed"
    if len(reason) > _REASON_LIMIT:
        raise HoursParseError(
            reason[:20] + "…",
            N_("the reason is too long ({limit} characters at most)"),
            CLOSED_EXAMPLE,
            limit=_REASON_LIMIT,
        )
    return Closure(first, last, reason)


def parse_day(text: str, today: date | None = None) -> date:
    """Parse one date, as for ``/open 2026-12-25``; "today"/"tomorrow" work when ``today``
    is given."""
    src = text.strip()
    if not src:
        raise HoursParseError("", N_("no date was given"), OPEN_EXAMPLE)
    if len(src.split()) > 1:
        raise HoursParseError(src, N_("give one date"), OPEN_EXAMPLE)
    return _parse_date(src, today, OPEN_EXAMPLE)


def closure_on(closures: Sequence[Closure], day: date) -> Closure | None:
    """The first closure covering the local calendar ``day``, if any."""
    for closure in closures:
        if closure.covers(day):
            return closure
    return None


def without_day(closure: Closure, day: date) -> list[Closure]:
    """The closure with one day taken out (split in two if the day is in the middle)."""
    if not closure.first <= day <= closure.last:
        return [closure]
    parts = []
    if closure.first < day:
        parts.append(Closure(closure.first, day - timedelta(days=1), closure.reason))
    if day < closure.last:
        parts.append(Closure(day + timedelta(days=1), closure.last, closure.reason))
    return parts
