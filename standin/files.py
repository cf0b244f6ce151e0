"""Files known to the stand-in: what users sent and what the bot uploaded."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from .records import Upload, bad_request

# kind: (file_id prefix, folder, extension, default mime type)
KINDS = {
    "photo": ("AgACAgIAAxkBAAI", "photos", "jpg", "image/jpeg"),
    "document": ("BQACAgIAAxkBAAI", "documents", "pdf", "application/pdf"),
    "video": ("BAACAgIAAxkBAAI", "videos", "mp4", "video/mp4"),
    "voice": ("AwACAgIAAxkBAAI", "voice", "oga", "audio/ogg"),
    "audio": ("CQACAgIAAxkBAAI", "music", "mp3", "audio/mpeg"),
    "animation": ("CgACAgIAAxkBAAI", "animations", "mp4", "video/mp4"),
    "sticker": ("CAACAgIAAxkBAAI", "stickers", "webp", "image/webp"),
    "video_note": ("DQACAgIAAxkBAAI", "video_notes", "mp4", "video/mp4"),
}
PHOTO_SIZES = ((90, 68), (320, 240), (800, 600))
DIMENSIONS = {"video": (1280, 720), "animation": (480, 270), "sticker": (512, 512)}


@dataclass
class StoredFile:
    """One file on the "Telegram servers"."""

    file_id: str
    unique_id: str
    kind: str
    path: str
    data: bytes = field(repr=False)
    media: Any = None


class FileStore:
    """file_id -> file, and building the media objects of messages."""

    def __init__(self) -> None:
        self.by_id: dict[str, StoredFile] = {}
        self.by_path: dict[str, StoredFile] = {}
        self._ids = itertools.count(1)

    def add(
        self,
        kind: str,
        data: bytes | None = None,
        file_name: str | None = None,
        mime_type: str | None = None,
    ) -> Any:
        """Store a new file and return its media object (a PhotoSize list for photos)."""
        prefix, folder, ext, default_mime = KINDS[kind]
        n = next(self._ids)
        content = data if data is not None else f"{kind} content #{n}".encode()
        path = f"{folder}/file_{n}.{ext}"
        unique = f"AQAD{n:06d}"
        if kind == "photo":
            media: Any = []
            for w, h in PHOTO_SIZES:
                size_id = f"{prefix}{n:06d}x{w}"
                media.append(self._size(size_id, unique, w, h, len(content)))
                self._register(StoredFile(size_id, unique, kind, path, content))
            self.by_id[media[-1]["file_id"]].media = media
            return media
        file_id = f"{prefix}{n:06d}"
        media = {"file_id": file_id, "file_unique_id": unique, "file_size": len(content)}
        if kind in ("document", "audio", "video", "voice", "animation"):
            media["mime_type"] = mime_type or default_mime
        if kind in ("document", "audio", "animation", "video"):
            media["file_name"] = file_name or f"file_{n}.{ext}"
        if kind in DIMENSIONS:
            media["width"], media["height"] = DIMENSIONS[kind]
        if kind in ("video", "voice", "audio", "animation", "video_note"):
            media["duration"] = 3
        if kind == "video_note":
            media["length"] = 240
        if kind == "sticker":
            media.update(type="regular", is_animated=False, is_video=False, emoji="🙂")
        self._register(StoredFile(file_id, unique, kind, path, content, media))
        return media

    @staticmethod
    def _size(file_id: str, unique: str, w: int, h: int, size: int) -> dict[str, Any]:
        return {"file_id": file_id, "file_unique_id": f"{unique}{w}", "width": w,
                "height": h, "file_size": size}  # fmt: skip

    def _register(self, stored: StoredFile) -> None:
        self.by_id[stored.file_id] = stored
        self.by_path[stored.path] = stored

    def media_for(self, kind: str, value: Any) -> Any:
        """The media object for a send* parameter: an upload, a URL or a file_id."""
        if isinstance(value, Upload):
            if not value.data:
                raise bad_request("file must be non-empty")
            return self.add(kind, value.data, value.filename, value.content_type)
        if not isinstance(value, str) or not value:
            raise bad_request("wrong file identifier/HTTP URL specified")
        if value.startswith(("http://", "https://")):
            return self.add(kind, file_name=value.rsplit("/", 1)[-1] or None)
        stored = self.by_id.get(value)
        if stored is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        if (stored.kind == "photo") != (kind == "photo"):
            raise bad_request(f"can't use file of type {stored.kind.title()} as {kind.title()}")
        if kind == "photo":
            return next(f.media for f in self.by_id.values() if f.unique_id == stored.unique_id
                        and f.media is not None)  # fmt: skip
        return stored.media

    def get(self, file_id: str) -> StoredFile:
        """The file for getFile, or Telegram's refusal."""
        stored = self.by_id.get(file_id)
        if stored is None:
            raise bad_request("invalid file_id")
        return stored
