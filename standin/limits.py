"""Telegram-like send limits for the stand-in, off unless switched on.

Telegram's FAQ: about one message a second into one chat (short bursts pass), about 30 a
second overall, and no more than 20 a minute into one group. Into a group, what posts a
message counts: each item of an album, and topic creation, renames, closes and reopens
(each posts a service message). Over a limit the call is refused with 429 "Too Many
Requests: retry after N" (`parameters.retry_after`, whole seconds) and nothing is done.
Edits, deletions and chat actions are not counted.
"""

from __future__ import annotations

import contextlib
import json
import math
import time
from collections.abc import Callable
from typing import Any

from .records import ApiError

OVERALL_PER_SECOND = 30.0
PRIVATE_PER_SECOND, PRIVATE_BURST = 1.0, 3.0
GROUP_PER_SECOND, GROUP_BURST = 20.0 / 60.0, 20.0

# Methods that post one message each (those posting several are counted per item below).
ONE_EACH = frozenset(
    name.lower()
    for name in (
        "sendMessage",
        "copyMessage",
        "forwardMessage",
        "sendPhoto",
        "sendAudio",
        "sendDocument",
        "sendVideo",
        "sendAnimation",
        "sendVoice",
        "sendVideoNote",
        "sendPaidMedia",
        "sendLocation",
        "sendVenue",
        "sendContact",
        "sendPoll",
        "sendDice",
        "sendSticker",
        "sendInvoice",
        "sendGame",
    )
)
# Topic operations: each posts a service message into the group.
TOPIC_OPERATIONS = frozenset(
    ("createforumtopic", "editforumtopic", "closeforumtopic", "reopenforumtopic")
)
# Several messages in one call: one per item of this list parameter.
PER_ITEM = {
    "copymessages": "message_ids",
    "forwardmessages": "message_ids",
    "sendmediagroup": "media",
}


def _items(value: Any) -> int:
    if isinstance(value, str):
        value = json.loads(value)
    return len(value) if isinstance(value, list) else 1


def messages_posted(method: str, params: dict[str, Any]) -> int:
    """How many messages this call posts, as Telegram's limits count them."""
    name = method.lower()
    if name in ONE_EACH or name in TOPIC_OPERATIONS:
        return 1
    if name in PER_ITEM:
        return _items(params.get(PER_ITEM[name], []))
    return 0


class _Bucket:
    def __init__(self, rate: float, capacity: float, now: float) -> None:
        self.rate = rate
        self.capacity = capacity
        self.tokens = capacity
        self.updated = now

    def refill(self, now: float) -> None:
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    def wait_for(self, count: int) -> float:
        """Seconds until `count` could be taken (0 if now)."""
        missing = min(count, self.capacity) - self.tokens
        return 0.0 if missing <= 1e-9 else missing / self.rate


class StandinLimits:
    """Counts what each call posts against the overall and per-chat buckets."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._overall = _Bucket(OVERALL_PER_SECOND, OVERALL_PER_SECOND, clock())
        self._chats: dict[int, _Bucket] = {}
        self.refused = 0

    def _chat(self, chat_id: int, now: float) -> _Bucket:
        bucket = self._chats.get(chat_id)
        if bucket is None:
            rate, burst = (
                (PRIVATE_PER_SECOND, PRIVATE_BURST)
                if chat_id > 0
                else (GROUP_PER_SECOND, GROUP_BURST)
            )
            bucket = self._chats[chat_id] = _Bucket(rate, burst, now)
        return bucket

    def check(self, method: str, params: dict[str, Any]) -> None:
        """Take this call's messages from the budgets, or raise the 429 Telegram would."""
        count = messages_posted(method, params)
        if count == 0:
            return
        now = self._clock()
        buckets = [self._overall]
        with contextlib.suppress(TypeError, ValueError):  # an @username: overall limit only
            buckets.append(self._chat(int(params.get("chat_id", "")), now))
        for bucket in buckets:
            bucket.refill(now)
        wait = max(bucket.wait_for(count) for bucket in buckets)
        if wait > 0:
            self.refused += 1
            retry_after = max(1, math.ceil(wait))
            raise ApiError(
                429,
                f"Too Many Requests: retry after {retry_after}",
                {"retry_after": retry_after},
            )
        for bucket in buckets:
            bucket.tokens = max(0.0, bucket.tokens - count)
