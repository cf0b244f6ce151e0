"""Nothing lost (issue 12): odd update ids, failing handlers, a busy database, messages
Telegram will not copy, and /forgetme in the middle of other customers' messages."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

import pytest

from desk.desk import Unit
from handlers import customer_intake
from tests.conftest import Desk

WEEK = 7 * 24 * 3600


def topic_texts(desk: Desk, user: dict[str, Any]) -> list[str]:
    """What the bot posted in the customer's topic ([] while there is none)."""
    try:
        return [desk.text_of(message) for message in desk.in_topic(user)]
    except AssertionError:
        return []


async def test_an_update_id_lower_than_the_last_after_a_quiet_week_is_handled(
    desk: Desk, caplog: pytest.LogCaptureFixture
) -> None:
    desk.staff_member("Maria")
    anna = desk.customer("Anna")
    desk.telegram.updates.restart_ids_at(700_000)
    desk.telegram.private_message(anna, "Before the quiet week")
    await desk.settle()
    desk.clock.advance(WEEK + 3600)
    desk.telegram.updates.restart_ids_at(4_321)
    with caplog.at_level(logging.WARNING, logger="bot.intake"):
        desk.telegram.private_message(anna, "After the quiet week")
        desk.telegram.private_message(anna, "And one more")
        await desk.telegram.wait_for(lambda: "And one more" in topic_texts(desk, anna))
    went_back = [r for r in caplog.records if "went back" in r.getMessage()]
    assert len(went_back) == 1
    await desk.restart()
    desk.telegram.private_message(anna, "After a restart too")
    await desk.telegram.wait_for(lambda: "After a restart too" in topic_texts(desk, anna))
    texts = [text for text in topic_texts(desk, anna) if "⏰" not in text]  # a week waited
    assert texts[1:] == [
        "Before the quiet week",
        "After the quiet week",
        "And one more",
        "After a restart too",
    ]


def failing_for(monkeypatch: pytest.MonkeyPatch, words: str, times: int) -> None:
    """Make the customer-message handler raise for a message with these words, `times`
    times (a bug, or a database hiccup); other messages are handled as usual."""
    original = customer_intake.take_message
    failures = {"left": times}

    async def flaky(work: Unit, settings: Any, reachable: bool, message: Any, user: Any) -> None:
        if message.text == words and failures["left"] > 0:
            failures["left"] -= 1
            raise RuntimeError("a bug")
        await original(work, settings, reachable, message, user)

    monkeypatch.setattr(customer_intake, "take_message", flaky)


