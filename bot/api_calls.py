"""How the bot talks HTTP to the Bot API: PTB's request interface, carried by aiohttp.

PTB's stock `HTTPXRequest` spends about 1 ms of CPU on each call in httpx, httpcore and h11,
which are pure Python; aiohttp parses HTTP in C and makes the same call for about 0.4 ms
(`python -m bench.transport` measures both). Under a burst those calls were most of the
bot's CPU. PTB invites other networking backends through `BaseRequest`; everything above it
(methods, parameters, errors, retries) stays PTB's.

At most a few calls are in flight at once. Every customer has a lane of its own, so a burst
would otherwise open dozens of parallel requests; Telegram allows about 30 messages a second
anyway (four calls at once keep that pace with round trips up to about 130 ms), and more
calls at once only cost CPU. Calls past the limit wait here, with no timeout running.
"""

from __future__ import annotations

import asyncio
import json
import urllib.request
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

CALLS_AT_ONCE = 4
DEFAULT_TIMEOUT_SECONDS = 5.0
MEDIA_WRITE_TIMEOUT_SECONDS = 20.0
_UNSET = type(BaseRequest.DEFAULT_NONE)  # PTB's "no timeout given for this call"


class BotApiRequest(BaseRequest):
    """PTB's request over one aiohttp session, with at most `calls_at_once` calls in flight."""

    def __init__(
        self,
        calls_at_once: int = CALLS_AT_ONCE,
        timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
    ) -> None:
        self._calls_at_once = calls_at_once
        self._timeout = timeout_seconds
        self._gate = asyncio.Semaphore(calls_at_once)
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[str, str | None] = {}

    @property
    def read_timeout(self) -> float | None:
        """The read timeout PTB adds a long poll's own timeout to."""
        return self._timeout

    async def initialize(self) -> None:
        """Open the session (PTB calls this from Bot.initialize, inside the event loop)."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._calls_at_once),
                cookie_jar=aiohttp.DummyCookieJar(),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Make one call; aiohttp's failures become PTB's TimedOut and NetworkError."""
        if self._session is None:
            raise RuntimeError("This BotApiRequest is not initialized")
        timeout = self._timeouts(
            read_timeout,
            write_timeout,
            connect_timeout,
            bool(request_data and request_data.contains_files),
        )
        async with self._gate:
            try:
                async with self._session.request(
                    method,
                    url,
                    data=_body(request_data),
                    timeout=timeout,
                    proxy=self._proxy_for(url),
                ) as response:
                    return response.status, await response.read()
            except aiohttp.ConnectionTimeoutError as error:
                raise TimedOut("Timed out connecting; the request was not sent") from error
            except TimeoutError as error:
                raise TimedOut from error
            except aiohttp.ClientError as error:
                # The message names the failure, never the URL: it holds the token.
                description = f"aiohttp.{type(error).__name__}: " + str(error).replace(
                    url, "the Bot API"
                )
                if isinstance(error, aiohttp.ClientConnectorError):
                    raise NetworkError(description) from error  # never reached Telegram
                # The request may have been sent and carried out before the connection went
                # (Telegram has no idempotency key): as uncertain as a read timeout.
                raise TimedOut(f"Connection lost after sending; {description}") from error

    def _proxy_for(self, url: str) -> str | None:
        """The proxy the environment names for this URL (HTTPS_PROXY, NO_PROXY: PTB's httpx
        request honours them), looked up once per server; aiohttp's own trust_env looks
        again on every call, which more than doubled what a call costs."""
        origin = url[: url.find("/", url.find("//") + 2)]
        if origin not in self._proxies:
            parts = urlsplit(url)
            proxy = urllib.request.getproxies().get(parts.scheme)
            if proxy and parts.hostname and urllib.request.proxy_bypass(parts.hostname):
                proxy = None
            self._proxies[origin] = proxy
        return self._proxies[origin]

    def _timeouts(
        self, read: Any, write: Any, connect: Any, with_files: bool
    ) -> aiohttp.ClientTimeout:
        """PTB's four timeouts in aiohttp's terms (it has no write timeout of its own: the
        whole call may take connect + write + read)."""
        read = self._timeout if isinstance(read, _UNSET) else read
        connect = self._timeout if isinstance(connect, _UNSET) else connect
        if isinstance(write, _UNSET):
            write = MEDIA_WRITE_TIMEOUT_SECONDS if with_files else self._timeout
        parts = (read, write, connect)
        total = None if None in parts else sum(parts)
        return aiohttp.ClientTimeout(
            total=total, connect=connect, sock_connect=connect, sock_read=read
        )


def _body(request_data: RequestData | None) -> aiohttp.FormData | dict[str, str] | None:
    """The call's parameters as a form, multipart when it uploads files."""
    if request_data is None:
        return None
    if not request_data.contains_files:
        return request_data.json_parameters
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form


# Where build_application keeps the RawUpdatesRequest the poller reads updates from.
RAW_UPDATES_KEY = "raw_updates"


class RawUpdatesRequest(BotApiRequest):
    """The request for getUpdates, keeping each answer's updates as Telegram sent them.

    The inbox stores an update's JSON before handling it; turning PTB's parsed objects
    back into JSON (to_json) cost more than all the rest of taking an update in.
    """

    def __init__(self) -> None:
        super().__init__(calls_at_once=1)
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
