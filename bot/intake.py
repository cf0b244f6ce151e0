"""Recording updates in the inbox, then handing them to the Application in order."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from telegram import Update

from bot.context import FrontdeskApp
from storage import inbox
from storage.db import Database

log = logging.getLogger(__name__)


class UpdateIntake:
    """The one way updates enter Frontdesk, whether they came by polling or by webhook."""

    def __init__(self, app: FrontdeskApp, db: Database, clock: Callable[[], float]) -> None:
        self._app = app
        self._db = db
        self._clock = clock
        self._lock = asyncio.Lock()

    async def record(self, updates: list[dict[str, Any]]) -> None:
        """Store raw updates durably (a redelivered update is stored once)."""
        await inbox.record_batch(self._db, updates, self._clock())

    async def take(
        self,
        updates: list[Update],
        stopping: asyncio.Event | None = None,
        raw: dict[int, str] | None = None,
    ) -> None:
        """Record fetched updates (as `raw` JSON texts where given), then handle the new ones
        from memory (no second parse)."""
        raw = raw or {}
        texts = [(u.update_id, raw.get(u.update_id) or u.to_json()) for u in updates]
        stored = await inbox.record_texts(self._db, texts, self._clock())
        async with self._lock:
            for update in updates:
                if update.update_id in stored:
                    await self._handle(update.update_id, update)
                if stopping is not None and stopping.is_set():
                    return

    async def handle_recorded(self, stopping: asyncio.Event | None = None) -> None:
        """Handle every recorded update not handled yet, oldest first, one at a time."""
        async with self._lock:
            for raw in await inbox.unprocessed(self._db):
                try:
                    update = Update.de_json(raw, self._app.bot)
                except Exception:
                    # An update PTB cannot read would otherwise stop every later one.
                    log.exception("Skipping update %s that could not be read", raw["update_id"])
                    update = None
                await self._handle(raw["update_id"], update)
                if stopping is not None and stopping.is_set():
                    return

    async def _handle(self, update_id: int, update: Update | None) -> None:
        if update is not None:
            await self._app.process_update(update)
        await inbox.mark_processed(self._db, update_id, self._clock())

    async def last_update_id(self) -> int | None:
        """The newest update id ever recorded."""
        return await inbox.last_update_id(self._db)
