"""Live changes for the page: the stand-in's change hook fanned out to server-sent events."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Iterator

from aiohttp import web

KEEPALIVE_SECONDS = 15.0
# Changes arrive in bursts (a card, a copy, a reply); one event per burst is enough.
BATCH_SECONDS = 0.03


class Broadcast:
    """Chat ids that changed, handed to every open event stream."""

    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[int | None]] = set()
        self.closed = False

    def publish(self, chat_id: int) -> None:
        """A message or topic in this chat changed (the stand-in's listener)."""
        for queue in self._queues:
            queue.put_nowait(chat_id)

    def close(self) -> None:
        """End every stream (shutting down)."""
        self.closed = True
        for queue in self._queues:
            queue.put_nowait(None)

    @contextlib.contextmanager
    def subscribe(self) -> Iterator[asyncio.Queue[int | None]]:
        """A queue of changed chat ids for one stream; None means the end."""
        queue: asyncio.Queue[int | None] = asyncio.Queue()
        self._queues.add(queue)
        try:
            yield queue
        finally:
            self._queues.discard(queue)

    async def stream(self, request: web.Request) -> web.StreamResponse:
        """GET /api/events: `data: [chat ids]` whenever something changed."""
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        )
        await response.prepare(request)
        with self.subscribe() as queue, contextlib.suppress(ConnectionError):
            await response.write(b"retry: 1000\ndata: []\n\n")
            while not self.closed:
                try:
                    first = await asyncio.wait_for(queue.get(), KEEPALIVE_SECONDS)
                except TimeoutError:
                    await response.write(b": keep-alive\n\n")
                    continue
                await asyncio.sleep(BATCH_SECONDS)
                chats = {first}
                while not queue.empty():
                    chats.add(queue.get_nowait())
                if None in chats:
                    break
                payload = json.dumps(sorted(c for c in chats if c is not None))
                await response.write(f"data: {payload}\n\n".encode())
        return response
