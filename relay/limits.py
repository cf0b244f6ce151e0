"""Telegram's send limits, kept on our side so a backlog drains at the allowed pace.

About 30 messages a second overall, about one a second into one private chat (short bursts
are fine), and 20 a minute into one group.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

OVERALL_PER_SECOND = 30.0
PRIVATE_PER_SECOND, PRIVATE_BURST = 1.0, 3.0
GROUP_PER_SECOND, GROUP_BURST = 20.0 / 60.0, 20.0


class TokenBucket:
    """`rate` sends a second on average, up to `capacity` at once after a quiet spell."""

    def __init__(
        self,
        rate: float,
        capacity: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._rate = rate
        self._capacity = capacity
        self._tokens = capacity
        self._clock = clock
        self._sleep = sleep
        self._updated = clock()

    def ready(self) -> bool:
        """Whether a send could go right now without waiting."""
        elapsed = self._clock() - self._updated
        return min(self._capacity, self._tokens + elapsed * self._rate) >= 1 - 1e-9

    async def wait_ready(self) -> None:
        """Wait until a send could go, without using it."""
        while not self.ready():
            await self._sleep(max((1 - self._tokens) / self._rate, 1e-3))
            self._refill()

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self._capacity, self._tokens + (now - self._updated) * self._rate)
        self._updated = now

    async def take(self) -> None:
        """Wait until one send is allowed, then use it."""
        while True:
            now = self._clock()
            self._tokens = min(self._capacity, self._tokens + (now - self._updated) * self._rate)
            self._updated = now
            # The epsilon keeps float rounding from leaving us a hair short of a whole token.
            if self._tokens >= 1 - 1e-9:
                self._tokens = max(0.0, self._tokens - 1)
                return
            await self._sleep(max((1 - self._tokens) / self._rate, 1e-3))


class SendLimits:
    """One bucket for everything plus one per chat; `enabled=False` turns them off."""

    def __init__(
        self,
        enabled: bool = True,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._enabled = enabled
        self._clock = clock
        self._sleep = sleep
        self._overall = TokenBucket(OVERALL_PER_SECOND, OVERALL_PER_SECOND, clock, sleep)
        self._chats: dict[int, TokenBucket] = {}

    def is_busy(self, chat_id: int) -> bool:
        """Whether a send into this chat would have to wait for its turn."""
        bucket = self._chats.get(chat_id)
        return self._enabled and bucket is not None and not bucket.ready()

    async def wait_ready(self, chat_id: int) -> None:
        """Wait until this chat's limit would let a send through (without using it)."""
        bucket = self._chats.get(chat_id)
        if self._enabled and bucket is not None:
            await bucket.wait_ready()

    async def wait_turn(self, chat_id: int) -> None:
        """Wait until a message may be sent into this chat."""
        if not self._enabled:
            return
        bucket = self._chats.get(chat_id)
        if bucket is None:
            rate, burst = (
                (PRIVATE_PER_SECOND, PRIVATE_BURST)
                if chat_id > 0
                else (GROUP_PER_SECOND, GROUP_BURST)
            )
            bucket = self._chats[chat_id] = TokenBucket(rate, burst, self._clock, self._sleep)
        await bucket.take()
        await self._overall.take()
