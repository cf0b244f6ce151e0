"""/forgetme: after a yes, a customer's messages, profile and ratings are deleted, and the
staff chat is cleared of them."""

from __future__ import annotations

import contextlib

from telegram import CallbackQuery, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from desk.context import Ctx
from desk.desk import Desk, Unit
from desk.sends import EraseTraces, ToCustomer, Trace
from handlers.common import answer_quietly
from logic.privacy import bot_may_delete
from storage import customers, privacy
from storage.customers import Customer
from views import privacy_texts, texts
from views.people import speech_of

FORGET_YES, FORGET_NO = "forget:yes", "forget:no"


async def ask_to_forget(update: Update, context: Ctx) -> None:
    """Ask the customer to confirm, saying exactly what will be deleted."""
    user = update.effective_user
    if user is None:
        return
    desk = context.desk
    sp = await speech_of(desk.db, desk.settings, user.id)
    yes, no = texts.forget_buttons(sp)
    buttons = (((yes, FORGET_YES), (no, FORGET_NO)),)

    async def unit(work: Unit) -> None:
        customer = await customers.get(work.db, user.id)
        question = privacy_texts.forget_question(
            sp,
            desk.settings.shop_name,
            messages=await privacy.message_count(work.db, user.id),
            has_topic=_topic_of(desk, customer) is not None,
            traces=len(await _traces(work, desk, user.id)),
        )
        await work.say(ToCustomer(user.id), question, buttons=buttons)

    await desk.run(unit)


async def answer_forget(update: Update, context: Ctx) -> None:
    """Yes: delete, clear the staff chat, confirm. No: keep everything."""
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
        traces = await _traces(work, desk, user_id)
        # Once the staff chat is cleared, the relay reports how it went; the customer (in
        # their language, kept here as their row goes) and the owners are told exactly what
        # was and was not removed (desk.outcomes).
        erase = EraseTraces(
            user_id,
            _topic_of(desk, customer),
            tuple(traces),
            sp.code,
            customer.business_connection_id,
        )
        await work.owe(erase)
        await privacy.forget_customer(work.db, user_id, work.now, update_id)
        work.forgotten.add(user_id)

    await desk.run(unit)
    await desk.db.checkpoint()
    await answer_quietly(query, texts.forget_deleted(sp))
    await _replace_question(query, privacy_texts.forget_done(sp, desk.settings.shop_name))


def _topic_of(desk: Desk, customer: Customer | None) -> int | None:
    if customer is None or not desk.staff_chat.is_forum:
        return None
    return customer.thread_id


async def _traces(work: Unit, desk: Desk, user_id: int) -> list[Trace]:
    """What the staff chat holds of the customer outside their topic (all of it, without
    topics), each marked for deleting or, past Telegram's 48 hours, blanking."""
    staff_chat = desk.staff_chat
    found = await privacy.staff_chat_traces(
        work.db, user_id, staff_chat.id, whole_chat=not staff_chat.is_forum
    )
    return [
        Trace(t.chat_id, t.message_id, bot_may_delete(t.posted_at, work.now), t.own, t.text)
        for t in found
    ]


async def _replace_question(query: CallbackQuery, html: str) -> None:
    # A question too old to edit stays as it is; the answer above already said what happened.
    with contextlib.suppress(BadRequest):
        await query.edit_message_text(html, parse_mode=ParseMode.HTML, reply_markup=None)
