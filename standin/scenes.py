"""What tests make users and staff do: each action queues the update Telegram would send."""

from __future__ import annotations

import copy
import itertools
from typing import Any, Unpack

from .content import MEDIA_KINDS, MediaKinds, message_content
from .formatting import command_entities
from .records import Topic
from .world import ChatState, UserRef, World, now, public

__all__ = ["MEDIA_KINDS", "TOPIC_COLORS", "Scenes"]
TOPIC_COLORS = (7322096, 16766590, 13338331, 9367192, 16749490, 16478047)


class Scenes(World):
    """Test-side actions of users and staff."""

    _callback_ids = itertools.count(4_000_000_000_000_000_001)

    def _content(
        self,
        text: str | None,
        caption: str | None,
        kinds: MediaKinds | dict[str, bool],
        data: bytes | None = None,
    ) -> dict[str, Any]:
        return message_content(self.files, text, caption, kinds, data)

    def _reply_target(self, state: ChatState, reply_to: int | None) -> dict[str, Any] | None:
        # A reply to a message that is gone arrives without reply_to_message.
        return state.by_id.get(reply_to) if reply_to is not None else None

    def _deliver(self, state: ChatState, kind: str, payload: dict[str, Any]) -> None:
        # A bot that left a group (or was blocked) gets nothing from it.
        if state.id not in self.left_chats and state.id not in self.blocked:
            self.updates.push(kind, public(payload))

    def private_message(
        self,
        user: UserRef,
        text: str | None = None,
        *,
        caption: str | None = None,
        reply_to: int | None = None,
        media_group_id: str | None = None,
        data: bytes | None = None,
        **kinds: Unpack[MediaKinds],
    ) -> dict[str, Any]:
        """The user writes to the bot in private; returns the Message.

        kinds: one of photo, document, voice, sticker, location, video, audio, animation,
        video_note, contact, venue =True for that kind of message (data: the file's bytes).
        """
        sender = self.user(user)
        if sender["id"] in self.blocked:
            # Writing to a blocked bot means pressing "Restart" first.
            self.user_unblocks_bot(sender)
        state = self.private_chat(sender)
        content = self._content(text, caption, kinds, data)
        if media_group_id:
            content["media_group_id"] = media_group_id
        message = self.append(state, sender, content, reply_to=self._reply_target(state, reply_to))
        self._deliver(state, "message", message)
        return public(message)

    def private_paid_media(self, user: UserRef, stars: int, caption: str | None = None) -> None:
        """The user sends paid media (a photo behind stars), which copyMessage refuses."""
        sender = self.user(user)
        state = self.private_chat(sender)
        content: dict[str, Any] = {
            "paid_media": {"star_count": stars, "paid_media": [{"type": "preview"}]}
        }
        if caption:
            content["caption"] = caption
        self._deliver(state, "message", self.append(state, sender, content))

    def group_message(
        self,
        user: UserRef,
        chat_id: int,
        text: str | None = None,
        *,
        thread_id: int | None = None,
        reply_to: int | None = None,
        caption: str | None = None,
        media_group_id: str | None = None,
        data: bytes | None = None,
        entities: list[dict[str, Any]] | None = None,
        **kinds: Unpack[MediaKinds],
    ) -> dict[str, Any]:
        """The user writes in a group (in a topic if thread_id); returns the Message.
        kinds as for private_message; entities: formatting the app gave the text or
        caption (bold, links…)."""
        sender = self.user(user)
        state = self.chat(chat_id)
        if thread_id is not None:
            topic = state.topics.get(thread_id)
            if not state.is_forum or topic is None or topic.deleted:
                raise ValueError(f"no topic {thread_id} in chat {chat_id}")
        if state.members.get(sender["id"]) in (None, "left", "kicked"):
            state.members[sender["id"]] = "member"
        content = self._content(text, caption, kinds, data)
        if entities:
            content["entities" if "text" in content else "caption_entities"] = entities
        if media_group_id:
            content["media_group_id"] = media_group_id
        target = self._reply_target(state, reply_to)
        message = self.append(state, sender, content, thread_id=thread_id, reply_to=target)
        self._deliver(state, "message", message)
        return public(message)

    def edit_message(
        self, chat_id: int, message_id: int, text: str | None = None, caption: str | None = None
    ) -> dict[str, Any]:
        """A user edits their message; queues an edited_message update."""
        state = self.chat(chat_id)
        message = state.by_id.get(message_id)
        if message is None or message["from"]["id"] == self.bot["id"]:
            raise ValueError(f"no user message {message_id} in chat {chat_id}")
        self.rewrite(message, text, caption)
        self.changed(state.id)
        self._deliver(state, "edited_message", message)
        return public(message)

    @staticmethod
    def rewrite(message: dict[str, Any], text: str | None, caption: str | None) -> None:
        """A user's edit of their message: new text or caption, stamped with the time."""
        if text is not None:
            if "text" not in message:
                raise ValueError("only text messages can get new text; use caption=")
            message["text"] = text
            message.pop("entities", None)
            if entities := command_entities(text):
                message["entities"] = entities
        if caption is not None:
            message["caption"] = caption
            message.pop("caption_entities", None)
        message["edit_date"] = now()

    def press_button(self, user: UserRef, chat_id: int, message_id: int, data: str) -> str:
        """A user presses a button of a bot message (data unchecked, to allow forgeries)."""
        sender = self.user(user)
        state = self.chat(chat_id)
        message = state.by_id.get(message_id)
        if message is None or message["from"]["id"] != self.bot["id"]:
            raise ValueError(f"no bot message {message_id} in chat {chat_id}")
        query_id = str(next(self._callback_ids))
        query = {
            "id": query_id,
            "from": dict(sender),
            "message": copy.deepcopy(message),
            "chat_instance": str(abs(chat_id) * 7919 % 10**19),
            "data": data,
        }
        self.callback_queries[query_id] = {"answered": False, **query}
        self._deliver(state, "callback_query", query)
        return query_id

    def member_update(
        self,
        state: ChatState,
        actor: dict[str, Any],
        old: str,
        new: str,
        old_rights: dict[str, bool] | None = None,
    ) -> None:
        old_member = self.chat_member(old, self.bot)
        if old == "administrator" and old_rights is not None:
            old_member.update(old_rights)
        update = {"chat": dict(state.chat), "from": dict(actor), "date": now(),
                  "old_chat_member": old_member,
                  "new_chat_member": self.chat_member(new, self.bot, state)}  # fmt: skip
        self.updates.push("my_chat_member", update)

    def bot_added_to_group(
        self, user: UserRef, chat_id: int | None = None, title: str = "Strangers"
    ) -> int:
        """A user adds the bot to a group (created if needed); returns the chat id."""
        actor = self.user(user)
        if chat_id is None or chat_id not in self.chats:
            chat_id = self.add_group(title, chat_id, is_forum=False, members=[actor])
        state = self.chat(chat_id)
        state.members[self.bot["id"]] = "member"
        self.bot_rights.pop(chat_id, None)
        self.left_chats.discard(chat_id)
        self.member_update(state, actor, "left", "member")
        return chat_id

    def promote_bot(self, user: UserRef, chat_id: int, **rights: bool) -> None:
        """An admin makes the bot an administrator (or changes its rights): all rights unless
        some are given as False, e.g. can_manage_topics=False."""
        actor = self.user(user)
        state = self.chat(chat_id)
        old = state.members.get(self.bot["id"], "left")
        old_rights = self.bot_rights.get(chat_id, {})
        self.bot_rights[chat_id] = dict(rights)
        state.members[self.bot["id"]] = "administrator"
        self.member_update(state, actor, old, "administrator", old_rights)

    def bot_removed_from_group(self, user: UserRef, chat_id: int) -> None:
        """An admin removes the bot from a group: sends there now fail with 403."""
        actor = self.user(user)
        state = self.chat(chat_id)
        state.members[self.bot["id"]] = "kicked"
        self.left_chats.add(chat_id)
        self.member_update(state, actor, "administrator", "kicked")

    def bot_readded_to_group(self, user: UserRef, chat_id: int) -> None:
        """An admin adds the bot back as an administrator."""
        actor = self.user(user)
        state = self.chat(chat_id)
        state.members[self.bot["id"]] = "administrator"
        self.left_chats.discard(chat_id)
        self.member_update(state, actor, "kicked", "administrator")

    def user_blocks_bot(self, user: UserRef) -> None:
        """The user blocks the bot: sends to them now fail with 403."""
        actor = self.user(user)
        state = self.private_chat(actor)
        self.blocked.add(actor["id"])
        self.member_update(state, actor, "member", "kicked")

    def user_unblocks_bot(self, user: UserRef) -> None:
        """The user unblocks (restarts) the bot."""
        actor = self.user(user)
        state = self.private_chat(actor)
        self.blocked.discard(actor["id"])
        self.member_update(state, actor, "kicked", "member")

    def add_topic(self, chat_id: int, name: str, user: UserRef | None = None) -> int:
        """A topic made by a user (or the bot) in Telegram's UI; returns its thread id."""
        state = self.chat(chat_id)
        if not state.is_forum:
            raise ValueError(f"chat {chat_id} is not a forum")
        creator = self.user(user) if user is not None else self.bot
        return self.open_topic(state, creator, name, TOPIC_COLORS[0], None).thread_id

    def open_topic(
        self,
        state: ChatState,
        creator: dict[str, Any],
        name: str,
        icon_color: int,
        emoji_id: str | None,
    ) -> Topic:
        """Create a topic and its forum_topic_created message, whose id is the thread id."""
        created: dict[str, Any] = {"name": name, "icon_color": icon_color}
        if emoji_id:
            created["icon_custom_emoji_id"] = emoji_id
        thread_id = state.next_id
        topic = Topic(thread_id, name, icon_color=icon_color, icon_custom_emoji_id=emoji_id)
        state.topics[thread_id] = topic
        self.append(state, creator, {"forum_topic_created": created}, thread_id=thread_id)
        return topic

    def delete_topic(self, chat_id: int, thread_id: int) -> None:
        """Staff delete a topic with all its messages."""
        state = self.chat(chat_id)
        state.topics[thread_id].deleted = True
        for message in [m for m in state.messages if m.get("message_thread_id") == thread_id]:
            self.remove_message(state, message["message_id"])

    def close_topic(self, chat_id: int, thread_id: int) -> None:
        """Staff close a topic; sending into it fails until it is reopened."""
        self.chat(chat_id).topics[thread_id].closed = True
        self.changed(chat_id)

    def reopen_topic(self, chat_id: int, thread_id: int) -> None:
        """Staff reopen a closed topic."""
        self.chat(chat_id).topics[thread_id].closed = False
        self.changed(chat_id)
