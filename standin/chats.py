"""Bot API methods about the bot, updates, chats, members, topics and files."""

from __future__ import annotations

import json
import re
from typing import Any

from .records import ApiError, bad_request
from .registry import Call, handles
from .scenes import TOPIC_COLORS
from .sending import destination, thread_of
from .world import ChatState

CHAT_ACTIONS = frozenset({
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note",
    "upload_video_note",
})  # fmt: skip
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_SECRET = re.compile(r"[A-Za-z0-9_\-]{1,256}")


@handles("getMe")
async def get_me(call: Call) -> Any:
    """getMe."""
    return call.world.bot | {
        "can_join_groups": True, "can_read_all_group_messages": False,
        "supports_inline_queries": False, "can_connect_to_business": True,
        "has_main_web_app": False,
    }  # fmt: skip


@handles("getUpdates")
async def get_updates(call: Call) -> Any:
    """getUpdates with offset confirmation and long polling."""
    if call.world.webhook["url"]:
        raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                       "use deleteWebhook to delete the webhook first")  # fmt: skip
    p = call.params
    return await call.world.updates.poll(
        p.get("offset"), p.get("limit", 100), p.get("timeout", 0), p.get("allowed_updates")
    )


@handles("setWebhook")
async def set_webhook(call: Call) -> Any:
    """setWebhook: stored only, nothing is delivered."""
    url = call.params.get("url", "")
    if url and not url.startswith("https://"):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = call.params.get("secret_token")
    if secret is not None and not _SECRET.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    if call.params.get("drop_pending_updates"):
        call.world.updates.drop_all()
    call.world.webhook = {"url": url, "secret_token": secret,
                          "allowed_updates": call.params.get("allowed_updates")}  # fmt: skip
    return True


@handles("deleteWebhook")
async def delete_webhook(call: Call) -> Any:
    """deleteWebhook."""
    if call.params.get("drop_pending_updates"):
        call.world.updates.drop_all()
    call.world.webhook = {"url": ""}
    return True


@handles("getWebhookInfo")
async def get_webhook_info(call: Call) -> Any:
    """getWebhookInfo."""
    hook = call.world.webhook
    info: dict[str, Any] = {"url": hook["url"], "has_custom_certificate": False,
                            "pending_update_count": call.world.pending_updates}  # fmt: skip
    if hook["url"]:
        info["max_connections"] = 40
        if hook.get("allowed_updates"):
            info["allowed_updates"] = hook["allowed_updates"]
    return info


