"""Customers: greeting, opening a conversation with a named person, relaying what they send."""

from __future__ import annotations

from dataclasses import replace

from telegram import Message, Update, User

from config.settings import Settings
from desk.context import Ctx
from desk.desk import Unit
from desk.sends import EnsureTopic, ToCustomer, ToTopic
from handlers.abuse import refused_as_banned, screen
from handlers.common import mirror_edit, record_message
from handlers.follow_through import start_wait
from handlers.topic_copies import carries_card, copy_to_topic
from logic.assignment import Candidate, choose_assignee
from logic.details import Details, extract_details
from logic.intake import Branch, LastConversation, branch_for
from logic.schedule import Schedule
from storage import business, conversations, customers, messages, shop, staff
from storage.conversations import Conversation
from storage.customers import Customer
from storage.messages import StoredMessage
from views import alert_texts, staff_texts, texts
from views.cards import card_for
from views.people import customer_speech, name_of, shop_speech
from views.shop_voice import away_for, greeting_for


async def greet(update: Update, context: Ctx) -> None:
    """Welcome a customer who pressed Start: shop name, no menus, say it in your own words."""
    user = update.effective_user
    if user is not None:
        await context.desk.run(lambda work: _greet(work, context.settings, user))


async def _greet(work: Unit, settings: Settings, user: User) -> None:
    if user.id in settings.owner_ids:
        await work.say(
            ToCustomer(user.id), alert_texts.owner_welcome(shop_speech(settings), user.first_name)
        )
        return
    db = work.db
    customer = await remember(work, user)
    if await refused_as_banned(work, settings, customer):
        return
    conversation = await conversations.current_open(db, customer.user_id)
    if conversation is None:
        await work.say(
            ToCustomer(customer.user_id),
            await greeting_for(
                customer_speech(settings, customer), db, settings, customer.first_name, work.now
            ),
        )
        await customers.mark_greeted(db, customer.user_id, work.now)
    else:
        sp = customer_speech(settings, customer)
        assignee = await name_of(sp, db, settings, conversation.assignee_id)
        await work.say(
            ToCustomer(customer.user_id), texts.still_with(sp, settings.shop_name, assignee)
        )


async def relay_customer_message(update: Update, context: Ctx) -> None:
    """Record a customer's message and pass it to the person looking after them."""
    message, user = update.effective_message, update.effective_user
    if message is not None and user is not None:
        await context.desk.run(
            lambda work: take_message(
                work, context.settings, context.desk.staff_chat.reachable, message, user
            )
        )


async def take_message(
    work: Unit,
    settings: Settings,
    staff_chat_reachable: bool,
    message: Message,
    user: User,
    via: str | None = None,
) -> None:
    """A customer's message, to the bot or (via: the connection) to the shop's own account."""
    db = work.db
    customer = await remember(work, user)
    if customer.business_connection_id != via:  # replies go where they wrote last
        await business.set_channel(db, customer.user_id, via)
    if await screen(work, settings, customer, message):
        return  # banned, muted by the flood guard, or waiting on the swarm's list
    conversation = await conversations.current_open(db, customer.user_id)
    stored = await record_message(
        db,
        message,
        customer_id=customer.user_id,
        conversation_id=conversation.id if conversation else None,
        direction="in",
        author_id=user.id,
        now=work.now,
        resendable=via is not None,  # copyMessage cannot take it out of the business chat
    )
    if stored is None:  # Telegram delivered this update before; it was handled then
        return
    if conversation is not None:
        await work.owe(copy_to_topic(stored, customer.user_id, message))
        await start_wait(work, settings, conversation.id)
        await _away_if_closed(work, settings, customer, conversation)
        return
    latest = await conversations.latest(db, customer.user_id)
    last = (
        LastConversation(latest.comment_requested_at, latest.followup_sent_at)
        if latest is not None and not latest.is_open
        else None
    )
    branch = branch_for(last, message.text, work.now)
    if branch is Branch.COMMENT and latest is not None:
        await _take_comment(work, settings, customer, latest, stored)
        return
    if branch is Branch.REOPEN and latest is not None:
        await _reopen_after_followup(work, settings, customer, latest, stored, message)
        return
    if branch is Branch.GREET:
        # A bare "hello" is kept and travels with the first real message.
        await work.say(
            ToCustomer(customer.user_id),
            await greeting_for(
                customer_speech(settings, customer), db, settings, customer.first_name, work.now
            ),
        )
        await customers.mark_greeted(db, customer.user_id, work.now)
        return
    conversation = await _open_conversation(
        work, settings, staff_chat_reachable, customer, message
    )
    await start_wait(work, settings, conversation.id)


async def _take_comment(
    unit: Unit,
    settings: Settings,
    customer: Customer,
    conversation: Conversation,
    stored: StoredMessage,
) -> None:
    """The customer's words after rating go to the topic as a comment, once."""
    await conversations.request_comment(unit.db, conversation.id, None)
    await messages.attach(unit.db, [stored.id], conversation.id)
    await unit.say(
        ToTopic(customer.user_id),
        staff_texts.comment_heading(shop_speech(settings), customer.full_name),
    )
    await unit.owe(copy_to_topic(stored, customer.user_id, None))
    await unit.say(
        ToCustomer(customer.user_id), texts.comment_thanks(customer_speech(settings, customer))
    )


