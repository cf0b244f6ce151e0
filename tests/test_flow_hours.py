"""Flow 4: owners set hours, closures and texts; customers outside hours still get a person."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tests.conftest import Desk


def _at(desk: Desk, year: int, month: int, day: int, hour: int, minute: int) -> None:
    desk.clock.now = datetime(year, month, day, hour, minute, tzinfo=UTC).timestamp()


async def _owner_says(desk: Desk, text: str) -> str:
    """An owner command in the private chat; returns the bot's answer."""
    before = len(desk.to_customer(desk.owner))
    desk.telegram.private_message(desk.owner, text)
    await desk.settle()
    replies = desk.to_customer(desk.owner)
    assert len(replies) == before + 1, [r["text"] for r in replies[before:]]
    return str(replies[-1]["text"])


async def test_hours_alone_shows_always_open_at_first(desk: Desk) -> None:
    answer = await _owner_says(desk, "/hours")
    assert "No hours set" in answer and "(UTC)" in answer and "Open now" in answer


async def test_owner_sets_hours_and_they_survive_a_restart(desk: Desk) -> None:
    answer = await _owner_says(desk, "/hours mon-fri 09:00-18:00, sat 10:00-14:00")
    assert "New opening hours" in answer
    assert "Mon 09:00–18:00" in answer and "Sat 10:00–14:00" in answer and "Sun closed" in answer
    assert "Open now; we close today at 18:00" in answer  # Monday 09:30 UTC
    await desk.restart()
    assert "Sat 10:00–14:00" in await _owner_says(desk, "/hours")


async def test_owner_commands_work_in_the_staff_chat(desk: Desk) -> None:
    desk.telegram.set_member_status(desk.staff_chat, desk.owner, "administrator")
    desk.telegram.group_message(desk.owner, desk.staff_chat, "/hours mon-sun 08:00-20:00")
    await desk.settle()
    assert "New opening hours" in desk.telegram.bot_messages(desk.staff_chat)[-1]["text"]


async def test_non_owners_are_refused_and_nothing_changes(desk: Desk) -> None:
    anna = desk.customer("Anna")
    maria = desk.staff_member("Maria")
    desk.telegram.private_message(anna, "/hours mon 09:00-10:00")
    desk.telegram.group_message(maria, desk.staff_chat, "/closed 2026-12-25 Christmas")
    desk.telegram.group_message(maria, desk.staff_chat, "/greeting Go away")
    await desk.settle()
    assert desk.to_customer(anna)[-1]["text"] == "Sorry, only the shop's owners can use /hours."
    refusals = [m["text"] for m in desk.telegram.bot_messages(desk.staff_chat)[-2:]]
    assert refusals == [
        "Sorry, only the shop's owners can use /closed.",
        "Sorry, only the shop's owners can use /greeting.",
    ]
    assert desk.telegram.topics(desk.staff_chat) == []  # not relayed as a conversation
    answer = await _owner_says(desk, "/hours")
    assert "No hours set" in answer and "Christmas" not in answer


async def test_malformed_hours_are_refused_with_the_fragment_and_an_example(desk: Desk) -> None:
    await _owner_says(desk, "/hours mon-fri 09:00-18:00")
    answer = await _owner_says(desk, "/hours mon-fryday 9-17")
    assert "'mon-fryday'" in answer or "'fryday'" in answer
    assert "Example: /hours mon-fri 09:00-18:00, sat 10:00-14:00" in answer
    assert "Nothing was changed" in answer
    assert "Fri 09:00–18:00" in await _owner_says(desk, "/hours")


async def test_closures_are_added_listed_and_removed(desk: Desk) -> None:
    added = await _owner_says(desk, "/closed 2026-12-24..2026-12-31 Holidays")
    assert "Thu, 24 Dec 2026 – Thu, 31 Dec 2026: Holidays" in added
    await _owner_says(desk, "/closed 2027-01-06 Epiphany & <b>more</b>")
    await _owner_says(desk, "/open 2026-12-27")
    listed = await _owner_says(desk, "/closed")
    assert "Thu, 24 Dec 2026 – Sat, 26 Dec 2026: Holidays" in listed
    assert "Mon, 28 Dec 2026 – Thu, 31 Dec 2026: Holidays" in listed
    assert "Epiphany & <b>more</b>" in listed
    assert "no closure" in await _owner_says(desk, "/open 2026-12-01")
    refused = await _owner_says(desk, "/closed 2026-02-30 Nonsense")
    assert "Nothing was changed" in refused


async def test_past_closures_drop_off(desk: Desk) -> None:
    await _owner_says(desk, "/closed 2026-11-25 Staff training")
    _at(desk, 2026, 11, 26, 10, 0)
    assert "Staff training" not in await _owner_says(desk, "/hours")


async def test_greeting_with_placeholders_reaches_customers(desk: Desk) -> None:
    answer = await _owner_says(
        desk, "/greeting Hi {name}, welcome to {shop} & co! We open {opens}."
    )
    assert "Hi {name}, welcome to {shop} & co! We open {opens}." in answer
    anna = desk.customer("Anna")
    desk.telegram.private_message(anna, "/start")
    await desk.settle()
    assert (
        desk.to_customer(anna)[-1]["text"]
        == "Hi Anna, welcome to Corner Bakery & co! We open now."
    )
    assert "{shop}" in await _owner_says(desk, "/greeting")
    await _owner_says(desk, "/greeting reset")
    desk.telegram.private_message(anna, "/start")
    await desk.settle()
    assert "own words" in desk.to_customer(anna)[-1]["text"]


