"""Turning what staff type after /find into a safe full-text (FTS5) query."""

from __future__ import annotations

WORD_LIMIT = 8
WORD_LENGTH = 64
# What marks the match in a snippet; swapped for <b> after the snippet is escaped.
MARK_START, MARK_END = "\ue000", "\ue001"


def search_words(text: str) -> list[str]:
    """The words worth looking for: each with a letter or digit (FTS5 ignores the rest)."""
    words = [word[:WORD_LENGTH] for word in text.split() if any(ch.isalnum() for ch in word)]
    return list(dict.fromkeys(words))[:WORD_LIMIT]


def prefix_term(word: str) -> str:
    """One word as an FTS5 phrase matched by prefix, quoted so nothing in it is syntax
    ("anna@example.com" → the phrase anna example com; `OR`, `*`, `:` mean nothing)."""
    return '"' + word.replace('"', '""') + '"*'


def all_of(words: list[str]) -> str:
    """An FTS5 query matching text that has every word."""
    return " ".join(prefix_term(word) for word in words)
