"""Names as customers and staff see them, looked up from storage."""

from __future__ import annotations

from config.settings import Settings
from storage import staff
from storage.db import Reader


async def name_of(db: Reader, settings: Settings, user_id: int | None) -> str:
    """The name customers see for a team member or owner."""
    if user_id is not None:
        member = await staff.get(db, user_id)
        if member is not None:
            return member.name
        if user_id in settings.owner_ids:
            return "the owner"
    return "our team"
