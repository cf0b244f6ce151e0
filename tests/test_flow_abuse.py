"""The shield: /ban and /unban, the flood guard (/unmute), and the swarm guard."""

from __future__ import annotations

import sqlite3
from typing import Any

from logic.shield import SWARM_ARRIVALS
from tests.conftest import SHOP, Desk


async def _conversation(desk: Desk, name: str = "Anna") -> dict[str, Any]:
    customer = desk.customer(name)
    desk.telegram.private_message(customer, "Buy cheap followers at spam.example")
    await desk.settle()
    return customer


def _stored_messages(desk: Desk, customer: dict[str, Any]) -> int:
    with sqlite3.connect(desk.settings.db_path) as db:
        (count,) = db.execute(
            "SELECT COUNT(*) FROM messages WHERE customer_id = ?", (customer["id"],)
        ).fetchone()
    return int(count)


def _general(desk: Desk) -> list[dict[str, Any]]:
    return [
        m for m in desk.telegram.bot_messages(desk.staff_chat) if not m.get("message_thread_id")
    ]


async def test_a_banned_customer_is_told_once_and_nothing_is_relayed_or_kept(
    desk: Desk,
) -> None:
    maria = desk.staff_member("Maria")
    anna = await _conversation(desk)
    thread = desk.topic_of(anna)
    desk.telegram.group_message(
        maria, desk.staff_chat, "/ban <b>spam</b> & links", thread_id=thread
    )
    await desk.settle()
    assert desk.in_topic(anna)[-1]["text"] == (
        "🚫 Maria banned Anna. Reason: <b>spam</b> & links Their messages are no longer "
        "passed on or kept; /unban here lifts it."
    )
    assert "reply_markup" not in desk.to_customer(anna)[-1]  # no rating question
    assert desk.telegram.topics(desk.staff_chat)[0].closed
    topic_before, stored_before = len(desk.in_topic(anna)), _stored_messages(desk, anna)
    desk.telegram.private_message(anna, "Hello??")
    desk.telegram.private_message(anna, "Answer me")
    await desk.settle()
    assert [m["text"] for m in desk.to_customer(anna)][-1] == (
        f"{SHOP} no longer receives messages here. Thank you for understanding."
    )
    assert [m["text"] for m in desk.to_customer(anna)].count(
        f"{SHOP} no longer receives messages here. Thank you for understanding."
    ) == 1
    assert len(desk.in_topic(anna)) == topic_before
    assert _stored_messages(desk, anna) == stored_before
    desk.telegram.private_message(desk.owner, "/team")
    await desk.settle()
    team = desk.to_customer(desk.owner)[-1]["text"]
    assert "🚫 Banned:\n• Anna — by Maria: <b>spam</b> & links (2 messages turned away)" in team


