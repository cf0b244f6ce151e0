"""Bot API methods about business accounts (sends with business_connection_id are handled
by the ordinary send methods, see sending.destination)."""

from __future__ import annotations

from typing import Any

from .business_world import BOT_ACCESS_FORBIDDEN, BusinessChat
from .records import ApiError, bad_request
from .registry import Call, handles


@handles("getBusinessConnection")
async def get_business_connection(call: Call) -> Any:
    """getBusinessConnection: also a disconnected one (is_enabled false)."""
    link = call.world.business.get(call.params["business_connection_id"])
    if link is None:
        raise bad_request("business connection not found")
    return link.connection()


@handles("readBusinessMessage")
async def read_business_message(call: Call) -> Any:
    """readBusinessMessage: needs can_read_messages and a chat active in the last 24 hours."""
    p = call.params
    state = call.world.business_target(
        p["business_connection_id"], p["chat_id"], right="can_read_messages"
    )
    if p["message_id"] not in state.by_id:
        raise bad_request("message not found")
    state.read.add(p["message_id"])
    return True


@handles("deleteBusinessMessages")
async def delete_business_messages(call: Call) -> Any:
    """deleteBusinessMessages: the bot's own messages with can_delete_sent_messages, any
    with can_delete_all_messages; all from one chat (others are left alone)."""
    world = call.world
    link = world.business_link(call.params["business_connection_id"])
    ids: list[int] = call.params["message_ids"]
    if not 1 <= len(ids) <= 100:
        raise bad_request("message_ids must hold 1-100 identifiers")
    state: BusinessChat | None = next(
        (chat for chat in link.chats.values() if any(i in chat.by_id for i in ids)), None
    )
    if state is None:
        raise bad_request("message to delete not found")
    found = [i for i in ids if i in state.by_id]
    for message_id in found:
        own = world.is_bot_business_message(state.by_id[message_id])
        allowed = link.rights.get("can_delete_all_messages") or (
            own and link.rights.get("can_delete_sent_messages")
        )
        if not allowed:
            raise ApiError(403, BOT_ACCESS_FORBIDDEN)
    for message_id in found:
        world.remove_message(state, message_id)
    deleted = {"business_connection_id": link.id, "chat": dict(state.chat),
               "message_ids": found}  # fmt: skip
    world.deliver_business(state, "deleted_business_messages", deleted)
    return True
