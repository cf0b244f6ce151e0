"""Telegram's HTML parse mode: text and entities, and the errors Telegram gives."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .entity_base import EntityError, sorted_entities, utf16_len
from .entity_base import byte_offset as _byte

_SIMPLE = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic",
    "u": "underline", "ins": "underline", "s": "strikethrough", "strike": "strikethrough",
    "del": "strikethrough", "tg-spoiler": "spoiler", "span": "spoiler",
}  # fmt: skip
HTML_TAGS = frozenset({*_SIMPLE, "a", "code", "pre", "blockquote", "tg-emoji"})
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY = re.compile(r"&(?:#x([0-9a-fA-F]{1,6})|#(\d{1,7})|([A-Za-z]+));?")


@dataclass
class _Open:
    tag: str
    attrs: dict[str, str]
    offset: int
    start: int
    byte: int


def _decode_entity(src: str, i: int) -> tuple[str | None, int]:
    match = _ENTITY.match(src, i)
    if not match:
        return None, i
    hex_code, dec_code, name = match.groups()
    if name is not None:
        return _NAMED.get(name), match.end()
    code = int(hex_code, 16) if hex_code else int(dec_code)
    return (chr(code) if 0 < code < 0x10FFFF else None), match.end()


def _attributes(src: str, j: int, tag: str, begin: int) -> tuple[dict[str, str], int]:
    attrs: dict[str, str] = {}
    n = len(src)
    while True:
        while j < n and src[j].isspace():
            j += 1
        if j >= n:
            raise EntityError(f"Unclosed start tag at byte offset {_byte(src, begin)}")
        if src[j] == ">":
            return attrs, j
        k = j
        while k < n and not src[k].isspace() and src[k] not in "=>":
            k += 1
        name = src[j:k].lower()
        if not name:
            raise EntityError(
                f'Empty attribute name in the tag "{tag}" at byte offset {_byte(src, begin)}'
            )
        while k < n and src[k].isspace():
            k += 1
        if k >= n or src[k] != "=":
            if tag == "blockquote" and name == "expandable":
                attrs[name], j = "", k
                continue
            raise EntityError(
                "Expected equal sign in declaration of an attribute of the tag "
                f'"{tag}" at byte offset {_byte(src, begin)}'
            )
        k += 1
        while k < n and src[k].isspace():
            k += 1
        if k < n and src[k] in "'\"":
            end = src.find(src[k], k + 1)
            if end < 0:
                raise EntityError(f"Unclosed start tag at byte offset {_byte(src, begin)}")
            attrs[name] = _unescape_attribute(src[k + 1 : end])
            j = end + 1
        else:
            m = re.compile(r"[A-Za-z0-9.\-]*").match(src, k)
            assert m is not None
            if m.end() >= n or not (src[m.end()].isspace() or src[m.end()] == ">"):
                raise EntityError(f"Unexpected end of name token at byte offset {_byte(src, k)}")
            attrs[name], j = m.group().lower(), m.end()


def _unescape_attribute(value: str) -> str:
    # Inside attribute values Telegram keeps an undecodable "&" as it is.
    out, i = [], 0
    while i < len(value):
        ch, end = _decode_entity(value, i) if value[i] == "&" else (None, i)
        out.append(ch if ch is not None else value[i])
        i = end if ch is not None else i + 1
    return "".join(out)


def parse_html(src: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram-flavoured HTML into plain text and entities."""
    out: list[str] = []
    offset = 0
    stack: list[_Open] = []
    entities: list[dict[str, Any]] = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c == "&":
            ch, end = _decode_entity(src, i)
            if ch is None:
                raise EntityError(
                    f'Unsupported HTML entity at byte offset {_byte(src, i)}; write "&" as "&amp;"'
                )
            out.append(ch)
            offset += utf16_len(ch)
            i = end
            continue
        if c != "<":
            out.append(c)
            offset += utf16_len(c)
            i += 1
            continue
        begin = i
        if src.startswith("</", i):
            if not stack:
                raise EntityError(f"Unexpected end tag at byte offset {_byte(src, begin)}")
            j = i + 2
            while j < n and not src[j].isspace() and src[j] != ">":
                j += 1
            name = src[i + 2 : j].lower()
            while j < n and src[j].isspace():
                j += 1
            if j >= n or src[j] != ">":
                raise EntityError(f"Unclosed end tag at byte offset {_byte(src, begin)}")
            top = stack.pop()
            if name and name != top.tag:
                raise EntityError(
                    f"Unmatched end tag at byte offset {_byte(src, begin)}, "
                    f'expected "</{top.tag}>", found "</{name}>"'
                )
            if offset > top.offset:
                _close(top, offset, "".join(out[top.start :]), entities)
            i = j + 1
            continue
        j = i + 1
        while j < n and not src[j].isspace() and src[j] != ">":
            j += 1
        if j >= n:
            raise EntityError(f"Unclosed start tag at byte offset {_byte(src, begin)}")
        tag = src[i + 1 : j].lower()
        if tag not in HTML_TAGS:
            raise EntityError(f'Unsupported start tag "{tag}" at byte offset {_byte(src, begin)}')
        attrs, j = _attributes(src, j, tag, begin)
        if tag == "span" and attrs.get("class") != "tg-spoiler":
            raise EntityError('Tag "span" must have class "tg-spoiler"')
        if tag == "tg-emoji" and not attrs.get("emoji-id"):
            raise EntityError("Custom emoji entity must contain a custom emoji identifier")
        stack.append(_Open(tag, attrs, offset, len(out), _byte(src, begin)))
        i = j + 1
    if stack:
        raise EntityError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    return "".join(out), sorted_entities(entities)


def _close(top: _Open, offset: int, inner: str, entities: list[dict[str, Any]]) -> None:
    span = {"offset": top.offset, "length": offset - top.offset}
    language = top.attrs.get("class", "")
    if top.tag in _SIMPLE:
        entities.append({"type": _SIMPLE[top.tag], **span})
    elif top.tag == "a":
        url = top.attrs.get("href") or inner
        if url:
            entities.append({"type": "text_link", **span, "url": url})
    elif top.tag == "code":
        entity: dict[str, Any] = {"type": "code", **span}
        if language.startswith("language-"):
            entity["_language"] = language[9:]
        entities.append(entity)
    elif top.tag == "pre":
        last = entities[-1] if entities else None
        # <pre><code class="language-x"> is one pre entity with a language.
        same_span = last is not None and (last["offset"], last["length"]) == (
            top.offset,
            span["length"],
        )
        if last is not None and same_span and last["type"] == "code" and last.get("_language"):
            entities[-1] = {"type": "pre", **span, "language": last["_language"]}
        else:
            entities.append({"type": "pre", **span})
    elif top.tag == "blockquote":
        kind = "expandable_blockquote" if "expandable" in top.attrs else "blockquote"
        entities.append({"type": kind, **span})
    else:
        entities.append({"type": "custom_emoji", **span, "custom_emoji_id": top.attrs["emoji-id"]})
