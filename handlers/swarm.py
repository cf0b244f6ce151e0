"""The swarm's waiting list in the General topic: staff open newcomers one by one (a topic,
the card, their messages) or dismiss them (their messages go)."""

from __future__ import annotations

import re

from telegram import Message, Update

from desk.context import Ctx
from desk.desk import Unit
from desk.sends import Buttons, ToStaffChat
from handlers.common import answer_quietly
from handlers.customer_intake import open_waiting
from handlers.swarm_guard import show_list_button
from storage import customers, shield, staff
from views import toolkit_texts

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

    async def unit(work: Unit) -> str:
        member = await staff.get(work.db, user.id)
        if member is None or not member.is_member or not in_staff_chat:
            return toolkit_texts.team_only()
        if action == "list":
            await post_list(work)
            return ""
        customer = await customers.get(work.db, int(number))
        if customer is None or not await shield.take_off_list(work.db, customer.user_id):
            return toolkit_texts.not_waiting()
        if action == "drop":
            await shield.drop_waiting_messages(work.db, customer.user_id)
            return toolkit_texts.dismissed_toast(customer.full_name)
        await open_waiting(work, desk.settings, desk.staff_chat.reachable, customer)
        return toolkit_texts.opened_toast(customer.full_name)

    toast = await desk.run(unit)
    await answer_quietly(query, toast)


async def post_list(work: Unit) -> None:
    """The waiting newcomers in the General topic, each with Open and Dismiss buttons."""
    listed, total = await shield.waiting_list(work.db, _LISTED)
    buttons: Buttons = tuple(
        (
            (toolkit_texts.open_button(name), f"swarm:open:{customer_id}"),
            (toolkit_texts.dismiss_button(), f"swarm:drop:{customer_id}"),
        )
        for customer_id, name, _ in listed
    ) + (((show_list_button(),),) if total else ())
    await work.say(
        ToStaffChat(),
        toolkit_texts.swarm_list([(name, count) for _, name, count in listed], total),
        buttons=buttons,
    )
