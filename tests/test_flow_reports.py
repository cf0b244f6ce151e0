"""Flow 6: owners read the numbers — /stats as a message and a chart, /export as CSV files."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

from storage.reports import CONVERSATION_COLUMNS, MESSAGE_COLUMNS
from tests.conftest import Desk


def _at(desk: Desk, day: int, hour: int, minute: int = 0) -> None:
    """Set the clock to a day of November 2026, UTC."""
    desk.clock.now = datetime(2026, 11, day, hour, minute, tzinfo=UTC).timestamp()


async def _owner_asks(desk: Desk, text: str) -> list[dict[str, Any]]:
    """An owner command in the private chat; returns what the bot sent there in answer."""
    before = len(desk.to_customer(desk.owner))
    desk.telegram.private_message(desk.owner, text)
    await desk.settle()
    return desk.to_customer(desk.owner)[before:]


async def _say(desk: Desk, person: dict[str, Any], text: str, topic_of: Any = None) -> None:
    """A customer writes to the bot, or (with topic_of) a colleague in that customer's topic."""
    if topic_of is None:
        desk.telegram.private_message(person, text)
    else:
        thread = desk.topic_of(topic_of)
        desk.telegram.group_message(person, desk.staff_chat, text, thread_id=thread)
    await desk.settle()


async def _rate(desk: Desk, customer: dict[str, Any], stars: int) -> None:
    question = next(m for m in reversed(desk.to_customer(customer)) if "reply_markup" in m)
    data = question["reply_markup"]["inline_keyboard"][0][stars - 1]["callback_data"]
    desk.telegram.press_button(customer, customer["id"], question["message_id"], data)
    await desk.settle()


async def _a_busy_two_days(desk: Desk) -> dict[str, dict[str, Any]]:
    """Monday: Anna (Maria, replied in 4 min, closed after 1 h, 5 stars) and Ben (Tom,
    replied in 20 min, closed after 2 h, 2 stars); Tuesday 10:00: Cleo, still unanswered."""
    maria, tom = desk.staff_member("Maria"), desk.staff_member("Tom")
    anna, ben, cleo = desk.customer("Anna"), desk.customer("Ben"), desk.customer("Cleo")
    await desk.settle()
    _at(desk, 23, 9, 30)
    await _say(desk, anna, "My cake arrived squashed")
    desk.clock.advance(60)
    await _say(desk, ben, '=HYPERLINK("http://evil.example") order 4242?')
    desk.clock.advance(180)
    await _say(desk, maria, "So sorry! A new one is on its way.", topic_of=anna)
    await _say(desk, maria, "/note regular customer", topic_of=anna)
    desk.clock.advance(1020)
    await _say(desk, tom, "Checking, one moment", topic_of=ben)
    _at(desk, 23, 10, 30)
    await _say(desk, maria, "/close", topic_of=anna)
    await _rate(desk, anna, 5)
    _at(desk, 23, 11, 31)
    await _say(desk, tom, "/close", topic_of=ben)
    await _rate(desk, ben, 2)
    _at(desk, 24, 10, 0)
    await _say(desk, cleo, "Do you bake on Sundays?;=1+1")
    _at(desk, 24, 12, 0)
    return {"Anna": anna, "Ben": ben, "Cleo": cleo}


def _csv_rows(upload: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(upload.data.decode("utf-8"), newline="")))


