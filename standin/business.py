"""What tests make business accounts and their customers do (Telegram Business).

The owner of a Telegram Business account connects the bot; then every message in the
account's private chats reaches the bot as a business_message update, and the bot may
answer on the account's behalf (see business_world.py for the bot's side).
"""

from __future__ import annotations

import copy
from typing import Any, Unpack

from .business_world import BusinessChat, BusinessLink, BusinessWorld
from .content import MediaKinds
from .state import UserRef, now, public


class BusinessScenes(BusinessWorld):
    """Test-side actions around Telegram Business."""

    # -- connections -------------------------------------------------------------------------

    def _rights(self, rights: dict[str, bool]) -> dict[str, bool]:
        known = self.spec.types["BusinessBotRights"]
        unknown = set(rights) - set(known)
        if unknown:
            raise ValueError(f"unknown business bot rights {sorted(unknown)}")
        return dict(rights)

    def _announce(self, link: BusinessLink) -> None:
        self.updates.push("business_connection", link.connection())

    def connect_business(
        self,
        user: UserRef,
        *,
        can_reply: bool = True,
        can_read_messages: bool = True,
        enabled: bool = True,
        **other_rights: bool,
    ) -> str:
        """The user connects the bot to their Telegram Business account (again: new rights,
        same connection id); queues business_connection and returns the connection id."""
        owner = self.user(user)
        rights = self._rights(
            {"can_reply": can_reply, "can_read_messages": can_read_messages, **other_rights}
        )
        link = next((b for b in self.business.values() if b.user["id"] == owner["id"]), None)
        if link is None:
            link = BusinessLink(self._new_connection_id(owner["id"]), dict(owner), now(), rights)
            self.business[link.id] = link
        elif not link.enabled and enabled:
            link.date = now()
        link.rights, link.enabled = rights, enabled
        self._announce(link)
        return link.id

    def _link(self, connection_id: str) -> BusinessLink:
        if connection_id not in self.business:
            raise ValueError(f"unknown business connection {connection_id!r}")
        return self.business[connection_id]

    def set_business_rights(self, connection_id: str, **rights: bool) -> None:
        """The account owner changes the bot's rights (those not named stay as they were)."""
        link = self._link(connection_id)
        link.rights.update(self._rights(rights))
        self._announce(link)

    def disconnect_business(self, connection_id: str) -> None:
        """The account owner disconnects the bot: is_enabled false, calls refused."""
        link = self._link(connection_id)
        link.enabled = False
        self._announce(link)

    # -- the account's chats -----------------------------------------------------------------

    def business_chat(self, connection_id: str, customer: UserRef) -> BusinessChat:
        """The account's private chat with the customer, opened when first needed."""
        link = self._link(connection_id)
        person = self.user(customer)
        if person["id"] == link.user["id"]:
            raise ValueError("the account's owner has no business chat with themselves")
        if person["id"] not in link.chats:
            chat = {"id": person["id"], "type": "private", "first_name": person["first_name"]}
            for key in ("last_name", "username"):
                if key in person:
                    chat[key] = person[key]
            link.chats[person["id"]] = BusinessChat(chat, connection_id=link.id)
        return link.chats[person["id"]]

    def _write(
        self,
        connection_id: str,
        customer: UserRef,
        from_owner: bool,
        text: str | None,
        caption: str | None,
        reply_to: int | None,
        media_group_id: str | None,
        data: bytes | None,
        kinds: MediaKinds,
        offline: bool = False,
    ) -> dict[str, Any]:
        state = self.business_chat(connection_id, customer)
        sender = self.business[connection_id].user if from_owner else self.user(customer)
        content = self._content(text, caption, kinds, data)
        if offline:
            content["is_from_offline"] = True
        if media_group_id:
            content["media_group_id"] = media_group_id
        target = self._reply_target(state, reply_to)
        message = self.business_append(state, sender, content, target)
        if not from_owner:
            state.last_incoming = message["date"]
        self.deliver_business(state, "business_message", message)
        return public(message)

    def business_message(
        self,
        connection_id: str,
        customer: UserRef,
        text: str | None = None,
        *,
        caption: str | None = None,
        reply_to: int | None = None,
        media_group_id: str | None = None,
        data: bytes | None = None,
        **kinds: Unpack[MediaKinds],
    ) -> dict[str, Any]:
        """The customer writes to the business account (kinds as for private_message); queues
        business_message and opens the 24-hour window for the bot's answers."""
        return self._write(
            connection_id, customer, False, text, caption, reply_to, media_group_id, data, kinds
        )

    def account_message(
        self,
        connection_id: str,
        customer: UserRef,
        text: str | None = None,
        *,
        caption: str | None = None,
        reply_to: int | None = None,
        media_group_id: str | None = None,
        data: bytes | None = None,
        offline: bool = False,
        **kinds: Unpack[MediaKinds],
    ) -> dict[str, Any]:
        """The account's owner writes to the customer from their phone (from: the account's
        user, no sender_business_bot); queues business_message. offline: the account's own
        automatic message (its greeting or away message, or a scheduled one), which Telegram
        marks is_from_offline."""
        return self._write(
            connection_id,
            customer,
            True,
            text,
            caption,
            reply_to,
            media_group_id,
            data,
            kinds,
            offline,
        )

    def _message(self, state: BusinessChat, message_id: int) -> dict[str, Any]:
        message = state.by_id.get(message_id)
        if message is None:
            raise ValueError(f"no message {message_id} in business chat {state.id}")
        return message

    def edit_business_message(
        self,
        connection_id: str,
        customer: UserRef,
        message_id: int,
        text: str | None = None,
        caption: str | None = None,
    ) -> dict[str, Any]:
        """The customer or the owner edits their message; queues edited_business_message."""
        state = self.business_chat(connection_id, customer)
        message = self._message(state, message_id)
        if self.is_bot_business_message(message):
            raise ValueError(f"message {message_id} was sent by the bot; edit it through the API")
        self.rewrite(message, text, caption)
        self.changed(state.id)
        self.deliver_business(state, "edited_business_message", message)
        return public(message)

    def delete_business_messages(
        self, connection_id: str, customer: UserRef, message_ids: list[int]
    ) -> None:
        """The customer or the owner deletes messages; queues deleted_business_messages."""
        state = self.business_chat(connection_id, customer)
        for message_id in message_ids:
            self._message(state, message_id)
        for message_id in message_ids:
            self.remove_message(state, message_id)
        deleted = {"business_connection_id": connection_id, "chat": dict(state.chat),
                   "message_ids": list(message_ids)}  # fmt: skip
        self.deliver_business(state, "deleted_business_messages", deleted)

    def press_business_button(
        self, connection_id: str, customer: UserRef, message_id: int, data: str
    ) -> str:
        """The customer presses a button of the bot's business message; returns the
        callback query id (data unchecked, to allow forgeries)."""
        state = self.business_chat(connection_id, customer)
        message = self._message(state, message_id)
        if not self.is_bot_business_message(message):
            raise ValueError(f"message {message_id} was not sent by the bot")
        query_id = str(next(self._callback_ids))
        query = {
            "id": query_id,
            "from": dict(self.user(customer)),
            "message": copy.deepcopy(message),
            "chat_instance": str(abs(state.id) * 7927 % 10**19),
            "data": data,
        }
        self.callback_queries[query_id] = {"answered": False, **query}
        self.deliver_business(state, "callback_query", query)
        return query_id

    def age_business_chat(self, connection_id: str, customer: UserRef, seconds: float) -> None:
        """Everything in the business chat happened this much earlier (24-hour window)."""
        state = self.business_chat(connection_id, customer)
        for message in state.messages:
            message["date"] -= int(seconds)
        if state.last_incoming is not None:
            state.last_incoming -= int(seconds)

    # -- inspection --------------------------------------------------------------------------

    def business_messages(self, connection_id: str, customer: UserRef) -> list[dict[str, Any]]:
        """The business chat as the customer sees it, in order."""
        link = self._link(connection_id)
        state = link.chats.get(self.user(customer)["id"])
        return public(state.messages) if state else []

    def bot_business_messages(self, connection_id: str, customer: UserRef) -> list[dict[str, Any]]:
        """Only the messages the bot sent into the business chat."""
        found = self.business_messages(connection_id, customer)
        return [m for m in found if self.is_bot_business_message(m)]

    def read_business_messages(self, connection_id: str, customer: UserRef) -> set[int]:
        """Message ids the bot marked as read with readBusinessMessage."""
        state = self._link(connection_id).chats.get(self.user(customer)["id"])
        return set(state.read) if state else set()
