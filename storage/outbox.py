"""Sends the bot owes: recorded before they are made, marked done after.

Rows hold a send as (kind, JSON payload); desk/sends.py is the one place that reads and
writes that format. A made send keeps no words: its payload is emptied.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Reader, Row, Tx


@dataclass(frozen=True)
class OutboxRow:
    id: int
    lane: str
    kind: str
    payload: str
    attempts: int


def _row(row: Row) -> OutboxRow:
    return OutboxRow(row["id"], row["lane"], row["kind"], row["payload"], row["attempts"])


async def enqueue(
    db: Tx, lane: str, kind: str, payload: str, customer_id: int | None, now: float
) -> OutboxRow:
    """Owe a send; sends in one lane are made in the order they were owed."""
    send_id = await db.execute(
        "INSERT INTO outbox (lane, kind, payload, customer_id, created_at) VALUES (?, ?, ?, ?, ?)",
        (lane, kind, payload, customer_id, now),
    )
    return OutboxRow(send_id, lane, kind, payload, 0)


async def all_pending(db: Reader) -> list[OutboxRow]:
    """Every send still owed, oldest first."""
    rows = await db.fetch_all("SELECT * FROM outbox WHERE status = 'pending' ORDER BY id")
    return [_row(row) for row in rows]


async def mark_done(db: Tx, send_id: int, now: float) -> None:
    """The send was made."""
    await db.execute(
        "UPDATE outbox SET status = 'done', payload = '{}', done_at = ? WHERE id = ?",
        (now, send_id),
    )


async def mark_failed(db: Tx, send_id: int, error: str, now: float) -> None:
    """The send can never be made (Telegram refused it for good)."""
    await db.execute(
        "UPDATE outbox SET status = 'failed', last_error = ?, done_at = ? WHERE id = ?",
        (error, now, send_id),
    )


async def note_attempt(db: Tx, send_id: int, error: str) -> None:
    """A try failed for a passing reason; it will be tried again."""
    await db.execute(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?",
        (error, send_id),
    )


async def forget_customer(db: Tx, customer_id: int) -> None:
    """Withdraw every send about a customer (and drop the record of those made)."""
    await db.execute("DELETE FROM outbox WHERE customer_id = ?", (customer_id,))


# Added to a refused send's error when it is kept to be made again (handlers/business.py).
KEPT_NOTE = "(kept until the customer writes again)"


async def keep(db: Tx, send_id: int) -> None:
    """A refused send is kept: made again once the customer writes (Telegram Business's
    24-hour window, or an account that could not reply for now)."""
    await db.execute(
        "UPDATE outbox SET last_error = last_error || ' ' || ? WHERE id = ?", (KEPT_NOTE, send_id)
    )


async def kept_for(db: Reader, customer_id: int) -> list[OutboxRow]:
    """The sends kept for a customer, oldest first."""
    rows = await db.fetch_all(
        "SELECT * FROM outbox WHERE status = 'failed' AND lane = ? AND last_error LIKE ?"
        " ORDER BY id",
        (f"customer:{customer_id}", f"%{KEPT_NOTE}"),
    )
    return [_row(row) for row in rows]


async def mark_owed_again(db: Tx, send_ids: list[int], now: float) -> None:
    """Kept sends that were owed anew: the old rows are settled and keep no words."""
    for send_id in send_ids:
        await db.execute(
            "UPDATE outbox SET status = 'done', payload = '{}', done_at = ?,"
            " last_error = last_error || ', owed again' WHERE id = ?",
            (now, send_id),
        )
