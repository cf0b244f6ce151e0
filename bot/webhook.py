"""Webhook mode: Telegram pushes updates to us; requests without the secret are refused.

There is always a secret: without FRONTDESK_WEBHOOK_SECRET one is made at each start and
given to Telegram with setWebhook, so nobody who merely reaches the port can post updates.

Each update is written to the inbox before Telegram gets its 200, as polling confirms an
offset only after the batch is recorded: a kill -9 right after the answer loses nothing.
(PTB's own webhook server answers as soon as an update is queued, before anything is
stored, so Frontdesk serves the webhook itself with aiohttp.) Telegram is asked for one
connection at a time, so updates arrive in order and are handled in that order.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import secrets
import time
from urllib.parse import urlparse

from aiohttp import web
from telegram import Update

from bot.fatal import FatalError
from bot.intake import UpdateIntake
from bot.logs import mask_in_logs
from bot.poller import ALLOWED_UPDATES
from config.settings import Settings
from desk.context import FrontdeskApp
from logic.update_ids import plausible_update_id
from storage.db import DatabaseUnavailable

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookReceiver:
    """Serves Telegram's webhook calls and feeds the updates through the intake."""

    def __init__(self, app: FrontdeskApp, intake: UpdateIntake, settings: Settings) -> None:
        self._app = app
        self._intake = intake
        self._settings = settings
        self._received: asyncio.Queue[list[Update]] = asyncio.Queue()
        self._stopping = asyncio.Event()
        secret = settings.webhook_secret
        # Telegram takes 1-256 characters of A-Z a-z 0-9 _ -: token_urlsafe(32) is 43 of them.
        self._secret = secret.get_secret_value() if secret else secrets.token_urlsafe(32)
        mask_in_logs(self._secret)
        self._newest: int | None = None  # the id of the update recorded last
        # When it arrived; the start stands in for that until an update comes (so an id
        # Telegram picks at random after a quiet week is taken a week after the start).
        self._newest_at = time.monotonic()

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        """Handle what was recorded but not handled, then serve the webhook until stopped."""
        url = self._settings.webhook_url
        assert url is not None
        await self._intake.handle_recorded(self._stopping)
        self._newest = await self._intake.last_update_id()
        server = web.Application()
        server.router.add_post(urlparse(url).path or "/", self._receive)
        runner = web.AppRunner(server, access_log=None, handle_signals=False)
        await runner.setup()
        try:
            await self._listen(runner)
            await self._app.bot.set_webhook(
                url,
                allowed_updates=ALLOWED_UPDATES,
                drop_pending_updates=False,
                max_connections=1,  # one update at a time, so they arrive in order
                secret_token=self._secret,
            )
            log.info("Listening for webhook updates on port %s", self._settings.webhook_port)
            while (updates := await self._next()) is not None:
                try:
                    await self._intake.handle(updates, self._stopping)
                except DatabaseUnavailable as error:
                    # They are in the inbox: handle them once the database can be written.
                    log.warning("The database cannot be written (%s); trying again", error)
                    await asyncio.sleep(1.0)
                    await self._handle_recorded_later()
        finally:
            await runner.cleanup()

    async def _listen(self, runner: web.AppRunner) -> None:
        port = self._settings.webhook_port
        try:
            await web.TCPSite(runner, "0.0.0.0", port).start()
        except OSError as error:
            raise FatalError(
                f"cannot listen on port {port} (FRONTDESK_WEBHOOK_PORT): {error.strerror}"
            ) from None

    async def _receive(self, request: web.Request) -> web.Response:
        """One call from Telegram: refuse it without the secret, else record, then answer."""
        if not hmac.compare_digest(
            request.headers.get(SECRET_HEADER, "").encode(), self._secret.encode()
        ):
            return web.Response(status=403, text="wrong or missing secret token")
        text = await request.text()
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        update_id = data.get("update_id") if isinstance(data, dict) else None
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            log.warning("Refused a webhook call that is not an update")
            return web.Response(status=400, text="not an update")
        if not plausible_update_id(update_id, self._newest, time.monotonic() - self._newest_at):
            log.warning("Refused update %s: too far from the newest, %s", update_id, self._newest)
            return web.Response(status=400, text="implausible update id")
        try:
            update = Update.de_json(data, self._app.bot)
        except Exception:
            # Telegram's, but PTB cannot read it (a newer Bot API's object, say). Refusing it
            # would have Telegram send it again and again, holding back every later update.
            log.error("Telegram sent an update PTB cannot read; it is set aside")
            try:
                await self._intake.set_aside_unread(update_id, text)
            except DatabaseUnavailable:
                return web.Response(status=503, text="busy, try again")
            return web.Response(text="ok")
        try:
            fresh = await self._intake.record_now([update], {update.update_id: text})
        except DatabaseUnavailable as error:
            # Telegram tries again later: nothing is confirmed until it is stored.
            log.warning("The database cannot be written (%s); asked Telegram to retry", error)
            return web.Response(status=503, text="busy, try again")
        if fresh:
            # The last one, not the highest: after a quiet week Telegram starts lower.
            self._newest = fresh[-1].update_id
            self._newest_at = time.monotonic()
            self._received.put_nowait(fresh)
        return web.Response(text="ok")

    async def _handle_recorded_later(self) -> None:
        while not self._stopping.is_set():
            try:
                await self._intake.handle_recorded(self._stopping)
                return
            except DatabaseUnavailable:
                await asyncio.sleep(5.0)

    async def _next(self) -> list[Update] | None:
        """The next updates received, or None once stopping."""
        getting = asyncio.ensure_future(self._received.get())
        stopping = asyncio.ensure_future(self._stopping.wait())
        done, _ = await asyncio.wait({getting, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if getting in done:
            stopping.cancel()
            return getting.result()
        getting.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await getting
        return None
