"""Messages of a conversation, each paired with its copy on the other side."""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Reader, Row, Tx


@dataclass(frozen=True)
class StoredMessage:
    id: int
    customer_id: int
    conversation_id: int | None
    direction: str
    author_id: int | None
    kind: str
    text: str | None
    source_chat_id: int
    source_message_id: int
    copy_chat_id: int | None
    copy_message_id: int | None
    media_group_id: str | None
    # What it carried, for sending it again by kind (business chats only; see record).
    content: str | None = None


def _message(row: Row) -> StoredMessage:
    return StoredMessage(
        id=row["id"],
        customer_id=row["customer_id"],
        conversation_id=row["conversation_id"],
        direction=row["direction"],
        author_id=row["author_id"],
        kind=row["kind"],
        text=row["text"],
        source_chat_id=row["source_chat_id"],
        source_message_id=row["source_message_id"],
        copy_chat_id=row["copy_chat_id"],
        copy_message_id=row["copy_message_id"],
        media_group_id=row["media_group_id"],
        content=row["content"],
    )


async def record(
    db: Reader,
    *,
    customer_id: int,
    conversation_id: int | None,
    direction: str,
    author_id: int | None,
    kind: str,
    text: str | None,
    source_chat_id: int,
    source_message_id: int,
    media_group_id: str | None,
    now: float,
    content: str | None = None,
) -> StoredMessage | None:
    """Store an incoming message; None if it was stored before (a redelivered update).

    content: what the message carried (JSON), kept only where Telegram cannot copy it and
    it must be sent again by kind: to or from a business chat.
    """
    rows = await db.fetch_all(
        "INSERT INTO messages (customer_id, conversation_id, direction, author_id, kind, text,"
        " source_chat_id, source_message_id, media_group_id, created_at, content)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (source_chat_id, source_message_id) DO NOTHING RETURNING *",
        (
            customer_id,
            conversation_id,
            direction,
            author_id,
            kind,
            text,
            source_chat_id,
            source_message_id,
            media_group_id,
            now,
            content,
        ),
    )
    return _message(rows[0]) if rows else None


async def get(db: Reader, message_id: int) -> StoredMessage | None:
    """One stored message by its row id."""
    row = await db.fetch_one("SELECT * FROM messages WHERE id = ?", (message_id,))
    return None if row is None else _message(row)


async def by_source(db: Reader, chat_id: int, message_id: int) -> StoredMessage | None:
    """The stored message that was sent as (chat, message id)."""
    row = await db.fetch_one(
        "SELECT * FROM messages WHERE source_chat_id = ? AND source_message_id = ?",
        (chat_id, message_id),
    )
    return None if row is None else _message(row)


async def counterpart(db: Reader, chat_id: int, message_id: int) -> tuple[int, int] | None:
    """The (chat, message id) of the other side's version of a message, if known."""
    row = await db.fetch_one(
        "SELECT copy_chat_id AS chat, copy_message_id AS message FROM messages"
        " WHERE source_chat_id = ? AND source_message_id = ? AND copy_message_id IS NOT NULL"
        " UNION ALL SELECT source_chat_id, source_message_id FROM messages"
        " WHERE copy_chat_id = ? AND copy_message_id = ? LIMIT 1",
        (chat_id, message_id, chat_id, message_id),
    )
    return None if row is None else (row["chat"], row["message"])


async def set_copy(db: Tx, message_id: int, chat_id: int, copy_message_id: int) -> None:
    """Remember where the copy of a message landed."""
    await db.execute(
        "UPDATE messages SET copy_chat_id = ?, copy_message_id = ? WHERE id = ?",
        (chat_id, copy_message_id, message_id),
    )


async def set_text(db: Tx, message_id: int, text: str | None, now: float) -> None:
    """Store an edit's new text."""
    await db.execute(
        "UPDATE messages SET text = ?, edited_at = ? WHERE id = ?", (text, now, message_id)
    )


