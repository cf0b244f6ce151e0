"""The shop's Telegram Business account in the playground: the owner's own account is the
shop's account (@cornerbakery, the one on the shop window) and is connected to the bot, so
customers may write to it instead of to the bot."""

from __future__ import annotations

from typing import Any

from playground.cast import Cast
from playground.view import person
from standin import BotApiServer


def connect_shop_account(telegram: BotApiServer, cast: Cast) -> str:
    """The owner connects the bot to their (business) account, unless it already is;
    returns the connection id."""
    known = next(
        (link for link in telegram.business.values() if link.user["id"] == cast.owner), None
    )
    if known is not None and known.enabled:
        cast.business = known.id
    else:
        cast.business = telegram.connect_business(cast.owner)
    return cast.business


def business_setup(telegram: BotApiServer, cast: Cast) -> dict[str, Any] | None:
    """The shop's account and its connection, for the page (None if there is none)."""
    if cast.business is None:
        return None
    return {"account": person(telegram.user(cast.owner)), "connection": cast.business}


def connection(cast: Cast) -> str:
    """The business connection, for a page that asks about it."""
    if cast.business is None:
        raise ValueError("the shop's account is not connected")
    return cast.business


def business_send(
    telegram: BotApiServer, cast: Cast, user_id: int, content: dict[str, Any]
) -> dict[str, Any]:
    """A customer writes to the shop's account."""
    if user_id not in cast.customers:
        raise ValueError("only customers write to the shop's account")
    return telegram.business_message(connection(cast), user_id, **content)


def business_chat(telegram: BotApiServer, cast: Cast, user_id: int) -> list[dict[str, Any]]:
    """The customer's chat with the shop's account."""
    if cast.business is None or user_id not in telegram.users or user_id == cast.owner:
        return []
    return telegram.business_messages(cast.business, user_id)


def business_press(
    telegram: BotApiServer, cast: Cast, user_id: int, message_id: int, data: str
) -> str:
    """A customer presses a button the bot sent from the shop's account."""
    return telegram.press_business_button(connection(cast), user_id, message_id, data)
