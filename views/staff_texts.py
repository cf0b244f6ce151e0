"""What the staff group reads in topics and in answer to commands: notices, refusals, help."""

from __future__ import annotations

from views.i18n import Speech
from views.texts import STARS, clip, h


def staff_welcome(sp: Speech, first_name: str) -> str:
    return sp.gettext(
        "👋 Welcome to the team, {name}! Customers will see you as <b>{name}</b>. "
        "Change it with /name, pause new conversations with /off.",
        name=h(first_name),
    )


def note_saved(sp: Speech) -> str:
    return sp.gettext("📝 Note saved. The customer does not see it.")


def claimed(sp: Speech, name: str) -> str:
    return sp.gettext(
        "🙋 <b>{name}</b> took over this conversation. The customer was told.", name=h(name)
    )


def handed_over(sp: Speech, by: str, to: str) -> str:
    return sp.gettext(
        "➡️ <b>{by}</b> handed this conversation to <b>{to}</b>. The customer was told.",
        by=h(by),
        to=h(to),
    )


def closed_notice(sp: Speech, by: str) -> str:
    return sp.gettext(
        "✅ Closed by <b>{name}</b>. The customer was asked for a rating.", name=h(by)
    )


def rated_notice(sp: Speech, customer: str, stars: int) -> str:
    return sp.gettext(
        "{icon} <b>{customer}</b> rated this conversation {stars}/5.",
        icon=STARS,
        customer=h(customer),
        stars=stars,
    )


def blocked_notice(sp: Speech, customer: str) -> str:
    return sp.gettext(
        "🚫 <b>{customer}</b> blocked the bot. Messages cannot reach them until they unblock it.",
        customer=h(customer),
    )


def unblocked_notice(sp: Speech, customer: str) -> str:
    return sp.gettext(
        "✅ <b>{customer}</b> unblocked the bot; messages reach them again.",
        customer=h(customer),
    )


def undelivered_notice(sp: Speech, customer: str, reason: str) -> str:
    return sp.gettext(
        "⚠️ This could not be delivered to <b>{customer}</b>: Telegram said “{reason}”.",
        customer=h(customer),
        reason=h(clip(reason, 200)),
    )


def name_usage(sp: Speech, current: str) -> str:
    return sp.gettext(
        "Customers see you as <b>{name}</b>. Change it with <code>/name Maria</code>.",
        name=h(current),
    )


def name_too_long(sp: Speech, limit: int) -> str:
    return sp.gettext(
        "That name is too long; please keep it under {limit} characters.", limit=limit
    )


def name_set(sp: Speech, name: str) -> str:
    return sp.gettext("👍 Customers will now see you as <b>{name}</b>.", name=h(name))


def duty_changed(sp: Speech, name: str, on_duty: bool) -> str:
    if on_duty:
        return sp.gettext("🟢 {name} is on duty and will get new conversations.", name=h(name))
    return sp.gettext(
        "⏸ {name} is off duty: no new conversations. "
        "Your open ones stay yours. /on when you are back.",
        name=h(name),
    )


def only_in_topic(sp: Speech, command: str) -> str:
    return sp.gettext(
        "Use {command} inside a customer's topic (or as a reply to their message).",
        command=h(command),
    )


def note_usage(sp: Speech) -> str:
    return sp.gettext("Write the note after the command, e.g. <code>/note prefers pick-up</code>.")


def already_yours(sp: Speech) -> str:
    return sp.gettext("This conversation is already yours.")


def already_with(sp: Speech, name: str) -> str:
    return sp.gettext("This conversation is already with <b>{name}</b>.", name=h(name))


def already_closed(sp: Speech) -> str:
    return sp.gettext(
        "This conversation is closed. The customer's next message opens a new one here."
    )


def _team(sp: Speech, team: list[str]) -> str:
    return ", ".join(h(name) for name in team) or sp.gettext("nobody yet")


def assign_usage(sp: Speech, team: list[str]) -> str:
    return sp.gettext(
        "Whom to? e.g. <code>/assign Maria</code>. The team: {team}.", team=_team(sp, team)
    )


def no_such_colleague(sp: Speech, wanted: str, team: list[str]) -> str:
    return sp.gettext(
        "Nobody on the team is called “{wanted}”. The team: {team}.",
        wanted=h(clip(wanted, 64)),
        team=_team(sp, team),
    )


def speaker_header(sp: Speech, customer: str) -> str:
    return sp.gettext(
        "💬 <b>{customer}</b> (reply to their message to answer):",
        customer=h(clip(customer, 128)),
    )


def comment_heading(sp: Speech, customer: str) -> str:
    return sp.gettext("💬 <b>{customer}</b> commented on their rating:", customer=h(customer))


def reopened_notice(sp: Speech, customer: str) -> str:
    return sp.gettext(
        "🔁 <b>{customer}</b> answered the follow-up: the conversation is open again.",
        customer=h(customer),
    )


def uncertain_notice(sp: Speech, customer: str, to_customer: bool, excerpt: str | None) -> str:
    if to_customer:
        return sp.gettext(
            "⚠️ Telegram did not confirm that the last message reached <b>{customer}</b> "
            "(the connection timed out). It has probably arrived; if in doubt, send it again.",
            customer=h(customer),
        )
    text = sp.gettext(
        "⚠️ Telegram did not confirm a copy of <b>{customer}</b>'s message arriving here "
        "(the connection timed out). If it is missing above, nothing is lost.",
        customer=h(customer),
    )
    if excerpt:
        text += " " + sp.gettext("It said: “{excerpt}”", excerpt=h(clip(excerpt, 500)))
    return text


def staff_menu(sp: Speech) -> list[tuple[str, str]]:
    """The command menu in the staff chat."""
    return [
        ("note", sp.gettext("Internal note in this topic")),
        ("claim", sp.gettext("Take this conversation over")),
        ("assign", sp.gettext("Hand this conversation to a colleague")),
        ("close", sp.gettext("Resolve this conversation")),
        ("r", sp.gettext("Send a saved answer to the customer")),
        ("save", sp.gettext("Save an answer for the team")),
        ("replies", sp.gettext("The saved answers")),
        ("unsave", sp.gettext("Remove a saved answer")),
        ("find", sp.gettext("Search conversations")),
        ("ban", sp.gettext("Stop taking this customer's messages")),
        ("unban", sp.gettext("Take this customer's messages again")),
        ("unmute", sp.gettext("Lift the flood guard's mute now")),
        ("name", sp.gettext("The name customers see")),
        ("on", sp.gettext("Take new conversations")),
        ("off", sp.gettext("Take no new conversations")),
        ("hours", sp.gettext("Opening hours (owners)")),
        ("stats", sp.gettext("How the team is doing (owners)")),
        ("export", sp.gettext("Conversations as CSV (owners)")),
        ("team", sp.gettext("Who is on the team (owners)")),
    ]


def edited_notice(sp: Speech, text: str) -> str:
    return sp.gettext("✏️ Edited to: {text}", text=h(clip(text, 3500)))


def queue_notice(sp: Speech, customers: int, seconds: int) -> str:
    """General's note while the staff chat is behind: who waits to be shown, for how long."""
    return sp.gettext(
        "⏳ Waiting to be shown here: {count} customers, about {seconds} s "
        "(Telegram allows about 20 messages a minute into this chat).",
        count=customers,
        seconds=seconds,
    )
