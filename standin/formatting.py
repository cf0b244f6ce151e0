"""Entity parsing of message text (HTML, MarkdownV2, Markdown) as Telegram does it."""

from __future__ import annotations

import re
from typing import Any

from .entity_base import EntityError, utf16_len
from .html_entities import HTML_TAGS, parse_html
from .markdown_entities import MD2_RESERVED, parse_markdown, parse_markdown_v2
from .records import ApiError, bad_request

__all__ = ["HTML_TAGS", "MD2_RESERVED", "parse_html", "parse_markdown", "parse_markdown_v2"]

_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_@])")


def command_entities(text: str | None) -> list[dict[str, Any]]:
    """The bot_command entity Telegram adds to a text starting with a command."""
    match = _COMMAND.match(text or "")
    if not match:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(match.group())}]


def render(
    text: str, parse_mode: str | None, entities: list[dict[str, Any]] | None
) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and entities of a text to send; explicit entities win over parse_mode."""
    if entities is not None or not parse_mode:
        return text, list(entities or [])
    parsers = {"html": parse_html, "markdownv2": parse_markdown_v2, "markdown": parse_markdown}
    parser = parsers.get(parse_mode.lower())
    if parser is None:
        raise bad_request("unsupported parse_mode")
    try:
        return parser(text)
    except EntityError as exc:
        raise bad_request(f"can't parse entities: {exc}") from None


def check_length(text: str, limit: int, *, caption: bool) -> ApiError | None:
    """Telegram's length limit errors for a text or caption (after entity parsing)."""
    if utf16_len(text) <= limit:
        return None
    return bad_request("message caption is too long" if caption else "message is too long")