async def test_a_message_whose_handler_failed_once_is_tried_again_and_arrives(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk.staff_member("Maria")
    anna = desk.customer("Anna")
    failing_for(monkeypatch, "Where is my order?", times=1)
    desk.telegram.private_message(anna, "Where is my order?")
    await desk.telegram.wait_for(lambda: "Where is my order?" in topic_texts(desk, anna))
    await desk.settle()
    alerts = [desk.text_of(m) for m in desk.telegram.bot_messages(desk.staff_chat)]
    assert any("will be tried again" in text for text in alerts)
    assert not any("nothing a customer sent is lost" in text for text in alerts)


async def test_a_message_that_keeps_failing_is_shown_to_the_staff_chat(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk.staff_member("Maria")
    anna = desk.customer("Anna", last_name="Berg")
    bob = desk.customer("Bob")
    failing_for(monkeypatch, "My order 5521 never came", times=99)
    desk.telegram.private_message(anna, "My order 5521 never came")
    desk.telegram.private_message(bob, "Do you deliver?")

    def dead_letter() -> list[str]:
        posts = [desk.text_of(m) for m in desk.telegram.bot_messages(desk.staff_chat)]
        return [text for text in posts if "could not handle" in text]

    [notice] = await desk.telegram.wait_for(dead_letter, timeout=10)
    assert "Anna Berg" in notice and "text message" in notice
    assert "My order 5521 never came" in notice
    await desk.settle()
    assert topic_texts(desk, bob)[-1] == "Do you deliver?"
    await desk.restart()
    await desk.settle()
    assert len(dead_letter()) == 1  # set aside: not tried again at the next start


async def test_forgetme_during_a_burst_keeps_every_other_customers_messages(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk.staff_member("Maria")
    anna, bob, carl = desk.customer("Anna"), desk.customer("Bob"), desk.customer("Carl")
    desk.telegram.private_message(anna, "Please delete me afterwards")
    await desk.settle()
    desk.telegram.private_message(anna, "/forgetme")
    await desk.settle()
    question = desk.to_customer(anna)[-1]
    # Bob's first message fails once, so it is still in the inbox when Anna's yes is handled.
    failing_for(monkeypatch, "bob 0", times=1)
    for n in range(5):
        desk.telegram.private_message(bob, f"bob {n}")
        desk.telegram.private_message(carl, f"carl {n}")
    desk.telegram.press_button(anna, anna["id"], question["message_id"], "forget:yes")
    for n in range(5, 10):
        desk.telegram.private_message(bob, f"bob {n}")
        desk.telegram.private_message(carl, f"carl {n}")
    await desk.telegram.wait_for(
        lambda: any("no longer stores" in desk.text_of(m) for m in desk.to_customer(anna))
    )
    await desk.restart()  # before Bob's first message is tried again
    await desk.settle()
    assert sorted(topic_texts(desk, bob)[1:]) == sorted(f"bob {n}" for n in range(10))
    assert topic_texts(desk, carl)[1:] == [f"carl {n}" for n in range(10)]


async def test_a_database_locked_by_another_program_holds_updates_until_it_is_free(
    desk: Desk, caplog: pytest.LogCaptureFixture
) -> None:
    desk.staff_member("Maria")
    anna, bob = desk.customer("Anna"), desk.customer("Bob")
    desk.telegram.private_message(anna, "First")
    await desk.settle()
    other = sqlite3.connect(desk.settings.db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # held past the bot's 5 s busy timeout
    with caplog.at_level(logging.INFO):
        try:
            desk.telegram.private_message(anna, "Second")
            desk.telegram.private_message(bob, "Hello from Bob")
            await desk.telegram.wait_for(lambda: _said(caplog, "cannot be written"), timeout=15)
            assert desk.telegram.pending_updates == 2  # not confirmed to Telegram
        finally:
            other.execute("COMMIT")
            other.close()
        await desk.telegram.wait_for(lambda: "Hello from Bob" in topic_texts(desk, bob), 15)
        await desk.settle()
    assert topic_texts(desk, anna)[1:] == ["First", "Second"]
    assert len(_said(caplog, "cannot be written")) == 1
    assert not [r for r in caplog.records if r.exc_info]


async def test_an_update_that_cannot_be_stored_is_set_aside_not_fatal(desk: Desk) -> None:
    desk.staff_member("Maria")
    anna, bob = desk.customer("Anna"), desk.customer("Bob")
    desk.telegram.private_message(anna, "broken \ud800 text")
    desk.telegram.private_message(bob, "Do you deliver?")
    await desk.settle()
    assert topic_texts(desk, bob)[-1] == "Do you deliver?"
    posts = [desk.text_of(m) for m in desk.telegram.bot_messages(desk.staff_chat)]
    assert any("could not be stored" in text and "Anna" in text for text in posts)
    await desk.restart()
    desk.telegram.private_message(anna, "Hello again")
    await desk.settle()
    assert topic_texts(desk, anna)[-1] == "Hello again"


async def test_an_update_python_telegram_bot_cannot_read_does_not_stop_polling(
    desk: Desk,
) -> None:
    """PTB refuses an object missing a field its Bot API version requires (a poll of a
    newer or older Telegram): that update is set aside and shown, the others go on."""
    desk.staff_member("Maria")
    anna, bob = desk.customer("Anna"), desk.customer("Bob")
    desk.telegram.private_message(anna, "Before the odd one")
    state = desk.telegram.private_chat(anna)
    odd = desk.telegram.append(state, anna, {"poll": {"id": "1", "question": "?"}})
    desk.telegram.updates.push("message", odd)
    desk.telegram.private_message(bob, "Do you deliver?")
    await desk.settle()
    assert topic_texts(desk, anna)[-1] == "Before the odd one"
    assert topic_texts(desk, bob)[-1] == "Do you deliver?"
    posts = [desk.text_of(m) for m in desk.telegram.bot_messages(desk.staff_chat)]
    assert any("could not be read" in text for text in posts)
    desk.telegram.private_message(anna, "And after it")
    await desk.settle()
    assert topic_texts(desk, anna)[-1] == "And after it"


def _said(caplog: pytest.LogCaptureFixture, words: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if words in r.getMessage()]


async def test_paid_media_telegram_will_not_copy_is_forwarded_with_a_notice(desk: Desk) -> None:
    desk.staff_member("Maria")
    anna = desk.customer("Anna")
    desk.telegram.private_message(anna, "My order 88 arrived broken, see the photo")
    await desk.settle()
    desk.telegram.private_paid_media(anna, stars=5, caption="the broken cake")
    await desk.settle()
    forward, notice = desk.in_topic(anna)[-2:]
    assert "paid_media" in forward and "forward_origin" in forward
    assert "Anna" in notice["text"] and "paid media" in notice["text"]
