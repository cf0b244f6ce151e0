"""The shield's state: bans, the flood guard's count and mutes, held messages, newcomers'
arrival times and the swarm's waiting list."""

from __future__ import annotations

import json
from dataclasses import dataclass

from logic.shield import FloodState
from storage import messages, settings
from storage.db import Reader, Tx
from storage.messages import StoredMessage

SWARM_UNTIL = "swarm_until"


@dataclass(frozen=True)
class Ban:
    customer_id: int
    banned_by: int | None
    reason: str | None
    banned_at: float
    refused: int  # messages turned away since
    told: bool


@dataclass(frozen=True)
class Guard:
    """What the shield knows about one customer, read in one query per message."""

    ban: Ban | None
    flood: FloodState
    waiting: bool  # on the swarm's waiting list
    arrived: bool  # counted as a newcomer before


async def guard(db: Reader, customer_id: int) -> Guard:
    row = await db.fetch_one(
        "SELECT b.customer_id AS banned, b.banned_by, b.reason, b.banned_at, b.refused, b.told,"
        " f.recent, f.muted_until, s.customer_id AS waiting, a.customer_id AS arrived"
        " FROM (SELECT ? AS id) c LEFT JOIN bans b ON b.customer_id = c.id"
        " LEFT JOIN floods f ON f.customer_id = c.id"
        " LEFT JOIN swarm_waiting s ON s.customer_id = c.id"
        " LEFT JOIN arrivals a ON a.customer_id = c.id",
        (customer_id,),
    )
    assert row is not None
    ban = None
    if row["banned"] is not None:
        ban = Ban(
            customer_id,
            row["banned_by"],
            row["reason"],
            row["banned_at"],
            row["refused"],
            bool(row["told"]),
        )
    recent = tuple(json.loads(row["recent"])) if row["recent"] else ()
    return Guard(
        ban=ban,
        flood=FloodState(recent, row["muted_until"]),
        waiting=row["waiting"] is not None,
        arrived=row["arrived"] is not None,
    )


# -- bans ---------------------------------------------------------------------------------


async def ban(db: Tx, customer_id: int, by: int, reason: str | None, now: float) -> bool:
    """Ban a customer; False if they were banned already."""
    row_id = await db.insert(
        "INSERT INTO bans (customer_id, banned_by, reason, banned_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        (customer_id, by, reason, now),
    )
    return row_id is not None


async def unban(db: Tx, customer_id: int) -> bool:
    """Lift a ban; False if there was none."""
    return await db.changes("DELETE FROM bans WHERE customer_id = ?", (customer_id,)) == 1


async def count_refused(db: Tx, customer_id: int) -> None:
    """A banned customer wrote again (counted, never stored); they have now been told."""
    await db.execute(
        "UPDATE bans SET refused = refused + 1, told = 1 WHERE customer_id = ?", (customer_id,)
    )


async def bans(db: Reader) -> list[tuple[Ban, str | None]]:
    """Every ban, newest first, with the customer's name where it is still known."""
    rows = await db.fetch_all(
        "SELECT b.*, c.first_name, c.last_name FROM bans b"
        " LEFT JOIN customers c ON c.user_id = b.customer_id ORDER BY b.banned_at DESC"
    )
    return [
        (
            Ban(
                row["customer_id"],
                row["banned_by"],
                row["reason"],
                row["banned_at"],
                row["refused"],
                bool(row["told"]),
            ),
            " ".join(filter(None, (row["first_name"], row["last_name"]))) or None,
        )
        for row in rows
    ]


async def forget_reason(db: Tx, customer_id: int) -> None:
    """/forgetme keeps the ban (the id alone) but not what was said about them."""
    await db.execute("UPDATE bans SET reason = NULL WHERE customer_id = ?", (customer_id,))


# -- flood guard --------------------------------------------------------------------------


async def set_flood(db: Tx, customer_id: int, state: FloodState) -> None:
    await db.execute(
        "INSERT INTO floods (customer_id, recent, muted_until) VALUES (?, ?, ?)"
        " ON CONFLICT (customer_id) DO UPDATE SET recent = excluded.recent,"
        " muted_until = excluded.muted_until",
        (customer_id, json.dumps(state.recent), state.muted_until),
    )


