"""The one SQLite connection, on a thread of its own: reads anywhere, writes through one door.

Every statement runs on one thread that owns a plain `sqlite3` connection (WAL, foreign
keys, busy timeout). Reads are single statements (`fetch_all`, `fetch_one`, `scalar`) and
may be made from anywhere. Writes are *units*: `await db.write(unit)`, where a unit is an
async function of a `Tx` that awaits nothing but the Tx's statements. Because it awaits
nothing else, a unit runs to its end on the database thread in a single step: the units
waiting there go in one trip (group commit: BEGIN IMMEDIATE, a savepoint per unit,
COMMIT), and a unit cannot open another one (a Tx has no `write`), so a nesting that
would deadlock cannot be written.
"""

from __future__ import annotations

import asyncio
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Callable, Coroutine, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from storage import private_files
from storage.migrations import apply_migrations

Row = sqlite3.Row
T = TypeVar("T")
Unit = Callable[["Tx"], Coroutine[Any, Any, T]]


class DatabaseError(Exception):
    """The database file cannot be used; the message says why in one line."""


class DatabaseUnavailable(Exception):
    """The database cannot be written for now (another program holds its lock past the busy
    timeout, or the disk is full): nothing was written; try again later."""


# SQLite's codes for "not now": busy or locked by another connection, disk or quota full.
_NOT_NOW = {"SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_FULL", "SQLITE_IOERR"}


def _not_now(error: BaseException) -> bool:
    name = str(getattr(error, "sqlite_errorname", ""))
    return isinstance(error, sqlite3.OperationalError) and (
        name in _NOT_NOW or name.startswith(("SQLITE_BUSY_", "SQLITE_IOERR_"))
    )


class Reader(ABC):
    """Statements that read. The Database has them (each one trip to its thread), and so has
    a Tx inside a unit (run at once); each says how it runs a query."""

    def __init__(self, memo: dict[str, Any]) -> None:
        # Values derived from the database that the storage modules keep between reads.
        self.memo = memo

    @abstractmethod
    async def fetch_all(self, sql: str, parameters: Iterable[Any] = ()) -> list[Row]:
        """All rows of a query."""

    async def fetch_one(self, sql: str, parameters: Iterable[Any] = ()) -> Row | None:
        """The first row of a query, or None."""
        rows = await self.fetch_all(sql, parameters)
        return rows[0] if rows else None

    async def scalar(self, sql: str, parameters: Iterable[Any] = ()) -> Any:
        """The first column of the first row, or None."""
        row = await self.fetch_one(sql, parameters)
        return None if row is None else row[0]


class Tx(Reader):
    """A write unit's view of the database, on the database thread inside the unit's
    savepoint: every statement runs at once."""

    def __init__(self, sqlite: sqlite3.Connection, memo: dict[str, Any]) -> None:
        super().__init__(memo)
        self._sqlite = sqlite

    async def fetch_all(self, sql: str, parameters: Iterable[Any] = ()) -> list[Row]:
        return self._sqlite.execute(sql, tuple(parameters)).fetchall()

    async def execute(self, sql: str, parameters: Iterable[Any] = ()) -> int:
        """Run one statement; returns the last row id (inserts) or 0."""
        return self._sqlite.execute(sql, tuple(parameters)).lastrowid or 0

    async def insert(self, sql: str, parameters: Iterable[Any] = ()) -> int | None:
        """Run an INSERT; returns the new row id, or None if it inserted nothing."""
        cursor = self._sqlite.execute(sql, tuple(parameters))
        return cursor.lastrowid if cursor.rowcount == 1 else None

    async def changes(self, sql: str, parameters: Iterable[Any] = ()) -> int:
        """Run one statement; returns how many rows it changed."""
        return self._sqlite.execute(sql, tuple(parameters)).rowcount


