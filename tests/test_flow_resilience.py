"""Nothing lost: Telegram errors, deleted or closed topics, restarts, redelivered updates."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path

from tests.conftest import Desk


async def test_rate_limit_on_copy_is_waited_out_and_delivered(desk: Desk) -> None:
    desk.staff_member("Maria")
    anna = desk.customer("Anna")
    desk.telegram.fail_next("copyMessage", retry_after=1)
    desk.telegram.private_message(anna, "Are you open today?")
    await desk.settle()
    assert desk.in_topic(anna)[-1]["text"] == "Are you open today?"


async def test_server_errors_are_retried(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    anna = desk.customer("Anna")
    desk.telegram.private_message(anna, "Question about allergens")
    await desk.settle()
    desk.telegram.fail_next("copyMessage", error_code=502, description="Bad Gateway", times=2)
    desk.telegram.group_message(maria, desk.staff_chat, "No nuts!", thread_id=desk.topic_of(anna))
    await desk.settle()
    assert desk.to_customer(anna)[-1]["text"] == "No nuts!"


async def test_deleted_topic_is_recreated_with_a_card_and_the_message_delivered(
    desk: Desk,
) -> None:
    desk.staff_member("Maria")
    anna = desk.customer("Anna")
    desk.telegram.private_message(anna, "First question")
    await desk.settle()
    old = desk.topic_of(anna)
    desk.telegram.delete_topic(desk.staff_chat, old)
    desk.telegram.private_message(anna, "Second question")
    await desk.settle()
    new = desk.topic_of(anna)
    assert new != old
    card, copy = desk.telegram.bot_messages(desk.staff_chat, new)
    assert "Assigned to: Maria" in card["text"]
    assert copy["text"] == "Second question"


async def test_topic_closed_by_staff_is_reopened_for_a_new_message(desk: Desk) -> None:
    desk.staff_member("Maria")
    anna = desk.customer("Anna")
    desk.telegram.private_message(anna, "First question")
    await desk.settle()
    thread = desk.topic_of(anna)
    desk.telegram.close_topic(desk.staff_chat, thread)
    desk.telegram.private_message(anna, "Hello? Second question")
    await desk.settle()
    assert desk.in_topic(anna)[-1]["text"] == "Hello? Second question"
    assert not desk.telegram.topics(desk.staff_chat)[0].closed


async def test_messages_sent_while_the_bot_was_down_arrive_after_restart(desk: Desk) -> None:
    desk.staff_member("Maria")
    anna = desk.customer("Anna")
    await desk.stop()
    for n in range(5):
        desk.telegram.private_message(anna, f"message {n}")
    await desk.start()
    await desk.settle()
    texts = [m["text"] for m in desk.in_topic(anna)[1:]]
    assert texts == [f"message {n}" for n in range(5)]


async def test_restart_does_not_relay_anything_twice(desk: Desk) -> None:
    desk.staff_member("Maria")
    anna = desk.customer("Anna")
    desk.telegram.private_message(anna, "once only")
    await desk.settle()
    await desk.restart()
    desk.telegram.private_message(anna, "and this once")
    await desk.settle()
    assert [m["text"] for m in desk.in_topic(anna)[1:]] == ["once only", "and this once"]
    assert len(desk.telegram.calls_to("createForumTopic")) == 1


async def test_owed_sends_survive_a_restart(desk: Desk) -> None:
    desk.staff_member("Maria")
    anna = desk.customer("Anna")
    # Telegram is down for a while: the copy cannot be made before the bot stops.
    desk.telegram.fail_next("sendMessage", error_code=500, times=1000)
    desk.telegram.private_message(anna, "kept safe")  # shown with its card: a sendMessage
    await desk.telegram.wait_for(lambda: desk.telegram.calls_to("sendMessage"))
    await desk.stop()
    desk.telegram.clear_faults("sendMessage")
    await desk.start()
    await desk.settle()
    assert desk.in_topic(anna)[-1]["text"] == "kept safe"


async def test_a_send_noted_as_made_before_a_crash_is_not_made_again(desk: Desk) -> None:
    desk.staff_member("Maria")
    anna = desk.customer("Anna")
    desk.telegram.private_message(anna, "Where is my cake?")
    await desk.settle()
    # The copy is owed when the bot stops (Telegram is failing it)...
    desk.telegram.fail_next("copyMessage", error_code=500, times=1000)
    desk.telegram.private_message(anna, "Made just before the crash")
    await desk.telegram.wait_for(lambda: len(desk.telegram.calls_to("copyMessage")) > 1)
    await desk.stop()
    desk.telegram.clear_faults("copyMessage")
    # ...and, as after a kill -9 between Telegram's answer and the outbox, only the
    # made-sends file knows it was made.
    database = Path(desk.settings.db_path)
    with contextlib.closing(sqlite3.connect(database)) as db:
        send_id, payload = db.execute(
            "SELECT id, payload FROM outbox WHERE status = 'pending' AND kind = 'copy'"
        ).fetchone()
    row = json.loads(payload)["message"]
    note = {"sends": [send_id], "copies": [[row, desk.staff_chat, 4242]]}
    database.with_name(database.name + "-sent").write_text(json.dumps(note) + "\n")

    await desk.start()
    await desk.settle()

    assert [m["text"] for m in desk.in_topic(anna)[1:]] == ["Where is my cake?"]  # not again
    with contextlib.closing(sqlite3.connect(database)) as db:
        (copy_id,) = db.execute("SELECT copy_message_id FROM messages WHERE id = ?", (row,))
        (status,) = db.execute("SELECT status FROM outbox WHERE id = ?", (send_id,))
    assert copy_id == (4242,) and status == ("done",)
    assert database.with_name(database.name + "-sent").stat().st_size == 0


async def test_the_made_sends_file_is_emptied_once_the_outbox_has_them(desk: Desk) -> None:
    desk.staff_member("Maria")
    anna = desk.customer("Anna")
    for n in range(5):
        desk.telegram.private_message(anna, f"message {n}")
    await desk.settle()
    assert len(desk.in_topic(anna)) == 6  # the card and five copies
    database = Path(desk.settings.db_path)
    assert database.with_name(database.name + "-sent").stat().st_size == 0


async def test_a_timed_out_staff_reply_is_not_resent_blindly(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    anna = desk.customer("Anna")
    desk.telegram.private_message(anna, "Is it gluten free?")
    await desk.settle()
    desk.telegram.delay_next("copyMessage", 7.0)  # longer than the client's 5 s read timeout
    desk.telegram.group_message(maria, desk.staff_chat, "Yes it is", thread_id=desk.topic_of(anna))
    notice = await desk.telegram.wait_for(
        lambda: [m for m in desk.in_topic(anna) if "did not confirm" in m["text"]], timeout=15
    )
    assert "Anna" in notice[0]["text"]
    await desk.settle()
    copies = [m for m in desk.to_customer(anna) if m.get("text") == "Yes it is"]
    assert len(copies) == 1  # Telegram made it once; we did not send it again


async def test_a_dropped_connection_on_the_bots_own_post_is_sent_again(desk: Desk) -> None:
    desk.staff_member("Maria")
    anna = desk.customer("Anna")
    desk.telegram.drop_next("sendMessage", times=2)
    desk.telegram.private_message(anna, "Do you deliver?")
    await desk.settle()
    card, copy = desk.in_topic(anna)
    assert "Assigned to: Maria" in card["text"] and copy["text"] == "Do you deliver?"
    assert any("Maria" in m.get("text", "") for m in desk.to_customer(anna))
    dropped = [c for c in desk.telegram.calls_to("sendMessage") if c.error == "connection dropped"]
    assert len(dropped) == 2


async def test_a_staff_reply_made_before_the_connection_dropped_is_not_sent_twice(
    desk: Desk,
) -> None:
    maria = desk.staff_member("Maria")
    anna = desk.customer("Anna")
    desk.telegram.private_message(anna, "Do you deliver?")
    await desk.settle()
    desk.telegram.drop_after_next("copyMessage")
    desk.telegram.group_message(maria, desk.staff_chat, "We do", thread_id=desk.topic_of(anna))
    await desk.settle()
    assert [m.get("text") for m in desk.to_customer(anna)].count("We do") == 1
    assert "did not confirm" in desk.in_topic(anna)[-1]["text"]


async def test_a_bad_gateway_is_retried(desk: Desk) -> None:
    desk.staff_member("Maria")
    anna = desk.customer("Anna")
    desk.telegram.fail_next("copyMessage", error_code=502, description="Bad Gateway")
    desk.telegram.private_message(anna, "Retry me")
    await desk.settle()
    assert [m["text"] for m in desk.in_topic(anna)[1:]] == ["Retry me"]


async def test_a_flood_from_one_customer_does_not_flood_the_staff_chat(desk: Desk) -> None:
    await desk.stop()
    desk.settings = desk.settings.model_copy(update={"rate_limits": True, "flood_limit": 0})
    await desk.start()
    maria = desk.staff_member("Maria")
    flo = desk.customer("Flo")
    texts = [f"message number {n}" for n in range(40)]
    for text in texts:
        desk.telegram.private_message(flo, text)
    await desk.settle()
    shown = "\n\n".join(m["text"] for m in desk.in_topic(flo)[1:])
    positions = [shown.index(text + ("\n" if n < 39 else "")) for n, text in enumerate(texts)]
    assert positions == sorted(positions)  # every message is there, in order
    posts = desk.telegram.bot_messages(desk.staff_chat)
    assert len(posts) <= 24  # 20 at once, then a few merged messages
    merged = next(m for m in desk.in_topic(flo) if m["text"].count("message number") > 1)
    desk.telegram.group_message(
        maria,
        desk.staff_chat,
        "Slow down please :)",
        reply_to=merged["message_id"],
        thread_id=desk.topic_of(flo),
    )
    await desk.settle()
    assert desk.to_customer(flo)[-1]["text"] == "Slow down please :)"
