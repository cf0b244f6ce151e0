"""Long polling that records every update before Telegram is told it arrived.

PTB's stock Updater confirms a batch's offset as soon as it fetched it, before handlers ran;
a crash then would lose the batch. Here the next getUpdates (which confirms the offset) is
only asked for once the batch is in the inbox table, and each update is marked processed
after its handlers ran, so a restart finishes whatever was recorded but not handled.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from typing import Any

from telegram import Update
from telegram.error import Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter

from bot.context import FrontdeskApp
from bot.fatal import FatalError
from relay.sender import retry_seconds
from storage import inbox
from storage.db import Database

log = logging.getLogger(__name__)

POLL_TIMEOUT_SECONDS = 25
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]
MAX_BACKOFF_SECONDS = 30.0


class DurablePoller:
    """Fetches updates, records them, hands them to the Application in order."""

    def __init__(
        self,
        app: FrontdeskApp,
        db: Database,
        clock: Callable[[], float],
        poll_timeout: int = POLL_TIMEOUT_SECONDS,
    ) -> None:
        self._app = app
        self._db = db
        self._clock = clock
        self._poll_timeout = poll_timeout
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        """Ask the loop to finish after the update it is handling."""
        self._stopping.set()

    async def run(self) -> None:
        """Handle what was recorded but not handled, then poll until stopped."""
        await self._handle_recorded()
        last = await inbox.last_update_id(self._db)
        offset = last + 1 if last is not None else None
        backoff = 1.0
        while not self._stopping.is_set():
            try:
                updates = await self._fetch(offset)
            except (InvalidToken, Forbidden) as error:
                raise FatalError(
                    "Telegram refused the bot token (FRONTDESK_BOT_TOKEN): " + error.message
                ) from None
            except Conflict:
                raise FatalError(
                    "Another program is already polling with this bot token; stop it first"
                ) from None
            except RetryAfter as error:
                await self._pause(retry_seconds(error))
                continue
            except NetworkError as error:
                log.warning("Polling failed (%s); retrying in %.0f s", error.message, backoff)
                await self._pause(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                continue
            backoff = 1.0
            if updates is None:
                break
            if not updates:
                continue
            await inbox.record_batch(self._db, updates, self._clock())
            offset = max(update["update_id"] for update in updates) + 1
            await self._handle_recorded()

    async def _fetch(self, offset: int | None) -> list[dict[str, Any]] | None:
        """One long poll, abandoned (None) if we are asked to stop meanwhile."""
        poll = asyncio.ensure_future(
            self._app.bot.get_updates(
                offset=offset, timeout=self._poll_timeout, allowed_updates=ALLOWED_UPDATES
            )
        )
        stop = asyncio.ensure_future(self._stopping.wait())
        done, _ = await asyncio.wait({poll, stop}, return_when=asyncio.FIRST_COMPLETED)
        if poll not in done:
            # Nothing fetched by a cancelled poll is lost: its offset was never confirmed.
            poll.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await poll
            return None
        stop.cancel()
        return [json.loads(update.to_json()) for update in poll.result()]

    async def _handle_recorded(self) -> None:
        for raw in await inbox.unprocessed(self._db):
            update = Update.de_json(raw, self._app.bot)
            await self._app.process_update(update)
            await inbox.mark_processed(self._db, raw["update_id"], self._clock())
            if self._stopping.is_set():
                return

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)
