"""Forgetting a customer: their messages, profile and ratings go; anonymous counts stay."""

from __future__ import annotations

from storage import inbox
from storage.db import Database

FORGOTTEN_ID = 0  # the placeholder customer that keeps forgotten conversations counted


async def forget_customer(
    db: Database, user_id: int, now: float, up_to_update_id: int, names: tuple[str, ...]
) -> None:
    """Delete what is stored about a customer (call inside a transaction; secure_delete is on).

    Updates after `up_to_update_id` are kept: they may be messages not handled yet. Sends
    about them elsewhere (alerts naming them) are found by their id link or their names.
    """
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
    await db.execute(
        "DELETE FROM outbox WHERE lane IN (?, ?)", (f"customer:{user_id}", f"topic:{user_id}")
    )
    for needle in (f'tg://user?id={user_id}\\"', *names):
        await db.execute(
            "DELETE FROM outbox WHERE status != 'pending' AND instr(payload, ?) > 0", (needle,)
        )
    # Handled updates are gone already; this drops the one being handled (with their name).
    await inbox.forget_up_to(db, up_to_update_id)
    await db.execute("DELETE FROM customers WHERE user_id = ?", (user_id,))
