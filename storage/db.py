"""The one SQLite connection: WAL, foreign keys, busy timeout, one writer at a time."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from storage.migrations import apply_migrations

Row = sqlite3.Row


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

    @classmethod
    async def open(cls, path: Path) -> Database:
        """Open (creating folder and file if needed) and migrate the database."""
        if str(path) != ":memory:":
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
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
        await self._connection.execute("PRAGMA busy_timeout = 5000")
        await self._connection.execute("PRAGMA foreign_keys = ON")
        # Deleted rows are overwritten, so a forgotten customer's words leave the file.
        await self._connection.execute("PRAGMA secure_delete = ON")
        mode = await self.scalar("PRAGMA journal_mode = WAL")
        if str(mode).lower() not in {"wal", "memory"}:
            raise sqlite3.DatabaseError(f"journal mode is {mode}, expected wal")
        await self._connection.execute("PRAGMA synchronous = NORMAL")

    async def close(self) -> None:
        """Close the connection (waits for a running transaction)."""
        async with self._write_lock:
            await self._connection.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """One write unit: BEGIN IMMEDIATE ... COMMIT, rolled back on any error."""
        async with self._write_lock:
            await self._connection.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                await self._connection.execute("ROLLBACK")
                raise
            await self._connection.execute("COMMIT")

    async def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file and empty it."""
        await self._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    async def write(self, sql: str, parameters: Iterable[Any] = ()) -> int:
        """One statement as its own write unit (SQLite makes a single statement atomic);
        returns how many rows it changed. Waits for the writer's turn like a transaction."""
        async with self._write_lock:
            cursor = await self._connection.execute(sql, tuple(parameters))
            return cursor.rowcount

    # Each call below is one trip to aiosqlite's thread (cursors are left to the garbage
    # collector rather than closed with a second trip): the trips, not the SQL, are what a
    # relayed message costs.

    async def execute(self, sql: str, parameters: Iterable[Any] = ()) -> int:
        """Run one statement; returns the last row id (inserts) or 0."""
        cursor = await self._connection.execute(sql, tuple(parameters))
        return cursor.lastrowid or 0

    async def insert(self, sql: str, parameters: Iterable[Any] = ()) -> int | None:
        """Run an INSERT; returns the new row id, or None if it inserted nothing."""
        cursor = await self._connection.execute(sql, tuple(parameters))
        return cursor.lastrowid if cursor.rowcount == 1 else None

    async def changes(self, sql: str, parameters: Iterable[Any] = ()) -> int:
        """Run one statement; returns how many rows it changed."""
        cursor = await self._connection.execute(sql, tuple(parameters))
        return cursor.rowcount

    async def fetch_one(self, sql: str, parameters: Iterable[Any] = ()) -> Row | None:
        """The first row of a query, or None."""
        rows = await self.fetch_all(sql, parameters)
        return rows[0] if rows else None

    async def fetch_all(self, sql: str, parameters: Iterable[Any] = ()) -> list[Row]:
        """All rows of a query."""
        return list(await self._connection.execute_fetchall(sql, tuple(parameters)))

    async def scalar(self, sql: str, parameters: Iterable[Any] = ()) -> Any:
        """The first column of the first row, or None."""
        row = await self.fetch_one(sql, parameters)
        return None if row is None else row[0]
