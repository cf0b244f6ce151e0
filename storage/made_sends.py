"""Sends Telegram made, noted in a file beside the database the moment each answer arrives.

Until a send is marked done in the outbox, a crash makes it again. Marking it takes a trip to
the database thread and a commit, and holding every other send back for that long cost the
relay about a third of its pace. So the answer is first appended to this file with a single
os.write, which a kill -9 cannot undo any more than a commit (both reach the operating
system and neither waits for the disk: the database runs with synchronous=NORMAL). The
outbox is marked right after; whatever the file still holds at start-up is folded into the
outbox before anything is sent. The file holds ids only, never a message's text.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

# Past this size, a file whose notes are never all settled at once is rewritten smaller.
COMPACT_AT_BYTES = 1 << 20


@dataclass(frozen=True)
class Copy:
    """A stored message's copy that a send made: where it now is in Telegram."""

    message_row: int
    chat_id: int
    message_id: int


@dataclass(frozen=True)
class MadeSend:
    """Outbox rows Telegram carried out (one send, or an album or merge of several)."""

    send_ids: tuple[int, ...]
    copies: tuple[Copy, ...]


def _line(made: MadeSend) -> bytes:
    copies = [[c.message_row, c.chat_id, c.message_id] for c in made.copies]
    return (json.dumps({"sends": list(made.send_ids), "copies": copies}) + "\n").encode()


def _parse(line: bytes) -> MadeSend:
    data = json.loads(line)
    return MadeSend(
        tuple(int(send_id) for send_id in data["sends"]),
        tuple(Copy(int(row), int(chat), int(message)) for row, chat, message in data["copies"]),
    )


class MadeSendsFile:
    """Append-only notes of made sends, each settled once the outbox has it too."""

    def __init__(self, path: Path | None) -> None:
        self._path = path  # None: the database lives in memory, and so may these notes
        self._fd: int | None = None
        self._unsettled: dict[int, bytes] = {}
        self._next_ticket = 0
        self._size = 0

    @classmethod
    def beside(cls, database_path: Path) -> MadeSendsFile:
        """The notes for this database file (kept next to it, as SQLite keeps its -wal)."""
        if str(database_path) == ":memory:":
            return cls(None)
        return cls(database_path.with_name(database_path.name + "-sent"))

    def leftovers(self) -> list[MadeSend]:
        """Notes left by an earlier run (all of them, settled or not: folding is idempotent)."""
        if self._path is None or not self._path.exists():
            return []
        made = []
        for line in self._path.read_bytes().splitlines():
            try:
                made.append(_parse(line))
            except (ValueError, KeyError, TypeError):
                # Only a power cut can tear a line; that send will be made once more.
                log.warning("Skipped an unreadable line in %s", self._path.name)
        return made

    def clear(self) -> None:
        """Everything noted is in the outbox now."""
        self._unsettled.clear()
        self._truncate()

    def note(self, made: MadeSend) -> int:
        """Note a made send before anything else happens; returns the ticket to settle it."""
        line = _line(made)
        ticket = self._next_ticket
        self._next_ticket += 1
        self._unsettled[ticket] = line
        if self._path is not None:
            os.write(self._open(), line)
            self._size += len(line)
        return ticket

    def settled(self, ticket: int) -> None:
        """The outbox has this send marked done: its note is no longer needed."""
        self._unsettled.pop(ticket, None)
        if self._fd is None:
            return  # closed (or never written): the next start folds whatever is left
        if not self._unsettled:
            self._truncate()
        elif self._size > COMPACT_AT_BYTES:
            self._compact()

    def close(self) -> None:
        """Close the file (unsettled notes stay in it for the next start)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _open(self) -> int:
        if self._fd is None:
            assert self._path is not None
            self._fd = os.open(self._path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            self._size = os.fstat(self._fd).st_size
        return self._fd

    def _truncate(self) -> None:
        if self._path is not None and (self._size or self._path.exists()):
            os.ftruncate(self._open(), 0)
            self._size = 0

    def _compact(self) -> None:
        """Rewrite the file with only the unsettled notes; the rename is atomic, so a crash
        leaves either the old file or the new one."""
        assert self._path is not None
        spare = self._path.with_name(self._path.name + ".new")
        descriptor = os.open(spare, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(descriptor, b"".join(self._unsettled.values()))
        finally:
            os.close(descriptor)
        os.replace(spare, self._path)
        self.close()
        self._open()
