"""The busy hour: many customers at once against Telegram's limit on one group."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

import relay.limits
import relay.queue_notice
import standin.limits
from standin import ApiCall
from tests.conftest import Desk

# Telegram allows 20 a minute into a group; the tests run that clock faster (the same on
# both sides), so that what counts is what is counted, not how long a minute is.
FAST_GROUP_PER_SECOND = 10.0


def is_too_many(call: ApiCall) -> bool:
    return (call.error or "").startswith("Too Many Requests")


def too_many(desk: Desk) -> int:
    return sum(1 for call in desk.telegram.calls if is_too_many(call))


@pytest.fixture
async def busy(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Desk]:
    """The desk with its rate limits on, against a stand-in that enforces Telegram's."""
    monkeypatch.setattr(relay.limits, "GROUP_PER_SECOND", FAST_GROUP_PER_SECOND)
    monkeypatch.setattr(standin.limits, "GROUP_PER_SECOND", FAST_GROUP_PER_SECOND)
    await desk.stop()
    desk.settings = desk.settings.model_copy(update={"rate_limits": True, "flood_limit": 0})
    desk.telegram.enforce_limits()
    await desk.start()
    yield desk


async def test_twenty_five_first_messages_earn_no_429(busy: Desk) -> None:
    people = [busy.customer(f"Customer{n:02d}") for n in range(25)]
    for n, person in enumerate(people):
        if n % 5 == 0:  # some start with an album: each photo counts
            for part in range(3):
                busy.telegram.private_message(
                    person, photo=True, caption=f"photo {part}", media_group_id=f"a{n}"
                )
        else:
            busy.telegram.private_message(person, f"Hello from {n}")
    await busy.settle(timeout=30)
    assert too_many(busy) == 0
    for n, person in enumerate(people):
        shown = [busy.text_of(m) for m in busy.in_topic(person)]
        expected = ["photo 0", "photo 1", "photo 2"] if n % 5 == 0 else [f"Hello from {n}"]
        assert all(any(text in s for s in shown) for text in expected), (n, shown)


async def test_a_429_holds_every_send_into_the_group(busy: Desk) -> None:
    anna, bert = busy.customer("Anna"), busy.customer("Bert")
    busy.telegram.private_message(anna, "Hello")
    await busy.settle()
    busy.telegram.fail_next("copyMessage", retry_after=1)
    busy.telegram.private_message(anna, "Anna again")
    await busy.telegram.wait_for(lambda: too_many(busy))
    refused = next(c for c in busy.telegram.calls if is_too_many(c))
    busy.telegram.private_message(bert, "Bert here")  # another lane, into the same group
    await busy.settle(timeout=15)
    calls = busy.telegram.calls
    later = [
        c
        for c in calls
        if c.at > refused.at and c.ok and str(c.params.get("chat_id")) == str(busy.staff_chat)
    ]
    assert later and min(c.at for c in later) >= refused.at + 0.9


async def test_a_first_text_comes_with_its_card_in_one_post_that_maps_both_ways(
    desk: Desk,
) -> None:
    maria = desk.staff_member("Maria")
    anna = desk.customer("Anna")
    question = desk.telegram.private_message(anna, "Is the <cake> ready?")
    await desk.settle()
    [post] = desk.posts_in_topic(anna)
    assert "Assigned to: Maria" in post["text"] and post["text"].endswith("Is the <cake> ready?")
    desk.telegram.group_message(
        maria, desk.staff_chat, "Yes!", thread_id=desk.topic_of(anna), reply_to=post["message_id"]
    )
    await desk.settle()
    answer = desk.to_customer(anna)[-1]
    assert answer["reply_to_message"]["message_id"] == question["message_id"]
    desk.telegram.private_message(anna, "Great", reply_to=question["message_id"])
    await desk.settle()
    later = desk.posts_in_topic(anna)[-1]
    assert (
        later["text"] == "Great" and later["reply_to_message"]["message_id"] == post["message_id"]
    )
    desk.telegram.edit_message(anna["id"], question["message_id"], text="Is the pie ready?")
    await desk.settle()
    edited = desk.posts_in_topic(anna)[0]
    assert "Assigned to: Maria" in edited["text"] and edited["text"].endswith("Is the pie ready?")


async def test_a_first_photo_still_arrives_by_copy_after_its_card(desk: Desk) -> None:
    desk.staff_member("Maria")
    anna = desk.customer("Anna")
    desk.telegram.private_message(anna, photo=True, caption="this one")
    await desk.settle()
    card, copy = desk.posts_in_topic(anna)
    assert "Assigned to: Maria" in card["text"] and copy["caption"] == "this one"
    assert "photo" in copy


async def test_general_says_how_many_wait_while_the_staff_chat_is_behind(
    busy: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(relay.limits, "GROUP_PER_SECOND", 2.0)
    monkeypatch.setattr(standin.limits, "GROUP_PER_SECOND", 2.0)
    monkeypatch.setattr(relay.queue_notice, "BEHIND_SECONDS", 1.0)
    monkeypatch.setattr(relay.queue_notice, "EDIT_EVERY_SECONDS", 0.5)
    monkeypatch.setattr(relay.queue_notice, "LOOK_EVERY_SECONDS", 0.1)
    for n in range(15):
        busy.telegram.private_message(busy.customer(f"Customer{n:02d}"), f"Hello from {n}")

    def notes() -> list[ApiCall]:
        return [
            call
            for call in busy.telegram.calls_to("sendMessage")
            if call.ok
            and call.params["chat_id"] == busy.staff_chat
            and "message_thread_id" not in call.params  # General
            and call.params["text"].startswith("⏳")
        ]

    [shown] = await busy.telegram.wait_for(notes, timeout=10)
    assert "customers" in shown.params["text"]
    note_id = shown.result["message_id"]
    await busy.settle(timeout=20)
    await busy.telegram.wait_for(
        lambda: [
            c for c in busy.telegram.calls_to("deleteMessage") if c.params["message_id"] == note_id
        ]
    )
    edits = [
        c for c in busy.telegram.calls_to("editMessageText") if c.params["message_id"] == note_id
    ]
    assert edits and edits[-1].params["text"] != shown.params["text"]  # kept up to date
    assert len(notes()) == 1 and too_many(busy) == 0


async def test_a_queue_note_left_by_a_crash_is_deleted_at_the_next_start(desk: Desk) -> None:
    await desk.stop()
    state = desk.telegram.chat(desk.staff_chat)
    note = desk.telegram.append(state, desk.telegram.bot, {"text": "⏳ 12 customers wait"})
    place = desk.settings.db_path.with_name(desk.settings.db_path.name + "-note")
    place.write_text(f"{desk.staff_chat} {note['message_id']}\n")  # as a killed run left it
    await desk.start()
    await desk.telegram.wait_for(lambda: note["message_id"] not in state.by_id)
    await desk.telegram.wait_for(lambda: not place.exists())
