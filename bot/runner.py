"""Running the desk: start the Application, poll durably until told to stop, shut down."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from bot.app import build_application
from bot.context import DESK_KEY
from bot.desk import Desk
from bot.poller import DurablePoller
from config.settings import Settings

log = logging.getLogger(__name__)


async def serve(
    settings: Settings,
    stop: asyncio.Event,
    clock: Callable[[], float] = time.time,
    poll_timeout: int | None = None,
) -> None:
    """Run Frontdesk until `stop` is set; raises FatalPollingError if polling cannot go on."""
    app = build_application(settings, clock)
    async with app:
        desk = app.bot_data[DESK_KEY]
        assert isinstance(desk, Desk)
        await app.start()
        await app.bot.delete_webhook(drop_pending_updates=False)
        poller = DurablePoller(app, desk.db, clock, **_timeout(poll_timeout))
        polling = asyncio.create_task(poller.run(), name="polling")
        stopping = asyncio.create_task(stop.wait(), name="stop signal")
        log.info("Frontdesk is running for %s", settings.shop_name)
        try:
            await asyncio.wait({polling, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            poller.stop()
            stopping.cancel()
            try:
                await polling
            finally:
                await desk.sender.stop()
                await app.stop()
    log.info("Frontdesk stopped")


def _timeout(poll_timeout: int | None) -> dict[str, int]:
    return {} if poll_timeout is None else {"poll_timeout": poll_timeout}
