"""Saving the stand-in's world to JSON and back, so a kept playground picks up where it was."""

from __future__ import annotations

import base64
import itertools
from dataclasses import asdict
from typing import Any

from .business_world import BusinessChat, BusinessLink, BusinessWorld
from .files import StoredFile
from .records import Topic
from .world import ChatState, World

VERSION = 1


def dump(world: World) -> dict[str, Any]:
    """Users, chats, files and unconfirmed updates as plain JSON-able data."""
    return {
        "version": VERSION,
        "users": list(world.users.values()),
        "chats": [_dump_chat(state) for state in world.chats.values()],
        "started": sorted(world.started),
        "blocked": sorted(world.blocked),
        "left_chats": sorted(world.left_chats),
        "files": [_dump_file(stored) for stored in world.files.by_id.values()],
        "updates": world.updates.items,
        "next_update_id": world.updates._next_id,
        "commands": world.commands,
        "business": [_dump_link(link) for link in _links(world)],
    }


def restore(world: World, data: dict[str, Any]) -> None:
    """Put a fresh world back into the state dump() saw; ValueError if it cannot be read."""
    if data.get("version") != VERSION:
        raise ValueError(f"unknown saved world version {data.get('version')!r}")
    world.users = {int(user["id"]): user for user in data["users"]}
    world.chats = {}
    for saved in data["chats"]:
        state = _load_chat(saved)
        world.chats[state.id] = state
    world.started = set(data["started"])
    world.blocked = set(data["blocked"])
    world.left_chats = set(data["left_chats"])
    for saved in data["files"]:
        stored = StoredFile(
            saved["file_id"],
            saved["unique_id"],
            saved["kind"],
            saved["path"],
            base64.b64decode(saved["data"]),
            saved["media"],
        )
        world.files.by_id[stored.file_id] = stored
        world.files.by_path[stored.path] = stored
    world.updates.items = list(data["updates"])
    world.updates._next_id = int(data["next_update_id"])
    world.commands = dict(data["commands"])
    # New ids continue after the restored ones, as Telegram's would.
    world.files._ids = itertools.count(len(world.files.by_path) + 1)
    world._user_ids = itertools.count(max(world.users, default=999) + 1)
    groups = sum(1 for state in world.chats.values() if not state.is_private)
    world._group_ids = itertools.count(groups + 1)
    if isinstance(world, BusinessWorld):
        # Saved before Telegram Business was modelled: no business connections.
        links = [_load_link(saved) for saved in data.get("business", [])]
        world.business = {link.id: link for link in links}
        world._connection_ids = itertools.count(len(links) + 1)


def _dump_chat(state: ChatState) -> dict[str, Any]:
    return {
        "chat": state.chat,
        "next_id": state.next_id,
        "messages": state.messages,
        "topics": [asdict(topic) for topic in state.topics.values()],
        "members": [[user_id, status] for user_id, status in state.members.items()],
    }


def _load_chat(saved: dict[str, Any]) -> ChatState:
    state = ChatState(saved["chat"], next_id=int(saved["next_id"]), messages=saved["messages"])
    state.by_id = {message["message_id"]: message for message in state.messages}
    state.topics = {topic["thread_id"]: Topic(**topic) for topic in saved["topics"]}
    state.members = {int(user_id): status for user_id, status in saved["members"]}
    return state


def _dump_file(stored: StoredFile) -> dict[str, Any]:
    return {
        "file_id": stored.file_id,
        "unique_id": stored.unique_id,
        "kind": stored.kind,
        "path": stored.path,
        "data": base64.b64encode(stored.data).decode(),
        "media": stored.media,
    }


def _links(world: World) -> list[BusinessLink]:
    return list(world.business.values()) if isinstance(world, BusinessWorld) else []


def _dump_link(link: BusinessLink) -> dict[str, Any]:
    chats = [
        _dump_chat(state) | {"last_incoming": state.last_incoming, "read": sorted(state.read)}
        for state in link.chats.values()
    ]
    return {"id": link.id, "user": link.user, "date": link.date, "rights": link.rights,
            "enabled": link.enabled, "next_id": link.next_id, "chats": chats}  # fmt: skip


def _load_link(saved: dict[str, Any]) -> BusinessLink:
    link = BusinessLink(saved["id"], saved["user"], int(saved["date"]), dict(saved["rights"]),
                        bool(saved["enabled"]), int(saved["next_id"]))  # fmt: skip
    for chat in saved["chats"]:
        plain = _load_chat(chat)
        state = BusinessChat(plain.chat, plain.next_id, plain.messages, plain.by_id,
                             connection_id=link.id, last_incoming=chat["last_incoming"],
                             read=set(chat["read"]))  # fmt: skip
        link.chats[state.id] = state
    return link
