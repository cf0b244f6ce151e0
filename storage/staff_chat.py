"""What the bot knows about its own place in the staff chat."""

from __future__ import annotations

from storage import settings
from storage.db import Database

LOST_KEY = "staff_chat_lost"


async def is_lost(db: Database) -> bool:
    """True while the bot has been removed from the staff chat."""
    return await settings.get(db, LOST_KEY) == "1"


async def set_lost(db: Database, lost: bool) -> None:
    await settings.put(db, LOST_KEY, "1" if lost else "0")
