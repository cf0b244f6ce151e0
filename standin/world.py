"""State of the pretend Telegram: users, chats, messages, topics, files, updates."""

from __future__ import annotations

import copy
import itertools
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .files import FileStore
from .records import ApiCall, ApiError, Topic, bad_request
from .spec import Spec
from .updates import UpdateQueue

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


class World:
    """Users, chats and the bot, plus what happened to them."""

    def __init__(self, token: str, bot_username: str, bot_name: str = "Frontdesk") -> None:
        self.token = token
        self.spec = Spec.load()
        self.bot: dict[str, Any] = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": bot_name,
            "username": bot_username,
        }
        self.users: dict[int, dict[str, Any]] = {}
        self.chats: dict[int, ChatState] = {}
        self.started: set[int] = set()
        self.blocked: set[int] = set()
        self.left_chats: set[int] = set()
        # The bot's administrator rights per chat, where they differ from "all of them".
        self.bot_rights: dict[int, dict[str, bool]] = {}
        self.files = FileStore()
        self.updates = UpdateQueue()
        self.callback_queries: dict[str, dict[str, Any]] = {}
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.webhook: dict[str, Any] = {"url": ""}
        self.calls: list[ApiCall] = []
        # Called with a chat id whenever a message or topic of that chat changes.
        self.listeners: list[Callable[[int], None]] = []
        self._user_ids = itertools.count(1000)
        self._group_ids = itertools.count(1)

    # -- world setup -------------------------------------------------------------------------

    def add_user(
        self,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str = "en",
        user_id: int | None = None,
    ) -> dict[str, Any]:
        """A new Telegram user (not yet talking to the bot)."""
        uid = user_id if user_id is not None else next(self._user_ids)
        while user_id is None and uid in self.users:
            uid = next(self._user_ids)
        user: dict[str, Any] = {"id": uid, "is_bot": False, "first_name": first_name}
        if last_name:
            user["last_name"] = last_name
        if username:
            user["username"] = username
        user["language_code"] = language_code
        self.users[uid] = user
        return dict(user)

    def add_group(
        self,
        title: str,
        chat_id: int | None = None,
        is_forum: bool = True,
        members: Iterable[UserRef] = (),
        basic: bool = False,
    ) -> int:
        """A supergroup where the bot is an admin that may manage topics.

        basic: a basic group instead (type "group", a short id, never a forum).
        """
        if chat_id is not None:
            cid = chat_id
        elif basic:
            cid = -(4_000_000_000 + next(self._group_ids))
        else:
            cid = -(1_001_000_000_000 + next(self._group_ids))
        chat: dict[str, Any] = {"id": cid, "title": title,
                                "type": "group" if basic else "supergroup"}  # fmt: skip
        # Message 1 of a supergroup is its creation; user messages start after it.
        state = ChatState(chat, next_id=2)
        state.members[self.bot["id"]] = "administrator"
        for member in members:
            state.members[self.user(member)["id"]] = "member"
        self.chats[cid] = state
        self.set_forum(cid, is_forum and not basic)
        return cid

    def set_forum(self, chat_id: int, is_forum: bool) -> None:
        """Turn topics on or off in a supergroup."""
        chat = self.chat(chat_id).chat
        if is_forum:
            chat["is_forum"] = True
        else:
            chat.pop("is_forum", None)

    def set_member_status(self, chat_id: int, user: UserRef, status: str) -> None:
        """Set a user's status in a group ("member", "administrator", "left", ...)."""
        self.chat(chat_id).members[self.user(user)["id"]] = status

    def changed(self, chat_id: int) -> None:
        """Tell the listeners that a message or topic of this chat appeared or changed."""
        for listener in list(self.listeners):
            listener(chat_id)

    # -- lookups -----------------------------------------------------------------------------

    def user(self, ref: UserRef) -> dict[str, Any]:
        """A known user by dict or id (test helper: unknown users are a test bug)."""
        uid = ref["id"] if isinstance(ref, dict) else ref
        if uid not in self.users:
            raise ValueError(f"unknown user {uid}; create it with add_user()")
        return self.users[uid]

    def chat(self, chat_id: int) -> ChatState:
        """A chat by id (test helper: unknown chats are a test bug)."""
        if chat_id not in self.chats:
            raise ValueError(f"unknown chat {chat_id}; create it with add_group()")
        return self.chats[chat_id]

    def private_chat(self, user: dict[str, Any]) -> ChatState:
        """The user's private chat with the bot, opened when they first write."""
        if user["id"] not in self.chats:
            chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
            for key in ("last_name", "username"):
                if key in user:
                    chat[key] = user[key]
            self.chats[user["id"]] = ChatState(chat)
            self.chats[user["id"]].members.update({user["id"]: "member", self.bot["id"]: "member"})
        self.started.add(user["id"])
        return self.chats[user["id"]]

    def target_chat(self, chat_id: int | str, initiate: bool = False) -> ChatState:
        """The chat a bot call addresses, or the error Telegram gives (initiate: the call
        sends something, which a user must have started the bot for)."""
        state: ChatState | None
        if isinstance(chat_id, str):
            name = chat_id.removeprefix("@").lower()
            state = next((c for c in self.chats.values() if not c.is_private
                          and str(c.chat.get("username", "")).lower() == name), None)  # fmt: skip
        else:
            state = self.chats.get(chat_id)
        if state is None or (state.is_private and state.id not in self.started):
            if initiate and isinstance(chat_id, int) and self._knows_user(chat_id):
                # A user the bot has met in a group but who never started it.
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
            raise bad_request("chat not found")
        if state.is_private and state.id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if state.id in self.left_chats:
            raise ApiError(403, "Forbidden: bot is not a member of the supergroup chat")
        return state

    def _knows_user(self, user_id: int) -> bool:
        """Whether the user shares a group with the bot (so the bot has "seen" them)."""
        present = ("creator", "administrator", "member", "restricted")
        return user_id in self.users and any(
            not state.is_private
            and state.members.get(user_id) in present
            and state.members.get(self.bot["id"]) in present
            for state in self.chats.values()
        )

    def find_message(self, state: ChatState, message_id: int) -> dict[str, Any] | None:
        """A live message of a chat."""
        return state.by_id.get(message_id)

    def chat_member(
        self, status: str, user: dict[str, Any], chat: ChatState | None = None
    ) -> dict[str, Any]:
        """A ChatMember of the given status, its required fields filled from the spec.

        For the bot as an administrator of `chat`, the rights it was given there.
        """
        member: dict[str, Any] = {"status": status, "user": dict(user)}
        for f in self.spec.types[MEMBER_TYPES[status]].values():
            if f.name in member or not f.required:
                continue
            if f.types == ("Integer",):
                member[f.name] = 0
            elif status == "administrator":
                member[f.name] = f.name not in ("can_be_edited", "is_anonymous")
            else:
                member[f.name] = f.name == "is_member"
        if status == "administrator":
            member.update(can_pin_messages=True, can_manage_topics=True)
            if chat is not None and user["id"] == self.bot["id"]:
                member.update(self.bot_rights.get(chat.id, {}))
            if chat is not None and chat.chat["type"] == "group":
                member.pop("can_manage_topics")  # supergroups only
        return member

    # -- messages ----------------------------------------------------------------------------

    def append(
        self,
        state: ChatState,
        sender: dict[str, Any],
        content: dict[str, Any],
        thread_id: int | None = None,
        reply_to: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Store a new message in a chat and return the stored dict."""
        message: dict[str, Any] = {
            "message_id": state.next_id,
            "from": dict(sender),
            "chat": dict(state.chat),
            "date": now(),
        }
        state.next_id += 1
        if state.is_forum and thread_id is None and reply_to and reply_to.get("is_topic_message"):
            # A reply to a topic message lands in that topic.
            thread_id = reply_to["message_thread_id"]
        if state.is_forum and thread_id is not None:
            message["message_thread_id"] = thread_id
            message["is_topic_message"] = True
            if reply_to is None:
                # In a topic, Telegram presents a message as a reply to the topic's creation.
                reply_to = state.by_id.get(thread_id)
        if reply_to is not None:
            snapshot = copy.deepcopy(reply_to)
            snapshot.pop("reply_to_message", None)
            message["reply_to_message"] = snapshot
        message.update(copy.deepcopy(content))
        state.messages.append(message)
        state.by_id[message["message_id"]] = message
        self.changed(state.id)
        return message

    def remove_message(self, state: ChatState, message_id: int) -> None:
        """Delete a message from a chat."""
        message = state.by_id.pop(message_id)
        state.messages.remove(message)
        self.changed(state.id)

    # -- inspection --------------------------------------------------------------------------

    def messages(self, chat_id: int, thread_id: int | None = None) -> list[dict[str, Any]]:
        """Messages of a chat (or of one topic) in order, as Telegram dicts."""
        state = self.chats.get(chat_id)
        if state is None:
            return []
        found = [m for m in state.messages
                 if thread_id is None or m.get("message_thread_id") == thread_id]  # fmt: skip
        return copy.deepcopy(found)

    def bot_messages(self, chat_id: int, thread_id: int | None = None) -> list[dict[str, Any]]:
        """Only the messages the bot sent, without service messages (topic created, ...)."""
        bot_id = self.bot["id"]
        return [m for m in self.messages(chat_id, thread_id)
                if m["from"]["id"] == bot_id and CONTENT_KEYS & m.keys()]  # fmt: skip

    def topics(self, chat_id: int) -> list[Topic]:
        """Forum topics of a chat, deleted ones included."""
        return [copy.copy(t) for t in self.chat(chat_id).topics.values()]

    def calls_to(self, method: str) -> list[ApiCall]:
        """Calls of one method (name case-insensitive)."""
        return [c for c in self.calls if c.method.lower() == method.lower()]

    @property
    def pending_updates(self) -> int:
        """Updates not yet confirmed by getUpdates."""
        return len(self.updates.items)
