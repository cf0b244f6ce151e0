"""The relay sender: works through the outbox, one task per lane, retrying what can pass."""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Awaitable, Callable, Iterable
from datetime import timedelta

import aiohttp
from telegram import Bot
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from config.settings import Settings
from logic.texts import blocked_notice, uncertain_notice, undelivered_notice
from relay.batches import Batches
from relay.delivery import Delivery
from relay.lanes import OwedSends
from relay.limits import SendLimits
from relay.targets import customer_lane, lane_for, to_topic, topic_lane
from relay.unconfirmed import UnconfirmedSends
from storage import customers, messages, outbox
from storage.customers import Customer
from storage.db import Database
from storage.made_sends import Copy, MadeSend, MadeSendsFile
from storage.outbox import PendingSend

log = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 30.0
STAFF_CHAT_RETRY_SECONDS = 60.0
# A send that fails for a reason we do not recognise is tried this often, then given up,
# so that one poisoned send cannot hold up a customer's lane for ever.
MAX_UNEXPECTED_FAILURES = 5


# Sends that would show up twice if repeated after Telegram already made them.
_NOT_IDEMPOTENT = {"text", "copy"}


def _may_have_arrived(error: TimedOut) -> bool:
    """A read or write timeout: the request may have reached Telegram (not so a connect one,
    which bot/api_calls.py raises from aiohttp's own)."""
    return not isinstance(error.__cause__, aiohttp.ConnectionTimeoutError)


