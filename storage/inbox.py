"""Every update from Telegram, recorded before its offset is confirmed.

A row lives only until its update is handled; then only the last processed update id is
kept, which is how an update Telegram delivers twice is recognised.
"""

from __future__ import annotations

import json
from typing import Any

from storage.db import Reader, Tx

_LAST_UPDATE_KEY = "last_update_id"


async def record(db: Tx, updates: list[tuple[int, str]], now: float) -> set[int]:
    """Store updates given as (update id, JSON text); returns the ids stored (one handled
    before is skipped)."""
    stored = set()
    for update_id, payload in updates:
        if await db.changes(_RECORD, (update_id, payload, now, update_id, _LAST_UPDATE_KEY)):
            stored.add(update_id)
    return stored


# Stores an update unless it is stored already or was handled before (its id is not above
# the last handled one).
_RECORD = (
    "INSERT OR IGNORE INTO inbox (update_id, payload, received_at) SELECT ?, ?, ?"
    " WHERE ? > COALESCE((SELECT CAST(value AS INTEGER) FROM settings WHERE key = ?), -1)"
)


async def unprocessed(db: Reader) -> list[dict[str, Any]]:
    """Recorded updates not yet handled, in update order."""
    rows = await db.fetch_all("SELECT payload FROM inbox ORDER BY update_id")
    return [json.loads(row["payload"]) for row in rows]


async def mark_processed(db: Tx, update_id: int) -> None:
    """The update was handled: forget its text; a trigger remembers its id (migration 4)."""
    await db.execute("DELETE FROM inbox WHERE update_id = ?", (update_id,))


async def last_update_id(db: Reader) -> int | None:
    """The highest update id recorded so far (handled or waiting)."""
    waiting = await db.scalar("SELECT MAX(update_id) FROM inbox")
    candidates = [int(v) for v in (waiting, await _last_processed(db)) if v is not None]
    return max(candidates) if candidates else None


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


async def _last_processed(db: Reader) -> int | None:
    stored = await db.scalar("SELECT value FROM settings WHERE key = ?", (_LAST_UPDATE_KEY,))
    return None if stored is None else int(stored)
