"""Read-only queries behind /stats and /export, and the rows of the exported CSV files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from logic.stats import ConversationRecord, missed_deadline
from storage.db import Reader

CONVERSATION_COLUMNS = (
    "conversation_id",
    "customer_id",
    "customer_name",
    "customer_username",
    "status",
    "assignee_id",
    "assignee_name",
    "order_number",
    "opened_at",
    "first_response_at",
    "closed_at",
    "first_response_seconds",
    "resolution_seconds",
    "missed_deadline",
    "rating",
    "after_hours",
)
MESSAGE_COLUMNS = (
    "message_id",
    "conversation_id",
    "created_at",
    "direction",
    "author_id",
    "author_name",
    "kind",
    "text",
    "edited_at",
)

_NAME = "COALESCE(NULLIF({0}.display_name, ''), {0}.first_name)"
_CUSTOMER_NAME = "c.first_name || COALESCE(' ' || NULLIF(c.last_name, ''), '')"


# A conversation missed a deadline when any of its waits for a staff answer went past the
# moment it was due (deadlines count opening time only; see handlers/follow_through).
_MISSED = (
    "EXISTS (SELECT 1 FROM waits w WHERE w.conversation_id = {0}.id AND w.due_at IS NOT NULL"
    " AND w.due_at < COALESCE(w.ended_at, ?))"
)


async def conversation_records(
    db: Reader, start: float, end: float, now: float
) -> list[ConversationRecord]:
    """Conversations opened or closed in [start, end), oldest first."""
    rows = await db.fetch_all(
        "SELECT id, assignee_id, opened_at, first_response_at, closed_at, rating,"
        f" {_MISSED.format('conversations')} AS missed"
        " FROM conversations WHERE (opened_at >= ? AND opened_at < ?)"
        " OR (closed_at >= ? AND closed_at < ?) ORDER BY opened_at, id",
        (now, start, end, start, end),
    )
    return [
        ConversationRecord(
            id=row["id"],
            assignee_id=row["assignee_id"],
            opened_at=row["opened_at"],
            first_response_at=row["first_response_at"],
            closed_at=row["closed_at"],
            rating=row["rating"],
            missed=bool(row["missed"]),
        )
        for row in rows
    ]


async def staff_names(db: Reader) -> dict[int, str]:
    """Everyone the bot knows on the team (and owners), by the name customers see."""
    rows = await db.fetch_all(f"SELECT user_id, {_NAME.format('staff')} AS name FROM staff")
    return {row["user_id"]: row["name"] for row in rows}


@dataclass(frozen=True)
class ExportedConversation:
    id: int
    customer_id: int
    customer_name: str | None
    customer_username: str | None
    status: str
    assignee_id: int | None
    assignee_name: str | None
    order_number: str | None
    opened_at: float
    first_response_at: float | None
    closed_at: float | None
    rating: int | None
    after_hours: bool
    missed: bool


@dataclass(frozen=True)
class ExportedMessage:
    id: int
    conversation_id: int
    created_at: float
    direction: str
    author_id: int | None
    author_name: str | None
    kind: str
    text: str | None
    edited_at: float | None


async def exported_conversations(
    db: Reader, start: float, end: float, now: float
) -> list[ExportedConversation]:
    """Conversations open at any moment of [start, end), oldest first."""
    rows = await db.fetch_all(
        f"SELECT v.*, {_CUSTOMER_NAME} AS customer_name, c.username AS customer_username,"
        f" {_NAME.format('s')} AS assignee_name, {_MISSED.format('v')} AS missed"
        " FROM conversations v LEFT JOIN customers c ON c.user_id = v.customer_id"
        " LEFT JOIN staff s ON s.user_id = v.assignee_id"
        " WHERE v.opened_at < ? AND (v.closed_at IS NULL OR v.closed_at >= ?)"
        " ORDER BY v.opened_at, v.id",
        (now, end, start),
    )
    return [
        ExportedConversation(
            id=row["id"],
            customer_id=row["customer_id"],
            customer_name=row["customer_name"],
            customer_username=row["customer_username"],
            status=row["status"],
            assignee_id=row["assignee_id"],
            assignee_name=row["assignee_name"],
            order_number=row["order_number"],
            opened_at=row["opened_at"],
            first_response_at=row["first_response_at"],
            closed_at=row["closed_at"],
            rating=row["rating"],
            after_hours=bool(row["after_hours"]),
            missed=bool(row["missed"]),
        )
        for row in rows
    ]


async def exported_messages(db: Reader, start: float, end: float) -> list[ExportedMessage]:
    """Messages of conversations written in [start, end): customers', staff's and notes."""
    rows = await db.fetch_all(
        f"SELECT m.*, CASE WHEN m.direction = 'in' THEN {_CUSTOMER_NAME}"
        f" ELSE {_NAME.format('s')} END AS author_name"
        " FROM messages m LEFT JOIN customers c ON c.user_id = m.customer_id"
        " LEFT JOIN staff s ON s.user_id = m.author_id"
        " WHERE m.conversation_id IS NOT NULL AND m.created_at >= ? AND m.created_at < ?"
        " ORDER BY m.created_at, m.id",
        (start, end),
    )
    return [
        ExportedMessage(
            id=row["id"],
            conversation_id=row["conversation_id"],
            created_at=row["created_at"],
            direction=row["direction"],
            author_id=row["author_id"],
            author_name=row["author_name"],
            kind=row["kind"],
            text=row["text"],
            edited_at=row["edited_at"],
        )
        for row in rows
    ]


def conversation_table(
    rows: list[ExportedConversation], zone: ZoneInfo, sla_seconds: float, now: float
) -> list[list[str]]:
    """The conversations CSV: a header row, then one row each (times local, ISO 8601)."""
    table = [list(CONVERSATION_COLUMNS)]
    for row in rows:
        record = ConversationRecord(
            row.id,
            row.assignee_id,
            row.opened_at,
            row.first_response_at,
            row.closed_at,
            row.rating,
            row.missed,
        )
        table.append(
            [
                str(row.id),
                str(row.customer_id),
                _cell(row.customer_name),
                _cell(row.customer_username),
                row.status,
                _number(row.assignee_id),
                _cell(row.assignee_name),
                _cell(row.order_number),
                _moment(row.opened_at, zone),
                _moment(row.first_response_at, zone),
                _moment(row.closed_at, zone),
                _seconds(row.opened_at, row.first_response_at),
                _seconds(row.opened_at, row.closed_at),
                _yes(missed_deadline(record, sla_seconds, now)),
                _number(row.rating),
                _yes(row.after_hours),
            ]
        )
    return table


def message_table(rows: list[ExportedMessage], zone: ZoneInfo) -> list[list[str]]:
    """The messages CSV: a header row, then one row each (times local, ISO 8601)."""
    table = [list(MESSAGE_COLUMNS)]
    for row in rows:
        table.append(
            [
                str(row.id),
                str(row.conversation_id),
                _moment(row.created_at, zone),
                row.direction,
                _number(row.author_id),
                _cell(row.author_name),
                row.kind,
                _cell(row.text),
                _moment(row.edited_at, zone),
            ]
        )
    return table


def _cell(text: str | None) -> str:
    """Free text as a CSV cell; a spreadsheet would run a customer's "=HYPERLINK(…)" as a
    formula, so text starting like one gets a leading apostrophe (OWASP's advice)."""
    if text is None:
        return ""
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def _moment(moment: float | None, zone: ZoneInfo) -> str:
    if moment is None:
        return ""
    return datetime.fromtimestamp(moment, zone).isoformat(timespec="seconds")


def _seconds(start: float, end: float | None) -> str:
    return "" if end is None else str(round(end - start))


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"
