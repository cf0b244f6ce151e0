"""Saved answers: what a key may look like, which language variant a customer gets, and
filling in the placeholders."""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

KEY_LIMIT = 32
LANGUAGES = ("en", "de", "es", "fr", "it", "pt", "ru", "uk")
PLACEHOLDERS = ("name", "shop", "agent")
_KEY = re.compile(rf"[a-z0-9_-]{{1,{KEY_LIMIT}}}")
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class AnswerKey:
    key: str
    language: str  # "" for the default variant (the shop's language)

    @property
    def label(self) -> str:
        return f"{self.key}.{self.language}" if self.language else self.key


class BadKey(ValueError):
    """A key that is too long, has odd characters, or names a language the desk lacks."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "shape" or "language"


def parse_key(text: str) -> AnswerKey:
    """`refund` or `refund.de` (case does not matter) as a key and a language."""
    key, dot, language = text.casefold().partition(".")
    if not _KEY.fullmatch(key):
        raise BadKey("shape")
    if dot and language not in LANGUAGES:
        raise BadKey("language")
    return AnswerKey(key, language)


def language_of(language_code: str | None) -> str:
    """One of the desk's languages for a language code ("de", "pt-br" → "pt"), "" if none
    fits. Callers pass the language the desk writes to the customer in (their /language
    choice, else Telegram's, else the shop's), not the raw Telegram code."""
    short = (language_code or "")[:2].casefold()
    return short if short in LANGUAGES else ""


def pick_variant(variants: Mapping[str, str], language_code: str | None) -> str:
    """The variant in the customer's language (as the desk resolves it) if there is one,
    else the default."""
    language = language_of(language_code)
    if language and language in variants:
        return variants[language]
    return variants.get("", next(iter(variants.values())) if variants else "")


def render(saved_html: str, *, name: str, shop: str, agent: str) -> str:
    """Fill {name}, {shop} and {agent} into a saved answer (HTML), each escaped."""
    values = {"name": name, "shop": shop, "agent": agent}
    out = saved_html
    for placeholder in PLACEHOLDERS:
        out = out.replace("{" + placeholder + "}", html.escape(values[placeholder], quote=False))
    return out


def plain(saved_html: str) -> str:
    """The text a reader sees of an HTML answer (tags dropped, entities read)."""
    return html.unescape(_TAG.sub("", saved_html))


def closest_keys(wanted: str, keys: Iterable[str]) -> list[str]:
    """Up to three saved keys that look like what was typed."""
    return difflib.get_close_matches(wanted.casefold(), list(keys), n=3, cutoff=0.5)