def retry_seconds(error: RetryAfter) -> float:
    """The wait Telegram asked for, whichever type this PTB version reports it as."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class RelaySender:
    """Makes every owed send, in order within a lane, lanes side by side."""

    def __init__(
        self,
        bot: Bot,
        db: Database,
        settings: Settings,
        clock: Callable[[], float],
    ) -> None:
        self._db = db
        self._settings = settings
        self._clock = clock
        self._unconfirmed = UnconfirmedSends()
        self._delivery = Delivery(
            bot, db, settings, SendLimits(enabled=settings.rate_limits), self._unconfirmed
        )
        self._owed = OwedSends()
        self._batches = Batches(self._owed, self._delivery, db)
        self._made = MadeSendsFile.beside(db.path)
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._idle = asyncio.Event()
        self._idle.set()
        self._stopping = False
        self.on_staff_chat_moved: Callable[[int], Awaitable[None]] | None = None

    async def start(self) -> None:
        """Take up everything the outbox still owes (after a restart, a crash, or a pause)."""
        self._stopping = False
        await self._fold_made_sends()
        for lane in self._owed.replace(await outbox.all_pending(self._db)):
            self._kick(lane)

    async def _fold_made_sends(self) -> None:
        """Sends an earlier run made but did not get to mark done: mark them now."""
        leftovers = self._made.leftovers()
        if leftovers:
            now = self._clock()

            async def fold(db: Database) -> None:
                for made in leftovers:
                    await self._record(db, made, now)

            await self._db.run(fold)
            log.info("Marked %d sends made before the last stop", len(leftovers))
        self._made.clear()

    def take(self, sends: Iterable[PendingSend]) -> None:
        """Sends a write unit owed and committed: make them, each lane in order."""
        if self._stopping:
            return  # they are in the outbox; the next start makes them
        for lane in self._owed.add(sends):
            self._kick(lane)

    def forget(self, customer_ids: Iterable[int]) -> None:
        """These customers were deleted, with the sends owed in their lanes: drop them."""
        for customer_id in customer_ids:
            self._owed.drop_lane(customer_lane(customer_id))
            self._owed.drop_lane(topic_lane(customer_id))
            self._delivery.forget(customer_id)

    def _kick(self, lane: str) -> None:
        task = self._tasks.get(lane)
        if task is None or task.done():
            self._idle.clear()
            self._tasks[lane] = asyncio.create_task(self._work(lane), name=f"relay {lane}")

    async def wait_idle(self) -> None:
        """Wait until every lane has sent what it owes (tests use this)."""
        await self._idle.wait()

    async def stop(self, grace_seconds: float = 5.0) -> None:
        """Finish in-flight sends for a moment, then stop; what is left is sent at next start."""
        self._stopping = True
        tasks = [task for task in self._tasks.values() if not task.done()]
        if tasks:
            _, still_running = await asyncio.wait(tasks, timeout=grace_seconds)
            for task in still_running:
                task.cancel()
            await asyncio.gather(*still_running, return_exceptions=True)
        self._tasks.clear()
        self._made.close()

    async def _work(self, lane: str) -> None:
        try:
            while not self._stopping:
                owed = self._owed.head(lane)
                if not owed:
                    return
                send = owed[0]
                batch = await self._batches.starting_with(send)
                await self._make(send, batch)
        except Exception:
            log.exception("The relay lane %s stopped unexpectedly", lane)
        finally:
            if self._tasks.get(lane) is asyncio.current_task():
                del self._tasks[lane]
            if not self._tasks:
                self._idle.set()

    async def _make(self, send: PendingSend, album: list[PendingSend]) -> None:
        """Make one send (or a batch: an album, merged texts), retrying passing failures."""
        backoff = 0.5
        unexpected = 0
        while not self._stopping:
            try:
                try:
                    if album and album[0].payload.get("album"):
                        copies = await self._delivery.make_album(album)
                    elif album:
                        copies = await self._delivery.make_merged(album)
                    else:
                        copies = await self._delivery.make(send)
                except BaseException:
                    self._unconfirmed.release()  # nothing made that a crash could repeat
                    raise
            except ChatMigrated as error:
                # The staff group became a supergroup with a new id: follow it and resend.
                if self.on_staff_chat_moved is None or not self._to_staff_chat(send):
                    await self._refused_for_good(send, error)
                    return
                await self.on_staff_chat_moved(error.new_chat_id)
                continue
            except RetryAfter as error:
                wait = retry_seconds(error)
                log.warning("Telegram asked to wait %.0f s (send %s)", wait, send.id)
                await self._note_attempt(send, f"retry after {wait:.0f}s")
                await asyncio.sleep(wait)
                continue
            except Forbidden as error:
                if "customer" in send.payload.get("target", {}):
                    await self._refused_for_good(send, error)
                    return
                # Removed from the staff chat: keep the send until we are added back.
                log.warning("Staff chat refused send %s: %s; will retry", send.id, error.message)
                await self._note_attempt(send, error.message)
                await asyncio.sleep(STAFF_CHAT_RETRY_SECONDS)
                continue
            except BadRequest as error:
                await self._refused_for_good(send, error)
                return
            except TimedOut as error:
                if send.kind in _NOT_IDEMPOTENT and _may_have_arrived(error):
                    await self._uncertain(send)
                    return
                await self._note_attempt(send, error.message)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                continue
            except NetworkError as error:
                log.warning("Network trouble on send %s: %s; retrying", send.id, error.message)
                await self._note_attempt(send, error.message)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                continue
            except (TelegramError, Exception) as error:
                unexpected += 1
                log.exception("Send %s (%s) failed", send.id, send.kind)
                if unexpected >= MAX_UNEXPECTED_FAILURES:
                    await self._refused_for_good(send, error)
                    return
                await self._note_attempt(send, repr(error))
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                continue
            await self._finished(album or [send], copies)
            return

    async def _finished(self, sends: list[PendingSend], copies: list[Copy]) -> None:
        """Note the sends as made (first in the made-sends file, so the next send need not
        wait for the database), then mark them done with their copies in one unit."""
        made = MadeSend(tuple(send.id for send in sends), tuple(copies))
        try:
            ticket = self._made.note(made)  # from here on, a crash cannot repeat these sends
        finally:
            self._unconfirmed.release()
        now = self._clock()

        async def record(db: Database) -> None:
            await self._record(db, made, now)

        try:
            await self._db.run(record, urgent=True)
            self._made.settled(ticket)
        finally:
            self._owed.done(sends)  # made, whatever happens: the note is there for the next start

    @staticmethod
    async def _record(db: Database, made: MadeSend, now: float) -> None:
        for copy in made.copies:
            await messages.set_copy(db, copy.message_row, copy.chat_id, copy.message_id)
        for send_id in made.send_ids:
            await outbox.mark_done(db, send_id, now)

    def _to_staff_chat(self, send: PendingSend) -> bool:
        target = send.payload.get("target", {})
        return "topic" in target or target.get("chat") == self._settings.staff_chat_id

    async def _note_attempt(self, send: PendingSend, error: str) -> None:
        async with self._db.transaction():
            await outbox.note_attempt(self._db, send.id, error)

    async def _uncertain(self, send: PendingSend) -> None:
        """A send timed out after Telegram may have made it: say so instead of a blind resend."""
        log.warning("Send %s (%s) timed out; it may or may not have arrived", send.id, send.kind)
        target = send.payload.get("target", {})
        excerpt = None
        if send.kind == "copy":
            stored = await messages.get(self._db, send.payload["message"])
            excerpt = stored.text if stored else None
        await self._give_up(
            send,
            "uncertain: timed out",
            target.get("customer", target.get("topic")),
            lambda customer: uncertain_notice(customer.full_name, "customer" in target, excerpt),
        )

    async def _refused_for_good(self, send: PendingSend, error: Exception) -> None:
        """Give a send up and, if it was meant for a customer, tell their topic why."""
        description = getattr(error, "message", None) or repr(error)
        log.error("Send %s (%s) refused: %s", send.id, send.kind, description)
        blocked = isinstance(error, Forbidden)

        def notice(customer: Customer) -> str:
            if blocked:
                return blocked_notice(customer.full_name)
            return undelivered_notice(customer.full_name, description)

        await self._give_up(
            send, description, send.payload.get("target", {}).get("customer"), notice, blocked
        )

    async def _give_up(
        self,
        send: PendingSend,
        reason: str,
        customer_id: int | None,
        notice: Callable[[Customer], str],
        blocked: bool = False,
    ) -> None:
        """Mark a send failed and post a notice in the customer's topic (if it is about one)."""
        now = self._clock()

        async def give_up(db: Database) -> PendingSend | None:
            await outbox.mark_failed(db, send.id, reason, now)
            if customer_id is None:
                return None
            customer = await customers.get(db, int(customer_id))
            if customer is None:
                return None
            if blocked:
                await customers.set_blocked(db, customer.user_id, True)
            topic = to_topic(customer.user_id)
            payload = {"target": topic, "html": notice(customer)}
            return await outbox.enqueue(db, lane_for(topic), "text", payload, now)

        notice_send = await self._db.run(give_up)
        self._owed.done([send])
        if notice_send is not None:
            self.take([notice_send])
