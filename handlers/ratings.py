"""Ratings: the customer's 1–5 stars after a conversation is closed."""

from __future__ import annotations

import contextlib
import re

from telegram import Update
from telegram.error import BadRequest

from desk.context import Ctx
from desk.desk import Unit
from desk.sends import ToCustomer, ToStaffChat, ToTopic
from handlers.common import answer_quietly
from logic.links import topic_link
from storage import conversations, customers
from storage.conversations import Conversation
from views import alert_texts, staff_texts, texts
from views.people import name_of, shop_speech, speech_of

RATING_PATTERN = re.compile(r"^rate:(\d{1,18}):([1-5])$")
LOW_RATING = 2


async def record_rating(update: Update, context: Ctx) -> None:
    """Store the stars once, thank the customer, and tell the topic."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    match = RATING_PATTERN.match(query.data)
    if match is None:
        sp = await speech_of(context.db, context.settings, query.from_user.id)
        await answer_quietly(query, texts.button_expired(sp))
        return
    conversation_id, stars = int(match.group(1)), int(match.group(2))
    desk = context.desk

    async def unit(work: Unit) -> tuple[str, bool]:
        """The answer for the button, and whether the stars were stored."""
        sp = await speech_of(work.db, desk.settings, query.from_user.id)
        conversation = await conversations.get(work.db, conversation_id)
        if (
            conversation is None
            or conversation.customer_id != query.from_user.id
            or conversation.is_open  # forged: the question comes only with /close
        ):
            return texts.button_expired(sp), False
        if not await conversations.rate(work.db, conversation_id, stars, work.now):
            return texts.already_rated(sp), False
        answer = texts.rating_thanks(sp, stars)
        customer = await customers.get(work.db, conversation.customer_id)
        name = customer.full_name if customer else "👤"
        await work.say(
            ToCustomer(conversation.customer_id), f"{answer}\n{texts.comment_invitation(sp)}"
        )
        await conversations.request_comment(work.db, conversation.id, work.now)
        await work.say(
            ToTopic(conversation.customer_id),
            staff_texts.rated_notice(shop_speech(desk.settings), name, stars),
        )
        if stars <= LOW_RATING:
            await _alert_owners(work, context, conversation, name, stars)
        return answer, True

    answer, stored = await desk.run(unit)
    await answer_quietly(query, answer)
    if stored and query.message is not None:
        # Too old to edit: the buttons stay, and a second press is answered kindly.
        with contextlib.suppress(BadRequest):
            await query.edit_message_reply_markup(reply_markup=None)


async def answer_unknown_button(update: Update, context: Ctx) -> None:
    """Any button we do not recognise (stale or tampered with) gets a polite answer."""
    if update.callback_query is not None:
        sp = await speech_of(context.db, context.settings, update.callback_query.from_user.id)
        await answer_quietly(update.callback_query, texts.button_expired(sp))


async def _alert_owners(
    work: Unit, context: Ctx, conversation: Conversation, customer_name: str, stars: int
) -> None:
    """A rating of 1 or 2: tell the owners in the staff chat, with a link to the topic."""
    db, settings = work.db, context.settings
    customer = await customers.get(db, conversation.customer_id)
    sp = shop_speech(settings)
    owners = [
        texts.mention(owner_id, await name_of(sp, db, settings, owner_id))
        for owner_id in settings.owner_ids
    ]
    await work.say(
        ToStaffChat(),
        about=(conversation.customer_id,),
        html=alert_texts.low_rating_alert(
            sp,
            customer_name,
            await name_of(sp, db, settings, conversation.assignee_id),
            stars,
            topic_link(context.desk.staff_chat.id, customer.thread_id if customer else None),
            owners,
        ),
    )
