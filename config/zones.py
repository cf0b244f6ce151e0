"""Checking a time zone name the way ZoneInfo will load it."""

from __future__ import annotations

from zoneinfo import ZoneInfo

SHOWN_CHARACTERS = 40


def zone_problem(name: str) -> str | None:
    """None if `name` is a time zone ZoneInfo can load, else a one-line reason.

    ZoneInfo reads a file under its search path: besides ZoneInfoNotFoundError (a KeyError)
    it raises ValueError for a malformed key or a file that is not a zone, IsADirectoryError
    for a folder such as "Europe", and other OSErrors (a name too long for the file system).
    """
    try:
        ZoneInfo(name)
    except (KeyError, ValueError, OSError):
        shown = name if len(name) <= SHOWN_CHARACTERS else name[:SHOWN_CHARACTERS] + "…"
        return f"unknown time zone {shown!r}; use an IANA name such as Europe/Berlin"
    return None
