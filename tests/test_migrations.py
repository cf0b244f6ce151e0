"""A database made by the previous release is upgraded at start and keeps everything."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from desk.outbox_json import decode, encode
from desk.sends import (
    CloseTopic,
    Copy,
    DeleteTopic,
    Edit,
    EnsureTopic,
    EraseTraces,
    RenameTopic,
    Send,
    Text,
    ToChat,
    ToCustomer,
    ToStaffChat,
    ToTopic,
    Trace,
)
from standin import BotApiServer
from storage import conversations, outbox
from storage.db import Database
from storage.migrations import MIGRATIONS, _statements
from tests.conftest import Desk, FakeClock, make_settings

PREVIOUS_RELEASE = 4  # migrations the release before the typed sends had


def _previous_release_database(path: Path, staff_chat: int, customer: int) -> None:
    """Anna's open conversation and three sends still owed, as the last release wrote them."""
    sqlite = sqlite3.connect(path, isolation_level=None)
    sqlite.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at REAL NOT NULL)"
    )
    for version, (name, script) in enumerate(MIGRATIONS[:PREVIOUS_RELEASE], start=1):
        for statement in _statements(script):
            sqlite.execute(statement)
        sqlite.execute("INSERT INTO schema_migrations VALUES (?, ?, 0)", (version, name))
    sqlite.execute(
        "INSERT INTO customers (user_id, first_name, created_at) VALUES (?, 'Anna', 1)",
        (customer,),
    )
    sqlite.execute(
        "INSERT INTO conversations (id, customer_id, status, opened_at) VALUES (7, ?, 'open', 1)",
        (customer,),
    )
    sqlite.execute(
        "INSERT INTO messages (id, customer_id, conversation_id, direction, kind, text,"
        " source_chat_id, source_message_id, created_at) VALUES (3, ?, 7, 'in', 'text',"
        " 'Where is my cake?', ?, 1, 1)",
        (customer, customer),
    )
    owed = [
        ("customer:5", "text", {"target": {"customer": customer}, "html": "Maria has it"}),
        ("chat:-1", "text", {"target": {"chat": staff_chat, "thread": None}, "html": "Alert"}),
        ("topic:5", "edit", {"message": 3}),
    ]
    for lane, kind, payload in owed:
        sqlite.execute(
            "INSERT INTO outbox (lane, kind, payload, created_at) VALUES (?, ?, ?, 1)",
            (lane.replace("5", str(customer)), kind, json.dumps(payload)),
        )
    sqlite.close()


async def test_an_old_database_is_upgraded_and_its_owed_sends_read(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _previous_release_database(path, staff_chat=-100123, customer=5)
    db = await Database.open(path)
    conversation = await conversations.current_open(db, 5)
    rows = await outbox.all_pending(db)
    about = await db.fetch_all("SELECT customer_id FROM outbox ORDER BY id")
    await db.close()
    assert conversation is not None and conversation.id == 7
    assert [decode(row.kind, row.payload, row.lane) for row in rows] == [
        Text(ToCustomer(5), "Maria has it"),
        Text(ToChat(-100123), "Alert"),
        Edit(3, 5, "topic"),
    ]
    assert [row["customer_id"] for row in about] == [5, None, 5]


async def test_sends_owed_before_the_upgrade_are_made_after_it(
    telegram: BotApiServer, tmp_path: Path
) -> None:
    owner = telegram.add_user("Olga")
    staff_chat = telegram.add_group("Team", is_forum=True, members=[owner])
    anna = telegram.add_user("Anna")
    telegram.private_chat(anna)  # she wrote to the bot back then
    settings = make_settings(telegram, tmp_path, staff_chat, owner["id"])
    _previous_release_database(settings.db_path, staff_chat=staff_chat, customer=anna["id"])
    desk = Desk(telegram, settings, FakeClock(), staff_chat, owner)
    await desk.start()
    try:
        await desk.settle()
        assert [m["text"] for m in telegram.bot_messages(anna["id"])] == ["Maria has it"]
        assert "Alert" in [m.get("text") for m in telegram.bot_messages(staff_chat)]
    finally:
        await desk.stop()


def test_every_send_survives_the_outbox_format() -> None:

    sends: list[Send] = [
        Text(ToStaffChat(4), "<b>hi</b>", ((("1 ⭐", "rate:1:1"),),), silent=True, about=(5,)),
        Copy(ToTopic(5), 3, (5, 10), reply_to=(5, 9), album="a1"),
        Copy(ToCustomer(5), 4, (-100, 11)),
        Edit(3, 5, "customer"),
        EnsureTopic(5, reopen=True),
        RenameTopic(5),
        CloseTopic(5),
        DeleteTopic(77),
        EraseTraces(5, 9, (Trace(-100, 3, True, True, False),), "de"),
    ]
    for send in sends:
        kind, payload = encode(send)
        assert decode(kind, payload, "unused") == send


async def test_the_old_high_water_mark_becomes_the_last_batch_of_handled_ids(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite3"
    sqlite = sqlite3.connect(path, isolation_level=None)
    sqlite.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at REAL NOT NULL)"
    )
    for version, (name, script) in enumerate(MIGRATIONS[:5], start=1):
        for statement in _statements(script):
            sqlite.execute(statement)
        sqlite.execute("INSERT INTO schema_migrations VALUES (?, ?, 0)", (version, name))
    sqlite.execute("INSERT INTO settings VALUES ('last_update_id', '500')")
    sqlite.execute("INSERT INTO inbox VALUES (501, '{\"update_id\": 501}', 1)")
    sqlite.close()
    db = await Database.open(path)
    try:
        ids = {row[0] for row in await db.fetch_all("SELECT update_id FROM handled_updates")}
        assert ids == set(range(401, 501))
        waiting = await db.fetch_all("SELECT update_id FROM inbox")
        assert [row[0] for row in waiting] == [501]
    finally:
        await db.close()