async def test_unknown_placeholder_is_refused(desk: Desk) -> None:
    answer = await _owner_says(desk, "/away Back at {time}!")
    assert "{time}" in answer and "{opens}" in answer and "Nothing was changed" in answer
    assert "the built-in text in their language" in await _owner_says(desk, "/away")


async def test_time_zone_is_validated_and_changed(desk: Desk) -> None:
    assert "not a time zone I know" in await _owner_says(desk, "/timezone Mars/Olympus")
    answer = await _owner_says(desk, "/timezone Europe/Berlin")
    assert "Europe/Berlin" in answer and "10:30" in answer  # 09:30 UTC is 10:30 in Berlin


async def test_a_folder_or_overlong_name_is_refused_and_changes_nothing(desk: Desk) -> None:
    await _owner_says(desk, "/timezone Europe/Berlin")
    for bad in ("Europe", "Etc", "x" * 300, "iso3166.tab"):
        answer = await _owner_says(desk, f"/timezone {bad}")
        assert "not a time zone I know" in answer and "Nothing was changed" in answer, bad
        assert len(answer) < 200
    assert "(Europe/Berlin)" in await _owner_says(desk, "/hours")


async def _write_after_hours(desk: Desk, customer: dict[str, Any], text: str) -> list[str]:
    desk.telegram.private_message(customer, text)
    await desk.settle()
    return [m["text"] for m in desk.to_customer(customer)]


async def test_after_hours_customer_gets_a_name_and_the_next_opening_once(desk: Desk) -> None:
    desk.staff_member("Maria")
    await _owner_says(desk, "/hours mon-fri 09:00-18:00")
    _at(desk, 2026, 11, 23, 20, 0)  # Monday evening
    anna = desk.customer("Anna")
    replies = await _write_after_hours(desk, anna, "My order #31 is missing")
    assert "Maria from Corner Bakery has your message" in replies[-2]
    assert "open again tomorrow at 9:00" in replies[-1]
    [topic] = desk.telegram.topics(desk.staff_chat)
    assert topic.name.startswith("🌙 Anna")
    assert "Arrived after hours" in desk.in_topic(anna)[0]["text"]
    again = await _write_after_hours(desk, anna, "Hello? Anyone?")
    assert again == replies  # the away reply is not repeated


async def test_opening_lists_the_conversations_that_waited(desk: Desk) -> None:
    desk.staff_member("Maria")
    await _owner_says(desk, "/hours mon-fri 09:00-18:00")
    _at(desk, 2026, 11, 27, 19, 0)  # Friday evening: next opening is Monday
    anna, ben = desk.customer("Anna"), desk.customer("Ben")
    replies = await _write_after_hours(desk, anna, "Cake for Monday?")
    assert "open again on Monday at 9:00" in replies[-1]
    await _write_after_hours(desk, ben, "Do you deliver?")
    _at(desk, 2026, 11, 30, 9, 1)
    opening = await desk.telegram.wait_for(
        lambda: [m for m in desk.telegram.bot_messages(desk.staff_chat) if "open!" in m["text"]]
    )
    assert "2 conversations waited" in opening[0]["text"]
    assert "Anna" in opening[0]["text"] and "Ben" in opening[0]["text"]
    await desk.settle()
    names = [topic.name for topic in desk.telegram.topics(desk.staff_chat)]
    assert names == ["Anna", "Ben"]
    await desk.restart()
    _at(desk, 2026, 11, 30, 9, 5)
    await desk.settle()
    assert (
        len([m for m in desk.telegram.bot_messages(desk.staff_chat) if "open!" in m["text"]]) == 1
    )


async def test_a_closure_day_and_time_zones_shape_the_next_opening(desk: Desk) -> None:
    desk.staff_member("Maria")
    await _owner_says(desk, "/timezone America/New_York")
    await _owner_says(desk, "/hours mon-fri 09:00-17:00")
    await _owner_says(desk, "/closed 2026-11-26..2026-11-27 Thanksgiving")
    _at(desk, 2026, 11, 25, 23, 0)  # Wednesday 18:00 in New York
    anna = desk.customer("Anna")
    replies = await _write_after_hours(desk, anna, "Pie order for Thursday")
    assert "open again on Monday at 9:00" in replies[-1]


async def test_inside_hours_there_is_no_away_reply(desk: Desk) -> None:
    desk.staff_member("Maria")
    await _owner_says(desk, "/timezone America/New_York")
    await _owner_says(desk, "/hours mon-fri 09:00-17:00")
    _at(desk, 2026, 11, 23, 20, 0)  # 15:00 in New York
    anna = desk.customer("Anna")
    replies = await _write_after_hours(desk, anna, "Quick question")
    assert len(replies) == 1 and "Maria from" in replies[0]
    assert not desk.telegram.topics(desk.staff_chat)[0].name.startswith("🌙")
