"""The command line as a shop owner uses it: `frontdesk check` and `frontdesk run`."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import pytest

from bot.fatal import FatalError
from bot.runner import serve
from standin import BotApiServer
from tests.conftest import TOKEN, Desk, relayed

ROOT = Path(__file__).resolve().parent.parent


def _closed_port() -> int:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        return int(unused.getsockname()[1])


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTDESK_")}
    env.update(
        FRONTDESK_BOT_TOKEN=TOKEN,
        FRONTDESK_STAFF_CHAT_ID="-1001234567890",
        FRONTDESK_OWNER_IDS="1",
        FRONTDESK_DB_PATH=str(tmp_path / "db" / "frontdesk.sqlite3"),
        # `check` asks the Bot API too: never the real one from a test.
        FRONTDESK_API_BASE_URL=f"http://127.0.0.1:{_closed_port()}/bot",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


async def _frontdesk(
    tmp_path: Path, *args: str, wrapper: tuple[str, ...] = (), **extra: str
) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        *wrapper,
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=tmp_path,
        env=_env(tmp_path, **extra),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_check_prints_configuration_with_token_masked(tmp_path: Path) -> None:
    code, out, err = await _frontdesk(tmp_path, "check", FRONTDESK_SHOP_NAME="Corner Bakery")
    assert code == 0, err
    assert "FRONTDESK_BOT_TOKEN=123456:****" in out
    assert "FRONTDESK_SHOP_NAME=Corner Bakery" in out
    assert TOKEN.partition(":")[2] not in out + err
    assert (tmp_path / "db" / "frontdesk.sqlite3").exists()
    assert out.splitlines()[-1].startswith("– Telegram not asked: cannot reach the Bot API")


async def test_check_names_a_bad_setting_in_one_line(tmp_path: Path) -> None:
    code, _, err = await _frontdesk(tmp_path, "check", FRONTDESK_STAFF_CHAT_ID="staff")
    assert code != 0
    assert err.strip().splitlines() == [
        "frontdesk: FRONTDESK_STAFF_CHAT_ID is invalid: Input should be a valid integer, "
        "unable to parse string as an integer"
    ]
    assert "Traceback" not in err


async def test_check_names_a_missing_setting(tmp_path: Path) -> None:
    code, _, err = await _frontdesk(tmp_path, "check", FRONTDESK_BOT_TOKEN="")
    assert code != 0
    assert "FRONTDESK_BOT_TOKEN" in err and len(err.strip().splitlines()) == 1


async def test_run_refuses_a_corrupt_database_without_touching_it(tmp_path: Path) -> None:
    db = tmp_path / "db" / "frontdesk.sqlite3"
    db.parent.mkdir()
    db.write_bytes(b"garbage" * 1000)
    code, _, err = await _frontdesk(tmp_path, "run")
    assert code != 0
    assert "FRONTDESK_DB_PATH" in err and "Traceback" not in err
    assert db.read_bytes() == b"garbage" * 1000


# Root writes to read-only files anyway; without these capabilities it cannot either.
_CAPABILITIES = "-dac_override,-dac_read_search"
AS_AN_ORDINARY_USER = (
    ("setpriv", f"--inh-caps={_CAPABILITIES}", f"--bounding-set={_CAPABILITIES}")
    if os.geteuid() == 0
    else ()
)


@pytest.mark.parametrize("command", ["check", "run"])
async def test_a_read_only_database_is_refused_without_touching_it(
    tmp_path: Path, command: str
) -> None:
    code, _, err = await _frontdesk(tmp_path, "check")
    assert code == 0, err
    db = tmp_path / "db" / "frontdesk.sqlite3"
    before = db.read_bytes()
    db.chmod(0o444)
    code, _, err = await _frontdesk(tmp_path, command, wrapper=AS_AN_ORDINARY_USER)
    assert code != 0
    assert err.strip().splitlines() == [
        f"frontdesk: FRONTDESK_DB_PATH: cannot use {db}: attempt to write a readonly database"
    ]
    assert db.read_bytes() == before


async def test_run_relays_and_stops_cleanly_on_sigterm_without_logging_the_token(
    tmp_path: Path,
) -> None:
    telegram = BotApiServer(token=TOKEN, bot_username="cornerbakery_bot")
    await telegram.start()
    try:
        owner = telegram.add_user("Olga")
        staff_chat = telegram.add_group("Team", is_forum=True, members=[owner])
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=tmp_path,
            env=_env(
                tmp_path,
                FRONTDESK_STAFF_CHAT_ID=str(staff_chat),
                FRONTDESK_OWNER_IDS=str(owner["id"]),
                FRONTDESK_API_BASE_URL=telegram.base_url,
                FRONTDESK_API_BASE_FILE_URL=telegram.base_file_url,
                FRONTDESK_LOG_LEVEL="DEBUG",
            ),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        anna = telegram.add_user("Anna")
        telegram.private_message(anna, "Is my order ready?")
        await telegram.wait_for(lambda: relayed(telegram), timeout=30)
        await telegram.wait_for(lambda: len(telegram.bot_messages(anna["id"])) == 1, timeout=10)
        process.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(process.communicate(), 30)
    finally:
        await telegram.stop()
    log = out.decode() + err.decode()
    assert process.returncode == 0, log
    assert "Olga" in telegram.bot_messages(anna["id"])[0]["text"]
    assert "DEBUG" in log
    assert TOKEN.partition(":")[2] not in log


async def test_a_second_frontdesk_on_the_same_database_refuses_to_start(tmp_path: Path) -> None:
    from bot.fatal import FatalError
    from bot.instance_lock import InstanceLock

    first = InstanceLock(tmp_path / "frontdesk.sqlite3")
    first.acquire()
    try:
        second = InstanceLock(tmp_path / "frontdesk.sqlite3")
        try:
            second.acquire()
        except FatalError as error:
            assert "already running" in str(error)
            assert "FRONTDESK_DB_PATH" in str(error)
        else:
            raise AssertionError("the second lock was granted")
    finally:
        first.release()
    again = InstanceLock(tmp_path / "frontdesk.sqlite3")
    again.acquire()
    again.release()


async def test_a_second_frontdesk_on_the_same_token_refuses_and_the_first_keeps_going(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await desk.stop()
    monkeypatch.setattr("bot.poller.ESTABLISHED_AFTER_SECONDS", 0.5)
    await desk.start()
    await asyncio.sleep(1.0)  # the first is established
    second = desk.settings.model_copy(update={"db_path": tmp_path / "other" / "db.sqlite3"})
    monkeypatch.setattr("bot.poller.ESTABLISHED_AFTER_SECONDS", 30.0)
    with pytest.raises(FatalError, match="already getting updates"):
        await asyncio.wait_for(serve(second, asyncio.Event(), desk.clock, poll_timeout=2), 20)
    anna = desk.customer("Anna")
    desk.telegram.private_message(anna, "Still there?")
    await desk.settle()
    assert "has your message" in desk.to_customer(anna)[-1]["text"]


async def test_while_telegram_cannot_be_reached_the_bot_waits_and_stops_cleanly(
    tmp_path: Path,
) -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        nobody_listens = f"http://127.0.0.1:{unused.getsockname()[1]}/bot"
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path,
        env=_env(tmp_path, FRONTDESK_API_BASE_URL=nobody_listens),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert process.stderr is not None
    first = await asyncio.wait_for(process.stderr.readline(), 30)
    assert b"Cannot reach the Bot API" in first and b"retrying" in first
    process.send_signal(signal.SIGTERM)
    _, rest = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0
    log = (first + rest).decode()
    assert "ERROR" not in log and "Unclosed" not in log, log
    assert TOKEN.partition(":")[2] not in log


async def test_a_token_telegram_refuses_is_one_line_and_exit_non_zero(tmp_path: Path) -> None:
    telegram = BotApiServer(token="999:another-bot", bot_username="other_bot")
    await telegram.start()
    try:
        code, out, err = await _frontdesk(
            tmp_path,
            "run",
            FRONTDESK_API_BASE_URL=telegram.base_url,
            FRONTDESK_API_BASE_FILE_URL=telegram.base_file_url,
        )
    finally:
        await telegram.stop()
    assert code != 0
    assert err.strip().splitlines()[-1] == (
        "frontdesk: Telegram refused the bot token: check FRONTDESK_BOT_TOKEN"
    )
    assert "Unclosed" not in out + err and "Traceback" not in out + err
    assert TOKEN.partition(":")[2] not in out + err


@pytest.mark.parametrize("zone", ["Europe", "x" * 300, "zone1970.tab"])
async def test_check_names_a_time_zone_that_is_a_folder_or_too_long(
    tmp_path: Path, zone: str
) -> None:
    code, _, err = await _frontdesk(tmp_path, "check", FRONTDESK_TIMEZONE=zone)
    assert code != 0
    [line] = err.strip().splitlines()
    assert line.startswith("frontdesk: FRONTDESK_TIMEZONE is invalid: unknown time zone")
    assert len(line) < 200
