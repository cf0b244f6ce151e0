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
from views.texts import DEFAULT_AWAY, DEFAULT_GREETING, OWNER_TEXT_LIMIT

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
                await _reply(work, message, owner_texts.owners_only(command))
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
            return owner_texts.refused(str(error))
        await shop.set_hours(db, week)
    schedule = await shop.schedule(db, context.settings.timezone)
    return owner_texts.hours_overview(schedule, work.now, changed=bool(argument))


async def closed(work: Unit, context: Ctx, argument: str) -> str:
    """/closed 2026-12-25 Christmas or /closed 2026-12-24..2026-12-31 Holidays adds a closure."""
    db = work.db
    schedule = await shop.schedule(db, context.settings.timezone)
    today = schedule.local(work.now).date()
    await shop.forget_past_closures(db, today)
    if not argument:
        schedule = await shop.schedule(db, context.settings.timezone)
        return owner_texts.closures_overview(schedule, work.now)
    try:
        closure = parse_closure(argument, today)
    except HoursParseError as error:
        return owner_texts.refused(str(error))
    await shop.add_closure(db, closure)
    schedule = await shop.schedule(db, context.settings.timezone)
    return owner_texts.closure_added(closure, schedule, work.now)


async def reopen_day(work: Unit, context: Ctx, argument: str) -> str:
    """/open 2026-12-25 removes that day from the closures."""
    db = work.db
    schedule = await shop.schedule(db, context.settings.timezone)
    today = schedule.local(work.now).date()
    try:
        day = parse_day(argument, today)
    except HoursParseError as error:
        return owner_texts.refused(str(error))
    existing = await shop.closures(db)
    kept = [part for closure in existing for part in without_day(closure, day)]
    if len(kept) == len(existing) and kept == existing:
        return owner_texts.no_closure_on(day)
    await shop.replace_closures(db, kept)
    schedule = await shop.schedule(db, context.settings.timezone)
    return owner_texts.day_reopened(day, schedule, work.now)


async def greeting(work: Unit, context: Ctx, argument: str) -> str:
    """/greeting shows the greeting; /greeting text sets it; /greeting reset restores it."""
    return await _owner_text(work, argument, shop.GREETING_KEY, DEFAULT_GREETING, "greeting")


async def away(work: Unit, context: Ctx, argument: str) -> str:
    """/away shows the away reply; /away text sets it; /away reset restores it."""
    return await _owner_text(work, argument, shop.AWAY_KEY, DEFAULT_AWAY, "away")


async def timezone(work: Unit, context: Ctx, argument: str) -> str:
    """/timezone shows the shop's time zone; /timezone Europe/Berlin changes it."""
    db = work.db
    if argument:
        if zone_problem(argument) is not None:
            return owner_texts.refused(owner_texts.unknown_zone(argument))
        await shop.set_timezone(db, argument)
    schedule = await shop.schedule(db, context.settings.timezone)
    return owner_texts.zone_overview(schedule, work.now, changed=bool(argument))


OWNER_COMMANDS: dict[str, OwnerAction] = {
    "hours": hours,
    "closed": closed,
    "open": reopen_day,
    "greeting": greeting,
    "away": away,
    "timezone": timezone,
    "team": team.team,
}


async def _owner_text(work: Unit, argument: str, key: str, default: str, command: str) -> str:
    db = work.db
    if not argument:
        current = await shop.text(db, key)
        return owner_texts.text_overview(command, current or default, is_default=current is None)
    if argument.casefold() == "reset":
        await shop.set_text(db, key, None)
        return owner_texts.text_reset(command, default)
    if len(argument) > OWNER_TEXT_LIMIT:
        return owner_texts.refused(owner_texts.text_too_long(OWNER_TEXT_LIMIT))
    try:
        unknown = unknown_placeholders(argument)
    except ValueError:
        return owner_texts.refused(owner_texts.unbalanced_braces(command))
    if unknown:
        return owner_texts.refused(owner_texts.unknown_placeholders(unknown, command))
    await shop.set_text(db, key, argument)
    return owner_texts.text_set(command, argument)


async def _reply(work: Unit, message: Message, html: str) -> None:
    await work.say(reply_target(message), html)
