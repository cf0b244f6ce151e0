"""The services every handler works with, and the write unit that owes sends."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from config.settings import Settings
from relay.sender import RelaySender
from relay.targets import lane_for
from storage import outbox
from storage.db import Database
from storage.outbox import PendingSend

T = TypeVar("T")


@dataclass
class Unit:
    """One write unit: storage changes plus the sends they make owed, committed together."""

    db: Database
    now: float
    owed: list[PendingSend] = field(default_factory=list)
    # Customers the unit deleted (with what was still owed to and about them).
    forgotten: set[int] = field(default_factory=set)

    async def owe(self, kind: str, payload: dict[str, Any], lane: str | None = None) -> None:
        """Record a send to be made once this unit commits."""
        lane = lane or lane_for(payload["target"])
        self.owed.append(await outbox.enqueue(self.db, lane, kind, payload, self.now))

    async def say(self, target: dict[str, Any], html: str, **extra: Any) -> None:
        """Owe a text message to a target."""
        await self.owe("text", {"target": target, "html": html, **extra})


@dataclass
class Desk:
    """Settings, storage, the relay sender and the clock, shared by all handlers."""

    settings: Settings
    db: Database
    sender: RelaySender
    clock: Callable[[], float]

    @asynccontextmanager
    async def unit(self) -> AsyncIterator[Unit]:
        """A transaction whose owed sends start as soon as it commits."""
        work = Unit(self.db, self.clock())
        async with self.db.transaction():
            yield work
        self._hand_over(work)

    async def run_unit(self, work: Callable[[Unit], Coroutine[Any, Any, T]]) -> T:
        """A write unit that awaits nothing but storage, run in one trip to the database
        thread (see Database.run); its owed sends start as soon as it commits."""
        now = self.clock()

        async def in_unit(db: Database) -> tuple[T, Unit]:
            unit = Unit(db, now)
            return await work(unit), unit

        result, unit = await self.db.run(in_unit)
        self._hand_over(unit)
        return result

    def _hand_over(self, work: Unit) -> None:
        # No await between the commit and this: units hand over in the order they committed.
        self.sender.forget(work.forgotten)
        self.sender.take(work.owed)
