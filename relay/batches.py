"""Sends that go to Telegram together: an album's parts (so it stays an album), and a
customer's short texts while the staff chat's limit holds sends back."""

from __future__ import annotations

import asyncio

from desk.sends import Copy, PendingSend, ToTopic
from relay.delivery import Delivery
from relay.lanes import OwedSends
from storage import messages
from storage.db import Reader

ALBUM_GRACE_SECONDS = 0.5
ALBUM_MAX_PARTS = 10  # Telegram's limit for one media group

MERGE_MAX_MESSAGES = 30
MERGE_MAX_CHARACTERS = 3500


def telegram_length(text: str) -> int:
    """A text's length as Telegram counts it against its limits: in UTF-16 code units, so
    an emoji or other character outside the BMP counts twice."""
    return len(text.encode("utf-16-le")) // 2


def _mergeable(send: PendingSend) -> bool:
    copy = send.send
    return (
        isinstance(copy, Copy)
        and isinstance(copy.target, ToTopic)
        and copy.reply_to is None
        and copy.album is None
        and copy.card is None
    )


class Batches:
    """Finds the sends owed in a row that should go with the lane's next one."""

    def __init__(self, owed: OwedSends, delivery: Delivery, db: Reader) -> None:
        self._owed = owed
        self._delivery = delivery
        self._db = db

    async def starting_with(self, send: PendingSend) -> list[PendingSend]:
        """An album or a run of texts to merge starting with `send`, or [] to send it alone."""
        return await self._album_starting_with(send) or await self._texts_to_merge(send)

    async def _album_starting_with(self, send: PendingSend) -> list[PendingSend]:
        """The copies of one album owed in a row from here on ([] if this is no album)."""
        first = send.send
        if not isinstance(first, Copy) or first.album is None:
            return []
        # An album's parts arrive as separate updates a moment apart; let them all be owed.
        await asyncio.sleep(ALBUM_GRACE_SECONDS)
        album = []
        for candidate in self._owed.head(send.lane, ALBUM_MAX_PARTS):
            part = candidate.send
            same = (
                isinstance(part, Copy)
                and part.album == first.album
                and part.target == first.target
            )
            if not same:
                break
            album.append(candidate)
        return album if len(album) > 1 else []

    async def _texts_to_merge(self, send: PendingSend) -> list[PendingSend]:
        """While the staff chat's limit holds sends back, a customer's waiting short texts
        go as one message (so a flood from one customer does not flood the staff chat)."""
        if not self._delivery.staff_chat_busy() or not _mergeable(send):
            return []
        await self._delivery.until_staff_chat_ready()
        assert isinstance(send.send, Copy)
        target = send.send.target
        run = []
        total = 0
        for candidate in self._owed.head(send.lane, MERGE_MAX_MESSAGES):
            copy = candidate.send
            if not _mergeable(candidate) or not isinstance(copy, Copy) or copy.target != target:
                break
            stored = await messages.get(self._db, copy.message_row)
            if stored is None or stored.kind != "text" or not stored.text:
                break
            total += telegram_length(stored.text) + 2  # and the blank line between
            if total > MERGE_MAX_CHARACTERS:
                break
            run.append(candidate)
        return run if len(run) > 1 else []
