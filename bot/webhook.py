"""Webhook mode: Telegram pushes updates to us; requests without the secret are refused.

PTB's webhook server checks the X-Telegram-Bot-Api-Secret-Token header (403 otherwise)
and queues each update; from the queue on, updates take the same durable path as polled
ones (inbox first, then handlers).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from urllib.parse import urlparse

from telegram import Update
from telegram.ext import Updater

from bot.context import FrontdeskApp
from bot.intake import UpdateIntake
from bot.poller import ALLOWED_UPDATES
from config.settings import Settings

log = logging.getLogger(__name__)


class WebhookReceiver:
    """Runs PTB's webhook server and feeds what it receives through the intake."""

    def __init__(self, app: FrontdeskApp, intake: UpdateIntake, settings: Settings) -> None:
        self._queue: asyncio.Queue[object] = asyncio.Queue()
        self._updater = Updater(app.bot, self._queue)
        self._intake = intake
        self._settings = settings
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        """Serve the webhook until stopped."""
        url = self._settings.webhook_url
        assert url is not None
        secret = self._settings.webhook_secret
        await self._intake.handle_recorded(self._stopping)
        async with self._updater:
            await self._updater.start_webhook(
                listen="0.0.0.0",
                port=self._settings.webhook_port,
                url_path=urlparse(url).path.lstrip("/"),
                webhook_url=url,
                allowed_updates=ALLOWED_UPDATES,
                drop_pending_updates=False,
                # One update at a time, so they arrive in order (the intake relies on it).
                max_connections=1,
                secret_token=secret.get_secret_value() if secret else None,
            )
            log.info("Listening for webhook updates on port %s", self._settings.webhook_port)
            try:
                while not self._stopping.is_set():
                    update = await self._next()
                    if isinstance(update, Update):
                        await self._intake.take([update], self._stopping)
            finally:
                await self._updater.stop()

    async def _next(self) -> object | None:
        getting = asyncio.ensure_future(self._queue.get())
        stopping = asyncio.ensure_future(self._stopping.wait())
        done, _ = await asyncio.wait({getting, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if getting in done:
            stopping.cancel()
            return getting.result()
        getting.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await getting
        return None
