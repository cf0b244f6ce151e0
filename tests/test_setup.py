"""`frontdesk setup` as a shop owner meets it: a real subprocess, its standard input, and the
Bot API stand-in as Telegram."""

from __future__ import annotations

import asyncio
import os
import signal
import stat
import sys
import termios
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.env_file import read_env
from standin import BotApiServer
from tests.conftest import TOKEN

ROOT = Path(__file__).resolve().parent.parent
SECRET = TOKEN.partition(":")[2]
EXISTING_ENV = (
    b"# my settings\nFRONTDESK_BOT_TOKEN=42:old-token-abcdefghijklmnopqrstuv\n"
    b"FRONTDESK_FOLLOWUP_AFTER_SECONDS=60\n"
)


def setup_env(telegram: BotApiServer) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTDESK_")}
    env.update(
        FRONTDESK_API_BASE_URL=telegram.base_url,
        FRONTDESK_API_BASE_FILE_URL=telegram.base_file_url,
        PYTHONPATH=str(ROOT),
        TZ="Europe/Berlin",
    )
    return env


class Setup:
    """`frontdesk setup` running; what it printed so far, and its standard input."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.out = ""
        self.err = ""
        self._read = 0

    async def expect(self, text: str, timeout: float = 20) -> str:  # noqa: ASYNC109
        """Wait until the output since the last expect() shows text; that output."""
        assert self.process.stdout is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while text not in self.out[self._read :]:
            remaining = deadline - loop.time()
            try:
                chunk = await asyncio.wait_for(self.process.stdout.read(4096), remaining)
            except TimeoutError:
                chunk = b""
            if not chunk:
                raise AssertionError(f"no {text!r} in:\n{self.out[self._read :]}")
            self.out += chunk.decode()
        end = self.out.index(text, self._read) + len(text)
        seen, self._read = self.out[self._read : end], end
        return seen

    def type(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line.encode() + b"\n")

    async def finish(self, interrupt: bool = False) -> int:
        if interrupt:
            self.process.send_signal(signal.SIGINT)
        out, err = await asyncio.wait_for(self.process.communicate(), 30)
        self.out += out.decode()
        self.err += err.decode()
        assert self.process.returncode is not None
        assert "Traceback" not in self.out + self.err, self.err
        assert SECRET not in self.out + self.err
        return self.process.returncode


@pytest.fixture
async def start_setup(telegram: BotApiServer, tmp_path: Path) -> AsyncIterator[Any]:
    started: list[Setup] = []

    async def start(*args: str) -> Setup:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", *(args or ("setup",)), cwd=tmp_path,
            env=setup_env(telegram), stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        started.append(Setup(process))
        return started[-1]

    yield start
    for run in started:
        if run.process.returncode is None:
            run.process.kill()
            await run.process.wait()


async def _token(run: Setup) -> None:
    await run.expect("Paste the token")
    run.type(TOKEN)
    await run.expect("That is @cornerbakery_bot")
    await run.expect("Waiting for /setup")


async def test_setup_from_a_wrong_token_to_a_written_env(
    telegram: BotApiServer, tmp_path: Path, start_setup: Any
) -> None:
    (tmp_path / ".env.example").write_bytes((ROOT / ".env.example").read_bytes())
    run: Setup = await start_setup()
    await run.expect("Paste the token")
    run.type("my token")
    await run.expect("That is not a bot token")
    run.type("123456:wrong-secret-abcdefghijklmnopqrstuvw")
    await run.expect("Telegram does not know that token")
    await _token(run)

    olga = telegram.add_user("Olga", "Owner", username="olga_owner")
    group = telegram.add_group("Corner Bakery team", members=[olga])
    telegram.bot_added_to_group(olga, group)
    await run.expect('@cornerbakery_bot is a member (not an administrator) of "Corner Bakery')
    telegram.group_message(olga, group, "/setup")
    said = await run.expect("Waiting for /setup again")
    assert "✗ @cornerbakery_bot is only a member of" in said
    reply = await telegram.wait_for(lambda: telegram.bot_messages(group))
    assert "only a member" in reply[-1]["text"] and "send /setup again" in reply[-1]["text"]

    telegram.promote_bot(olga, group, can_manage_topics=False)  # checked again at once
    said = await run.expect("Waiting for /setup again")
    assert "without Manage topics: turn that on" in said
    telegram.promote_bot(olga, group)
    said = await run.expect('"Corner Bakery team" will be the staff group')
    assert "has topics on: each customer gets a topic" in said

    await run.expect("Now send /start to @cornerbakery_bot")
    telegram.private_message(olga, "/start")
    await run.expect("Olga Owner (@olga_owner) sent /start. Is that the owner?")
    run.type("y")
    await run.expect("Your shop's name")
    run.type("Anna's Café")
    await run.expect("Time zone for opening hours [Europe/Berlin]")
    run.type("")
    assert await run.finish() == 0
    assert "frontdesk run" in run.out

    env = tmp_path / ".env"
    assert stat.S_IMODE(env.stat().st_mode) == 0o600
    assert {k: v for k, v in read_env(env).items() if k in _WRITTEN} == {
        "FRONTDESK_BOT_TOKEN": TOKEN,
        "FRONTDESK_STAFF_CHAT_ID": str(group),
        "FRONTDESK_OWNER_IDS": str(olga["id"]),
        "FRONTDESK_SHOP_NAME": "Anna's Café",
        "FRONTDESK_TIMEZONE": "Europe/Berlin",
    }
    assert "# Bot token from @BotFather" in env.read_text()  # started from .env.example
    assert "owner" in telegram.bot_messages(olga["id"])[-1]["text"]
    # Nothing was taken from `frontdesk run`: no update was ever confirmed.
    assert all("offset" not in call.params for call in telegram.calls_to("getUpdates"))
    assert telegram.pending_updates >= 4

    check: Setup = await start_setup("check")
    assert await check.finish() == 0, check.out + check.err
    assert "✓ owner Olga Owner" in check.out and "✗" not in check.out


_WRITTEN = ("FRONTDESK_BOT_TOKEN", "FRONTDESK_STAFF_CHAT_ID", "FRONTDESK_OWNER_IDS",
            "FRONTDESK_SHOP_NAME", "FRONTDESK_TIMEZONE")  # fmt: skip


async def test_a_basic_group_is_explained_and_a_group_without_topics_works(
    telegram: BotApiServer, tmp_path: Path, start_setup: Any
) -> None:
    (tmp_path / ".env").write_bytes(EXISTING_ENV)
    run: Setup = await start_setup()
    await run.expect("Keep the bot token already in .env (42:****)?")
    run.type("n")
    await _token(run)
    olga = telegram.add_user("Olga")
    basic = telegram.add_group("Old team", basic=True, members=[olga])
    telegram.group_message(olga, basic, "/setup@cornerbakery_bot")
    said = await run.expect("Waiting for /setup again")
    assert '✗ "Old team" is a basic group; Frontdesk needs a supergroup. Turn Topics on' in said
    plain = telegram.add_group("Team", is_forum=False, members=[olga])
    telegram.group_message(olga, plain, "/setup")
    said = await run.expect('"Team" will be the staff group')
    assert "has topics off: customers' messages arrive in the group itself" in said
    telegram.private_message(olga, "/start")
    await run.expect("Is that the owner?")
    run.type("y")
    await run.expect("Your shop's name")
    assert await run.finish(interrupt=True) == 130
    assert run.err.strip().splitlines()[-1] == "frontdesk: setup stopped; .env is as it was."
    assert (tmp_path / ".env").read_bytes() == EXISTING_ENV


@pytest.mark.parametrize("step", ["token", "staff group", "owner"])
async def test_ctrl_c_leaves_the_env_file_as_it_was(
    telegram: BotApiServer, tmp_path: Path, start_setup: Any, step: str
) -> None:
    (tmp_path / ".env").write_bytes(EXISTING_ENV)
    run: Setup = await start_setup()
    await run.expect("Keep the bot token")
    if step != "token":
        run.type("n")
        await _token(run)
    if step == "owner":
        olga = telegram.add_user("Olga")
        telegram.group_message(olga, telegram.add_group("Team", members=[olga]), "/setup")
        await run.expect("Waiting for /start")
    assert await run.finish(interrupt=True) == 130
    assert run.err.strip().splitlines() == ["frontdesk: setup stopped; .env is as it was."]
    assert (tmp_path / ".env").read_bytes() == EXISTING_ENV
    assert sorted(os.listdir(tmp_path)) == [".env"]


async def test_a_rerun_with_a_complete_env_offers_to_check_it(
    telegram: BotApiServer, tmp_path: Path, start_setup: Any
) -> None:
    olga = telegram.add_user("Olga")
    group = telegram.add_group("Team", members=[olga])
    env = f"FRONTDESK_BOT_TOKEN={TOKEN}\nFRONTDESK_STAFF_CHAT_ID={group}\n"
    (tmp_path / ".env").write_text(env + f"FRONTDESK_OWNER_IDS={olga['id']}\n")
    before = (tmp_path / ".env").read_bytes()
    run: Setup = await start_setup()
    await run.expect("already has everything Frontdesk needs")
    await run.expect("Check it with Telegram instead of setting up again?")
    run.type("")
    assert await run.finish() == 1
    assert "✓ Telegram knows the token: the bot is @cornerbakery_bot." in run.out
    assert f"✗ owner {olga['id']} has not started @cornerbakery_bot" in run.out
    assert (tmp_path / ".env").read_bytes() == before


async def test_in_a_terminal_the_token_is_typed_unseen(
    telegram: BotApiServer, tmp_path: Path
) -> None:
    master, terminal = os.openpty()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "setup", cwd=tmp_path, env=setup_env(telegram),
        stdin=terminal, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    os.close(terminal)
    try:
        run = Setup(process)
        await run.expect("Paste the token (it stays hidden): ")
        os.write(master, TOKEN.encode() + b"\n")
        await run.expect("That is @cornerbakery_bot")
        os.set_blocking(master, False)
        try:
            echoed = os.read(master, 4096)
        except BlockingIOError:
            echoed = b""
        assert SECRET.encode() not in echoed
        assert termios.tcgetattr(master)[3] & termios.ECHO  # echo is back on
        await run.expect("Waiting for /setup")
        assert await run.finish(interrupt=True) == 130
    finally:
        os.close(master)
        if process.returncode is None:
            process.kill()
            await process.wait()
