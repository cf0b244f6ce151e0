"""The team follows the staff group: someone who leaves it, or whom an owner removes, takes
no more conversations, and their open ones go to a colleague by the usual rule."""

from __future__ import annotations

from telegram import ChatMember, Update

from desk.context import Ctx
from desk.desk import Unit
from desk.sends import ToCustomer, ToStaffChat, ToTopic
from handlers.abuse import bans_overview
from logic.assignment import Candidate, choose_assignee
from logic.people import find_colleague
from storage import conversations, customers, staff
from views import team_texts
from views.people import customer_speech, name_of, shop_speech
from views.texts import reassigned_to_customer

_GONE = {ChatMember.LEFT, ChatMember.BANNED}


async def follow_team_change(update: Update, context: Ctx) -> None:
    """A member left or was removed from the staff group (chat_member, which Telegram sends
    to an administrator bot that asked for it): they are off the team."""
    change = update.chat_member
    if change is None or change.chat.id not in context.desk.staff_chat:
        return
    if change.new_chat_member.status in _GONE:
        await _off_the_team(context, change.new_chat_member.user.id)


async def follow_member_leaving(update: Update, context: Ctx) -> None:
    """The service message "… left the group", which every bot in the group gets."""
    message = update.effective_message
    if message is not None and message.left_chat_member is not None:
        await _off_the_team(context, message.left_chat_member.id)


async def _off_the_team(context: Ctx, user_id: int) -> None:
    async def unit(work: Unit) -> None:
        member = await staff.get(work.db, user_id)
        if member is None or not await staff.leave(work.db, user_id):
            return
        await work.say(
            ToStaffChat(), team_texts.left_the_team(shop_speech(context.settings), member.name)
        )
        await _hand_on(work, context, user_id, member.name)

    await context.desk.run(unit)


async def team(work: Unit, context: Ctx, argument: str) -> str:
    """/team: who is on the team; /team remove Name takes someone off it (owners only)."""
    sp = shop_speech(context.settings)
    members = await staff.team(work.db)
    if not argument:
        return team_texts.team_overview(
            sp, [(m.name, m.on_duty, m.open_conversations) for m in members]
        ) + await bans_overview(work.db, context.settings)
    verb, _, wanted = argument.partition(" ")
    if verb.casefold() != "remove" or not wanted.strip():
        return team_texts.team_usage(sp)
    member = find_colleague(members, wanted)
    if member is None:
        return team_texts.no_such_member(sp, wanted.strip(), [m.name for m in members])
    await staff.leave(work.db, member.user_id)
    await _hand_on(work, context, member.user_id, member.name)
    return team_texts.removed_from_team(sp, member.name)


async def _hand_on(work: Unit, context: Ctx, gone_id: int, gone_name: str) -> None:
    """Give each open conversation of someone who left to a colleague, telling both sides."""
    settings = context.settings
    for conversation in await conversations.open_assigned_to(work.db, gone_id):
        candidates = [
            Candidate(m.user_id, m.on_duty, m.open_conversations)
            for m in await staff.team(work.db)
        ]
        new_id = choose_assignee(candidates, None, settings.owner_ids[0])
        await conversations.assign(work.db, conversation.id, new_id)
        customer_id = conversation.customer_id
        shop = shop_speech(settings)
        notice = team_texts.taken_over_after_leaving(
            shop, gone_name, await name_of(shop, work.db, settings, new_id)
        )
        await work.say(ToTopic(customer_id), notice)
        theirs = customer_speech(settings, await customers.get(work.db, customer_id))
        new_name = await name_of(theirs, work.db, settings, new_id)
        await work.say(
            ToCustomer(customer_id), reassigned_to_customer(theirs, settings.shop_name, new_name)
        )
