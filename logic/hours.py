"""Opening hours, closures, and when the shop opens next, in words a customer understands.

Pure logic: plain functions and frozen dataclasses, no Telegram, no database.

Model
-----
* A ``TimeRange`` is minutes from local midnight. ``end <= start`` would be ambiguous at
  ``end == start``, so the rules are: ``0 <= start < 1440``, ``0 < end <= 1440``,
  ``start != end``; ``end < start`` runs past midnight into the next day (fri 18:00-02:00),
  ``TimeRange(0, 1440)`` is the whole day ("24h"), ``end == 1440`` is "until midnight".
* ``WeeklyHours.days`` has 7 entries, Monday first. Hours with no range at all are *empty*,
  and callers treat empty hours as "always open" (closures still apply).
* Everything is local wall-clock time in the shop's zone. A minute is open when its wall-clock
  time falls in a range of that weekday, or in the after-midnight part of the previous day's
  overnight range, and its local calendar day is not inside a closure. A closure closes whole
  local days, including the after-midnight part of a range that began the evening before.
* Around DST changes: wall times that don't exist (Berlin 2026-03-29 02:00-02:59) are never
  open, so "sun 02:30-04:00" opens at 03:00 that day; wall times that happen twice
  (Berlin 2026-10-25 02:00-02:59) are open both times when their wall time is open.

Canonical form
--------------
``normalize_hours`` (and therefore ``parse_hours``) merges everything that is open into
maximal stretches of the week and writes each stretch down starting on the day it begins:
a stretch shorter than a day that crosses midnight becomes one overnight range on the day it
starts ("fri 18:00-24:00, sat 00:00-02:00" becomes "Fri 18:00-02:00"); longer stretches are
cut at midnight into "until 24:00", whole days and "from 00:00" pieces. Two hours values open
at the same minutes therefore normalize to equal values.

``/hours`` grammar (case-insensitive)
-------------------------------------
``text := clause (separator clause)*`` where a clause is ``<days> [:] <times>``.

* days: ``mon``..``sun`` (also ``mo``, ``monday``, ``mondays``, ``tues``, ``thurs`` ...),
  ranges ``mon-fri`` (wrapping ``fri-mon`` is fri, sat, sun, mon), lists ``mon,wed,fri`` or
  ``mon wed fri`` or ``sat and sun``, and ``daily``/``everyday``, ``weekdays``, ``weekend``.
* times: ``closed`` (or ``off``), ``24h`` (``24 hours``), or one or more ranges
  ``09:00-12:00 13:00-17:30`` (separated by spaces, ``,`` or ``and``). A time is ``9``,
  ``09``, ``9:00``, ``09.00``, optionally with ``am``/``pm``; ``24:00`` (or ``00:00``) as an
  end is midnight. Dashes may be a hyphen, an en or em dash, or the word ``to``.
* separators: ``;`` always ends a clause. A comma is read by what follows it: inside the
  days, a comma followed by a day continues the list of days; after the times, a comma
  followed by a time adds another range and a comma followed by a day starts a new clause.
  So ``mon,wed,fri 09:00-12:00, sat 10:00-14:00`` is two clauses, and ``mon-fri, sat 10-14``
  is one clause for Monday to Saturday. A day right after the times also starts a clause.
* the whole text ``24/7`` means every day, all day.
* days not mentioned are closed; a day mentioned again gets the union of its ranges, except
  that ``closed`` drops what earlier clauses gave that day (``mon-fri 9-18, wed closed``).
* ``9-5`` is refused: both ends are bare hours up to 12 and it would run overnight, which
  is nearly always a 12-hour clock slip. ``21-5``, ``21:00-05:00`` and ``9am-5pm`` are fine.
* hours that are never open are refused (empty hours would mean "always open").
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

__all__ = [
    "CLOSED_EXAMPLE",
    "HOURS_EXAMPLE",
    "OPEN_EXAMPLE",
    "SEARCH_DAYS",
    "Closure",
    "HoursParseError",
    "TimeRange",
    "WeeklyHours",
    "closure_on",
    "describe_opening",
    "deserialize_hours",
    "format_hours",
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

DAY_MINUTES = 1440
WEEK_MINUTES = 7 * DAY_MINUTES
SEARCH_DAYS = 400
"""How far ahead ``next_opening``/``next_closing`` look before giving up (returning None)."""

HOURS_EXAMPLE = "/hours mon-fri 09:00-18:00, sat 10:00-14:00"
CLOSED_EXAMPLE = "/closed 2026-12-25 Christmas or /closed 2026-12-24..2026-12-31 Holidays"
OPEN_EXAMPLE = "/open 2026-12-25"

DAY_ABBREVIATIONS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_Intervals = tuple[tuple[int, int], ...]
_WHOLE_DAY: _Intervals = ((0, DAY_MINUTES),)


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class TimeRange:
    """Opening time to closing time in minutes from local midnight (see module docstring)."""

    start: int
    end: int

    def __post_init__(self) -> None:
        for value in (self.start, self.end):
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError(f"TimeRange minutes must be int, not {value!r}")
        if not 0 <= self.start < DAY_MINUTES:
            raise ValueError(f"TimeRange start {self.start} is not in 0..1439")
        if not 0 < self.end <= DAY_MINUTES:
            raise ValueError(f"TimeRange end {self.end} is not in 1..1440")
        if self.start == self.end:
            raise ValueError("TimeRange start and end are equal")

    @property
    def overnight(self) -> bool:
        """True when the range runs past midnight into the next day."""
        return self.end < self.start

    @property
    def minutes(self) -> int:
        """How long the range is open."""
        return self.end - self.start if self.end > self.start else self.end + 1440 - self.start


@dataclass(frozen=True)
class WeeklyHours:
    """The ranges each weekday (Monday first) opens; a range may run into the next day.

    Lists are accepted and stored as tuples. Equality compares ``days`` as given; use
    ``normalize_hours`` to compare by meaning.
    """

    days: tuple[tuple[TimeRange, ...], ...]
    # Derived once: open and closed wall-clock minutes of each weekday, including spill-over
    # from the day before. Not part of equality, hash or repr.
    _open: tuple[_Intervals, ...] = field(init=False, repr=False, compare=False, hash=False)
    _closed: tuple[_Intervals, ...] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        days = tuple(tuple(day) for day in self.days)
        if len(days) != 7:
            raise ValueError(f"WeeklyHours needs 7 days, got {len(days)}")
        for day in days:
            for item in day:
                if not isinstance(item, TimeRange):
                    raise TypeError(f"WeeklyHours days hold TimeRange values, not {item!r}")
        object.__setattr__(self, "days", days)
        open_ = tuple(tuple(day) for day in _slice_runs(_week_runs(days), overnight=False))
        object.__setattr__(self, "_open", open_)
        object.__setattr__(self, "_closed", tuple(_complement(day) for day in open_))

    @classmethod
    def empty(cls) -> WeeklyHours:
        """No hours set (callers treat this as always open)."""
        return cls(((),) * 7)

    def is_empty(self) -> bool:
        """No hours at all: callers treat this as always open."""
        return not any(self.days)


@dataclass(frozen=True)
class Closure:
    """Closed on the local calendar days ``first`` to ``last`` inclusive."""

    first: date
    last: date
    reason: str = "Closed"

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"Closure ends ({self.last}) before it starts ({self.first})")

    def covers(self, day: date) -> bool:
        """Whether ``day`` is one of the closed days."""
        return self.first <= day <= self.last


class HoursParseError(ValueError):
    """Owner input that was not understood.

    ``fragment`` is the part of the input that was not understood (may be empty when nothing
    was given), ``reason`` says why, ``example`` is a command that would work. ``str()`` is a
    complete message for the owner.
    """

    def __init__(self, fragment: str, reason: str = "", example: str = HOURS_EXAMPLE) -> None:
        self.fragment = fragment
        self.reason = reason
        self.example = example
        if fragment:
            head = f"I didn't understand '{fragment}'"
            if reason:
                head += f": {reason}"
        else:
            head = (reason[:1].upper() + reason[1:]) if reason else "Nothing was given"
        super().__init__(f"{head}. Example: {example}")


_WHOLE_DAY_RANGE = TimeRange(0, DAY_MINUTES)


# --------------------------------------------------------------------------- canonical form


def _week_runs(days: Sequence[Sequence[TimeRange]]) -> list[tuple[int, int]]:
    """Maximal open stretches of the week as [a, b) minutes from Monday 00:00.

    A stretch that crosses Sunday midnight ends after WEEK_MINUTES; the whole week is
    ``[(0, WEEK_MINUTES)]``.
    """
    spans: list[tuple[int, int]] = []
    for weekday, ranges in enumerate(days):
        base = weekday * DAY_MINUTES
        for item in ranges:
            a, b = base + item.start, base + item.start + item.minutes
            if b > WEEK_MINUTES:
                spans += [(a, WEEK_MINUTES), (0, b - WEEK_MINUTES)]
            else:
                spans.append((a, b))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    if len(merged) > 1 and merged[0][0] == 0 and merged[-1][1] == WEEK_MINUTES:
        head, tail = merged.pop(0), merged.pop()
        merged.append((tail[0], head[1] + WEEK_MINUTES))
    return merged


def _slice_runs(
    runs: Sequence[tuple[int, int]], *, overnight: bool
) -> list[list[tuple[int, int]]]:
    """Cut week stretches into per-day (start, end) pairs.

    With ``overnight`` a stretch shorter than a day that crosses midnight stays one pair
    (end < start) on the day it starts; otherwise every pair lies within its day.
    """
    out: list[list[tuple[int, int]]] = [[] for _ in range(7)]
    for a, b in runs:
        start = a % DAY_MINUTES
        if overnight and start > 0 and b - a < DAY_MINUTES and start + (b - a) > DAY_MINUTES:
            out[(a // DAY_MINUTES) % 7].append((start, start + (b - a) - DAY_MINUTES))
            continue
        pos = a
        while pos < b:
            day = pos // DAY_MINUTES
            stop = min(b, (day + 1) * DAY_MINUTES)
            out[day % 7].append((pos - day * DAY_MINUTES, stop - day * DAY_MINUTES))
            pos = stop
    for pairs in out:
        pairs.sort()
    return out


def _complement(intervals: _Intervals) -> _Intervals:
    out: list[tuple[int, int]] = []
    pos = 0
    for s, e in intervals:
        if s > pos:
            out.append((pos, s))
        pos = e
    if pos < DAY_MINUTES:
        out.append((pos, DAY_MINUTES))
    return tuple(out)


def normalize_hours(hours: WeeklyHours) -> WeeklyHours:
    """The canonical form of ``hours``: same open minutes, merged (see module docstring)."""
    pieces = _slice_runs(_week_runs(hours.days), overnight=True)
    return WeeklyHours(tuple(tuple(TimeRange(s, e) for s, e in day) for day in pieces))


# --------------------------------------------------------------------------- /hours parser

_TOKEN_RE = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<always>24\s*/\s*7)
    | (?P<allday>24\s*(?:hours|hour|hrs|hr|h)(?![^\W\d_]))
    | (?P<time>(?P<h>\d+)(?:[:.](?P<m>\d+))?(?:\s*(?P<ap>[ap])\.?m(?![^\W\d_])\.?)?)
    | (?P<word>[^\W\d_]+)
    | (?P<dash>[-\u2010\u2011\u2012\u2013\u2014\u2212~])
    | (?P<comma>[,&])
    | (?P<semi>;)
    | (?P<colon>:)
    | (?P<other>.)
    """,
    re.VERBOSE | re.IGNORECASE | re.DOTALL,
)

