"""Every update from Telegram, recorded before its offset is confirmed.

A row lives only until its update is handled; then its id is kept in `handled_updates` for
two days (Telegram keeps an update for 24 hours), which is how an update Telegram delivers
twice is recognised. Ids are not assumed to grow: after a quiet week Telegram picks the next
one at random, possibly below the last.
"""

from __future__ import annotations

import json
from typing import Any

from storage.db import Reader, Tx

# Telegram redelivers an unconfirmed update for up to 24 hours; twice that is kept.
KEEP_HANDLED_SECONDS = 48 * 3600


async def record(db: Tx, updates: list[tuple[int, str]], now: float) -> set[int]:
    """Store updates given as (update id, JSON text); returns the ids stored (one handled
    before is skipped)."""
    stored = set()
    for update_id, payload in updates:
        if await db.changes(_RECORD, (update_id, payload, now, update_id)):
            stored.add(update_id)
    return stored


# Stores an update unless it is stored already or was handled lately.
_RECORD = (
    "INSERT OR IGNORE INTO inbox (update_id, payload, received_at) SELECT ?, ?, ?"
    " WHERE NOT EXISTS (SELECT 1 FROM handled_updates WHERE update_id = ?)"
)


async def unprocessed(db: Reader) -> list[dict[str, Any]]:
    """Recorded updates not yet handled, in update order."""
    rows = await db.fetch_all("SELECT payload FROM inbox ORDER BY update_id")
    return [json.loads(row["payload"]) for row in rows]


async def mark_processed(db: Tx, update_id: int) -> None:
    """The update was handled: forget its text; a trigger remembers its id (migration 6)."""
    await db.execute("DELETE FROM inbox WHERE update_id = ?", (update_id,))


async def last_update_id(db: Reader) -> int | None:
    """The id of the update received most recently (handled or waiting)."""
    return await db.scalar(
        "SELECT update_id FROM (SELECT update_id, received_at AS at FROM inbox"
        " UNION ALL SELECT update_id, handled_at FROM handled_updates)"
        " ORDER BY at DESC, update_id DESC LIMIT 1"
    )


async def recent_ids(db: Reader) -> set[int]:
    """Every update id recorded or handled lately (a redelivery of one is not new)."""
    rows = await db.fetch_all(
        "SELECT update_id FROM inbox UNION SELECT update_id FROM handled_updates"
    )
    return {int(row[0]) for row in rows}


async def forget_handled_before(db: Tx, before: float) -> None:
    """Handled ids older than Telegram keeps updates are no longer needed."""
    await db.execute("DELETE FROM handled_updates WHERE handled_at < ?", (before,))


async def note_failure(db: Tx, update_id: int) -> int:
    """An attempt at the update failed; returns how many have failed so far."""
    await db.execute("UPDATE inbox SET attempts = attempts + 1 WHERE update_id = ?", (update_id,))
    attempts = await db.scalar("SELECT attempts FROM inbox WHERE update_id = ?", (update_id,))
    return int(attempts or 0)


async def give_up(
    db: Tx, update_id: int, user_id: int | None, error: str, now: float
) -> int | None:
    """Move an update that keeps failing to the dead letters; returns how many attempts
    failed, or None if it is gone already."""
    attempts = await db.scalar("SELECT attempts FROM inbox WHERE update_id = ?", (update_id,))
    moved = await db.changes(
        "INSERT OR IGNORE INTO dead_letters"
        " (update_id, payload, user_id, received_at, failed_at, attempts, error)"
        " SELECT update_id, payload, ?, received_at, ?, attempts, ? FROM inbox"
        " WHERE update_id = ?",
        (user_id, now, error, update_id),
    )
    await db.execute("DELETE FROM inbox WHERE update_id = ?", (update_id,))
    return max(1, int(attempts)) if moved else None


async def set_aside(
    db: Tx, update_id: int, payload: str, user_id: int | None, error: str, now: float
) -> bool:
    """An update that cannot be recorded goes straight to the dead letters (as ASCII JSON)
    and counts as handled; False if it was set aside before."""
    stored = await db.changes(
        "INSERT OR IGNORE INTO dead_letters"
        " (update_id, payload, user_id, received_at, failed_at, attempts, error)"
        " VALUES (?, ?, ?, ?, ?, 0, ?)",
        (update_id, payload, user_id, now, now, error),
    )
    await db.execute(
        "INSERT OR IGNORE INTO handled_updates (update_id, handled_at) VALUES (?, ?)",
        (update_id, now),
    )
    return stored == 1


async def forget_customer_up_to(db: Tx, user_id: int, update_id: int) -> None:
    """Drop a customer's recorded updates up to this one (they asked to be forgotten)."""
    await db.execute(
        "DELETE FROM inbox WHERE update_id <= ? AND ? IN ("
        " json_extract(payload, '$.message.from.id'),"
        " json_extract(payload, '$.edited_message.from.id'),"
        " json_extract(payload, '$.callback_query.from.id'),"
        " json_extract(payload, '$.my_chat_member.from.id'))",
        (update_id, user_id),
    )
