"""What owners set: opening hours, closures, time zone, greeting and away texts."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from logic.hours import Closure, WeeklyHours, deserialize_hours, serialize_hours
from logic.schedule import Schedule
from storage import settings
from storage.db import Reader, Tx

_SCHEDULE = "schedule"
HOURS_KEY = "opening_hours"
ZONE_KEY = "timezone"
GREETING_KEY = "greeting_text"
AWAY_KEY = "away_text"


async def hours(db: Reader) -> WeeklyHours:
    """The weekly hours; empty (always open) until an owner sets them."""
    stored = await settings.get(db, HOURS_KEY)
    return WeeklyHours.empty() if stored is None else deserialize_hours(stored)


async def set_hours(db: Tx, week: WeeklyHours) -> None:
    db.memo.pop(_SCHEDULE, None)
    await settings.put(db, HOURS_KEY, serialize_hours(week))


async def timezone(db: Reader, default: str) -> str:
    """The owner's time zone, or the configured default."""
    return await settings.get(db, ZONE_KEY) or default


async def set_timezone(db: Tx, zone: str) -> None:
    db.memo.pop(_SCHEDULE, None)
    await settings.put(db, ZONE_KEY, zone)


async def text(db: Reader, key: str, language: str, shop_language: str) -> str | None:
    """An owner's greeting or away text in one language (None: they wrote none for it).

    Texts from before languages existed are stored under the bare key: they are the shop
    language's version."""
    own = await settings.get(db, f"{key}:{language}")
    if own is None and language == shop_language:
        return await settings.get(db, key)
    return own


async def set_text(db: Tx, key: str, language: str, shop_language: str, value: str | None) -> None:
    """Set (None: remove) an owner's text in one language."""
    if language == shop_language:
        await settings.delete(db, key)
    if value is None:
        await settings.delete(db, f"{key}:{language}")
    else:
        await settings.put(db, f"{key}:{language}", value)


async def closures(db: Reader) -> list[Closure]:
    """Every stored closure, soonest first."""
    rows = await db.fetch_all("SELECT * FROM closures ORDER BY first_day, last_day")
    return [
        Closure(
            date.fromisoformat(row["first_day"]),
            date.fromisoformat(row["last_day"]),
            row["reason"],
        )
        for row in rows
    ]


async def add_closure(db: Tx, closure: Closure) -> None:
    db.memo.pop(_SCHEDULE, None)
    await db.execute(
        "INSERT INTO closures (first_day, last_day, reason) VALUES (?, ?, ?)",
        (closure.first.isoformat(), closure.last.isoformat(), closure.reason),
    )


async def replace_closures(db: Tx, kept: list[Closure]) -> None:
    """Store exactly these closures."""
    db.memo.pop(_SCHEDULE, None)
    await db.execute("DELETE FROM closures")
    for closure in kept:
        await add_closure(db, closure)


async def forget_past_closures(db: Tx, today: date) -> None:
    db.memo.pop(_SCHEDULE, None)
    await db.execute("DELETE FROM closures WHERE last_day < ?", (today.isoformat(),))


async def schedule(db: Reader, default_zone: str) -> Schedule:
    """Hours, closures and zone as one Schedule."""
    # Every customer message asks whether the shop is open; the answer only changes when an
    # owner changes something (the setters above forget it), so it is kept until then.
    cached = db.memo.get(_SCHEDULE)
    if isinstance(cached, tuple) and cached[0] == default_zone:
        return cached[1]
    fresh = Schedule(
        hours=await hours(db),
        closures=tuple(await closures(db)),
        zone=ZoneInfo(await timezone(db, default_zone)),
    )
    db.memo[_SCHEDULE] = (default_zone, fresh)
    return fresh