class Database(Reader):
    """An open Frontdesk database."""

    def __init__(self, sqlite: sqlite3.Connection, thread: ThreadPoolExecutor, path: Path):
        super().__init__({})
        self._sqlite = sqlite
        self._thread = thread
        self.path = path
        # Units waiting for the next trip, and the task making the trips.
        self._units: list[tuple[Unit[Any], asyncio.Future[Any]]] = []
        self._urgent_units: list[tuple[Unit[Any], asyncio.Future[Any]]] = []
        self._committing: asyncio.Task[None] | None = None

    @classmethod
    async def open(cls, path: Path) -> Database:
        """Open (creating folder and file if needed) and migrate the database."""
        if str(path) != ":memory:":
            try:
                private_files.prepare(path)  # folder 0700, files 0600
            except OSError as error:
                raise DatabaseError(f"cannot create the folder {path.parent}: {error}") from None
        thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite")
        loop = asyncio.get_running_loop()
        try:
            sqlite = await loop.run_in_executor(thread, _connect, path)
        except sqlite3.Error as error:
            thread.shutdown()
            raise DatabaseError(f"cannot use {path}: {error}") from None
        return cls(sqlite, thread, path)

    async def close(self) -> None:
        """Close the connection once the units already submitted are written."""
        while self._committing is not None and not self._committing.done():
            await self._committing
        await self._on_thread(self._sqlite.close)
        self._thread.shutdown()

    def write(self, unit: Unit[T], urgent: bool = False) -> asyncio.Future[T]:
        """Submit a write unit, all or nothing; await the result to know it is committed.

        It is queued at once, so units are written in the order this is called (urgent ones
        first: noting a send as made, since until then a crash would repeat it). Results
        come back in that order, once committed; a unit that raises is rolled back alone.
        """
        done: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        (self._urgent_units if urgent else self._units).append((unit, done))
        if self._committing is None or self._committing.done():
            self._committing = asyncio.create_task(self._commit_waiting_units())
        return done

    async def fetch_all(self, sql: str, parameters: Iterable[Any] = ()) -> list[Row]:
        return await self._on_thread(_fetch_all, self._sqlite, sql, tuple(parameters))

    async def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file and empty it (between trips, so
        no unit holds the write lock meanwhile)."""
        await self._on_thread(_fetch_all, self._sqlite, "PRAGMA wal_checkpoint(TRUNCATE)", ())

    async def _commit_waiting_units(self) -> None:
        while self._urgent_units or self._units:
            waiting = self._urgent_units + self._units
            self._urgent_units, self._units = [], []
            batch = [(unit, done) for unit, done in waiting if not done.cancelled()]
            try:
                outcomes = await self._on_thread(
                    _run_units, self._sqlite, self.memo, [unit for unit, _ in batch]
                )
            except Exception as error:  # the trip itself failed: no unit was committed
                if _not_now(error):
                    error = DatabaseUnavailable(str(error))
                for _, done in batch:
                    if not done.done():
                        done.set_exception(error)
                continue
            for (_, done), (succeeded, value) in zip(batch, outcomes, strict=True):
                if done.done():
                    continue
                if succeeded:
                    done.set_result(value)
                else:
                    done.set_exception(value)

    async def _on_thread(self, function: Callable[..., T], *arguments: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._thread, function, *arguments)


# -- on the database thread --------------------------------------------------------------


def _connect(path: Path) -> sqlite3.Connection:
    sqlite = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        sqlite.row_factory = sqlite3.Row
        sqlite.execute("PRAGMA busy_timeout = 5000")
        sqlite.execute("PRAGMA foreign_keys = ON")
        # Deleted rows are overwritten, so a forgotten customer's words leave the file.
        sqlite.execute("PRAGMA secure_delete = ON")
        mode = sqlite.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() not in {"wal", "memory"}:
            raise sqlite3.DatabaseError(f"journal mode is {mode}, expected wal")
        sqlite.execute("PRAGMA synchronous = NORMAL")
        _check_writable(sqlite)
        apply_migrations(sqlite)
    except BaseException:
        sqlite.close()
        raise
    return sqlite


def _check_writable(sqlite: sqlite3.Connection) -> None:
    """Fail at start, not at the first customer's message: SQLite opens a file it may not
    write (read-only file, an immutable one) without a word, read-only."""
    sqlite.execute("BEGIN IMMEDIATE")
    try:
        sqlite.execute("CREATE TABLE main.frontdesk_write_probe (x)")
    finally:
        sqlite.execute("ROLLBACK")


def _fetch_all(sqlite: sqlite3.Connection, sql: str, parameters: tuple[Any, ...]) -> list[Row]:
    return sqlite.execute(sql, parameters).fetchall()


def _run_units(
    sqlite: sqlite3.Connection, memo: dict[str, Any], units: list[Unit[Any]]
) -> list[tuple[bool, Any]]:
    """Run each unit in a savepoint of its own, then commit them together; a unit that fails
    is rolled back alone and reported as (False, its exception)."""
    tx = Tx(sqlite, memo)
    sqlite.execute("BEGIN IMMEDIATE")
    outcomes: list[tuple[bool, Any]] = []
    try:
        for unit in units:
            sqlite.execute("SAVEPOINT unit")
            try:
                outcomes.append((True, _finish_at_once(unit(tx))))
            except Exception as error:
                sqlite.execute("ROLLBACK TO unit")
                failed = DatabaseUnavailable(str(error)) if _not_now(error) else error
                outcomes.append((False, failed))
            sqlite.execute("RELEASE unit")
        sqlite.execute("COMMIT")
    except BaseException:
        if sqlite.in_transaction:
            sqlite.execute("ROLLBACK")
        raise
    return outcomes


def _finish_at_once(step: Coroutine[Any, Any, T]) -> T:
    """Drive a coroutine that never suspends to its result."""
    try:
        step.send(None)
    except StopIteration as done:
        return done.value
    step.close()
    raise RuntimeError("a write unit awaited something besides its Tx's statements")
