"""The staff chat as one object: where it is, whether it has topics, whether the bot is in.

Loaded at start from what the operator configured and what Telegram told us before;
changed only when Telegram moves the group (a basic group upgraded to a supergroup gets a
new id), says it has no topics, or the bot's membership changes. Sends to the staff chat
ask it for the id when they are made.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import Message
from telegram.ext import filters

from storage import settings as stored_settings
from storage.db import Reader, Tx

log = logging.getLogger(__name__)

MIGRATION_KEY = "staff_chat_migration"  # "old id:new id"
FORUM_KEY = "staff_chat_is_forum"
LOST_KEY = "staff_chat_lost"


class StaffChat:
    """The staff group's id (current and former), topics on or off, and the bot's place."""

    def __init__(self, configured_id: int) -> None:
        self.configured_id = configured_id
        self.id = configured_id
        self.is_forum = True  # assumed until Telegram says otherwise
        self._former: set[int] = set()
        self._reachable = asyncio.Event()
        self._reachable.set()

    async def load(self, db: Reader) -> None:
        """What earlier runs learned: a move, topics off, the bot removed."""
        moved = await stored_settings.get(db, MIGRATION_KEY)
        if moved is not None:
            old, _, new = moved.partition(":")
            if int(old) == self.configured_id:
                self._former.add(self.configured_id)
                self.id = int(new)
        self.is_forum = await stored_settings.get(db, FORUM_KEY) != "0"
        self._set_reachable(await stored_settings.get(db, LOST_KEY) != "1")

    def __contains__(self, chat_id: int) -> bool:
        """Whether a chat id is the staff chat's (now, or before Telegram moved it)."""
        return chat_id == self.id or chat_id in self._former

    def resolve(self, chat_id: int) -> int:
        """A chat id, with the staff chat's former ids mapped to where it is now."""
        return self.id if chat_id in self._former else chat_id

    @property
    def reachable(self) -> bool:
        return self._reachable.is_set()

    async def until_reachable(self, at_most_seconds: float) -> None:
        """Wait until the bot is back in the staff chat, or this long."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._reachable.wait(), at_most_seconds)

    # -- changes, each made inside a write unit ------------------------------------------

    async def move(self, db: Tx, new_id: int) -> bool:
        """Telegram moved the group to `new_id`; False if it was there already."""
        if new_id == self.id:
            return False
        log.warning("The staff chat %s moved to %s", self.id, new_id)
        await stored_settings.put(db, MIGRATION_KEY, f"{self.configured_id}:{new_id}")
        self._former.add(self.id)
        self.id = new_id
        return True

    async def set_forum(self, db: Tx, is_forum: bool) -> None:
        await stored_settings.put(db, FORUM_KEY, "1" if is_forum else "0")
        self.is_forum = is_forum

    async def set_reachable(self, db: Tx, reachable: bool) -> bool:
        """The bot was removed from (False) or added back to (True) the staff chat; returns
        whether that changed anything."""
        if reachable == self.reachable:
            return False
        await stored_settings.put(db, LOST_KEY, "0" if reachable else "1")
        self._set_reachable(reachable)
        return True

    def _set_reachable(self, reachable: bool) -> None:
        if reachable:
            self._reachable.set()
        else:
            self._reachable.clear()


class StaffChatFilter(filters.MessageFilter):
    """Messages in the staff chat, wherever Telegram has moved it."""

    def __init__(self, staff_chat: StaffChat) -> None:
        super().__init__(name="StaffChatFilter")
        self._staff_chat = staff_chat

    def filter(self, message: Message) -> bool:
        return message.chat.id in self._staff_chat
