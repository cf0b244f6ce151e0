"""How fast /find answers over 100,000 stored messages: `python -m bench.search`.

Fills a fresh database (Frontdesk's own migrations, so the full-text index is kept by the
same triggers as in production) with customers, conversations and messages of varied
words, then times storage.search.find — the query behind /find — for a few kinds of
search, and the index merge /forgetme runs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from logic.search_terms import search_words
from storage import search
from storage.db import Database, Tx

WORDS = [
    "cake",
    "bread",
    "croissant",
    "delivery",
    "order",
    "refund",
    "squashed",
    "late",
    "missing",
    "birthday",
    "wedding",
    "gluten",
    "vegan",
    "chocolate",
    "vanilla",
    "strawberry",
    "box",
    "driver",
    "address",
    "tomorrow",
    "today",
    "pickup",
    "payment",
    "card",
    "invoice",
    "receipt",
    "allergy",
    "nuts",
    "sugar",
    "candles",
    "message",
    "photo",
    "broken",
    "cold",
    "warm",
    "fresh",
    "stale",
    "thank",
    "please",
    "help",
    "when",
    "where",
    "why",
    "how",
    "much",
    "price",
    "discount",
    "coupon",
]
NAMES = [
    "Anna",
    "Ben",
    "Chloé",
    "David",
    "Emma",
    "Felix",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Klara",
    "Luca",
    "Mia",
    "Noah",
]
QUERIES = (
    "cake",  # in about one message in ten
    "squashed cake",  # two words
    "Schmidt4711",  # one customer's name
    "#B-31337",  # one order number
    "anna100@example.com",  # one e-mail
    "croiss",  # a prefix
    "xylophone",  # nowhere
)


def fill(path: Path, messages: int, seed: int) -> float:
    """Seconds to store `messages` messages (about 5 per conversation, 2 per customer)."""
    rng = random.Random(seed)
    started = time.perf_counter()
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        conversation_id = 0
        for number in range(messages):
            if number % 10 == 0:
                customer = 10_000 + number // 10
                db.execute(
                    "INSERT INTO customers (user_id, first_name, last_name, username,"
                    " created_at) VALUES (?, ?, ?, ?, ?)",
                    (customer, rng.choice(NAMES), f"Schmidt{customer % 10_000}",
                     f"user_{customer}", number),
                )  # fmt: skip
            if number % 5 == 0:
                conversation_id = (
                    db.execute(
                        "INSERT INTO conversations (customer_id, status, assignee_id, opened_at)"
                        " VALUES (?, 'closed', 1, ?)",
                        (customer, float(number)),
                    ).lastrowid
                    or 0
                )
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 30)))
            if number % 1000 == 0:
                text += f" order #B-{31337 + number} mail anna{number // 10 % 10_000}@example.com"
            db.execute(
                "INSERT INTO messages (customer_id, conversation_id, direction, kind, text,"
                " source_chat_id, source_message_id, created_at)"
                " VALUES (?, ?, 'in', 'text', ?, ?, ?, ?)",
                (customer, conversation_id, text, customer, number, float(number)),
            )
    return time.perf_counter() - started


async def time_queries(path: Path, repeats: int) -> list[tuple[str, int, float, float]]:
    database = await Database.open(path)
    results = []
    try:
        for query in QUERIES:
            words = search_words(query)
            timings = []
            hits = []
            for _ in range(repeats):
                started = time.perf_counter()
                hits = await search.find(database, words)
                timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
            results.append((query, len(hits), statistics.median(timings), p95))
    finally:
        await database.close()
    return results


async def time_merge(path: Path) -> float:
    database = await Database.open(path)
    try:
        started = time.perf_counter()

        async def unit(tx: Tx) -> None:
            await search.forget(tx)

        await database.write(unit)
        return time.perf_counter() - started
    finally:
        await database.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--seed", type=int, default=15)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "frontdesk.sqlite3"
        await (await Database.open(path)).close()
        seconds = fill(path, options.messages, options.seed)
        print(
            f"stored {options.messages:,} messages in {seconds:.1f} s "
            f"({options.messages / seconds:,.0f}/s with the index kept by triggers); "
            f"database {path.stat().st_size / 1e6:.0f} MB"
        )
        print(f"{'query':<24} {'found':>5} {'median ms':>10} {'p95 ms':>8}")
        for query, found, median, p95 in await time_queries(path, options.repeats):
            print(f"{query:<24} {found:>5} {median:>10.1f} {p95:>8.1f}")
        print(f"index merge after /forgetme: {await time_merge(path) * 1000:.0f} ms")


if __name__ == "__main__":
    asyncio.run(main())
