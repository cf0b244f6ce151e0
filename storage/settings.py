"""Shop settings kept in the database (things owners and the bot change at run time)."""

from __future__ import annotations

from storage.db import Reader, Tx


async def get(db: Reader, key: str) -> str | None:
    """A stored setting, or None."""
    value = await db.scalar("SELECT value FROM settings WHERE key = ?", (key,))
    return None if value is None else str(value)


async def put(db: Tx, key: str, value: str) -> None:
    """Store a setting."""
    await db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


async def delete(db: Tx, key: str) -> None:
    """Remove a setting."""
    await db.execute("DELETE FROM settings WHERE key = ?", (key,))
