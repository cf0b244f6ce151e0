"""The single error handler: log (the token is redacted by the log formatter), tell the staff."""

from __future__ import annotations

import logging

from desk.context import Ctx
from desk.desk import Unit
from desk.sends import ToStaffChat
from views import texts
from views.people import shop_speech

log = logging.getLogger(__name__)

LAST_ALERT_KEY = "last_error_alert"

ALERT_INTERVAL_SECONDS = 300.0


async def report_error(update: object, context: Ctx) -> None:
    """Log an unexpected error and, at most every few minutes, tell the staff chat."""
    log.error("Error while handling an update", exc_info=context.error)
    desk = context.desk
    now = desk.clock()
    last = context.application.bot_data.get(LAST_ALERT_KEY, 0.0)
    if now - last < ALERT_INTERVAL_SECONDS:
        return
    context.application.bot_data[LAST_ALERT_KEY] = now

    async def unit(work: Unit) -> None:
        await work.say(ToStaffChat(), texts.internal_error(shop_speech(desk.settings)))

    await desk.run(unit)
