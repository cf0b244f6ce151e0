"""Whether the shop is open at a moment, when it opens or closes next (by local wall-clock
time, through DST changes), and that moment in words."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from logic.hours.closures import closure_on
from logic.hours.model import (
    SEARCH_DAYS,
    WHOLE_DAY,
    Closure,
    Intervals,
    WeeklyHours,
)


def _local(moment: datetime, tz: tzinfo) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} must be timezone-aware")
    return moment.astimezone(tz)


def _open_on(hours: WeeklyHours, closures: Sequence[Closure], day: date) -> Intervals:
    """Open wall-clock minutes [s, e) of a local calendar day."""
    if closure_on(closures, day) is not None:
        return ()
    if hours.is_empty():
        return WHOLE_DAY
    return hours._open[day.weekday()]


def _closed_on(hours: WeeklyHours, closures: Sequence[Closure], day: date) -> Intervals:
    """Closed wall-clock minutes [s, e) of a local calendar day."""
    if closure_on(closures, day) is not None:
        return WHOLE_DAY
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


def _earliest(at: datetime, tz: ZoneInfo, targets: Callable[[date], Intervals]) -> datetime | None:
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
