"""The team: everyone who writes in the staff chat, plus owners the bot has learned of."""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Reader, Row, Tx


@dataclass(frozen=True)
class StaffMember:
    user_id: int
    first_name: str
    username: str | None
    display_name: str | None
    on_duty: bool
    is_member: bool
    open_conversations: int = 0

    @property
    def name(self) -> str:
        """The name customers see."""
        return self.display_name or self.first_name


def _member(row: Row) -> StaffMember:
    keys = row.keys()
    return StaffMember(
        user_id=row["user_id"],
        first_name=row["first_name"],
        username=row["username"],
        display_name=row["display_name"],
        on_duty=bool(row["on_duty"]),
        is_member=bool(row["is_member"]),
        open_conversations=row["open_count"] if "open_count" in keys else 0,
    )


async def join(db: Tx, *, user_id: int, first_name: str, username: str | None, now: float) -> bool:
    """Put someone who wrote in the staff chat on the team; True if they are new."""
    existing = await get(db, user_id)
    await db.execute(
        "INSERT INTO staff (user_id, first_name, username, is_member, joined_at)"
        " VALUES (?, ?, ?, 1, ?) ON CONFLICT (user_id) DO UPDATE SET"
        " first_name = excluded.first_name, username = excluded.username, is_member = 1",
        (user_id, first_name, username, now),
    )
    return existing is None or not existing.is_member


async def learn(
    db: Tx, *, user_id: int, first_name: str, username: str | None, now: float
) -> None:
    """Remember someone's name (an owner) without putting them on the team."""
    await db.execute(
        "INSERT INTO staff (user_id, first_name, username, is_member, joined_at)"
        " VALUES (?, ?, ?, 0, ?) ON CONFLICT (user_id) DO UPDATE SET"
        " first_name = excluded.first_name, username = excluded.username",
        (user_id, first_name, username, now),
    )


async def get(db: Reader, user_id: int) -> StaffMember | None:
    """One person by user id."""
    row = await db.fetch_one("SELECT * FROM staff WHERE user_id = ?", (user_id,))
    return None if row is None else _member(row)


async def team(db: Reader) -> list[StaffMember]:
    """Everyone on the team with how many open conversations they hold."""
    rows = await db.fetch_all(
        "SELECT staff.*, (SELECT COUNT(*) FROM conversations"
        "  WHERE status = 'open' AND assignee_id = staff.user_id) AS open_count"
        " FROM staff WHERE is_member = 1 ORDER BY joined_at, user_id"
    )
    return [_member(row) for row in rows]


async def set_display_name(db: Tx, user_id: int, name: str) -> None:
    """Set the name customers see."""
    await db.execute("UPDATE staff SET display_name = ? WHERE user_id = ?", (name, user_id))


async def set_on_duty(db: Tx, user_id: int, on_duty: bool) -> None:
    """Say whether this person takes new conversations."""
    await db.execute("UPDATE staff SET on_duty = ? WHERE user_id = ?", (int(on_duty), user_id))


async def leave(db: Tx, user_id: int) -> bool:
    """Take someone off the team (they left the staff chat or an owner removed them); False
    if they were not on it. Their name stays known, for earlier conversations."""
    changed = await db.changes(
        "UPDATE staff SET is_member = 0 WHERE user_id = ? AND is_member = 1", (user_id,)
    )
    return changed == 1
