"""At opening time: one message listing the conversations that waited, with topic links."""

from __future__ import annotations

from desk.context import Ctx
from desk.desk import Unit
from desk.sends import RenameTopic, ToStaffChat
from logic.links import topic_link
from storage import conversations, customers, shop
from views import alert_texts
from views.people import shop_speech


async def announce_opening(context: Ctx) -> None:
    """Runs every few seconds; acts once the shop is open and conversations waited for it."""
    desk = context.desk
    schedule = await shop.schedule(desk.db, desk.settings.timezone)
    if not schedule.is_open(desk.clock()):
        return

    async def unit(work: Unit) -> None:
        waited = await conversations.waiting_since_closed(work.db)
        if not waited:
            return
        await conversations.mark_announced(work.db, [c.id for c in waited])
        entries = []
        for conversation in waited:
            await work.owe(RenameTopic(conversation.customer_id))
            customer = await customers.get(work.db, conversation.customer_id)
            if customer is None or not conversation.is_open:
                continue
            if conversation.first_response_at is not None:
                continue
            link = topic_link(desk.staff_chat.id, customer.thread_id)
            entries.append((customer.full_name, link))
        if entries:
            await work.say(
                ToStaffChat(), alert_texts.waited_overnight(shop_speech(desk.settings), entries)
            )

    await desk.run(unit)
