"""How the bot talks HTTP to the Bot API: a few calls at a time, not one per lane.

Every customer has a lane of its own, so a burst would otherwise open dozens of parallel
requests. Telegram allows about 30 messages a second anyway (four calls at once keep that
pace with round trips up to about 130 ms), and httpx pays for each open connection on every
request (the pool checks each for expiry), so more calls at once only cost CPU: in
the benchmark's burst, 8 at once took about 20 % more CPU per message than 4. Calls past
the limit wait their turn here, with no timeout running, instead of in httpx's pool (whose
wait is a pool timeout).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from telegram.request import HTTPXRequest, RequestData

CALLS_AT_ONCE = 4


class GatedRequest(HTTPXRequest):
    """PTB's httpx request, with at most `calls_at_once` requests in flight."""

    def __init__(self, calls_at_once: int = CALLS_AT_ONCE) -> None:
        super().__init__(connection_pool_size=calls_at_once)
        self._gate = asyncio.Semaphore(calls_at_once)

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        write_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        connect_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        pool_timeout: Any = HTTPXRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        async with self._gate:
            return await super().do_request(
                url,
                method,
                request_data,
                read_timeout,
                write_timeout,
                connect_timeout,
                pool_timeout,
            )


class RawUpdatesRequest(HTTPXRequest):
    """PTB's request for getUpdates, keeping each answer's updates as Telegram sent them.

    The inbox stores an update's JSON before handling it; turning PTB's parsed objects
    back into JSON (to_json) cost more than all the rest of taking an update in.
    """

    def __init__(self) -> None:
        super().__init__(connection_pool_size=1)
        self._raw: dict[int, str] = {}

    def take_raw(self) -> dict[int, str]:
        """The updates of the last answer as JSON texts, by update id (each only once)."""
        raw, self._raw = self._raw, {}
        return raw

    def parse_json_payload(self, payload: bytes) -> dict[str, Any]:  # type: ignore[override]
        """PTB's parsing (which PTB invites overriding), noting each update's JSON on the way."""
        parsed: dict[str, Any] = super().parse_json_payload(payload)
        updates = parsed.get("result") if isinstance(parsed, dict) else None
        if isinstance(updates, list):
            self._raw = {
                update["update_id"]: json.dumps(update, ensure_ascii=False)
                for update in updates
                if isinstance(update, dict) and isinstance(update.get("update_id"), int)
            }
        return parsed
