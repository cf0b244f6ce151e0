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
    desk.telegram.press_button(anna, anna["id"], question["message_id"], "forget:yes")
    await desk.settle()

    assert "no longer stores your messages" in desk.to_customer(anna)[-1]["text"]
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
