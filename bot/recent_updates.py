"""Which fetched updates are new: ids recorded or handled lately are remembered (loaded from
the inbox once, read again after each pruning), and ids that stop following on are logged."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from telegram import Update

from storage import inbox
from storage.db import Reader

log = logging.getLogger(__name__)

# Ids normally go up by one per update; a step this large is worth a line in the log.
ID_JUMP = 1_000_000
PRUNE_EVERY_SECONDS = 3600.0


class RecentUpdates:
    """The ids of updates recorded or handled lately, and the one received last."""

    def __init__(self, db: Reader) -> None:
        self._db = db
        self._seen: set[int] | None = None  # loaded on first use
        self._newest: int | None = None
        self._pruned_at = float("-inf")

    async def fresh(self, updates: list[Update]) -> list[Update]:
        """The updates not recorded or handled lately (a redelivery is not new)."""
        if self._seen is None:
            self._seen = await inbox.recent_ids(self._db)
            self._newest = await inbox.last_update_id(self._db)
        fresh = []
        for update in updates:
            if update.update_id in self._seen:
                continue
            self._seen.add(update.update_id)
            self._note_order(update.update_id)
            fresh.append(update)
        return fresh

    def unseen(self, updates: Iterable[Update]) -> None:
        """These were not recorded after all: a redelivery of them is new."""
        if self._seen is not None:
            self._seen.difference_update(u.update_id for u in updates)

    def prune_due(self, now: float) -> bool:
        """Whether the handled ids are due for pruning; if so, they are read again after."""
        if now - self._pruned_at <= PRUNE_EVERY_SECONDS:
            return False
        self._pruned_at = now
        self._seen = None
        return True

    def _note_order(self, update_id: int) -> None:
        """Log once when ids stop following on: Telegram picks the next id at random after
        a week without updates (Bot API, Update), so it may well be lower than the last."""
        newest, self._newest = self._newest, update_id
        if newest is None:
            return
        if update_id < newest:
            log.warning("Update ids went back from %s to %s; handling them", newest, update_id)
        elif update_id > newest + ID_JUMP:
            log.warning("Update ids jumped from %s to %s; handling them", newest, update_id)
