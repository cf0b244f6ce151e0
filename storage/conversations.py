"""Conversations: one customer's request from first message to close."""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Reader, Row, Tx


@dataclass(frozen=True)
class Conversation:
    id: int
    customer_id: int
    status: str
    assignee_id: int | None
    order_number: str | None
    opened_at: float
    first_response_at: float | None
    closed_at: float | None
    rating: int | None
    after_hours: bool = False
    away_sent: bool = False
    waiting_announced: bool = False
    comment_requested_at: float | None = None
    followup_sent_at: float | None = None

    @property
    def is_open(self) -> bool:
        return self.status == "open"


def _conversation(row: Row) -> Conversation:
    return Conversation(
        id=row["id"],
        customer_id=row["customer_id"],
        status=row["status"],
        assignee_id=row["assignee_id"],
        order_number=row["order_number"],
        opened_at=row["opened_at"],
        first_response_at=row["first_response_at"],
        closed_at=row["closed_at"],
        rating=row["rating"],
        after_hours=bool(row["after_hours"]),
        away_sent=bool(row["away_sent"]),
        waiting_announced=bool(row["waiting_announced"]),
        comment_requested_at=row["comment_requested_at"],
        followup_sent_at=row["followup_sent_at"],
    )


async def open_new(
    db: Tx,
    *,
    customer_id: int,
    assignee_id: int | None,
    order_number: str | None,
    now: float,
    after_hours: bool = False,
) -> Conversation:
    """Open a conversation for a customer who has none open."""
    conversation_id = await db.execute(
        "INSERT INTO conversations (customer_id, status, assignee_id, order_number, opened_at,"
        " after_hours) VALUES (?, 'open', ?, ?, ?, ?)",
        (customer_id, assignee_id, order_number, now, int(after_hours)),
    )
    conversation = await get(db, conversation_id)
    assert conversation is not None
    return conversation


async def get(db: Reader, conversation_id: int) -> Conversation | None:
    """One conversation by id."""
    row = await db.fetch_one("SELECT * FROM conversations WHERE id = ?", (conversation_id,))
    return None if row is None else _conversation(row)


async def current_open(db: Reader, customer_id: int) -> Conversation | None:
    """The customer's open conversation, if any."""
    row = await db.fetch_one(
        "SELECT * FROM conversations WHERE customer_id = ? AND status = 'open'", (customer_id,)
    )
    return None if row is None else _conversation(row)


async def latest(db: Reader, customer_id: int) -> Conversation | None:
    """The customer's most recent conversation, open or closed."""
    row = await db.fetch_one(
        "SELECT * FROM conversations WHERE customer_id = ? ORDER BY id DESC LIMIT 1",
        (customer_id,),
    )
    return None if row is None else _conversation(row)


async def earlier(db: Reader, customer_id: int, before_id: int) -> list[Conversation]:
    """The customer's conversations before this one, newest first."""
    rows = await db.fetch_all(
        "SELECT * FROM conversations WHERE customer_id = ? AND id < ? ORDER BY id DESC",
        (customer_id, before_id),
    )
    return [_conversation(row) for row in rows]


async def last_helper(db: Reader, customer_id: int) -> int | None:
    """Who looked after the customer's most recent closed conversation."""
    return await db.scalar(
        "SELECT assignee_id FROM conversations WHERE customer_id = ? AND status = 'closed'"
        " AND assignee_id IS NOT NULL ORDER BY id DESC LIMIT 1",
        (customer_id,),
    )


async def assign(db: Tx, conversation_id: int, assignee_id: int) -> None:
    """Hand the conversation to someone."""
    await db.execute(
        "UPDATE conversations SET assignee_id = ? WHERE id = ?", (assignee_id, conversation_id)
    )


async def note_staff_reply(db: Tx, conversation_id: int, now: float) -> None:
    """Record the first staff reply time (later replies leave it alone)."""
    await db.execute(
        "UPDATE conversations SET first_response_at = ?"
        " WHERE id = ? AND first_response_at IS NULL",
        (now, conversation_id),
    )


