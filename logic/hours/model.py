"""The values of opening hours: time ranges, weekly hours, closures, and the canonical
form two equal-meaning hours normalize to.

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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

DAY_MINUTES = 1440
WEEK_MINUTES = 7 * DAY_MINUTES
SEARCH_DAYS = 400
"""How far ahead ``next_opening``/``next_closing`` look before giving up (returning None)."""

HOURS_EXAMPLE = "/hours mon-fri 09:00-18:00, sat 10:00-14:00"
CLOSED_EXAMPLE = "/closed 2026-12-25 Christmas or /closed 2026-12-24..2026-12-31 Holidays"
OPEN_EXAMPLE = "/open 2026-12-25"

DAY_ABBREVIATIONS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

Intervals = tuple[tuple[int, int], ...]
WHOLE_DAY: Intervals = ((0, DAY_MINUTES),)


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
    _open: tuple[Intervals, ...] = field(init=False, repr=False, compare=False, hash=False)
    _closed: tuple[Intervals, ...] = field(init=False, repr=False, compare=False, hash=False)

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
    was given), ``reason`` says why (``values`` fill its placeholders), ``example`` is a
    command that would work. ``str()`` is a complete message for the owner in English.
    """

    def __init__(
        self, fragment: str, reason: str = "", example: str = HOURS_EXAMPLE, **values: object
    ) -> None:
        self.fragment = fragment
        self.reason = reason  # a message id (views/ translates it), {named} values below
        self.values = values
        self.example = example
        said = reason.format(**values)
        if fragment:
            head = f"I didn't understand '{fragment}'"
            if said:
                head += f": {said}"
        else:
            head = (said[:1].upper() + said[1:]) if said else "Nothing was given"
        super().__init__(f"{head}. Example: {example}")


WHOLE_DAY_RANGE = TimeRange(0, DAY_MINUTES)


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


def _complement(intervals: Intervals) -> Intervals:
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
