"""Opening hours, closures, and when the shop opens next, in words a customer understands.

Pure logic: plain functions and frozen dataclasses, no Telegram, no database.

- `model`: the values (TimeRange, WeeklyHours, Closure), their rules, the canonical form;
- `parsing`: the ``/hours`` grammar and its parser;
- `text`: hours back to text, for owners and for storage;
- `closures`: the arguments of ``/closed`` and ``/open``;
- `opening`: open or not at a moment, when it opens or closes next, and in what words.
"""

from logic.hours.closures import closure_on, parse_closure, parse_day
from logic.hours.model import (
    CLOSED_EXAMPLE,
    DAY_NAMES,
    HOURS_EXAMPLE,
    OPEN_EXAMPLE,
    SEARCH_DAYS,
    Closure,
    HoursParseError,
    TimeRange,
    WeeklyHours,
    normalize_hours,
)
from logic.hours.opening import is_open, next_closing, next_opening
from logic.hours.parsing import parse_hours
from logic.hours.text import deserialize_hours, serialize_hours, to_text

__all__ = [
    "CLOSED_EXAMPLE",
    "DAY_NAMES",
    "HOURS_EXAMPLE",
    "OPEN_EXAMPLE",
    "SEARCH_DAYS",
    "Closure",
    "HoursParseError",
    "TimeRange",
    "WeeklyHours",
    "closure_on",
    "deserialize_hours",
    "is_open",
    "next_closing",
    "next_opening",
    "normalize_hours",
    "parse_closure",
    "parse_day",
    "parse_hours",
    "serialize_hours",
    "to_text",
]
