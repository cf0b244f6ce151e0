"""Sends the bot owes: recorded before they are made, marked done after."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from storage.db import Database, Row


@dataclass(frozen=True)
class PendingSend:
    id: int
    lane: str
    kind: str
    payload: dict[str, Any]
    attempts: int


def _pending(row: Row) -> PendingSend:
    return PendingSend(
        id=row["id"],
        lane=row["lane"],
        kind=row["kind"],
        payload=json.loads(row["payload"]),
        attempts=row["attempts"],
    )


async def enqueue(
    db: Database, lane: str, kind: str, payload: dict[str, Any], now: float
) -> PendingSend:
    """Owe a send; sends in one lane are made in the order they were owed."""
    send_id = await db.execute(
        "INSERT INTO outbox (lane, kind, payload, created_at) VALUES (?, ?, ?, ?)",
        (lane, kind, json.dumps(payload), now),
    )
    return PendingSend(id=send_id, lane=lane, kind=kind, payload=payload, attempts=0)


async def all_pending(db: Database) -> list[PendingSend]:
    """Every send still owed, oldest first."""
    rows = await db.fetch_all("SELECT * FROM outbox WHERE status = 'pending' ORDER BY id")
    return [_pending(row) for row in rows]


async def mark_done(db: Database, send_id: int, now: float) -> None:
    """The send was made."""
    await db.execute("UPDATE outbox SET status = 'done', done_at = ? WHERE id = ?", (now, send_id))


async def mark_failed(db: Database, send_id: int, error: str, now: float) -> None:
    """The send can never be made (Telegram refused it for good)."""
    await db.execute(
        "UPDATE outbox SET status = 'failed', last_error = ?, done_at = ? WHERE id = ?",
        (error, now, send_id),
    )


async def note_attempt(db: Database, send_id: int, error: str) -> None:
    """A try failed for a passing reason; it will be tried again."""
    await db.execute(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?",
        (error, send_id),
    )


async def pending_count(db: Database) -> int:
    """How many sends are still owed."""
    return int(await db.scalar("SELECT COUNT(*) FROM outbox WHERE status = 'pending'") or 0)
