"""Full-text search over conversations: message words (indexed by triggers on messages) and
customer fields (names by triggers on customers; details found in their words here)."""

from __future__ import annotations

from dataclasses import dataclass

from logic.details import Details
from logic.search_terms import MARK_END, MARK_START, all_of, prefix_term
from storage.db import Reader, Tx

FORGOTTEN_ID = 0  # storage.privacy.FORGOTTEN_ID (which imports this module)
_MESSAGE_HITS = 400
_CUSTOMER_HITS = 50


@dataclass(frozen=True)
class Hit:
    conversation_id: int
    customer_id: int
    customer_name: str
    username: str | None
    thread_id: int | None
    opened_at: float
    assignee_id: int | None
    snippet: str  # plain text, the match between MARK_START and MARK_END


async def note_details(db: Tx, customer_id: int, details: Details) -> None:
    """Make a customer findable by the order numbers, e-mails and phones in their words."""
    found = [*details.order_numbers, *details.emails]
    for phone in details.phones:
        found += [phone, "".join(ch for ch in phone if ch.isdigit())]
    if not found:
        return
    current = await db.scalar(
        "SELECT details FROM customer_search WHERE rowid = ?", (customer_id,)
    )
    if current is None:
        return
    known = str(current).split("\n") if current else []
    added = [item for item in dict.fromkeys(found) if item not in known]
    if added:
        await db.execute(
            "UPDATE customer_search SET details = ? WHERE rowid = ?",
            ("\n".join(known + added), customer_id),
        )


async def forget(db: Tx) -> None:
    """After a customer's rows went: merge the indexes so no trace of their words stays
    in the file (SQLite before 3.42 has no secure-delete for FTS5)."""
    await db.execute("INSERT INTO message_search (message_search) VALUES ('optimize')")
    await db.execute("INSERT INTO customer_search (customer_search) VALUES ('optimize')")


async def find(db: Reader, words: list[str], limit: int = 10) -> list[Hit]:
    """Up to `limit` conversations, newest first, whose customer fields and message words
    together contain every word (as a prefix)."""
    if not words:
        return []
    snippets: dict[int, str] = {}
    for conversation_id, snippet in await _in_messages(db, all_of(words), None):
        snippets.setdefault(conversation_id, snippet)
    matched: dict[int, set[str]] = {}
    for word in words:
        rows = await db.fetch_all(
            "SELECT rowid FROM customer_search WHERE customer_search MATCH ? LIMIT ?",
            (prefix_term(word), _CUSTOMER_HITS),
        )
        for row in rows:
            if row["rowid"] != FORGOTTEN_ID:
                matched.setdefault(row["rowid"], set()).add(word)
    for customer_id, found in list(matched.items())[:_CUSTOMER_HITS]:
        rest = [word for word in words if word not in found]
        if rest:
            for conversation_id, snippet in await _in_messages(db, all_of(rest), customer_id):
                snippets.setdefault(conversation_id, snippet)
            continue
        snippet = await db.scalar(
            "SELECT snippet(customer_search, -1, ?, ?, '…', 12) FROM customer_search"
            " WHERE customer_search MATCH ? AND rowid = ?",
            (MARK_START, MARK_END, all_of(words), customer_id),
        )
        for row in await db.fetch_all(
            "SELECT id FROM conversations WHERE customer_id = ? ORDER BY id DESC LIMIT ?",
            (customer_id, limit),
        ):
            snippets.setdefault(row["id"], str(snippet or ""))
    newest = sorted(snippets, reverse=True)[:limit]
    if not newest:
        return []
    rows = await db.fetch_all(
        "SELECT c.id, c.customer_id, c.opened_at, c.assignee_id, cu.first_name, cu.last_name,"
        " cu.username, cu.thread_id FROM conversations c"
        " JOIN customers cu ON cu.user_id = c.customer_id"
        f" WHERE c.id IN ({','.join('?' * len(newest))}) AND c.customer_id != ?"
        " ORDER BY c.id DESC",
        (*newest, FORGOTTEN_ID),
    )
    return [
        Hit(
            conversation_id=row["id"],
            customer_id=row["customer_id"],
            customer_name=" ".join(filter(None, (row["first_name"], row["last_name"]))),
            username=row["username"],
            thread_id=row["thread_id"],
            opened_at=row["opened_at"],
            assignee_id=row["assignee_id"],
            snippet=snippets[row["id"]],
        )
        for row in rows
    ]


async def _in_messages(db: Reader, query: str, customer_id: int | None) -> list[tuple[int, str]]:
    """(conversation, snippet) of the newest messages matching, newest first."""
    only = "" if customer_id is None else " AND m.customer_id = ?"
    rows = await db.fetch_all(
        "SELECT m.conversation_id AS conversation,"
        " snippet(message_search, 0, ?, ?, '…', 12) AS snippet"
        " FROM message_search JOIN messages m ON m.id = message_search.rowid"
        " WHERE message_search MATCH ? AND m.conversation_id IS NOT NULL"
        f" AND m.customer_id != ?{only} ORDER BY message_search.rowid DESC LIMIT ?",
        (MARK_START, MARK_END, query, FORGOTTEN_ID)
        + (() if customer_id is None else (customer_id,))
        + (_MESSAGE_HITS,),
    )
    return [(row["conversation"], str(row["snippet"])) for row in rows]
