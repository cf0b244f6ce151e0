"""Database.write: the one door for writes, a whole unit in one trip to the database thread."""

import asyncio
from pathlib import Path

import pytest

from storage import conversations, customers
from storage.db import Database, Tx, Unit
from tests.conftest import upsert_anna


def _noting(order: list[str], name: str) -> Unit[None]:
    """A unit that notes when it ran."""

    async def unit(unit_db: Tx) -> None:
        order.append(name)

    return unit


async def _open(tmp_path: Path) -> Database:
    return await Database.open(tmp_path / "desk.sqlite3")


async def _anna_with_conversation(db: Tx) -> int:
    await upsert_anna(db)
    opened = await conversations.open_new(
        db, customer_id=5, assignee_id=None, order_number=None, now=1.0, after_hours=False
    )
    return opened.id


async def test_a_unit_commits_everything_and_returns_its_result(tmp_path: Path) -> None:
    db = await _open(tmp_path)
    conversation_id = await db.write(_anna_with_conversation)
    stored = await conversations.current_open(db, 5)
    await db.close()
    assert stored is not None and stored.id == conversation_id


async def test_a_failing_unit_leaves_nothing_behind(tmp_path: Path) -> None:
    db = await _open(tmp_path)

    async def fails_halfway(unit_db: Tx) -> None:
        await _anna_with_conversation(unit_db)
        raise ValueError("decided against it")

    with pytest.raises(ValueError, match="decided against it"):
        await db.write(fails_halfway)
    left = await customers.get(db, 5)
    await db.close()
    assert left is None


async def test_a_unit_that_waits_for_something_else_is_refused_and_rolled_back(
    tmp_path: Path,
) -> None:
    db = await _open(tmp_path)

    async def sleeps(unit_db: Tx) -> None:
        await _anna_with_conversation(unit_db)
        await asyncio.sleep(0)

    with pytest.raises(RuntimeError, match="awaited something besides its Tx"):
        await db.write(sleeps)
    left = await customers.get(db, 5)
    await db.close()
    assert left is None


async def test_units_from_many_tasks_do_not_interleave(tmp_path: Path) -> None:
    db = await _open(tmp_path)
    await db.write(_anna_with_conversation)

    async def note(number: int) -> None:
        async def unit(unit_db: Tx) -> None:
            await unit_db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)", (f"n{number}", str(number))
            )

        await db.write(unit)

    async def read_then_note(number: int) -> None:
        await db.scalar("SELECT COUNT(*) FROM settings")  # reads go between the trips
        await note(number + 100)

    await asyncio.gather(*(note(n) for n in range(20)), *(read_then_note(n) for n in range(20)))
    count = await db.scalar("SELECT COUNT(*) FROM settings WHERE key GLOB 'n*'")
    await db.close()
    assert count == 40


async def test_units_arriving_together_commit_together_but_fail_alone(tmp_path: Path) -> None:
    db = await _open(tmp_path)

    def inserting(key: str, fail: bool = False) -> Unit[str]:
        async def unit(unit_db: Tx) -> str:
            await unit_db.execute("INSERT INTO settings (key, value) VALUES (?, 'x')", (key,))
            if fail:
                raise ValueError(key)
            return key

        return unit

    outcomes = await asyncio.gather(
        db.write(inserting("a")),
        db.write(inserting("b", fail=True)),
        db.write(inserting("c")),
        return_exceptions=True,
    )
    keys = await db.fetch_all("SELECT key FROM settings WHERE key IN ('a', 'b', 'c')")
    await db.close()
    assert outcomes[0] == "a" and outcomes[2] == "c"
    assert isinstance(outcomes[1], ValueError)
    assert sorted(row["key"] for row in keys) == ["a", "c"]


async def test_units_are_written_in_the_order_they_were_submitted(tmp_path: Path) -> None:
    db = await _open(tmp_path)
    order: list[str] = []

    first: asyncio.Future[None] = db.write(_noting(order, "recorded"))
    await db.write(
        _noting(order, "handled")
    )  # awaited at once, yet after the one submitted before
    await first
    await db.close()
    assert order == ["recorded", "handled"]


async def test_an_urgent_unit_goes_before_those_waiting(tmp_path: Path) -> None:
    db = await _open(tmp_path)
    order: list[str] = []

    waiting = [db.write(_noting(order, "handled 1")), db.write(_noting(order, "handled 2"))]
    await db.write(_noting(order, "send noted as made"), urgent=True)
    await asyncio.gather(*waiting)
    await db.close()
    assert order == ["send noted as made", "handled 1", "handled 2"]


async def test_a_checkpoint_empties_the_write_ahead_log(tmp_path: Path) -> None:
    db = await _open(tmp_path)
    await db.write(_anna_with_conversation)
    wal = tmp_path / "desk.sqlite3-wal"
    before = wal.stat().st_size
    await db.checkpoint()
    after = wal.stat().st_size
    await db.close()
    assert before > 0 and after == 0
