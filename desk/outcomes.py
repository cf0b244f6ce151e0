"""What happened to a send, reported by the relay and recorded here like any other unit.

The relay makes sends and says how it went; it writes no rows of its own and owes no sends.
This is the one place that turns its reports into storage changes and notices.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from desk.desk import Desk, Unit
from desk.sends import Copy as CopySend
from desk.sends import PendingSend, Text, ToChat, ToCustomer, ToStaffChat, ToTopic
from logic.business import refusal_of
from logic.links import message_link
from storage import business, customers, messages, outbox, settings
from storage.made_sends import MadeSend
from views import alert_texts, business_texts, privacy_texts, staff_texts
from views.i18n import Speech, speech
from views.people import shop_speech
from views.privacy_texts import Cleared

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Post:
    """A bot message in the staff chat about a customer (so a reply to it finds them)."""

    customer_id: int
    chat_id: int
    message_id: int
    in_topic: bool  # in the customer's topic (which /forgetme deletes whole), not General


@dataclass(frozen=True)
class Erasure:
    """How clearing a forgotten customer from the staff chat went."""

    user_id: int
    language: str
    topic_deleted: bool
    removed: int = 0
    blanked: int = 0
    kept: tuple[int, ...] = ()  # message ids nobody could remove (staff's, over 48 hours)
    chat_id: int = 0
    business_connection_id: str | None = None  # where the customer wrote to the shop


@dataclass(frozen=True)
class Made:
    """Telegram made these sends (an album or a merge is several), with the copies made."""

    made: MadeSend
    posts: tuple[Post, ...] = ()
    erasure: Erasure | None = None


@dataclass(frozen=True)
class Retrying:
    """A try failed for a passing reason; the send will be tried again."""

    send_id: int
    error: str


@dataclass(frozen=True)
class Refused:
    """Telegram refused the send for good (blocked: the customer blocked the bot)."""

    send: PendingSend
    reason: str
    blocked: bool = False


@dataclass(frozen=True)
class Uncertain:
    """The send timed out after Telegram may have made it: not repeated blindly."""

    send: PendingSend
    excerpt: str | None


@dataclass(frozen=True)
class TopicMade:
    customer_id: int
    thread_id: int
    name: str


@dataclass(frozen=True)
class TopicRenamed:
    customer_id: int
    name: str


@dataclass(frozen=True)
class TopicGone:
    """Staff deleted the customer's topic; the next send makes a new one."""

    customer_id: int


@dataclass(frozen=True)
class NotAForum:
    """The staff chat has no topics (Telegram said so)."""


@dataclass(frozen=True)
class StaffChatMoved:
    """Telegram moved the staff group to a new id (ChatMigrated)."""

    new_chat_id: int


Outcome = (
    Made
    | Retrying
    | Refused
    | Uncertain
    | TopicMade
    | TopicRenamed
    | TopicGone
    | NotAForum
    | StaffChatMoved
)


async def record(desk: Desk, outcome: Outcome) -> None:
    """Record what the relay reports, in one unit (a made send is urgent: until it is
    recorded, a crash would make it again)."""

    async def unit(work: Unit) -> None:
        await _record(work, desk, outcome)

    await desk.run(unit, urgent=isinstance(outcome, Made))


async def _record(work: Unit, desk: Desk, outcome: Outcome) -> None:
    db, staff_chat = work.db, desk.staff_chat
    match outcome:
        case Made(made=made, posts=posts, erasure=erasure):
            for copy in made.copies:
                await messages.set_copy(db, copy.message_row, copy.chat_id, copy.message_id)
            for post in posts:
                await messages.remember_staff_post(
                    db, post.chat_id, post.message_id, post.customer_id, post.in_topic, work.now
                )
            for send_id in made.send_ids:
                await outbox.mark_done(db, send_id, work.now)
            if erasure is not None:
                await _tell_of_erasure(work, desk, erasure)
        case Retrying(send_id=send_id, error=error):
            await outbox.note_attempt(db, send_id, error)
        case Refused(send=send, reason=reason, blocked=blocked):
            # Telegram Business's refusals pass (the window reopens, rights come back).
            level = logging.WARNING if refusal_of(reason) else logging.ERROR
            log.log(level, "Send %s (%s) refused: %s", send.id, type(send.send).__name__, reason)
            await outbox.mark_failed(db, send.id, reason, work.now)
            await _tell_topic_of_refusal(work, shop_speech(desk.settings), send, reason, blocked)
        case Uncertain(send=send, excerpt=excerpt):
            await outbox.mark_failed(db, send.id, "uncertain: timed out", work.now)
            customer_id, to_customer = _customer_of(send)
            customer = await customers.get(db, customer_id) if customer_id else None
            if customer is not None:
                notice = staff_texts.uncertain_notice(
                    shop_speech(desk.settings), customer.full_name, to_customer, excerpt
                )
                await work.say(ToTopic(customer.user_id), notice)
        case TopicMade(customer_id=customer_id, thread_id=thread_id, name=name):
            await customers.set_thread(db, customer_id, thread_id, name)
        case TopicRenamed(customer_id=customer_id, name=name):
            await customers.set_topic_name(db, customer_id, name)
        case TopicGone(customer_id=customer_id):
            await customers.set_thread(db, customer_id, None)
        case NotAForum():
            await staff_chat.set_forum(db, False)
        case StaffChatMoved(new_chat_id=new_chat_id):
            old = staff_chat.id
            if await staff_chat.move(db, new_chat_id):
                for owner_id in desk.settings.owner_ids:
                    await work.say(
                        ToChat(owner_id),
                        alert_texts.staff_chat_moved(shop_speech(desk.settings), old, new_chat_id),
                    )


