"""Staff commands: /name, /on, /off anywhere in the staff chat; /note, /claim, /assign, /close
inside a customer's topic."""

from __future__ import annotations

import unicodedata

from telegram import Message, Update

from desk.context import Ctx
from desk.desk import Unit
from desk.sends import Buttons, CloseTopic, ToCustomer, ToTopic
from handlers.common import (
    ANONYMOUS_ADMIN_ID,
    command_argument,
    customer_of_staff_message,
    reply_target,
)
from logic.people import find_colleague
from storage import conversations, customers, messages, staff, waits
from storage.conversations import Conversation
from storage.staff import StaffMember
from views import staff_texts, team_texts, texts
from views.people import customer_speech, name_of, shop_speech, speech_of

RATING_PREFIX = "rate"


def rating_buttons(conversation_id: int) -> Buttons:
    """One row of five buttons, 1 to 5 stars; callback data "rate:<conversation>:<stars>"."""
    return (
        tuple(
            (f"{stars} {texts.STARS}", f"{RATING_PREFIX}:{conversation_id}:{stars}")
            for stars in range(1, 6)
        ),
    )


async def set_name(update: Update, context: Ctx) -> None:
    """/name Maria: the name customers see for this staff member."""
    message, member = await _caller(update, context)
    if message is None or member is None:
        return
    wanted = _clean_name(command_argument(message))

    async def unit(work: Unit) -> None:
        if not wanted:
            reply = staff_texts.name_usage(shop_speech(context.settings), member.name)
        elif len(wanted) > texts.STAFF_NAME_LIMIT:
            reply = staff_texts.name_too_long(
                shop_speech(context.settings), texts.STAFF_NAME_LIMIT
            )
        else:
            await staff.set_display_name(work.db, member.user_id, wanted)
            reply = staff_texts.name_set(shop_speech(context.settings), wanted)
        await _reply(work, message, reply)

    await context.desk.run(unit)


async def go_on_duty(update: Update, context: Ctx) -> None:
    """/on: take new conversations."""
    await _set_duty(update, context, on_duty=True)


async def go_off_duty(update: Update, context: Ctx) -> None:
    """/off: take no new conversations (open ones stay yours)."""
    await _set_duty(update, context, on_duty=False)


async def add_note(update: Update, context: Ctx) -> None:
    """/note text: an internal note in the topic; the customer never sees it."""
    message, member = await _caller(update, context)
    if message is None or member is None:
        return
    desk = context.desk
    customer_id = await customer_of_staff_message(desk.db, message)
    note = command_argument(message)

    async def unit(work: Unit) -> None:
        if customer_id is None:
            await _reply(
                work, message, staff_texts.only_in_topic(shop_speech(context.settings), "/note")
            )
            return
        if not note:
            await _reply(work, message, staff_texts.note_usage(shop_speech(context.settings)))
            return
        conversation = await conversations.latest(work.db, customer_id)
        await messages.record(
            work.db,
            customer_id=customer_id,
            conversation_id=conversation.id if conversation else None,
            direction="note",
            author_id=member.user_id,
            kind="text",
            text=note,
            source_chat_id=message.chat_id,
            source_message_id=message.message_id,
            media_group_id=None,
            now=work.now,
        )
        await work.say(
            ToTopic(customer_id),
            staff_texts.note_saved(shop_speech(context.settings)),
            silent=True,
        )

    await desk.run(unit)


async def claim(update: Update, context: Ctx) -> None:
    """/claim: take the conversation over; the customer is told the new name."""
    message, member = await _caller(update, context)
    if message is None or member is None:
        return

    async def unit(work: Unit) -> None:
        conversation = await _open_conversation_here(work, context, message, "/claim")
        if conversation is None:
            return
        if conversation.assignee_id == member.user_id:
            await _reply(work, message, staff_texts.already_yours(shop_speech(context.settings)))
            return
        await _hand_to(
            work,
            context,
            conversation,
            member,
            staff_texts.claimed(shop_speech(context.settings), member.name),
        )

    await context.desk.run(unit)


