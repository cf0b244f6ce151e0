"""Telling a bare "hello" apart from a message that says what happened."""

from __future__ import annotations

import re

_GREETINGS = {
    "hi",
    "hii",
    "hey",
    "heya",
    "hello",
    "hallo",
    "hullo",
    "yo",
    "hiya",
    "howdy",
    "greetings",
    "good",
    "morning",
    "afternoon",
    "evening",
    "day",
    "there",
    "all",
    "team",
    "guys",
    "moin",
    "servus",
    "hola",
    "salut",
    "bonjour",
    "ciao",
    "privet",
    "привет",
    "здравствуйте",
    "guten",
    "tag",
    "morgen",
    "abend",
    "buongiorno",
    "buenos",
    "dias",
    "días",
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def is_small_talk(text: str | None) -> bool:
    """True for a greeting that carries no request ("hi", "Good morning!", "hello there 👋")."""
    if not text:
        return False
    words = _WORD.findall(text.lower())
    if not words or len(words) > 4:
        return False
    leftover = _WORD.sub("", text)
    if any(char.isdigit() for char in leftover) or "?" in leftover:
        return False
    return all(word in _GREETINGS for word in words)
