"""Sending a stored message again by its kind, where Telegram cannot copy it: into or out of
a business chat (copyMessage addresses only the bot's own chats). Files travel by file_id.

The stored content is the Message's own fields as JSON (handlers.common.content_of).
"""

from __future__ import annotations

import json
from typing import Any

from telegram import (
    Bot,
    InputMediaAudio,
    InputMediaDocument,
    InputMediaPhoto,
    InputMediaVideo,
    Message,
    MessageEntity,
    ReplyParameters,
)

from views.texts import CAPTION_LIMIT, TEXT_LIMIT

_ALBUM_MEDIA = {
    "photo": InputMediaPhoto,
    "video": InputMediaVideo,
    "document": InputMediaDocument,
    "audio": InputMediaAudio,
}


class NotResendable(Exception):
    """A kind no Bot API method sends (a poll of someone else's, a story, paid media)."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"{kind} can't be sent again")
        self.kind = kind


def _entities(raw: Any, shift: int) -> list[MessageEntity] | None:
    if not raw:
        return None
    shifted = [{**entity, "offset": entity["offset"] + shift} for entity in raw]
    return list(MessageEntity.de_list(shifted))


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _signed(words: str | None, signature: str | None, limit: int) -> tuple[str | None, int]:
    """The words with the signature line above them (if it fits), and the entity shift."""
    if not signature:
        return words, 0
    head = f"{signature}\n"
    signed = head + (words or "")
    if _utf16(signed) > limit:
        return words, 0
    return signed.rstrip("\n"), _utf16(head)


async def resend(
    bot: Bot,
    content_json: str,
    chat_id: int,
    *,
    thread_id: int | None = None,
    business_connection_id: str | None = None,
    reply: ReplyParameters | None = None,
    signature: str | None = None,
) -> Message:
    """Send what a stored message carried, with the method of its kind."""
    content: dict[str, Any] = json.loads(content_json)
    where: dict[str, Any] = {
        "chat_id": chat_id,
        "message_thread_id": thread_id,
        "business_connection_id": business_connection_id,
        "reply_parameters": reply,
    }
    if "text" in content:
        text, shift = _signed(content["text"], signature, TEXT_LIMIT)
        return await bot.send_message(
            text=text or "", entities=_entities(content.get("entities"), shift), **where
        )
    caption, shift = _signed(content.get("caption"), signature, CAPTION_LIMIT)
    captioned: dict[str, Any] = {
        "caption": caption,
        "caption_entities": _entities(content.get("caption_entities"), shift),
    }
    if "photo" in content:
        return await bot.send_photo(
            photo=content["photo"][-1]["file_id"],
            has_spoiler=bool(content.get("has_media_spoiler")),
            show_caption_above_media=content.get("show_caption_above_media"),
            **captioned,
            **where,
        )
    if "video" in content:
        return await bot.send_video(
            video=content["video"]["file_id"],
            has_spoiler=bool(content.get("has_media_spoiler")),
            show_caption_above_media=content.get("show_caption_above_media"),
            **captioned,
            **where,
        )
    if "animation" in content:
        return await bot.send_animation(
            animation=content["animation"]["file_id"],
            has_spoiler=bool(content.get("has_media_spoiler")),
            **captioned,
            **where,
        )
    if "document" in content:
        return await bot.send_document(
            document=content["document"]["file_id"], **captioned, **where
        )
    if "audio" in content:
        return await bot.send_audio(audio=content["audio"]["file_id"], **captioned, **where)
    if "voice" in content:
        return await bot.send_voice(voice=content["voice"]["file_id"], **captioned, **where)
    return await _resend_plain(bot, content, where)


async def _resend_plain(bot: Bot, content: dict[str, Any], where: dict[str, Any]) -> Message:
    """Kinds without a caption."""
    if "video_note" in content:
        return await bot.send_video_note(video_note=content["video_note"]["file_id"], **where)
    if "sticker" in content:
        return await bot.send_sticker(sticker=content["sticker"]["file_id"], **where)
    if "venue" in content:
        venue = content["venue"]
        return await bot.send_venue(
            latitude=venue["location"]["latitude"],
            longitude=venue["location"]["longitude"],
            title=venue["title"],
            address=venue["address"],
            **where,
        )
    if "location" in content:
        point = content["location"]
        return await bot.send_location(
            latitude=point["latitude"], longitude=point["longitude"], **where
        )
    if "contact" in content:
        contact = content["contact"]
        return await bot.send_contact(
            phone_number=contact["phone_number"],
            first_name=contact["first_name"],
            last_name=contact.get("last_name"),
            vcard=contact.get("vcard"),
            **where,
        )
    if "dice" in content:
        return await bot.send_dice(emoji=content["dice"]["emoji"], **where)
    kind = next((key for key in ("poll", "story", "paid_media") if key in content), "message")
    raise NotResendable(kind)


async def resend_album(
    bot: Bot,
    contents: list[str],
    chat_id: int,
    *,
    thread_id: int | None = None,
    business_connection_id: str | None = None,
    signature: str | None = None,
) -> tuple[Message, ...]:
    """An album again, as one media group (2–10 photos/videos, or documents, or audios)."""
    media = []
    for index, content_json in enumerate(contents):
        content = json.loads(content_json)
        kind = next((k for k in _ALBUM_MEDIA if k in content), None)
        if kind is None:
            raise NotResendable("album")
        file = content[kind][-1] if kind == "photo" else content[kind]
        caption, shift = _signed(
            content.get("caption"), signature if index == 0 else None, CAPTION_LIMIT
        )
        media.append(
            _ALBUM_MEDIA[kind](
                media=file["file_id"],
                caption=caption,
                caption_entities=_entities(content.get("caption_entities"), shift),
            )
        )
    return await bot.send_media_group(
        chat_id=chat_id,
        media=media,
        message_thread_id=thread_id,
        business_connection_id=business_connection_id,
    )
