"""Webhook mode: Telegram's pushes with the secret are relayed; anything else is refused."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import sqlite3
from pathlib import Path

import aiohttp
from pydantic import SecretStr

from bot.runner import serve
from playground.standin import BotApiServer
from tests.conftest import FakeClock, make_settings


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _listening(port: int) -> None:
    for _ in range(100):
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.05)
            continue
        writer.close()
        await writer.wait_closed()
        return
    raise AssertionError(f"nothing listens on port {port}")


async def test_webhook_accepts_only_requests_with_the_secret(
    telegram: BotApiServer, tmp_path: Path
) -> None:
    owner = telegram.add_user("Olga")
    staff_chat = telegram.add_group("Team", is_forum=True, members=[owner])
    anna = telegram.add_user("Anna")
    port = _free_port()
    # Telegram calls the public https address; a proxy forwards to our port on 127.0.0.1.
    url = "https://desk.example.com/telegram-hook"
    local = f"http://127.0.0.1:{port}/telegram-hook"
    settings = make_settings(telegram, tmp_path, staff_chat, owner["id"]).model_copy(
        update={
            "webhook_url": url,
            "webhook_port": port,
            "webhook_secret": SecretStr("s3cret-Value"),
        }
    )
    stop = asyncio.Event()
    running = asyncio.create_task(serve(settings, stop, FakeClock()))
    try:
        [registered] = await telegram.wait_for(lambda: telegram.calls_to("setWebhook"))
        assert registered.params["url"] == url
        assert registered.params["secret_token"] == "s3cret-Value"
        await _listening(port)
        update = {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": 1_795_426_200,
                "text": "Hello via webhook, order #9",
                "chat": {"id": anna["id"], "type": "private", "first_name": "Anna"},
                "from": anna,
            },
        }
        telegram.private_message(anna, "Hello via webhook, order #9")  # so copyMessage finds it
        async with aiohttp.ClientSession() as http:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                async with http.post(local, json=update, headers=headers) as refused:
                    assert refused.status == 403
            await asyncio.sleep(0.2)
            assert telegram.calls_to("copyMessage") == []
            secret = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-Value"}
            async with http.post(local, json=update, headers=secret) as accepted:
                assert accepted.status == 200
        [copy] = await telegram.wait_for(lambda: telegram.calls_to("copyMessage"))
        assert copy.params["from_chat_id"] == anna["id"]
    finally:
        stop.set()
        await asyncio.wait_for(running, 15)


async def test_telegram_gets_its_answer_only_once_the_update_is_stored(
    telegram: BotApiServer, tmp_path: Path
) -> None:
    owner = telegram.add_user("Olga")
    staff_chat = telegram.add_group("Team", is_forum=True, members=[owner])
    anna = telegram.add_user("Anna")
    port = _free_port()
    settings = make_settings(telegram, tmp_path, staff_chat, owner["id"]).model_copy(
        update={"webhook_url": "https://desk.example.com/hook", "webhook_port": port}
    )
    stop = asyncio.Event()
    running = asyncio.create_task(serve(settings, stop, FakeClock()))
    try:
        await telegram.wait_for(lambda: telegram.calls_to("setWebhook"))
        await _listening(port)
        message = telegram.private_message(anna, "Stored before you hear back")
        update = {"update_id": 5, "message": message}
        # Another writer holds the database: the update cannot be stored yet...
        blocker = sqlite3.connect(settings.db_path, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        async with aiohttp.ClientSession() as http:
            answer = asyncio.ensure_future(http.post(f"http://127.0.0.1:{port}/hook", json=update))
            await asyncio.sleep(0.5)
            assert not answer.done()  # ...so Telegram has no answer yet
            blocker.execute("ROLLBACK")
            blocker.close()
            async with await answer as response:
                assert response.status == 200
        with contextlib.closing(sqlite3.connect(settings.db_path)) as db:
            (newest,) = db.execute("SELECT MAX(update_id) FROM inbox").fetchone()
        assert newest == 5
        await telegram.wait_for(lambda: telegram.calls_to("copyMessage"))
    finally:
        stop.set()
        await asyncio.wait_for(running, 15)


async def test_a_call_that_is_not_an_update_is_refused(
    telegram: BotApiServer, tmp_path: Path
) -> None:
    owner = telegram.add_user("Olga")
    staff_chat = telegram.add_group("Team", is_forum=True, members=[owner])
    port = _free_port()
    settings = make_settings(telegram, tmp_path, staff_chat, owner["id"]).model_copy(
        update={"webhook_url": "https://desk.example.com/hook", "webhook_port": port}
    )
    stop = asyncio.Event()
    running = asyncio.create_task(serve(settings, stop, FakeClock()))
    try:
        await telegram.wait_for(lambda: telegram.calls_to("setWebhook"))
        await _listening(port)
        async with aiohttp.ClientSession() as http:
            for body in (b"not json", b"[1, 2]", b'{"no_update_id": true}'):
                async with http.post(f"http://127.0.0.1:{port}/hook", data=body) as refused:
                    assert refused.status == 400
            async with http.get(f"http://127.0.0.1:{port}/hook") as wrong_method:
                assert wrong_method.status == 405
    finally:
        stop.set()
        await asyncio.wait_for(running, 15)
