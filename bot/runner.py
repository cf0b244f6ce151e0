"""Running the desk: open storage, start the Application, poll durably until told to stop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.request import BaseRequest

from bot.api_calls import RAW_UPDATES_KEY
from bot.app import SENDER_KEY, build_application
from bot.fatal import FatalError
from bot.instance_lock import InstanceLock
from bot.intake import UpdateIntake
from bot.poller import DurablePoller
from bot.webhook import WebhookReceiver
from config.settings import Settings
from desk.context import DESK_KEY, FrontdeskApp
from desk.desk import Desk
from handlers.follow_through import wake_for_deadlines
from relay.sender import RelaySender
from storage.db import Database

log = logging.getLogger(__name__)

MAX_STARTUP_BACKOFF_SECONDS = 60.0


@dataclass(frozen=True)
class Running:
    """A started desk, as tests and the benchmark watch it."""

    app: FrontdeskApp
    desk: Desk
    sender: RelaySender
    intake: UpdateIntake

    @property
    def idle(self) -> bool:
        """No update being handled, nothing owed, nothing in flight (the bot may still have
        updates to fetch: see the stand-in's pending count)."""
        return not self.intake.busy and self.sender.idle

    async def run_jobs(self) -> None:
        """Run every periodic job once, now (reminders, the opening sweep)."""
        assert self.app.job_queue is not None
        for job in self.app.job_queue.jobs():
            await job.run(self.app)


async def serve(
    settings: Settings,
    stop: asyncio.Event,
    clock: Callable[[], float] = time.time,
    poll_timeout: int | None = None,
    sweep_seconds: float | None = None,
    on_running: Callable[[Running], None] | None = None,
) -> None:
    """Run Frontdesk until `stop` is set (`on_running` learns of it once it is polling).

    Raises DatabaseError if the database cannot be used and FatalError if Telegram refuses
    the token or another Frontdesk already runs on this database.
    """
    lock = InstanceLock(settings.db_path)
    lock.acquire()
    try:
        db = await Database.open(settings.db_path)
        try:
            sweep = {} if sweep_seconds is None else {"sweep_seconds": sweep_seconds}
            app = build_application(settings, db, clock, **sweep)
            if await _initialize(app, stop):
                try:
                    # run_polling would call these hooks; this loop replaces it, so it does too.
                    if app.post_init is not None:
                        await app.post_init(app)
                    await _serve_initialized(app, stop, clock, poll_timeout, on_running)
                finally:
                    await app.shutdown()
                    if app.post_shutdown is not None:
                        await app.post_shutdown(app)
        finally:
            await db.close()
    finally:
        lock.release()
    log.info("Frontdesk stopped")


async def _initialize(app: FrontdeskApp, stop: asyncio.Event) -> bool:
    """Meet the Bot API (getMe), waiting out network trouble; False if stopped meanwhile."""
    backoff = 1.0
    try:
        while not stop.is_set():
            try:
                await app.initialize()
                return True
            except InvalidToken:
                raise FatalError(
                    "Telegram refused the bot token: check FRONTDESK_BOT_TOKEN"
                ) from None
            except NetworkError as error:
                log.warning("Cannot reach the Bot API (%s); retrying in %.0f s", error, backoff)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), backoff)
                backoff = min(backoff * 2, MAX_STARTUP_BACKOFF_SECONDS)
        await _close_connections(app)
        return False
    except BaseException:
        await _close_connections(app)
        raise


async def _close_connections(app: FrontdeskApp) -> None:
    """Close the HTTP sessions of a bot that never got past getMe (PTB's shutdown skips a
    bot whose initialize failed, and an unclosed aiohttp session is logged as an error)."""
    for request in {app.bot.request, app.bot_data.get(RAW_UPDATES_KEY)}:
        if isinstance(request, BaseRequest):
            await request.shutdown()


async def _serve_initialized(
    app: FrontdeskApp,
    stop: asyncio.Event,
    clock: Callable[[], float],
    poll_timeout: int | None,
    on_running: Callable[[Running], None] | None,
) -> None:
    """Start the Application and feed it updates (polling or webhook) until stopped."""
    desk, sender = app.bot_data[DESK_KEY], app.bot_data[SENDER_KEY]
    assert isinstance(desk, Desk) and isinstance(sender, RelaySender)
    await app.start()
    if desk.alarm is not None:  # the JobQueue runs now: deadlines that passed act at once
        await wake_for_deadlines(desk, desk.alarm)
    intake = UpdateIntake(app, desk.db, clock, desk.settings.owner_ids)
    source: DurablePoller | WebhookReceiver
    if desk.settings.webhook_url:
        source = WebhookReceiver(app, intake, desk.settings)
    else:
        try:
            # A webhook left over from webhook mode would make getUpdates fail with a conflict.
            await app.bot.delete_webhook(drop_pending_updates=False)
        except TelegramError as error:
            log.warning("Could not remove a webhook: %s", error)
        source = DurablePoller(app, intake, **_timeout(poll_timeout))
    if on_running is not None:
        on_running(Running(app, desk, sender, intake))
    polling = asyncio.create_task(source.run(), name="updates")
    stopping = asyncio.create_task(stop.wait(), name="stop signal")
    log.info("Frontdesk is running for %s", desk.settings.shop_name)
    try:
        await asyncio.wait({polling, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        source.stop()
        stopping.cancel()
        try:
            await polling
        finally:
            await intake.close()
            await sender.stop()
            await app.stop()


def _timeout(poll_timeout: int | None) -> dict[str, int]:
    return {} if poll_timeout is None else {"poll_timeout": poll_timeout}
