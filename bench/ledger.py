"""What happened to each injected customer message, read from the stand-in's call log."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from standin import ApiCall, BotApiServer

# A customer message: (private chat id, message id), as copyMessage names its source.
Key = tuple[int, int]
COPY_METHODS = frozenset({"copyMessage", "copyMessages"})
CARD_HEADINGS = ("🆕", "🔁")  # a ticket card's first line


@dataclass
class Ledger:
    """Injection, fetch and copy times per customer message; fed incrementally from `calls`."""

    server: BotApiServer
    staff_chat: int
    injected_at: dict[Key, float] = field(default_factory=dict)
    fetched_at: dict[Key, float] = field(default_factory=dict)
    copies: dict[Key, list[float]] = field(default_factory=dict)
    _by_words: dict[str, Key] = field(default_factory=dict)
    _cursor: int = 0

    def inject(self, key: Key, at: float, text: str = "") -> None:
        """Note that a customer sent this message at `at` (time.time())."""
        self.injected_at[key] = at
        if text:
            self._by_words[text] = key

    def absorb(self) -> None:
        """Read the calls the stand-in answered since the last look."""
        calls = self.server.calls
        for call in calls[self._cursor :]:
            if call.ok and call.method == "getUpdates":
                self._fetched(call)
            elif call.ok and call.method in COPY_METHODS:
                self._copied(call)
            elif call.ok and call.method == "sendMessage":
                self._shown_with_card(call)
        self._cursor = len(calls)

    def _fetched(self, call: ApiCall) -> None:
        for update in call.result or ():
            message = update.get("message")
            if message is not None:
                key = (int(message["chat"]["id"]), int(message["message_id"]))
                self.fetched_at.setdefault(key, call.at)

    def _copied(self, call: ApiCall) -> None:
        if call.params.get("chat_id") != self.staff_chat:
            return
        source = int(call.params["from_chat_id"])
        ids = call.params.get("message_ids") or [call.params["message_id"]]
        for message_id in ids:
            self.copies.setdefault((source, int(message_id)), []).append(call.at)

    def _shown_with_card(self, call: ApiCall) -> None:
        """A first message that is a plain text arrives in one post with its card."""
        if call.params.get("chat_id") != self.staff_chat:
            return
        card, _, words = str((call.result or {}).get("text", "")).partition("\n\n")
        key = self._by_words.get(words) if card.startswith(CARD_HEADINGS) else None
        if key is not None:
            self.copies.setdefault(key, []).append(call.at)

    # -- questions -------------------------------------------------------------------------

    def relayed(self, keys: Iterable[Key]) -> int:
        """How many of these messages reached the staff chat at least once."""
        return sum(1 for key in keys if key in self.copies)

    def lost(self, keys: Iterable[Key]) -> list[Key]:
        """The messages of these that never reached the staff chat."""
        return [key for key in keys if key not in self.copies]

    def duplicates(self, keys: Iterable[Key]) -> int:
        """Extra copies beyond the first, over these messages."""
        return sum(len(self.copies[key]) - 1 for key in keys if key in self.copies)

    def reordered(self, keys: Iterable[Key]) -> int:
        """Messages whose first copy arrived before that of an earlier message of their chat."""
        by_chat: dict[int, list[Key]] = {}
        for key in keys:
            by_chat.setdefault(key[0], []).append(key)
        count = 0
        for chat_keys in by_chat.values():
            latest = float("-inf")
            for key in sorted(chat_keys):
                copied = self.first_copy(key)
                if copied is None:
                    continue
                if copied < latest:
                    count += 1
                latest = max(latest, copied)
        return count

    def first_copy(self, key: Key) -> float | None:
        """When the message first arrived in the staff chat."""
        times = self.copies.get(key)
        return times[0] if times else None

    def latencies(self, keys: Iterable[Key], since: str) -> list[float]:
        """Seconds to the first copy, from the fetch ("fetched") or the customer's send."""
        start = self.fetched_at if since == "fetched" else self.injected_at
        found = []
        for key in keys:
            copied = self.first_copy(key)
            began = start.get(key)
            if copied is not None and began is not None:
                found.append(copied - began)
        return found
