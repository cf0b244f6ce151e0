"""A fresh database, its write-ahead log and notes are readable by their owner only."""

from __future__ import annotations

import asyncio
import stat
from pathlib import Path

import pytest

from bot.runner import serve
from standin import BotApiServer
from storage import made_sends
from storage.made_sends import MadeSend, MadeSendsFile
from tests.conftest import Desk, FakeClock, make_settings


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def _desk_at(telegram: BotApiServer, db_path: Path) -> Desk:
    owner = telegram.add_user("Olga")
    staff_chat = telegram.add_group("Team", is_forum=True, members=[owner])
    settings = make_settings(telegram, db_path.parent, staff_chat, owner["id"])
    return Desk(
        telegram=telegram,
        settings=settings.model_copy(update={"db_path": db_path}),
        clock=FakeClock(),
        staff_chat=staff_chat,
        owner=owner,
    )


async def test_a_fresh_database_and_the_folders_made_for_it_are_private(
    telegram: BotApiServer, tmp_path: Path
) -> None:
    db = tmp_path / "data" / "desk" / "frontdesk.sqlite3"
    desk = await _desk_at(telegram, db)
    await desk.start()
    try:
        desk.telegram.private_message(desk.customer("Anna"), "My cake arrived squashed")
        await desk.settle()
        wal = db.with_name(db.name + "-wal")
        assert wal.stat().st_size > 0  # the bot has written: its words are in the log
        for folder in (db.parent, db.parent.parent):
            assert _mode(folder) == 0o700, folder
        for suffix in ("", "-wal", "-shm", "-sent"):
            assert _mode(db.with_name(db.name + suffix)) == 0o600, suffix
    finally:
        await desk.stop()


async def test_a_folder_the_operator_made_is_left_as_it_is(
    telegram: BotApiServer, tmp_path: Path
) -> None:
    volume = tmp_path / "volume"
    volume.mkdir(mode=0o755)
    volume.chmod(0o755)
    db = volume / "frontdesk.sqlite3"
    stop = asyncio.Event()
    stop.set()  # open the database, then stop at once
    desk = await _desk_at(telegram, db)
    await serve(desk.settings, stop, desk.clock)
    assert _mode(volume) == 0o755
    assert _mode(db) == 0o600


def test_the_made_sends_file_stays_private_when_compacted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(made_sends, "COMPACT_AT_BYTES", 10)
    notes = MadeSendsFile.beside(tmp_path / "desk.sqlite3")
    kept = notes.note(MadeSend((1,), ()))
    notes.settled(notes.note(MadeSend((2,), ())))  # past the size: rewritten smaller
    assert _mode(tmp_path / "desk.sqlite3-sent") == 0o600
    notes.settled(kept)
    notes.close()
