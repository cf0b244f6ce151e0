"""Entity parsing of message text (HTML, MarkdownV2, Markdown) as Telegram does it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .records import ApiError, bad_request

_SIMPLE = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic",
    "u": "underline", "ins": "underline", "s": "strikethrough", "strike": "strikethrough",
    "del": "strikethrough", "tg-spoiler": "spoiler", "span": "spoiler",
}  # fmt: skip
HTML_TAGS = frozenset({*_SIMPLE, "a", "code", "pre", "blockquote", "tg-emoji"})
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY = re.compile(r"&(?:#x([0-9a-fA-F]{1,6})|#(\d{1,7})|([A-Za-z]+));?")
_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_@])")
MD2_RESERVED = "_*[]()~`>#+-=|{}.!"


class EntityError(Exception):
    """Text that Telegram refuses to parse."""


@dataclass
class _Open:
    tag: str
    attrs: dict[str, str]
    offset: int
    start: int
    byte: int


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def command_entities(text: str | None) -> list[dict[str, Any]]:
    """The bot_command entity Telegram adds to a text starting with a command."""
    match = _COMMAND.match(text or "")
    if not match:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(match.group())}]


def render(
    text: str, parse_mode: str | None, entities: list[dict[str, Any]] | None
) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and entities of a text to send; explicit entities win over parse_mode."""
    if entities is not None or not parse_mode:
        return text, list(entities or [])
    parsers = {"html": parse_html, "markdownv2": parse_markdown_v2, "markdown": parse_markdown}
    parser = parsers.get(parse_mode.lower())
    if parser is None:
        raise bad_request("unsupported parse_mode")
    try:
        return parser(text)
    except EntityError as exc:
        raise bad_request(f"can't parse entities: {exc}") from None


def check_length(text: str, limit: int, *, caption: bool) -> ApiError | None:
    """Telegram's length limit errors for a text or caption (after entity parsing)."""
    if utf16_len(text) <= limit:
        return None
    return bad_request("message caption is too long" if caption else "message is too long")


def _byte(src: str, index: int) -> int:
    return len(src[:index].encode())


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
    return "".join(out), _sorted(entities)


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


def _sorted(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for entity in entities:
        entity.pop("_language", None)
    return sorted(entities, key=lambda e: (e["offset"], -e["length"]))


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
    return "".join(out), _sorted(entities)


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
    return "".join(out), _sorted(entities)
