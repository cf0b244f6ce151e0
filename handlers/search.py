"""/find words anywhere in the staff chat: up to ten conversations, newest first, with the
date, the assignee, a snippet around the match and a link to the topic."""

from __future__ import annotations

from datetime import datetime

from telegram import Update

from desk.context import Ctx
from desk.desk import Unit
from handlers.common import command_argument, reply_target
from handlers.staff_commands import _caller as team_caller
from logic.links import topic_link
from logic.search_terms import MARK_END, MARK_START, search_words
from storage import search, shop
from views import search_texts
from views.people import name_of, shop_speech
from views.texts import clip, h

SNIPPET_LIMIT = 200


async def find_conversations(update: Update, context: Ctx) -> None:
    """/find squashed cake: search names, @usernames, details and message words."""
    message, member = await team_caller(update, context)
    if message is None or member is None:
        return
    desk = context.desk
    sp = shop_speech(desk.settings)
    typed = command_argument(message)
    words = search_words(typed)
    hits = await search.find(desk.db, words) if words else []
    zone = (await shop.schedule(desk.db, desk.settings.timezone)).zone
    entries = [
        (
            f"{datetime.fromtimestamp(hit.opened_at, zone):%Y-%m-%d}",
            hit.customer_name + (f" @{hit.username}" if hit.username else ""),
            await name_of(sp, desk.db, desk.settings, hit.assignee_id),
            marked(hit.snippet),
            topic_link(desk.staff_chat.id, hit.thread_id),
        )
        for hit in hits
    ]
    if not words:
        answer = search_texts.find_usage(sp)
    elif not entries:
        answer = search_texts.found_nothing(sp, typed)
    else:
        answer = search_texts.found(sp, typed, entries)

    async def unit(work: Unit) -> None:
        # Naming the customers found lets /forgetme find and remove this answer too.
        about = tuple(dict.fromkeys(hit.customer_id for hit in hits))
        await work.say(reply_target(message), answer, about=about)

    await desk.run(unit)


def marked(snippet: str) -> str:
    """A snippet in HTML: escaped, one line, the matched words in bold."""
    flat = clip(" ".join(snippet.split()), SNIPPET_LIMIT)
    return h(flat).replace(MARK_START, "<b>").replace(MARK_END, "</b>")
