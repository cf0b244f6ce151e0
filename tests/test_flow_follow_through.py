"""Flows 5: nobody waits unnoticed, unhappy customers reach the owner, follow-ups."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tests.conftest import Desk

SLA = 600  # FRONTDESK_FIRST_RESPONSE_SLA_SECONDS's default, used by the desk fixture


def _html(message: dict[str, Any]) -> str:
    return str(message.get("_html") or message.get("text") or "")


def _general(desk: Desk) -> list[dict[str, Any]]:
    """What the bot posted in the staff chat outside any topic."""
    return [
        m for m in desk.telegram.bot_messages(desk.staff_chat) if not m.get("message_thread_id")
    ]


async def _advance(desk: Desk, seconds: float) -> None:
    """Let the bot finish what it was given, move time on, and run the periodic jobs now."""
    await desk.settle()
    desk.clock.advance(seconds)
    await desk.run_jobs()


async def _waiting_customer(desk: Desk) -> tuple[dict[str, Any], dict[str, Any]]:
    maria = desk.staff_member("Maria")
    anna = desk.customer("Anna")
    desk.telegram.private_message(anna, "Where is my birthday cake?")
    await desk.settle()
    return maria, anna


def _updates_to(desk: Desk, customer: dict[str, Any]) -> list[str]:
    return [m["text"] for m in desk.to_customer(customer) if "patience" in m["text"]]


async def test_deadline_reminds_assignee_then_team_and_owner_with_one_customer_update(
    desk: Desk,
) -> None:
    maria, anna = await _waiting_customer(desk)
    await _advance(desk, SLA - 60)
    assert not [m for m in desk.in_topic(anna) if "⏰" in m["text"]]
    assert _updates_to(desk, anna) == []

    await _advance(desk, 120)
    reminder = desk.in_topic(anna)[-1]
    assert "⏰ Maria, Anna has waited 11 min for an answer" in reminder["text"]
    assert f"tg://user?id={maria['id']}" in _html(reminder)
    assert _updates_to(desk, anna) == [
        "Thank you for your patience, Anna. Maria is finishing with another customer "
        "and will be with you shortly."
    ]
    assert not [m for m in _general(desk) if "🚨" in m["text"]]

    await _advance(desk, SLA)
    [alarm] = [m for m in _general(desk) if "🚨" in m["text"]]
    assert "Anna has waited 21 min without an answer (assigned to Maria)" in alarm["text"]
    assert f"tg://user?id={maria['id']}" in _html(alarm)
    assert f"tg://user?id={desk.owner['id']}" in _html(alarm)
    assert "https://t.me/c/" in _html(alarm)

    await _advance(desk, SLA * 3)
    assert len(_updates_to(desk, anna)) == 1
    assert len([m for m in _general(desk) if "🚨" in m["text"]]) == 1


async def test_a_staff_reply_ends_the_wait(desk: Desk) -> None:
    maria, anna = await _waiting_customer(desk)
    await _advance(desk, 300)
    desk.telegram.group_message(
        maria, desk.staff_chat, "On its way!", thread_id=desk.topic_of(anna)
    )
    await _advance(desk, SLA * 3)
    assert not [m for m in desk.in_topic(anna) if "⏰" in m["text"]]
    assert _updates_to(desk, anna) == []


async def test_a_note_does_not_end_the_wait(desk: Desk) -> None:
    maria, anna = await _waiting_customer(desk)
    desk.telegram.group_message(
        maria, desk.staff_chat, "/note checking", thread_id=desk.topic_of(anna)
    )
    await _advance(desk, SLA + 10)
    assert [m for m in desk.in_topic(anna) if "⏰" in m["text"]]


async def test_each_new_wait_gets_its_own_deadline(desk: Desk) -> None:
    maria, anna = await _waiting_customer(desk)
    desk.telegram.group_message(maria, desk.staff_chat, "Checking!", thread_id=desk.topic_of(anna))
    await _advance(desk, 60)
    desk.telegram.private_message(anna, "Any news?")
    await _advance(desk, SLA + 10)
    assert len(_updates_to(desk, anna)) == 1
    assert len([m for m in desk.in_topic(anna) if "⏰" in m["text"]]) == 1


async def test_a_deadline_passed_while_the_bot_was_down_is_acted_on_once(desk: Desk) -> None:
    _maria, anna = await _waiting_customer(desk)
    await desk.stop()
    desk.clock.advance(SLA + 30)
    await desk.start()
    await _advance(desk, 1)
    assert len([m for m in desk.in_topic(anna) if "⏰" in m["text"]]) == 1
    await desk.restart()
    await _advance(desk, 1)
    assert len([m for m in desk.in_topic(anna) if "⏰" in m["text"]]) == 1
    assert len(_updates_to(desk, anna)) == 1


async def test_deadlines_count_opening_time_only(desk: Desk) -> None:
    desk.telegram.private_message(desk.owner, "/hours mon-fri 09:00-18:00")
    await desk.settle()
    desk.clock.now = datetime(2026, 11, 23, 17, 55, tzinfo=UTC).timestamp()
    _maria, anna = await _waiting_customer(desk)
    await _advance(desk, 11 * 60)  # 18:06: only five open minutes have passed
    assert not [m for m in desk.in_topic(anna) if "⏰" in m["text"]]
    desk.clock.now = datetime(2026, 11, 24, 9, 6, tzinfo=UTC).timestamp()
    await _advance(desk, 0)
    assert [m for m in desk.in_topic(anna) if "⏰" in m["text"]]


async def _closed_conversation(
    desk: Desk,
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    maria, anna = await _waiting_customer(desk)
    desk.telegram.group_message(maria, desk.staff_chat, "/close", thread_id=desk.topic_of(anna))
    await desk.settle()
    return maria, anna, desk.to_customer(anna)[-1]


def _press(desk: Desk, customer: dict[str, Any], closing: dict[str, Any], stars: int) -> None:
    data = closing["reply_markup"]["inline_keyboard"][0][stars - 1]["callback_data"]
    desk.telegram.press_button(customer, customer["id"], closing["message_id"], data)


async def test_low_rating_alerts_the_owner_with_a_link(desk: Desk) -> None:
    _maria, anna, closing = await _closed_conversation(desk)
    _press(desk, anna, closing, 2)
    await desk.settle()
    [alert] = [m for m in _general(desk) if "rated" in m["text"]]
    assert "Anna rated their conversation with Maria 2/5" in alert["text"]
    assert f"tg://user?id={desk.owner['id']}" in _html(alert)
    assert "https://t.me/c/" in _html(alert)


async def test_high_rating_does_not_alert(desk: Desk) -> None:
    _maria, anna, closing = await _closed_conversation(desk)
    _press(desk, anna, closing, 5)
    await desk.settle()
    assert not [m for m in _general(desk) if "rated" in m["text"]]


async def test_comment_after_rating_goes_to_the_topic_not_a_new_conversation(desk: Desk) -> None:
    _maria, anna, closing = await _closed_conversation(desk)
    _press(desk, anna, closing, 3)
    await desk.settle()
    assert "Anything we could have done better?" in desk.to_customer(anna)[-1]["text"]
    desk.telegram.private_message(anna, "The cake was fine but late")
    await desk.settle()
    heading, comment = desk.in_topic(anna)[-2:]
    assert "Anna commented on their rating" in heading["text"]
    assert comment["text"] == "The cake was fine but late"
    assert "Thank you for telling us" in desk.to_customer(anna)[-1]["text"]
    [topic] = desk.telegram.topics(desk.staff_chat)
    assert topic.closed
    desk.telegram.private_message(anna, "Also, new order please")
    await desk.settle()
    assert "has your message" in desk.to_customer(anna)[-1]["text"]


async def test_returning_customer_card_lists_earlier_conversations(desk: Desk) -> None:
    _maria, anna, closing = await _closed_conversation(desk)
    _press(desk, anna, closing, 4)
    await desk.settle()
    desk.clock.advance(2 * 3600)
    desk.telegram.private_message(anna, "Hello again, another question about #77")
    await desk.settle()
    card = [m for m in desk.in_topic(anna) if "Assigned to" in m["text"]][-1]
    assert "1 earlier conversation" in card["text"]
    assert "23 Nov 2026 with Maria, rated 4/5" in card["text"]


async def test_followup_is_sent_once_and_a_reply_reopens_the_conversation(desk: Desk) -> None:
    await desk.stop()
    desk.settings = desk.settings.model_copy(update={"followup_after_seconds": 3600})
    await desk.start()
    maria, anna, _closing = await _closed_conversation(desk)
    await _advance(desk, 3500)
    assert not [m for m in desk.to_customer(anna) if "did that solve it" in m["text"]]
    await _advance(desk, 200)
    await _advance(desk, 4000)
    followups = [m for m in desk.to_customer(anna) if "did that solve it" in m["text"]]
    assert len(followups) == 1
    desk.telegram.private_message(anna, "Not really, the cream was sour")
    await desk.settle()
    assert "Maria from Corner Bakery will pick this up again" in desk.to_customer(anna)[-1]["text"]
    assert "answered the follow-up" in desk.in_topic(anna)[-2]["text"]
    [topic] = desk.telegram.topics(desk.staff_chat)
    assert not topic.closed
    desk.telegram.group_message(maria, desk.staff_chat, "So sorry!", thread_id=topic.thread_id)
    await desk.settle()
    assert desk.to_customer(anna)[-1]["text"] == "So sorry!"


async def test_stats_count_missed_deadlines_in_opening_time(desk: Desk) -> None:
    desk.telegram.private_message(desk.owner, "/hours mon-fri 09:00-18:00")
    await desk.settle()
    desk.clock.now = datetime(2026, 11, 23, 17, 55, tzinfo=UTC).timestamp()
    maria, anna = await _waiting_customer(desk)
    desk.clock.now = datetime(2026, 11, 24, 9, 3, tzinfo=UTC).timestamp()
    desk.telegram.group_message(
        maria, desk.staff_chat, "Good morning!", thread_id=desk.topic_of(anna)
    )
    await desk.settle()
    desk.telegram.private_message(desk.owner, "/stats")
    await desk.settle()
    stats = next(m for m in desk.to_customer(desk.owner) if "Deadlines missed" in m["text"])
    assert "Deadlines missed: 0 of 1" in stats["text"]  # 8 open minutes, not 15 hours