async def assign(update: Update, context: Ctx) -> None:
    """/assign Name: hand the conversation to a colleague; the customer is told the new name."""
    message, member = await _caller(update, context)
    if message is None or member is None:
        return
    wanted = command_argument(message)

    async def unit(work: Unit) -> None:
        conversation = await _open_conversation_here(work, context, message, "/assign")
        if conversation is None:
            return
        team = await staff.team(work.db)
        if not wanted:
            await _reply(
                work,
                message,
                staff_texts.assign_usage(
                    shop_speech(context.settings), [person.name for person in team]
                ),
            )
            return
        colleague = find_colleague(team, wanted)
        if colleague is None:
            await _reply(
                work,
                message,
                staff_texts.no_such_colleague(
                    shop_speech(context.settings), wanted, [person.name for person in team]
                ),
            )
            return
        if conversation.assignee_id == colleague.user_id:
            await _reply(
                work,
                message,
                staff_texts.already_with(shop_speech(context.settings), colleague.name),
            )
            return
        await _hand_to(
            work,
            context,
            conversation,
            colleague,
            staff_texts.handed_over(shop_speech(context.settings), member.name, colleague.name),
        )

    await context.desk.run(unit)


async def close(update: Update, context: Ctx) -> None:
    """/close: resolve the conversation, thank the customer, ask for a rating, close the topic."""
    message, member = await _caller(update, context)
    if message is None or member is None:
        return
    desk = context.desk

    async def unit(work: Unit) -> None:
        conversation = await _open_conversation_here(work, context, message, "/close")
        if conversation is None:
            return
        followup_after = desk.settings.followup_after_seconds
        followup_at = work.now + followup_after if followup_after else None
        await conversations.close(work.db, conversation.id, member.user_id, work.now, followup_at)
        work.wake_at(followup_at)
        await waits.end(work.db, conversation.id, work.now)
        customer_id = conversation.customer_id
        sp = await speech_of(work.db, desk.settings, customer_id)
        helper = await name_of(sp, work.db, desk.settings, conversation.assignee_id)
        await work.say(
            ToCustomer(customer_id),
            texts.closing(sp, desk.settings.shop_name, helper),
            buttons=rating_buttons(conversation.id),
        )
        await work.say(
            ToTopic(customer_id),
            staff_texts.closed_notice(shop_speech(desk.settings), member.name),
        )
        await work.owe(CloseTopic(customer_id))

    await desk.run(unit)


async def _set_duty(update: Update, context: Ctx, on_duty: bool) -> None:
    message, member = await _caller(update, context)
    if message is None or member is None:
        return

    async def unit(work: Unit) -> None:
        await staff.set_on_duty(work.db, member.user_id, on_duty)
        await _reply(
            work,
            message,
            staff_texts.duty_changed(shop_speech(context.settings), member.name, on_duty),
        )

    await context.desk.run(unit)


async def _caller(update: Update, context: Ctx) -> tuple[Message | None, StaffMember | None]:
    """The command message and the team member who sent it (joining them if new)."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return None, None
    if message.sender_chat is not None or user.id == ANONYMOUS_ADMIN_ID:
        # Posting anonymously (or as a channel): a command that names its sender cannot.
        command = (message.text or "").split(maxsplit=1)[0].split("@")[0]
        notice = team_texts.anonymous_command(shop_speech(context.settings), command)
        await context.desk.run(lambda work: _reply(work, message, notice))
        return None, None
    if user.is_bot:
        return None, None

    async def unit(work: Unit) -> None:
        await staff.join(
            work.db,
            user_id=user.id,
            first_name=user.first_name,
            username=user.username,
            now=work.now,
        )

    await context.desk.run(unit)
    return message, await staff.get(context.db, user.id)


async def _open_conversation_here(
    work: Unit, context: Ctx, message: Message, command: str
) -> Conversation | None:
    """The open conversation of the topic the command was sent in, or a reply saying why not."""
    customer_id = await customer_of_staff_message(work.db, message)
    if customer_id is None:
        await _reply(
            work, message, staff_texts.only_in_topic(shop_speech(context.settings), command)
        )
        return None
    conversation = await conversations.current_open(work.db, customer_id)
    if conversation is None:
        await work.say(
            ToTopic(customer_id), staff_texts.already_closed(shop_speech(context.settings))
        )
    return conversation


async def _hand_to(
    work: Unit, context: Ctx, conversation: Conversation, person: StaffMember, notice: str
) -> None:
    await conversations.assign(work.db, conversation.id, person.user_id)
    await work.say(ToTopic(conversation.customer_id), notice)
    customer = await customers.get(work.db, conversation.customer_id)
    if customer is not None:
        await work.say(
            ToCustomer(customer.user_id),
            texts.reassigned_to_customer(
                customer_speech(context.settings, customer),
                context.settings.shop_name,
                person.name,
            ),
        )


async def _reply(work: Unit, message: Message, html: str) -> None:
    await work.say(reply_target(message), html)


def _clean_name(text: str) -> str:
    """A display name without control characters or runs of spaces."""
    printable = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    return " ".join(printable.split())
