"""Numbered, named schema migrations, each applied in its own transaction."""

from __future__ import annotations

import sqlite3
import time

from storage.migrations_first_release import FIRST_RELEASE

# Numbered by position: FIRST_RELEASE holds 1–4, the rest follow. Append; never reorder.
MIGRATIONS: list[tuple[str, str]] = [
    *FIRST_RELEASE,
    (
        "outbox: the customer a send is about; inbox rows need no processed mark",
        """
        ALTER TABLE outbox ADD COLUMN customer_id INTEGER;
        UPDATE outbox SET customer_id = CAST(substr(lane, instr(lane, ':') + 1) AS INTEGER)
            WHERE lane LIKE 'customer:%' OR lane LIKE 'topic:%';
        CREATE INDEX outbox_customer ON outbox(customer_id) WHERE customer_id IS NOT NULL;
        UPDATE outbox SET payload = '{}' WHERE status = 'done';
        DROP INDEX inbox_unprocessed;
        ALTER TABLE inbox DROP COLUMN processed_at;
        """,
    ),
    (
        "staff posts: where and when, so /forgetme can remove them",
        """
        -- Earlier releases remembered only posts in customers' topics.
        ALTER TABLE staff_posts ADD COLUMN in_topic INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE staff_posts ADD COLUMN posted_at REAL;
        CREATE INDEX staff_posts_customer ON staff_posts(customer_id);
        """,
    ),
    (
        "customers: the language a customer chose with /language",
        """
        ALTER TABLE customers ADD COLUMN language TEXT;
        """,
    ),
    (
        "inbox: handled update ids are kept for two days instead of a high-water mark",
        """
        -- Telegram picks the next update id at random after a quiet week, so it can be lower
        -- than the last one: a redelivery is recognised by its id being among those handled
        -- lately (Telegram keeps an update for 24 hours), not by being below a mark.
        CREATE TABLE handled_updates (
            update_id INTEGER PRIMARY KEY,
            handled_at REAL NOT NULL
        );
        CREATE INDEX handled_updates_at ON handled_updates(handled_at);
        -- The old mark meant "this and everything below it was handled". Only the last batch
        -- (at most 100 updates) can still be unconfirmed at Telegram, so those ids are kept.
        WITH RECURSIVE mark(id, low) AS (
            SELECT CAST(value AS INTEGER), CAST(value AS INTEGER) - 99
                FROM settings WHERE key = 'last_update_id'
            UNION ALL SELECT id - 1, low FROM mark WHERE id > low AND id > 1
        )
        INSERT OR IGNORE INTO handled_updates (update_id, handled_at)
            SELECT id, CAST(strftime('%s', 'now') AS REAL) FROM mark
            WHERE id NOT IN (SELECT update_id FROM inbox);
        DELETE FROM settings WHERE key = 'last_update_id';
        DROP TRIGGER inbox_handled;
        CREATE TRIGGER inbox_handled AFTER DELETE ON inbox
        BEGIN
            INSERT OR IGNORE INTO handled_updates (update_id, handled_at)
                VALUES (OLD.update_id, OLD.received_at);
        END
        """,
    ),
    (
        "inbox: attempts at an update whose handlers failed, and the ones given up",
        """
        ALTER TABLE inbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
        -- Updates that failed every attempt (or could not be read); the staff chat was told
        -- what they were. Moving one here deletes its inbox row, which marks it handled.
        CREATE TABLE dead_letters (
            update_id INTEGER PRIMARY KEY,
            payload TEXT NOT NULL,
            user_id INTEGER,
            received_at REAL NOT NULL,
            failed_at REAL NOT NULL,
            attempts INTEGER NOT NULL,
            error TEXT NOT NULL
        );
        CREATE INDEX dead_letters_user ON dead_letters(user_id);
        """,
    ),
    (
        "staff toolkit: saved answers",
        """
        -- language '' is the default variant (the shop's language).
        CREATE TABLE saved_answers (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL,
            language TEXT NOT NULL DEFAULT '',
            html TEXT NOT NULL,
            saved_by INTEGER,
            saved_at REAL NOT NULL,
            UNIQUE (key, language)
        );
        """,
    ),
    (
        "staff toolkit: full-text search over messages and customers",
        """
        -- The words stay in messages (external content); the index follows every write
        -- to messages through these triggers, in the same transaction.
        CREATE VIRTUAL TABLE message_search USING fts5(
            text, content='messages', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2', prefix='2 3'
        );
        CREATE TRIGGER message_search_insert AFTER INSERT ON messages
            WHEN new.text IS NOT NULL
        BEGIN
            INSERT INTO message_search (rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER message_search_delete AFTER DELETE ON messages
            WHEN old.text IS NOT NULL
        BEGIN
            INSERT INTO message_search (message_search, rowid, text)
                VALUES ('delete', old.id, old.text);
        END;
        CREATE TRIGGER message_search_update AFTER UPDATE OF text ON messages
        BEGIN
            INSERT INTO message_search (message_search, rowid, text)
                SELECT 'delete', old.id, old.text WHERE old.text IS NOT NULL;
            INSERT INTO message_search (rowid, text)
                SELECT new.id, new.text WHERE new.text IS NOT NULL;
        END;
        INSERT INTO message_search (message_search) VALUES ('rebuild');

        -- One row per customer (rowid = user id): names from the customers table, and the
        -- order numbers, e-mails and phones found in their words (storage/search.py).
        CREATE VIRTUAL TABLE customer_search USING fts5(
            name, username, details,
            tokenize='unicode61 remove_diacritics 2', prefix='2 3'
        );
        CREATE TRIGGER customer_search_insert AFTER INSERT ON customers
        BEGIN
            INSERT INTO customer_search (rowid, name, username, details) VALUES (
                new.user_id, new.first_name || COALESCE(' ' || new.last_name, ''),
                COALESCE(new.username, ''), ''
            );
        END;
        CREATE TRIGGER customer_search_update
            AFTER UPDATE OF first_name, last_name, username ON customers
        BEGIN
            UPDATE customer_search SET
                name = new.first_name || COALESCE(' ' || new.last_name, ''),
                username = COALESCE(new.username, '')
            WHERE rowid = new.user_id;
        END;
        CREATE TRIGGER customer_search_delete AFTER DELETE ON customers
        BEGIN
            DELETE FROM customer_search WHERE rowid = old.user_id;
        END;
        INSERT INTO customer_search (rowid, name, username, details)
            SELECT user_id, first_name || COALESCE(' ' || last_name, ''),
                COALESCE(username, ''),
                COALESCE((SELECT group_concat(order_number, char(10)) FROM conversations
                    WHERE customer_id = customers.user_id AND order_number IS NOT NULL), '')
            FROM customers;
        """,
    ),
    (
        "staff toolkit: bans, flood guard and swarm guard",
        """
        -- A ban outlives /forgetme (it names only the Telegram id), so a spammer cannot
        -- lift it by asking to be forgotten; the reason goes then.
        CREATE TABLE bans (
            customer_id INTEGER PRIMARY KEY,
            banned_by INTEGER,
            reason TEXT,
            banned_at REAL NOT NULL,
            refused INTEGER NOT NULL DEFAULT 0,
            told INTEGER NOT NULL DEFAULT 0
        );
        -- recent: the times of the customer's latest messages (JSON), for the flood guard.
        CREATE TABLE floods (
            customer_id INTEGER PRIMARY KEY REFERENCES customers(user_id) ON DELETE CASCADE,
            recent TEXT NOT NULL DEFAULT '[]',
            muted_until REAL
        );
        CREATE INDEX floods_muted ON floods(muted_until) WHERE muted_until IS NOT NULL;
        -- Messages stored while their sender was muted, not yet shown to the team.
        CREATE TABLE held_messages (
            message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
            customer_id INTEGER NOT NULL
        );
        CREATE INDEX held_messages_customer ON held_messages(customer_id, message_id);
        -- When each customer first wrote, for the swarm guard.
        CREATE TABLE arrivals (
            customer_id INTEGER PRIMARY KEY REFERENCES customers(user_id) ON DELETE CASCADE,
            arrived_at REAL NOT NULL
        );
        CREATE INDEX arrivals_at ON arrivals(arrived_at);
        -- New customers who arrived during a swarm, waiting in one list instead of a topic.
        CREATE TABLE swarm_waiting (
            customer_id INTEGER PRIMARY KEY REFERENCES customers(user_id) ON DELETE CASCADE,
            listed_at REAL NOT NULL
        );
        """,
    ),
    (
        "business inbox: the shop's own Telegram account",
        """
        -- Telegram Business connections of the shop's account (owners' only), as last told.
        CREATE TABLE business_connections (
            id TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL,
            first_name TEXT NOT NULL,
            username TEXT,
            enabled INTEGER NOT NULL,
            can_reply INTEGER NOT NULL,
            can_read INTEGER NOT NULL,
            updated_at REAL NOT NULL
        );
        -- The connection a customer last wrote through (NULL: the bot's own chat).
        ALTER TABLE customers ADD COLUMN business_connection_id TEXT;
        -- What a message carried, to send it again by kind where Telegram cannot copy it
        -- (into or out of a business chat): the Message's content fields as JSON.
        ALTER TABLE messages ADD COLUMN content TEXT;
        """,
    ),
]


def apply_migrations(sqlite: sqlite3.Connection) -> int:
    """Bring the schema up to date; returns the resulting version."""
    sqlite.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at REAL NOT NULL)"
    )
    row = sqlite.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()
    current = int(row[0]) if row else 0
    if current > len(MIGRATIONS):
        raise sqlite3.DatabaseError(
            f"schema version {current} is newer than this Frontdesk ({len(MIGRATIONS)})"
        )
    for version, (name, script) in enumerate(MIGRATIONS, start=1):
        if version <= current:
            continue
        sqlite.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(script):
                sqlite.execute(statement)
            sqlite.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (version, name, time.time()),
            )
        except BaseException:
            sqlite.execute("ROLLBACK")
            raise
        sqlite.execute("COMMIT")
    return len(MIGRATIONS)


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (a trigger's body keeps its semicolons)."""
    lines = [line for line in script.splitlines() if not line.strip().startswith("--")]
    statements, pending = [], ""
    for piece in "\n".join(lines).split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                statements.append(pending.strip())
            pending = ""
    return statements
