"""What every lane still owes, in memory: the outbox's pending rows, oldest first.

The outbox table is the truth (it survives a crash); this is its mirror, so the relay
sender does not ask the database what to send next. It is filled from the table at start
and by every write unit as it commits, and a send leaves it once it is marked done.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from desk.sends import PendingSend


class OwedSends:
    """Pending sends by lane, each lane ordered by outbox id (the order they were owed)."""

    def __init__(self) -> None:
        self._lanes: dict[str, list[PendingSend]] = {}

    def add(self, sends: Iterable[PendingSend]) -> set[str]:
        """Add newly owed sends; returns the lanes they are in."""
        lanes = set()
        for send in sends:
            lane = self._lanes.setdefault(send.lane, [])
            if not lane or lane[-1].id < send.id:
                lane.append(send)
            elif all(owed.id != send.id for owed in lane):
                bisect.insort(lane, send, key=lambda owed: owed.id)
            lanes.add(send.lane)
        return lanes

    def replace(self, pending: Iterable[PendingSend]) -> set[str]:
        """Forget everything and hold exactly these (as read from the outbox table)."""
        self._lanes.clear()
        return self.add(pending)

    def drop_lane(self, lane: str) -> None:
        """The lane's rows were deleted (a customer was forgotten)."""
        self._lanes.pop(lane, None)

    def head(self, lane: str, count: int = 1) -> list[PendingSend]:
        """The oldest `count` sends of a lane."""
        return self._lanes.get(lane, [])[:count]

    def done(self, sends: Iterable[PendingSend]) -> None:
        """These sends were made or given up: they leave their lanes."""
        for send in sends:
            lane = self._lanes.get(send.lane)
            if lane is None:
                continue
            if lane[0].id == send.id:  # the usual case: the oldest was made
                del lane[0]
            else:
                lane[:] = [owed for owed in lane if owed.id != send.id]
            if not lane:
                del self._lanes[send.lane]

    def lanes(self) -> list[str]:
        """Every lane that owes something."""
        return list(self._lanes)

    def __len__(self) -> int:
        return sum(len(lane) for lane in self._lanes.values())
