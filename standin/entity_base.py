"""What every entity parser shares: UTF-16 offsets, byte offsets for error texts, the
order Telegram lists entities in, and the error for text it refuses."""

from __future__ import annotations

from typing import Any


class EntityError(Exception):
    """Text that Telegram refuses to parse."""


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def byte_offset(src: str, index: int) -> int:
    """The UTF-8 byte offset Telegram's error texts name for a character index."""
    return len(src[:index].encode())


def sorted_entities(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for entity in entities:
        entity.pop("_language", None)
    return sorted(entities, key=lambda e: (e["offset"], -e["length"]))
