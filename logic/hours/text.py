"""Hours back to words: the canonical ``/hours`` text, the lines owners see, and the JSON
they are stored as."""

from __future__ import annotations

import json

from logic.hours.model import (
    DAY_ABBREVIATIONS,
    WHOLE_DAY_RANGE,
    TimeRange,
    WeeklyHours,
    normalize_hours,
)


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
    if all(day == (WHOLE_DAY_RANGE,) for day in days):
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
            if days[first] == (WHOLE_DAY_RANGE,):
                times = "24h"
            else:
                times = " ".join(f"{_clock(r.start)}-{_clock(r.end)}" for r in days[first])
            clauses.append(f"{names} {times}")
        first = last + 1
    return ", ".join(clauses)


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
