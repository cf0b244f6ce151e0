"""The shield against abuse: /ban, /unban and /unmute in a customer's topic, and the check
every customer message passes before it is relayed (banned, muted, part of a swarm)."""

from __future__ import annotations

from datetime import datetime

from telegram import Message, Update

from config.settings import Settings
from desk.context import Ctx
from desk.desk import Unit
from desk.sends import CloseTopic, Copy, ToCustomer, ToTopic
from handlers import swarm_guard
from handlers.common import (
    command_argument,
    customer_of_staff_message,
    record_message,
    reply_target,
)
from handlers.staff_commands import _caller as team_caller
from logic.shield import FloodState, flood_step, mute_over
from storage import conversations, customers, shield, shop, waits
from storage.conversations import Conversation
from storage.customers import Customer
from storage.db import Reader
from views import shield_texts, staff_texts, texts
from views.people import customer_speech, name_of, shop_speech


async def refused_as_banned(
    work: Unit, settings: Settings, customer: Customer, guard: shield.Guard | None = None
) -> bool:
    """A banned customer's message (or /start) is only counted; they are told once."""
    guard = guard or await shield.guard(work.db, customer.user_id)
    if guard.ban is None:
        return False
    if not guard.ban.told:
        await work.say(
            ToCustomer(customer.user_id),
            shield_texts.no_longer_received(
                customer_speech(settings, customer), settings.shop_name
            ),
        )
    await shield.count_refused(work.db, customer.user_id)
    return True


async def screen(work: Unit, settings: Settings, customer: Customer, message: Message) -> bool:
    """Before a customer's message is relayed: True if the shield took care of it (a banned
    customer's is only counted; a muted one's is stored and held; a newcomer's during a
    swarm is stored and listed)."""
    db = work.db
    guard = await shield.guard(db, customer.user_id)
    if await refused_as_banned(work, settings, customer, guard):
        return True
    if guard.waiting:
        await _store(work, customer, message, None)
        return True
    conversation = await conversations.current_open(db, customer.user_id)
    if (
        conversation is None
        and not guard.arrived
        and await conversations.latest(db, customer.user_id) is None
        and await swarm_guard.arrive(work, settings, customer)
    ):
        await _store(work, customer, message, None)
        return True
    if mute_over(guard.flood, work.now):
        await release_held(work, settings, customer)
    step = flood_step(guard.flood, work.now, settings.flood_limit)
    if step.state != guard.flood:
        await shield.set_flood(db, customer.user_id, step.state)
    if not step.held or conversation is None:  # nothing to hold it back from
        return False
    stored = await _store(work, customer, message, conversation)
    if stored is not None:
        await shield.hold(db, stored, customer.user_id)
    if step.muted_now and step.state.muted_until is not None:
        until = await _local_time(db, settings, step.state.muted_until)
        await work.say(
            ToCustomer(customer.user_id),
            shield_texts.muted_customer(customer_speech(settings, customer)),
        )
        await work.say(
            ToTopic(customer.user_id),
            shield_texts.muted_topic(
                shop_speech(settings), customer.full_name, settings.flood_limit, until
            ),
        )
    return True


async def _store(
    work: Unit, customer: Customer, message: Message, conversation: Conversation | None
) -> int | None:
    stored = await record_message(
        work.db,
        message,
        customer_id=customer.user_id,
        conversation_id=conversation.id if conversation else None,
        direction="in",
        author_id=customer.user_id,
        now=work.now,
    )
    return stored.id if stored else None


async def release_held(work: Unit, settings: Settings, customer: Customer) -> int:
    """Show the team what a muted customer sent: their texts merged into as few messages as
    fit (a flood copied one by one would hold the staff group up for minutes at Telegram's
    20 a minute), anything else copied, in order. Returns how many were held."""
    await shield.set_flood(work.db, customer.user_id, FloodState())
    held = await shield.release(work.db, customer.user_id)
    if not held:
        return 0
    topic = ToTopic(customer.user_id)
    lines: list[str] = []
    heading_sent = False

    async def flush() -> None:
        nonlocal lines, heading_sent
        if not lines and heading_sent:
            return
        if heading_sent:
            await work.say(topic, "\n".join(lines), silent=True)
        else:
            await work.say(
                topic,
                shield_texts.held_released(
                    shop_speech(settings), customer.full_name, len(held), lines
                ),
            )
            heading_sent = True
        lines = []

    zone = (await shop.schedule(work.db, settings.timezone)).zone
    for stored, at in held:
        if stored.kind == "text":
            line = shield_texts.held_line(
                f"{datetime.fromtimestamp(at, zone):%H:%M}", stored.text, stored.kind
            )
            if sum(len(part) + 1 for part in lines) + len(line) > texts.TEXT_LIMIT - 200:
                await flush()
            lines.append(line)
            continue
        await flush()
        await work.owe(Copy(topic, stored.id, (stored.source_chat_id, stored.source_message_id)))
    await flush()
    return len(held)


