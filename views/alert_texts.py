"""Alerts for the team and the owners: reminders, escalations, the opening list, low
ratings, and what the bot could not do."""

from __future__ import annotations

from collections.abc import Sequence

from views.i18n import Speech
from views.texts import clip, h, mention


def waited_overnight(sp: Speech, entries: Sequence[tuple[str, str | None]]) -> str:
    """The opening message: who wrote while we were closed and still waits for an answer."""
    count = len(entries)
    heading = sp.ngettext(
        "☀️ We're open! {count} conversation waited for us:",
        "☀️ We're open! {count} conversations waited for us:",
        count,
    )
    lines = [f"<b>{heading}</b>"]
    for name, link in entries[:20]:
        shown = h(clip(name, 128))
        lines.append(f'• <a href="{h(link)}">{shown}</a>' if link else f"• {shown}")
    if count > 20:
        lines.append(sp.gettext("… and {count} more.", count=count - 20))
    return "\n".join(lines)


def reminder(sp: Speech, assignee_mention: str, customer: str, waited: str) -> str:
    return sp.gettext(
        "⏰ {assignee}, <b>{customer}</b> has waited {waited} for an answer. "
        "Could you reply, or /assign it to someone who can?",
        assignee=assignee_mention,
        customer=h(customer),
        waited=waited,
    )


def _open_topic(sp: Speech, link: str | None) -> str:
    if not link:
        return ""
    return " " + sp.gettext('<a href="{link}">Open the topic</a>.', link=h(link))


def escalation(
    sp: Speech,
    customer: str,
    assignee: str,
    waited: str,
    link: str | None,
    mentions: Sequence[str],
) -> str:
    said = sp.gettext(
        "🚨 <b>{customer}</b> has waited {waited} without an answer (assigned to {assignee}).",
        customer=h(customer),
        waited=waited,
        assignee=h(assignee),
    )
    return f"{said}{_open_topic(sp, link)}\n{' '.join(mentions)}".rstrip()


def low_rating_alert(
    sp: Speech,
    customer: str,
    assignee: str,
    stars: int,
    link: str | None,
    owners: Sequence[str],
) -> str:
    said = sp.gettext(
        "⚠️ <b>{customer}</b> rated their conversation with {assignee} {stars}/5.",
        customer=h(customer),
        assignee=h(assignee),
        stars=stars,
    )
    return f"{said}{_open_topic(sp, link)}\n{' '.join(owners)}".rstrip()


def owner_welcome(sp: Speech, first_name: str) -> str:
    return sp.gettext(
        "Hello {name}! You are an owner of this desk. Here, or in the staff group:\n"
        "/hours — opening hours (e.g. <code>/hours mon-fri 09:00-18:00</code>)\n"
        "/closed, /open — closures and holidays\n"
        "/greeting, /away — what customers read, per language "
        "(<code>/greeting de Hallo {{name}}!</code>)\n"
        "/timezone — the shop's time zone\n"
        "/stats, /export — how the team is doing\n"
        "Alerts about unhappy customers and the desk itself come to this chat.",
        name=h(first_name),
    )


def staff_chat_lost(sp: Speech, title: str) -> str:
    return sp.gettext(
        "⚠️ I was removed from the staff group “{title}”. Customers can still write; "
        "their messages are kept and will appear there once you add me back as an "
        "administrator with the right to manage topics.",
        title=h(title),
    )


def staff_chat_back(sp: Speech, title: str) -> str:
    return sp.gettext(
        "✅ I'm back in “{title}”; the messages that waited are being delivered now.",
        title=h(title),
    )


def staff_chat_moved(sp: Speech, old: int, new: int) -> str:
    return sp.gettext(
        "ℹ️ Telegram upgraded the staff group, which gave it a new id: {new} (was {old}). "
        "I follow it already; please set <code>FRONTDESK_STAFF_CHAT_ID={new}</code> "
        "in your settings so the next start uses it too.",
        old=old,
        new=new,
    )


def handler_failed_alert(sp: Speech) -> str:
    return sp.gettext(
        "⚠️ Something went wrong while handling a message (the details are in the log). "
        "It is kept and will be tried again; if it keeps failing, it is posted here."
    )


def job_failed_alert(sp: Speech) -> str:
    return sp.gettext("⚠️ Something went wrong in a background task; the details are in the log.")


def someone(sp: Speech) -> str:
    return sp.gettext("someone")


def dead_letter(sp: Speech, who: str, kind: str, words: str | None, attempts: int) -> str:
    said = f"\n\n“{h(clip(words, 3000))}”" if words else ""
    return (
        sp.ngettext(
            "⚠️ I could not handle a {kind} from {who} ({count} attempt; the details are in "
            "the log). Please look after it by hand.",
            "⚠️ I could not handle a {kind} from {who} ({count} attempts; the details are in "
            "the log). Please look after it by hand.",
            attempts,
            kind=h(kind),
            who=who,
        )
        + said
    )


def unstorable_update(sp: Speech, who: str, kind: str, words: str) -> str:
    said = f"\n\n“{h(clip(words, 3000))}”" if words else ""
    return (
        sp.gettext(
            "⚠️ A {kind} from {who} could not be stored: it contains text that is not valid "
            "Unicode. Please look at it in the chat with the customer.",
            kind=h(kind),
            who=who,
        )
        + said
    )


def not_copyable_notice(sp: Speech, customer: str, kind: str, forwarded: bool) -> str:
    what = h(kind.replace("_", " "))
    if forwarded:
        return sp.gettext(
            "ℹ️ <b>{customer}</b> sent {what}, which Telegram does not let the bot copy; "
            "it is forwarded above instead.",
            customer=h(customer),
            what=what,
        )
    return sp.gettext(
        "⚠️ <b>{customer}</b> sent {what}, which Telegram lets the bot neither copy nor "
        "forward, so it cannot be shown here. Please ask them to send it another way.",
        customer=h(customer),
        what=what,
    )


def owner_unreachable(sp: Speech, owner_id: int) -> str:
    return sp.gettext(
        "⚠️ I could not send a private notice to the owner {owner}: Telegram lets a bot "
        "write only to people who started it. Please open a private chat with me and press "
        "Start, so urgent notices (such as the bot being removed from this group) can reach "
        "you.",
        owner=mention(owner_id, sp.gettext("here")),
    )