async def test_stats_shows_the_numbers_and_a_chart(desk: Desk) -> None:
    await _a_busy_two_days(desk)
    [answer, chart] = await _owner_asks(desk, "/stats")
    assert answer["text"] == "\n".join(
        [
            "📊 Last 7 days · 18–24 Nov 2026 (UTC)",
            "",
            "💬 Conversations: 3 opened, 2 closed",
            "⏱ First response: median 12 min, 90% within 20 min",
            "✅ Resolution: median 1 h 30 min",
            "⭐ Ratings: 3.5 average from 2 (5★ 1 · 4★ 0 · 3★ 0 · 2★ 1 · 1★ 0)",
            "⏰ Deadlines missed: 2 of 3 (a reply is due within 10 min)",
            "",
            "Per person (median times)",
            "👤 Maria: 2 opened, 1 closed",
            "    ⏱ first reply 4 min, 90% within 4 min · ✅ resolution 1 h",
            "    ⭐ 5.0 from 1 (5★ 1) · ⏰ 1 missed",
            "👤 Tom: 1 opened, 1 closed",
            "    ⏱ first reply 20 min, 90% within 20 min · ✅ resolution 2 h",
            "    ⭐ 2.0 from 1 (2★ 1) · ⏰ 1 missed",
        ]
    )
    assert "photo" in chart
    assert (
        chart["caption"] == "📈 Conversations and median first response per day, 18–24 Nov 2026."
    )
    [call] = desk.telegram.calls_to("sendPhoto")
    assert call.params["photo"].filename == "frontdesk-stats-2026-11-18-to-2026-11-24.png"
    assert call.params["photo"].data.startswith(b"\x89PNG\r\n\x1a\n")


async def test_stats_counts_local_days_of_the_shop(desk: Desk) -> None:
    await _a_busy_two_days(desk)
    [answer, _chart] = await _owner_asks(desk, "/stats 1")
    assert answer["text"].startswith("📊 Today · 24 Nov 2026 (UTC)\n\n💬 Conversations: 1 opened")
    await _owner_asks(desk, "/timezone Pacific/Auckland")  # Tuesday 12:00 UTC is 01:00 Wed
    [answer] = await _owner_asks(desk, "/stats 1")
    assert answer["text"].startswith("📊 Today · 25 Nov 2026 (Pacific/Auckland)\n\nNothing yet")


async def test_export_sends_conversations_and_messages_as_csv(desk: Desk) -> None:
    await _a_busy_two_days(desk)
    sent = await _owner_asks(desk, "/export 2")
    assert [m["caption"] for m in sent] == [
        "🗂 Conversations open at any time 23–24 Nov 2026 (UTC): 3.",
        "💬 Messages written 23–24 Nov 2026 (UTC): 6.",
    ]
    conversations_call, messages_call = desk.telegram.calls_to("sendDocument")
    conversations_file = conversations_call.params["document"]
    messages_file = messages_call.params["document"]
    assert conversations_file.filename == "frontdesk-conversations-2026-11-23-to-2026-11-24.csv"
    assert messages_file.filename == "frontdesk-messages-2026-11-23-to-2026-11-24.csv"

    header, *rows = _csv_rows(conversations_file)
    assert tuple(header) == CONVERSATION_COLUMNS
    table = [dict(zip(header, row, strict=True)) for row in rows]
    picked = ("customer_name", "status", "assignee_name", "opened_at", "first_response_at")
    assert [tuple(row[c] for c in picked) for row in table] == [
        ("Anna", "closed", "Maria", "2026-11-23T09:30:00+00:00", "2026-11-23T09:34:00+00:00"),
        ("Ben", "closed", "Tom", "2026-11-23T09:31:00+00:00", "2026-11-23T09:51:00+00:00"),
        ("Cleo", "open", "Maria", "2026-11-24T10:00:00+00:00", ""),
    ]
    timings = ("first_response_seconds", "resolution_seconds", "missed_deadline", "rating")
    assert [tuple(row[c] for c in timings) for row in table] == [
        ("240", "3600", "no", "5"),
        ("1200", "7200", "yes", "2"),
        ("", "", "yes", ""),
    ]

    header, *rows = _csv_rows(messages_file)
    assert tuple(header) == MESSAGE_COLUMNS
    table = [dict(zip(header, row, strict=True)) for row in rows]
    assert [(row["direction"], row["author_name"], row["text"]) for row in table] == [
        ("in", "Anna", "My cake arrived squashed"),
        # A customer's text that a spreadsheet would run as a formula is defused.
        ("in", "Ben", '\'=HYPERLINK("http://evil.example") order 4242?'),
        ("out", "Maria", "So sorry! A new one is on its way."),
        ("note", "Maria", "regular customer"),
        ("out", "Tom", "Checking, one moment"),
        # Excel in many locales splits on ";": what follows one is defused too.
        ("in", "Cleo", "Do you bake on Sundays?;'=1+1"),
    ]
    for upload in (conversations_file, messages_file):
        for line in upload.data.decode("utf-8").splitlines():
            assert line.startswith('"') and line.endswith('"'), line  # every cell quoted
    assert table[0]["created_at"] == "2026-11-23T09:30:00+00:00"
    assert table[0]["conversation_id"] == table[2]["conversation_id"]


