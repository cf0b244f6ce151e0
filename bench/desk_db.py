"""Frontdesk's database from outside: seeded with history before a run, watched during it."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from pathlib import Path

from storage.db import Database

# Past customers get ids far from the stand-in's (which count up from 1000).
FIRST_PAST_CUSTOMER = 50_000_000
MESSAGES_PER_CONVERSATION = 3
# Their messages in the staff chat get ids far above what the stand-in hands out during a run.
PAST_STAFF_CHAT_IDS = 100_000_000
_OWED = "SELECT COUNT(*) FROM outbox WHERE status = 'pending'"
_UNHANDLED = "SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL"


async def seed_history(db_path: Path, conversations: int, helper_id: int, staff_chat: int) -> None:
    """Create the schema (Frontdesk's own migrations), then add `conversations` closed ones."""
    database = await Database.open(db_path)
    await database.close()
    if conversations <= 0:
        return
    now = time.time()
    with contextlib.closing(sqlite3.connect(db_path)) as db, db:
        for number in range(conversations):
            _add_past_customer(db, number, helper_id, staff_chat, now - 86_400 * 30)


def _add_past_customer(
    db: sqlite3.Connection, number: int, helper_id: int, staff_chat: int, day: float
) -> None:
    user_id = FIRST_PAST_CUSTOMER + number
    opened = day + number
    db.execute(
        "INSERT INTO customers (user_id, first_name, username, language_code, thread_id,"
        " greeted_at, created_at, topic_name) VALUES (?, ?, ?, 'en', ?, ?, ?, ?)",
        (user_id, f"Past{number}", f"past_{number}", 10_000 + number, opened, opened,
         f"Past{number} · #{90_000 + number}"),
    )  # fmt: skip
    conversation = db.execute(
        "INSERT INTO conversations (customer_id, status, assignee_id, order_number, opened_at,"
        " first_response_at, closed_at, closed_by, rating, rated_at)"
        " VALUES (?, 'closed', ?, ?, ?, ?, ?, ?, ?, ?)",
        (user_id, helper_id, f"#{90_000 + number}", opened, opened + 120, opened + 900,
         helper_id, 1 + number % 5, opened + 1000),
    ).lastrowid  # fmt: skip
    for index in range(MESSAGES_PER_CONVERSATION):
        staff_side = index % 2 == 1
        db.execute(
            "INSERT INTO messages (customer_id, conversation_id, direction, author_id, kind,"
            " text, source_chat_id, source_message_id, copy_chat_id, copy_message_id,"
            " created_at) VALUES (?, ?, ?, ?, 'text', ?, ?, ?, ?, ?, ?)",
            (user_id, conversation, "out" if staff_side else "in",
             helper_id if staff_side else user_id,
             f"Past message {index} about order #{90_000 + number}",
             staff_chat if staff_side else user_id,
             PAST_STAFF_CHAT_IDS + number * 10 + index if staff_side else index + 1,
             user_id if staff_side else staff_chat,
             index + 1 if staff_side else PAST_STAFF_CHAT_IDS + number * 10 + index,
             opened + 60 * index),
        )  # fmt: skip


def desk_is_idle(db_path: Path) -> bool:
    """Whether Frontdesk has handled every recorded update and made every owed send."""
    if not db_path.exists():
        return False
    try:
        with contextlib.closing(sqlite3.connect(db_path, timeout=1.0)) as db:
            (pending,) = db.execute(_OWED).fetchone()
            (waiting,) = db.execute(_UNHANDLED).fetchone()
    except sqlite3.OperationalError as error:
        # The schema moved on under us (a column renamed): we cannot tell, so do not wait.
        return "no such" in str(error)
    except sqlite3.Error:
        return False
    return pending == 0 and waiting == 0