_DAY_WORDS: dict[str, int] = {}
for _index, _name in enumerate(DAY_NAMES):
    _lower = _name.lower()
    for _word in (_lower, _lower + "s", _lower[:3], _lower[:2]):
        _DAY_WORDS[_word] = _index
_DAY_WORDS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})

_GROUP_WORDS: dict[str, tuple[int, ...]] = {
    "daily": (0, 1, 2, 3, 4, 5, 6),
    "everyday": (0, 1, 2, 3, 4, 5, 6),
    "weekdays": (0, 1, 2, 3, 4),
    "weekend": (5, 6),
    "weekends": (5, 6),
}
_KIND_WORDS = {
    "closed": "closed",
    "off": "closed",
    "to": "dash",
    "till": "dash",
    "until": "dash",
    "through": "dash",
    "thru": "dash",
    "and": "comma",
}


@dataclass(frozen=True)
class _Token:
    kind: str  # day, group, time, dash, comma, semi, colon, closed, allday, always, word, other
    text: str
    start: int
    end: int
    value: int = 0  # day index, or minutes for a time
    days: tuple[int, ...] = ()  # for a group
    bare: bool = False  # written as a bare hour 1..12 ("9", not "09"): maybe a 12-hour clock
    error: str = ""  # for a time that is not a valid time


