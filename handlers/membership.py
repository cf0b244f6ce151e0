"""Where the bot is: it leaves strangers' groups and notices customers who block it."""

from __future__ import annotations

import logging

from telegram import Chat, ChatMember, Update
from telegram.error import TelegramError

from bot.context import Ctx
from bot.migration import MOVER_KEY, StaffChatMover
from logic import texts
from relay.targets import to_chat, to_topic
from storage import conversations, customers, staff_chat

log = logging.getLogger(__name__)

_PRESENT = {ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.RESTRICTED}


async def track_bot_membership(update: Update, context: Ctx) -> None:
    """Leave any group that is not the staff chat; note customers blocking or unblocking."""
    change = update.my_chat_member
    if change is None:
        return
    chat = change.chat
    status = change.new_chat_member.status
    if chat.type == Chat.PRIVATE:
        await _customer_membership(context, chat.id, blocked=status == ChatMember.BANNED)
    elif chat.id == context.settings.staff_chat_id:
        await _staff_chat_membership(context, chat.title or "the staff group", status in _PRESENT)
    elif status in _PRESENT:
        await _leave(context, chat.id)


async def follow_migration(update: Update, context: Ctx) -> None:
    """The staff group was upgraded to a supergroup: follow it to its new id."""
    message = update.effective_message
    if message is None or message.migrate_to_chat_id is None:
        return
    mover = context.application.bot_data.get(MOVER_KEY)
    if isinstance(mover, StaffChatMover):
        await mover.move(message.migrate_to_chat_id)


async def leave_unknown_group(update: Update, context: Ctx) -> None:
    """A message from a group that is not the staff chat: leave it, relay nothing."""
    chat = update.effective_chat
    if chat is not None and chat.id != context.settings.staff_chat_id:
        await _leave(context, chat.id)


async def _staff_chat_membership(context: Ctx, title: str, present: bool) -> None:
    """Removed from the staff chat: owners are told at once; re-added: told it works again.

    Meanwhile nothing is lost: sends to the staff chat wait and are retried (relay.sender).
    """
    desk = context.desk
    async with desk.unit() as work:
        was_lost = await staff_chat.is_lost(desk.db)
        if was_lost == (not present):
            return
        await staff_chat.set_lost(desk.db, not present)
        notice = texts.staff_chat_back(title) if present else texts.staff_chat_lost(title)
        for owner_id in desk.settings.owner_ids:
            await work.say(to_chat(owner_id), notice)
    if present:
        await desk.sender.start()


async def _customer_membership(context: Ctx, user_id: int, blocked: bool) -> None:
    desk = context.desk
    async with desk.unit() as work:
        customer = await customers.get(desk.db, user_id)
        if customer is None or customer.blocked_bot == blocked:
            return
        await customers.set_blocked(desk.db, user_id, blocked)
        if customer.thread_id is not None or await _has_conversation(context, user_id):
            notice = texts.blocked_notice if blocked else texts.unblocked_notice
            await work.say(to_topic(user_id), notice(customer.full_name))


async def _has_conversation(context: Ctx, user_id: int) -> bool:
    return await conversations.latest(context.db, user_id) is not None


async def _leave(context: Ctx, chat_id: int) -> None:
    log.info("Leaving chat %s: it is not the staff chat", chat_id)
    try:
        await context.bot.leave_chat(chat_id)
    except TelegramError as error:
        log.warning("Could not leave chat %s: %s", chat_id, error)