def _customer_of(send: PendingSend) -> tuple[int | None, bool]:
    """The customer a copy or text was for or about, and whether it went to them."""
    match send.send:
        case Text(target=ToCustomer(customer_id=c)) | CopySend(target=ToCustomer(customer_id=c)):
            return c, True
        case Text(target=ToTopic(customer_id=c)) | CopySend(target=ToTopic(customer_id=c)):
            return c, False
    return None, False


async def _tell_topic_of_refusal(
    work: Unit, sp: Speech, send: PendingSend, reason: str, blocked: bool
) -> None:
    customer_id, to_customer = _customer_of(send)
    if customer_id is None:
        await _tell_owner_to_start(work, sp, send)
        return
    customer = await customers.get(work.db, customer_id)
    if customer is None:
        return
    if not to_customer:
        if isinstance(send.send, CopySend) and "can't be copied" in reason:
            stored = await messages.get(work.db, send.send.message_row)
            kind = stored.kind if stored else "message"
            notice = alert_texts.not_copyable_notice(
                sp, customer.full_name, kind, "forwarded" in reason
            )
            await work.say(ToTopic(customer_id), notice)
        return
    business_refusal = None
    if customer.business_connection_id is not None:
        account = await business.get(work.db, customer.business_connection_id)
        business_refusal = refusal_of(reason)
        if business_refusal is None and account is not None and not account.rights.works:
            business_refusal = "connection"  # whatever Telegram said: the account is off
    # A reply is kept and sent when the customer next writes (handlers/business.py); the
    # bot's own texts (reminders, questions) would make no sense late, so they are not.
    kept = isinstance(send.send, CopySend)
    if business_refusal is not None and kept:
        await outbox.keep(work.db, send.id)
    if business_refusal == "window":
        late = business_texts.outside_window if kept else business_texts.outside_window_not_kept
        notice = late(sp, customer.full_name)
    elif business_refusal == "connection":
        gone = (
            business_texts.account_unavailable
            if kept
            else business_texts.account_unavailable_not_kept
        )
        notice = gone(sp, customer.full_name)
    elif customer.business_connection_id and "can't be copied" in reason:
        copied = send.send.message_row if isinstance(send.send, CopySend) else None
        stored = await messages.get(work.db, copied) if copied is not None else None
        kind = stored.kind if stored is not None else "message"
        notice = business_texts.not_sendable(sp, customer.full_name, kind)
    elif blocked:
        await customers.set_blocked(work.db, customer_id, True)
        notice = staff_texts.blocked_notice(sp, customer.full_name)
    else:
        notice = staff_texts.undelivered_notice(sp, customer.full_name, reason)
    await work.say(ToTopic(customer_id), notice)


async def _tell_of_erasure(work: Unit, desk: Desk, erasure: Erasure) -> None:
    """The forgotten customer and the owners learn exactly what left the staff chat."""
    cleared = Cleared(erasure.topic_deleted, erasure.removed, erasure.blanked, len(erasure.kept))
    note = privacy_texts.staff_chat_cleared(speech(erasure.language), cleared)
    await work.say(ToChat(erasure.user_id, None, erasure.business_connection_id), note)
    links = [message_link(erasure.chat_id, message_id) for message_id in erasure.kept]
    shop = shop_speech(desk.settings)
    for owner_id in desk.settings.owner_ids:
        await work.say(ToChat(owner_id), privacy_texts.forgotten_for_owner(shop, cleared, links))


async def _tell_owner_to_start(work: Unit, sp: Speech, send: PendingSend) -> None:
    """A notice to an owner failed for good (they never pressed Start, or blocked the bot):
    it is not retried; the staff chat is told once what the owner needs to do."""
    match send.send:
        case Text(target=ToChat(chat_id=owner_id)) if owner_id > 0:
            pass
        case _:
            return
    key = f"owner_unreachable:{owner_id}"
    if await settings.get(work.db, key) is not None:
        return
    await settings.put(work.db, key, str(work.now))
    await work.say(ToStaffChat(), alert_texts.owner_unreachable(sp, owner_id))