def _tokenize(src: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _TOKEN_RE.finditer(src):
        kind = match.lastgroup or "other"
        text, start, end = match.group(), match.start(), match.end()
        if kind == "ws":
            continue
        if kind == "word":
            word = text.lower()
            if word in _DAY_WORDS:
                tokens.append(_Token("day", text, start, end, value=_DAY_WORDS[word]))
            elif word in _GROUP_WORDS:
                tokens.append(_Token("group", text, start, end, days=_GROUP_WORDS[word]))
            else:
                tokens.append(_Token(_KIND_WORDS.get(word, "word"), text, start, end))
        elif kind == "time":
            tokens.append(_time_token(match, text, start, end))
        else:
            tokens.append(_Token(kind, text, start, end))
    return tokens


def _time_token(match: re.Match[str], text: str, start: int, end: int) -> _Token:
    hour_text, minute_text, meridiem = match.group("h"), match.group("m"), match.group("ap")
    hour = int(hour_text) if len(hour_text) <= 2 else 99
    minute = 0
    if minute_text is not None:
        minute = int(minute_text) if len(minute_text) == 2 else 99
    invalid = _Token("time", text, start, end, error=f"'{text}' is not a time")
    if minute > 59:
        return invalid
    if meridiem is not None:
        if not 1 <= hour <= 12:
            return invalid
        hour = hour % 12 + (12 if meridiem.lower() == "p" else 0)
    elif hour > 24 or (hour == 24 and minute):
        return invalid
    bare = minute_text is None and meridiem is None and hour_text[0] != "0" and hour <= 12
    return _Token("time", text, start, end, value=hour * 60 + minute, bare=bare)


def _chunk(src: str, start: int, end: int) -> str:
    """The piece of input around [start, end) up to whitespace, comma or semicolon."""
    stops = " \t\r\n,;"
    while start > 0 and src[start - 1] not in stops:
        start -= 1
    while end < len(src) and src[end] not in stops:
        end += 1
    return src[start:end].strip()


class _HoursParser:
    def __init__(self, src: str) -> None:
        self.src = src
        self.tokens = _tokenize(src)
        self.pos = 0
        self.days: list[list[TimeRange]] = [[] for _ in range(7)]

    # token helpers
    def peek(self, ahead: int = 0) -> _Token | None:
        index = self.pos + ahead
        return self.tokens[index] if index < len(self.tokens) else None

    def kind(self, ahead: int = 0) -> str:
        token = self.peek(ahead)
        return token.kind if token is not None else "end"

    def take(self) -> _Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def fail(self, token: _Token | None, reason: str) -> HoursParseError:
        if token is None:
            return HoursParseError(self.src, reason)
        return HoursParseError(_chunk(self.src, token.start, token.end), reason)

    def unexpected(self, token: _Token | None) -> HoursParseError:
        if token is None:
            return self.fail(None, "it stops too early")
        if token.kind == "word":
            return self.fail(token, f"'{token.text}' is not a day or a time")
        if token.kind == "always":
            return self.fail(token, "24/7 means every day all day; use it on its own")
        if token.kind == "time" and token.error:
            return self.fail(token, token.error)
        return self.fail(token, f"'{token.text}' was not expected there")

    # grammar
    def parse(self) -> WeeklyHours:
        if len(self.tokens) == 1 and self.tokens[0].kind == "always":
            return WeeklyHours(((_WHOLE_DAY_RANGE,),) * 7)
        while True:
            while self.kind() in ("comma", "semi"):
                self.take()
            if self.kind() == "end":
                break
            self.clause()
        hours = normalize_hours(WeeklyHours(tuple(tuple(day) for day in self.days)))
        if hours.is_empty():
            raise HoursParseError(
                self.src, "the shop would never be open (for days off use /closed)"
            )
        return hours

    def clause(self) -> None:
        first = self.peek()
        if first is None or first.kind not in ("day", "group"):
            if first is not None and first.kind == "word":
                raise self.fail(first, f"'{first.text}' is not a day")
            if first is not None and (first.kind == "always" or first.error):
                raise self.unexpected(first)
            raise self.fail(first, "start with the days, like 'mon-fri 09:00-18:00'")
        days, days_end = self.day_spec()
        if self.kind() == "colon":
            self.take()
        token = self.peek()
        if token is None or token.kind in ("comma", "semi"):
            raise HoursParseError(
                self.src[first.start : days_end].strip(), "no opening times given for these days"
            )
        if token.kind == "closed":
            self.take()
            for day in days:
                self.days[day].clear()
        elif token.kind == "allday":
            self.take()
            for day in days:
                self.days[day].append(_WHOLE_DAY_RANGE)
        elif token.kind == "time":
            ranges = self.time_ranges()
            for day in days:
                self.days[day].extend(ranges)
        else:
            raise self.unexpected(token)
        if self.kind() not in ("end", "comma", "semi", "day", "group"):
            raise self.unexpected(self.peek())

    def day_spec(self) -> tuple[list[int], int]:
        days: list[int] = []
        while True:
            token = self.take()
            if token.kind == "group":
                days.extend(token.days)
                end = token.end
            else:
                end = token.end
                if self.kind() == "dash":
                    dash = self.take()
                    last = self.peek()
                    if last is None or last.kind != "day":
                        if last is not None and last.kind == "word":
                            raise self.fail(last, f"'{last.text}' is not a day")
                        raise self.fail(dash, "a range of days needs two days, like mon-fri")
                    self.take()
                    end = last.end
                    count = (last.value - token.value) % 7 + 1
                    days.extend((token.value + step) % 7 for step in range(count))
                else:
                    days.append(token.value)
            if self.kind() == "comma" and self.kind(1) in ("day", "group"):
                self.take()
            elif self.kind() not in ("day", "group"):
                return sorted(set(days)), end

    def time_ranges(self) -> list[TimeRange]:
        ranges: list[TimeRange] = []
        while True:
            opening = self.take()
            if opening.error:
                raise self.fail(opening, opening.error)
            if self.kind() != "dash":
                raise self.fail(opening, "a time range needs a start and an end, like 09:00-18:00")
            dash = self.take()
            closing = self.peek()
            if closing is None or closing.kind != "time":
                raise self.fail(dash, "a time range needs a start and an end, like 09:00-18:00")
            self.take()
            if closing.error:
                raise self.fail(closing, closing.error)
            ranges.append(self.time_range(opening, closing))
            if self.kind() == "time":
                continue
            if self.kind() == "comma" and self.kind(1) == "time":
                self.take()
                continue
            return ranges

    def time_range(self, opening: _Token, closing: _Token) -> TimeRange:
        fragment = self.src[opening.start : closing.end].strip()
        start, end = opening.value, closing.value or DAY_MINUTES
        if start >= DAY_MINUTES:
            raise HoursParseError(fragment, "a day can't start at 24:00")
        if start == end:
            raise HoursParseError(fragment, "it opens and closes at the same time")
        if end < start and closing.bare and start <= 12 * 60:
            raise HoursParseError(
                fragment,
                "that would run past midnight; use the 24-hour clock, like 09:00-17:00 "
                "(or 21:00-05:00 for a night past midnight)",
            )
        return TimeRange(start, end)


def parse_hours(text: str) -> WeeklyHours:
    """Parse the argument of ``/hours`` (grammar in the module docstring).

    Returns canonical hours (``normalize_hours``) with at least one open minute; raises
    HoursParseError for anything else, naming the part that was not understood.
    """
    src = text.strip()
    if not src:
        raise HoursParseError("", "no opening hours were given")
    if len(src) > 1000:
        raise HoursParseError(src[:20] + "…", "that is too long")
    return _HoursParser(src).parse()


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def to_text(hours: WeeklyHours) -> str:
    """Canonical ``/hours`` text for ``hours``: ``parse_hours(to_text(h)) == normalize_hours(h)``.

    Consecutive days with the same ranges are grouped ("mon-fri 09:00-18:00, sat 24h"),
    closed days are left out, whole-week 24h is "24/7". Raises ValueError for empty hours,
    which mean "always open" and have no /hours text.
    """
    days = normalize_hours(hours).days
    if not any(days):
        raise ValueError("empty hours (always open) have no /hours text")
    if all(day == (_WHOLE_DAY_RANGE,) for day in days):
        return "24/7"
    clauses: list[str] = []
    first = 0
    while first < 7:
        last = first
        while last + 1 < 7 and days[last + 1] == days[first]:
            last += 1
        if days[first]:
            names = DAY_ABBREVIATIONS[first].lower()
            if last > first:
                names += "-" + DAY_ABBREVIATIONS[last].lower()
            if days[first] == (_WHOLE_DAY_RANGE,):
                times = "24h"
            else:
                times = " ".join(f"{_clock(r.start)}-{_clock(r.end)}" for r in days[first])
            clauses.append(f"{names} {times}")
        first = last + 1
    return ", ".join(clauses)


def format_hours(hours: WeeklyHours) -> list[str]:
    """One line per day for people, with an en dash between times: "Mon 09:00\u201318:00",
    "Sun closed", "Sat 24h", "Fri 18:00\u201302:00 (next day)". Empty hours give the single
    line "Always open"."""
    if hours.is_empty():
        return ["Always open"]
    lines: list[str] = []
    for name, ranges in zip(DAY_ABBREVIATIONS, normalize_hours(hours).days, strict=True):
        if not ranges:
            lines.append(f"{name} closed")
        elif ranges == (_WHOLE_DAY_RANGE,):
            lines.append(f"{name} 24h")
        else:
            parts = [
                f"{_clock(r.start)}\u2013{_clock(r.end)}" + (" (next day)" if r.overnight else "")
                for r in ranges
            ]
            lines.append(f"{name} {', '.join(parts)}")
    return lines


def serialize_hours(hours: WeeklyHours) -> str:
    """Compact JSON for storage; ``deserialize_hours`` gives back an equal value."""
    days = [[[r.start, r.end] for r in day] for day in hours.days]
    return json.dumps({"v": 1, "days": days}, separators=(",", ":"))


def deserialize_hours(data: str) -> WeeklyHours:
    """Inverse of ``serialize_hours``; raises ValueError for anything it did not write."""
    try:
        raw = json.loads(data)
        if not isinstance(raw, dict) or raw.get("v") != 1:
            raise ValueError("unknown hours format")
        days = raw["days"]
        if not isinstance(days, list) or len(days) != 7:
            raise ValueError("hours need 7 days")
        parsed: list[tuple[TimeRange, ...]] = []
        for day in days:
            if not isinstance(day, list):
                raise ValueError("a day must be a list of ranges")
            ranges: list[TimeRange] = []
            for pair in day:
                if not isinstance(pair, list) or len(pair) != 2:
                    raise ValueError("a range must be [start, end]")
                ranges.append(TimeRange(pair[0], pair[1]))
            parsed.append(tuple(ranges))
        return WeeklyHours(tuple(parsed))
    except (KeyError, TypeError) as error:
        raise ValueError(f"not serialized hours: {error}") from error


# --------------------------------------------------------------------------- closures

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
        raise HoursParseError(word, "dates are written year-month-day, like 2026-12-25", example)
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise HoursParseError(word, "there is no such date", example) from None


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
        raise HoursParseError("", "no date was given", CLOSED_EXAMPLE)
    match = _CLOSURE_RE.fullmatch(src)
    if match is None:  # pragma: no cover - the pattern matches any non-empty stripped text
        raise HoursParseError(src, "", CLOSED_EXAMPLE)
    first = _parse_date(match["first"], today, CLOSED_EXAMPLE)
    last = first if match["last"] is None else _parse_date(match["last"], today, CLOSED_EXAMPLE)
    period = src[: match.end("last")] if match["last"] is not None else match["first"]
    if last < first:
        raise HoursParseError(period, "it ends before it starts", CLOSED_EXAMPLE)
    if last < today:
        raise HoursParseError(period, "that is already in the past", CLOSED_EXAMPLE)
    reason = " ".join((match["reason"] or "").lstrip("-:,\u2013\u2014 ").split()) or "Closed"
    if len(reason) > _REASON_LIMIT:
        raise HoursParseError(
            reason[:20] + "…",
            f"the reason is too long ({_REASON_LIMIT} characters at most)",
            CLOSED_EXAMPLE,
        )
    return Closure(first, last, reason)


def parse_day(text: str, today: date | None = None) -> date:
    """Parse one date, as for ``/open 2026-12-25``; "today"/"tomorrow" work when ``today``
    is given."""
    src = text.strip()
    if not src:
        raise HoursParseError("", "no date was given", OPEN_EXAMPLE)
    if len(src.split()) > 1:
        raise HoursParseError(src, "give one date", OPEN_EXAMPLE)
    return _parse_date(src, today, OPEN_EXAMPLE)


def closure_on(closures: Sequence[Closure], day: date) -> Closure | None:
    """The first closure covering the local calendar ``day``, if any."""
    for closure in closures:
        if closure.covers(day):
            return closure
    return None


# --------------------------------------------------------------------------- open / next


def _local(moment: datetime, tz: tzinfo) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} must be timezone-aware")
    return moment.astimezone(tz)


