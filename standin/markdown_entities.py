"""Telegram's MarkdownV2 and legacy Markdown parse modes."""

from __future__ import annotations

from typing import Any

from .entity_base import EntityError, sorted_entities, utf16_len
from .entity_base import byte_offset as _byte

MD2_RESERVED = "_*[]()~`>#+-=|{}.!"

_MD2_MARKS = {"*": "bold", "_": "italic", "__": "underline", "~": "strikethrough",
              "||": "spoiler", "`": "code", "```": "pre"}  # fmt: skip
_MD2_NAMES = {"bold": "Bold", "italic": "Italic", "underline": "Underline", "code": "Code",
              "strikethrough": "Strikethrough", "spoiler": "Spoiler", "pre": "Pre",
              "text_link": "TextUrl", "custom_emoji": "CustomEmoji"}  # fmt: skip


def parse_markdown_v2(src: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse MarkdownV2, refusing unescaped reserved characters like Telegram."""
    out: list[str] = []
    offset = 0
    stack: list[tuple[str, int, int, str]] = []  # (type, offset, byte, extra)
    entities: list[dict[str, Any]] = []
    quote: int | None = None
    i, n = 0, len(src)

    def emit(text: str) -> None:
        nonlocal offset
        out.append(text)
        offset += utf16_len(text)

    while i < n:
        c = src[i]
        in_code = bool(stack) and stack[-1][0] in ("code", "pre")
        if c == "\\" and i + 1 < n and 0 < ord(src[i + 1]) <= 126:
            emit(src[i + 1])
            i += 2
            continue
        if in_code and c != "`":
            emit(c)
            i += 1
            continue
        at_line_start = i == 0 or src[i - 1] == "\n"
        if c == ">" and at_line_start:
            quote = offset if quote is None else quote
            i += 1
            continue
        if c == "\n" and quote is not None and not src.startswith(">", i + 1):
            entities.append({"type": "blockquote", "offset": quote, "length": offset - quote})
            quote = None
        mark = next((m for m in ("```", "__", "||", "*", "_", "~", "`") if src.startswith(m, i)),
                    None)  # fmt: skip
        if c == "!" and src.startswith("![", i):
            stack.append(("custom_emoji", offset, _byte(src, i), ""))
            i += 2
            continue
        if mark is not None:
            kind = _MD2_MARKS[mark]
            if stack and stack[-1][0] == kind:
                _, start, _, extra = stack.pop()
                if offset > start:
                    entity = {"type": kind, "offset": start, "length": offset - start}
                    if extra:
                        entity["language"] = extra
                    entities.append(entity)
                i += len(mark)
                continue
            i += len(mark)
            extra = ""
            if kind == "pre":
                line_end = src.find("\n", i)
                first_line = src[i:line_end] if line_end >= 0 else ""
                if first_line and not any(ch.isspace() for ch in first_line):
                    extra, i = first_line, line_end + 1
            stack.append((kind, offset, _byte(src, i - len(mark)), extra))
            continue
        if c == "[":
            stack.append(("text_link", offset, _byte(src, i), ""))
            i += 1
            continue
        if c == "]" and stack and stack[-1][0] in ("text_link", "custom_emoji"):
            kind, start, byte, _ = stack.pop()
            if not src.startswith("(", i + 1):
                raise EntityError(f"Can't find end of a URL at byte offset {_byte(src, i)}")
            url, i = _md2_url(src, i + 2)
            if offset > start and kind == "text_link":
                entities.append({"type": kind, "offset": start, "length": offset - start,
                                 "url": url})  # fmt: skip
            elif offset > start:
                emoji_id = url.partition("id=")[2]
                entities.append({"type": kind, "offset": start, "length": offset - start,
                                 "custom_emoji_id": emoji_id})  # fmt: skip
            continue
        if c in MD2_RESERVED:
            raise EntityError(
                f"Character '{c}' is reserved and must be escaped with the preceding '\\'"
            )
        emit(c)
        i += 1
    if stack:
        kind, _, byte, _ = stack[-1]
        raise EntityError(f"Can't find end of {_MD2_NAMES[kind]} entity at byte offset {byte}")
    if quote is not None and offset > quote:
        entities.append({"type": "blockquote", "offset": quote, "length": offset - quote})
    return "".join(out), sorted_entities(entities)


def _md2_url(src: str, i: int) -> tuple[str, int]:
    url: list[str] = []
    while i < len(src):
        if src[i] == "\\" and i + 1 < len(src):
            url.append(src[i + 1])
            i += 2
            continue
        if src[i] == ")":
            return "".join(url), i + 1
        url.append(src[i])
        i += 1
    raise EntityError(f"Can't find end of a URL at byte offset {_byte(src, i)}")


def parse_markdown(src: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse legacy Markdown (no nesting, no reserved characters)."""
    out: list[str] = []
    offset = 0
    entities: list[dict[str, Any]] = []
    kinds = {"*": "bold", "_": "italic", "`": "code", "```": "pre", "[": "text_link"}
    i, n = 0, len(src)
    while i < n:
        if src[i] == "\\" and i + 1 < n and src[i + 1] in "*_`[":
            out.append(src[i + 1])
            offset += 1
            i += 2
            continue
        mark = "```" if src.startswith("```", i) else src[i]
        if mark not in kinds:
            out.append(src[i])
            offset += utf16_len(src[i])
            i += 1
            continue
        closer = "]" if mark == "[" else mark
        end = src.find(closer, i + len(mark))
        if end < 0:
            raise EntityError(
                f"Can't find end of the entity starting at byte offset {_byte(src, i)}"
            )
        inner = src[i + len(mark) : end]
        entity: dict[str, Any] = {
            "type": kinds[mark],
            "offset": offset,
            "length": utf16_len(inner),
        }
        i = end + len(closer)
        if mark == "[":
            url_end = src.find(")", i) if src.startswith("(", i) else -1
            if url_end < 0:
                raise EntityError(f"Can't find end of a URL at byte offset {_byte(src, i)}")
            entity["url"], i = src[i + 1 : url_end], url_end + 1
        out.append(inner)
        offset += entity["length"]
        if entity["length"]:
            entities.append(entity)
    return "".join(out), sorted_entities(entities)
