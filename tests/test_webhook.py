"""Webhook mode: Telegram's pushes with the secret are relayed; anything else is refused."""

from __future__ import annotations

import asyncio
import contextlib
import re
import socket
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
from pydantic import SecretStr

from bot.runner import serve
from config.settings import Settings
from standin import BotApiServer
from tests.conftest import FakeClock, make_settings, relayed


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


@contextlib.asynccontextmanager
async def _webhook_desk(
    telegram: BotApiServer, tmp_path: Path, secret: str | None = None
) -> AsyncIterator[tuple[Settings, str]]:
    """Frontdesk serving its webhook on a free port; yields its settings and the local URL
    (Telegram calls the public https address; a proxy forwards to our port on 127.0.0.1)."""
    owner = telegram.add_user("Olga")
    staff_chat = telegram.add_group("Team", is_forum=True, members=[owner])
    port = _free_port()
    settings = make_settings(telegram, tmp_path, staff_chat, owner["id"]).model_copy(
        update={
            "webhook_url": "https://desk.example.com/telegram-hook",
            "webhook_port": port,
            "webhook_secret": SecretStr(secret) if secret else None,
        }
    )
    stop = asyncio.Event()
    running = asyncio.create_task(serve(settings, stop, FakeClock()))
    try:
        await telegram.wait_for(lambda: telegram.calls_to("setWebhook"))
        await _listening(port)
        yield settings, f"http://127.0.0.1:{port}/telegram-hook"
    finally:
        stop.set()
        await asyncio.wait_for(running, 15)


def _secret_of(telegram: BotApiServer) -> dict[str, str]:
    """The header Telegram sends: the secret Frontdesk gave it with setWebhook."""
    [registered] = telegram.calls_to("setWebhook")
    assert "secret_token" in registered.params, "setWebhook without a secret"
    return {"X-Telegram-Bot-Api-Secret-Token": str(registered.params["secret_token"])}


async def test_webhook_accepts_only_requests_with_the_secret(
    telegram: BotApiServer, tmp_path: Path
) -> None:
    anna = telegram.add_user("Anna")
    async with _webhook_desk(telegram, tmp_path, secret="s3cret-Value") as (_, hook):
        [registered] = telegram.calls_to("setWebhook")
        assert registered.params["url"] == "https://desk.example.com/telegram-hook"
        assert registered.params["secret_token"] == "s3cret-Value"
        message = telegram.private_message(anna, "Hello via webhook, order #9")
        update = {"update_id": 1, "message": message}
        async with aiohttp.ClientSession() as http:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                async with http.post(hook, json=update, headers=headers) as refused:
                    assert refused.status == 403
            await asyncio.sleep(0.2)
            assert relayed(telegram) == []
            secret = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-Value"}
            async with http.post(hook, json=update, headers=secret) as accepted:
                assert accepted.status == 200
        [shown] = await telegram.wait_for(lambda: relayed(telegram))
        assert shown.result["text"].endswith("Hello via webhook, order #9")


