"""Recording updates in the inbox, then handing them to the Application (in order per chat)."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Iterable

from telegram import Update
from telegram.constants import ChatType

from bot.recent_updates import RecentUpdates
from desk.context import DESK_KEY, FAILED_UPDATES_KEY, FrontdeskApp
from desk.desk import Desk
from handlers.errors import give_up_on, set_aside
from storage import inbox
from storage.db import Database, DatabaseUnavailable, Tx, Unit

log = logging.getLogger(__name__)

# An update whose handlers raised stays in the inbox and is tried again after 1 s, then 2 s;
# the third failure sets it aside and shows the staff chat what it was.
MAX_ATTEMPTS = 3
RETRY_SECONDS = 1.0


class UpdateIntake:
    """The one way updates enter Frontdesk, whether they came by polling or by webhook."""

    def __init__(
        self,
        app: FrontdeskApp,
        db: Database,
        clock: Callable[[], float],
        owner_ids: Iterable[int] = (),
    ) -> None:
        self._app = app
        self._db = db
        self._clock = clock
        self._owner_ids = frozenset(owner_ids)
        self._lock = asyncio.Lock()
        self._recent = RecentUpdates(db)
        self._taking = 0  # batches being recorded and handled right now
        self._retries: set[asyncio.Task[None]] = set()
        self._retries_waiting = 0
        self._stopping: asyncio.Event | None = None
        self._unavailable: DatabaseUnavailable | None = None  # met while handling a batch

    @property
    def busy(self) -> bool:
        """Whether updates are being recorded or handled."""
        return self._taking > 0 or self._lock.locked() or self._retries_waiting > 0

    async def take(
        self,
        updates: list[Update],
        stopping: asyncio.Event | None = None,
        raw: dict[int, str] | None = None,
    ) -> None:
        """Record fetched updates (as `raw` JSON texts where given) and handle the new ones
        from memory (no second parse). Returns once they are recorded and handled: only
        then may the poller tell Telegram they arrived."""
        self._taking += 1
        try:
            await self._take(updates, stopping, raw)
        finally:
            self._taking -= 1

    async def _take(
        self, updates: list[Update], stopping: asyncio.Event | None, raw: dict[int, str] | None
    ) -> None:
        fresh = await self._storable(await self._recent.fresh(updates), raw)
        if not fresh:
            return
        # Recording is submitted before any handler runs, so it is written before their
        # units (in the same trip, if they come quickly enough).
        recording = self._db.write(self._recording(fresh, raw))
        try:
            await self.handle(fresh, stopping)
        finally:
            try:
                await recording
            except BaseException:
                self._recent.unseen(fresh)
                raise

    async def take_unread(self, raw: dict[int, str], stopping: asyncio.Event | None) -> None:
        """A batch PTB could not read as a whole: each update is recorded as Telegram sent it,
        then all are handled one by one (one that cannot be read is set aside at once)."""
        batch, now = sorted(raw.items()), self._clock()

        async def record(tx: Tx) -> set[int]:
            return await inbox.record(tx, batch, now)

        await self._db.write(record)
        await self.handle_recorded(stopping)

    async def set_aside_unread(self, update_id: int, text: str) -> None:
        """One update PTB cannot read (the webhook's): kept in the dead letters as Telegram
        sent it, and the staff chat is shown that something could not be read."""
        now = self._clock()

        async def record(tx: Tx) -> set[int]:
            return await inbox.record(tx, [(update_id, text)], now)

        if await self._db.write(record):
            desk = self._app.bot_data[DESK_KEY]
            assert isinstance(desk, Desk)
            await give_up_on(desk, update_id, None, "unreadable")

    async def record_now(
        self, updates: list[Update], raw: dict[int, str] | None = None
    ) -> list[Update]:
        """Record updates and wait until they are written (a webhook may answer Telegram
        only then); returns the ones not seen before, for handle()."""
        fresh = await self._storable(await self._recent.fresh(updates), raw)
        if fresh:
            try:
                await self._db.write(self._recording(fresh, raw))
            except BaseException:
                self._recent.unseen(fresh)
                raise
        return fresh

    async def handle(self, updates: list[Update], stopping: asyncio.Event | None = None) -> None:
        """Handle recorded updates (see _handle_all for the order). Raises
        DatabaseUnavailable if some could not be handled for now: they are not seen yet,
        so the source can offer them again."""
        await self._handle_all([(u.update_id, u) for u in updates], stopping)
        self._raise_unavailable()

    def _raise_unavailable(self) -> None:
        unavailable, self._unavailable = self._unavailable, None
        if unavailable is not None:
            raise unavailable

    async def _storable(self, updates: list[Update], raw: dict[int, str] | None) -> list[Update]:
        """The updates SQLite can store; any other (text that is not valid Unicode, such as a
        lone surrogate, which SQLite refuses) is set aside at once rather than stop every
        batch after it, at every start."""
        storable = []
        for update in updates:
            text = (raw or {}).get(update.update_id) or update.to_json()
            try:
                text.encode()
            except UnicodeEncodeError:
                desk = self._app.bot_data[DESK_KEY]
                assert isinstance(desk, Desk)
                await set_aside(desk, update, json.dumps(json.loads(text)), self._clock())
                continue
            storable.append(update)
        return storable

    def _recording(self, updates: list[Update], raw: dict[int, str] | None) -> Unit[set[int]]:
        texts = [(u.update_id, (raw or {}).get(u.update_id) or u.to_json()) for u in updates]
        now = self._clock()
        prune = self._recent.prune_due(now)

        async def record(tx: Tx) -> set[int]:
            if prune:
                await inbox.forget_handled_before(tx, now - inbox.KEEP_HANDLED_SECONDS)
            return await inbox.record(tx, texts, now)

        return record

    async def handle_recorded(self, stopping: asyncio.Event | None = None) -> None:
        """Handle every recorded update not handled yet, oldest first, one at a time."""
        recorded = []
        for raw in await inbox.unprocessed(self._db):
            try:
                update = Update.de_json(raw, self._app.bot)
            except Exception:
                # An update PTB cannot read would otherwise stop every later one.
                log.exception("Update %s could not be read", raw["update_id"])
                update = None
            recorded.append((raw["update_id"], update))
        await self._handle_all(recorded, stopping)
        self._raise_unavailable()

    async def _handle_all(
        self, updates: list[tuple[int, Update | None]], stopping: asyncio.Event | None
    ) -> None:
        """Customers' updates: each chat's in order, different customers side by side (their
        write units then share trips to the database). Anything else (the staff chat, owners,
        the bot's memberships) can change what a customer's message means, so it is handled
        alone, after what came before it and before what came after."""
        customers: dict[int, list[tuple[int, Update | None]]] = {}
        async with self._lock:
            for update_id, update in updates:
                chat_id = self._customer_chat(update)
                if chat_id is not None:
                    customers.setdefault(chat_id, []).append((update_id, update))
                    continue
                await self._side_by_side(customers, stopping)
                customers = {}
                await self._handle_in_order([(update_id, update)], stopping)
            await self._side_by_side(customers, stopping)

    def _customer_chat(self, update: Update | None) -> int | None:
        chat = update.effective_chat if update is not None else None
        if chat is None or chat.type != ChatType.PRIVATE or chat.id in self._owner_ids:
            return None
        return chat.id

    async def _side_by_side(
        self, chats: dict[int, list[tuple[int, Update | None]]], stopping: asyncio.Event | None
    ) -> None:
        if len(chats) == 1:  # the usual case when it is quiet: no tasks needed
            [in_order] = chats.values()
            await self._handle_in_order(in_order, stopping)
            return
        async with asyncio.TaskGroup() as group:
            for in_order in chats.values():
                group.create_task(self._handle_in_order(in_order, stopping))

    async def _handle_in_order(
        self, updates: list[tuple[int, Update | None]], stopping: asyncio.Event | None
    ) -> None:
        self._stopping = stopping
        failures: dict[int, BaseException] = self._app.bot_data.setdefault(FAILED_UPDATES_KEY, {})
        for done, (update_id, update) in enumerate(updates):
            if stopping is not None and stopping.is_set():
                return
            error: BaseException | None = ValueError("it could not be read")
            try:
                if update is not None:
                    # PTB hands a handler's exception to the error handler and returns as
                    # if all went well; the error handler notes the update's id.
                    failures.pop(update_id, None)
                    await self._app.process_update(update)
                    error = failures.pop(update_id, None)
                if isinstance(error, DatabaseUnavailable):
                    raise error
                if error is not None:
                    await self._failed(update_id, update, error)
                else:
                    await self._mark_processed(update_id)
            except DatabaseUnavailable as unavailable:
                # Not the update's fault: it and the rest of this chat's wait for the
                # database, not counted as attempts (see take()).
                self._recent.unseen([u for _, u in updates[done:] if u is not None])
                self._unavailable = unavailable
                return

    async def _failed(self, update_id: int, update: Update | None, error: BaseException) -> None:
        """Keep a failed update in the inbox and try it again later; after the last attempt
        set it aside and show the staff chat what it was."""

        async def note(tx: Tx) -> int:
            return await inbox.note_failure(tx, update_id)

        attempts = await self._db.write(note)
        if update is None or attempts >= MAX_ATTEMPTS:
            desk = self._app.bot_data[DESK_KEY]
            assert isinstance(desk, Desk)
            await give_up_on(desk, update_id, update, type(error).__name__)
            return
        log.warning("Update %s failed (%s); trying it again", update_id, type(error).__name__)
        self._retries_waiting += 1
        retry = asyncio.create_task(self._retry(update, RETRY_SECONDS * 2 ** (attempts - 1)))
        self._retries.add(retry)
        retry.add_done_callback(self._retries.discard)

    async def close(self) -> None:
        """Drop the retries waiting (those updates stay in the inbox for the next start)."""
        for retry in list(self._retries):
            retry.cancel()
        await asyncio.gather(*self._retries, return_exceptions=True)

    async def _retry(self, update: Update, delay: float) -> None:
        try:
            await asyncio.sleep(delay)
            if self._stopping is None or not self._stopping.is_set():
                await self._handle_all([(update.update_id, update)], self._stopping)
        except Exception:
            # It is still in the inbox: the next start tries it again.
            log.exception("Retrying update %s failed", update.update_id)
        finally:
            self._retries_waiting -= 1

    async def _mark_processed(self, update_id: int) -> None:
        async def mark(tx: Tx) -> None:
            await inbox.mark_processed(tx, update_id)

        await self._db.write(mark)

    async def last_update_id(self) -> int | None:
        """The id of the update received last."""
        return await inbox.last_update_id(self._db)
