"""`frontdesk check`'s questions to Telegram: the token, the staff chat, the owners."""

from __future__ import annotations

import sys

from telegram import Bot, User
from telegram.error import InvalidToken, NetworkError, TelegramError

from bot.telegram_checks import (
    RUN_SETUP,
    Finding,
    handle,
    open_bot,
    owner_finding,
    staff_chat_findings,
)
from config.settings import Settings


async def check_with_telegram(settings: Settings) -> int:
    """Print one line per finding; 1 if the desk cannot work, 0 if it can (or if Telegram
    cannot be reached, which says nothing about the settings)."""
    token = settings.bot_token.get_secret_value()
    try:
        async with open_bot(token, settings.api_base_url, settings.api_base_file_url) as bot:
            findings = await _findings(bot, settings)
    except InvalidToken:
        findings = [Finding(False, f"Telegram refused the bot token: check FRONTDESK_BOT_TOKEN "
                                   f"(or {RUN_SETUP}).")]  # fmt: skip
    except NetworkError as error:
        print(f"– Telegram not asked: cannot reach the Bot API ({error.message}).")
        return 0
    except TelegramError as error:
        findings = [Finding(False, f"Telegram says {error.message!r}.")]
    for finding in findings:
        print(finding.line())
    if all(finding.ok for finding in findings):
        return 0
    print("frontdesk: the desk cannot work yet: see the ✗ above.", file=sys.stderr)
    return 1


async def _findings(bot: Bot, settings: Settings) -> list[Finding]:
    me: User = await bot.get_me()
    findings = [Finding(True, f"Telegram knows the token: the bot is {handle(me)}.")]
    findings += await staff_chat_findings(bot, settings.staff_chat_id, me)
    for owner_id in settings.owner_ids:
        findings.append(await owner_finding(bot, owner_id, me))
    return findings
