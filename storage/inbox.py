"""Every update from Telegram, recorded before its offset is confirmed.

A row lives only until its update is handled; then only the last processed update id is
kept, which is how an update Telegram delivers twice is recognised.
"""

from __future__ import annotations

import json
from typing import Any

from storage.db import Database

_LAST_UPDATE_KEY = "last_update_id"


async def record_batch(db: Database, updates: list[dict[str, Any]], now: float) -> set[int]:
    """Store raw updates; returns the ids stored (one handled before is skipped)."""
    return await record_texts(
        db, [(update["update_id"], json.dumps(update)) for update in updates], now
    )


async def record_texts(db: Database, updates: list[tuple[int, str]], now: float) -> set[int]:
    """Store updates given as (update id, JSON text); returns the ids stored."""
    if len(updates) == 1:  # the usual case: one statement, one write unit
        [(update_id, payload)] = updates
        changed = await db.write(_RECORD, (update_id, payload, now, update_id, _LAST_UPDATE_KEY))
        return {update_id} if changed else set()
    stored = set()
    async with db.transaction():
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


async def unprocessed(db: Database) -> list[dict[str, Any]]:
    """Recorded updates not yet handled, in update order."""
    rows = await db.fetch_all("SELECT payload FROM inbox ORDER BY update_id")
    return [json.loads(row["payload"]) for row in rows]


async def mark_processed(db: Database, update_id: int, now: float) -> None:
    """The update was handled: forget its text; a trigger remembers its id (migration 4)."""
    await db.write("DELETE FROM inbox WHERE update_id = ?", (update_id,))


async def last_update_id(db: Database) -> int | None:
    """The highest update id recorded so far (handled or waiting)."""
    waiting = await db.scalar("SELECT MAX(update_id) FROM inbox")
    candidates = [int(v) for v in (waiting, await _last_processed(db)) if v is not None]
    return max(candidates) if candidates else None


async def forget_up_to(db: Database, update_id: int) -> None:
    """Drop recorded updates up to this one (a customer asked to be forgotten)."""
    await db.execute("DELETE FROM inbox WHERE update_id <= ?", (update_id,))


async def _last_processed(db: Database) -> int | None:
    stored = await db.scalar("SELECT value FROM settings WHERE key = ?", (_LAST_UPDATE_KEY,))
    return None if stored is None else int(stored)
