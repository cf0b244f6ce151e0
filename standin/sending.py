"""Bot API methods that send messages."""

from __future__ import annotations

import itertools
from typing import Any

from .business_world import BusinessChat
from .formatting import check_length, render
from .records import Upload, bad_request
from .registry import Call, handles
from .world import CONTENT_KEYS, ChatState, World, public

MEDIA_KEYS = frozenset({"animation", "audio", "document", "photo", "video", "voice"})
BUTTON_ACTIONS = frozenset({
    "url", "callback_data", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
    "callback_game", "pay",
})  # fmt: skip
MEDIA_METHODS = {
    "sendPhoto": "photo", "sendDocument": "document", "sendVideo": "video",
    "sendVoice": "voice", "sendAudio": "audio", "sendAnimation": "animation",
    "sendSticker": "sticker", "sendVideoNote": "video_note",
}  # fmt: skip
_album_ids = itertools.count(13_000_000_000_000_001)


def thread_of(state: ChatState, thread_id: int | None) -> int | None:
    """The topic a message goes to, or Telegram's refusal; ignored outside forums."""
    if thread_id is None or not state.is_forum:
        return None
    topic = state.topics.get(thread_id)
    if topic is None or topic.deleted:
        raise bad_request("message thread not found")
    if topic.closed:
        raise bad_request("TOPIC_CLOSED")
    return thread_id


def reply_target(world: World, state: ChatState, params: dict[str, Any]) -> dict[str, Any] | None:
    """The message replied to per reply_parameters (same-chat replies only)."""
    reply = params.get("reply_parameters")
    if not reply:
        return None
    other = reply.get("chat_id")
    target = state if other in (None, state.id) else world.chats.get(other)
    found = target.by_id.get(reply["message_id"]) if target else None
    if found is None and not reply.get("allow_sending_without_reply"):
        raise bad_request("message to be replied not found")
    return found if target is state else None


def check_markup(markup: Any) -> None:
    """Telegram's own checks of an inline keyboard."""
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return
    for row in markup["inline_keyboard"]:
        for button in row:
            if not BUTTON_ACTIONS & button.keys():
                raise bad_request(
                    "can't parse inline keyboard button: "
                    "Text buttons are unallowed in the inline keyboard"
                )
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= 64:
                raise bad_request("BUTTON_DATA_INVALID")


def text_content(params: dict[str, Any]) -> dict[str, Any]:
    """text/entities of a text message after entity parsing."""
    text, entities = render(params["text"], params.get("parse_mode"), params.get("entities"))
    if not text.strip():
        raise bad_request("message text is empty")
    if error := check_length(text, 4096, caption=False):
        raise error
    content: dict[str, Any] = {"text": text}
    if entities:
        content["entities"] = entities
    if str(params.get("parse_mode", "")).lower() == "html":
        content["_html"] = params["text"]
    return content


def caption_content(params: dict[str, Any], prefix: str = "caption") -> dict[str, Any]:
    """caption/caption_entities after entity parsing (empty when no caption)."""
    raw = params.get(prefix)
    if not raw:
        return {}
    mode = params.get("parse_mode")
    caption, entities = render(raw, mode, params.get(f"{prefix}_entities"))
    if error := check_length(caption, 1024, caption=True):
        raise error
    content: dict[str, Any] = {"caption": caption} if caption.strip() else {}
    if entities and content:
        content["caption_entities"] = entities
    if content and str(mode or "").lower() == "html":
        content["_html"] = raw
    return content


def destination(call: Call) -> ChatState:
    """The chat a send addresses: with business_connection_id the business account's chat
    with that person, else the bot's own chat."""
    connection = call.params.get("business_connection_id")
    if connection is not None:
        return call.world.business_target(connection, call.params["chat_id"])
    return call.world.target_chat(call.params["chat_id"], initiate=True)


def deliver(call: Call, state: ChatState, content: dict[str, Any]) -> dict[str, Any]:
    """Store a bot message in its chat, honouring thread, reply and markup parameters; in a
    business chat, as the account's message (echoed to the bot as business_message)."""
    params, world = call.params, call.world
    thread_id = thread_of(state, params.get("message_thread_id"))
    reply = reply_target(world, state, params)
    markup = params.get("reply_markup")
    check_markup(markup)
    if markup and "inline_keyboard" in markup:
        content["reply_markup"] = markup
    elif markup:
        # Only inline keyboards show up in Message.reply_markup; keep others on the side.
        content["_reply_markup"] = markup
    if params.get("protect_content"):
        content["has_protected_content"] = True
    if isinstance(state, BusinessChat):
        return world.bot_business_send(state, content, reply)
    return world.append(state, world.bot, content, thread_id=thread_id, reply_to=reply)


@handles("sendMessage")
async def send_message(call: Call) -> Any:
    """sendMessage."""
    state = destination(call)
    return public(deliver(call, state, text_content(call.params)))


async def _send_media(call: Call) -> Any:
    kind = MEDIA_METHODS[call.method]
    state = destination(call)
    content = {kind: call.world.files.media_for(kind, call.params[kind])}
    if kind != "sticker":
        content.update(caption_content(call.params))
    return public(deliver(call, state, content))