def _open_on(hours: WeeklyHours, closures: Sequence[Closure], day: date) -> _Intervals:
    """Open wall-clock minutes [s, e) of a local calendar day."""
    if closure_on(closures, day) is not None:
        return ()
    if hours.is_empty():
        return _WHOLE_DAY
    return hours._open[day.weekday()]


def _closed_on(hours: WeeklyHours, closures: Sequence[Closure], day: date) -> _Intervals:
    """Closed wall-clock minutes [s, e) of a local calendar day."""
    if closure_on(closures, day) is not None:
        return _WHOLE_DAY
    if hours.is_empty():
        return ()
    return hours._closed[day.weekday()]


def is_open(hours: WeeklyHours, closures: Sequence[Closure], at: datetime, tz: ZoneInfo) -> bool:
    """Whether the shop is open at the aware instant ``at``, judged by the wall clock in ``tz``
    (to the minute: 17:59:59 belongs to the minute 17:59). Empty hours are always open, but
    a closure day is closed all day."""
    local = _local(at, tz)
    minute = local.hour * 60 + local.minute
    return any(s <= minute < e for s, e in _open_on(hours, closures, local.date()))


def next_opening(
    hours: WeeklyHours, closures: Sequence[Closure], at: datetime, tz: ZoneInfo
) -> datetime | None:
    """The earliest instant >= ``at`` at which ``is_open`` is true, as an aware datetime in
    ``tz``: ``at`` itself (unchanged, expressed in ``tz``) when open now, otherwise the start
    of the first open wall-clock minute. None if closed for the next ``SEARCH_DAYS`` days.

    The result is a real instant: wall times skipped by DST are never returned and repeated
    ones carry the right ``fold``. Compare results in UTC (``.astimezone(UTC)``): Python
    compares two datetimes sharing one tzinfo by wall time, ignoring ``fold``, and calls
    datetimes of different zones unequal whenever one lies in a repeated hour.
    """
    return _earliest(at, tz, lambda day: _open_on(hours, closures, day))


