"""Telegram Business: the shop's own account as an inbox (pure decisions).

A business chat and the bot's own chat with the same person share a chat id in Telegram but
are different chats. Stored messages are keyed by (chat, message id), so a business chat is
stored under a chat key of its own, far above any id Telegram gives (at most 52 bits).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

BUSINESS_CHAT_BASE = 1 << 60


def stored_chat_id(chat_id: int, business: bool) -> int:
    """The chat key a message is stored under."""
    return BUSINESS_CHAT_BASE + chat_id if business else chat_id


def is_business_key(stored: int) -> bool:
    return stored >= BUSINESS_CHAT_BASE


def telegram_chat_id(stored: int) -> int:
    """The chat id Telegram knows a stored chat key by."""
    return stored - BUSINESS_CHAT_BASE if is_business_key(stored) else stored


@dataclass(frozen=True)
class Rights:
    """What the shop's account lets Frontdesk do (BusinessBotRights), and whether it is on."""

    enabled: bool
    can_reply: bool
    can_read: bool

    @property
    def works(self) -> bool:
        """Whether customers' chats can be answered from the desk."""
        return self.enabled and self.can_reply


class Change(Enum):
    """What a business_connection update means to the shop."""

    CONNECTED = "connected"  # new, or enabled again
    RIGHTS_CHANGED = "rights"  # still connected, other rights
    DISCONNECTED = "disconnected"
    UNCHANGED = "unchanged"  # Telegram said it again


def change_of(before: Rights | None, after: Rights) -> Change:
    """What an update to a connection changed."""
    if not after.enabled:
        return Change.DISCONNECTED if before is None or before.enabled else Change.UNCHANGED
    if before is None or not before.enabled:
        return Change.CONNECTED
    return Change.UNCHANGED if before == after else Change.RIGHTS_CHANGED


# Telegram's answers to a send into a business chat that cannot be made now.
WINDOW_CLOSED = "business_peer_usage_missing"  # no message from the person in 24 hours
CONNECTION_GONE = (
    "business connection not found",
    "bot_access_forbidden",
    "business_connection_invalid",
    "business_connection_not_allowed",
)


def refusal_of(reason: str) -> str | None:
    """ "window" or "connection" for Telegram's business refusals, None for anything else."""
    lowered = reason.lower()
    if WINDOW_CLOSED in lowered:
        return "window"
    if any(words in lowered for words in CONNECTION_GONE):
        return "connection"
    return None
