"""How the bot talks HTTP to the Bot API: a few calls at a time, not one per lane.

Every customer has a lane of its own, so a burst would otherwise open dozens of parallel
requests. Telegram allows about 30 messages a second anyway, and httpx pays for each open
connection on every request (the pool checks each for expiry), so past a handful, more
calls at once only cost CPU. Calls past the limit wait their turn here, with no timeout
running, instead of in httpx's pool (whose wait is a pool timeout).
"""

from __future__ import annotations

import asyncio
from typing import Any

from telegram.request import HTTPXRequest, RequestData

CALLS_AT_ONCE = 8


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
