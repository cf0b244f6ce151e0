"""Owner figures for a period: counts, response and resolution times, ratings, per person.

Which conversations count where:

- *opened*, first response times and missed deadlines: conversations opened in the period;
- *closed*, resolution times and ratings: conversations closed in the period (the rating
  belongs to the close), even if they were opened before it.

Medians are the usual ones (the mean of the two middle values for an even count); the
90th percentile is by nearest rank: the ⌈0.9·n⌉-th smallest value, always one that occurred.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DEFAULT_DAYS = 7
MAX_DAYS = 366
UNASSIGNED = "Unassigned"


@dataclass(frozen=True)
class ConversationRecord:
    """What the figures need to know about one conversation (times are unix seconds)."""

    id: int
    assignee_id: int | None
    opened_at: float
    first_response_at: float | None
    closed_at: float | None
    rating: int | None
    # Known from the deadlines the bot kept (opening time only); None: judge by the clock.
    missed: bool | None = None


@dataclass(frozen=True)
class Period:
    """The last `days` local days in the shop's zone, today included: [start, end)."""

    first_day: date
    last_day: date
    start: float
    end: float
    zone: ZoneInfo

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    def contains(self, moment: float | None) -> bool:
        return moment is not None and self.start <= moment < self.end

    def day_of(self, moment: float) -> date:
        return datetime.fromtimestamp(moment, self.zone).date()

    def each_day(self) -> list[date]:
        return [self.first_day + timedelta(days=n) for n in range(self.days)]


@dataclass(frozen=True)
class Figures:
    """The numbers for the whole shop or for one person."""

    opened: int
    closed: int
    first_response_median: float | None
    first_response_p90: float | None
    resolution_median: float | None
    stars: tuple[int, int, int, int, int]  # how many ratings of 1, 2, 3, 4 and 5 stars
    missed: int

    @property
    def rated(self) -> int:
        return sum(self.stars)

    @property
    def average_rating(self) -> float | None:
        if not self.rated:
            return None
        return sum(stars * count for stars, count in enumerate(self.stars, start=1)) / self.rated


@dataclass(frozen=True)
class PersonFigures:
    user_id: int | None
    name: str
    figures: Figures


@dataclass(frozen=True)
class DayFigures:
    day: date
    opened: int
    closed: int
    first_response_median: float | None


@dataclass(frozen=True)
class Report:
    period: Period
    sla_seconds: float
    total: Figures
    people: tuple[PersonFigures, ...]
    days: tuple[DayFigures, ...]

    @property
    def is_empty(self) -> bool:
        return self.total.opened == 0 and self.total.closed == 0


class DaysError(ValueError):
    """The /stats or /export argument is not a number of days we accept."""


def parse_days(argument: str) -> int:
    """Nothing → 7, "30" → 30; anything but a whole number from 1 to MAX_DAYS is refused."""
    text = argument.strip()
    if not text:
        return DEFAULT_DAYS
    if not re.fullmatch(r"[0-9]{1,9}", text) or not 1 <= int(text) <= MAX_DAYS:
        raise DaysError(text)
    return int(text)


def period_ending(now: float, days: int, zone: ZoneInfo) -> Period:
    """The `days` local days up to and including today (in `zone`)."""
    last_day = datetime.fromtimestamp(now, zone).date()
    first_day = last_day - timedelta(days=days - 1)
    return Period(
        first_day=first_day,
        last_day=last_day,
        start=_midnight(first_day, zone),
        end=_midnight(last_day + timedelta(days=1), zone),
        zone=zone,
    )


def _midnight(day: date, zone: ZoneInfo) -> float:
    return datetime.combine(day, time(0), tzinfo=zone).timestamp()


def median(values: Sequence[float]) -> float | None:
    """The middle value (mean of the two middle ones for an even count); None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def percentile(values: Sequence[float], percent: float) -> float | None:
    """Nearest rank: the ⌈percent/100 · n⌉-th smallest value; None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


def first_response_time(record: ConversationRecord) -> float | None:
    if record.first_response_at is None:
        return None
    return record.first_response_at - record.opened_at


def resolution_time(record: ConversationRecord) -> float | None:
    return None if record.closed_at is None else record.closed_at - record.opened_at


def missed_deadline(record: ConversationRecord, sla_seconds: float, now: float) -> bool:
    """The first staff reply came later than the deadline, or never came in time.

    Without a reply the conversation waited until it was closed, or is still waiting now.
    When the record says what the bot's own deadlines (counted in opening time) found,
    that answer is used.
    """
    if record.missed is not None:
        return record.missed
    if record.first_response_at is not None:
        return record.first_response_at - record.opened_at > sla_seconds
    waited_until = record.closed_at if record.closed_at is not None else now
    return waited_until - record.opened_at > sla_seconds


def figures(
    records: Iterable[ConversationRecord], period: Period, sla_seconds: float, now: float
) -> Figures:
    """The figures of some conversations within the period (see the module's docstring)."""
    opened = [r for r in records if period.contains(r.opened_at)]
    closed = [r for r in records if period.contains(r.closed_at)]
    responses = [t for r in opened if (t := first_response_time(r)) is not None]
    resolutions = [t for r in closed if (t := resolution_time(r)) is not None]
    ratings = [r.rating for r in closed if r.rating is not None]
    return Figures(
        opened=len(opened),
        closed=len(closed),
        first_response_median=median(responses),
        first_response_p90=percentile(responses, 90),
        resolution_median=median(resolutions),
        stars=(
            ratings.count(1),
            ratings.count(2),
            ratings.count(3),
            ratings.count(4),
            ratings.count(5),
        ),
        missed=sum(missed_deadline(r, sla_seconds, now) for r in opened),
    )


def report(
    records: Sequence[ConversationRecord],
    names: Mapping[int, str],
    period: Period,
    sla_seconds: float,
    now: float,
) -> Report:
    """Everything /stats shows: the shop's figures, each person's, and the days."""
    by_person: dict[int | None, list[ConversationRecord]] = {}
    for record in records:
        by_person.setdefault(record.assignee_id, []).append(record)
    people = [
        PersonFigures(user_id, _name(user_id, names), figures(held, period, sla_seconds, now))
        for user_id, held in by_person.items()
    ]
    people = [p for p in people if p.figures.opened or p.figures.closed]
    people.sort(key=lambda p: (-p.figures.opened - p.figures.closed, p.name.casefold()))
    return Report(
        period=period,
        sla_seconds=sla_seconds,
        total=figures(records, period, sla_seconds, now),
        people=tuple(people),
        days=tuple(_days(records, period)),
    )


def _name(user_id: int | None, names: Mapping[int, str]) -> str:
    if user_id is None:
        return UNASSIGNED
    return names.get(user_id, f"user {user_id}")


def _days(records: Sequence[ConversationRecord], period: Period) -> list[DayFigures]:
    opened: dict[date, int] = {}
    closed: dict[date, int] = {}
    responses: dict[date, list[float]] = {}
    for record in records:
        if period.contains(record.opened_at):
            day = period.day_of(record.opened_at)
            opened[day] = opened.get(day, 0) + 1
            if (took := first_response_time(record)) is not None:
                responses.setdefault(day, []).append(took)
        if record.closed_at is not None and period.contains(record.closed_at):
            day = period.day_of(record.closed_at)
            closed[day] = closed.get(day, 0) + 1
    return [
        DayFigures(day, opened.get(day, 0), closed.get(day, 0), median(responses.get(day, [])))
        for day in period.each_day()
    ]
