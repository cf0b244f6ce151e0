"""The services every handler works with, and the write unit that owes sends."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from config.settings import Settings
from relay.sender import RelaySender
from relay.targets import lane_for
from storage import outbox
from storage.db import Database


@dataclass
class Unit:
    """One write unit: storage changes plus the sends they make owed, committed together."""

    db: Database
    now: float
    lanes: set[str] = field(default_factory=set)

    async def owe(self, kind: str, payload: dict[str, Any], lane: str | None = None) -> None:
        """Record a send to be made once this unit commits."""
        lane = lane or lane_for(payload["target"])
        await outbox.enqueue(self.db, lane, kind, payload, self.now)
        self.lanes.add(lane)

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
        for lane in work.lanes:
            self.sender.kick(lane)