async def close(
    db: Tx, conversation_id: int, closed_by: int, now: float, followup_at: float | None
) -> bool:
    """Close an open conversation (with a follow-up due then, if any); False if already closed."""
    changed = await db.changes(
        "UPDATE conversations SET status = 'closed', closed_at = ?, closed_by = ?,"
        " followup_due_at = ?, followup_sent_at = NULL WHERE id = ? AND status = 'open'",
        (now, closed_by, followup_at, conversation_id),
    )
    return changed == 1


async def reopen(db: Tx, conversation_id: int) -> None:
    """The customer answered the follow-up: the same conversation is open again."""
    await db.execute(
        "UPDATE conversations SET status = 'open', closed_at = NULL, closed_by = NULL,"
        " followup_due_at = NULL WHERE id = ?",
        (conversation_id,),
    )


async def request_comment(db: Tx, conversation_id: int, now: float | None) -> None:
    """Note that the customer was (or is no longer) invited to comment on their rating."""
    await db.execute(
        "UPDATE conversations SET comment_requested_at = ? WHERE id = ?", (now, conversation_id)
    )


async def followups_due(db: Reader, now: float) -> list[Conversation]:
    """Closed conversations whose "did that solve it?" message is due."""
    rows = await db.fetch_all(
        "SELECT * FROM conversations WHERE followup_due_at IS NOT NULL"
        " AND followup_sent_at IS NULL AND followup_due_at <= ? AND status = 'closed'"
        " ORDER BY id",
        (now,),
    )
    return [_conversation(row) for row in rows]


async def mark_followup_sent(db: Tx, conversation_id: int, now: float) -> bool:
    """Record the follow-up; False if it was sent already."""
    changed = await db.changes(
        "UPDATE conversations SET followup_sent_at = ? WHERE id = ? AND followup_sent_at IS NULL",
        (now, conversation_id),
    )
    return changed == 1


async def rate(db: Tx, conversation_id: int, stars: int, now: float) -> bool:
    """Store a rating once; False if the conversation was already rated, or was not closed
    with /close (which asks the rating question and sets closed_by)."""
    changed = await db.changes(
        "UPDATE conversations SET rating = ?, rated_at = ? WHERE id = ? AND rating IS NULL"
        " AND status = 'closed' AND closed_by IS NOT NULL",
        (stars, now, conversation_id),
    )
    return changed == 1


async def mark_away_sent(db: Tx, conversation_id: int) -> None:
    """The customer has had the away reply in this conversation."""
    await db.execute("UPDATE conversations SET away_sent = 1 WHERE id = ?", (conversation_id,))


async def waiting_since_closed(db: Reader) -> list[Conversation]:
    """Conversations that arrived after hours and have not been announced at opening."""
    rows = await db.fetch_all(
        "SELECT * FROM conversations WHERE after_hours = 1 AND waiting_announced = 0 ORDER BY id"
    )
    return [_conversation(row) for row in rows]


async def mark_announced(db: Tx, conversation_ids: list[int]) -> None:
    """The opening message has listed these conversations."""
    for conversation_id in conversation_ids:
        await db.execute(
            "UPDATE conversations SET waiting_announced = 1 WHERE id = ?", (conversation_id,)
        )


async def open_assigned_to(db: Reader, assignee_id: int) -> list[Conversation]:
    """The open conversations someone holds, oldest first."""
    rows = await db.fetch_all(
        "SELECT * FROM conversations WHERE status = 'open' AND assignee_id = ? ORDER BY id",
        (assignee_id,),
    )
    return [_conversation(row) for row in rows]


async def followup_times(db: Reader) -> list[float]:
    """When the follow-ups not sent yet fall due."""
    rows = await db.fetch_all(
        "SELECT followup_due_at FROM conversations WHERE followup_due_at IS NOT NULL"
        " AND followup_sent_at IS NULL AND status = 'closed'"
    )
    return [float(row[0]) for row in rows]