async def _local_time(db: Reader, settings: Settings, when: float) -> str:
    zone = (await shop.schedule(db, settings.timezone)).zone
    return f"{datetime.fromtimestamp(when, zone):%H:%M}"


async def release_mutes(context: Ctx) -> None:
    """Runs every few seconds: a mute that has run its ten minutes shows what was held."""
    desk = context.desk
    for customer_id in await shield.mutes_over(desk.db, desk.clock()):

        async def unit(work: Unit, customer_id: int = customer_id) -> None:
            customer = await customers.get(work.db, customer_id)
            if customer is not None:
                await release_held(work, desk.settings, customer)

        await desk.run(unit)


async def ban(update: Update, context: Ctx) -> None:
    """/ban [reason] in a topic: the customer's messages are no longer relayed or kept."""
    message, member = await team_caller(update, context)
    if message is None or member is None:
        return
    reason = command_argument(message)[: shield_texts.REASON_LIMIT] or None

    sp = shop_speech(context.settings)

    async def unit(work: Unit) -> None:
        db = work.db
        customer_id = await customer_of_staff_message(db, message)
        customer = await customers.get(db, customer_id) if customer_id is not None else None
        if customer is None:
            await work.say(reply_target(message), staff_texts.only_in_topic(sp, "/ban"))
            return
        if not await shield.ban(db, customer.user_id, member.user_id, reason, work.now):
            await work.say(reply_target(message), shield_texts.already_banned(sp))
            return
        await shield.release(db, customer.user_id)  # nobody needs to see the rest
        await shield.set_flood(db, customer.user_id, FloodState())
        await shield.take_off_list(db, customer.user_id)
        await work.say(
            ToTopic(customer.user_id),
            shield_texts.banned_notice(sp, member.name, customer.full_name, reason),
        )
        conversation = await conversations.current_open(db, customer.user_id)
        if conversation is not None:  # closed without a rating question
            await conversations.close(db, conversation.id, member.user_id, work.now, None)
            await waits.end(db, conversation.id, work.now)
            await work.owe(CloseTopic(customer.user_id))

    await context.desk.run(unit)


async def unban(update: Update, context: Ctx) -> None:
    """/unban in a topic: the customer's messages reach the team again."""
    message, member = await team_caller(update, context)
    if message is None or member is None:
        return

    sp = shop_speech(context.settings)

    async def unit(work: Unit) -> None:
        customer_id = await customer_of_staff_message(work.db, message)
        customer = await customers.get(work.db, customer_id) if customer_id is not None else None
        if customer is None:
            await work.say(reply_target(message), staff_texts.only_in_topic(sp, "/unban"))
        elif not await shield.unban(work.db, customer.user_id):
            await work.say(reply_target(message), shield_texts.not_banned(sp))
        else:
            await work.say(
                ToTopic(customer.user_id),
                shield_texts.unbanned_notice(sp, member.name, customer.full_name),
            )

    await context.desk.run(unit)


async def unmute(update: Update, context: Ctx) -> None:
    """/unmute in a topic: lift the flood guard's mute now and show what was held."""
    message, member = await team_caller(update, context)
    if message is None or member is None:
        return
    settings = context.settings
    sp = shop_speech(settings)

    async def unit(work: Unit) -> None:
        customer_id = await customer_of_staff_message(work.db, message)
        customer = await customers.get(work.db, customer_id) if customer_id is not None else None
        if customer is None:
            await work.say(reply_target(message), staff_texts.only_in_topic(sp, "/unmute"))
            return
        guard = await shield.guard(work.db, customer.user_id)
        if guard.flood.muted_until is None:
            await work.say(reply_target(message), shield_texts.not_muted(sp))
            return
        held = await shield.held_count(work.db, customer.user_id)
        await work.say(
            ToTopic(customer.user_id),
            shield_texts.unmuted(sp, member.name, customer.full_name, held),
        )
        await release_held(work, settings, customer)

    await context.desk.run(unit)


async def bans_overview(db: Reader, settings: Settings) -> str:
    """For owners' /team: who is banned, by whom, why, and how many messages were refused."""
    sp = shop_speech(settings)
    entries = [
        (
            name or shield_texts.unnamed_customer(sp, ban.customer_id),
            await name_of(sp, db, settings, ban.banned_by),
            ban.reason,
            ban.refused,
        )
        for ban, name in await shield.bans(db)
    ]
    return shield_texts.bans_overview(sp, entries)
