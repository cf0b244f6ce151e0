"""The pieces of the pretend Telegram's state: chats, and how messages look from outside."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from .records import Topic

UserRef = dict[str, Any] | int
# What a message carries; a message with none of these is a service message.
CONTENT_KEYS = frozenset({
    "text", "entities", "link_preview_options", "animation", "audio", "document", "photo",
    "sticker", "video", "video_note", "voice", "caption", "caption_entities",
    "show_caption_above_media", "has_media_spoiler", "contact", "dice", "poll", "venue",
    "location", "paid_media", "_html",
})  # fmt: skip
MEMBER_TYPES = {
    "creator": "ChatMemberOwner", "administrator": "ChatMemberAdministrator",
    "member": "ChatMemberMember", "restricted": "ChatMemberRestricted",
    "left": "ChatMemberLeft", "kicked": "ChatMemberBanned",
}  # fmt: skip


def public(value: Any) -> Any:
    """A deep copy without the stand-in's private "_" keys, as Telegram would send it."""
    if isinstance(value, dict):
        return {k: public(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [public(v) for v in value]
    return value


def now() -> int:
    """Unix time, as Telegram dates are."""
    return int(time.time())


@dataclass
class ChatState:
    """One chat and everything in it."""

    chat: dict[str, Any]
    next_id: int = 1
    messages: list[dict[str, Any]] = field(default_factory=list)
    by_id: dict[int, dict[str, Any]] = field(default_factory=dict)
    topics: dict[int, Topic] = field(default_factory=dict)
    members: dict[int, str] = field(default_factory=dict)

    @property
    def id(self) -> int:
        """The chat id."""
        return int(self.chat["id"])

    @property
    def is_forum(self) -> bool:
        """Whether topics are enabled."""
        return bool(self.chat.get("is_forum"))

    @property
    def is_private(self) -> bool:
        """Whether this is a user's private chat with the bot."""
        return self.chat["type"] == "private"
