"""Who takes a new conversation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    user_id: int
    on_duty: bool
    open_conversations: int


def choose_assignee(team: Sequence[Candidate], last_helper_id: int | None, owner_id: int) -> int:
    """A returning customer's last helper if on duty; else the least busy on duty; else the owner.

    Ties go to whoever is listed first (the team is listed in joining order).
    """
    on_duty = [member for member in team if member.on_duty]
    if last_helper_id is not None and any(m.user_id == last_helper_id for m in on_duty):
        return last_helper_id
    if not on_duty:
        return owner_id
    least_busy = min(on_duty, key=lambda member: member.open_conversations)
    return least_busy.user_id
