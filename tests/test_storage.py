"""Storage on a real SQLite file: migrations, one open conversation, message pairing."""

import sqlite3
from pathlib import Path

import pytest

from storage import conversations, customers, inbox, messages, outbox
from storage.db import Database, DatabaseError, Tx, Unit
from storage.migrations import MIGRATIONS
from tests.conftest import upsert_anna


async def _customer(db: Database, user_id: int = 5) -> None:
    await db.write(lambda tx: upsert_anna(tx, user_id=user_id))


async def test_open_creates_folder_and_applies_migrations(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "desk.sqlite3"
    db = await Database.open(path)
    version = await db.scalar("SELECT MAX(version) FROM schema_migrations")
    mode = await db.scalar("PRAGMA journal_mode")
    foreign_keys = await db.scalar("PRAGMA foreign_keys")
    await db.close()
    assert path.exists()
    assert version == len(MIGRATIONS)
    assert mode == "wal"
    assert foreign_keys == 1


async def test_reopening_keeps_data_and_does_not_migrate_twice(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    db = await Database.open(path)
    await _customer(db)
    await db.close()
    db = await Database.open(path)
    assert (await customers.get(db, 5)) is not None
    assert await db.scalar("SELECT COUNT(*) FROM schema_migrations") == len(MIGRATIONS)
    await db.close()


async def test_corrupt_file_is_a_clear_error_and_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DatabaseError, match="cannot use"):
        await Database.open(path)
    assert path.read_bytes() == b"this is not a database" * 100


async def test_only_one_open_conversation_per_customer(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "d.sqlite3")
    await _customer(db)

    def opening(now: float) -> Unit[conversations.Conversation]:
        return lambda tx: conversations.open_new(
            tx, customer_id=5, assignee_id=1, order_number=None, now=now
        )

    await db.write(opening(2))
    with pytest.raises(sqlite3.IntegrityError):
        await db.write(opening(3))
    await db.close()


async def test_a_redelivered_message_is_recorded_once(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "d.sqlite3")
    await _customer(db)
    fields = dict(
        customer_id=5,
        conversation_id=None,
        direction="in",
        author_id=5,
        kind="text",
        text="hello",
        source_chat_id=5,
        source_message_id=77,
        media_group_id=None,
        now=4.0,
    )
    first = await db.write(lambda tx: messages.record(tx, **fields))  # type: ignore[arg-type]
    again = await db.write(lambda tx: messages.record(tx, **fields))  # type: ignore[arg-type]
    assert first is not None
    assert again is None
    await db.close()


async def test_counterpart_maps_both_ways(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "d.sqlite3")
    await _customer(db)

    async def unit(tx: Tx) -> None:
        stored = await messages.record(
            tx,
            customer_id=5,
            conversation_id=None,
            direction="in",
            author_id=5,
            kind="photo",
            text=None,
            source_chat_id=5,
            source_message_id=10,
            media_group_id=None,
            now=1.0,
        )
        assert stored is not None
        await messages.set_copy(tx, stored.id, -100, 900)

    await db.write(unit)
    assert await messages.counterpart(db, 5, 10) == (-100, 900)
    assert await messages.counterpart(db, -100, 900) == (5, 10)
    assert await messages.counterpart(db, 5, 11) is None
    await db.close()


async def test_hostile_text_is_stored_byte_exact(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "d.sqlite3")
    await _customer(db)
    hostile = "'; DROP TABLE messages; --\x00\u202e<b>&amp;" + "x" * 1_000_000
    stored = await db.write(
        lambda tx: messages.record(
            tx,
            customer_id=5,
            conversation_id=None,
            direction="in",
            author_id=5,
            kind="text",
            text=hostile,
            source_chat_id=5,
            source_message_id=1,
            media_group_id=None,
            now=1.0,
        )
    )
    assert stored is not None and stored.text == hostile
    assert await db.scalar("SELECT COUNT(*) FROM messages") == 1
    await db.close()


async def test_outbox_keeps_lane_order(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "d.sqlite3")

    async def owe(tx: Tx) -> outbox.OutboxRow:
        first = await outbox.enqueue(tx, "a", "text", '{"n": 1}', None, 1.0)
        await outbox.enqueue(tx, "b", "text", '{"n": 2}', None, 1.0)
        await outbox.enqueue(tx, "a", "text", '{"n": 3}', None, 1.0)
        return first

    first = await db.write(owe)
    pending = await outbox.all_pending(db)
    assert [(send.lane, send.payload) for send in pending] == [
        ("a", '{"n": 1}'),
        ("b", '{"n": 2}'),
        ("a", '{"n": 3}'),
    ]
    await db.write(lambda tx: outbox.mark_done(tx, first.id, 2.0))
    pending = await outbox.all_pending(db)
    assert [send.payload for send in pending] == ['{"n": 2}', '{"n": 3}']
    made = await db.scalar("SELECT payload FROM outbox WHERE id = ?", (first.id,))
    assert made == "{}"  # a made send keeps no words
    await db.close()


async def test_inbox_remembers_the_last_update_across_restarts(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    db = await Database.open(path)
    await db.write(
        lambda tx: inbox.record(tx, [(7, '{"update_id": 7}'), (8, '{"update_id": 8}')], 1)
    )
    await db.write(lambda tx: inbox.mark_processed(tx, 7))
    await db.close()
    db = await Database.open(path)
    assert await inbox.last_update_id(db) == 8
    assert [u["update_id"] for u in await inbox.unprocessed(db)] == [8]
    await db.close()


async def test_upsert_keeps_an_unchanged_profile_and_takes_a_changed_one(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "d.sqlite3")
    await _customer(db)

    async def block_and_see_again(tx: Tx) -> customers.Customer:
        await customers.set_blocked(tx, 5, True)
        return await upsert_anna(tx, now=2.0, language_code=None)

    again = await db.write(block_and_see_again)
    assert (again.first_name, again.language_code, again.blocked_bot) == ("Anna", "en", False)
    same = await db.write(lambda tx: upsert_anna(tx, now=3.0))
    renamed = await db.write(
        lambda tx: upsert_anna(
            tx, now=4.0, first_name="Anne", last_name="Lee", username="anne", language_code="de"
        )
    )
    await db.close()
    assert same == again
    assert (renamed.full_name, renamed.username, renamed.language_code) == (
        "Anne Lee",
        "anne",
        "de",
    )
