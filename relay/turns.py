"""Whose send goes next into the staff chat while its limit binds: customers first, fairly.

Telegram allows about 20 messages a minute into one group, topics included. When sends into
the staff chat wait for that budget, customer content (copies, merged texts, a first text
with its card, and the topic it needs) goes before the bot's own posts (cards of media,
notices, alerts, renames), and customers take turns: the one served longest ago goes next,
so no customer waits behind another customer's backlog.
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from relay.limits import TokenBucket


@dataclass(eq=False)
class _Waiting:
    arrival: int
    count: int
    customer: int | None  # whose content; None: the bot's own post
    first: bool = False  # ahead of everything (the note saying how long the queue is)


class FairTurns:
    """Hands out one group bucket's turns in that order; a quiet chat pays no toll."""

    def __init__(self, bucket: TokenBucket) -> None:
        self._bucket = bucket
        self._waiting: list[_Waiting] = []
        self._served: dict[int, float] = {}  # customer: when last served (a turn number)
        self._numbers = itertools.count()
        self._changed = asyncio.Event()

    @property
    def waiting_customers(self) -> int:
        """How many customers have content waiting for a turn."""
        return len({w.customer for w in self._waiting if w.customer is not None})

    def _rank(self, entry: _Waiting) -> tuple[int, float, int]:
        """Customer content first; of that, the customer served longest ago (or never);
        then by arrival."""
        if entry.first:
            return (-1, 0.0, entry.arrival)
        if entry.customer is None:
            return (1, 0.0, entry.arrival)
        return (0, self._served.get(entry.customer, -1.0), entry.arrival)

    def behind_seconds(self) -> float:
        """About how long until every waiting send has had its turn."""
        return self._bucket.seconds_for(sum(w.count for w in self._waiting))

    async def take(self, count: int, customer: int | None, first: bool = False) -> None:
        """Wait for this send's turn (`customer`: whose content it is; None for the bot's
        own posts), then use `count` of the budget."""
        entry = _Waiting(next(self._numbers), count, customer, first)
        self._waiting.append(entry)
        try:
            while True:
                if min(self._waiting, key=self._rank) is entry:
                    if self._bucket.ready(count):
                        await self._bucket.take(count)  # ready: takes without waiting
                        if customer is not None:
                            self._served[customer] = float(next(self._numbers))
                        return
                    await self._bucket.wait_ready(count)
                else:
                    changed = self._changed
                    await changed.wait()
        finally:
            self._waiting.remove(entry)
            self._changed.set()  # the next in line looks again
            self._changed = asyncio.Event()
