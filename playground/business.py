"""The shop's Telegram Business account in the playground: customers may write to the shop's
own account (@cornerbakery) instead of the bot, and the bot is connected to that account."""

from __future__ import annotations

from typing import Any

from playground.cast import SHOP, Cast
from playground.view import person
from standin import BotApiServer

ACCOUNT_USERNAME = "cornerbakery"


def connect_shop_account(telegram: BotApiServer, cast: Cast) -> str:
    """The owner makes the shop's account a business account and connects the bot to it (the
    account is made first if the cast has none yet); returns the connection id."""
    if cast.shop_account is None:
        cast.shop_account = telegram.add_user(SHOP, username=ACCOUNT_USERNAME)["id"]
    known = next(
        (link for link in telegram.business.values() if link.user["id"] == cast.shop_account),
        None,
    )
    if known is not None and known.enabled:
        cast.business = known.id
    else:
        cast.business = telegram.connect_business(cast.shop_account)
    return cast.business


def business_setup(telegram: BotApiServer, cast: Cast) -> dict[str, Any] | None:
    """The shop's account and its connection, for the page (None if there is none)."""
    if cast.shop_account is None or cast.business is None:
        return None
    return {"account": person(telegram.user(cast.shop_account)), "connection": cast.business}


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
    if cast.business is None or user_id not in telegram.users:
        return []
    return telegram.business_messages(cast.business, user_id)


def business_press(
    telegram: BotApiServer, cast: Cast, user_id: int, message_id: int, data: str
) -> str:
    """A customer presses a button the bot sent from the shop's account."""
    return telegram.press_business_button(connection(cast), user_id, message_id, data)
