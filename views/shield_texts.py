"""Texts of the shield: bans, the flood guard and the swarm guard. Customers read theirs in
their own language, staff and owners theirs in the shop's; HTML with user-provided parts
escaped (button labels and toasts are plain text)."""

from __future__ import annotations

from collections.abc import Sequence

from views.i18n import Speech
from views.texts import clip, h

REASON_LIMIT = 300

# -- bans ---------------------------------------------------------------------------------


def no_longer_received(sp: Speech, shop: str) -> str:
    """To the customer, the first time a banned customer writes."""
    return sp.gettext(
        "{shop} no longer receives messages here. Thank you for understanding.", shop=h(shop)
    )


def banned_notice(sp: Speech, by: str, customer: str, reason: str | None) -> str:
    if reason:
        return sp.gettext(
            "🚫 <b>{by}</b> banned <b>{customer}</b>. Reason: {reason} Their messages are no "
            "longer passed on or kept; /unban here lifts it.",
            by=h(by),
            customer=h(customer),
            reason=h(clip(reason, REASON_LIMIT)),
        )
    return sp.gettext(
        "🚫 <b>{by}</b> banned <b>{customer}</b>. No reason given. Their messages are no "
        "longer passed on or kept; /unban here lifts it.",
        by=h(by),
        customer=h(customer),
    )


def already_banned(sp: Speech) -> str:
    return sp.gettext("This customer is banned already. /unban lifts it.")


def unbanned_notice(sp: Speech, by: str, customer: str) -> str:
    return sp.gettext(
        "✅ <b>{by}</b> lifted the ban on <b>{customer}</b>.", by=h(by), customer=h(customer)
    )


def not_banned(sp: Speech) -> str:
    return sp.gettext("This customer is not banned.")


def unnamed_customer(sp: Speech, customer_id: int) -> str:
    """A banned customer who asked to be forgotten: only the Telegram id is left."""
    return sp.gettext("customer {id}", id=customer_id)


def bans_overview(sp: Speech, entries: Sequence[tuple[str, str, str | None, int]]) -> str:
    """For owners' /team. entries: customer, banned by, reason, messages turned away."""
    if not entries:
        return ""
    lines = ["", sp.gettext("🚫 <b>Banned</b>:")]
    for customer, by, reason, refused in entries:
        if reason:
            line = sp.ngettext(
                "• {customer} — by {by}: {reason} ({count} message turned away)",
                "• {customer} — by {by}: {reason} ({count} messages turned away)",
                refused,
                customer=h(customer),
                by=h(by),
                reason=h(clip(reason, 80)),
            )
        else:
            line = sp.ngettext(
                "• {customer} — by {by} ({count} message turned away)",
                "• {customer} — by {by} ({count} messages turned away)",
                refused,
                customer=h(customer),
                by=h(by),
            )
        lines.append(line)
    return "\n".join(lines)


# -- flood guard --------------------------------------------------------------------------


def muted_customer(sp: Speech) -> str:
    """To the customer, once, when the flood guard mutes them."""
    return sp.gettext(
        "You are sending a lot of messages very quickly, so we are pausing them for ten "
        "minutes. Nothing is lost: the team will see everything you sent."
    )


def muted_topic(sp: Speech, customer: str, limit: int, until: str) -> str:
    return sp.ngettext(
        "⏸ <b>{customer}</b> sent more than {count} message in a minute and is muted until "
        "{until}. What they send meanwhile is kept but held back; /unmute shows it now.",
        "⏸ <b>{customer}</b> sent more than {count} messages in a minute and is muted until "
        "{until}. What they send meanwhile is kept but held back; /unmute shows it now.",
        limit,
        customer=h(customer),
        until=h(until),
    )


def held_released(sp: Speech, customer: str, count: int, parts: Sequence[str]) -> str:
    """parts: one line per held message, HTML."""
    heading = sp.ngettext(
        "📥 <b>{count}</b> message <b>{customer}</b> sent while muted:",
        "📥 <b>{count}</b> messages <b>{customer}</b> sent while muted:",
        count,
        customer=h(customer),
    )
    return "\n".join([heading, *parts])


def held_line(time: str, text: str | None, kind: str) -> str:
    """One held message: its time and its words (no words of ours, so no language)."""
    body = h(text) if text else f"[{h(kind)}]"
    return f"<i>{h(time)}</i> {body}"


def unmuted(sp: Speech, by: str, customer: str, count: int) -> str:
    return sp.ngettext(
        "🔊 <b>{by}</b> unmuted <b>{customer}</b>; {count} held message follows.",
        "🔊 <b>{by}</b> unmuted <b>{customer}</b>; {count} held messages follow.",
        count,
        by=h(by),
        customer=h(customer),
    )


def not_muted(sp: Speech) -> str:
    return sp.gettext("This customer is not muted.")


# -- swarm guard --------------------------------------------------------------------------


def swarm_started(sp: Speech, count: int, minutes: int) -> str:
    arrived = sp.ngettext(
        "🛡 <b>Swarm guard</b>: {count} new customer in the last minute, far more than usual.",
        "🛡 <b>Swarm guard</b>: {count} new customers in the last minute, far more than usual.",
        count,
    )
    paused = sp.ngettext(
        "New topics are paused for at least {count} minute: newcomers wait in one list, to "
        "open one by one or dismiss.",
        "New topics are paused for at least {count} minutes: newcomers wait in one list, to "
        "open one by one or dismiss.",
        minutes,
    )
    return f"{arrived} {paused}"


def swarm_owner_alert(sp: Speech, count: int) -> str:
    return sp.ngettext(
        "🛡 {count} new customer wrote in the last minute — likely a swarm of bot accounts. "
        "New topics are paused; the newcomers wait in a list in the staff chat's General topic.",
        "🛡 {count} new customers wrote in the last minute — likely a swarm of bot accounts. "
        "New topics are paused; the newcomers wait in a list in the staff chat's General topic.",
        count,
    )


def swarm_ack(sp: Speech) -> str:
    """To a newcomer who waits on the swarm's list."""
    return sp.gettext("Thank you, we have your message and will get back to you here.")


def swarm_list(sp: Speech, entries: Sequence[tuple[str, int]], total: int) -> str:
    if not total:
        return sp.gettext("🛡 Nobody is waiting on the swarm list.")
    lines = [
        sp.ngettext(
            "🛡 <b>{count}</b> newcomer waiting:", "🛡 <b>{count}</b> newcomers waiting:", total
        )
    ]
    lines += [
        sp.ngettext(
            "• {name} ({count} message)", "• {name} ({count} messages)", count, name=h(name)
        )
        for name, count in entries
    ]
    if total > len(entries):
        left = total - len(entries)
        lines.append(sp.ngettext("…and {count} more.", "…and {count} more.", left))
    return "\n".join(lines)


def show_list_button(sp: Speech) -> str:
    return sp.gettext("Show the list")


def open_button(sp: Speech, name: str) -> str:
    return sp.gettext("Open {name}", name=clip(name, 30))


def dismiss_button(sp: Speech) -> str:
    return sp.gettext("Dismiss")


def opened_toast(sp: Speech, name: str) -> str:
    return sp.gettext("Opened a topic for {name}.", name=clip(name, 40))


def dismissed_toast(sp: Speech, name: str) -> str:
    return sp.gettext("Dismissed {name}.", name=clip(name, 40))


def not_waiting(sp: Speech) -> str:
    return sp.gettext("Already handled.")


def list_team_only(sp: Speech) -> str:
    return sp.gettext("Only the team can open or dismiss newcomers.")