async def test_a_banned_customer_pressing_start_is_not_greeted(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    anna = await _conversation(desk)
    desk.telegram.group_message(maria, desk.staff_chat, "/ban spam", thread_id=desk.topic_of(anna))
    await desk.settle()
    desk.telegram.private_message(anna, "/start")
    desk.telegram.private_message(anna, "/start")
    await desk.settle()
    texts = [m["text"] for m in desk.to_customer(anna)]
    note = f"{SHOP} no longer receives messages here. Thank you for understanding."
    assert texts[-1] == note and texts.count(note) == 1
    assert not [text for text in texts if "👋" in text and text != texts[0]]


async def test_unban_lets_the_customer_in_again(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    anna = await _conversation(desk)
    thread = desk.topic_of(anna)
    desk.telegram.group_message(maria, desk.staff_chat, "/ban", thread_id=thread)
    desk.telegram.group_message(maria, desk.staff_chat, "/unban", thread_id=thread)
    await desk.settle()
    assert desk.in_topic(anna)[-1]["text"] == "✅ Maria lifted the ban on Anna."
    desk.telegram.private_message(anna, "Sorry about that, I have a real question")
    await desk.settle()
    assert desk.in_topic(anna)[-1]["text"] == "Sorry about that, I have a real question"


async def test_ban_unban_unmute_outside_a_topic_are_refused(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    await _conversation(desk)
    for command in ("/ban", "/unban", "/unmute"):
        desk.telegram.group_message(maria, desk.staff_chat, command)
        await desk.settle()
        assert _general(desk)[-1]["text"].startswith(f"Use {command} inside a customer's topic")


async def _flood(desk: Desk, count: int) -> tuple[dict[str, Any], dict[str, Any]]:
    maria = desk.staff_member("Maria")
    flo = desk.customer("Flo")
    for number in range(count):
        desk.telegram.private_message(flo, f"message <{number}> 🙂")
    await desk.settle()
    return maria, flo


def _copies(desk: Desk, customer: dict[str, Any]) -> list[str]:
    return [m["text"] for m in desk.in_topic(customer) if m["text"].startswith("message <")]


async def test_a_flood_mutes_the_customer_and_unmute_releases_what_was_held(desk: Desk) -> None:
    maria, flo = await _flood(desk, 35)
    assert _copies(desk, flo) == [f"message <{n}> 🙂" for n in range(30)]
    notice = desk.in_topic(flo)[-1]["text"]
    assert notice.startswith("⏸ Flo sent more than 30 messages in a minute and is muted until")
    told = [m for m in desk.to_customer(flo) if "pausing them for ten minutes" in m["text"]]
    assert len(told) == 1
    desk.telegram.group_message(maria, desk.staff_chat, "/unmute", thread_id=desk.topic_of(flo))
    await desk.settle()
    *_, unmuted, released = [m["text"] for m in desk.in_topic(flo)]
    assert unmuted == "🔊 Maria unmuted Flo; 5 held messages follow."
    lines = released.split("\n")
    assert lines[0] == "📥 5 messages Flo sent while muted:"
    assert [line.split(" ", 1)[1] for line in lines[1:]] == [
        f"message <{n}> 🙂" for n in range(30, 35)
    ]
    desk.telegram.private_message(flo, "back to normal")
    await desk.settle()
    assert desk.in_topic(flo)[-1]["text"] == "back to normal"


async def test_a_mute_runs_out_after_ten_minutes(desk: Desk) -> None:
    _, flo = await _flood(desk, 32)
    desk.clock.advance(601)
    await desk.run_jobs()
    assert desk.in_topic(flo)[-1]["text"].startswith("📥 2 messages Flo sent while muted:")


async def test_thirty_messages_a_minute_are_no_flood(desk: Desk) -> None:
    _, flo = await _flood(desk, 30)
    assert len(_copies(desk, flo)) == 30
    assert not [m for m in desk.in_topic(flo) if "muted" in m["text"]]


async def test_a_swarm_of_newcomers_waits_in_one_list(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    desk.telegram.private_message(desk.owner, "/start")
    await desk.settle()
    swarm = [desk.customer(f"Bot{number:03}") for number in range(200)]
    for member in swarm:
        desk.telegram.private_message(member, "Earn $$$ now")
    await desk.settle()
    topics = desk.telegram.topics(desk.staff_chat)
    assert len(topics) == SWARM_ARRIVALS  # those before the guard rose
    [notice] = [m for m in _general(desk) if "Swarm guard" in m["text"]]
    assert f"{SWARM_ARRIVALS + 1} new customers in the last minute" in notice["text"]
    assert "likely a swarm" in desk.to_customer(desk.owner)[-1]["text"]
    listed = swarm[SWARM_ARRIVALS:]
    assert desk.to_customer(listed[0])[-1]["text"] == (
        "Thank you, we have your message and will get back to you here."
    )
    show = notice["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    desk.telegram.press_button(maria, desk.staff_chat, notice["message_id"], show)
    await desk.settle()
    waiting = _general(desk)[-1]
    first = f"Bot{SWARM_ARRIVALS:03}"
    assert waiting["text"].startswith(
        f"🛡 {200 - SWARM_ARRIVALS} newcomers waiting:\n• {first} (1 message)"
    )
    rows = waiting["reply_markup"]["inline_keyboard"]
    (open_first, _), (_, dismiss_second) = rows[0], rows[1]
    assert open_first["text"] == f"Open {first}"
    desk.telegram.press_button(
        maria, desk.staff_chat, waiting["message_id"], open_first["callback_data"]
    )
    desk.telegram.press_button(
        maria, desk.staff_chat, waiting["message_id"], dismiss_second["callback_data"]
    )
    await desk.settle()
    assert desk.in_topic(listed[0])[-1]["text"] == "Earn $$$ now"
    second = f"Bot{SWARM_ARRIVALS + 1:03}"
    assert not [t for t in desk.telegram.topics(desk.staff_chat) if second in t.name]
    assert _stored_messages(desk, listed[1]) == 0
    again = desk.telegram.press_button(
        maria, desk.staff_chat, waiting["message_id"], open_first["callback_data"]
    )
    await desk.settle()
    assert desk.telegram.callback_queries[again]["answer"]["text"] == "Already handled."
