"""Telegram Business as the bot sees it: connections to business accounts and their chats.

A business chat is the account's private chat with another person. It is *not* the bot's
own chat with that person, even though both have the person's user id as chat id ("the
message belongs to a chat of the corresponding business account that is independent from
any potential bot chat which might share the same identifier"), so business chats live
here, keyed by (connection id, user id), and never in `world.chats`.
"""

from __future__ import annotations

import base64
import itertools
from dataclasses import dataclass, field
from typing import Any

from .records import ApiError, bad_request
from .state import ChatState, now, public
from .team_scenes import TeamScenes

# "…private chats that had incoming messages in the last 24 hours" (BusinessBotRights).
WINDOW_SECONDS = 24 * 3600
# Message ids of a Telegram account run across all its private chats; a business account
# has history, so its ids start well above those of a young bot chat.
FIRST_ACCOUNT_MESSAGE_ID = 10_001
BOT_ACCESS_FORBIDDEN = "Forbidden: BOT_ACCESS_FORBIDDEN"


@dataclass
class BusinessChat(ChatState):
    """The business account's private chat with one person."""

    connection_id: str = ""
    # When the person last wrote to the account (the 24-hour window), None if never.
    last_incoming: int | None = None
    read: set[int] = field(default_factory=set)

    def window_open(self) -> bool:
        """Whether the person wrote to the account in the last 24 hours."""
        return self.last_incoming is not None and now() - self.last_incoming < WINDOW_SECONDS


@dataclass
class BusinessLink:
    """A business account's connection to the bot."""

    id: str
    user: dict[str, Any]
    date: int
    rights: dict[str, bool]
    enabled: bool = True
    next_id: int = FIRST_ACCOUNT_MESSAGE_ID
    chats: dict[int, BusinessChat] = field(default_factory=dict)

    def connection(self) -> dict[str, Any]:
        """The BusinessConnection object (rights: only the true ones)."""
        found: dict[str, Any] = {
            "id": self.id,
            "user": dict(self.user),
            "user_chat_id": self.user["id"],
            "date": self.date,
            "is_enabled": self.enabled,
        }
        rights = {name: True for name, on in self.rights.items() if on}
        if rights:
            found["rights"] = rights
        return found


class BusinessWorld(TeamScenes):
    """Business connections, and what the bot's calls on their behalf may do."""

    def __init__(self, token: str, bot_username: str, bot_name: str = "Frontdesk") -> None:
        super().__init__(token, bot_username, bot_name)
        self.business: dict[str, BusinessLink] = {}
        self._connection_ids = itertools.count(1)

    def _new_connection_id(self, user_id: int) -> str:
        raw = f"business:{user_id}:{next(self._connection_ids)}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    # -- the bot's side ----------------------------------------------------------------------

    def business_link(self, connection_id: str) -> BusinessLink:
        """An enabled connection, or Telegram's refusal."""
        link = self.business.get(connection_id)
        if link is None or not link.enabled:
            raise bad_request("business connection not found")
        return link

    def business_target(
        self, connection_id: str, chat_id: int | str, right: str = "can_reply"
    ) -> BusinessChat:
        """The business chat a call on behalf of the account addresses, or the refusal:
        the right it needs, and a person who wrote to the account in the last 24 hours."""
        link = self.business_link(connection_id)
        if not link.rights.get(right):
            raise ApiError(403, BOT_ACCESS_FORBIDDEN)
        if not isinstance(chat_id, int):
            raise bad_request("chat not found")
        state = link.chats.get(chat_id)
        if state is None or not state.window_open():
            raise bad_request("BUSINESS_PEER_USAGE_MISSING")
        return state

    def business_append(
        self,
        state: BusinessChat,
        sender: dict[str, Any],
        content: dict[str, Any],
        reply_to: dict[str, Any] | None = None,
        by_bot: bool = False,
    ) -> dict[str, Any]:
        """Store a message of the business chat (ids shared by all chats of the account); a
        message the bot sent is shown as the account's, with sender_business_bot."""
        link = self.business[state.connection_id]
        extra: dict[str, Any] = {"business_connection_id": link.id}
        if by_bot:
            extra["sender_business_bot"] = dict(self.bot)
        state.next_id = link.next_id
        message = self.append(state, sender, {**extra, **content}, reply_to=reply_to)
        link.next_id = state.next_id
        return message

    def bot_business_send(
        self, state: BusinessChat, content: dict[str, Any], reply_to: dict[str, Any] | None
    ) -> dict[str, Any]:
        """A message the bot sends into a business chat; Telegram echoes it to the bot as a
        business_message update."""
        owner = self.business[state.connection_id].user
        message = self.business_append(state, owner, content, reply_to, by_bot=True)
        self.deliver_business(state, "business_message", message)
        return message

    def deliver_business(self, state: BusinessChat, kind: str, payload: dict[str, Any]) -> None:
        """Queue an update of a business chat, if its connection is enabled."""
        link = self.business.get(state.connection_id)
        if link is not None and link.enabled:
            self.updates.push(kind, public(payload))

    def is_bot_business_message(self, message: dict[str, Any]) -> bool:
        """Whether the bot sent this message on behalf of a business account."""
        return bool(message.get("sender_business_bot", {}).get("id") == self.bot["id"])

    def business_peer(self, chat_id: int | str) -> bool:
        """Whether the bot knows this person from a business chat of a connected account."""
        return any(chat_id in link.chats for link in self.business.values())
