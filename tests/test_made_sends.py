"""The made-sends file: notes survive a crash, are emptied when settled, never grow unbounded."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import made_sends
from storage.made_sends import Copy, MadeSend, MadeSendsFile


def made(send_id: int, *copies: Copy) -> MadeSend:
    return MadeSend((send_id,), copies)


def test_a_note_is_there_for_the_next_start_without_a_clean_close(tmp_path: Path) -> None:
    notes = MadeSendsFile.beside(tmp_path / "desk.sqlite3")
    notes.note(made(1, Copy(10, -100, 500)))
    notes.note(MadeSend((2, 3), ()))
    # No close(): as after a kill -9.
    again = MadeSendsFile.beside(tmp_path / "desk.sqlite3")
    assert again.leftovers() == [made(1, Copy(10, -100, 500)), MadeSend((2, 3), ())]
    assert (tmp_path / "desk.sqlite3-sent").exists()


def test_once_every_note_is_settled_the_file_is_empty(tmp_path: Path) -> None:
    notes = MadeSendsFile.beside(tmp_path / "desk.sqlite3")
    first, second = notes.note(made(1)), notes.note(made(2))
    notes.settled(first)
    assert len(MadeSendsFile.beside(tmp_path / "desk.sqlite3").leftovers()) == 2
    notes.settled(second)
    assert MadeSendsFile.beside(tmp_path / "desk.sqlite3").leftovers() == []


def test_clear_forgets_what_an_earlier_run_left(tmp_path: Path) -> None:
    MadeSendsFile.beside(tmp_path / "desk.sqlite3").note(made(1))
    notes = MadeSendsFile.beside(tmp_path / "desk.sqlite3")
    assert notes.leftovers() == [made(1)]
    notes.clear()
    assert notes.leftovers() == []


def test_a_torn_last_line_is_skipped(tmp_path: Path) -> None:
    notes = MadeSendsFile.beside(tmp_path / "desk.sqlite3")
    notes.note(made(1))
    with (tmp_path / "desk.sqlite3-sent").open("ab") as file:
        file.write(b'{"sends": [2], "cop')
    assert MadeSendsFile.beside(tmp_path / "desk.sqlite3").leftovers() == [made(1)]


def test_a_file_that_is_never_all_settled_is_compacted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(made_sends, "COMPACT_AT_BYTES", 500)
    notes = MadeSendsFile.beside(tmp_path / "desk.sqlite3")
    lingering = notes.note(made(0))
    for send_id in range(1, 200):
        notes.settled(notes.note(made(send_id)))
    assert (tmp_path / "desk.sqlite3-sent").stat().st_size < 600
    notes.note(made(200))
    assert MadeSendsFile.beside(tmp_path / "desk.sqlite3").leftovers()[0] == made(0)
    notes.settled(lingering)


def test_an_in_memory_database_keeps_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    notes = MadeSendsFile.beside(Path(":memory:"))
    notes.settled(notes.note(made(1)))
    assert notes.leftovers() == []
    assert list(tmp_path.iterdir()) == []


def test_after_close_a_settled_note_stays_for_the_next_start(tmp_path: Path) -> None:
    notes = MadeSendsFile.beside(tmp_path / "desk.sqlite3")
    ticket = notes.note(made(1))
    notes.close()  # the sender stopped while this send's unit was still being written
    notes.settled(ticket)
    assert MadeSendsFile.beside(tmp_path / "desk.sqlite3").leftovers() == [made(1)]
