"""`frontdesk check` asks Telegram whether the desk can work; `frontdesk run` without a real
token says to run `frontdesk setup`."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from standin import BotApiServer
from tests.conftest import TOKEN
from tests.test_setup import ROOT, SECRET, setup_env


async def _frontdesk(
    telegram: BotApiServer, tmp_path: Path, *args: str, **settings: str
) -> tuple[int, str, str]:
    env = setup_env(telegram)
    env.update(settings, FRONTDESK_DB_PATH=str(tmp_path / "frontdesk.sqlite3"))
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    assert "Traceback" not in out.decode() + err.decode()
    assert SECRET not in out.decode() + err.decode()
    return process.returncode, out.decode(), err.decode()


async def test_check_finds_missing_rights_and_an_owner_who_never_started(
    telegram: BotApiServer, tmp_path: Path
) -> None:
    olga = telegram.add_user("Olga", "Owner")
    tom = telegram.add_user("Tom")
    group = telegram.add_group("Team", members=[olga, tom])
    telegram.promote_bot(olga, group, can_manage_topics=False)
    telegram.private_message(olga, "/start")
    code, out, err = await _frontdesk(
        telegram, tmp_path, "check", FRONTDESK_BOT_TOKEN=TOKEN,
        FRONTDESK_STAFF_CHAT_ID=str(group), FRONTDESK_OWNER_IDS=f"{olga['id']},{tom['id']}",
    )  # fmt: skip
    assert code == 1
    assert "FRONTDESK_BOT_TOKEN=123456:****" in out
    lines = out.splitlines()
    assert "✓ Telegram knows the token: the bot is @cornerbakery_bot." in lines
    assert '✓ "Team" has topics on: each customer gets a topic of their own.' in lines
    assert (
        '✗ @cornerbakery_bot is an administrator of "Team" but without Manage topics: '
        "turn that on in its administrator rights." in lines
    )
    assert (
        f"✓ owner Olga Owner ({olga['id']}) has started @cornerbakery_bot: alerts reach them."
        in lines
    )
    assert (
        f"✗ owner {tom['id']} has not started @cornerbakery_bot: they should open "
        "t.me/cornerbakery_bot and press Start, so that alerts reach them." in lines
    )
    assert err.strip() == "frontdesk: the desk cannot work yet: see the ✗ above."


async def test_check_passes_when_the_desk_can_work_and_offline_asks_nothing(
    telegram: BotApiServer, tmp_path: Path
) -> None:
    olga = telegram.add_user("Olga")
    group = telegram.add_group("Team", members=[olga])
    telegram.private_message(olga, "/start")
    settings = {"FRONTDESK_BOT_TOKEN": TOKEN, "FRONTDESK_STAFF_CHAT_ID": str(group),
                "FRONTDESK_OWNER_IDS": str(olga["id"])}  # fmt: skip
    code, out, _ = await _frontdesk(telegram, tmp_path, "check", **settings)
    assert code == 0 and "✗" not in out
    assert '✓ @cornerbakery_bot is an administrator of "Team"' in out
    calls = len(telegram.calls)
    code, out, _ = await _frontdesk(telegram, tmp_path, "check", "--offline", **settings)
    assert code == 0 and "✓" not in out and len(telegram.calls) == calls


async def test_check_sees_the_bot_removed_from_the_staff_group(
    telegram: BotApiServer, tmp_path: Path
) -> None:
    olga = telegram.add_user("Olga")
    group = telegram.add_group("Team", members=[olga])
    telegram.bot_removed_from_group(olga, group)
    code, out, _ = await _frontdesk(
        telegram, tmp_path, "check", FRONTDESK_BOT_TOKEN=TOKEN,
        FRONTDESK_STAFF_CHAT_ID=str(group), FRONTDESK_OWNER_IDS=str(olga["id"]),
    )  # fmt: skip
    assert code == 1
    assert f"✗ @cornerbakery_bot is not in the staff chat {group}: add it back" in out


async def test_run_with_the_example_token_or_no_env_says_to_run_setup(
    telegram: BotApiServer, tmp_path: Path
) -> None:
    code, out, err = await _frontdesk(telegram, tmp_path, "run")
    assert code == 2 and out == ""
    assert err == "frontdesk: FRONTDESK_BOT_TOKEN is not set: run `frontdesk setup`\n"
    (tmp_path / ".env").write_bytes((ROOT / ".env.example").read_bytes())
    code, out, err = await _frontdesk(telegram, tmp_path, "run")
    assert code == 2 and out == ""
    assert err == (
        "frontdesk: FRONTDESK_BOT_TOKEN is still the example from .env.example: "
        "run `frontdesk setup`\n"
    )
    assert telegram.calls == []


def test_the_example_env_file_is_the_placeholder_the_command_line_knows() -> None:
    from bot.env_file import PLACEHOLDER_TOKEN, read_env

    assert read_env(ROOT / ".env.example")["FRONTDESK_BOT_TOKEN"] == PLACEHOLDER_TOKEN
    assert os.path.exists(ROOT / ".env.example")
