"""The swarm guard's count: when new customers arrive far faster than any shop's day brings
them, they wait in one list (handlers/swarm.py) instead of each getting a topic, and the team
and the owners are told."""

from __future__ import annotations

from config.settings import Settings
from desk.desk import Unit
from desk.sends import ToChat, ToCustomer, ToStaffChat
from logic.shield import SWARM_CALM, SWARM_WINDOW, swarm_step
from storage import shield
from storage.customers import Customer
from views import shield_texts
from views.i18n import Speech
from views.people import customer_speech, shop_speech

LIST_BUTTON = "swarm:list"


async def arrive(work: Unit, settings: Settings, customer: Customer) -> bool:
    """A customer never seen before writes: count them; during a swarm put them on the list
    (True) instead of opening a topic. The first of a swarm tells the team and the owners."""
    db = work.db
    count = await shield.arrive(db, customer.user_id, work.now, SWARM_WINDOW)
    before = await shield.swarm_until(db)
    step = swarm_step(count, before, work.now)
    if step.until != before:
        await shield.set_swarm_until(db, step.until)
    if step.until is None:
        return False
    if step.started:
        sp = shop_speech(settings)
        await work.say(
            ToStaffChat(),
            shield_texts.swarm_started(sp, count, int(SWARM_CALM // 60)),
            buttons=((show_list_button(sp),),),
        )
        for owner_id in settings.owner_ids:
            await work.say(ToChat(owner_id), shield_texts.swarm_owner_alert(sp, count))
    await shield.put_on_list(db, customer.user_id, work.now)
    await work.say(
        ToCustomer(customer.user_id), shield_texts.swarm_ack(customer_speech(settings, customer))
    )
    return True


def show_list_button(sp: Speech) -> tuple[str, str]:
    return (shield_texts.show_list_button(sp), LIST_BUTTON)
