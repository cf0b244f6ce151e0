"""The update queue behind getUpdates, with Telegram's offset and long-poll rules."""

from __future__ import annotations

import asyncio
import copy
from typing import Any

from .records import ApiError

ALL_TYPES = frozenset({
    "message", "edited_message", "channel_post", "edited_channel_post", "business_connection",
    "business_message", "edited_business_message", "deleted_business_messages",
    "message_reaction", "message_reaction_count", "inline_query", "chosen_inline_result",
    "callback_query", "shipping_query", "pre_checkout_query", "purchased_paid_media", "poll",
    "poll_answer", "my_chat_member", "chat_member", "chat_join_request", "chat_boost",
    "removed_chat_boost",
})  # fmt: skip
# Telegram leaves these out unless asked for explicitly.
DEFAULT_TYPES = ALL_TYPES - {"chat_member", "message_reaction", "message_reaction_count"}
CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


def update_kind(update: dict[str, Any]) -> str:
    """Which of the optional Update fields this update carries."""
    return next(k for k in update if k != "update_id")


class UpdateQueue:
    """Unconfirmed updates, in update_id order."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self.allowed: frozenset[str] = DEFAULT_TYPES
        self.closed = False
        self._next_id = 1
        self._generation = 0
        self._event = asyncio.Event()

    def push(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Queue an update and wake a waiting long poll."""
        update = {"update_id": self._next_id, kind: copy.deepcopy(payload)}
        self._next_id += 1
        self.items.append(update)
        self._wake()
        return update

    def restart_ids_at(self, update_id: int) -> None:
        """Number the next updates from here: "If there are no new updates for at least a
        week, then identifier of the next update will be chosen randomly instead of
        sequentially" (Bot API, Update), so it may be lower than the last."""
        self._next_id = update_id

    def _wake(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    def close(self) -> None:
        """Release every waiting long poll (server shutdown)."""
        self.closed = True
        self._wake()

    def drop_all(self) -> None:
        """Forget every pending update (drop_pending_updates)."""
        self.items.clear()

    def confirm(self, offset: int | None) -> None:
        """Apply a getUpdates offset: forget what it confirms."""
        if offset is None or offset == 0:
            return
        if offset < 0:
            # A negative offset keeps only the last -offset updates.
            self.items = self.items[offset:]
        else:
            self.items = [u for u in self.items if u["update_id"] >= offset]

    def _available(self, limit: int) -> list[dict[str, Any]]:
        # Updates of a kind the bot did not ask for are never delivered.
        self.items = [u for u in self.items if update_kind(u) in self.allowed]
        return copy.deepcopy(self.items[:limit])

    async def poll(
        self, offset: int | None, limit: int, wait: float, allowed: list[str] | None
    ) -> list[dict[str, Any]]:
        """The getUpdates answer: at once if any are pending, else after a long poll."""
        self._generation += 1
        generation = self._generation
        self._wake()
        if allowed is not None:
            # allowed_updates sticks until changed; [] means the default set.
            self.allowed = frozenset(allowed) if allowed else DEFAULT_TYPES
        self.confirm(offset)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(wait, 0)
        while True:
            event = self._event
            batch = self._available(max(1, min(limit, 100)))
            if batch or self.closed:
                return batch
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                return []
            if generation != self._generation:
                raise ApiError(409, CONFLICT)
