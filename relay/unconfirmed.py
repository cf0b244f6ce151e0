"""A bound on sends made at Telegram but not yet noted as made: one per lane.

Telegram has no idempotency key: a send whose result is not yet noted when the bot is
killed is made again at restart. Holding a slot from just before the call until the send
is noted as made (in the made-sends file, storage/made_sends.py) bounds how many a crash
can repeat. A slot is taken after the rate
limiter gave the turn (so waiting for a chat's turn holds nothing up), and a lane's task
takes only one however many calls its send needs (a new topic, its card, the copy).
"""

from __future__ import annotations

import asyncio

# A lane makes one send at a time and holds one slot for it, so a crash repeats at most one
# send per lane (per chat or topic). One slot for the whole bot made a slow call for one chat
# stall every other chat; this only caps how many lanes may each have one out at once.
# Telegram's rates are kept by relay/limits.py.
UNCONFIRMED_AT_ONCE = 64


class UnconfirmedSends:
    """At most `limit` lanes with a send out at Telegram and not yet noted as made."""

    def __init__(self, limit: int = UNCONFIRMED_AT_ONCE) -> None:
        self._slots = asyncio.Semaphore(limit)
        self._holders: set[asyncio.Task[object]] = set()

    async def hold(self) -> None:
        """Take a slot for the current task (no-op if it holds one already)."""
        task = asyncio.current_task()
        if task is None or task in self._holders:
            return
        await self._slots.acquire()
        self._holders.add(task)

    def release(self) -> None:
        """The current task's send was noted as made, or failed: give its slot back."""
        task = asyncio.current_task()
        if task in self._holders:
            self._holders.discard(task)
            self._slots.release()
