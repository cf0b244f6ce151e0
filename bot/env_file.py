"""The `.env` file: read it, and rewrite a few settings in it atomically.

Writing keeps every other line (comments, other settings) as it was. The new text goes to a
temporary file in the same folder, readable by its owner only, which then replaces `.env` in
one step (`os.replace`): an interruption leaves either the old file or the new one.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path

from dotenv import dotenv_values

ENV_FILE = Path(".env")
# The token in .env.example: a shape that passes for a token, but no bot's.
PLACEHOLDER_TOKEN = "123456789:replace-with-your-token"
_ASSIGNMENT = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=")
_PLAIN = re.compile(r"[A-Za-z0-9_.,:/@+\-\[\]]*")


def read_env(path: Path = ENV_FILE) -> dict[str, str]:
    """The settings in a .env file ({} if there is none)."""
    if not path.is_file():
        return {}
    return {key: value for key, value in dotenv_values(path).items() if value is not None}


def configured_token(path: Path = ENV_FILE) -> str:
    """The bot token Frontdesk would use: the environment's, else the .env file's ("")."""
    token = os.environ.get("FRONTDESK_BOT_TOKEN")
    if token is None:
        token = read_env(path).get("FRONTDESK_BOT_TOKEN", "")
    return token.strip()


def quoted(value: str) -> str:
    """A value as python-dotenv (and Docker Compose) read it back unchanged (both expand
    `${NAME}` in any value, so that cannot be written)."""
    if _PLAIN.fullmatch(value):
        return value
    if not any(special in value for special in "'\\\n"):
        return f"'{value}'"
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def updated_text(original: str, values: Mapping[str, str]) -> str:
    """The .env text with each of `values` set: in place where it was (later repeats of it
    dropped), appended otherwise; every other line kept."""
    lines = original.splitlines()
    written: set[str] = set()
    kept: list[str] = []
    for line in lines:
        match = _ASSIGNMENT.match(line)
        key = match.group(1) if match else None
        if key is None or key not in values:
            kept.append(line)
        elif key not in written:
            kept.append(f"{key}={quoted(values[key])}")
            written.add(key)
    missing = [key for key in values if key not in written]
    if missing:
        if kept and kept[-1].strip():
            kept.append("")
        kept.extend(f"{key}={quoted(values[key])}" for key in missing)
    return "\n".join(kept) + "\n"


def write_env(
    values: Mapping[str, str], path: Path = ENV_FILE, template: Path | None = None
) -> None:
    """Set these settings in the .env file atomically, mode 0600, keeping everything else
    (a new file starts from the template's text, if given)."""
    source = path if path.exists() else template
    original = source.read_text(encoding="utf-8") if source is not None else ""
    text = updated_text(original, values)
    folder = path.resolve().parent
    descriptor, temporary = tempfile.mkstemp(prefix=".env.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            os.fchmod(file.fileno(), 0o600)
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
