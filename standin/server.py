"""BotApiServer: an aiohttp stand-in for api.telegram.org, for the real PTB client."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

from aiohttp import web

from . import business_sending, chats, editing, sending, sending_extra
from .business import BusinessScenes
from .limits import StandinLimits
from .records import ApiCall, ApiError, Upload
from .registry import HANDLERS, Call

T = TypeVar("T")
HANDLER_MODULES = (business_sending, chats, editing, sending, sending_extra)
DEFAULT_TOKEN = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz"


async def read_params(request: web.Request) -> tuple[dict[str, str], dict[str, Upload]]:
    """Form fields (query, urlencoded, multipart or JSON body) and uploaded files."""
    raw: dict[str, str] = dict(request.query)
    uploads: dict[str, Upload] = {}
    if request.content_type == "application/json":
        body = await request.json() if request.can_read_body else {}
        for key, value in body.items():
            if value is not None:
                raw[key] = value if isinstance(value, str) else json.dumps(value)
    elif request.can_read_body:
        for key, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                data = value.file.read()
                uploads[key] = Upload(key, value.filename, value.content_type, data)
            else:
                raw[key] = str(value)
    return raw, uploads


async def _accept(call: Call) -> Any:
    return True


class BotApiServer(BusinessScenes):
    """Telegram Bot API stand-in on 127.0.0.1 that checks every call against the spec."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        bot_username: str = "frontdesk_test_bot",
        bot_name: str = "Frontdesk",
        limits: bool = False,
    ) -> None:
        super().__init__(token, bot_username, bot_name)
        self.port = 0
        # Telegram's send limits (429 "retry after N" when over them); off unless asked.
        self.limits: StandinLimits | None = StandinLimits() if limits else None
        self._runner: web.AppRunner | None = None
        self._faults: dict[str, list[ApiError]] = {}
        self._delays: dict[str, list[tuple[float, dict[str, Any]]]] = {}
        self._drops: dict[str, list[bool]] = {}
        self._late_drops: dict[str, list[bool]] = {}

    @property
    def base_url(self) -> str:
        """For ApplicationBuilder().base_url(...): PTB appends the token."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """For ApplicationBuilder().base_file_url(...)."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    async def start(self) -> None:
        """Listen on a free port of 127.0.0.1."""
        self.updates.closed = False
        app = web.Application(client_max_size=60 * 2**20)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        # Cancelling handlers on disconnect ends long polls the client gave up on.
        runner = web.AppRunner(
            app, access_log=None, shutdown_timeout=0.5, handler_cancellation=True
        )
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        self._runner = runner
        self.port = runner.addresses[0][1]

    async def stop(self) -> None:
        """Release long polls and shut down."""
        self.updates.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiServer:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # -- fault injection ---------------------------------------------------------------------

    def _canonical(self, method: str) -> str:
        spec = self.spec.method(method)
        if spec is None:
            raise ValueError(f"{method!r} is not a Bot API method")
        return spec.name

    def enforce_limits(self, clock: Callable[[], float] = time.monotonic) -> StandinLimits:
        """Refuse sends over Telegram's limits from now on, as Telegram does (429)."""
        self.limits = StandinLimits(clock)
        return self.limits

    def fail_next(
        self,
        method: str,
        *,
        error_code: int = 500,
        description: str = "Internal Server Error",
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next `times` valid calls of method fail with this error."""
        parameters: dict[str, Any] = {}
        if retry_after is not None:
            parameters["retry_after"] = retry_after
            error_code = 429 if error_code == 500 else error_code
            if description == "Internal Server Error":
                description = f"Too Many Requests: retry after {retry_after}"
        if migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = migrate_to_chat_id
        error = ApiError(error_code, description, parameters or None)
        self._faults.setdefault(self._canonical(method), []).extend([error] * times)

    def clear_faults(self, method: str | None = None) -> None:
        """Forget the failures queued by fail_next (for one method or all)."""
        if method is None:
            self._faults.clear()
        else:
            self._faults.pop(self._canonical(method), None)

    def delay_next(
        self, method: str, seconds: float, times: int = 1, where: dict[str, Any] | None = None
    ) -> None:
        """Answer the next `times` calls late (only calls with these parameters, if `where`
        is given: one slow chat); the call itself takes effect at once."""
        delays = self._delays.setdefault(self._canonical(method), [])
        delays.extend([(seconds, where or {})] * times)

    def clear_delays(self) -> None:
        """Forget the slow answers queued by delay_next."""
        self._delays.clear()

    def _take_delay(self, method: str, params: dict[str, Any]) -> float:
        delays = self._delays.get(method, [])
        for index, (seconds, where) in enumerate(delays):
            if all(params.get(key) == value for key, value in where.items()):
                del delays[index]
                return seconds
        return 0.0

    def drop_next(self, method: str, times: int = 1) -> None:
        """Hang up on the next `times` calls before they take effect (a connection drop)."""
        self._drops.setdefault(self._canonical(method), []).extend([True] * times)

    def drop_after_next(self, method: str, times: int = 1) -> None:
        """Carry out the next `times` calls, then hang up before answering (the connection
        went after Telegram made the send)."""
        self._late_drops.setdefault(self._canonical(method), []).extend([True] * times)

    @staticmethod
    def _take(queue: dict[str, list[Any]], method: str) -> Any:
        pending = queue.get(method)
        return pending.pop(0) if pending else None

    # -- HTTP --------------------------------------------------------------------------------

    def _answer(
        self,
        method: str,
        params: dict[str, Any],
        result: Any = None,
        error: ApiError | None = None,
    ) -> web.Response:
        self.calls.append(
            ApiCall(
                method,
                params,
                error is None,
                error.description if error else None,
                result,
                time.time(),
            )
        )
        if error is not None:
            return web.json_response(error.payload(), status=error.code)
        return web.json_response({"ok": True, "result": result})

    async def _api(self, request: web.Request) -> web.Response:
        name = request.match_info["method"]
        raw, uploads = await read_params(request)
        if request.match_info["token"] != self.token:
            return self._answer(name, dict(raw), error=ApiError(401, "Unauthorized"))
        spec = self.spec.method(name)
        if spec is None:
            return self._answer(name, dict(raw), error=ApiError(404, "Not Found"))
        params: dict[str, Any] = dict(raw)
        if self._take(self._drops, spec.name) and request.transport is not None:
            request.transport.abort()
            self.calls.append(
                ApiCall(spec.name, params, False, "connection dropped", None, time.time())
            )
            raise asyncio.CancelledError  # nothing more to say on a dead connection
        try:
            params = self.spec.validate(spec, raw, uploads)
            fault = self._take(self._faults, spec.name)
            if fault is not None:
                raise fault
            if self.limits is not None:
                self.limits.check(spec.name, params)
            handler = HANDLERS.get(spec.name.lower(), _accept)
            result = await handler(Call(spec.name, self, params, uploads))
        except ApiError as error:
            return self._answer(spec.name, params, error=error)
        if self._take(self._late_drops, spec.name) and request.transport is not None:
            request.transport.abort()
            self.calls.append(
                ApiCall(spec.name, params, True, "connection dropped after", result, time.time())
            )
            raise asyncio.CancelledError
        response = self._answer(spec.name, params, result)
        delay = self._take_delay(spec.name, params)
        if delay:
            await asyncio.sleep(delay)
        return response

    async def _file(self, request: web.Request) -> web.Response:
        stored = self.files.by_path.get(request.match_info["path"])
        if request.match_info["token"] != self.token or stored is None:
            return web.json_response(
                {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
            )
        return web.Response(body=stored.data, content_type="application/octet-stream")

    # -- waiting -----------------------------------------------------------------------------

    async def wait_for(self, predicate: Callable[[], T], timeout: float = 5.0) -> T:  # noqa: ASYNC109
        """Poll predicate until it returns something truthy; AssertionError on timeout."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if loop.time() >= deadline:
                raise AssertionError(self._report(predicate, value, timeout))
            await asyncio.sleep(0.01)

    def _report(self, predicate: Callable[[], Any], value: Any, timeout: float) -> str:
        name = getattr(predicate, "__qualname__", repr(predicate))
        lines = [f"wait_for({name}) still {value!r} after {timeout}s; "
                 f"{self.pending_updates} update(s) unconfirmed; last calls:"]  # fmt: skip
        for call in self.calls[-15:]:
            params = json.dumps(call.params, default=repr, ensure_ascii=False)
            outcome = "ok" if call.ok else f"FAILED {call.error}"
            lines.append(f"  {call.method} {params[:300]} -> {outcome}")
        if not self.calls:
            lines.append("  (no calls at all: is the bot polling this server?)")
        return "\n".join(lines)
