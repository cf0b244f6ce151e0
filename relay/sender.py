"""The relay sender: works through the outbox, one task per lane, retrying what can pass."""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Iterable
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
from desk.outbox_json import decode
from desk.outcomes import Made, Outcome, Refused, Retrying, StaffChatMoved, Uncertain
from desk.sends import Copy, PendingSend, Text, ToChat, ToCustomer, ToStaffChat
from desk.staff_chat import StaffChat
from relay.batches import Batches
from relay.delivery import Delivered, Delivery, NotCopyable
from relay.lanes import OwedSends
from relay.limits import SendLimits
from relay.queue_notice import QueueNotice
from relay.topics import Report
from relay.unconfirmed import UnconfirmedSends
from storage import messages, outbox
from storage.db import Database, DatabaseUnavailable
from storage.made_sends import MadeSend, MadeSendsFile
from views.people import shop_speech

log = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 30.0
STAFF_CHAT_RETRY_SECONDS = 60.0
# A send that fails for a reason we do not recognise is tried this often, then given up,
# so that one poisoned send cannot hold up a customer's lane for ever.
MAX_UNEXPECTED_FAILURES = 5


def _may_have_arrived(error: TimedOut) -> bool:
    """A read or write timeout or a connection lost after sending: the request may have
    reached Telegram (not so a connect timeout, which bot/api_calls.py raises from aiohttp's
    own; a refused connection is a NetworkError)."""
    return not isinstance(error.__cause__, aiohttp.ConnectionTimeoutError)