def _commands_key(call: Call) -> str:
    scope = call.params.get("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True) + "|" + call.params.get("language_code", "")


@handles("setMyCommands")
async def set_my_commands(call: Call) -> Any:
    """setMyCommands."""
    commands = call.params["commands"]
    if len(commands) > 100:
        raise bad_request("too many commands")
    for command in commands:
        if not _COMMAND.fullmatch(command["command"]):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(command["description"]) <= 256:
            raise bad_request("command description must be 1-256 characters")
    call.world.commands[_commands_key(call)] = commands
    return True


@handles("getMyCommands")
async def get_my_commands(call: Call) -> Any:
    """getMyCommands."""
    return call.world.commands.get(_commands_key(call), [])


@handles("deleteMyCommands")
async def delete_my_commands(call: Call) -> Any:
    """deleteMyCommands."""
    call.world.commands.pop(_commands_key(call), None)
    return True


@handles("answerCallbackQuery")
async def answer_callback_query(call: Call) -> Any:
    """answerCallbackQuery: once per pressed button."""
    query = call.world.callback_queries.get(call.params["callback_query_id"])
    if query is None or query["answered"]:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    if len(call.params.get("text", "")) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    query["answered"] = True
    query["answer"] = dict(call.params)
    return True


def _forum(call: Call) -> ChatState:
    state = call.world.target_chat(call.params["chat_id"])
    if not state.is_forum:
        raise bad_request("the chat is not a forum")
    if state.members.get(call.world.bot["id"]) not in ("administrator", "creator") or not (
        call.world.bot_rights.get(state.id, {}).get("can_manage_topics", True)
    ):
        raise bad_request("not enough rights to manage topics in the chat")
    return state


def _topic_event(call: Call, state: ChatState, thread_id: int, event: dict[str, Any]) -> None:
    call.world.append(state, call.world.bot, event, thread_id=thread_id)


def _check_name(name: str) -> None:
    if not 1 <= len(name) <= 128:
        raise bad_request("TOPIC_NAME_INVALID")


@handles("createForumTopic")
async def create_forum_topic(call: Call) -> Any:
    """createForumTopic: the thread id is the id of its forum_topic_created message."""
    state = _forum(call)
    _check_name(call.params["name"])
    color = call.params.get("icon_color", TOPIC_COLORS[0])
    if color not in TOPIC_COLORS:
        raise bad_request("TOPIC_ICON_COLOR_INVALID")
    emoji = call.params.get("icon_custom_emoji_id")
    topic = call.world.open_topic(state, call.world.bot, call.params["name"], color, emoji)
    result = {"message_thread_id": topic.thread_id, "name": topic.name, "icon_color": color}
    return result | ({"icon_custom_emoji_id": emoji} if emoji else {})


def _topic(call: Call) -> tuple[ChatState, Any]:
    state = _forum(call)
    topic = state.topics.get(call.params["message_thread_id"])
    if topic is None or topic.deleted:
        raise bad_request("TOPIC_ID_INVALID")
    return state, topic


@handles("editForumTopic")
async def edit_forum_topic(call: Call) -> Any:
    """editForumTopic."""
    state, topic = _topic(call)
    change = {k: call.params[k] for k in ("name", "icon_custom_emoji_id") if k in call.params}
    if "name" in change:
        _check_name(change["name"])
    if all(getattr(topic, k) == v for k, v in change.items()):
        raise bad_request("TOPIC_NOT_MODIFIED")
    for key, value in change.items():
        setattr(topic, key, value)
    _topic_event(call, state, topic.thread_id, {"forum_topic_edited": change})
    return True


@handles("closeForumTopic", "reopenForumTopic")
async def close_or_reopen_forum_topic(call: Call) -> Any:
    """closeForumTopic / reopenForumTopic."""
    state, topic = _topic(call)
    closing = call.method == "closeForumTopic"
    if topic.closed == closing:
        raise bad_request("TOPIC_NOT_MODIFIED")
    topic.closed = closing
    event = "forum_topic_closed" if closing else "forum_topic_reopened"
    _topic_event(call, state, topic.thread_id, {event: {}})
    return True


@handles("deleteForumTopic")
async def delete_forum_topic(call: Call) -> Any:
    """deleteForumTopic: the topic and all its messages."""
    state, topic = _topic(call)
    call.world.delete_topic(state.id, topic.thread_id)
    return True


@handles("leaveChat")
async def leave_chat(call: Call) -> Any:
    """leaveChat: the bot stops getting updates from the chat."""
    world = call.world
    state = world.target_chat(call.params["chat_id"])
    if state.is_private:
        raise bad_request("chat member status can't be changed in private chats")
    old = state.members.get(world.bot["id"], "member")
    state.members[world.bot["id"]] = "left"
    world.left_chats.add(state.id)
    world.member_update(state, world.bot, old, "left")
    return True


@handles("getChat")
async def get_chat(call: Call) -> Any:
    """getChat: a ChatFullInfo."""
    state = call.world.target_chat(call.params["chat_id"])
    gifts = dict.fromkeys(("unlimited_gifts", "limited_gifts", "unique_gifts",
                           "premium_subscription", "gifts_from_channels"), False)  # fmt: skip
    return state.chat | {"accent_color_id": 0, "max_reaction_count": 11,
                         "accepted_gift_types": gifts}  # fmt: skip


@handles("getChatMember")
async def get_chat_member(call: Call) -> Any:
    """getChatMember: known users only."""
    world = call.world
    state = world.target_chat(call.params["chat_id"])
    user_id = call.params["user_id"]
    user = world.bot if user_id == world.bot["id"] else world.users.get(user_id)
    if user is None:
        raise bad_request("user not found")
    return world.chat_member(state.members.get(user_id, "left"), user, state)


@handles("sendChatAction")
async def send_chat_action(call: Call) -> Any:
    """sendChatAction (with business_connection_id: in the business account's chat)."""
    state = destination(call)
    thread_of(state, call.params.get("message_thread_id"))
    if call.params["action"] not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


@handles("getFile")
async def get_file(call: Call) -> Any:
    """getFile: file_path is then fetched from the file URL."""
    stored = call.world.files.get(call.params["file_id"])
    return {"file_id": stored.file_id, "file_unique_id": stored.unique_id,
            "file_size": len(stored.data), "file_path": stored.path}  # fmt: skip