async def test_telegram_gets_its_answer_only_once_the_update_is_stored(
    telegram: BotApiServer, tmp_path: Path
) -> None:
    anna = telegram.add_user("Anna")
    async with _webhook_desk(telegram, tmp_path) as (settings, hook):
        message = telegram.private_message(anna, "Stored before you hear back")
        update = {"update_id": 5, "message": message}
        # Another writer holds the database: the update cannot be stored yet...
        blocker = sqlite3.connect(settings.db_path, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        async with aiohttp.ClientSession() as http:
            answer = asyncio.ensure_future(
                http.post(hook, json=update, headers=_secret_of(telegram))
            )
            await asyncio.sleep(0.5)
            assert not answer.done()  # ...so Telegram has no answer yet
            blocker.execute("ROLLBACK")
            blocker.close()
            async with await answer as response:
                assert response.status == 200
        with contextlib.closing(sqlite3.connect(settings.db_path)) as db:
            (newest,) = db.execute("SELECT MAX(update_id) FROM inbox").fetchone()
        assert newest == 5
        await telegram.wait_for(lambda: relayed(telegram))


async def test_a_call_that_is_not_an_update_is_refused(
    telegram: BotApiServer, tmp_path: Path
) -> None:
    async with _webhook_desk(telegram, tmp_path) as (_, hook):
        async with aiohttp.ClientSession() as http:
            for body in (b"not json", b"[1, 2]", b'{"no_update_id": true}'):
                async with http.post(hook, data=body, headers=_secret_of(telegram)) as refused:
                    assert refused.status == 400
            async with http.get(hook) as wrong_method:
                assert wrong_method.status == 405
        assert relayed(telegram) == []


async def test_an_update_ptb_cannot_read_is_set_aside_and_the_next_one_handled(
    telegram: BotApiServer, tmp_path: Path
) -> None:
    """Refused, Telegram would send it again and again and hold back every later update."""
    anna = telegram.add_user("Anna")
    async with _webhook_desk(telegram, tmp_path) as (_, hook):
        odd = telegram.private_message(anna, "placeholder")
        odd.pop("text")
        odd["poll"] = {"id": "1", "question": "?"}  # fields PTB requires are missing
        after = telegram.private_message(anna, "Sent after the odd one")
        async with aiohttp.ClientSession() as http:
            for number, message in ((7, odd), (8, after)):
                update = {"update_id": number, "message": message}
                async with http.post(hook, json=update, headers=_secret_of(telegram)) as answer:
                    assert answer.status == 200
        [shown] = await telegram.wait_for(lambda: relayed(telegram))
        assert shown.result["text"].endswith("Sent after the odd one")
        staff_chat = next(c for c, state in telegram.chats.items() if not state.is_private)

        def notices() -> list[str]:
            posts = [m.get("text", "") for m in telegram.bot_messages(staff_chat)]
            return [text for text in posts if "could not be read" in text]

        assert len(await telegram.wait_for(notices)) == 1


async def test_without_a_configured_secret_one_is_made_and_forged_posts_are_refused(
    telegram: BotApiServer, tmp_path: Path
) -> None:
    anna = telegram.add_user("Anna")
    async with _webhook_desk(telegram, tmp_path) as (settings, hook):
        header = _secret_of(telegram)
        made = header["X-Telegram-Bot-Api-Secret-Token"]
        assert len(made) >= 32 and re.fullmatch(r"[A-Za-z0-9_-]{1,256}", made)
        forged = {"update_id": 1, "message": telegram.private_message(anna, "I am the owner")}
        async with aiohttp.ClientSession() as http:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "guess"}):
                async with http.post(hook, json=forged, headers=headers) as refused:
                    assert refused.status == 403
            with contextlib.closing(sqlite3.connect(settings.db_path)) as db:
                assert db.execute("SELECT COUNT(*) FROM inbox").fetchone() == (0,)
            real = telegram.private_message(anna, "Real question")
            update = {"update_id": 2, "message": real}
            async with http.post(hook, json=update, headers=header) as accepted:
                assert accepted.status == 200
        [shown] = await telegram.wait_for(lambda: relayed(telegram))
        assert shown.result["text"].endswith("Real question")


async def test_an_update_id_far_ahead_is_refused_and_does_not_silence_the_bot(
    telegram: BotApiServer, tmp_path: Path
) -> None:
    anna = telegram.add_user("Anna")
    async with _webhook_desk(telegram, tmp_path) as (_, hook):
        header = _secret_of(telegram)
        hello, still = (telegram.private_message(anna, text) for text in ("Hi", "Still there?"))
        first, later = {"update_id": 500, "message": hello}, {"update_id": 501, "message": still}
        far = {"update_id": 2**31 - 1, "message": telegram.private_message(anna, "Far ahead")}
        beyond = {"update_id": 10**15, "message": telegram.private_message(anna, "Beyond")}
        async with aiohttp.ClientSession() as http:
            async with http.post(hook, json=first, headers=header) as accepted:
                assert accepted.status == 200
            for forged in (far, beyond):
                async with http.post(hook, json=forged, headers=header) as refused:
                    assert refused.status == 400
            async with http.post(hook, json=later, headers=header) as accepted:
                assert accepted.status == 200
        await telegram.wait_for(lambda: len(relayed(telegram)) == 2)
        copied = [call.params["message_id"] for call in relayed(telegram)]
        assert copied == [hello["message_id"], still["message_id"]]
