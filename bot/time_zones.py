"""The shop's time zone: suggested from the system, checked against the IANA database."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class Asker(Protocol):
    """The part of the Terminal this needs."""

    async def ask(self, prompt: str, default: str | None = None) -> str: ...

    def say(self, text: str = "") -> None: ...


def known_zone(name: str) -> bool:
    """Whether name is an IANA time zone such as Europe/Berlin."""
    if not name or name.startswith("/") or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def system_zone() -> str | None:
    """The machine's time zone by IANA name ($TZ, /etc/timezone or /etc/localtime), if any."""
    candidates = [os.environ.get("TZ", "").removeprefix(":")]
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        candidates.append(target.split("zoneinfo/", 1)[1])
    return next((zone for zone in candidates if known_zone(zone)), None)


async def ask_time_zone(term: Asker, known: str | None) -> str:
    """Ask for the time zone of the opening hours, suggesting the known or the system's."""
    suggestion = known if known and known_zone(known) else system_zone() or "UTC"
    while True:
        zone = await term.ask("Time zone for opening hours", suggestion)
        if known_zone(zone):
            return zone
        term.say(f'✗ "{zone}" is not a time zone name: use one like Europe/Berlin or '
                 "America/New_York.")  # fmt: skip
