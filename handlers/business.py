"""The shop's own Telegram account as an inbox (Telegram Business): connections, customers'
messages to the account, the owner answering from their phone, edits and deletions."""

from __future__ import annotations

import logging

from telegram import BusinessConnection, Message, Update, User
from telegram.error import TelegramError

from config.settings import Settings
from desk.context import Ctx
from desk.desk import Unit
from desk.outbox_json import decode
from desk.sends import ToStaffChat, ToTopic
from handlers import customer_intake, language, privacy
from handlers.common import mirror_edit as mirror_message_edit
from handlers.common import record_message
from handlers.topic_copies import copy_to_topic
from logic.business import (
    Change,
    Rights,
    change_of,
    stored_chat_id,
)
from storage import business, conversations, customers, messages, outbox, staff, waits
from storage import settings as stored_values
from storage.business import Connection
from views import business_texts
from views.people import name_of, shop_speech

log = logging.getLogger(__name__)

COMMANDS = {"/start": customer_intake.greet, "/forgetme": privacy.ask_to_forget,
            "/language": language.choose_language}  # fmt: skip


def _rights(connection: BusinessConnection) -> Rights:
    rights = connection.rights
    if rights is None:
        # Before Bot API 9.0 a connection said only can_reply (PTB keeps it in api_kwargs).
        legacy = bool(connection.api_kwargs.get("can_reply"))
        return Rights(enabled=connection.is_enabled, can_reply=legacy, can_read=False)
    return Rights(
        enabled=connection.is_enabled,
        can_reply=bool(rights.can_reply),
        can_read=bool(rights.can_read_messages),
    )


async def follow_connection(update: Update, context: Ctx) -> None:
    """The shop's account connected Frontdesk, changed its rights or disconnected it."""
    connection = update.business_connection
    if connection is None:
        return
    await context.desk.run(lambda work: _follow(work, context.settings, connection))


async def _follow(work: Unit, settings: Settings, connection: BusinessConnection) -> None:
    user, sp = connection.user, shop_speech(settings)
    if user.id not in settings.owner_ids:
        if await _told_before(work, f"business_stranger:{user.id}"):
            return
        log.warning("A Telegram Business connection from user %s (not an owner) ignored", user.id)
        await work.say(
            ToStaffChat(), business_texts.stranger_connected(sp, user.full_name, user.id)
        )
        return
    before = await business.get(work.db, connection.id)
    rights = _rights(connection)
    await business.save(
        work.db,
        connection_id=connection.id,
        user_id=user.id,
        first_name=user.first_name,
        username=user.username,
        rights=rights,
        now=work.now,
    )
    handle = business.handle(user.username, user.first_name)
    match change_of(before.rights if before else None, rights):
        case Change.DISCONNECTED:
            await work.say(ToStaffChat(), business_texts.disconnected(sp, handle))
        case Change.CONNECTED | Change.RIGHTS_CHANGED if not rights.can_reply:
            await work.say(ToStaffChat(), business_texts.cannot_reply(sp, handle))
        case Change.CONNECTED | Change.RIGHTS_CHANGED:
            await work.say(ToStaffChat(), business_texts.connected(sp, handle, rights.can_read))
        case Change.UNCHANGED:
            pass


async def _told_before(work: Unit, key: str) -> bool:
    """Whether this was told before (and note that it is told now)."""
    if await stored_values.get(work.db, key) is not None:
        return True
    await stored_values.put(work.db, key, str(work.now))
    return False


async def take_message(update: Update, context: Ctx) -> None:
    """A message in a chat of the shop's account: a customer's, the owner's from their
    phone, or the echo of Frontdesk's own send (ignored)."""
    message = update.business_message
    if message is None or message.business_connection_id is None:
        return
    sender = message.sender_business_bot
    if sender is not None and sender.id == context.bot.id:
        return  # our own send, as Telegram shows it to us
    connection = await _connection(context, message.business_connection_id)
    desk = context.desk
    if connection is None or connection.user_id not in desk.settings.owner_ids:
        return  # someone else's account
    if await _not_a_customer(context, message.chat.id):
        return  # the account's chats with owners and staff are theirs
    author = message.from_user
    if author is None:
        return  # Telegram names who wrote in a private chat; without it there is nobody
    if author.id == connection.user_id or author.is_bot:
        await desk.run(
            lambda work: _answered_from_account(work, desk.settings, connection, message)
        )
        return
    words = (message.text or "").split(maxsplit=1)
    command = words[0].split("@")[0].lower() if words else ""
    if command in COMMANDS:
        # Known, and answered where they wrote (the command's own answer says the rest).
        await desk.run(lambda work: _remember(work, author, connection.id))
        await COMMANDS[command](update, context)
        return
    await desk.run(
        lambda work: _take_customer_message(
            work, desk.settings, desk.staff_chat.reachable, message, connection
        )
    )


