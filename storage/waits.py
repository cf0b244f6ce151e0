"""Customers waiting for a staff answer, and how far the wait has been escalated."""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Reader, Row, Tx

DUE, REMINDED, ESCALATED = 0, 1, 2


@dataclass(frozen=True)
class Wait:
    id: int
    conversation_id: int
    started_at: float
    due_at: float | None
    escalate_at: float | None
    stage: int


def _wait(row: Row) -> Wait:
    return Wait(
        id=row["id"],
        conversation_id=row["conversation_id"],
        started_at=row["started_at"],
        due_at=row["due_at"],
        escalate_at=row["escalate_at"],
        stage=row["stage"],
    )


async def start(db: Tx, conversation_id: int, now: float, due_at: float | None) -> bool:
    """Start a wait unless one is running; True if this message started it."""
    row_id = await db.insert(
        "INSERT INTO waits (conversation_id, started_at, due_at) VALUES (?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        (conversation_id, now, due_at),
    )
    return row_id is not None


async def end(db: Tx, conversation_id: int, now: float) -> None:
    """A staff answer (or closing) ends the running wait."""
    await db.execute(
        "UPDATE waits SET ended_at = ? WHERE conversation_id = ? AND ended_at IS NULL",
        (now, conversation_id),
    )


async def overdue(db: Reader, now: float) -> list[Wait]:
    """Running waits whose next step is due."""
    rows = await db.fetch_all(
        "SELECT * FROM waits WHERE ended_at IS NULL AND ("
        " (stage = 0 AND due_at IS NOT NULL AND due_at <= ?)"
        " OR (stage = 1 AND escalate_at IS NOT NULL AND escalate_at <= ?)) ORDER BY id",
        (now, now),
    )
    return [_wait(row) for row in rows]


async def advance(db: Tx, wait_id: int, stage: int, escalate_at: float | None) -> bool:
    """Move a wait to its next stage; False if someone else already did."""
    changed = await db.changes(
        "UPDATE waits SET stage = ?, escalate_at = COALESCE(?, escalate_at)"
        " WHERE id = ? AND stage = ? AND ended_at IS NULL",
        (stage, escalate_at, wait_id, stage - 1),
    )
    return changed == 1


async def pending_deadlines(db: Reader) -> list[float]:
    """When the running waits' next steps fall due."""
    rows = await db.fetch_all(
        "SELECT CASE stage WHEN 0 THEN due_at ELSE escalate_at END FROM waits"
        " WHERE ended_at IS NULL AND stage < 2"
    )
    return [float(row[0]) for row in rows if row[0] is not None]
