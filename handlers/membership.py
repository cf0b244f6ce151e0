"""Where the bot is: it leaves strangers' groups and notices customers who block it."""

from __future__ import annotations

import logging

from telegram import Chat, ChatMember, Update
from telegram.error import TelegramError

from desk.context import Ctx
from desk.desk import Unit
from desk.sends import ToChat, ToTopic
from storage import conversations, customers
from views import alert_texts, staff_texts
from views.people import shop_speech

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
    elif chat.id in context.desk.staff_chat:
        await _staff_chat_membership(context, chat.title or "the staff group", status in _PRESENT)
    elif status in _PRESENT:
        await _leave(context, chat.id)


async def follow_migration(update: Update, context: Ctx) -> None:
    """The staff group was upgraded to a supergroup: follow it to its new id."""
    message = update.effective_message
    if message is None or message.migrate_to_chat_id is None:
        return
    desk, new_id = context.desk, message.migrate_to_chat_id

    async def unit(work: Unit) -> None:
        old = desk.staff_chat.id
        if await desk.staff_chat.move(work.db, new_id):
            for owner_id in desk.settings.owner_ids:
                await work.say(
                    ToChat(owner_id),
                    alert_texts.staff_chat_moved(shop_speech(desk.settings), old, new_id),
                )

    await desk.run(unit)


async def leave_unknown_group(update: Update, context: Ctx) -> None:
    """A message from a group that is not the staff chat: leave it, relay nothing."""
    chat = update.effective_chat
    if chat is not None and chat.id not in context.desk.staff_chat:
        await _leave(context, chat.id)


async def _staff_chat_membership(context: Ctx, title: str, present: bool) -> None:
    """Removed from the staff chat: owners are told at once; re-added: told it works again.

    Meanwhile nothing is lost: sends to the staff chat wait and are retried (relay.sender).
    """
    desk = context.desk

    async def unit(work: Unit) -> None:
        if not await desk.staff_chat.set_reachable(work.db, present):
            return
        tell = alert_texts.staff_chat_back if present else alert_texts.staff_chat_lost
        notice = tell(shop_speech(desk.settings), title)
        for owner_id in desk.settings.owner_ids:
            await work.say(ToChat(owner_id), notice)

    await desk.run(unit)


async def _customer_membership(context: Ctx, user_id: int, blocked: bool) -> None:
    desk = context.desk

    async def unit(work: Unit) -> None:
        customer = await customers.get(work.db, user_id)
        if customer is None or customer.blocked_bot == blocked:
            return
        await customers.set_blocked(work.db, user_id, blocked)
        if customer.thread_id is not None or await conversations.latest(work.db, user_id):
            notice = staff_texts.blocked_notice if blocked else staff_texts.unblocked_notice
            await work.say(
                ToTopic(user_id), notice(shop_speech(desk.settings), customer.full_name)
            )

    await desk.run(unit)


async def _leave(context: Ctx, chat_id: int) -> None:
    log.info("Leaving chat %s: it is not the staff chat", chat_id)
    try:
        await context.bot.leave_chat(chat_id)
    except TelegramError as error:
        log.warning("Could not leave chat %s: %s", chat_id, error)