async def _connection(context: Ctx, connection_id: str) -> Connection | None:
    """The connection as recorded; one Frontdesk has not heard of (made while it was
    stopped) is asked of Telegram. A failure raises, so the update is tried again."""
    known = await business.get(context.db, connection_id)
    if known is not None:
        return known
    try:
        found = await context.bot.get_business_connection(connection_id)
    except TelegramError as error:
        if "not found" in error.message.lower():
            return None
        raise
    await context.desk.run(lambda work: _follow(work, context.settings, found))
    return await business.get(context.db, connection_id)


async def _remember(work: Unit, user: User, connection_id: str) -> None:
    await customer_intake.remember(work, user)
    await business.set_channel(work.db, user.id, connection_id)


async def _not_a_customer(context: Ctx, user_id: int) -> bool:
    if user_id in context.settings.owner_ids:
        return True
    member = await staff.get(context.db, user_id)
    return member is not None and member.is_member


async def _take_customer_message(
    work: Unit, settings: Settings, reachable: bool, message: Message, connection: Connection
) -> None:
    user = message.from_user
    assert user is not None
    await customer_intake.take_message(work, settings, reachable, message, user, connection.id)
    await _owe_kept_sends(work, settings, user.id)


async def _owe_kept_sends(work: Unit, settings: Settings, customer_id: int) -> None:
    """The customer wrote: what Telegram refused outside the 24-hour window (or while the
    connection could not reply) goes out now, in the order it was written."""
    kept = await outbox.kept_for(work.db, customer_id)
    if not kept:
        return
    for row in kept:
        await work.owe(decode(row.kind, row.payload, row.lane))
    await outbox.mark_owed_again(work.db, [row.id for row in kept], work.now)
    customer = await customers.get(work.db, customer_id)
    if customer is not None:
        await work.say(
            ToTopic(customer_id),
            business_texts.kept_sent(shop_speech(settings), customer.full_name, len(kept)),
            silent=True,
        )


async def _answered_from_account(
    work: Unit, settings: Settings, connection: Connection, message: Message
) -> None:
    """The owner wrote to a customer from the shop's account itself: shown in the topic,
    the wait ends; it is never sent back to the customer."""
    db = work.db
    customer = await customers.get(db, message.chat.id)
    if customer is None:
        return  # someone who has not written to the shop: not a conversation of the desk
    sp = shop_speech(settings)
    if message.is_from_offline:
        # The account's own greeting or away message: the team sees what the customer got,
        # but nobody answered, so the wait goes on.
        words = message.text or message.caption
        await work.say(
            ToTopic(customer.user_id),
            business_texts.automatic_reply(sp, words),
            silent=True,
        )
        return
    conversation = await conversations.current_open(db, customer.user_id)
    latest = conversation or await conversations.latest(db, customer.user_id)
    stored = await record_message(
        db,
        message,
        customer_id=customer.user_id,
        conversation_id=latest.id if latest else None,
        direction="out",
        author_id=connection.user_id,
        now=work.now,
        resendable=True,
    )
    if stored is None:
        return
    if conversation is not None:
        await conversations.note_staff_reply(db, conversation.id, work.now)
        await waits.end(db, conversation.id, work.now)
    name = await name_of(sp, db, settings, connection.user_id)
    if message.text is not None:
        await work.say(
            ToTopic(customer.user_id),
            business_texts.answered_from_account(sp, name, message.text),
        )
        return
    await work.say(ToTopic(customer.user_id), business_texts.answered_from_account(sp, name, None))
    await work.owe(copy_to_topic(stored, customer.user_id, message))


async def mirror_edit(update: Update, context: Ctx) -> None:
    """A customer edited a message to the shop's account: mirrored onto its copy."""
    message = update.edited_business_message
    if message is None or message.from_user is None:
        return
    if await business.get(context.db, message.business_connection_id or "") is None:
        return
    await mirror_message_edit(context, message, "in")


async def note_deletion(update: Update, context: Ctx) -> None:
    """A customer deleted messages in their chat with the shop's account: the topic is told
    (its copies stay, so the team keeps the context)."""
    deleted = update.deleted_business_messages
    if deleted is None:
        return
    connection = await business.get(context.db, deleted.business_connection_id)
    if connection is None:
        return
    key = stored_chat_id(deleted.chat.id, business=True)
    ids = list(deleted.message_ids)
    settings_ = context.settings

    async def unit(work: Unit) -> None:
        found = [await messages.by_source(work.db, key, message_id) for message_id in ids]
        theirs = [stored for stored in found if stored is not None and stored.direction == "in"]
        if not theirs:
            return
        customer = await customers.get(work.db, theirs[0].customer_id)
        if customer is None:
            return
        sp = shop_speech(settings_)
        for stored in theirs:
            await work.say(
                ToTopic(customer.user_id),
                business_texts.customer_deleted(sp, customer.full_name, stored.text),
                silent=True,
            )

    await context.desk.run(unit)
