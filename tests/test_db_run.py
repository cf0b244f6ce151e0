"""Database.run: a whole write unit in one trip to the database thread."""

import asyncio
from pathlib import Path

import pytest

from storage import conversations, customers
from storage.db import Database, Work
from tests.conftest import upsert_anna


def _noting(order: list[str], name: str) -> Work[None]:
    """A unit that notes when it ran."""

    async def unit(unit_db: Database) -> None:
        order.append(name)

    return unit


async def _open(tmp_path: Path) -> Database:
    return await Database.open(tmp_path / "desk.sqlite3")


async def _anna_with_conversation(db: Database) -> int:
    await upsert_anna(db)
    opened = await conversations.open_new(
        db, customer_id=5, assignee_id=None, order_number=None, now=1.0, after_hours=False
    )
    return opened.id


async def test_a_unit_commits_everything_and_returns_its_result(tmp_path: Path) -> None:
    db = await _open(tmp_path)
    conversation_id = await db.run(_anna_with_conversation)
    stored = await conversations.current_open(db, 5)
    await db.close()
    assert stored is not None and stored.id == conversation_id


async def test_a_failing_unit_leaves_nothing_behind(tmp_path: Path) -> None:
    db = await _open(tmp_path)

    async def fails_halfway(unit_db: Database) -> None:
        await _anna_with_conversation(unit_db)
        raise ValueError("decided against it")

    with pytest.raises(ValueError, match="decided against it"):
        await db.run(fails_halfway)
    left = await customers.get(db, 5)
    await db.close()
    assert left is None


async def test_a_unit_that_waits_for_something_else_is_refused_and_rolled_back(
    tmp_path: Path,
) -> None:
    db = await _open(tmp_path)

    async def sleeps(unit_db: Database) -> None:
        await _anna_with_conversation(unit_db)
        await asyncio.sleep(0)

    with pytest.raises(RuntimeError, match="awaited something besides the database"):
        await db.run(sleeps)
    left = await customers.get(db, 5)
    await db.close()
    assert left is None


async def test_units_from_many_tasks_do_not_interleave(tmp_path: Path) -> None:
    db = await _open(tmp_path)
    await db.run(_anna_with_conversation)

    async def note(number: int) -> None:
        async def unit(unit_db: Database) -> None:
            await unit_db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)", (f"n{number}", str(number))
            )

        await db.run(unit)

    async def classic(number: int) -> None:
        async with db.transaction():
            await db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)", (f"c{number}", str(number))
            )

    await asyncio.gather(*(note(n) for n in range(20)), *(classic(n) for n in range(20)))
    count = await db.scalar("SELECT COUNT(*) FROM settings WHERE key GLOB '[nc]*'")
    await db.close()
    assert count == 40


async def test_units_arriving_together_commit_together_but_fail_alone(tmp_path: Path) -> None:
    db = await _open(tmp_path)

    def inserting(key: str, fail: bool = False) -> Work[str]:
        async def unit(unit_db: Database) -> str:
            await unit_db.execute("INSERT INTO settings (key, value) VALUES (?, 'x')", (key,))
            if fail:
                raise ValueError(key)
            return key

        return unit

    outcomes = await asyncio.gather(
        db.run(inserting("a")),
        db.run(inserting("b", fail=True)),
        db.run(inserting("c")),
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

    first: asyncio.Future[None] = db.submit(_noting(order, "recorded"))
    await db.run(_noting(order, "handled"))  # awaited at once, yet after the one submitted before
    async with db.transaction():  # a multi-trip transaction, too, waits its turn
        order.append("transaction")
    await first
    await db.close()
    assert order == ["recorded", "handled", "transaction"]


async def test_an_urgent_unit_goes_before_those_waiting(tmp_path: Path) -> None:
    db = await _open(tmp_path)
    order: list[str] = []

    waiting = [db.submit(_noting(order, "handled 1")), db.submit(_noting(order, "handled 2"))]
    await db.run(_noting(order, "send noted as made"), urgent=True)
    await asyncio.gather(*waiting)
    await db.close()
    assert order == ["send noted as made", "handled 1", "handled 2"]
