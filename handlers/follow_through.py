"""Nobody waits unnoticed: reminders, escalation, an honest update, and follow-ups."""

from __future__ import annotations

import functools
from collections.abc import Callable

from config.settings import Settings
from desk.context import Ctx
from desk.desk import Desk, Unit
from desk.sends import ToCustomer, ToStaffChat, ToTopic
from logic.links import topic_link
from storage import conversations, customers, shop, staff, waits
from storage.conversations import Conversation
from storage.waits import Wait
from views import alert_texts, texts
from views.people import customer_speech, name_of, shop_speech


async def chase_waits(context: Ctx) -> None:
    """Runs every few seconds: act on every wait whose next step is due, exactly once."""
    desk = context.desk
    now = desk.clock()
    for wait in await waits.overdue(desk.db, now):
        step = _remind if wait.stage == waits.DUE else _escalate
        await desk.run(functools.partial(step, context=context, wait=wait))
    for conversation in await conversations.followups_due(desk.db, now):
        await desk.run(functools.partial(_follow_up, context=context, conversation=conversation))


async def wake_for_deadlines(desk: Desk, schedule: Callable[[float], None]) -> None:
    """At start: schedule a look at every pending deadline (one already passed while the
    bot was down is due at once)."""
    for when in await waits.pending_deadlines(desk.db) + await conversations.followup_times(
        desk.db
    ):
        schedule(when)


async def _follow_up(work: Unit, context: Ctx, conversation: Conversation) -> None:
    """ "Did that solve it?", once, if nothing newer happened with this customer."""
    latest = await conversations.latest(work.db, conversation.customer_id)
    if latest is None or latest.id != conversation.id:
        return
    if not await conversations.mark_followup_sent(work.db, conversation.id, work.now):
        return
    customer = await customers.get(work.db, conversation.customer_id)
    if customer is not None:
        await work.say(
            ToCustomer(customer.user_id),
            texts.followup(
                customer_speech(context.settings, customer),
                customer.first_name,
                context.settings.shop_name,
            ),
        )


async def start_wait(unit: Unit, settings: Settings, conversation_id: int) -> None:
    """A customer message with no wait running starts one, due after the response time."""
    schedule = await shop.schedule(unit.db, settings.timezone)
    due = schedule.after_open_seconds(unit.now, settings.first_response_sla_seconds)
    if await waits.start(unit.db, conversation_id, unit.now, due):
        unit.wake_at(due)


async def _remind(work: Unit, *, context: Ctx, wait: Wait) -> None:
    """Past the deadline: remind the assignee in the topic and tell the customer honestly."""
    db, settings = work.db, context.settings
    schedule = await shop.schedule(db, settings.timezone)
    assert wait.due_at is not None
    escalate_at = schedule.after_open_seconds(wait.due_at, settings.first_response_sla_seconds)
    if not await waits.advance(db, wait.id, waits.REMINDED, escalate_at):
        return
    work.wake_at(escalate_at)
    conversation = await conversations.get(db, wait.conversation_id)
    customer = await customers.get(db, conversation.customer_id) if conversation else None
    if conversation is None or customer is None:
        return
    sp, staff_sp = customer_speech(settings, customer), shop_speech(settings)
    assignee = await name_of(staff_sp, db, settings, conversation.assignee_id)
    who = (
        texts.mention(conversation.assignee_id, assignee)
        if conversation.assignee_id is not None
        else texts.h(assignee)
    )
    waited = texts.duration_words(staff_sp, work.now - wait.started_at)
    await work.say(
        ToTopic(customer.user_id), alert_texts.reminder(staff_sp, who, customer.full_name, waited)
    )
    assignee = await name_of(sp, db, settings, conversation.assignee_id)
    await work.say(
        ToCustomer(customer.user_id), texts.patience_update(sp, customer.first_name, assignee)
    )


async def _escalate(work: Unit, *, context: Ctx, wait: Wait) -> None:
    """Still no answer after a second period: tell the team on duty and the owners."""
    db, settings = work.db, context.settings
    if not await waits.advance(db, wait.id, waits.ESCALATED, None):
        return
    conversation = await conversations.get(db, wait.conversation_id)
    customer = await customers.get(db, conversation.customer_id) if conversation else None
    if conversation is None or customer is None:
        return
    on_duty = [member for member in await staff.team(db) if member.on_duty]
    people = {member.user_id: member.name for member in on_duty}
    sp = shop_speech(settings)
    for owner_id in settings.owner_ids:
        people.setdefault(owner_id, await name_of(sp, db, settings, owner_id))
    mentions = [texts.mention(user_id, name) for user_id, name in people.items()]
    await work.say(
        ToStaffChat(),
        alert_texts.escalation(
            sp,
            customer.full_name,
            await name_of(sp, db, settings, conversation.assignee_id),
            texts.duration_words(sp, work.now - wait.started_at),
            topic_link(context.desk.staff_chat.id, customer.thread_id),
            mentions,
        ),
    )
