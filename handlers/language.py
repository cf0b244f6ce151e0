"""/language: a customer chooses the language the shop writes to them in."""

from __future__ import annotations

import re

from telegram import Update, User

from desk.context import Ctx
from desk.desk import Unit
from desk.sends import ToCustomer
from handlers.common import answer_quietly, command_argument
from handlers.customer_intake import remember
from storage import customers
from views import texts
from views.i18n import LANGUAGES, speech, supported
from views.people import customer_speech, speech_of

LANGUAGE_PREFIX = "lang"
LANGUAGE_PATTERN = re.compile(rf"^{LANGUAGE_PREFIX}:([a-z]{{2}})$")


def language_buttons() -> tuple[tuple[tuple[str, str], ...], ...]:
    """Each language in its own name, two to a row."""
    choices = [(name, f"{LANGUAGE_PREFIX}:{code}") for code, name in LANGUAGES.items()]
    return tuple(tuple(choices[i : i + 2]) for i in range(0, len(choices), 2))


async def choose_language(update: Update, context: Ctx) -> None:
    """/language alone offers buttons; /language de switches at once."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    wanted = command_argument(message).strip()
    await context.desk.run(lambda work: _choose(work, context, user, wanted))


async def _choose(work: Unit, context: Ctx, user: User, wanted: str) -> None:
    customer = await remember(work, user)
    sp = customer_speech(context.settings, customer)
    if not wanted:
        await work.say(
            ToCustomer(user.id), texts.language_question(sp), buttons=language_buttons()
        )
        return
    code = supported(wanted)
    if code is None or len(wanted.split()) > 1:
        await work.say(
            ToCustomer(user.id),
            texts.unknown_language(sp, wanted, list(LANGUAGES)),
            buttons=language_buttons(),
        )
        return
    await customers.set_language(work.db, user.id, code)
    await work.say(ToCustomer(user.id), texts.language_chosen(speech(code)))


async def answer_language(update: Update, context: Ctx) -> None:
    """A language button: remember the choice and say so in the new language."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    match = LANGUAGE_PATTERN.match(query.data)
    code = supported(match.group(1)) if match else None
    if code is None:
        sp = await speech_of(context.db, context.settings, query.from_user.id)
        await answer_quietly(query, texts.button_expired(sp))
        return
    user = query.from_user

    async def unit(work: Unit) -> None:
        await remember(work, user)
        await customers.set_language(work.db, user.id, code)
        await work.say(ToCustomer(user.id), texts.language_chosen(speech(code)))

    await context.desk.run(unit)
    await answer_quietly(query, LANGUAGES[code])
