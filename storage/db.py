"""The one SQLite connection: WAL, foreign keys, busy timeout, one writer at a time."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from storage import private_files
from storage.migrations import apply_migrations

Row = sqlite3.Row
T = TypeVar("T")
# A write unit that awaits nothing but database calls (see Database.run).
Work = Callable[["Database"], Coroutine[Any, Any, T]]


class DatabaseError(Exception):
    """The database file cannot be used; the message says why in one line."""


class Database:
    """An open Frontdesk database. Every write unit runs inside `transaction()`."""

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        self._connection = connection
        self._write_lock = asyncio.Lock()
        self.path = path
        # Values derived from the database that the storage modules keep between reads.
        self.memo: dict[str, Any] = {}
        # Write units waiting for the next trip (see run), and the task making the trips.
        self._units: list[tuple[Work[Any], asyncio.Future[Any]]] = []
        self._urgent_units: list[tuple[Work[Any], asyncio.Future[Any]]] = []
        self._committing: asyncio.Task[None] | None = None
        self._last_unit: asyncio.Future[Any] | None = None

    @classmethod
    async def open(cls, path: Path) -> Database:
        """Open (creating folder and file if needed) and migrate the database."""
        if str(path) != ":memory:":
            try:
                private_files.prepare(path)  # folder 0700, files 0600
            except OSError as error:
                raise DatabaseError(f"cannot create the folder {path.parent}: {error}") from None
        try:
            connection = await aiosqlite.connect(str(path), isolation_level=None)
        except sqlite3.Error as error:
            raise DatabaseError(f"cannot open {path}: {error}") from None
        connection.row_factory = sqlite3.Row
        database = cls(connection, path)
        try:
            await database._configure()
            await apply_migrations(connection)
        except sqlite3.DatabaseError as error:
            await connection.close()
            raise DatabaseError(f"cannot use {path}: {error}") from None
        return database

    async def _configure(self) -> None:
        await self.fetch_all("PRAGMA busy_timeout = 5000")
        await self.fetch_all("PRAGMA foreign_keys = ON")
        # Deleted rows are overwritten, so a forgotten customer's words leave the file.
        await self.fetch_all("PRAGMA secure_delete = ON")
        mode = await self.scalar("PRAGMA journal_mode = WAL")
        if str(mode).lower() not in {"wal", "memory"}:
            raise sqlite3.DatabaseError(f"journal mode is {mode}, expected wal")
        await self.fetch_all("PRAGMA synchronous = NORMAL")
        await self._check_writable()

    async def _check_writable(self) -> None:
        """Fail at start, not at the first customer's message: SQLite opens a file it may
        not write (read-only file, an immutable one) without a word, read-only."""
        await self.fetch_all("BEGIN IMMEDIATE")
        try:
            await self.fetch_all("CREATE TABLE main.frontdesk_write_probe (x)")
        finally:
            await self.fetch_all("ROLLBACK")

    async def close(self) -> None:
        """Close the connection (waits for a running transaction and waiting units)."""
        if self._committing is not None:
            await self._committing
        async with self._write_lock:
            await self._connection.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """One write unit: BEGIN IMMEDIATE ... COMMIT, rolled back on any error. It comes
        after every unit submitted before it (see run)."""
        await self._after_submitted_units()
        async with self._write_lock:
            await self._on_thread(_Statements.changes, "BEGIN IMMEDIATE", ())
            try:
                yield
            except BaseException:
                await self._on_thread(_Statements.changes, "ROLLBACK", ())
                raise
            await self._on_thread(_Statements.changes, "COMMIT", ())

    async def run(self, work: Work[T], urgent: bool = False) -> T:
        """One write unit, all or nothing, run on the database thread in one trip.

        `work` gets a Database whose calls run at once on that thread, so it may await
        database calls only (anything else fails the unit). The storage modules work
        unchanged; a unit of eight statements costs one hand-over between threads, not ten.
        Units that arrive while a trip is under way go together in the next one (group
        commit: BEGIN IMMEDIATE, a savepoint per unit, COMMIT); results come back in the
        order the units arrived, once they are committed. An `urgent` unit goes before the
        units waiting (noting a send as made: until then a crash would repeat it).
        """
        return await self.submit(work, urgent)

    def submit(self, work: Work[T], urgent: bool = False) -> asyncio.Future[T]:
        """Queue a unit for the next trip at once, and return its result to come: units
        are written in the order they were submitted (run submits as it is awaited),
        urgent ones first."""
        done: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        if urgent:
            self._urgent_units.append((work, done))
        else:
            self._units.append((work, done))
            self._last_unit = done
        if self._committing is None or self._committing.done():
            self._committing = asyncio.create_task(self._commit_waiting_units())
        return done

    async def _after_submitted_units(self) -> None:
        # Trips are made in order, so once the last unit submitted is settled all are.
        last = self._last_unit
        if last is not None and not last.done():
            await asyncio.wait({last})

    async def _commit_waiting_units(self) -> None:
        while self._urgent_units or self._units:
            waiting = self._urgent_units + self._units
            self._urgent_units, self._units = [], []
            batch = [(work, done) for work, done in waiting if not done.cancelled()]
            try:
                async with self._write_lock:
                    # aiosqlite's own way of running a function on its thread.
                    outcomes = await self._connection._execute(
                        _ThreadSide(self).run_units, [work for work, _ in batch]
                    )
            except BaseException as error:  # the trip itself failed: no unit was committed
                for _, done in batch:
                    if not done.done():
                        done.set_exception(error)
                if not isinstance(error, Exception):
                    raise
                continue
            for (_, done), (succeeded, value) in zip(batch, outcomes, strict=True):
                if done.done():
                    continue
                if succeeded:
                    done.set_result(value)
                else:
                    done.set_exception(value)

    async def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file and empty it."""
        await self.fetch_all("PRAGMA wal_checkpoint(TRUNCATE)")

    async def write(self, sql: str, parameters: Iterable[Any] = ()) -> int:
        """One statement as its own write unit (SQLite makes a single statement atomic);
        returns how many rows it changed. Waits for the writer's turn like a transaction."""
        await self._after_submitted_units()
        async with self._write_lock:
            return await self._on_thread(_Statements.changes, sql, tuple(parameters))

    # Each call below is one trip to aiosqlite's thread, where the statement also finishes
    # (a half-read statement would keep a later COMMIT from going through): the trips, not
    # the SQL, are what a relayed message costs.

    async def execute(self, sql: str, parameters: Iterable[Any] = ()) -> int:
        """Run one statement; returns the last row id (inserts) or 0."""
        return await self._on_thread(_Statements.execute, sql, tuple(parameters))

    async def insert(self, sql: str, parameters: Iterable[Any] = ()) -> int | None:
        """Run an INSERT; returns the new row id, or None if it inserted nothing."""
        return await self._on_thread(_Statements.insert, sql, tuple(parameters))

    async def changes(self, sql: str, parameters: Iterable[Any] = ()) -> int:
        """Run one statement; returns how many rows it changed."""
        return await self._on_thread(_Statements.changes, sql, tuple(parameters))

    async def fetch_one(self, sql: str, parameters: Iterable[Any] = ()) -> Row | None:
        """The first row of a query, or None."""
        rows = await self.fetch_all(sql, parameters)
        return rows[0] if rows else None

    async def fetch_all(self, sql: str, parameters: Iterable[Any] = ()) -> list[Row]:
        """All rows of a query."""
        return await self._on_thread(_Statements.fetch_all, sql, tuple(parameters))

    async def _on_thread(self, function: Callable[..., T], *arguments: Any) -> T:
        """function(the sqlite3 connection, *arguments), called on aiosqlite's thread."""
        result: T = await self._connection._execute(function, self._connection._conn, *arguments)
        return result

    async def scalar(self, sql: str, parameters: Iterable[Any] = ()) -> Any:
        """The first column of the first row, or None."""
        row = await self.fetch_one(sql, parameters)
        return None if row is None else row[0]


