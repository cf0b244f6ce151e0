"""What the shop says in the owner's words: the greeting and the away reply.

A customer gets the owner's version in their language if there is one; else the owner's
text in the shop's language (their own words, a holiday notice say, matter more than ours);
else the built-in text in their language.
"""

from __future__ import annotations

from config.settings import Settings
from logic.schedule import Schedule, fill
from storage import shop
from storage.db import Reader
from views.i18n import Speech
from views.texts import DEFAULT_AWAY, DEFAULT_GREETING, OPENS_AGAIN, h, template
from views.when import opens_in_words


async def owner_text(db: Reader, settings: Settings, key: str, sp: Speech) -> str | None:
    """The owner's text a customer speaking ``sp`` gets, or None (the built-in one)."""
    own = await shop.text(db, key, sp.code, settings.language)
    if own is None and sp.code != settings.language:
        own = await shop.text(db, key, settings.language, settings.language)
    return own


async def greeting_for(
    sp: Speech, db: Reader, settings: Settings, first_name: str, now: float
) -> str:
    """The greeting (owner's text or the built-in one), filled in and HTML-escaped."""
    chosen = await owner_text(db, settings, shop.GREETING_KEY, sp)
    schedule = await shop.schedule(db, settings.timezone)
    return _render(
        sp, chosen or template(sp, DEFAULT_GREETING), settings, first_name, schedule, now
    )


async def away_for(
    sp: Speech, db: Reader, settings: Settings, first_name: str, schedule: Schedule, now: float
) -> str:
    """The away reply, always saying when the shop opens again."""
    chosen = await owner_text(db, settings, shop.AWAY_KEY, sp) or template(sp, DEFAULT_AWAY)
    if "{opens}" not in chosen:
        chosen += "\n\n" + template(sp, OPENS_AGAIN)
    return _render(sp, chosen, settings, first_name, schedule, now)


def _render(
    sp: Speech,
    text: str,
    settings: Settings,
    first_name: str,
    schedule: Schedule,
    now: float,
) -> str:
    return h(
        fill(
            text,
            shop=settings.shop_name,
            name=first_name,
            opens=opens_in_words(sp, schedule, now),
        )
    )
