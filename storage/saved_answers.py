"""Saved answers: texts the team keeps under a short key, in language variants."""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Reader, Row, Tx


@dataclass(frozen=True)
class SavedAnswer:
    id: int
    key: str
    language: str  # "" for the default variant
    html: str


def _answer(row: Row) -> SavedAnswer:
    return SavedAnswer(id=row["id"], key=row["key"], language=row["language"], html=row["html"])


async def save(db: Tx, key: str, language: str, html: str, by: int, now: float) -> bool:
    """Save (or replace) one variant of an answer; True if it replaced one."""
    replaced = await db.scalar(
        "SELECT 1 FROM saved_answers WHERE key = ? AND language = ?", (key, language)
    )
    await db.execute(
        "INSERT INTO saved_answers (key, language, html, saved_by, saved_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (key, language) DO UPDATE SET"
        " html = excluded.html, saved_by = excluded.saved_by, saved_at = excluded.saved_at",
        (key, language, html, by, now),
    )
    return replaced is not None


async def variants(db: Reader, key: str) -> dict[str, str]:
    """Every variant of a key, by language ("" the default); empty if the key is unknown."""
    rows = await db.fetch_all("SELECT language, html FROM saved_answers WHERE key = ?", (key,))
    return {row["language"]: row["html"] for row in rows}


async def get(db: Reader, answer_id: int) -> SavedAnswer | None:
    """One variant by its row id."""
    row = await db.fetch_one("SELECT * FROM saved_answers WHERE id = ?", (answer_id,))
    return None if row is None else _answer(row)


async def listing(db: Reader) -> list[SavedAnswer]:
    """One variant per key (the default where there is one), by key."""
    rows = await db.fetch_all(
        "SELECT * FROM saved_answers a WHERE a.id = (SELECT b.id FROM saved_answers b"
        " WHERE b.key = a.key ORDER BY b.language != '', b.language LIMIT 1) ORDER BY a.key"
    )
    return [_answer(row) for row in rows]


async def languages(db: Reader) -> dict[str, list[str]]:
    """The languages each key has variants in, besides the default."""
    rows = await db.fetch_all(
        "SELECT key, language FROM saved_answers WHERE language != '' ORDER BY key, language"
    )
    found: dict[str, list[str]] = {}
    for row in rows:
        found.setdefault(row["key"], []).append(row["language"])
    return found


async def keys(db: Reader) -> list[str]:
    """Every saved key."""
    rows = await db.fetch_all("SELECT DISTINCT key FROM saved_answers ORDER BY key")
    return [row["key"] for row in rows]


async def remove(db: Tx, key: str, language: str | None) -> int:
    """Remove one variant (or, with language None, the key with all its variants)."""
    if language is None:
        return await db.changes("DELETE FROM saved_answers WHERE key = ?", (key,))
    return await db.changes(
        "DELETE FROM saved_answers WHERE key = ? AND language = ?", (key, language)
    )