class _Statements:
    """One statement, run and finished on aiosqlite's thread."""

    @staticmethod
    def execute(sqlite: sqlite3.Connection, sql: str, parameters: tuple[Any, ...]) -> int:
        return sqlite.execute(sql, parameters).lastrowid or 0

    @staticmethod
    def insert(sqlite: sqlite3.Connection, sql: str, parameters: tuple[Any, ...]) -> int | None:
        cursor = sqlite.execute(sql, parameters)
        return cursor.lastrowid if cursor.rowcount == 1 else None

    @staticmethod
    def changes(sqlite: sqlite3.Connection, sql: str, parameters: tuple[Any, ...]) -> int:
        return sqlite.execute(sql, parameters).rowcount

    @staticmethod
    def fetch_all(sqlite: sqlite3.Connection, sql: str, parameters: tuple[Any, ...]) -> list[Row]:
        return sqlite.execute(sql, parameters).fetchall()


class _ThreadSide(Database):
    """The database as seen from aiosqlite's thread, inside `Database.run`: every call is
    carried out at once on the sqlite3 connection, so a coroutine awaiting only these
    finishes in a single step and never needs the event loop."""

    def __init__(self, owner: Database) -> None:
        super().__init__(owner._connection, owner.path)
        self.memo = owner.memo

    def run_units(self, works: list[Work[Any]]) -> list[tuple[bool, Any]]:
        """Run each unit in a savepoint of its own, then commit them together; a unit that
        fails is rolled back alone and reported as (False, its exception)."""
        sqlite = self._connection._conn
        sqlite.execute("BEGIN IMMEDIATE")
        outcomes: list[tuple[bool, Any]] = []
        try:
            for work in works:
                sqlite.execute("SAVEPOINT unit")
                try:
                    outcomes.append((True, _finish_at_once(work(self))))
                except Exception as error:
                    sqlite.execute("ROLLBACK TO unit")
                    outcomes.append((False, error))
                sqlite.execute("RELEASE unit")
            sqlite.execute("COMMIT")
        except BaseException:
            if sqlite.in_transaction:
                sqlite.execute("ROLLBACK")
            raise
        return outcomes

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        yield  # already inside the unit's transaction

    async def run(self, work: Work[T], urgent: bool = False) -> T:
        return await work(self)

    async def _on_thread(self, function: Callable[..., T], *arguments: Any) -> T:
        return function(self._connection._conn, *arguments)

    async def write(self, sql: str, parameters: Iterable[Any] = ()) -> int:
        return _Statements.changes(self._connection._conn, sql, tuple(parameters))

    async def checkpoint(self) -> None:
        raise RuntimeError("a checkpoint cannot run inside a write unit")

    async def close(self) -> None:
        raise RuntimeError("the database cannot be closed from inside a write unit")


def _finish_at_once(step: Coroutine[Any, Any, T]) -> T:
    """Drive a coroutine that never suspends to its result."""
    try:
        step.send(None)
    except StopIteration as done:
        return done.value
    step.close()
    raise RuntimeError("a write unit run by Database.run awaited something besides the database")
