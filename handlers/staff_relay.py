"""Staff: joining the team by writing in the staff chat, and replies relayed to customers."""

from __future__ import annotations

from telegram import Message, Update, User

from config.settings import Settings
from desk.context import Ctx
from desk.desk import Unit
from desk.sends import Copy, MarkRead, ToCustomer
from handlers.common import (
    ANONYMOUS_ADMIN_ID,
    customer_of_staff_message,
    first_reply_signature,
    mirror_edit,
    record_message,
    replied_message_id,
    reply_target,
)
from storage import business, conversations, staff, waits
from views import staff_texts, team_texts
from views.i18n import Speech
from views.people import shop_speech


async def track_team_member(update: Update, context: Ctx) -> None:
    """Anyone who writes in the staff chat is on the team; newcomers get a short welcome."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or user.is_bot or user.id == ANONYMOUS_ADMIN_ID:
        return
    await context.desk.run(lambda work: _track(work, context.settings, message, user))


async def _track(work: Unit, settings: Settings, message: Message, user: User) -> None:
    is_new = await staff.join(
        work.db,
        user_id=user.id,
        first_name=user.first_name,
        username=user.username,
        now=work.now,
    )
    if is_new:
        await work.say(
            reply_target(message),
            staff_texts.staff_welcome(shop_speech(settings), user.first_name),
        )


async def relay_staff_reply(update: Update, context: Ctx) -> None:
    """Copy a staff message written in a customer's topic (or replying to one) to the customer.

    An admin posting anonymously, or someone posting as a channel, answers as the team
    (Telegram sends these from a stand-in bot account, with sender_chat set). A post by a
    bot is not passed on, and the topic is told so.
    """
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    settings = context.settings
    if message.sender_chat is not None:
        await context.desk.run(lambda work: _relay_reply(work, settings, message, None))
    elif user.is_bot:
        sp = shop_speech(context.settings)
        await context.desk.run(lambda work: _refuse_bot_post(work, sp, message))
    else:
        await context.desk.run(lambda work: _relay_reply(work, settings, message, user.id))


async def _refuse_bot_post(work: Unit, sp: Speech, message: Message) -> None:
    if await customer_of_staff_message(work.db, message) is not None:
        await work.say(reply_target(message), team_texts.bot_post_not_relayed(sp))


async def _relay_reply(
    work: Unit, settings: Settings, message: Message, author_id: int | None
) -> None:
    db = work.db
    customer_id = await customer_of_staff_message(db, message)
    if customer_id is None:  # team chatter outside any customer's topic
        return
    conversation = await conversations.current_open(db, customer_id) or await conversations.latest(
        db, customer_id
    )
    via = await business.channel_of(db, customer_id)
    signature = (
        await first_reply_signature(db, settings, customer_id, conversation, author_id)
        if via is not None
        else None
    )
    stored = await record_message(
        db,
        message,
        customer_id=customer_id,
        conversation_id=conversation.id if conversation else None,
        direction="out",
        author_id=author_id,
        now=work.now,
        resendable=via is not None,  # into the business chat it is sent again by kind
    )
    if stored is None:
        return
    if conversation is not None:
        await conversations.note_staff_reply(db, conversation.id, work.now)
        await waits.end(db, conversation.id, work.now)
    replied = replied_message_id(message)
    await work.owe(
        Copy(
            target=ToCustomer(customer_id),
            message_row=stored.id,
            source=(stored.source_chat_id, stored.source_message_id),
            reply_to=(message.chat_id, replied) if replied else None,
            album=message.media_group_id,
            signature=signature,
        )
    )
    if via is not None:
        await work.owe(MarkRead(customer_id))


async def mirror_staff_edit(update: Update, context: Ctx) -> None:
    """Mirror a staff member's edited text or caption onto the customer's copy."""
    if update.edited_message is not None:
        await mirror_edit(context, update.edited_message, "out")
