"""Forgetting a customer: their messages, profile and ratings go; anonymous counts stay."""

from __future__ import annotations

from storage import inbox, outbox
from storage.db import Tx

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