async def hold(db: Tx, message_id: int, customer_id: int) -> None:
    """Keep a muted customer's stored message back from the topic."""
    await db.execute(
        "INSERT OR IGNORE INTO held_messages (message_id, customer_id) VALUES (?, ?)",
        (message_id, customer_id),
    )


async def release(db: Tx, customer_id: int) -> list[tuple[StoredMessage, float]]:
    """The customer's held messages with when they came, oldest first, no longer held."""
    rows = await db.fetch_all(
        "SELECT h.message_id, m.created_at FROM held_messages h"
        " JOIN messages m ON m.id = h.message_id WHERE h.customer_id = ? ORDER BY m.id",
        (customer_id,),
    )
    await db.execute("DELETE FROM held_messages WHERE customer_id = ?", (customer_id,))
    held = []
    for row in rows:
        stored = await messages.get(db, row["message_id"])
        if stored is not None:
            held.append((stored, float(row["created_at"])))
    return held


async def held_count(db: Reader, customer_id: int) -> int:
    return int(
        await db.scalar("SELECT COUNT(*) FROM held_messages WHERE customer_id = ?", (customer_id,))
        or 0
    )


async def mutes_over(db: Reader, now: float) -> list[int]:
    """Customers whose mute has run out."""
    rows = await db.fetch_all(
        "SELECT customer_id FROM floods WHERE muted_until IS NOT NULL AND muted_until <= ?",
        (now,),
    )
    return [row["customer_id"] for row in rows]


# -- swarm guard --------------------------------------------------------------------------


async def arrive(db: Tx, customer_id: int, now: float, window: float) -> int:
    """Note a newcomer; how many arrived within the last `window` seconds, them included."""
    await db.execute(
        "INSERT OR IGNORE INTO arrivals (customer_id, arrived_at) VALUES (?, ?)",
        (customer_id, now),
    )
    return int(
        await db.scalar("SELECT COUNT(*) FROM arrivals WHERE arrived_at > ?", (now - window,)) or 0
    )


async def swarm_until(db: Reader) -> float | None:
    value = await settings.get(db, SWARM_UNTIL)
    return None if value is None else float(value)


async def set_swarm_until(db: Tx, until: float | None) -> None:
    if until is None:
        await settings.delete(db, SWARM_UNTIL)
    else:
        await settings.put(db, SWARM_UNTIL, repr(until))


async def put_on_list(db: Tx, customer_id: int, now: float) -> None:
    await db.execute(
        "INSERT OR IGNORE INTO swarm_waiting (customer_id, listed_at) VALUES (?, ?)",
        (customer_id, now),
    )


async def take_off_list(db: Tx, customer_id: int) -> bool:
    return await db.changes("DELETE FROM swarm_waiting WHERE customer_id = ?", (customer_id,)) == 1


async def waiting_list(db: Reader, limit: int) -> tuple[list[tuple[int, str, int]], int]:
    """Up to `limit` waiting newcomers, oldest first, as (id, name, messages), and how many
    wait in all."""
    rows = await db.fetch_all(
        "SELECT s.customer_id, c.first_name, c.last_name,"
        " (SELECT COUNT(*) FROM messages m WHERE m.customer_id = s.customer_id"
        "  AND m.conversation_id IS NULL) AS waiting"
        " FROM swarm_waiting s JOIN customers c ON c.user_id = s.customer_id"
        " ORDER BY s.listed_at, s.customer_id LIMIT ?",
        (limit,),
    )
    total = int(await db.scalar("SELECT COUNT(*) FROM swarm_waiting") or 0)
    listed = [
        (
            row["customer_id"],
            " ".join(filter(None, (row["first_name"], row["last_name"]))),
            row["waiting"],
        )
        for row in rows
    ]
    return listed, total


async def drop_waiting_messages(db: Tx, customer_id: int) -> None:
    """A dismissed newcomer's messages go (they were never shown to anyone)."""
    await db.execute(
        "DELETE FROM messages WHERE customer_id = ? AND conversation_id IS NULL", (customer_id,)
    )
