"""What a customer who asks to be forgotten, and the owners, read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from views.texts import h

REMOVED_AT_REQUEST = "🗑 Removed at the customer's request."


@dataclass(frozen=True)
class Cleared:
    """How the staff chat was cleared of a forgotten customer."""

    topic_deleted: bool
    removed: int
    blanked: int
    kept: int


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def forget_question(shop: str, messages: int, has_topic: bool, traces: int) -> str:
    """What /forgetme will delete, before the customer says yes."""
    staff_side = (
        "your conversation's topic in the team chat"
        if has_topic
        else f"{_count(traces, 'message', 'messages')} about you in the team chat"
    )
    return (
        f"This deletes everything {h(shop)} has stored about you: "
        f"{_count(messages, 'message', 'messages')}, your profile and your ratings, and "
        f"{staff_side}. Telegram lets a bot delete team-chat messages only in their first "
        "48 hours: older ones from the bot are blanked, and the owner is asked to remove "
        "any others. It cannot be undone. Delete everything?"
    )


def forget_done(shop: str) -> str:
    return (
        f"Done: {h(shop)} no longer stores your messages, profile or ratings. "
        "Clearing the team chat now; a note follows when it is done. "
        "If you write again, we start afresh."
    )


def staff_chat_cleared(erasure: Cleared) -> str:
    parts = []
    if erasure.topic_deleted:
        parts.append("your conversation's topic was deleted")
    if erasure.removed:
        parts.append(f"{_count(erasure.removed, 'message was', 'messages were')} deleted")
    if erasure.blanked:
        parts.append(
            f"{_count(erasure.blanked, 'older message was', 'older messages were')} blanked"
        )
    done = "; ".join(parts) if parts else "there was nothing about you in it"
    text = f"The team chat is cleared: {done}."
    if erasure.kept:
        text += (
            f" {_count(erasure.kept, 'message', 'messages')} older than 48 hours could "
            "not be removed by the bot; the owner has been asked to delete them."
        )
    return text


def forgotten_for_owner(erasure: Cleared, links: Sequence[str | None]) -> str:
    text = (
        "🗑 A customer used /forgetme: their messages, profile and ratings were deleted "
        f"(conversation counts stay, anonymised). In the staff chat: "
        f"{'their topic deleted, ' if erasure.topic_deleted else ''}"
        f"{erasure.removed} removed, {erasure.blanked} blanked."
    )
    if erasure.kept:
        shown = [f"• {h(link)}" for link in links if link] or ["• (no links in this group)"]
        text += (
            f"\n⚠️ {_count(erasure.kept, 'message', 'messages')} older than 48 hours "
            "could not be removed by the bot. Please delete them by hand:\n" + "\n".join(shown)
        )
    return text
