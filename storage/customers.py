"""Customers: the people who write to the shop's bot."""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Reader, Row, Tx


@dataclass(frozen=True)
class Customer:
    user_id: int
    first_name: str
    last_name: str | None
    username: str | None
    language_code: str | None
    thread_id: int | None
    blocked_bot: bool
    greeted_at: float | None
    topic_name: str | None = None
    # The language the customer chose with /language (None: Telegram's, or the shop's).
    language: str | None = None
    # The shop's Telegram Business connection they last wrote through (None: the bot).
    business_connection_id: str | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}" if self.last_name else self.first_name


def _customer(row: Row) -> Customer:
    return Customer(
        user_id=row["user_id"],
        first_name=row["first_name"],
        last_name=row["last_name"],
        username=row["username"],
        language_code=row["language_code"],
        thread_id=row["thread_id"],
        blocked_bot=bool(row["blocked_bot"]),
        greeted_at=row["greeted_at"],
        topic_name=row["topic_name"],
        language=row["language"],
        business_connection_id=row["business_connection_id"],
    )


async def upsert(
    db: Reader,
    *,
    user_id: int,
    first_name: str,
    last_name: str | None,
    username: str | None,
    language_code: str | None,
    now: float,
) -> Customer:
    """Record the customer's current profile (Telegram names change) and return it."""
    rows = await db.fetch_all(
        "INSERT INTO customers (user_id, first_name, last_name, username, language_code,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (user_id) DO UPDATE SET first_name = excluded.first_name,"
        " last_name = excluded.last_name, username = excluded.username,"
        " language_code = COALESCE(excluded.language_code, customers.language_code),"
        " blocked_bot = 0"
        # Most messages come from someone whose profile is stored as it is: no write then.
        " WHERE customers.first_name IS NOT excluded.first_name"
        " OR customers.last_name IS NOT excluded.last_name"
        " OR customers.username IS NOT excluded.username"
        " OR customers.language_code IS NOT"
        " COALESCE(excluded.language_code, customers.language_code)"
        " OR customers.blocked_bot != 0"
        " RETURNING *",
        (user_id, first_name, last_name, username, language_code, now),
    )
    if rows:
        return _customer(rows[0])
    unchanged = await get(db, user_id)
    assert unchanged is not None
    return unchanged


async def get(db: Reader, user_id: int) -> Customer | None:
    """The customer with this Telegram user id."""
    row = await db.fetch_one("SELECT * FROM customers WHERE user_id = ?", (user_id,))
    return None if row is None else _customer(row)


async def by_thread(db: Reader, thread_id: int) -> Customer | None:
    """The customer whose staff-chat topic this is."""
    row = await db.fetch_one("SELECT * FROM customers WHERE thread_id = ?", (thread_id,))
    return None if row is None else _customer(row)


async def set_thread(
    db: Tx, user_id: int, thread_id: int | None, topic_name: str | None = None
) -> None:
    """Remember (or forget) the customer's forum topic and its title."""
    await db.execute(
        "UPDATE customers SET thread_id = ?, topic_name = ? WHERE user_id = ?",
        (thread_id, topic_name, user_id),
    )


async def set_topic_name(db: Tx, user_id: int, topic_name: str) -> None:
    """Remember the title the customer's topic now has."""
    await db.execute(
        "UPDATE customers SET topic_name = ? WHERE user_id = ?", (topic_name, user_id)
    )


async def mark_greeted(db: Tx, user_id: int, now: float) -> None:
    """Note that the customer has been greeted."""
    await db.execute("UPDATE customers SET greeted_at = ? WHERE user_id = ?", (now, user_id))


async def set_blocked(db: Tx, user_id: int, blocked: bool) -> None:
    """Note whether the customer has blocked the bot."""
    await db.execute(
        "UPDATE customers SET blocked_bot = ? WHERE user_id = ?", (int(blocked), user_id)
    )


async def set_language(db: Tx, user_id: int, language: str) -> None:
    """Remember the language the customer chose."""
    await db.execute("UPDATE customers SET language = ? WHERE user_id = ?", (language, user_id))
