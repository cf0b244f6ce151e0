"""Bot API methods that change or delete sent messages."""

from __future__ import annotations

from typing import Any

from .business_world import BusinessChat
from .records import bad_request
from .registry import Call, handles
from .sending import MEDIA_KEYS, caption_content, check_markup, text_content
from .world import ChatState, now, public

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


def _own_message(call: Call) -> tuple[ChatState, dict[str, Any]]:
    if "inline_message_id" in call.params:
        raise bad_request("inline messages are not supported by the stand-in")
    if "chat_id" not in call.params or "message_id" not in call.params:
        raise bad_request("message identifier is not specified")
    connection = call.params.get("business_connection_id")
    if connection is not None:
        state: ChatState = call.world.business_target(connection, call.params["chat_id"])
    else:
        state = call.world.target_chat(call.params["chat_id"])
    message = state.by_id.get(call.params["message_id"])
    if message is None:
        raise bad_request("message to edit not found")
    # In a business chat the bot's messages are the account's, with sender_business_bot.
    sender = message.get("sender_business_bot", message["from"])
    if sender["id"] != call.world.bot["id"]:
        raise bad_request("message can't be edited")
    return state, message


def _apply(message: dict[str, Any], keys: tuple[str, ...], new: dict[str, Any]) -> Any:
    markup = new.pop("reply_markup", None)
    check_markup(markup)
    before = {k: message.get(k) for k in (*keys, "reply_markup")}
    after = {k: new.get(k) for k in keys} | {"reply_markup": markup}
    if before == after:
        raise bad_request(NOT_MODIFIED)
    for key in (*keys, "_html"):
        message.pop(key, None)
    # An edit without reply_markup removes the inline keyboard.
    message.update({k: v for k, v in new.items() if v is not None})
    if markup:
        message["reply_markup"] = markup
    else:
        message.pop("reply_markup", None)
    message["edit_date"] = now()
    return public(message)


def _changed(call: Call, state: ChatState, result: Any) -> Any:
    call.world.changed(state.id)
    if isinstance(state, BusinessChat):
        message = state.by_id[result["message_id"]]
        call.world.deliver_business(state, "edited_business_message", message)
    return result


@handles("editMessageText")
async def edit_message_text(call: Call) -> Any:
    """editMessageText: only the bot's own text messages."""
    state, message = _own_message(call)
    if "text" not in message:
        raise bad_request("there is no text in the message to edit")
    new = text_content(call.params) | {"reply_markup": call.params.get("reply_markup")}
    return _changed(call, state, _apply(message, ("text", "entities"), new))


@handles("editMessageCaption")
async def edit_message_caption(call: Call) -> Any:
    """editMessageCaption: only media messages of the bot; no caption removes it."""
    state, message = _own_message(call)
    if not MEDIA_KEYS & message.keys():
        raise bad_request("there is no caption in the message to edit")
    new = caption_content(call.params) | {"reply_markup": call.params.get("reply_markup")}
    return _changed(call, state, _apply(message, ("caption", "caption_entities"), new))


@handles("editMessageReplyMarkup")
async def edit_message_reply_markup(call: Call) -> Any:
    """editMessageReplyMarkup: no reply_markup removes the keyboard."""
    state, message = _own_message(call)
    html = message.get("_html")
    result = _apply(message, (), {"reply_markup": call.params.get("reply_markup")})
    if html is not None:
        message["_html"] = html
    return _changed(call, state, result)


# "A message can only be deleted if it was sent less than 48 hours ago."
DELETE_WINDOW_SECONDS = 48 * 3600


def _deletable(call: Call, state: ChatState, message: dict[str, Any]) -> bool:
    if "forum_topic_created" in message:
        return False
    if now() - message["date"] >= DELETE_WINDOW_SECONDS:
        return False
    own = message["from"]["id"] == call.world.bot["id"]
    admin = state.members.get(call.world.bot["id"]) in ("administrator", "creator")
    return own or state.is_private or admin


@handles("deleteMessage")
async def delete_message(call: Call) -> Any:
    """deleteMessage."""
    state = call.world.target_chat(call.params["chat_id"])
    message = state.by_id.get(call.params["message_id"])
    if message is None:
        raise bad_request("message to delete not found")
    if not _deletable(call, state, message):
        raise bad_request("message can't be deleted")
    call.world.remove_message(state, message["message_id"])
    return True


@handles("deleteMessages")
async def delete_messages(call: Call) -> Any:
    """deleteMessages: skips messages that are gone or can't be deleted."""
    state = call.world.target_chat(call.params["chat_id"])
    for message_id in call.params["message_ids"]:
        message = state.by_id.get(message_id)
        if message is not None and _deletable(call, state, message):
            call.world.remove_message(state, message_id)
    return True