handles(*MEDIA_METHODS)(_send_media)


@handles("sendLocation")
async def send_location(call: Call) -> Any:
    """sendLocation."""
    state = destination(call)
    point = {"latitude": call.params["latitude"], "longitude": call.params["longitude"]}
    return public(deliver(call, state, {"location": point}))


@handles("sendMediaGroup")
async def send_media_group(call: Call) -> Any:
    """sendMediaGroup: 2-10 items sharing a media_group_id."""
    state = destination(call)
    items = call.params["media"]
    if not 2 <= len(items) <= 10:
        raise bad_request("media group must contain 2-10 items")
    kinds = {item["type"] for item in items}
    for alone in ("document", "audio"):
        if alone in kinds and len(kinds) > 1:
            raise bad_request(f"{alone} can't be mixed with other media types")
    contents = []
    for item in items:
        media: Any = item["media"]
        if isinstance(media, str) and media.startswith("attach://"):
            media = call.uploads.get(media[9:])
            if not isinstance(media, Upload):
                raise bad_request(f"file {item['media']} not found in the request")
        content = {item["type"]: call.world.files.media_for(item["type"], media)}
        content.update(caption_content(item))
        contents.append(content)
    album = str(next(_album_ids))
    return [public(deliver(call, state, {**c, "media_group_id": album})) for c in contents]


def _source(call: Call, missing: str) -> dict[str, Any]:
    state = call.world.chats.get(call.params["from_chat_id"])
    if state is None:
        # The bot knows a person from a business chat, but its own chat with them is empty.
        raise bad_request(missing if call.world.business_peer(call.params["from_chat_id"])
                          else "chat not found")  # fmt: skip
    message = state.by_id.get(call.params["message_id"])
    if message is None:
        raise bad_request(missing)
    return message


def copyable(message: dict[str, Any]) -> dict[str, Any] | None:
    """The content of a message to copy, or None for service messages."""
    content = {k: v for k, v in message.items() if k in CONTENT_KEYS}
    return content or None


def _copy_content(call: Call, source: dict[str, Any]) -> dict[str, Any]:
    content = copyable(source)
    # Telegram copies no service, paid media, giveaway or invoice messages (copyMessage).
    if content is None or "paid_media" in content:
        raise bad_request("message can't be copied")
    if "caption" in call.params and MEDIA_KEYS & content.keys():
        for key in ("caption", "caption_entities", "_html"):
            content.pop(key, None)
        content.update(caption_content(call.params))
    if call.params.get("remove_caption"):
        content.pop("caption", None)
        content.pop("caption_entities", None)
    return content


@handles("copyMessage")
async def copy_message(call: Call) -> Any:
    """copyMessage: the same content, no link to the original; returns MessageId."""
    state = call.world.target_chat(call.params["chat_id"], initiate=True)
    content = _copy_content(call, _source(call, "message to copy not found"))
    return {"message_id": deliver(call, state, content)["message_id"]}


@handles("copyMessages", "forwardMessages")
async def copy_messages(call: Call) -> Any:
    """copyMessages/forwardMessages: skips missing and service messages, keeps albums."""
    state = call.world.target_chat(call.params["chat_id"], initiate=True)
    ids = call.params["message_ids"]
    if not 1 <= len(ids) <= 100:
        raise bad_request("too many messages to copy" if ids else "message_ids is empty")
    if any(b <= a for a, b in itertools.pairwise(ids)):
        raise bad_request("message identifiers must be in a strictly increasing order")
    source = call.world.chats.get(call.params["from_chat_id"])
    if source is None and call.world.business_peer(call.params["from_chat_id"]):
        return []  # known from a business chat; nothing in the bot's own chat to copy
    if source is None:
        raise bad_request("chat not found")
    albums: dict[str, str] = {}
    sent = []
    for message_id in ids:
        original = source.by_id.get(message_id)
        content = copyable(original) if original else None
        if original is None or content is None:
            continue
        if "paid_media" in content and call.method == "copyMessages":
            continue
        if call.params.get("remove_caption"):
            content.pop("caption", None)
            content.pop("caption_entities", None)
        if group := original.get("media_group_id"):
            content["media_group_id"] = albums.setdefault(group, str(next(_album_ids)))
        if call.method == "forwardMessages":
            content["forward_origin"] = origin(original)
        sent.append({"message_id": deliver(call, state, content)["message_id"]})
    return sent


def origin(message: dict[str, Any]) -> dict[str, Any]:
    """forward_origin of a forward of message (a forward keeps the first origin)."""
    if "forward_origin" in message:
        return dict(message["forward_origin"])
    return {"type": "user", "sender_user": message["from"], "date": message["date"]}


@handles("forwardMessage")
async def forward_message(call: Call) -> Any:
    """forwardMessage: the same content with forward_origin."""
    state = call.world.target_chat(call.params["chat_id"], initiate=True)
    source = _source(call, "message to forward not found")
    content = copyable(source)
    if content is None:
        raise bad_request("message can't be forwarded")
    content["forward_origin"] = origin(source)
    return public(deliver(call, state, content))
