"""At DEBUG, `frontdesk run` logs neither secrets nor what customers write or are called."""

from __future__ import annotations

import asyncio
import signal
import socket
import sys
from pathlib import Path
from typing import Any

import aiohttp

from standin import BotApiServer
from tests.conftest import TOKEN, relayed
from tests.test_cli import _env

SENTENCE = "my purple teapot arrived shattered into seventeen pieces"
FIRST, LAST, USERNAME = "Zebulon", "Quixley", "zquixley"


async def _run_at_debug(
    telegram: BotApiServer, tmp_path: Path, **extra: str
) -> tuple[asyncio.subprocess.Process, dict[str, Any]]:
    """`frontdesk run` at DEBUG against the stand-in; returns it and the customer."""
    owner = telegram.add_user("Olga")
    staff_chat = telegram.add_group("Team", is_forum=True, members=[owner])
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path,
        env=_env(
            tmp_path,
            FRONTDESK_STAFF_CHAT_ID=str(staff_chat),
            FRONTDESK_OWNER_IDS=str(owner["id"]),
            FRONTDESK_API_BASE_URL=telegram.base_url,
            FRONTDESK_API_BASE_FILE_URL=telegram.base_file_url,
            FRONTDESK_LOG_LEVEL="DEBUG",
            **extra,
        ),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    customer = telegram.add_user(FIRST, last_name=LAST, username=USERNAME)
    return process, customer


async def _stop(process: asyncio.subprocess.Process) -> str:
    process.send_signal(signal.SIGTERM)
    out, err = await asyncio.wait_for(process.communicate(), 30)
    log = out.decode() + err.decode()
    assert process.returncode == 0, log
    assert " DEBUG " in log
    return log


def _assert_private(log: str) -> None:
    for spilled in (SENTENCE, "purple teapot", FIRST, LAST, USERNAME, TOKEN.partition(":")[2]):
        assert spilled not in log, f"{spilled!r} is in the log"


async def test_polling_at_debug_logs_no_customer_words_or_names(
    telegram: BotApiServer, tmp_path: Path
) -> None:
    process, customer = await _run_at_debug(telegram, tmp_path)
    try:
        telegram.private_message(customer, f"Hello, {SENTENCE}. Order #4711")
        await telegram.wait_for(lambda: relayed(telegram), timeout=30)
        await telegram.wait_for(lambda: telegram.bot_messages(customer["id"]), timeout=10)
    finally:
        log = await _stop(process)
    _assert_private(log)


async def test_webhook_at_debug_logs_neither_the_made_secret_nor_customer_words(
    telegram: BotApiServer, tmp_path: Path
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process, customer = await _run_at_debug(
        telegram,
        tmp_path,
        FRONTDESK_WEBHOOK_URL="https://desk.example.com/hook",
        FRONTDESK_WEBHOOK_PORT=str(port),
    )
    try:
        [registered] = await telegram.wait_for(lambda: telegram.calls_to("setWebhook"), 30)
        secret = str(registered.params["secret_token"])
        message = telegram.private_message(customer, SENTENCE)
        async with (
            aiohttp.ClientSession() as http,
            http.post(
                f"http://127.0.0.1:{port}/hook",
                json={"update_id": 1, "message": message},
                headers={"X-Telegram-Bot-Api-Secret-Token": secret},
            ) as answer,
        ):
            assert answer.status == 200
        await telegram.wait_for(lambda: relayed(telegram), timeout=30)
    finally:
        log = await _stop(process)
    assert secret not in log
    _assert_private(log)
