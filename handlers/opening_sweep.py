"""At opening time: one message listing the conversations that waited, with topic links."""

from __future__ import annotations

from bot.context import Ctx
from logic import texts
from relay.targets import to_chat, topic_lane
from storage import conversations, customers, shop


async def announce_opening(context: Ctx) -> None:
    """Runs every few seconds; acts once the shop is open and conversations waited for it."""
    desk = context.desk
    schedule = await shop.schedule(desk.db, desk.settings.timezone)
    if not schedule.is_open(desk.clock()):
        return
    async with desk.unit() as work:
        waited = await conversations.waiting_since_closed(desk.db)
        if not waited:
            return
        await conversations.mark_announced(desk.db, [c.id for c in waited])
        entries = []
        for conversation in waited:
            await work.owe(
                "rename_topic",
                {"customer_id": conversation.customer_id},
                lane=topic_lane(conversation.customer_id),
            )
            customer = await customers.get(desk.db, conversation.customer_id)
            if customer is None or not conversation.is_open:
                continue
            if conversation.first_response_at is not None:
                continue
            link = topic_link(desk.settings.staff_chat_id, customer.thread_id)
            entries.append((customer.full_name, link))
        if entries:
            await work.say(to_chat(desk.settings.staff_chat_id), texts.waited_overnight(entries))


def topic_link(chat_id: int, thread_id: int | None) -> str | None:
    """A t.me link to a topic of a supergroup (ids look like -1001234567890)."""
    text = str(chat_id)
    if thread_id is None or not text.startswith("-100"):
        return None
    return f"https://t.me/c/{text.removeprefix('-100')}/{thread_id}"