async def _reopen_after_followup(
    unit: Unit,
    settings: Settings,
    customer: Customer,
    conversation: Conversation,
    stored: StoredMessage,
    message: Message,
) -> None:
    """A reply to "did that solve it?" opens the same conversation again."""
    await conversations.reopen(unit.db, conversation.id)
    await messages.attach(unit.db, [stored.id], conversation.id)
    await unit.owe(EnsureTopic(customer.user_id, reopen=True))
    await unit.say(
        ToTopic(customer.user_id),
        staff_texts.reopened_notice(shop_speech(settings), customer.full_name),
    )
    await unit.owe(copy_to_topic(stored, customer.user_id, message))
    sp = customer_speech(settings, customer)
    assignee = await name_of(sp, unit.db, settings, conversation.assignee_id)
    await unit.say(ToCustomer(customer.user_id), texts.back_with(sp, settings.shop_name, assignee))
    await start_wait(unit, settings, conversation.id)


async def mirror_customer_edit(update: Update, context: Ctx) -> None:
    """Mirror a customer's edited text or caption onto its copy in the staff chat."""
    if update.edited_message is not None:
        await mirror_edit(context, update.edited_message, "in")


async def _open_conversation(
    unit: Unit,
    settings: Settings,
    staff_chat_reachable: bool,
    customer: Customer,
    message: Message | None,
) -> Conversation:
    """Open a conversation, hand it to a person, and tell the customer who that is."""
    db = unit.db
    schedule = await shop.schedule(db, settings.timezone)
    after_hours = not schedule.is_open(unit.now)
    waiting = await messages.unattached(db, customer.user_id)
    details = Details()
    for earlier in waiting:
        details = details.merged(extract_details(earlier.text))
    assignee_id = choose_assignee(
        [
            Candidate(member.user_id, member.on_duty, member.open_conversations)
            for member in await staff.team(db)
        ],
        last_helper_id=await conversations.last_helper(db, customer.user_id),
        owner_id=settings.owner_ids[0],
    )
    had_topic = customer.thread_id is not None
    conversation: Conversation = await conversations.open_new(
        db,
        customer_id=customer.user_id,
        assignee_id=assignee_id,
        order_number=details.order_numbers[0] if details.order_numbers else None,
        now=unit.now,
        after_hours=after_hours,
    )
    await messages.attach(db, [earlier.id for earlier in waiting], conversation.id)

    await unit.owe(EnsureTopic(customer.user_id, reopen=had_topic))
    card = await card_for(db, settings, conversation.id, details)
    copies = [
        copy_to_topic(
            earlier,
            customer.user_id,
            message if message and earlier.source_message_id == message.message_id else None,
        )
        for earlier in waiting
    ]
    if len(waiting) == 1 and carries_card(waiting[0], copies[0], card):
        # Telegram allows 20 messages a minute into the staff chat, its topics included:
        # a plain text comes with its card in one post (media still arrive by copy).
        copies = [replace(copies[0], card=card)]
    else:
        await unit.say(ToTopic(customer.user_id), card)
    for copy in copies:
        await unit.owe(copy)
    sp = customer_speech(settings, customer)
    assignee = await name_of(sp, db, settings, assignee_id)
    if not staff_chat_reachable:
        # Nobody can see the message yet: say so honestly instead of naming a person.
        await unit.say(
            ToCustomer(customer.user_id),
            texts.saved_for_later(sp, customer.first_name, settings.shop_name),
        )
        return conversation
    await unit.say(
        ToCustomer(customer.user_id),
        texts.handoff(
            sp, settings.shop_name, customer.first_name, assignee, customer.greeted_at is not None
        ),
    )
    await _away_if_closed(unit, settings, customer, conversation, schedule)
    return conversation


async def open_waiting(
    unit: Unit, settings: Settings, staff_chat_reachable: bool, customer: Customer
) -> None:
    """Open a conversation for a newcomer whose messages waited on the swarm's list."""
    conversation = await _open_conversation(unit, settings, staff_chat_reachable, customer, None)
    await start_wait(unit, settings, conversation.id)


async def _away_if_closed(
    unit: Unit,
    settings: Settings,
    customer: Customer,
    conversation: Conversation,
    schedule: Schedule | None = None,
) -> None:
    """Outside opening hours, tell the customer when we open (once per conversation)."""
    if conversation.away_sent:
        return
    schedule = schedule or await shop.schedule(unit.db, settings.timezone)
    if schedule.is_open(unit.now):
        return
    await conversations.mark_away_sent(unit.db, conversation.id)
    await unit.say(
        ToCustomer(customer.user_id),
        await away_for(
            customer_speech(settings, customer),
            unit.db,
            settings,
            customer.first_name,
            schedule,
            unit.now,
        ),
    )


async def remember(unit: Unit, user: User) -> Customer:
    """Record the customer's Telegram profile as it is now."""
    return await customers.upsert(
        unit.db,
        user_id=user.id,
        first_name=user.first_name,
        last_name=user.last_name,
        username=user.username,
        language_code=user.language_code,
        now=unit.now,
    )
