"""Owners read the numbers: /stats [days] as a message and a chart, /export [days] as two
CSV files — in a private chat with the bot or in the staff chat."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from telegram import InputFile, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden

from desk.context import Ctx
from handlers.common import ANONYMOUS_ADMIN_ID, command_argument
from logic import csv_export, stats
from logic.stats import DaysError, Period
from storage import reports, shop
from views import owner_texts, report_texts
from views.people import shop_speech

log = logging.getLogger(__name__)


async def show_stats(update: Update, context: Ctx) -> None:
    """/stats [days]: the figures of the last days (default 7) and a chart, for owners."""
    async with _unless_unreachable():
        await _show_stats(update, context)


async def export_conversations(update: Update, context: Ctx) -> None:
    """/export [days]: conversations and messages of the last days as CSV files, for owners."""
    async with _unless_unreachable():
        await _export_conversations(update, context)


@contextlib.asynccontextmanager
async def _unless_unreachable() -> AsyncIterator[None]:
    """Reports go straight to the asking chat; one the bot cannot write to is only logged."""
    try:
        yield
    except (Forbidden, BadRequest) as error:
        unreachable = ("chat not found", "thread not found", "topic_deleted")
        if isinstance(error, BadRequest) and not any(
            words in error.message.lower() for words in unreachable
        ):
            raise
        log.warning("Could not send a report: %s", error.message)


async def _show_stats(update: Update, context: Ctx) -> None:
    asked = await _owner_request(update, context, "stats")
    if asked is None:
        return
    message, period, now = asked
    desk = context.desk
    sla = desk.settings.first_response_sla_seconds
    records = await reports.conversation_records(desk.db, period.start, period.end, now)
    names = await reports.staff_names(desk.db)
    report = stats.report(records, names, period, sla, now)
    await _answer(context, message, report_texts.stats(shop_speech(context.settings), report))
    if report.is_empty:
        return
    # A few hundred milliseconds of drawing: off the event loop, so sends keep flowing.
    # matplotlib is imported here, not at start-up: it is half the bot's memory otherwise.
    from views.charts import render_chart

    png = await asyncio.to_thread(render_chart, shop_speech(context.settings), report.days, sla)
    await context.bot.send_photo(
        chat_id=message.chat_id,
        message_thread_id=_thread(message),
        photo=InputFile(png, filename=f"frontdesk-stats-{_dates(period)}.png"),
        caption=report_texts.chart_caption(shop_speech(context.settings), period),
        parse_mode=ParseMode.HTML,
    )


async def _export_conversations(update: Update, context: Ctx) -> None:
    """/export [days]: conversations and messages of the last days as CSV files, for owners."""
    asked = await _owner_request(update, context, "export")
    if asked is None:
        return
    message, period, now = asked
    desk = context.desk
    found = await reports.exported_conversations(desk.db, period.start, period.end, now)
    if not found:
        await _answer(
            context, message, report_texts.nothing_to_export(shop_speech(context.settings), period)
        )
        return
    written = await reports.exported_messages(desk.db, period.start, period.end)
    sla = desk.settings.first_response_sla_seconds
    tables = {
        "conversations": reports.conversation_table(found, period.zone, sla, now),
        "messages": reports.message_table(written, period.zone),
    }
    for what, table in tables.items():
        await context.bot.send_document(
            chat_id=message.chat_id,
            message_thread_id=_thread(message),
            document=InputFile(
                csv_export.render(table), filename=f"frontdesk-{what}-{_dates(period)}.csv"
            ),
            caption=report_texts.export_caption(
                shop_speech(context.settings), what, period, len(table) - 1
            ),
            parse_mode=ParseMode.HTML,
        )


async def _owner_request(
    update: Update, context: Ctx, command: str
) -> tuple[Message, Period, float] | None:
    """An owner's command with a good period, and now; anything else is answered here."""
    message = await _owner_message(update, context, command)
    if message is None:
        return None
    now = context.desk.clock()
    period = await _period(message, context, command, now)
    return None if period is None else (message, period, now)


async def _owner_message(update: Update, context: Ctx, command: str) -> Message | None:
    """The command's message if an owner sent it; anyone else gets the one-line refusal."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return None
    if user.id == ANONYMOUS_ADMIN_ID or user.id not in context.settings.owner_ids:
        await _answer(
            context, message, owner_texts.owners_only(shop_speech(context.settings), command)
        )
        return None
    return message


async def _period(message: Message, context: Ctx, command: str, now: float) -> Period | None:
    """The last N local days the owner asked for; a bad argument is answered here."""
    argument = command_argument(message)
    try:
        days = stats.parse_days(argument)
    except DaysError:
        await _answer(
            context,
            message,
            report_texts.bad_days(shop_speech(context.settings), command, argument),
        )
        return None
    schedule = await shop.schedule(context.db, context.settings.timezone)
    return stats.period_ending(now, days, schedule.zone)


async def _answer(context: Ctx, message: Message, html: str) -> None:
    await context.bot.send_message(
        chat_id=message.chat_id,
        message_thread_id=_thread(message),
        text=html,
        parse_mode=ParseMode.HTML,
    )


def _thread(message: Message) -> int | None:
    return message.message_thread_id if message.is_topic_message else None


def _dates(period: Period) -> str:
    return f"{period.first_day.isoformat()}-to-{period.last_day.isoformat()}"