async def test_an_empty_period_says_nothing_yet(desk: Desk) -> None:
    [answer] = await _owner_asks(desk, "/stats")
    assert answer["text"] == (
        "📊 Last 7 days · 17–23 Nov 2026 (UTC)\n\n"
        "Nothing yet: no conversations were opened or closed in this period. "
        "Try a longer one, e.g. /stats 30."
    )
    [answer] = await _owner_asks(desk, "/export")
    assert answer["text"].startswith("📁 Nothing yet to export for 17–23 Nov 2026 (UTC)")
    assert not desk.telegram.calls_to("sendPhoto")
    assert not desk.telegram.calls_to("sendDocument")


async def test_bad_arguments_get_one_line_with_an_example(desk: Desk) -> None:
    for text in ("/stats abc", "/stats 0", "/stats 100000", "/export 7 days"):
        [answer] = await _owner_asks(desk, text)
        command, _, argument = text.partition(" ")
        assert answer["text"] == (
            f"“{argument}” is not a number of days from 1 to 366. Example: {command} 30"
        )
    assert not desk.telegram.calls_to("sendPhoto")
    assert not desk.telegram.calls_to("sendDocument")


async def test_non_owners_are_refused(desk: Desk) -> None:
    anna, maria = desk.customer("Anna"), desk.staff_member("Maria")
    await desk.settle()
    before = len(desk.telegram.bot_messages(desk.staff_chat))
    desk.telegram.private_message(anna, "/stats")
    desk.telegram.group_message(maria, desk.staff_chat, "/export")
    await desk.settle()
    assert [m["text"] for m in desk.to_customer(anna)] == [
        "Sorry, only the shop's owners can use /stats."
    ]
    assert [m["text"] for m in desk.telegram.bot_messages(desk.staff_chat)[before:]] == [
        "Sorry, only the shop's owners can use /export."
    ]
    assert not desk.telegram.calls_to("sendPhoto")
    assert not desk.telegram.calls_to("sendDocument")


async def test_owner_gets_the_answer_in_the_staff_chat_topic_they_asked_in(desk: Desk) -> None:
    cleo = (await _a_busy_two_days(desk))["Cleo"]
    thread = desk.topic_of(cleo)
    desk.telegram.group_message(desk.owner, desk.staff_chat, "/stats", thread_id=thread)
    await desk.settle()
    # (Cleo's overdue reminder may land in her topic meanwhile: look for our two messages.)
    posted = desk.telegram.bot_messages(desk.staff_chat, thread)
    assert [m["text"].split("\n")[0] for m in posted if m.get("text", "").startswith("📊")] == [
        "📊 Last 7 days · 18–24 Nov 2026 (UTC)"
    ]
    assert ["📈" in m["caption"] for m in posted if "photo" in m] == [True]
    assert desk.telegram.calls_to("sendPhoto")[-1].params["message_thread_id"] == thread
    assert not [m for m in desk.to_customer(cleo) if "📊" in desk.text_of(m) or "photo" in m]
