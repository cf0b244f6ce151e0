"""Scenes in a group as Telegram presents them: anonymous admins, posts as a channel, and
members leaving or being removed."""

from __future__ import annotations

from typing import Any

from .scenes import Scenes
from .world import ChatState, UserRef, now, public

# Telegram's stand-in senders: what `from` holds when the real sender is a chat.
GROUP_ANONYMOUS_BOT = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}
CHANNEL_BOT = {"id": 136817688, "is_bot": True, "first_name": "Channel", "username": "Channel_Bot"}


class TeamScenes(Scenes):
    def anonymous_admin_message(
        self, chat_id: int, text: str, *, thread_id: int | None = None
    ) -> dict[str, Any]:
        """An admin with "Remain anonymous" writes: from GroupAnonymousBot, sender_chat the
        group itself (author_signature: their custom title, if any)."""
        state = self.chat(chat_id)
        return self._post_as_chat(state, GROUP_ANONYMOUS_BOT, dict(state.chat), text, thread_id)

    def channel_message(
        self, chat_id: int, channel_title: str, text: str, *, thread_id: int | None = None
    ) -> dict[str, Any]:
        """A member writes as one of their channels: from Channel_Bot, sender_chat the channel."""
        channel = {
            "id": -1007000000000 - len(self.chats),
            "type": "channel",
            "title": channel_title,
        }
        return self._post_as_chat(self.chat(chat_id), CHANNEL_BOT, channel, text, thread_id)

    def _post_as_chat(
        self,
        state: ChatState,
        sender: dict[str, Any],
        sender_chat: dict[str, Any],
        text: str,
        thread_id: int | None,
    ) -> dict[str, Any]:
        content = {**self._content(text, None, {}), "sender_chat": sender_chat}
        message = self.append(state, sender, content, thread_id=thread_id)
        self._deliver(state, "message", message)
        return public(message)

    def member_leaves(self, user: UserRef, chat_id: int) -> None:
        """The user leaves the group."""
        member = self.user(user)
        self._member_goes(self.chat(chat_id), member, member, "left")

    def member_removed(self, admin: UserRef, user: UserRef, chat_id: int) -> None:
        """An admin removes (bans) the user from the group."""
        self._member_goes(self.chat(chat_id), self.user(admin), self.user(user), "kicked")

    def _member_goes(
        self, state: ChatState, actor: dict[str, Any], member: dict[str, Any], status: str
    ) -> None:
        old = state.members.get(member["id"], "left")
        state.members[member["id"]] = status
        # Everyone in the group sees a service message…
        service = self.append(state, actor, {"left_chat_member": dict(member)})
        self._deliver(state, "message", service)
        # …and a bot that is an administrator (and asked for chat_member) gets the change.
        if state.members.get(self.bot["id"]) != "administrator":
            return
        old_member = self.chat_member(old, member, state)
        new_member = self.chat_member(status, member, state)
        if status == "kicked":
            new_member["until_date"] = 0
        change = {"chat": dict(state.chat), "from": dict(actor), "date": now(),
                  "old_chat_member": old_member, "new_chat_member": new_member}  # fmt: skip
        self._deliver(state, "chat_member", change)

    def age_messages(self, chat_id: int, seconds: float) -> None:
        """Everything in the chat was sent this much earlier (for Telegram's 48-hour rules)."""
        for message in self.chat(chat_id).messages:
            message["date"] -= int(seconds)
