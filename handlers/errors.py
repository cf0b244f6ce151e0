"""Errors: log them (the token is redacted by the log formatter), tell the staff what is
true, and hand over an update that failed every attempt so a person can act on it."""

from __future__ import annotations

import logging

from telegram import Update

from desk.context import FAILED_UPDATES_KEY, Ctx
from desk.desk import Desk, Unit
from desk.sends import ToStaffChat
from handlers.common import message_kind, message_words
from storage import inbox
from storage.db import DatabaseUnavailable
from views import alert_texts, texts
from views.people import shop_speech

log = logging.getLogger(__name__)

LAST_ALERT_KEY = "last_error_alert"

ALERT_INTERVAL_SECONDS = 300.0


async def report_error(update: object, context: Ctx) -> None:
    """Log an unexpected error, note the update as failed (the intake keeps it to try again)
    and, at most every few minutes, tell the staff chat."""
    if isinstance(update, Update) and context.error is not None:
        failed = context.application.bot_data.setdefault(FAILED_UPDATES_KEY, {})
        failed[update.update_id] = context.error
    if isinstance(context.error, DatabaseUnavailable):
        return  # the update waits for the database; the update source logs that once
    log.error("Error while handling an update", exc_info=context.error)
    desk = context.desk
    now = desk.clock()
    last = context.application.bot_data.get(LAST_ALERT_KEY, 0.0)
    if now - last < ALERT_INTERVAL_SECONDS:
        return
    context.application.bot_data[LAST_ALERT_KEY] = now
    sp = shop_speech(desk.settings)
    alert = (
        alert_texts.handler_failed_alert(sp)
        if isinstance(update, Update)
        else alert_texts.job_failed_alert(sp)
    )

    async def unit(work: Unit) -> None:
        await work.say(ToStaffChat(), alert)

    await desk.run(unit)


async def give_up_on(desk: Desk, update_id: int, update: Update | None, error: str) -> None:
    """An update failed every attempt (or cannot be read): set it aside in the dead letters
    and show the staff chat who sent what, so a person can act on it."""
    user = update.effective_user if update is not None else None
    kind, words = _what(update)

    async def unit(work: Unit) -> None:
        user_id = user.id if user is not None else None
        attempts = await inbox.give_up(work.db, update_id, user_id, error, work.now)
        if attempts is None:
            return
        sp = shop_speech(desk.settings)
        who = (
            texts.mention(user.id, user.full_name) if user is not None else alert_texts.someone(sp)
        )
        await work.say(ToStaffChat(), alert_texts.dead_letter(sp, who, kind, words, attempts))

    log.warning("Gave up on update %s (%s); the staff chat is shown it", update_id, error)
    await desk.run(unit)


def _what(update: Update | None) -> tuple[str, str | None]:
    """What kind of update it was, and the words in it."""
    if update is None:
        return "update Telegram sent that could not be read", None
    if update.callback_query is not None:
        return "button press", update.callback_query.data
    message = update.effective_message
    if message is None:
        return "update", None
    edit = " (an edit)" if update.edited_message is not None else ""
    return f"{message_kind(message)} message{edit}", message_words(message)


async def set_aside(desk: Desk, update: Update, payload: str, now: float) -> None:
    """An update that cannot be stored (text that is not valid Unicode): keep it in the dead
    letters as ASCII JSON and show the staff chat what it was."""
    user = update.effective_user
    kind, words = _what(update)

    async def unit(work: Unit) -> None:
        user_id = user.id if user is not None else None
        if not await inbox.set_aside(
            work.db, update.update_id, payload, user_id, "invalid text", now
        ):
            return
        name = _valid(user.full_name) if user is not None else ""
        sp = shop_speech(desk.settings)
        who = texts.mention(user.id, name) if user is not None else alert_texts.someone(sp)
        await work.say(ToStaffChat(), alert_texts.unstorable_update(sp, who, kind, _valid(words)))

    log.warning("Set aside update %s: its text is not valid Unicode", update.update_id)
    await desk.run(unit)


def _valid(text: str | None) -> str:
    """Text with whatever is not valid Unicode replaced (so it can be stored and sent)."""
    return (text or "").encode("utf-8", "replace").decode()
