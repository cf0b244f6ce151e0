"""Names as customers and staff see them, looked up from storage, and whose language a
text is written in."""

from __future__ import annotations

from config.settings import Settings
from storage import customers, staff
from storage.customers import Customer
from storage.db import Reader
from views.i18n import Speech, language_for, speech


def shop_speech(settings: Settings) -> Speech:
    """The shop's language: staff and owners read this."""
    return speech(settings.language)


def customer_speech(settings: Settings, customer: Customer | None) -> Speech:
    """The customer's language: their choice, else Telegram's if we speak it, else the shop's."""
    if customer is None:
        return shop_speech(settings)
    return speech(language_for(customer.language, customer.language_code, settings.language))


async def speech_of(db: Reader, settings: Settings, customer_id: int) -> Speech:
    """The language of the customer with this id (the shop's if they are not known)."""
    return customer_speech(settings, await customers.get(db, customer_id))


async def name_of(sp: Speech, db: Reader, settings: Settings, user_id: int | None) -> str:
    """The name customers see for a team member or owner."""
    if user_id is not None:
        member = await staff.get(db, user_id)
        if member is not None:
            return member.name
        if user_id in settings.owner_ids:
            return sp.gettext("the owner")
    return sp.gettext("our team")