def next_closing(
    hours: WeeklyHours, closures: Sequence[Closure], at: datetime, tz: ZoneInfo
) -> datetime | None:
    """The earliest instant >= ``at`` at which ``is_open`` is false: when the current open
    stretch ends ("open until 18:00"), or ``at`` itself when closed now. None when open for
    all of the next ``SEARCH_DAYS`` days (always open). Same conventions as next_opening."""
    return _earliest(at, tz, lambda day: _closed_on(hours, closures, day))


# Wall clocks never jump backwards by this much (DST shifts are at most 2 hours), so a wall
# time this far before ``at``'s is earlier than ``at`` and one this far after it is later.
_WALL_MARGIN = timedelta(hours=3)
_MINUTE = timedelta(minutes=1)


def _earliest(
    at: datetime, tz: ZoneInfo, targets: Callable[[date], _Intervals]
) -> datetime | None:
    """Earliest instant >= at whose wall-clock minute lies in ``targets`` of its local day."""
    at_utc = _local(at, UTC)
    local = at_utc.astimezone(tz)
    wall = local.replace(tzinfo=None)
    minute = wall.hour * 60 + wall.minute
    if any(s <= minute < e for s, e in targets(wall.date())):
        return _local(at, tz)
    low, high = wall - _WALL_MARGIN, wall + _WALL_MARGIN
    best: datetime | None = None
    found_on: date | None = None
    day = wall.date() - timedelta(days=1)
    stop = wall.date() + timedelta(days=SEARCH_DAYS)
    # Walls of a later day are later instants than walls two days earlier, so once something
    # is found, the day after it is the last one that could hold an earlier instant.
    while day <= stop and (found_on is None or day <= found_on + timedelta(days=1)):
        midnight = datetime.combine(day, time())
        for s, e in targets(day):
            candidate = _first_in(midnight, s, e, at_utc, tz, low, high)
            if candidate is not None and (best is None or candidate < best):
                best = candidate
                found_on = found_on or day
        day += timedelta(days=1)
    return None if best is None else best.astimezone(tz)


