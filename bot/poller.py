"""Long polling that records every update before Telegram is told it arrived.

PTB's stock Updater confirms a batch's offset as soon as it fetched it, before handlers ran;
a crash then would lose the batch. Here the next getUpdates (which confirms the offset) is
only asked for once the batch is in the inbox table, and each update is marked processed
after its handlers ran, so a restart finishes whatever was recorded but not handled.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.error import Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter

from bot.api_calls import RAW_UPDATES_KEY, RawUpdatesRequest
from bot.fatal import FatalError
from bot.intake import UpdateIntake
from desk.context import FrontdeskApp
from relay.sender import retry_seconds
from storage.db import DatabaseUnavailable

log = logging.getLogger(__name__)

POLL_TIMEOUT_SECONDS = 25
# chat_member (staff leaving the staff group) comes only when asked for, to an admin bot.
ALLOWED_UPDATES = [
    "message",
    "edited_message",
    "callback_query",
    "my_chat_member",
    "chat_member",
    # The shop's own Telegram account (Telegram Business).
    "business_connection",
    "business_message",
    "edited_business_message",
    "deleted_business_messages",
]
MAX_BACKOFF_SECONDS = 30.0
ESTABLISHED_AFTER_SECONDS = 15.0


class DurablePoller:
    """Fetches updates, records them, hands them to the Application in order."""

    def __init__(
        self, app: FrontdeskApp, intake: UpdateIntake, poll_timeout: int = POLL_TIMEOUT_SECONDS
    ) -> None:
        self._app = app
        raw = app.bot_data.get(RAW_UPDATES_KEY)
        self._raw = raw if isinstance(raw, RawUpdatesRequest) else None
        self._intake = intake
        self._poll_timeout = poll_timeout
        self._stopping = asyncio.Event()
        self._established_after = ESTABLISHED_AFTER_SECONDS

    def stop(self) -> None:
        """Ask the loop to finish after the update it is handling."""
        self._stopping.set()

    async def run(self) -> None:
        """Handle what was recorded but not handled, then poll until stopped."""
        await self._until_written(lambda: self._intake.handle_recorded(self._stopping))
        # No offset at first: whatever Telegram still holds is unconfirmed, and what of it
        # was handled already is recognised by its id. An offset from the last id seen would
        # confirm (drop) an update whose id Telegram picked lower after a quiet week.
        offset: int | None = None
        backoff = 1.0
        started = time.monotonic()
        while not self._stopping.is_set():
            try:
                updates = await self._fetch(offset)
            except (InvalidToken, Forbidden) as error:
                raise FatalError(
                    f"Telegram refused the bot token (FRONTDESK_BOT_TOKEN): {error.message}"
                ) from None
            except Conflict:
                # Telegram answers 409 to the older of two pollers. An established poller
                # keeps its place (the newcomer then gets the 409 and gives up); a newcomer
                # refuses to fight one that was there first.
                if time.monotonic() - started < self._established_after:
                    raise FatalError(
                        "another program is already getting updates for this bot token "
                        "(a second Frontdesk, or a webhook); stop it first"
                    ) from None
                log.error("Another program tried to poll with this bot token; keeping on")
                await self._pause(1.0)
                continue
            except RetryAfter as error:
                await self._pause(retry_seconds(error))
                continue
            except NetworkError as error:
                log.warning("Polling failed (%s); retrying in %.0f s", error.message, backoff)
                await self._pause(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                continue
            except (TypeError, ValueError, KeyError) as error:
                # Telegram answered, but PTB could not read an update of the answer (one of
                # a newer Bot API, say). Each is recorded as Telegram sent it and handled on
                # its own: the rest go on, and the unreadable one is set aside and shown.
                unread = self._raw.take_raw() if self._raw is not None else {}
                if not unread:
                    raise
                log.error("Telegram sent an update PTB cannot read (%s)", type(error).__name__)
                await self._until_written(
                    functools.partial(self._intake.take_unread, unread, self._stopping)
                )
                offset = max(unread) + 1
                continue
            backoff = 1.0
            if updates is None:
                break
            if not updates:
                # The call confirmed everything below the offset, and nothing else is
                # waiting: the next call needs no offset (see above).
                offset = None
                continue
            offset = max(update.update_id for update in updates) + 1
            raw = self._raw.take_raw() if self._raw is not None else None
            await self._until_written(
                functools.partial(self._intake.take, updates, self._stopping, raw)
            )

    async def _until_written(self, step: Callable[[], Awaitable[None]]) -> None:
        """Take updates in; while the database cannot be written (busy, full), wait and
        try again without asking Telegram for more, which would confirm these."""
        pause, waited = 1.0, False
        while not self._stopping.is_set():
            try:
                await step()
            except DatabaseUnavailable as error:
                if not waited:
                    log.warning(
                        "The database cannot be written (%s); holding the updates "
                        "unconfirmed and trying again until it can",
                        error,
                    )
                    waited = True
                await self._pause(pause)
                pause = min(pause * 2, MAX_BACKOFF_SECONDS)
                continue
            if waited:
                log.info("The database can be written again; carrying on")
            return

    async def _fetch(self, offset: int | None) -> list[Update] | None:
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
        return list(poll.result())

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)
