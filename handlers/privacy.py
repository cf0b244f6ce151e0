"""/forgetme: after a yes, a customer's messages, profile and ratings are deleted."""

from __future__ import annotations

import contextlib

from telegram import CallbackQuery, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from desk.context import Ctx
from desk.desk import Unit
from desk.sends import DeleteTopic, ToChat, ToCustomer
from handlers.common import answer_quietly
from storage import customers, privacy
from views import texts
from views.people import shop_speech, speech_of

FORGET_YES, FORGET_NO = "forget:yes", "forget:no"


async def ask_to_forget(update: Update, context: Ctx) -> None:
    """Ask the customer to confirm before anything is deleted."""
    user = update.effective_user
    if user is None:
        return
    sp = await speech_of(context.db, context.settings, user.id)
    yes, no = texts.forget_buttons(sp)
    buttons = (((yes, FORGET_YES), (no, FORGET_NO)),)
    question = texts.forget_question(sp, context.settings.shop_name)

    async def unit(work: Unit) -> None:
        await work.say(ToCustomer(user.id), question, buttons=buttons)

    await context.desk.run(unit)


async def answer_forget(update: Update, context: Ctx) -> None:
    """Yes: delete and confirm, tell the owners, remove the staff topic. No: keep everything."""
    query = update.callback_query
    if query is None:
        return
    desk = context.desk
    sp = await speech_of(desk.db, desk.settings, query.from_user.id)
    if query.data != FORGET_YES:
        await answer_quietly(query, texts.forget_kept(sp))
        await _replace_question(query, texts.forget_kept(sp))
        return
    user_id, update_id = query.from_user.id, update.update_id

    async def unit(work: Unit) -> None:
        customer = await customers.get(work.db, user_id)
        if customer is None:
            return
        if customer.thread_id is not None:
            await work.owe(DeleteTopic(customer.thread_id))
        await privacy.forget_customer(work.db, user_id, work.now, update_id)
        work.forgotten.add(user_id)
        for owner_id in desk.settings.owner_ids:
            await work.say(ToChat(owner_id), texts.forgotten_for_owner(shop_speech(desk.settings)))

    await desk.run(unit)
    await desk.db.checkpoint()
    await answer_quietly(query, texts.forget_deleted(sp))
    await _replace_question(query, texts.forget_done(sp, desk.settings.shop_name))


async def _replace_question(query: CallbackQuery, html: str) -> None:
    # A question too old to edit stays as it is; the answer above already said what happened.
    with contextlib.suppress(BadRequest):
        await query.edit_message_text(html, parse_mode=ParseMode.HTML, reply_markup=None)
