"""Telegram Business connections of the shop's account."""

from __future__ import annotations

from dataclasses import dataclass

from logic.business import Rights
from storage.db import Reader, Row, Tx


@dataclass(frozen=True)
class Connection:
    id: str
    user_id: int
    first_name: str
    username: str | None
    rights: Rights

    @property
    def handle(self) -> str:
        return handle(self.username, self.first_name)


def handle(username: str | None, first_name: str) -> str:
    """How an account is named to people: @username, else its name."""
    return f"@{username}" if username else first_name


def _connection(row: Row) -> Connection:
    return Connection(
        id=row["id"],
        user_id=row["user_id"],
        first_name=row["first_name"],
        username=row["username"],
        rights=Rights(bool(row["enabled"]), bool(row["can_reply"]), bool(row["can_read"])),
    )


async def get(db: Reader, connection_id: str) -> Connection | None:
    row = await db.fetch_one("SELECT * FROM business_connections WHERE id = ?", (connection_id,))
    return None if row is None else _connection(row)


async def save(
    db: Tx,
    *,
    connection_id: str,
    user_id: int,
    first_name: str,
    username: str | None,
    rights: Rights,
    now: float,
) -> None:
    """Record a connection as Telegram last described it."""
    await db.execute(
        "INSERT INTO business_connections (id, user_id, first_name, username, enabled,"
        " can_reply, can_read, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id,"
        " first_name = excluded.first_name, username = excluded.username,"
        " enabled = excluded.enabled, can_reply = excluded.can_reply,"
        " can_read = excluded.can_read, updated_at = excluded.updated_at",
        (
            connection_id,
            user_id,
            first_name,
            username,
            int(rights.enabled),
            int(rights.can_reply),
            int(rights.can_read),
            now,
        ),
    )


async def of_customer(db: Reader, customer_id: int) -> Connection | None:
    """The connection a customer last wrote through (None: they write to the bot)."""
    row = await db.fetch_one(
        "SELECT b.* FROM business_connections b JOIN customers c"
        " ON c.business_connection_id = b.id WHERE c.user_id = ?",
        (customer_id,),
    )
    return None if row is None else _connection(row)


async def channel_of(db: Reader, customer_id: int) -> str | None:
    """The business connection id a customer's chat goes through, or None for the bot."""
    value = await db.scalar(
        "SELECT business_connection_id FROM customers WHERE user_id = ?", (customer_id,)
    )
    return None if value is None else str(value)


async def set_channel(db: Tx, customer_id: int, connection_id: str | None) -> None:
    """The customer now writes through this connection (None: the bot's own chat)."""
    await db.execute(
        "UPDATE customers SET business_connection_id = ? WHERE user_id = ?"
        " AND business_connection_id IS NOT ?",
        (connection_id, customer_id, connection_id),
    )
