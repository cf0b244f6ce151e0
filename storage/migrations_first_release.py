"""The schema as the first release built it: migrations 1–4, never changed once shipped."""

from __future__ import annotations

FIRST_RELEASE: list[tuple[str, str]] = [
    (
        "initial schema",
        """
        CREATE TABLE customers (
            user_id INTEGER PRIMARY KEY,
            first_name TEXT NOT NULL,
            last_name TEXT,
            username TEXT,
            language_code TEXT,
            thread_id INTEGER,
            blocked_bot INTEGER NOT NULL DEFAULT 0,
            greeted_at REAL,
            created_at REAL NOT NULL
        );
        CREATE INDEX customers_thread ON customers(thread_id);

        CREATE TABLE staff (
            user_id INTEGER PRIMARY KEY,
            first_name TEXT NOT NULL,
            username TEXT,
            display_name TEXT,
            on_duty INTEGER NOT NULL DEFAULT 1,
            is_member INTEGER NOT NULL DEFAULT 0,
            joined_at REAL NOT NULL
        );

        CREATE TABLE conversations (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(user_id) ON DELETE CASCADE,
            status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
            assignee_id INTEGER,
            order_number TEXT,
            opened_at REAL NOT NULL,
            first_response_at REAL,
            closed_at REAL,
            closed_by INTEGER,
            rating INTEGER CHECK (rating BETWEEN 1 AND 5),
            rated_at REAL
        );
        CREATE INDEX conversations_customer ON conversations(customer_id, id);
        CREATE UNIQUE INDEX conversations_one_open ON conversations(customer_id)
            WHERE status = 'open';
        CREATE INDEX conversations_open_by_assignee ON conversations(assignee_id)
            WHERE status = 'open';

        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(user_id) ON DELETE CASCADE,
            conversation_id INTEGER REFERENCES conversations(id) ON DELETE CASCADE,
            direction TEXT NOT NULL CHECK (direction IN ('in', 'out', 'note')),
            author_id INTEGER,
            kind TEXT NOT NULL,
            text TEXT,
            source_chat_id INTEGER NOT NULL,
            source_message_id INTEGER NOT NULL,
            copy_chat_id INTEGER,
            copy_message_id INTEGER,
            media_group_id TEXT,
            created_at REAL NOT NULL,
            edited_at REAL,
            UNIQUE (source_chat_id, source_message_id)
        );
        CREATE INDEX messages_copy ON messages(copy_chat_id, copy_message_id);
        CREATE INDEX messages_conversation ON messages(conversation_id, id);
        CREATE INDEX messages_unattached ON messages(customer_id)
            WHERE conversation_id IS NULL;

        -- Messages the bot posted in the staff chat (cards, notices), so that in a chat
        -- without topics a reply to any of them reaches the right customer.
        CREATE TABLE staff_posts (
            chat_id INTEGER NOT NULL,
            message_id INTEGER NOT NULL,
            customer_id INTEGER NOT NULL REFERENCES customers(user_id) ON DELETE CASCADE,
            PRIMARY KEY (chat_id, message_id)
        );

        -- Every update is recorded here before its offset is confirmed to Telegram.
        CREATE TABLE inbox (
            update_id INTEGER PRIMARY KEY,
            payload TEXT NOT NULL,
            received_at REAL NOT NULL,
            processed_at REAL
        );
        CREATE INDEX inbox_unprocessed ON inbox(update_id) WHERE processed_at IS NULL;

        -- Every send the bot owes, recorded before it is made and marked done after.
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            lane TEXT NOT NULL,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'done', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            created_at REAL NOT NULL,
            done_at REAL
        );
        CREATE INDEX outbox_pending ON outbox(lane, id) WHERE status = 'pending';

        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """,
    ),
    (
        "opening hours: closures and after-hours conversations",
        """
        CREATE TABLE closures (
            id INTEGER PRIMARY KEY,
            first_day TEXT NOT NULL,
            last_day TEXT NOT NULL,
            reason TEXT NOT NULL,
            CHECK (first_day <= last_day)
        );
        CREATE INDEX closures_last_day ON closures(last_day);

        ALTER TABLE conversations ADD COLUMN after_hours INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE conversations ADD COLUMN away_sent INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE conversations ADD COLUMN waiting_announced INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX conversations_waiting ON conversations(id)
            WHERE after_hours = 1 AND waiting_announced = 0;

        ALTER TABLE customers ADD COLUMN topic_name TEXT;
        """,
    ),
    (
        "follow-through: waits for a staff answer, rating comments, follow-ups",
        """
        -- A customer waiting for a staff answer. Stage 0: due; 1: assignee reminded and the
        -- customer updated; 2: team and owners told. Any staff reply ends the wait.
        CREATE TABLE waits (
            id INTEGER PRIMARY KEY,
            conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            started_at REAL NOT NULL,
            due_at REAL,
            escalate_at REAL,
            stage INTEGER NOT NULL DEFAULT 0,
            ended_at REAL
        );
        CREATE UNIQUE INDEX waits_one_active ON waits(conversation_id) WHERE ended_at IS NULL;
        CREATE INDEX waits_due ON waits(due_at) WHERE ended_at IS NULL;

        ALTER TABLE conversations ADD COLUMN comment_requested_at REAL;
        ALTER TABLE conversations ADD COLUMN followup_due_at REAL;
        ALTER TABLE conversations ADD COLUMN followup_sent_at REAL;
        CREATE INDEX conversations_followup_due ON conversations(followup_due_at)
            WHERE followup_due_at IS NOT NULL AND followup_sent_at IS NULL;
        """,
    ),
    (
        "inbox: a handled update's id is remembered as its row goes",
        """
        CREATE TRIGGER inbox_handled AFTER DELETE ON inbox
        BEGIN
            INSERT INTO settings (key, value)
                VALUES ('last_update_id', CAST(OLD.update_id AS TEXT))
            ON CONFLICT (key) DO UPDATE SET value = CAST(MAX(CAST(settings.value AS INTEGER),
                CAST(excluded.value AS INTEGER)) AS TEXT);
        END
        """,
    ),
]