async def customer_texts(db: Reader, conversation_id: int) -> list[str]:
    """The texts and captions the customer wrote in a conversation, oldest first."""
    rows = await db.fetch_all(
        "SELECT text FROM messages WHERE conversation_id = ? AND direction = 'in'"
        " AND text IS NOT NULL ORDER BY id",
        (conversation_id,),
    )
    return [row["text"] for row in rows]


async def unattached(db: Reader, customer_id: int) -> list[StoredMessage]:
    """Customer messages that arrived before any conversation was open, oldest first."""
    rows = await db.fetch_all(
        "SELECT * FROM messages WHERE customer_id = ? AND conversation_id IS NULL ORDER BY id",
        (customer_id,),
    )
    return [_message(row) for row in rows]


async def attach(db: Tx, message_ids: list[int], conversation_id: int) -> None:
    """Put waiting messages into a conversation."""
    for message_id in message_ids:
        await db.execute(
            "UPDATE messages SET conversation_id = ? WHERE id = ?", (conversation_id, message_id)
        )


async def remember_staff_post(
    db: Tx, chat_id: int, message_id: int, customer_id: int, in_topic: bool, now: float
) -> None:
    """Remember that a bot message in the staff chat is about this customer (so a reply to
    it finds them, and /forgetme can remove it)."""
    await db.execute(
        "INSERT OR IGNORE INTO staff_posts (chat_id, message_id, customer_id, in_topic,"
        " posted_at) VALUES (?, ?, ?, ?, ?)",
        (chat_id, message_id, customer_id, int(in_topic), now),
    )


async def customer_of_staff_post(db: Reader, chat_id: int, message_id: int) -> int | None:
    """Which customer a message in the staff chat is about (cards, notices and copies)."""
    return await db.scalar(
        "SELECT customer_id FROM staff_posts WHERE chat_id = ? AND message_id = ?"
        " UNION ALL SELECT customer_id FROM messages"
        " WHERE (copy_chat_id = ? AND copy_message_id = ?)"
        " OR (source_chat_id = ? AND source_message_id = ?) LIMIT 1",
        (chat_id, message_id, chat_id, message_id, chat_id, message_id),
    )


async def shares_copy(db: Reader, stored: StoredMessage) -> bool:
    """Whether this message's copy also carries other messages (merged texts)."""
    count = await db.scalar(
        "SELECT COUNT(*) FROM messages WHERE copy_chat_id = ? AND copy_message_id = ?",
        (stored.copy_chat_id, stored.copy_message_id),
    )
    return int(count or 0) > 1


async def copy_carries_card(db: Reader, stored: StoredMessage) -> bool:
    """Whether this message's copy is the post that also carries its conversation's card
    (a copy that is also one of the bot's own posts about the customer)."""
    found = await db.scalar(
        "SELECT 1 FROM staff_posts WHERE chat_id = ? AND message_id = ?",
        (stored.copy_chat_id, stored.copy_message_id),
    )
    return found is not None


async def latest_incoming(db: Reader, customer_id: int, chat_key: int) -> int | None:
    """The Telegram message id of the customer's latest message in one chat."""
    value = await db.scalar(
        "SELECT MAX(source_message_id) FROM messages"
        " WHERE customer_id = ? AND source_chat_id = ? AND direction = 'in'",
        (customer_id, chat_key),
    )
    return None if value is None else int(value)


async def has_answered(db: Reader, conversation_id: int, author_id: int) -> bool:
    """Whether this person has replied in the conversation before."""
    return await first_reply_of(db, conversation_id, author_id) is not None


async def first_reply_of(db: Reader, conversation_id: int, author_id: int) -> int | None:
    """The row id of this person's first reply in the conversation, if any."""
    found = await db.scalar(
        "SELECT MIN(id) FROM messages WHERE conversation_id = ? AND direction = 'out'"
        " AND author_id = ?",
        (conversation_id, author_id),
    )
    return None if found is None else int(found)
