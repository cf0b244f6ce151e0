"""Forgetting a customer: their messages, profile and ratings go; anonymous counts stay."""

from __future__ import annotations

from dataclasses import dataclass

from storage import inbox, outbox, search, shield
from storage.db import Reader, Tx

FORGOTTEN_ID = 0  # the placeholder customer that keeps forgotten conversations counted


async def forget_customer(db: Tx, user_id: int, now: float, up_to_update_id: int) -> None:
    """Delete what is stored about a customer (secure_delete is on, so the words leave the
    file). Their updates after `up_to_update_id` are kept: they may be messages not handled
    yet. Other customers' updates are never touched."""
    await db.execute(
        "INSERT OR IGNORE INTO customers (user_id, first_name, created_at)"
        " VALUES (?, 'Forgotten customer', ?)",
        (FORGOTTEN_ID, now),
    )
    await db.execute(
        "DELETE FROM messages WHERE customer_id = ?"
        " OR conversation_id IN (SELECT id FROM conversations WHERE customer_id = ?)",
        (user_id, user_id),
    )
    await db.execute("DELETE FROM staff_posts WHERE customer_id = ?", (user_id,))
    await db.execute(
        "UPDATE waits SET ended_at = ? WHERE ended_at IS NULL"
        " AND conversation_id IN (SELECT id FROM conversations WHERE customer_id = ?)",
        (now, user_id),
    )
    await db.execute(
        "UPDATE conversations SET customer_id = ?, rating = NULL, rated_at = NULL,"
        " order_number = NULL, comment_requested_at = NULL, followup_due_at = NULL,"
        " status = 'closed', closed_at = COALESCE(closed_at, ?) WHERE customer_id = ?",
        (FORGOTTEN_ID, now, user_id),
    )
    await outbox.forget_customer(db, user_id)
    # Handled updates are gone already; this drops theirs still waiting up to this one.
    await inbox.forget_customer_up_to(db, user_id, up_to_update_id)
    await db.execute("DELETE FROM dead_letters WHERE user_id = ?", (user_id,))
    await db.execute("DELETE FROM customers WHERE user_id = ?", (user_id,))
    await shield.forget_reason(db, user_id)
    await search.forget(db)


@dataclass(frozen=True)
class StaffChatTrace:
    """A message in the staff chat that names or copies a customer."""

    chat_id: int
    message_id: int
    posted_at: float | None
    own: bool  # the bot's post or copy, not a staff member's message
    text: bool


async def staff_chat_traces(
    db: Reader, user_id: int, staff_chat_id: int, whole_chat: bool
) -> list[StaffChatTrace]:
    """The customer's traces in the staff chat: the bot's posts naming them, and, with
    `whole_chat` (a staff chat without topics, where nothing goes with a topic), the copies
    of their messages and the staff's messages in their conversations."""
    found: dict[int, StaffChatTrace] = {}
    posts = await db.fetch_all(
        "SELECT message_id, posted_at FROM staff_posts WHERE customer_id = ? AND chat_id = ?"
        + ("" if whole_chat else " AND in_topic = 0"),
        (user_id, staff_chat_id),
    )
    for row in posts:
        found[row["message_id"]] = StaffChatTrace(
            staff_chat_id, row["message_id"], row["posted_at"], own=True, text=True
        )
    if whole_chat:
        rows = await db.fetch_all(
            "SELECT direction, kind, created_at, source_chat_id, source_message_id,"
            " copy_chat_id, copy_message_id FROM messages WHERE customer_id = ?",
            (user_id,),
        )
        for row in rows:
            text = row["kind"] == "text"
            if row["direction"] == "in" and row["copy_chat_id"] == staff_chat_id:
                message_id = row["copy_message_id"]
                found.setdefault(
                    message_id,
                    StaffChatTrace(staff_chat_id, message_id, row["created_at"], True, text),
                )
            elif row["direction"] != "in" and row["source_chat_id"] == staff_chat_id:
                message_id = row["source_message_id"]
                found.setdefault(
                    message_id,
                    StaffChatTrace(staff_chat_id, message_id, row["created_at"], False, text),
                )
    return sorted(found.values(), key=lambda trace: trace.message_id)


async def message_count(db: Reader, user_id: int) -> int:
    """How many messages the customer sent that the shop keeps."""
    count = await db.scalar(
        "SELECT COUNT(*) FROM messages WHERE customer_id = ? AND direction = 'in'", (user_id,)
    )
    return int(count or 0)
