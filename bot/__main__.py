"""The command line: `frontdesk setup`, `run`, `check` and `playground`."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from pathlib import Path

from bot.check_command import check_with_telegram
from bot.env_file import PLACEHOLDER_TOKEN, configured_token
from bot.fatal import FatalError
from bot.logs import setup_logging
from bot.playground_command import run_playground
from bot.runner import serve
from bot.setup_command import run_setup
from config.settings import Settings, SettingsError, load_settings
from storage.db import Database, DatabaseError


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `frontdesk` console script."""
    parser = argparse.ArgumentParser(prog="frontdesk", description="Frontdesk support desk bot")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "setup", help="set up the bot, the staff group and the owner with Telegram; writes .env"
    )
    commands.add_parser("run", help="run the bot (long polling) until SIGINT/SIGTERM")
    check = commands.add_parser(
        "check", help="validate settings and database, and ask Telegram whether the desk can work"
    )
    check.add_argument(
        "--offline", action="store_true", help="settings and database only (no Telegram)"
    )
    playground = commands.add_parser(
        "playground", help="try it without Telegram: a pretend Telegram, the bot and a web page"
    )
    playground.add_argument("--port", type=int, default=8080, help="port of the page (8080)")
    playground.add_argument("--db", type=Path, help="keep the data in this SQLite file")
    playground.add_argument("--no-browser", action="store_true", help="do not open a browser")
    arguments = parser.parse_args(argv)
    if arguments.command == "playground":
        # Needs no FRONTDESK_ settings: it makes its own token, group and people.
        return run_playground(arguments.port, arguments.db, not arguments.no_browser)
    if arguments.command == "setup":
        return run_setup()

    token = configured_token()
    if not token or token == PLACEHOLDER_TOKEN:
        state = "is not set" if not token else "is still the example from .env.example"
        print(f"frontdesk: FRONTDESK_BOT_TOKEN {state}: run `frontdesk setup`", file=sys.stderr)
        return 2
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"frontdesk: {error}", file=sys.stderr)
        return 2
    if arguments.command == "check":
        return asyncio.run(_check(settings, offline=arguments.offline))
    return _run(settings)


async def _check(settings: Settings, offline: bool) -> int:
    try:
        db = await Database.open(settings.db_path)
    except DatabaseError as error:
        print(f"frontdesk: FRONTDESK_DB_PATH: {error}", file=sys.stderr)
        return 1
    await db.close()
    print("\n".join(settings.describe()))
    print(f"database: {settings.db_path} (ok)")
    print("mode: polling" if not settings.webhook_url else f"mode: webhook {settings.webhook_url}")
    return 0 if offline else await check_with_telegram(settings)


def _run(settings: Settings) -> int:
    setup_logging(settings.log_level, settings.bot_token.get_secret_value())
    try:
        asyncio.run(_serve_until_signal(settings))
    except DatabaseError as error:
        print(f"frontdesk: FRONTDESK_DB_PATH: {error}", file=sys.stderr)
        return 1
    except FatalError as error:
        print(f"frontdesk: {error}", file=sys.stderr)
        return 1
    return 0


async def _serve_until_signal(settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await serve(settings, stop)


if __name__ == "__main__":
    sys.exit(main())
