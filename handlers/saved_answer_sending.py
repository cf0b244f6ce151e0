"""/r in a customer's topic: a saved answer sent to the customer as the staff member's reply
(alone: buttons to pick one, each checked again when pressed)."""

from __future__ import annotations

import hashlib
import re

from telegram import Message, Update

from config.settings import Settings
from desk.context import Ctx
from desk.desk import Unit
from desk.sends import Buttons, ToCustomer, ToTopic
from handlers.common import (
    answer_quietly,
    command_argument,
    customer_of_staff_message,
    first_reply_signature,
    reply_target,
)
from handlers.staff_commands import _caller as team_caller
from logic.saved_answers import BadKey, closest_keys, parse_key, pick_variant, plain, render
from storage import conversations, customers, messages, saved_answers, staff, waits
from storage.staff import StaffMember
from views import saved_answer_texts, staff_texts, texts
from views.i18n import Speech
from views.people import customer_speech, shop_speech
from views.saved_answer_texts import ANSWER_LIMIT
from views.texts import h

ANSWER_PATTERN = re.compile(r"^r:(\d{1,18}):(\d{1,18})$")
_BUTTON_KEYS = 40


async def send_answer(update: Update, context: Ctx) -> None:
    """/r key in a customer's topic: send that saved answer as this staff member's reply;
    /r alone offers the saved answers as buttons."""
    message, member = await team_caller(update, context)
    if message is None or member is None:
        return
    wanted = command_argument(message)
    settings = context.settings
    sp = shop_speech(settings)

    async def unit(work: Unit) -> None:
        customer_id = await customer_of_staff_message(work.db, message)
        if customer_id is None:
            await _reply(work, message, staff_texts.only_in_topic(sp, "/r"))
            return
        if not wanted:
            await _offer(work, sp, message, customer_id)
            return
        try:
            key = parse_key(wanted)
            variants = await saved_answers.variants(work.db, key.key)
        except BadKey:
            variants = {}
        if not variants:
            closest = closest_keys(wanted, await saved_answers.keys(work.db))
            await _reply(work, message, saved_answer_texts.unknown_key(sp, wanted, closest))
            return
        if key.language and key.language in variants:  # /r refund.de: that one, for anyone
            variants = {"": variants[key.language]}
        await _send(
            work,
            settings,
            member,
            customer_id,
            key.key,
            variants,
            (message.chat_id, message.message_id),
        )

    await context.desk.run(unit)


async def _offer(work: Unit, sp: Speech, message: Message, customer_id: int) -> None:
    answers = (await saved_answers.listing(work.db))[:_BUTTON_KEYS]
    conversation = await conversations.latest(work.db, customer_id)
    if not answers or conversation is None:
        await _reply(work, message, saved_answer_texts.no_answers_yet(sp))
        return
    labels = [(answer.key, f"r:{answer.id}:{conversation.id}") for answer in answers]
    buttons: Buttons = tuple(tuple(labels[i : i + 2]) for i in range(0, len(labels), 2))
    await _reply(work, message, saved_answer_texts.pick_answer(sp), buttons)


async def press_answer(update: Update, context: Ctx) -> None:
    """A saved answer's button: sent if pressed in its topic by a team member, while the
    answer exists and the topic's conversation is still the one it was offered for."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None or query.data is None:
        return
    match = ANSWER_PATTERN.match(query.data)
    button_message = query.message
    if match is None or not isinstance(button_message, Message):
        await answer_quietly(query, texts.button_expired(shop_speech(context.settings)))
        return
    answer_id, conversation_id = int(match[1]), int(match[2])
    settings = context.settings
    sp = shop_speech(settings)
    in_staff_chat = button_message.chat.id in context.desk.staff_chat
    thread = button_message.message_thread_id if button_message.is_topic_message else None
    # A press has no message of its own: its row gets a source no real message can have.
    source = (user.id, -int(hashlib.sha1(query.id.encode()).hexdigest()[:14], 16))

    async def unit(work: Unit) -> str:
        member = await staff.get(work.db, user.id)
        if member is None or not member.is_member or not in_staff_chat:
            return saved_answer_texts.team_only(sp)
        conversation = await conversations.get(work.db, conversation_id)
        latest = (
            await conversations.latest(work.db, conversation.customer_id) if conversation else None
        )
        customer = await customers.get(work.db, latest.customer_id) if latest else None
        if (
            conversation is None
            or latest is None
            or latest.id != conversation.id
            or customer is None
            or (thread is not None and customer.thread_id != thread)
        ):
            return saved_answer_texts.topic_moved_on(sp)
        answer = await saved_answers.get(work.db, answer_id)
        if answer is None:
            return saved_answer_texts.answer_gone(sp)
        variants = await saved_answers.variants(work.db, answer.key)
        sent = await _send(work, settings, member, customer.user_id, answer.key, variants, source)
        return saved_answer_texts.answer_sent_toast(sp, answer.key) if sent else ""

    toast = await context.desk.run(unit)
    await answer_quietly(query, toast)


async def _send(
    work: Unit,
    settings: Settings,
    member: StaffMember,
    customer_id: int,
    key: str,
    variants: dict[str, str],
    source: tuple[int, int],
) -> bool:
    """The answer goes to the customer as the member's reply: recorded as theirs, the wait
    ended, and shown in the topic."""
    db = work.db
    customer = await customers.get(db, customer_id)
    if customer is None:
        return False
    # The language the desk writes to this customer in: their /language choice first.
    html = render(
        pick_variant(variants, customer_speech(settings, customer).code),
        name=customer.first_name,
        shop=settings.shop_name,
        agent=member.name,
    )
    length = len(plain(html))
    staff_sp = shop_speech(settings)
    if length > ANSWER_LIMIT:
        await work.say(
            ToTopic(customer_id),
            saved_answer_texts.rendered_too_long(staff_sp, key, length, ANSWER_LIMIT),
        )
        return False
    conversation = await conversations.current_open(db, customer_id) or await conversations.latest(
        db, customer_id
    )
    line = None
    if customer.business_connection_id is not None:  # the customer sees only the shop's name
        line = await first_reply_signature(db, settings, customer_id, conversation, member.user_id)
    stored = await messages.record(
        db,
        customer_id=customer_id,
        conversation_id=conversation.id if conversation else None,
        direction="out",
        author_id=member.user_id,
        kind="text",
        text=plain(html),
        source_chat_id=source[0],
        source_message_id=source[1],
        media_group_id=None,
        now=work.now,
    )
    if stored is None:  # this very command was handled before
        return False
    if conversation is not None:
        await conversations.note_staff_reply(db, conversation.id, work.now)
        await waits.end(db, conversation.id, work.now)
    await work.say(ToCustomer(customer_id), f"{h(line)}\n{html}" if line else html)
    await work.say(
        ToTopic(customer_id), saved_answer_texts.answer_sent(staff_sp, member.name, key, html)
    )
    return True


async def _reply(work: Unit, message: Message, html: str, buttons: Buttons = ()) -> None:
    await work.say(reply_target(message), html, buttons=buttons)
