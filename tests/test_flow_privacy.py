"""Flow 7: /forgetme deletes what the shop stored about a customer, after a yes."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from tests.conftest import Desk

SECRET = "my card PIN hint is XYZZY-4411"


async def _ask(desk: Desk, customer: dict[str, Any]) -> dict[str, Any]:
    desk.telegram.private_message(customer, "/forgetme")
    await desk.settle()
    question = desk.to_customer(customer)[-1]
    assert "cannot be undone" in question["text"]
    return question


def _file_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*") if p.is_file())


async def test_forgetme_deletes_everything_after_yes(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    desk.telegram.private_message(desk.owner, "/start")  # owners get notices in private
    anna = desk.customer("Anna", last_name="Zephyrine")
    desk.telegram.private_message(anna, SECRET)
    await desk.settle()
    thread = desk.topic_of(anna)
    desk.telegram.group_message(maria, desk.staff_chat, "/close", thread_id=thread)
    await desk.settle()
    question = await _ask(desk, anna)
    assert "1 message, your profile and your ratings" in question["text"]
    assert "your conversation's topic in our team chat" in question["text"]
    desk.telegram.press_button(anna, anna["id"], question["message_id"], "forget:yes")
    await desk.settle()

    answered = next(m for m in desk.to_customer(anna) if m["message_id"] == question["message_id"])
    assert "no longer stores your messages" in answered["text"]
    summary = desk.to_customer(anna)[-1]["text"]
    assert summary == "Our team chat is cleared: your conversation's topic was deleted."
    assert next(t for t in desk.telegram.topics(desk.staff_chat) if t.thread_id == thread).deleted
    assert "used /forgetme" in desk.to_customer(desk.owner)[-1]["text"]
    raw = _file_bytes(desk.settings.db_path)
    assert SECRET.encode() not in raw
    assert b"Zephyrine" not in raw
    with sqlite3.connect(desk.settings.db_path) as db:
        (kept,) = db.execute("SELECT COUNT(*) FROM conversations").fetchone()
        (ratings,) = db.execute("SELECT COUNT(rating) FROM conversations").fetchone()
    assert kept == 1 and ratings == 0  # counted, anonymised


async def test_forgetme_no_keeps_everything(desk: Desk) -> None:
    desk.staff_member("Maria")
    anna = desk.customer("Anna")
    desk.telegram.private_message(anna, SECRET)
    await desk.settle()
    question = await _ask(desk, anna)
    desk.telegram.press_button(anna, anna["id"], question["message_id"], "forget:no")
    await desk.settle()
    assert desk.to_customer(anna)[-1]["text"] == "Nothing was deleted."
    assert SECRET.encode() in _file_bytes(desk.settings.db_path)
    assert not desk.telegram.topics(desk.staff_chat)[0].deleted


async def test_after_forgetme_the_customer_starts_afresh(desk: Desk) -> None:
    desk.staff_member("Maria")
    anna = desk.customer("Anna")
    desk.telegram.private_message(anna, "first question")
    await desk.settle()
    question = await _ask(desk, anna)
    desk.telegram.press_button(anna, anna["id"], question["message_id"], "forget:yes")
    await desk.settle()
    desk.telegram.private_message(anna, "a new question")
    await desk.settle()
    card = desk.in_topic(anna)[0]
    assert "No earlier conversations" in card["text"]


async def test_forgetme_removes_the_alerts_naming_them_from_general(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    desk.telegram.private_message(desk.owner, "/start")
    anna = desk.customer("Anna", last_name="Zephyrine")
    desk.telegram.private_message(anna, "The bread was stale")
    await desk.settle()
    desk.telegram.group_message(maria, desk.staff_chat, "/close", thread_id=desk.topic_of(anna))
    await desk.settle()
    rating = desk.to_customer(anna)[-1]
    desk.telegram.press_button(anna, anna["id"], rating["message_id"], "rate:1:1")
    await desk.settle()
    general = [
        m
        for m in desk.telegram.bot_messages(desk.staff_chat)
        if "Zephyrine" in desk.text_of(m) and "message_thread_id" not in m
    ]
    assert general  # the owners' alert about the low rating, in the General topic

    question = await _ask(desk, anna)
    desk.telegram.press_button(anna, anna["id"], question["message_id"], "forget:yes")
    await desk.settle()
    left = [m for m in desk.telegram.messages(desk.staff_chat) if "Zephyrine" in desk.text_of(m)]
    assert left == []
    assert "1 message was deleted" in desk.to_customer(anna)[-1]["text"]


async def _answered_without_topics(desk: Desk) -> dict[str, Any]:
    """Anna wrote SECRET in a staff group without topics, and Maria replied to her copy."""
    maria = desk.staff_member("Maria")
    desk.telegram.private_message(desk.owner, "/start")
    anna = desk.customer("Anna", last_name="Zephyrine")
    desk.telegram.private_message(anna, SECRET)
    await desk.settle()
    copy = desk.telegram.bot_messages(desk.staff_chat)[-1]
    desk.telegram.group_message(
        maria, desk.staff_chat, "We'll look into it, Anna", reply_to=copy["message_id"]
    )
    await desk.settle()
    return anna


async def test_forgetme_without_topics_removes_card_copies_and_replies(plain_desk: Desk) -> None:
    desk = plain_desk
    anna = await _answered_without_topics(desk)
    question = await _ask(desk, anna)
    assert "messages about you in our team chat" in question["text"]
    desk.telegram.press_button(anna, anna["id"], question["message_id"], "forget:yes")
    await desk.settle()
    texts = [desk.text_of(m) for m in desk.telegram.messages(desk.staff_chat)]
    assert not any(SECRET in t or "Zephyrine" in t or "look into it" in t for t in texts)
    assert "deleted" in desk.to_customer(anna)[-1]["text"]
    assert "used /forgetme" in desk.to_customer(desk.owner)[-1]["text"]


async def test_forgetme_after_48_hours_blanks_what_it_cannot_delete(plain_desk: Desk) -> None:
    desk = plain_desk
    anna = await _answered_without_topics(desk)
    desk.telegram.age_messages(desk.staff_chat, 49 * 3600)
    desk.clock.advance(49 * 3600)
    question = await _ask(desk, anna)
    desk.telegram.press_button(anna, anna["id"], question["message_id"], "forget:yes")
    await desk.settle()

    texts = [desk.text_of(m) for m in desk.telegram.messages(desk.staff_chat)]
    assert not any(SECRET in t or "Zephyrine" in t for t in texts)  # the bot's own: blanked
    assert any("Removed at the customer's request" in t for t in texts)
    assert any("look into it" in t for t in texts)  # Maria's own words: a bot cannot
    summary = desk.to_customer(anna)[-1]["text"]
    assert "blanked" in summary and "1 message older than 48 hours could not" in summary
    owners = desk.to_customer(desk.owner)[-1]["text"]
    assert "Please delete it by hand:\n• https://t.me/c/" in owners


async def test_forgetme_during_a_burst_leaves_no_words_and_loses_no_one(desk: Desk) -> None:
    desk.staff_member("Maria")
    anna = desk.customer("Anna", last_name="Zephyrine")
    desk.telegram.private_message(anna, SECRET)
    await desk.settle()
    question = await _ask(desk, anna)
    others = [desk.customer(f"Guest{n}") for n in range(12)]
    for number, guest in enumerate(others[:6]):
        desk.telegram.private_message(guest, f"Order #{number} please")
    desk.telegram.press_button(anna, anna["id"], question["message_id"], "forget:yes")
    for number, guest in enumerate(others[6:], start=6):
        desk.telegram.private_message(guest, f"Order #{number} please")
    await desk.settle()
    assert SECRET.encode() not in _file_bytes(desk.settings.db_path)  # nor in the -wal
    for number, guest in enumerate(others):
        assert desk.in_topic(guest)[-1]["text"] == f"Order #{number} please"
