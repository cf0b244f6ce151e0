"""Owners set when the shop answers and what it says: /hours, /closed, /open, /greeting,
/away, /timezone — in a private chat with the bot or in the staff chat."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Message, Update

from config.zones import zone_problem
from desk.context import Ctx
from desk.desk import Unit
from handlers import team
from handlers.common import ANONYMOUS_ADMIN_ID, command_argument, reply_target
from logic.hours import HoursParseError, parse_closure, parse_day, parse_hours
from logic.hours.closures import without_day
from logic.schedule import unknown_placeholders
from storage import shop, staff
from views import owner_texts
from views.i18n import LANGUAGES, speech
from views.people import shop_speech
from views.texts import DEFAULT_AWAY, DEFAULT_GREETING, OWNER_TEXT_LIMIT, template

OwnerAction = Callable[[Unit, Ctx, str], Awaitable[str]]
Callback = Callable[[Update, Ctx], Coroutine[Any, Any, None]]


def owners_only(command: str, action: OwnerAction) -> Callback:
    """Wrap an owner command: others get a one-line refusal and nothing changes."""

    async def callback(update: Update, context: Ctx) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        desk = context.desk

        async def unit(work: Unit) -> None:
            if user.id == ANONYMOUS_ADMIN_ID or user.id not in desk.settings.owner_ids:
                await _reply(
                    work, message, owner_texts.owners_only(shop_speech(desk.settings), command)
                )
                return
            await staff.learn(
                work.db,
                user_id=user.id,
                first_name=user.first_name,
                username=user.username,
                now=work.now,
            )
            await _reply(work, message, await action(work, context, command_argument(message)))

        await desk.run(unit)

    callback.__doc__ = action.__doc__
    return callback


async def hours(work: Unit, context: Ctx, argument: str) -> str:
    """/hours shows the week; /hours mon-fri 09:00-18:00, … replaces it."""
    db = work.db
    if argument:
        try:
            week = parse_hours(argument)
        except HoursParseError as error:
            return owner_texts.not_understood(shop_speech(context.settings), error)
        await shop.set_hours(db, week)
    schedule = await shop.schedule(db, context.settings.timezone)
    return owner_texts.hours_overview(
        shop_speech(context.settings), schedule, work.now, changed=bool(argument)
    )


async def closed(work: Unit, context: Ctx, argument: str) -> str:
    """/closed 2026-12-25 Christmas or /closed 2026-12-24..2026-12-31 Holidays adds a closure."""
    db = work.db
    schedule = await shop.schedule(db, context.settings.timezone)
    today = schedule.local(work.now).date()
    await shop.forget_past_closures(db, today)
    if not argument:
        schedule = await shop.schedule(db, context.settings.timezone)
        return owner_texts.closures_overview(shop_speech(context.settings), schedule, work.now)
    try:
        closure = parse_closure(argument, today)
    except HoursParseError as error:
        return owner_texts.not_understood(shop_speech(context.settings), error)
    await shop.add_closure(db, closure)
    schedule = await shop.schedule(db, context.settings.timezone)
    return owner_texts.closure_added(shop_speech(context.settings), closure, schedule, work.now)


async def reopen_day(work: Unit, context: Ctx, argument: str) -> str:
    """/open 2026-12-25 removes that day from the closures."""
    db = work.db
    schedule = await shop.schedule(db, context.settings.timezone)
    today = schedule.local(work.now).date()
    try:
        day = parse_day(argument, today)
    except HoursParseError as error:
        return owner_texts.not_understood(shop_speech(context.settings), error)
    existing = await shop.closures(db)
    kept = [part for closure in existing for part in without_day(closure, day)]
    if len(kept) == len(existing) and kept == existing:
        return owner_texts.no_closure_on(shop_speech(context.settings), day)
    await shop.replace_closures(db, kept)
    schedule = await shop.schedule(db, context.settings.timezone)
    return owner_texts.day_reopened(shop_speech(context.settings), day, schedule, work.now)


async def greeting(work: Unit, context: Ctx, argument: str) -> str:
    """/greeting shows every language's greeting; /greeting [de] text sets one;
    /greeting [de] reset restores the built-in one."""
    return await _owner_text(work, context, argument, shop.GREETING_KEY, "greeting")


async def away(work: Unit, context: Ctx, argument: str) -> str:
    """/away shows every language's away reply; /away [de] text sets one;
    /away [de] reset restores the built-in one."""
    return await _owner_text(work, context, argument, shop.AWAY_KEY, "away")


async def timezone(work: Unit, context: Ctx, argument: str) -> str:
    """/timezone shows the shop's time zone; /timezone Europe/Berlin changes it."""
    db = work.db
    if argument:
        if zone_problem(argument) is not None:
            return owner_texts.refused(
                shop_speech(context.settings),
                owner_texts.unknown_zone(shop_speech(context.settings), argument),
            )
        await shop.set_timezone(db, argument)
    schedule = await shop.schedule(db, context.settings.timezone)
    return owner_texts.zone_overview(
        shop_speech(context.settings), schedule, work.now, changed=bool(argument)
    )


OWNER_COMMANDS: dict[str, OwnerAction] = {
    "hours": hours,
    "closed": closed,
    "open": reopen_day,
    "greeting": greeting,
    "away": away,
    "timezone": timezone,
    "team": team.team,
}


async def _owner_text(work: Unit, context: Ctx, argument: str, key: str, command: str) -> str:
    db, sp, shop_language = work.db, shop_speech(context.settings), context.settings.language
    if not argument:
        return await _texts_overview(work, context, key, command)
    first, _, rest = argument.partition(" ")
    language = first if first in LANGUAGES else shop_language
    if first in LANGUAGES:
        argument = rest.strip()
        if not argument:
            return await _texts_overview(work, context, key, command)
    default = template(
        speech(language), DEFAULT_GREETING if command == "greeting" else DEFAULT_AWAY
    )
    if argument.casefold() == "reset":
        await shop.set_text(db, key, language, shop_language, None)
        return owner_texts.text_reset(sp, command, language, default)
    if len(argument) > OWNER_TEXT_LIMIT:
        return owner_texts.refused(sp, owner_texts.text_too_long(sp, OWNER_TEXT_LIMIT))
    try:
        unknown = unknown_placeholders(argument)
    except ValueError:
        return owner_texts.refused(sp, owner_texts.unbalanced_braces(sp, command))
    if unknown:
        return owner_texts.refused(sp, owner_texts.unknown_placeholders(sp, unknown, command))
    await shop.set_text(db, key, language, shop_language, argument)
    return owner_texts.text_set(sp, command, language, argument)


async def _texts_overview(work: Unit, context: Ctx, key: str, command: str) -> str:
    shop_language = context.settings.language
    own: list[tuple[str, str]] = []
    for language in LANGUAGES:
        text = await shop.text(work.db, key, language, shop_language)
        if text is not None:
            own.append((language, text))
    written = {language for language, _ in own}
    return owner_texts.texts_overview(
        shop_speech(context.settings),
        command,
        own,
        shop_language,
        [language for language in LANGUAGES if language not in written],
        shop_text_is_own=shop_language in written,
    )


async def _reply(work: Unit, message: Message, html: str) -> None:
    await work.say(reply_target(message), html)