def _first_in(
    midnight: datetime,
    start: int,
    end: int,
    at_utc: datetime,
    tz: ZoneInfo,
    low: datetime,
    high: datetime,
) -> datetime | None:
    """Earliest UTC instant >= at_utc at which the wall clock shows a minute of [start, end)
    of the day beginning at the naive ``midnight``. Walls within [low, high] are checked one
    by one (DST folds and gaps live there); after ``high`` the first real wall time wins."""
    if midnight + (end - 1) * _MINUTE < low:
        return None
    first = start
    if midnight + start * _MINUTE < low:
        first = -((midnight - low) // _MINUTE)
    best: datetime | None = None
    for minute in range(first, end):
        wall = midnight + minute * _MINUTE
        if best is not None and wall > high:
            break
        for instant in _instants(wall, tz):
            if instant >= at_utc and (best is None or instant < best):
                best = instant
    return best


def _instants(wall: datetime, tz: ZoneInfo) -> list[datetime]:
    """The UTC instants at which the wall clock in ``tz`` shows the naive ``wall``: none in a
    DST gap, two in a repeated hour."""
    out: list[datetime] = []
    for fold in (0, 1):
        instant = wall.replace(tzinfo=tz, fold=fold).astimezone(UTC)
        if instant.astimezone(tz).replace(tzinfo=None) == wall and instant not in out:
            out.append(instant)
    return out


# --------------------------------------------------------------------------- words


def describe_opening(opening: datetime, now: datetime, tz: ZoneInfo) -> str:
    """When ``opening`` is, in words relative to ``now``, by the local calendar in ``tz``:
    "today at 17:00", "tomorrow at 9:00", "on Monday at 9:00" (2 to 6 days ahead),
    "on 27 December at 10:00" further on (or earlier), with the year when it differs from
    now's: "on 2 January 2027 at 9:00". Works for closing times too ("open until ...")."""
    when = _local(opening, tz)
    today = _local(now, tz).date()
    clock = f"{when.hour}:{when.minute:02d}"
    days = (when.date() - today).days
    if days == 0:
        return f"today at {clock}"
    if days == 1:
        return f"tomorrow at {clock}"
    if 2 <= days <= 6:
        return f"on {DAY_NAMES[when.weekday()]} at {clock}"
    text = f"{when.day} {MONTH_NAMES[when.month - 1]}"
    if when.year != today.year:
        text += f" {when.year}"
    return f"on {text} at {clock}"
