"""/forgetme: after a yes, a customer's messages, profile and ratings are deleted."""

from __future__ import annotations

import contextlib
import json

from telegram import CallbackQuery, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.context import Ctx
from handlers.common import answer_quietly
from logic import texts
from logic.texts import h
from relay.targets import to_chat, to_customer
from storage import customers, privacy

FORGET_YES, FORGET_NO = "forget:yes", "forget:no"


async def ask_to_forget(update: Update, context: Ctx) -> None:
    """Ask the customer to confirm before anything is deleted."""
    user = update.effective_user
    if user is None:
        return
    buttons = [[["Yes, delete everything", FORGET_YES], ["No, keep it", FORGET_NO]]]
    async with context.desk.unit() as work:
        await work.say(
            to_customer(user.id),
            texts.forget_question(context.settings.shop_name),
            buttons=buttons,
        )


async def answer_forget(update: Update, context: Ctx) -> None:
    """Yes: delete and confirm, tell the owners, remove the staff topic. No: keep everything."""
    query = update.callback_query
    if query is None:
        return
    desk = context.desk
    if query.data != FORGET_YES:
        await answer_quietly(query, "Nothing was deleted.")
        await _replace_question(query, texts.forget_kept())
        return
    user_id = query.from_user.id
    async with desk.unit() as work:
        customer = await customers.get(desk.db, user_id)
        if customer is not None:
            if customer.thread_id is not None:
                await work.owe(
                    "delete_topic",
                    {"thread_id": customer.thread_id},
                    lane=f"forget:{customer.thread_id}",
                )
            names = tuple(
                json.dumps(h(name))[1:-1] for name in {customer.full_name, customer.first_name}
            )
            await privacy.forget_customer(desk.db, user_id, work.now, update.update_id, names)
            work.forgotten.add(user_id)
            for owner_id in desk.settings.owner_ids:
                await work.say(to_chat(owner_id), texts.forgotten_for_owner())
    await desk.db.checkpoint()
    await answer_quietly(query, "Deleted.")
    await _replace_question(query, texts.forget_done(desk.settings.shop_name))


async def _replace_question(query: CallbackQuery, html: str) -> None:
    # A question too old to edit stays as it is; the answer above already said what happened.
    with contextlib.suppress(BadRequest):
        await query.edit_message_text(html, parse_mode=ParseMode.HTML, reply_markup=None)
