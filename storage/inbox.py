"""Every update from Telegram, recorded before its offset is confirmed."""

from __future__ import annotations

import json
from typing import Any

from storage.db import Database

_LAST_UPDATE_KEY = "last_update_id"
# Telegram keeps unconfirmed updates for 24 hours; processed ones older than that can go.
_KEEP_SECONDS = 24 * 3600


async def record_batch(db: Database, updates: list[dict[str, Any]], now: float) -> None:
    """Store a batch of raw updates (a redelivered update is stored once)."""
    async with db.transaction():
        for update in updates:
            await db.execute(
                "INSERT OR IGNORE INTO inbox (update_id, payload, received_at) VALUES (?, ?, ?)",
                (update["update_id"], json.dumps(update), now),
            )


async def unprocessed(db: Database) -> list[dict[str, Any]]:
    """Recorded updates not yet handled, in update order."""
    rows = await db.fetch_all(
        "SELECT payload FROM inbox WHERE processed_at IS NULL ORDER BY update_id"
    )
    return [json.loads(row["payload"]) for row in rows]


async def mark_processed(db: Database, update_id: int, now: float) -> None:
    """Note that an update was handled and advance the last processed update id."""
    async with db.transaction():
        await db.execute("UPDATE inbox SET processed_at = ? WHERE update_id = ?", (now, update_id))
        await db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE"
            " SET value = MAX(CAST(settings.value AS INTEGER), CAST(excluded.value AS INTEGER))",
            (_LAST_UPDATE_KEY, str(update_id)),
        )


async def last_update_id(db: Database) -> int | None:
    """The highest update id recorded so far (processed or waiting)."""
    value = await db.scalar("SELECT MAX(update_id) FROM inbox")
    stored = await db.scalar("SELECT value FROM settings WHERE key = ?", (_LAST_UPDATE_KEY,))
    candidates = [int(v) for v in (value, stored) if v is not None]
    return max(candidates) if candidates else None


async def prune(db: Database, now: float) -> None:
    """Forget processed updates older than Telegram would ever redeliver."""
    async with db.transaction():
        await db.execute(
            "DELETE FROM inbox WHERE processed_at IS NOT NULL AND received_at < ?",
            (now - _KEEP_SECONDS,),
        )
