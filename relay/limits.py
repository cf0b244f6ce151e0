"""Telegram's send limits, kept on our side so a backlog drains at the allowed pace.

About 30 messages a second overall, about one a second into one private chat (short bursts
are fine), and 20 a minute into one group. What posts a message counts: each item of an
album, and a topic's creation, rename, close and reopen (each a service message).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from relay.turns import FairTurns

OVERALL_PER_SECOND = 30.0
PRIVATE_PER_SECOND, PRIVATE_BURST = 1.0, 3.0
GROUP_PER_SECOND, GROUP_BURST = 20.0 / 60.0, 20.0
# One send of headroom below each of Telegram's bursts: a request reaches Telegram a moment
# after its turn was given here, requests in flight arrive bunched, and that jitter must not
# cost a 429 once a backlog has emptied a bucket.
HEADROOM = 1.0


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

    def ready(self, count: int = 1) -> bool:
        """Whether `count` sends could go right now without waiting."""
        elapsed = self._clock() - self._updated
        available = min(self._capacity, self._tokens + elapsed * self._rate)
        return available >= min(float(count), self._capacity) - 1e-9

    async def wait_ready(self, count: int = 1) -> None:
        """Wait until `count` sends could go, without using them."""
        needed = min(float(count), self._capacity)
        while not self.ready(count):
            await self._sleep(max((needed - self._tokens) / self._rate, 1e-3))
            self._refill()

    def seconds_for(self, count: int) -> float:
        """About how long until `count` more sends could have gone, from now."""
        elapsed = self._clock() - self._updated
        available = min(self._capacity, self._tokens + elapsed * self._rate)
        return max(0.0, count - available) / self._rate

    def hold_off(self, seconds: float) -> None:
        """Telegram said to wait: the next send goes no sooner than `seconds` from now."""
        self._refill()
        self._tokens = min(self._tokens, 1 - seconds * self._rate)

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self._capacity, self._tokens + (now - self._updated) * self._rate)
        self._updated = now

    async def take(self, count: int = 1) -> None:
        """Wait until `count` sends are allowed (an album's items), then use them."""
        # More than a burst's worth goes once the bucket is full, as Telegram lets it.
        needed = min(float(count), self._capacity)
        while True:
            self._refill()
            # The epsilon keeps float rounding from leaving us a hair short of a whole token.
            if self._tokens >= needed - 1e-9:
                self._tokens = max(0.0, self._tokens - count)
                return
            await self._sleep(max((needed - self._tokens) / self._rate, 1e-3))


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
        self._overall = TokenBucket(
            OVERALL_PER_SECOND, OVERALL_PER_SECOND - HEADROOM, clock, sleep
        )
        self._chats: dict[int, TokenBucket] = {}
        self._groups: dict[int, FairTurns] = {}

    def is_busy(self, chat_id: int) -> bool:
        """Whether a send into this chat would have to wait for its turn."""
        bucket = self._chats.get(chat_id)
        return self._enabled and bucket is not None and not bucket.ready()

    async def wait_ready(self, chat_id: int) -> None:
        """Wait until this chat's limit would let a send through (without using it)."""
        bucket = self._chats.get(chat_id)
        if self._enabled and bucket is not None:
            await bucket.wait_ready()

    def queue(self, chat_id: int) -> tuple[int, float]:
        """Into this group: how many customers have content waiting for a turn, and about
        how many seconds until everything waiting has gone."""
        turns = self._groups.get(chat_id)
        if not self._enabled or turns is None:
            return 0, 0.0
        return turns.waiting_customers, turns.behind_seconds()

    def hold_off(self, chat_id: int, seconds: float) -> None:
        """Telegram answered 429 for this chat: every send into it waits, not only the one
        that was refused ("retry after N" is about the chat, not the request)."""
        if self._enabled:
            self._bucket(chat_id).hold_off(seconds)

    async def wait_turn(
        self, chat_id: int, count: int = 1, customer: int | None = None, first: bool = False
    ) -> None:
        """Wait until `count` messages may be sent into this chat (an album counts each
        item; a topic created, renamed, closed or reopened posts a message too). Into a
        group, `customer` names whose content this is (None: the bot's own post), which
        goes first while the group's limit binds (relay/turns.py)."""
        if not self._enabled:
            return
        if chat_id < 0:
            await self._turns(chat_id).take(count, customer, first)
        else:
            await self._bucket(chat_id).take(count)
        await self._overall.take(count)

    def _turns(self, chat_id: int) -> FairTurns:
        turns = self._groups.get(chat_id)
        if turns is None:
            turns = self._groups[chat_id] = FairTurns(self._bucket(chat_id))
        return turns

    def _bucket(self, chat_id: int) -> TokenBucket:
        bucket = self._chats.get(chat_id)
        if bucket is None:
            rate, burst = (
                (PRIVATE_PER_SECOND, PRIVATE_BURST)
                if chat_id > 0
                else (GROUP_PER_SECOND, GROUP_BURST)
            )
            bucket = TokenBucket(rate, burst - HEADROOM, self._clock, self._sleep)
            self._chats[chat_id] = bucket
        return bucket
