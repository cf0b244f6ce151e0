"""Saved answers kept for the team: /save, /replies and /unsave anywhere in the staff chat
(sending one to a customer is handlers/saved_answer_sending.py)."""

from __future__ import annotations

import re

from telegram import Message, Update

from desk.context import Ctx
from desk.desk import Unit
from handlers.common import (
    command_argument,
    replied_message_id,
    reply_target,
)
from handlers.staff_commands import _caller as team_caller
from logic.saved_answers import (
    KEY_LIMIT,
    LANGUAGES,
    BadKey,
    closest_keys,
    parse_key,
    plain,
)
from storage import saved_answers
from views import saved_answer_texts
from views.people import shop_speech
from views.saved_answer_texts import ANSWER_LIMIT

_AFTER_KEY = re.compile(r"\S+\s+\S+\s*", re.S)


async def save_answer(update: Update, context: Ctx) -> None:
    """/save key text, or /save key as a reply: keep an answer (formatting and all)."""
    message, member = await team_caller(update, context)
    if message is None or member is None:
        return
    argument = command_argument(message)
    wanted = argument.split(maxsplit=1)[0] if argument else ""
    sp = shop_speech(context.settings)

    async def unit(work: Unit) -> None:
        if not wanted:
            await _reply(work, message, saved_answer_texts.save_usage(sp))
            return
        try:
            key = parse_key(wanted)
        except BadKey as error:
            refusal = (
                saved_answer_texts.bad_language(sp, wanted, LANGUAGES)
                if error.reason == "language"
                else saved_answer_texts.bad_key(sp, wanted, KEY_LIMIT)
            )
            await _reply(work, message, refusal)
            return
        body = _body(message)
        if not body:
            await _reply(work, message, saved_answer_texts.nothing_to_save(sp, key.label))
            return
        length = len(plain(body))
        if length > ANSWER_LIMIT:
            await _reply(
                work, message, saved_answer_texts.answer_too_long(sp, length, ANSWER_LIMIT)
            )
            return
        replaced = await saved_answers.save(
            work.db, key.key, key.language, body, member.user_id, work.now
        )
        await _reply(work, message, saved_answer_texts.answer_saved(sp, key.label, replaced))

    await context.desk.run(unit)


def _body(message: Message) -> str:
    """The answer's HTML: what follows the key, else the text of the message replied to."""
    after_key = _AFTER_KEY.match(message.text_html or "")
    if after_key is not None and message.text_html[after_key.end() :].strip():
        return message.text_html[after_key.end() :].strip()
    replied = message.reply_to_message if replied_message_id(message) else None
    if replied is None:
        return ""
    if replied.text:
        return replied.text_html.strip()
    if replied.caption:
        return replied.caption_html.strip()
    return ""


async def list_answers(update: Update, context: Ctx) -> None:
    """/replies: the saved keys, each with its first line."""
    message, member = await team_caller(update, context)
    if message is None or member is None:
        return

    sp = shop_speech(context.settings)

    async def unit(work: Unit) -> None:
        answers = await saved_answers.listing(work.db)
        if not answers:
            await _reply(work, message, saved_answer_texts.no_answers_yet(sp))
            return
        others = await saved_answers.languages(work.db)
        entries = [
            (
                answer.key,
                (plain(answer.html).strip().splitlines() or [""])[0],
                others.get(answer.key, []),
            )
            for answer in answers
        ]
        await _reply(work, message, saved_answer_texts.answers_list(sp, entries))

    await context.desk.run(unit)


async def remove_answer(update: Update, context: Ctx) -> None:
    """/unsave key (every variant) or /unsave key.de (that one)."""
    message, member = await team_caller(update, context)
    if message is None or member is None:
        return
    wanted = command_argument(message)
    sp = shop_speech(context.settings)

    async def unit(work: Unit) -> None:
        if not wanted:
            await _reply(work, message, saved_answer_texts.unsave_usage(sp))
            return
        try:
            key = parse_key(wanted)
        except BadKey:
            key = None
        removed = 0
        if key is not None:
            removed = await saved_answers.remove(work.db, key.key, key.language or None)
        if not removed:
            closest = closest_keys(wanted, await saved_answers.keys(work.db))
            await _reply(work, message, saved_answer_texts.unknown_key(sp, wanted, closest))
            return
        assert key is not None
        await _reply(work, message, saved_answer_texts.answer_removed(sp, key.label))

    await context.desk.run(unit)


async def _reply(work: Unit, message: Message, html: str) -> None:
    await work.say(reply_target(message), html)
