"""Watching the bot's updates during `frontdesk setup` without taking any of them.

getUpdates is only ever called without an offset: an offset would confirm updates, and
Telegram would then not give them to `frontdesk run` (a customer's first message, sent while
the owner was still setting up, would be lost). Updates stay queued at Telegram; the watcher
remembers which it has seen and waits politely for new ones.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

from telegram import Bot, Message, Update
from telegram.error import Conflict, NetworkError, RetryAfter

LONG_POLL_SECONDS = 20
PAUSE_SECONDS = 1.0  # between polls while old updates keep getUpdates from waiting
MAX_BACKOFF_SECONDS = 30.0


class SetupError(Exception):
    """Setup cannot go on; the message is one line saying what to do."""


class UpdateWatcher:
    """New updates of the bot, one by one, never confirmed."""

    def __init__(self, bot: Bot, say: Callable[[str], None] | None = None) -> None:
        self._bot = bot
        self._seen: set[int] = set()
        self._new: list[Update] = []
        self._say = say

    async def mark(self) -> None:
        """From here on only updates that arrive later count."""
        self._seen.update(update.update_id for update in await self._poll(wait=0))
        self._new.clear()

    async def updates(self) -> AsyncIterator[Update]:
        """Each new update as it arrives (forever: the caller stops iterating)."""
        while True:
            while self._new:
                yield self._new.pop(0)
            batch = await self._poll(wait=LONG_POLL_SECONDS)
            fresh = [u for u in batch if u.update_id not in self._seen]
            self._seen.update(update.update_id for update in fresh)
            self._new.extend(fresh)
            if batch and not fresh:
                # Telegram answers at once while old updates wait: do not hammer it.
                await asyncio.sleep(PAUSE_SECONDS)

    async def _poll(self, wait: int) -> list[Update]:
        backoff = 1.0
        warned = False
        while True:
            try:
                return list(await self._bot.get_updates(timeout=wait))
            except Conflict:
                raise SetupError(
                    "another program is getting this bot's updates (a running `frontdesk run`,"
                    " or a webhook): stop it, then run `frontdesk setup` again"
                ) from None
            except RetryAfter as error:
                delay = error.retry_after
                await asyncio.sleep(delay if isinstance(delay, int | float) else 5.0)
            except NetworkError as error:
                if not warned and self._say is not None:
                    self._say(f"  (cannot reach Telegram: {error.message}; trying again…)")
                    warned = True
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)


def command_of(message: Message | None, bot_username: str) -> str | None:
    """The command a message starts with ("setup" for "/setup" or "/setup@this_bot"), or
    None (also for a command addressed to another bot)."""
    if message is None or not message.text or not message.text.startswith("/"):
        return None
    word = message.text.split()[0][1:]
    name, _, addressee = word.partition("@")
    if addressee and addressee.lower() != bot_username.lower():
        return None
    return name.lower()
