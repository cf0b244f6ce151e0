"""What a customer who asks to be forgotten, and the owners, read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from views.i18n import Speech
from views.texts import h


@dataclass(frozen=True)
class Cleared:
    """How the staff chat was cleared of a forgotten customer."""

    topic_deleted: bool
    removed: int
    blanked: int
    kept: int


def removed_at_request(sp: Speech) -> str:
    """What an old post of the bot's says once blanked."""
    return sp.gettext("🗑 Removed at the customer's request.")


def forget_question(sp: Speech, shop: str, *, messages: int, has_topic: bool, traces: int) -> str:
    """What /forgetme will delete, before the customer says yes."""
    yours = sp.ngettext("{count} message", "{count} messages", messages)
    staff_side = (
        sp.gettext("your conversation's topic in our team chat")
        if has_topic
        else sp.ngettext(
            "{count} message about you in our team chat",
            "{count} messages about you in our team chat",
            traces,
        )
    )
    return sp.gettext(
        "This deletes everything {shop} has stored about you: {yours}, your profile and "
        "your ratings, and {staff_side}. Telegram lets a bot delete team-chat messages only "
        "in their first 48 hours: older ones from the bot are blanked, and the owner is "
        "asked to remove any others. It cannot be undone. Delete everything?",
        shop=h(shop),
        yours=yours,
        staff_side=staff_side,
    )


def forget_done(sp: Speech, shop: str) -> str:
    return sp.gettext(
        "Done: {shop} no longer stores your messages, profile or ratings. Our team chat is "
        "being cleared now; a short note follows when it is done. If you write again, we "
        "start afresh.",
        shop=h(shop),
    )


def staff_chat_cleared(sp: Speech, cleared: Cleared) -> str:
    """The forgotten customer's note: exactly what left the team chat."""
    parts = []
    if cleared.topic_deleted:
        parts.append(sp.gettext("your conversation's topic was deleted"))
    if cleared.removed:
        parts.append(
            sp.ngettext(
                "{count} message was deleted", "{count} messages were deleted", cleared.removed
            )
        )
    if cleared.blanked:
        parts.append(
            sp.ngettext(
                "{count} older message was blanked",
                "{count} older messages were blanked",
                cleared.blanked,
            )
        )
    if not parts:
        parts.append(sp.gettext("there was nothing about you in it"))
    text = sp.gettext("Our team chat is cleared: {what}.", what="; ".join(parts))
    if cleared.kept:
        text += " " + sp.ngettext(
            "{count} message older than 48 hours could not be removed by the bot; the owner "
            "has been asked to delete it.",
            "{count} messages older than 48 hours could not be removed by the bot; the owner "
            "has been asked to delete them.",
            cleared.kept,
        )
    return text


def forgotten_for_owner(sp: Speech, cleared: Cleared, links: Sequence[str | None]) -> str:
    text = sp.gettext(
        "🗑 A customer used /forgetme: their messages, profile and ratings were deleted "
        "(conversation counts stay, anonymised). In the staff chat: {topic}{removed} "
        "removed, {blanked} blanked.",
        topic=sp.gettext("their topic deleted, ") if cleared.topic_deleted else "",
        removed=cleared.removed,
        blanked=cleared.blanked,
    )
    if cleared.kept:
        shown = [f"• {h(link)}" for link in links if link]
        text += "\n" + sp.ngettext(
            "⚠️ {count} message older than 48 hours could not be removed by the bot. "
            "Please delete it by hand:",
            "⚠️ {count} messages older than 48 hours could not be removed by the bot. "
            "Please delete them by hand:",
            cleared.kept,
        )
        text += "\n" + "\n".join(shown or [sp.gettext("(this group has no message links)")])
    return text
