"""The desk: what every handler works with, and the one way to change things (a unit)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from config.settings import Settings
from desk.outbox_json import encode
from desk.sends import Buttons, PendingSend, Send, Target, Text, customer_of, lane_of
from desk.staff_chat import StaffChat
from storage import outbox
from storage.db import Database, Tx

T = TypeVar("T")


class SendQueue(Protocol):
    """Where committed sends go to be made (the relay sender)."""

    def take(self, sends: Iterable[PendingSend]) -> None: ...

    def forget(self, customer_ids: Iterable[int]) -> None: ...


@dataclass
class Unit:
    """One write unit: storage changes plus the sends they make owed, committed together."""

    db: Tx
    now: float
    owed: list[PendingSend] = field(default_factory=list)
    # Customers the unit deleted (what was still owed to and about them goes too).
    forgotten: set[int] = field(default_factory=set)
    # Deadlines the unit set (clock times): the desk is woken at each once it commits.
    alarms: set[float] = field(default_factory=set)

    def wake_at(self, when: float | None) -> None:
        """A deadline was set: act on it at that time (not a sweep later)."""
        if when is not None:
            self.alarms.add(when)

    async def owe(self, send: Send) -> None:
        """Record a send, to be made once this unit commits."""
        kind, payload = encode(send)
        lane = lane_of(send)
        row = await outbox.enqueue(self.db, lane, kind, payload, customer_of(send), self.now)
        self.owed.append(PendingSend(row.id, lane, send))

    async def say(
        self,
        target: Target,
        html: str,
        *,
        buttons: Buttons = (),
        silent: bool = False,
        about: tuple[int, ...] = (),
    ) -> None:
        """Owe a text message."""
        await self.owe(Text(target, html, buttons, silent, about))


Work = Callable[[Unit], Coroutine[Any, Any, T]]


@dataclass
class Desk:
    """Settings, storage, the staff chat and the clock, shared by all handlers."""

    settings: Settings
    db: Database
    staff_chat: StaffChat
    clock: Callable[[], float]
    queue: SendQueue
    # Schedules a look at the deadlines at a clock time (the JobQueue; None: the sweep only).
    alarm: Callable[[float], None] | None = None

    async def run(self, work: Work[T], urgent: bool = False) -> T:
        """Run a unit of work: it awaits nothing but storage (see storage.db) and its owed
        sends start as soon as it commits."""
        now = self.clock()

        async def unit(tx: Tx) -> tuple[T, Unit]:
            done = Unit(tx, now)
            return await work(done), done

        result, done = await self.db.write(unit, urgent)
        # No await between the commit and this: units hand over in the order they committed.
        self.queue.forget(done.forgotten)
        self.queue.take(done.owed)
        if self.alarm is not None:
            for when in done.alarms:
                self.alarm(when)
        return result
