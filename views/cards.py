"""Ticket cards composed from what storage knows about a conversation."""

from __future__ import annotations

from datetime import datetime

from config.settings import Settings
from logic.details import Details, extract_details
from storage import business, conversations, customers, messages, shop
from storage.db import Reader
from views.card_texts import EarlierConversation, ticket_card
from views.i18n import LANGUAGES
from views.people import customer_speech, name_of, shop_speech
from views.when import opens_in_words


async def card_for(
    db: Reader, settings: Settings, conversation_id: int, details: Details | None = None
) -> str:
    """The ticket card for a conversation (details found in its messages unless given), in
    the shop's language; it names the language the customer is answered in."""
    sp = shop_speech(settings)
    conversation = await conversations.get(db, conversation_id)
    assert conversation is not None
    customer = await customers.get(db, conversation.customer_id)
    assert customer is not None
    if details is None:
        details = await _details_in(db, conversation_id)
    schedule = await shop.schedule(db, settings.timezone)
    account = await business.of_customer(db, customer.user_id)
    earlier = [
        EarlierConversation(
            opened_at=datetime.fromtimestamp(past.opened_at, schedule.zone),
            assignee=await name_of(sp, db, settings, past.assignee_id),
            rating=past.rating,
        )
        for past in await conversations.earlier(db, customer.user_id, conversation.id)
    ]
    return ticket_card(
        sp,
        customer_id=customer.user_id,
        full_name=customer.full_name,
        username=customer.username,
        language=LANGUAGES[customer_speech(settings, customer).code],
        earlier=earlier,
        details=details,
        assignee=await name_of(sp, db, settings, conversation.assignee_id),
        conversation_number=len(earlier) + 1,
        opens=(
            opens_in_words(sp, schedule, conversation.opened_at)
            if conversation.after_hours
            else None
        ),
        via_account=account.handle if account is not None else None,
    )


async def _details_in(db: Reader, conversation_id: int) -> Details:
    found = Details()
    for text in await messages.customer_texts(db, conversation_id):
        found = found.merged(extract_details(text))
    return found
