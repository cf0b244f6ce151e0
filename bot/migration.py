"""Following the staff group when Telegram upgrades it to a supergroup (a new chat id)."""

from __future__ import annotations

import logging

from telegram.ext import filters

from bot.desk import Desk
from logic import texts
from relay.targets import to_chat
from relay.topics import LAST_SPEAKER_KEY
from storage import settings as stored_settings

log = logging.getLogger(__name__)

MIGRATION_KEY = "staff_chat_migration"
MOVER_KEY = "staff_chat_mover"


class StaffChatMover:
    """Moves every part of the desk from the old staff chat id to the new one."""

    def __init__(self, desk: Desk, staff_chat_filter: filters.Chat) -> None:
        self._desk = desk
        self._filter = staff_chat_filter

    async def resume(self) -> None:
        """At start-up: if the configured id was migrated earlier, use the new one."""
        stored = await stored_settings.get(self._desk.db, MIGRATION_KEY)
        if stored is None:
            return
        old, _, new = stored.partition(":")
        if int(old) == self._desk.settings.staff_chat_id:
            self._switch(int(new))

    async def move(self, new_chat_id: int) -> None:
        """The staff chat now lives at `new_chat_id`: follow it and tell the owners."""
        settings = self._desk.settings
        old = settings.staff_chat_id
        if new_chat_id == old:
            return
        log.warning("The staff chat %s moved to %s", old, new_chat_id)
        self._switch(new_chat_id)
        async with self._desk.unit() as work:
            await stored_settings.put(self._desk.db, MIGRATION_KEY, f"{old}:{new_chat_id}")
            # The new chat has seen nobody yet: the next copy says whose it is.
            await stored_settings.delete(self._desk.db, LAST_SPEAKER_KEY)
            for owner_id in settings.owner_ids:
                await work.say(to_chat(owner_id), texts.staff_chat_moved(old, new_chat_id))

    def _switch(self, new_chat_id: int) -> None:
        # Settings is shared by the handlers and the relay, so one assignment moves them all.
        self._desk.settings.staff_chat_id = new_chat_id
        self._filter.add_chat_ids(new_chat_id)
