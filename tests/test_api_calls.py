"""How the bot talks HTTP: PTB's Bot over aiohttp, against a small server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Awaitable, Callable

import aiohttp
import pytest
from aiohttp import web
from telegram import Bot, InputFile
from telegram.error import NetworkError, TimedOut

from bot.api_calls import BotApiRequest, RawUpdatesRequest
from relay.sender import _may_have_arrived

TOKEN = "123456:SECRET-token-part"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
MakeBot = Callable[[str, BotApiRequest], Awaitable[Bot]]


async def serve(handler: Handler) -> tuple[web.AppRunner, str]:
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, f"http://127.0.0.1:{port}/bot"


def answer(result: object) -> web.Response:
    return web.json_response({"ok": True, "result": result})


@pytest.fixture
async def bot_for() -> AsyncIterator[MakeBot]:
    bots: list[Bot] = []

    async def make(base_url: str, request: BotApiRequest) -> Bot:
        bot = Bot(TOKEN, base_url=base_url, request=request)
        await request.initialize()
        bots.append(bot)
        return bot

    yield make
    for bot in bots:
        await bot.request.shutdown()


async def test_a_call_sends_its_parameters_as_a_form(bot_for: MakeBot) -> None:
    seen: dict[str, str] = {}

    async def handler(request: web.Request) -> web.Response:
        seen.update({key: str(value) for key, value in (await request.post()).items()})
        seen["path"] = request.path
        return answer({"message_id": 41})

    runner, url = await serve(handler)
    try:
        bot = await bot_for(url, BotApiRequest())
        copied = await bot.copy_message(chat_id=-100, from_chat_id=5, message_id=7)
    finally:
        await runner.cleanup()
    assert copied.message_id == 41
    assert seen["path"] == f"/bot{TOKEN}/copyMessage"
    assert (seen["chat_id"], seen["from_chat_id"], seen["message_id"]) == ("-100", "5", "7")


async def test_a_file_goes_up_as_multipart(bot_for: MakeBot) -> None:
    uploaded: dict[str, object] = {}

    async def handler(request: web.Request) -> web.Response:
        form = await request.post()
        document = form["document"]
        assert isinstance(document, web.FileField)
        uploaded.update(name=document.filename, body=document.file.read(), chat=form["chat_id"])
        return answer({"message_id": 1, "date": 0, "chat": {"id": -100, "type": "supergroup"}})

    runner, url = await serve(handler)
    try:
        bot = await bot_for(url, BotApiRequest())
        await bot.send_document(-100, InputFile(b"a,b\n1,2\n", filename="export.csv"))
    finally:
        await runner.cleanup()
    assert uploaded == {"name": "export.csv", "body": b"a,b\n1,2\n", "chat": "-100"}


async def test_no_more_calls_are_in_flight_than_allowed(bot_for: MakeBot) -> None:
    in_flight = 0
    most = 0

    async def handler(request: web.Request) -> web.Response:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        await asyncio.sleep(0.05)
        in_flight -= 1
        return answer({"message_id": 1})

    runner, url = await serve(handler)
    try:
        bot = await bot_for(url, BotApiRequest(calls_at_once=2))
        await asyncio.gather(
            *(bot.copy_message(chat_id=-100, from_chat_id=5, message_id=n) for n in range(8))
        )
    finally:
        await runner.cleanup()
    assert most == 2


async def test_a_late_answer_is_a_timeout_that_may_have_arrived(bot_for: MakeBot) -> None:
    async def handler(request: web.Request) -> web.Response:
        await asyncio.sleep(1.0)
        return answer({"message_id": 1})

    runner, url = await serve(handler)
    try:
        bot = await bot_for(url, BotApiRequest(timeout_seconds=0.2))
        with pytest.raises(TimedOut) as caught:
            await bot.copy_message(chat_id=-100, from_chat_id=5, message_id=7)
    finally:
        await runner.cleanup()
    assert _may_have_arrived(caught.value)


def test_a_connect_timeout_never_reached_telegram() -> None:
    error = TimedOut()
    error.__cause__ = aiohttp.ConnectionTimeoutError()
    assert not _may_have_arrived(error)


async def test_nobody_listening_is_a_network_error_without_the_token(bot_for: MakeBot) -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    bot = await bot_for(f"http://127.0.0.1:{port}/bot", BotApiRequest())
    with pytest.raises(NetworkError) as caught:
        await bot.copy_message(chat_id=-100, from_chat_id=5, message_id=7)
    assert not isinstance(caught.value, TimedOut)
    assert "SECRET" not in str(caught.value)


async def test_an_unusable_url_is_named_without_the_token(bot_for: MakeBot) -> None:
    bot = await bot_for("http://[::1/bot", BotApiRequest())
    with pytest.raises(NetworkError) as caught:
        await bot.copy_message(chat_id=-100, from_chat_id=5, message_id=7)
    assert "SECRET" not in str(caught.value)


def test_updates_are_kept_as_telegram_sent_them() -> None:
    request = RawUpdatesRequest()
    update = {"update_id": 7, "message": {"text": "Grüße \u202e '; DROP TABLE", "future_field": 1}}
    payload = json.dumps({"ok": True, "result": [update, {"no_id": True}]}).encode()
    assert request.parse_json_payload(payload)["result"][0] == update  # PTB gets it all
    raw = request.take_raw()
    assert list(raw) == [7]
    assert json.loads(raw[7]) == update
    assert request.take_raw() == {}  # each answer is taken once


def test_an_answer_without_updates_gives_nothing() -> None:
    request = RawUpdatesRequest()
    request.parse_json_payload(b'{"ok": false, "error_code": 502, "description": "Bad"}')
    assert request.take_raw() == {}


async def test_a_proxy_from_the_environment_is_used(
    bot_for: MakeBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    forwarded: list[str] = []

    async def proxy(request: web.Request) -> web.Response:
        forwarded.append(str(request.url))
        return answer({"message_id": 3})

    runner, url = await serve(proxy)
    proxy_address = url.removesuffix("/bot")
    monkeypatch.setenv("HTTP_PROXY", proxy_address)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    try:
        bot = await bot_for("http://api.telegram.example/bot", BotApiRequest())
        copied = await bot.copy_message(chat_id=-100, from_chat_id=5, message_id=7)
    finally:
        await runner.cleanup()
    assert copied.message_id == 3
    assert forwarded == [f"http://api.telegram.example/bot{TOKEN}/copyMessage"]


async def test_no_proxy_is_honoured_too(bot_for: MakeBot, monkeypatch: pytest.MonkeyPatch) -> None:
    async def handler(request: web.Request) -> web.Response:
        return answer({"message_id": 4})

    runner, url = await serve(handler)
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    try:
        bot = await bot_for(url, BotApiRequest())
        copied = await bot.copy_message(chat_id=-100, from_chat_id=5, message_id=7)
    finally:
        await runner.cleanup()
    assert copied.message_id == 4
