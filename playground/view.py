"""What the page shows: stand-in messages and topics turned into small display records."""

from __future__ import annotations

import html
import itertools
from typing import Any

from standin.files import FileStore

# Telegram's six topic icon colours, by the number the Bot API uses.
TOPIC_COLORS = {
    7322096: "#6fb9f0", 16766590: "#ffd67e", 13338331: "#cb86db",
    9367192: "#8eee98", 16749490: "#ff93b2", 16478047: "#fb6f5f",
}  # fmt: skip
MEDIA = {
    "photo": ("📷", "Photo"), "video": ("🎬", "Video"), "animation": ("🎞", "GIF"),
    "voice": ("🎤", "Voice message"), "audio": ("🎵", "Audio"), "document": ("📄", "File"),
    "sticker": ("🙂", "Sticker"), "video_note": ("⏺", "Video message"),
    "location": ("📍", "Location"), "venue": ("📍", "Venue"), "contact": ("👤", "Contact"),
    "poll": ("📊", "Poll"), "dice": ("🎲", "Dice"),
}  # fmt: skip
_TAGS = {
    "bold": "b", "italic": "i", "underline": "u", "strikethrough": "s", "code": "code",
    "pre": "pre", "blockquote": "blockquote", "expandable_blockquote": "blockquote",
}  # fmt: skip
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF8", b"RIFF")


def person(user: dict[str, Any]) -> dict[str, Any]:
    """A user as the page names them."""
    name = " ".join(part for part in (user.get("first_name"), user.get("last_name")) if part)
    return {
        "id": user["id"],
        "name": name,
        "username": user.get("username"),
        "language": user.get("language_code"),
    }


def entities_to_html(text: str, entities: list[dict[str, Any]] | None) -> str:
    """Text with Telegram entities (UTF-16 offsets) as safe HTML."""
    units = text.encode("utf-16-le")
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    for entity in sorted(entities or [], key=lambda e: (e["offset"], -e["length"])):
        start, end = entity["offset"], entity["offset"] + entity["length"]
        tag, attrs = _tag(entity)
        if tag is None:
            continue
        opens.setdefault(start, []).append(f"<{tag}{attrs}>")
        closes.setdefault(end, []).insert(0, f"</{tag}>")
    size = len(units) // 2
    points = sorted({0, size} | {p for p in (*opens, *closes) if 0 <= p <= size})
    out: list[str] = []
    for here, there in itertools.zip_longest(points, points[1:]):
        out.extend(closes.get(here, []))
        out.extend(opens.get(here, []))
        if there is not None:
            out.append(html.escape(units[2 * here : 2 * there].decode("utf-16-le", "replace")))
    return "".join(out).replace("\n", "<br>")


def _tag(entity: dict[str, Any]) -> tuple[str | None, str]:
    kind = entity["type"]
    if kind == "text_link":
        url = str(entity.get("url", ""))
        if url.startswith(("http://", "https://", "tg://")):
            return "a", f' href="{html.escape(url)}" target="_blank" rel="noopener"'
        return None, ""
    if kind == "spoiler":
        return "span", ' class="spoiler"'
    if kind in ("bot_command", "mention", "hashtag", "email", "phone_number", "url"):
        return "span", ' class="link"'
    tag = _TAGS.get(kind)
    return tag, ""


def media_of(message: dict[str, Any], files: FileStore) -> dict[str, Any] | None:
    """The attachment: kind, icon, label and a URL for pictures and files the page can show."""
    kind = next((k for k in MEDIA if k in message), None)
    if kind is None:
        return None
    value = message[kind]
    icon, label = MEDIA[kind]
    shown: dict[str, Any] = {"kind": kind, "icon": icon, "label": label, "url": None}
    if kind == "photo":
        file_id = value[-1]["file_id"]
        stored = files.by_id.get(file_id)
        if stored is not None and stored.data.startswith(_IMAGE_MAGIC):
            shown["url"] = f"/api/files/{file_id}"
    elif kind == "sticker":
        shown["icon"] = value.get("emoji") or icon
    elif kind in ("document", "audio", "video", "animation"):
        shown["label"] = str(value.get("file_name") or label)
        shown["url"] = f"/api/files/{value['file_id']}"
    elif kind == "voice":
        shown["label"] = f"{label} · 0:{int(value.get('duration', 0)):02d}"
    return shown


def service_text(message: dict[str, Any]) -> str | None:
    """The grey line Telegram shows for a service message, None for ordinary ones."""
    if created := message.get("forum_topic_created"):
        return f"Topic “{created['name']}” created"
    if edited := message.get("forum_topic_edited"):
        return f"Topic renamed to “{edited['name']}”" if "name" in edited else "Topic edited"
    if "forum_topic_closed" in message:
        return "Topic closed"
    if "forum_topic_reopened" in message:
        return "Topic reopened"
    return None


def preview(message: dict[str, Any]) -> str:
    """One line of a message, for quotes and the topic list."""
    text = message.get("text") or message.get("caption")
    if text:
        return str(text).split("\n", 1)[0][:120]
    kind = next((k for k in MEDIA if k in message), None)
    if kind is not None:
        return " ".join(MEDIA[kind])
    return service_text(message) or "Message"


def message_view(message: dict[str, Any], files: FileStore) -> dict[str, Any]:
    """One message as the page draws it."""
    sender = message["from"]
    text = message.get("text")
    entities = message.get("entities")
    if text is None:
        text, entities = message.get("caption"), message.get("caption_entities")
    view: dict[str, Any] = {
        "id": message["message_id"],
        "thread": message.get("message_thread_id"),
        "from": person(sender) | {"bot": bool(sender.get("is_bot"))},
        "date": message["date"],
        "edited": "edit_date" in message,
        "html": entities_to_html(text, entities) if text else "",
        "media": media_of(message, files),
        "service": service_text(message),
        "reply": None,
        "buttons": _buttons(message),
    }
    quoted = message.get("reply_to_message")
    # In a topic every message "replies" to the topic's creation; that is no quote.
    if quoted and "forum_topic_created" not in quoted:
        view["reply"] = {
            "id": quoted["message_id"],
            "name": person(quoted["from"])["name"],
            "text": preview(quoted),
        }
    if origin := message.get("forward_origin"):
        user = origin.get("sender_user")
        view["forwarded"] = person(user)["name"] if user else origin.get("sender_user_name")
    return view


def _buttons(message: dict[str, Any]) -> list[list[dict[str, str]]]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    return [
        [
            {"text": b["text"], "data": b.get("callback_data", ""), "url": b.get("url", "")}
            for b in row
        ]
        for row in rows
    ]


def topic_color(icon_color: int) -> str:
    """The CSS colour of a topic icon."""
    return TOPIC_COLORS.get(icon_color, "#6fb9f0")
