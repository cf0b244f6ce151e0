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


async def enqueue(db: Database, lane: str, kind: str, payload: dict[str, Any], now: float) -> int:
    """Owe a send; sends in one lane are made in the order they were owed."""
    return await db.execute(
        "INSERT INTO outbox (lane, kind, payload, created_at) VALUES (?, ?, ?, ?)",
        (lane, kind, json.dumps(payload), now),
    )


async def pending_in_lane(db: Database, lane: str, limit: int) -> list[PendingSend]:
    """The oldest pending sends of a lane, in order."""
    rows = await db.fetch_all(
        "SELECT * FROM outbox WHERE lane = ? AND status = 'pending' ORDER BY id LIMIT ?",
        (lane, limit),
    )
    return [_pending(row) for row in rows]


async def lanes_with_pending(db: Database) -> list[str]:
    """Every lane that still has something to send."""
    rows = await db.fetch_all("SELECT DISTINCT lane FROM outbox WHERE status = 'pending'")
    return [row["lane"] for row in rows]


async def mark_done(db: Database, send_id: int, now: float) -> None:
    """The send was made."""
    await db.execute("UPDATE outbox SET status = 'done', done_at = ? WHERE id = ?", (now, send_id))


async def finish(db: Database, send_id: int, now: float) -> None:
    """Mark one send made, as a write unit of its own."""
    await db.write("UPDATE outbox SET status = 'done', done_at = ? WHERE id = ?", (now, send_id))


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


async def album_run(db: Database, first: PendingSend, limit: int = 10) -> list[PendingSend]:
    """Pending copies in `first`'s lane, from it on, of the same album to the same target."""
    rows = await db.fetch_all(
        "SELECT * FROM outbox WHERE lane = ? AND status = 'pending' AND id >= ? ORDER BY id"
        " LIMIT ?",
        (first.lane, first.id, limit),
    )
    run = []
    for send in map(_pending, rows):
        same = (
            send.kind == "copy"
            and send.payload.get("album") == first.payload.get("album")
            and send.payload.get("target") == first.payload.get("target")
        )
        if not same:
            break
        run.append(send)
    return run


async def following(db: Database, first: PendingSend, limit: int) -> list[PendingSend]:
    """Pending sends of `first`'s lane from it on, in order."""
    rows = await db.fetch_all(
        "SELECT * FROM outbox WHERE lane = ? AND status = 'pending' AND id >= ? ORDER BY id"
        " LIMIT ?",
        (first.lane, first.id, limit),
    )
    return [_pending(row) for row in rows]
