"""What a user's message carries, as the scenes make it: text, a file, a place or a contact."""

from __future__ import annotations

from typing import Any, TypedDict

from .files import FileStore
from .formatting import command_entities

MEDIA_KINDS = (
    "photo", "document", "voice", "sticker", "location", "video", "audio", "animation",
    "video_note", "contact", "venue",
)  # fmt: skip
# Kinds without a caption in Telegram's apps.
NO_CAPTION = frozenset({"sticker", "video_note", "location", "contact", "venue"})
SAMPLE_LOCATION = {"latitude": 52.520008, "longitude": 13.404954}
SAMPLE_CONTACT = {"phone_number": "+49 30 1234567", "first_name": "Anna"}
SAMPLE_VENUE = {"title": "Corner Bakery", "address": "Main St 1"}


class MediaKinds(TypedDict, total=False):
    """The kind of a user's message other than text: at most one of these is True."""

    photo: bool
    document: bool
    voice: bool
    sticker: bool
    location: bool
    video: bool
    audio: bool
    animation: bool
    video_note: bool
    contact: bool
    venue: bool


def message_content(
    files: FileStore,
    text: str | None,
    caption: str | None,
    kinds: MediaKinds | dict[str, bool],
    data: bytes | None = None,
) -> dict[str, Any]:
    """The content of a user's message (data: the file's bytes); ValueError for a test bug."""
    unknown = set(kinds) - set(MEDIA_KINDS)
    if unknown:
        raise ValueError(f"unknown message kinds {sorted(unknown)}")
    chosen = [k for k, on in kinds.items() if on]
    if len(chosen) > 1:
        raise ValueError(f"one message carries one media kind, not {chosen}")
    if not chosen:
        if not text:
            raise ValueError("a text message needs text")
        content: dict[str, Any] = {"text": text}
        if entities := command_entities(text):
            content["entities"] = entities
        return content
    if text is not None:
        raise ValueError("media messages take caption=, not text")
    kind = chosen[0]
    if kind == "location":
        return {"location": dict(SAMPLE_LOCATION)}
    if kind == "contact":
        return {"contact": dict(SAMPLE_CONTACT)}
    if kind == "venue":
        # Telegram sets location on a venue message too.
        venue = {"location": dict(SAMPLE_LOCATION), **SAMPLE_VENUE}
        return {"venue": venue, "location": dict(SAMPLE_LOCATION)}
    content = {kind: files.add(kind, data)}
    if caption and kind not in NO_CAPTION:
        content["caption"] = caption
        if entities := command_entities(caption):
            content["caption_entities"] = entities
    return content