def retry_seconds(error: RetryAfter) -> float:
    """The wait Telegram asked for, whichever type this PTB version reports it as."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _patiently(report: Report) -> Report:
    """Report outcomes, waiting out a database that cannot be written for now (a made send
    is in the made-sends file meanwhile, and what failed will be tried again anyway)."""

    async def patient(outcome: Outcome) -> None:
        pause = 0.5
        while True:
            try:
                await report(outcome)
                return
            except DatabaseUnavailable:
                await asyncio.sleep(pause)
                pause = min(pause * 2, MAX_BACKOFF_SECONDS)

    return patient


class RelaySender:
    """Makes every owed send, in order within a lane, lanes side by side."""

    def __init__(
        self,
        bot: Bot,
        db: Database,
        settings: Settings,
        staff_chat: StaffChat,
        report: Report,
    ) -> None:
        self._db = db
        self._staff_chat = staff_chat
        report = _patiently(report)
        self._report = report
        self._unconfirmed = UnconfirmedSends()
        self._limits = SendLimits(enabled=settings.rate_limits)
        self._delivery = Delivery(
            bot,
            db,
            settings,
            staff_chat,
            self._limits,
            self._unconfirmed,
            report,
        )
        self._owed = OwedSends()
        self._batches = Batches(self._owed, self._delivery, db)
        self._made = MadeSendsFile.beside(db.path)
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._stopping = False
        self._notice = QueueNotice(bot, staff_chat, self._limits, shop_speech(settings), db.path)
        self._notice_task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Take up everything the outbox still owes (after a restart, a crash, or a pause)."""
        self._stopping = False
        if self._notice_task is None:
            self._notice_task = asyncio.create_task(self._notice.run(), name="queue note")
        await self._fold_made_sends()
        pending = [
            PendingSend(row.id, row.lane, decode(row.kind, row.payload, row.lane), row.attempts)
            for row in await outbox.all_pending(self._db)
        ]
        for lane in self._owed.replace(pending):
            self._kick(lane)

    async def _fold_made_sends(self) -> None:
        """Sends an earlier run made but did not get to mark done: mark them now."""
        leftovers = self._made.leftovers()
        for made in leftovers:
            await self._report(Made(made))
        if leftovers:
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
            self._owed.drop_lane(f"customer:{customer_id}")
            self._owed.drop_lane(f"topic:{customer_id}")
            self._owed.drop_lane(f"read:{customer_id}")
            self._delivery.forget(customer_id)

    def _kick(self, lane: str) -> None:
        task = self._tasks.get(lane)
        if task is None or task.done():
            self._tasks[lane] = asyncio.create_task(self._work(lane), name=f"relay {lane}")

    @property
    def idle(self) -> bool:
        """Whether nothing is owed and nothing is in flight."""
        return not self._tasks and not len(self._owed)

    async def stop(self, grace_seconds: float = 5.0) -> None:
        """Finish in-flight sends for a moment, then stop; what is left is sent at next start."""
        self._stopping = True
        if self._notice_task is not None:
            self._notice_task.cancel()
            await asyncio.gather(self._notice_task, return_exceptions=True)
            self._notice_task = None
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

    async def _make(self, send: PendingSend, album: list[PendingSend]) -> None:
        """Make one send (or a batch: an album, merged texts), retrying passing failures."""
        backoff = 0.5
        unexpected = 0
        while not self._stopping:
            try:
                try:
                    if album and isinstance(album[0].send, Copy) and album[0].send.album:
                        delivered = await self._delivery.make_album(album)
                    elif album:
                        delivered = await self._delivery.make_merged(album)
                    else:
                        delivered = await self._delivery.make(send.send)
                except BaseException:
                    self._unconfirmed.release()  # nothing made that a crash could repeat
                    raise
            except ChatMigrated as error:
                # The staff group became a supergroup with a new id: follow it and resend.
                if not self._to_staff_chat(send):
                    await self._refused_for_good(send, error)
                    return
                await self._report(StaffChatMoved(error.new_chat_id))
                continue
            except RetryAfter as error:
                wait = retry_seconds(error)
                log.warning("Telegram asked to wait %.0f s (send %s)", wait, send.id)
                if self._to_staff_chat(send):
                    # The wait is the group's: no other lane's send into it goes meanwhile.
                    self._limits.hold_off(self._staff_chat.id, wait)
                await self._note_attempt(send, f"retry after {wait:.0f}s")
                await asyncio.sleep(wait)
                continue
            except Forbidden as error:
                if not self._to_staff_chat(send):
                    await self._refused_for_good(send, error)
                    return
                # Removed from the staff chat: keep the send until we are added back.
                log.warning("Staff chat refused send %s: %s; will retry", send.id, error.message)
                await self._note_attempt(send, error.message)
                await self._staff_chat.until_reachable(STAFF_CHAT_RETRY_SECONDS)
                continue
            except NotCopyable as error:
                await self._refused_for_good(send, error)
                return
            except BadRequest as error:
                if album and not (isinstance(album[0].send, Copy) and album[0].send.album):
                    # A merge Telegram refused: send its parts one by one instead.
                    log.warning("Merged send %s refused (%s); sending apart", send.id, error)
                    album = []
                    continue
                await self._refused_for_good(send, error)
                return
            except TimedOut as error:
                # A copy of someone's words made twice is confusing, so it is not repeated
                # blindly; the bot's own posts (cards, notices) are: a gap would be worse.
                if (album or isinstance(send.send, Copy)) and _may_have_arrived(error):
                    for uncertain in album or [send]:
                        await self._uncertain(uncertain)
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
                log.exception("Send %s (%s) failed", send.id, type(send.send).__name__)
                if unexpected >= MAX_UNEXPECTED_FAILURES:
                    await self._refused_for_good(send, error)
                    return
                await self._note_attempt(send, repr(error))
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                continue
            await self._finished(album or [send], delivered)
            return

    async def _finished(self, sends: list[PendingSend], delivered: Delivered) -> None:
        """Note the sends as made (first in the made-sends file, so the next send need not
        wait for the database), then have the desk record them."""
        made = MadeSend(tuple(send.id for send in sends), delivered.copies)
        try:
            ticket = self._made.note(made)  # from here on, a crash cannot repeat these sends
        finally:
            self._unconfirmed.release()
        try:
            await self._report(Made(made, delivered.posts, delivered.erasure))
            self._made.settled(ticket)
        finally:
            self._owed.done(sends)  # made, whatever happens: the note is there for the next start

    def _to_staff_chat(self, send: PendingSend) -> bool:
        """Whether a send goes to the staff chat (anything but a customer's or owner's chat)."""
        match send.send:
            case Text(target=ToCustomer()) | Copy(target=ToCustomer()):
                return False
            case Text(target=ToChat(chat_id=chat_id)):
                return chat_id in self._staff_chat
            case Text(target=ToStaffChat()):
                return True
        return True

    async def _note_attempt(self, send: PendingSend, error: str) -> None:
        await self._report(Retrying(send.id, error))

    async def _uncertain(self, send: PendingSend) -> None:
        """A send timed out after Telegram may have made it: say so instead of a blind resend."""
        log.warning("Send %s timed out; it may or may not have arrived", send.id)
        excerpt = None
        if isinstance(send.send, Copy):
            stored = await messages.get(self._db, send.send.message_row)
            excerpt = stored.text if stored else None
        await self._report(Uncertain(send, excerpt))
        self._owed.done([send])

    async def _refused_for_good(self, send: PendingSend, error: Exception) -> None:
        """Give a send up; the desk tells the customer's topic why, if it was for them."""
        description = getattr(error, "message", None) or repr(error)
        await self._report(Refused(send, description, blocked=isinstance(error, Forbidden)))
        self._owed.done([send])
