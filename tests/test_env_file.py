"""`.env` rewritten by `frontdesk setup`: settings replaced, everything else kept."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bot.env_file import read_env, write_env

EXISTING = """\
# Frontdesk settings.
FRONTDESK_BOT_TOKEN=123456789:replace-with-your-token
# Shown to customers.
FRONTDESK_SHOP_NAME=Old name
FRONTDESK_FOLLOWUP_AFTER_SECONDS=3600
# FRONTDESK_WEBHOOK_URL=https://desk.example.com/telegram
FRONTDESK_SHOP_NAME=Older name
"""


def test_other_lines_and_comments_are_kept(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text(EXISTING)
    write_env({"FRONTDESK_BOT_TOKEN": "42:secret", "FRONTDESK_SHOP_NAME": "Corner Bakery",
               "FRONTDESK_OWNER_IDS": "1000"}, env)  # fmt: skip
    assert env.read_text() == (
        "# Frontdesk settings.\n"
        "FRONTDESK_BOT_TOKEN=42:secret\n"
        "# Shown to customers.\n"
        "FRONTDESK_SHOP_NAME='Corner Bakery'\n"
        "FRONTDESK_FOLLOWUP_AFTER_SECONDS=3600\n"
        "# FRONTDESK_WEBHOOK_URL=https://desk.example.com/telegram\n"
        "\n"
        "FRONTDESK_OWNER_IDS=1000\n"
    )
    assert stat.S_IMODE(env.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == [".env"]


@pytest.mark.parametrize(
    "name", ["Anna's Café #1", 'The "Best" Shop', "Tom & Jerry $5", "back\\slash", "  x"]
)
def test_any_shop_name_reads_back_unchanged(tmp_path: Path, name: str) -> None:
    env = tmp_path / ".env"
    write_env({"FRONTDESK_SHOP_NAME": name}, env)
    assert read_env(env) == {"FRONTDESK_SHOP_NAME": name}
