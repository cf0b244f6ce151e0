"""`frontdesk playground`: run it until Ctrl-C, print the address and open a browser."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import webbrowser
from pathlib import Path

from bot.fatal import FatalError
from bot.logs import setup_logging
from bot.runner import serve
from playground.app import TOKEN, Playground, PlaygroundError
from playground.cast import SHOP
from storage.db import DatabaseError


def run_playground(port: int, db_path: Path | None, open_browser: bool) -> int:
    """Run the playground until SIGINT/SIGTERM; 0 after a clean stop, 1 if it cannot start."""
    setup_logging("WARNING", TOKEN)
    try:
        asyncio.run(_serve(port, db_path, open_browser and _has_desktop()))
    except (PlaygroundError, FatalError) as error:
        print(f"frontdesk: {error}", file=sys.stderr)
        return 1
    except DatabaseError as error:
        print(f"frontdesk: --db: {error}", file=sys.stderr)
        return 1
    return 0


async def _serve(port: int, db_path: Path | None, open_browser: bool) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with Playground(serve, port, db_path) as playground:
        kept = f"kept in {db_path}" if db_path else "thrown away when you stop"
        print(
            f"Frontdesk playground for {SHOP}: {playground.url}\n"
            f"  a pretend Telegram, the real bot and a web page; the data is {kept}.\n"
            "  Press Ctrl-C to stop.",
            flush=True,
        )
        if open_browser:
            # webbrowser may start a process and wait for it; keep the loop free meanwhile.
            await asyncio.to_thread(_open, playground.url)
        await playground.run_until(stop)
        print("Stopping…", flush=True)
    print("Stopped.", flush=True)


def _has_desktop() -> bool:
    """Whether a browser window can open (never in CI)."""
    if os.environ.get("CI"):
        return False
    if sys.platform in ("darwin", "win32"):
        return True
    # Without a display, webbrowser would fall back to a text browser in this very terminal.
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _open(url: str) -> None:
    with contextlib.suppress(webbrowser.Error):
        webbrowser.open(url)
