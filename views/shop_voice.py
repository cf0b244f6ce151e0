"""What the shop says in the owner's words: the greeting and the away reply."""

from __future__ import annotations

from config.settings import Settings
from logic.schedule import Schedule, fill
from storage import shop
from storage.db import Reader
from views.texts import DEFAULT_AWAY, DEFAULT_GREETING, h


async def greeting_for(db: Reader, settings: Settings, first_name: str, now: float) -> str:
    """The greeting (owner's text or the default), filled in and HTML-escaped."""
    template = await shop.text(db, shop.GREETING_KEY) or DEFAULT_GREETING
    schedule = await shop.schedule(db, settings.timezone)
    return _render(template, settings, first_name, schedule, now)


async def away_for(
    db: Reader, settings: Settings, first_name: str, schedule: Schedule, now: float
) -> str:
    """The away reply, always saying when the shop opens again."""
    template = await shop.text(db, shop.AWAY_KEY) or DEFAULT_AWAY
    if "{opens}" not in template:
        template += "\n\nWe open again {opens}."
    return _render(template, settings, first_name, schedule, now)


def _render(
    template: str, settings: Settings, first_name: str, schedule: Schedule, now: float
) -> str:
    return h(
        fill(
            template,
            shop=settings.shop_name,
            name=first_name,
            opens=schedule.opens_in_words(now),
        )
    )
