"""A note in the staff chat's General while it is behind: how many customers wait to be
shown, and for about how long; kept up to date by editing, deleted when the queue is empty.

Edits and deletions do not count against Telegram's 20 messages a minute into a group; the
note itself does, once, and goes ahead of the queue it describes. Where it is (ids only) is
kept in a file beside the database, so a note left by a crash is deleted at the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
from pathlib import Path

from telegram import Bot
from telegram.error import TelegramError

from desk.staff_chat import StaffChat
from relay.limits import SendLimits
from storage.private_files import FILE_MODE
from views.i18n import Speech
from views.staff_texts import queue_notice

log = logging.getLogger(__name__)

BEHIND_SECONDS = 5.0  # behind by more than this: show the note
EDIT_EVERY_SECONDS = 30.0  # at most this often
LOOK_EVERY_SECONDS = 1.0


class QueueNotice:
    """Looks at the staff chat's queue now and then, and says so in General."""

    def __init__(
        self,
        bot: Bot,
        staff_chat: StaffChat,
        limits: SendLimits,
        sp: Speech,
        database: Path | None = None,
    ) -> None:
        self._bot = bot
        # Where the note is, while there is one: a file beside the database (ids only).
        self._place = (
            database.with_name(database.name + "-note")
            if database is not None and str(database) != ":memory:"
            else None
        )
        self._staff_chat = staff_chat
        self._limits = limits
        self._sp = sp
        self._message: tuple[int, int] | None = None  # (chat id, message id)
        self._shown = ""
        self._edited = 0.0

    async def run(self) -> None:
        """Until cancelled (the relay stops); a failed look is logged and tried again."""
        try:
            await self._delete_leftover()
            while True:
                await asyncio.sleep(LOOK_EVERY_SECONDS)
                try:
                    await self._look()
                except TelegramError as error:
                    log.warning("The queue note in General failed: %s", error)
        finally:
            if self._message is not None:
                await self._delete()

    async def _look(self) -> None:
        customers, seconds = self._limits.queue(self._staff_chat.id)
        if customers == 0:
            if self._message is not None:
                await self._delete()
            return
        if seconds <= BEHIND_SECONDS and self._message is None:
            return
        text = queue_notice(self._sp, customers, math.ceil(seconds))
        loop = asyncio.get_running_loop()
        if self._message is None:
            chat_id = self._staff_chat.id
            await self._limits.wait_turn(chat_id, first=True)
            sent = await self._bot.send_message(chat_id, text, disable_notification=True)
            self._message = (chat_id, sent.message_id)
            self._keep_place(chat_id, sent.message_id)
            self._shown, self._edited = text, loop.time()
        elif text != self._shown and loop.time() - self._edited >= EDIT_EVERY_SECONDS:
            await self._bot.edit_message_text(text, self._message[0], self._message[1])
            self._shown, self._edited = text, loop.time()

    async def _delete(self) -> None:
        assert self._message is not None
        chat_id, message_id = self._message
        self._message = None
        try:
            await self._bot.delete_message(chat_id, message_id)
        except TelegramError as error:
            log.warning("The queue note in General could not be deleted: %s", error)
        if self._place is not None:
            with contextlib.suppress(FileNotFoundError):
                self._place.unlink()

    def _keep_place(self, chat_id: int, message_id: int) -> None:
        if self._place is None:
            return
        descriptor = os.open(self._place, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        try:
            os.write(descriptor, f"{chat_id} {message_id}\n".encode())
        finally:
            os.close(descriptor)

    async def _delete_leftover(self) -> None:
        """A note an earlier run left behind (it stopped before the queue emptied)."""
        if self._place is None or not self._place.exists():
            return
        try:
            chat_id, message_id = (int(part) for part in self._place.read_text().split())
        except ValueError:
            self._place.unlink()
            return
        self._message = (chat_id, message_id)
        await self._delete()
