"""The swarm's waiting list in the General topic: staff open newcomers one by one (a topic,
the card, their messages) or dismiss them (their messages go)."""

from __future__ import annotations

import re

from telegram import Message, Update

from config.settings import Settings
from desk.context import Ctx
from desk.desk import Unit
from desk.sends import Buttons, ToStaffChat
from handlers.common import answer_quietly
from handlers.customer_intake import open_waiting
from handlers.swarm_guard import show_list_button
from storage import customers, shield, staff
from views import shield_texts
from views.people import shop_speech

SWARM_PATTERN = re.compile(r"^swarm:(list|open:\d{1,18}|drop:\d{1,18})$")
_LISTED = 10


async def press_swarm_button(update: Update, context: Ctx) -> None:
    """Show the waiting list, or open or dismiss one newcomer on it (team members only)."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None or query.data is None:
        return
    action, _, number = query.data.removeprefix("swarm:").partition(":")
    button_message = query.message
    in_staff_chat = (
        isinstance(button_message, Message) and button_message.chat.id in context.desk.staff_chat
    )
    desk = context.desk
    sp = shop_speech(desk.settings)

    async def unit(work: Unit) -> str:
        member = await staff.get(work.db, user.id)
        if member is None or not member.is_member or not in_staff_chat:
            return shield_texts.list_team_only(sp)
        if action == "list":
            await post_list(work, desk.settings)
            return ""
        customer = await customers.get(work.db, int(number))
        if customer is None or not await shield.take_off_list(work.db, customer.user_id):
            return shield_texts.not_waiting(sp)
        if action == "drop":
            await shield.drop_waiting_messages(work.db, customer.user_id)
            return shield_texts.dismissed_toast(sp, customer.full_name)
        await open_waiting(work, desk.settings, desk.staff_chat.reachable, customer)
        return shield_texts.opened_toast(sp, customer.full_name)

    toast = await desk.run(unit)
    await answer_quietly(query, toast)


async def post_list(work: Unit, settings: Settings) -> None:
    """The waiting newcomers in the General topic, each with Open and Dismiss buttons."""
    sp = shop_speech(settings)
    listed, total = await shield.waiting_list(work.db, _LISTED)
    buttons: Buttons = tuple(
        (
            (shield_texts.open_button(sp, name), f"swarm:open:{customer_id}"),
            (shield_texts.dismiss_button(sp), f"swarm:drop:{customer_id}"),
        )
        for customer_id, name, _ in listed
    ) + (((show_list_button(sp),),) if total else ())
    await work.say(
        ToStaffChat(),
        shield_texts.swarm_list(sp, [(name, count) for _, name, count in listed], total),
        buttons=buttons,
    )
