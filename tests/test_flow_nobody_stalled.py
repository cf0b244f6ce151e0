"""Nobody stalled (issue 12): a slow chat holds up no other, a send that may have been made
is not repeated blindly, deadlines act on time, and a send that can never succeed stops."""

from __future__ import annotations

import time
from typing import Any

from tests.conftest import Desk, FakeClock


def topic_texts(desk: Desk, user: dict[str, Any]) -> list[str]:
    """What the bot posted in the customer's topic ([] while there is none)."""
    try:
        return [desk.text_of(message) for message in desk.in_topic(user)]
    except AssertionError:
        return []


async def test_a_slow_call_for_one_customer_does_not_hold_up_another(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    anna, bob = desk.customer("Anna"), desk.customer("Bob")
    desk.telegram.private_message(anna, "My cake has the wrong name on it")
    desk.telegram.private_message(bob, "Do you deliver on Sundays?")
    await desk.settle()
    desk.telegram.delay_next("copyMessage", 3.0, where={"from_chat_id": anna["id"]})
    desk.telegram.private_message(anna, "Slow to copy")
    await desk.telegram.wait_for(lambda: "Slow to copy" in topic_texts(desk, anna))
    started = time.monotonic()
    desk.telegram.private_message(bob, "Are you there?")
    desk.telegram.group_message(maria, desk.staff_chat, "Yes!", thread_id=desk.topic_of(bob))
    await desk.telegram.wait_for(lambda: "Are you there?" in topic_texts(desk, bob), 3.0)
    await desk.telegram.wait_for(lambda: desk.to_customer(bob)[-1].get("text") == "Yes!", 3.0)
    assert time.monotonic() - started < 0.5  # Anna's call is still out at Telegram
    await desk.settle()


class RealTimeClock(FakeClock):
    """The fake clock's Monday morning, moving on in real time."""

    def __init__(self) -> None:
        super().__init__()
        self._started = time.monotonic()

    def __call__(self) -> float:
        return self.now + time.monotonic() - self._started


def reminders(desk: Desk, user: dict[str, Any]) -> list[str]:
    return [text for text in topic_texts(desk, user) if "⏰" in text]


async def test_a_two_second_deadline_acts_within_a_second_of_its_time(desk: Desk) -> None:
    desk.clock = RealTimeClock()
    desk.settings = desk.settings.model_copy(update={"first_response_sla_seconds": 2})
    desk.sweep_seconds = 30.0  # Frontdesk's own sweep: the deadline must not wait for it
    await desk.restart()
    desk.staff_member("Maria")
    anna = desk.customer("Anna")
    desk.telegram.private_message(anna, "My order 1234 has not arrived")
    await desk.telegram.wait_for(lambda: topic_texts(desk, anna))
    written = time.monotonic()
    await desk.telegram.wait_for(lambda: reminders(desk, anna), timeout=5)
    assert 1.5 <= time.monotonic() - written <= 3.0


async def test_a_deadline_that_passed_while_the_bot_was_down_acts_at_start(desk: Desk) -> None:
    desk.sweep_seconds = 30.0
    await desk.restart()
    desk.staff_member("Maria")
    anna = desk.customer("Anna")
    desk.telegram.private_message(anna, "My order 1234 has not arrived")
    await desk.settle()
    await desk.stop()
    desk.clock.advance(desk.settings.first_response_sla_seconds + 60)
    await desk.start()
    await desk.telegram.wait_for(lambda: reminders(desk, anna), timeout=3)
    await desk.settle()
    assert len(reminders(desk, anna)) == 1


async def test_a_notice_to_an_owner_who_never_pressed_start_fails_once_and_is_explained(
    desk: Desk,
) -> None:
    oscar = desk.telegram.add_user("Oscar")  # a second owner, who never started the bot
    desk.telegram.set_member_status(desk.staff_chat, oscar, "member")
    owners = (desk.owner["id"], oscar["id"])
    desk.settings = desk.settings.model_copy(update={"owner_ids": owners})
    await desk.restart()
    desk.telegram.bot_removed_from_group(desk.owner, desk.staff_chat)

    def tries() -> list[object]:
        calls = desk.telegram.calls_to("sendMessage")
        return [c for c in calls if c.params["chat_id"] == oscar["id"]]

    await desk.telegram.wait_for(tries)
    desk.telegram.bot_readded_to_group(desk.owner, desk.staff_chat)
    await desk.settle()
    assert len(tries()) == 2  # "removed" and "back", each tried once, not again and again
    posts = [desk.text_of(m) for m in desk.telegram.bot_messages(desk.staff_chat)]
    assert len([text for text in posts if "press Start" in text]) == 1
