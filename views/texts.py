"""Every text the bot writes, in HTML with user-provided parts escaped."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape

from logic.details import Details
from views.i18n import N_, Speech

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
TOPIC_NAME_LIMIT = 128
STAFF_NAME_LIMIT = 64
STARS = "⭐"


def h(text: str) -> str:
    """Escape user-provided text for Telegram's HTML parse mode."""
    return escape(text, quote=False)


def clip(text: str, limit: int) -> str:
    """Trim plain text to a length limit, marking the cut with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# The built-in greeting and away reply, translated as templates ({name}, {shop}, {opens}
# are filled in later, in the owner's texts too).
DEFAULT_GREETING = N_(
    "Hello {name}! 👋 Welcome to {shop}.\n\n"
    "Tell us in your own words what happened — a photo or your order number helps. "
    "A real person from our team will answer you right here."
)
DEFAULT_AWAY = N_(
    "We're closed right now and open again {opens}. Your message is safe with us, "
    "and we will answer as soon as we're back."
)
OPENS_AGAIN = N_("We open again {opens}.")
OWNER_TEXT_LIMIT = 3000


def template(sp: Speech, message: str) -> str:
    """A marked template in this language, its placeholders left for the caller to fill."""
    return sp.catalog.gettext(message)


def handoff(sp: Speech, shop: str, first_name: str, assignee: str, greeted: bool) -> str:
    if greeted:
        return sp.gettext(
            "Thank you, {name}! <b>{assignee}</b> from {shop} has your message "
            "and will reply here.",
            name=h(first_name),
            assignee=h(assignee),
            shop=h(shop),
        )
    return sp.gettext(
        "Hello {name}! 👋 <b>{assignee}</b> from {shop} has your message and will reply here.",
        name=h(first_name),
        assignee=h(assignee),
        shop=h(shop),
    )


def still_with(sp: Speech, shop: str, assignee: str) -> str:
    return sp.gettext(
        "Welcome back! <b>{assignee}</b> from {shop} is looking after you — just write here.",
        assignee=h(assignee),
        shop=h(shop),
    )


def reassigned_to_customer(sp: Speech, shop: str, assignee: str) -> str:
    return sp.gettext(
        "<b>{assignee}</b> from {shop} is now looking after you and will reply here.",
        assignee=h(assignee),
        shop=h(shop),
    )


def closing(sp: Speech, shop: str, assignee: str) -> str:
    return sp.gettext(
        "{assignee} has marked your request as resolved. Thank you for contacting {shop}! "
        "If anything else comes up, just write here.\n\n"
        "How did {assignee} do? Tap a rating from 1 to 5:",
        assignee=h(assignee),
        shop=h(shop),
    )


def rating_thanks(sp: Speech, stars: int) -> str:
    return sp.gettext(
        "Thank you for your rating: {stars} ({count}/5).", stars=STARS * stars, count=stars
    )


AFTER_HOURS_MARK = "🌙 "


def topic_name(customer_name: str, order_number: str | None, after_hours: bool = False) -> str:
    """The forum topic's title: the customer's name, plus the order number if there is one;
    a moon in front while a conversation that arrived after hours waits for opening."""
    prefix = AFTER_HOURS_MARK if after_hours else ""
    suffix = f" · #{order_number}" if order_number else ""
    room = TOPIC_NAME_LIMIT - len(prefix) - len(suffix)
    return prefix + clip(customer_name.strip() or "👤", room) + suffix


@dataclass(frozen=True)
class EarlierConversation:
    opened_at: datetime
    assignee: str | None
    rating: int | None


def ticket_card(
    sp: Speech,
    *,
    customer_id: int,
    full_name: str,
    username: str | None,
    language: str | None,
    earlier: Sequence[EarlierConversation],
    details: Details,
    assignee: str,
    conversation_number: int,
    opens: str | None = None,
) -> str:
    """The first message in a customer's topic: who they are and who has them.
    ``language``: the name of the language the customer is answered in."""
    if earlier:
        heading = sp.gettext("🔁 Conversation {number}", number=conversation_number)
    else:
        heading = sp.gettext("🆕 New conversation")
    who = f'👤 <a href="tg://user?id={customer_id}">{h(clip(full_name, 128))}</a>'
    if username:
        who += f" · @{h(username)}"
    if language:
        who += " · " + sp.gettext("language: {language}", language=h(language))
    lines = [f"<b>{heading}</b>", who]
    if earlier:
        lines.append(
            sp.ngettext(
                "🗂 {count} earlier conversation", "🗂 {count} earlier conversations", len(earlier)
            )
        )
        for past in earlier[:3]:
            when = sp.short_date(past.opened_at)
            helper = h(clip(past.assignee, STAFF_NAME_LIMIT)) if past.assignee else None
            if helper and past.rating:
                line = sp.gettext(
                    "{date} with {name}, rated {stars}/5",
                    date=when,
                    name=helper,
                    stars=past.rating,
                )
            elif helper:
                line = sp.gettext("{date} with {name}", date=when, name=helper)
            elif past.rating:
                line = sp.gettext("{date}, rated {stars}/5", date=when, stars=past.rating)
            else:
                line = when
            lines.append(f"   • {line}")
    else:
        lines.append(sp.gettext("🗂 No earlier conversations"))
    found = _details_lines(sp, details)
    lines.extend(found or [sp.gettext("🔎 No order number, e-mail or phone in the message yet")])
    lines.append(
        sp.gettext("🙋 Assigned to: <b>{name}</b>", name=h(clip(assignee, STAFF_NAME_LIMIT)))
    )
    if opens is not None:
        lines.append(
            sp.gettext(
                "🌙 Arrived after hours; the customer was told we open {opens}.", opens=h(opens)
            )
        )
    # Every part is clipped on its own (cutting the HTML could break a tag), so the card
    # stays far below Telegram's 4096 characters.
    return "\n".join(lines)


def _details_lines(sp: Speech, details: Details) -> list[str]:
    def listed(items: tuple[str, ...]) -> str:
        return ", ".join(h(clip(item, 64)) for item in items[:5])

    lines = []
    if details.order_numbers:
        lines.append(sp.gettext("🧾 Order: {found}", found=listed(details.order_numbers)))
    if details.emails:
        lines.append(sp.gettext("✉️ E-mail: {found}", found=listed(details.emails)))
    if details.phones:
        lines.append(sp.gettext("📞 Phone: {found}", found=listed(details.phones)))
    return lines


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


def button_expired(sp: Speech) -> str:
    return sp.gettext("This button is no longer active.")


def already_rated(sp: Speech) -> str:
    return sp.gettext("You have already rated this conversation — thank you!")


def speaker_header(sp: Speech, customer: str) -> str:
    return sp.gettext(
        "💬 <b>{customer}</b> (reply to their message to answer):",
        customer=h(clip(customer, 128)),
    )


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


def duration_words(sp: Speech, seconds: float) -> str:
    """A duration in words, rounded to its largest two units: "45 s", "4 min", "1 h 20 min",
    "2 d 3 h"."""
    whole = _rounded(seconds)
    if whole < 60:
        return sp.gettext("{n} s", n=whole)
    minutes = _rounded(seconds / 60)
    if minutes < 60:
        return sp.gettext("{n} min", n=minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        text = sp.gettext("{n} h", n=hours)
        return text + (" " + sp.gettext("{n} min", n=minutes) if minutes else "")
    days, hours = divmod(_rounded(seconds / 3600), 24)
    text = sp.gettext("{n} d", n=days)
    return text + (" " + sp.gettext("{n} h", n=hours) if hours else "")


def _rounded(value: float) -> int:
    return int(max(value, 0.0) + 0.5)  # half up: 150 s is "3 min" (round() would say 2)


def mention(user_id: int, name: str) -> str:
    """A name that notifies the person (Telegram's tg://user link)."""
    return f'<a href="tg://user?id={user_id}">{h(clip(name, STAFF_NAME_LIMIT))}</a>'


def reminder(sp: Speech, assignee_mention: str, customer: str, waited: str) -> str:
    return sp.gettext(
        "⏰ {assignee}, <b>{customer}</b> has waited {waited} for an answer. "
        "Could you reply, or /assign it to someone who can?",
        assignee=assignee_mention,
        customer=h(customer),
        waited=waited,
    )


def patience_update(sp: Speech, first_name: str, assignee: str) -> str:
    return sp.gettext(
        "Thank you for your patience, {name}. <b>{assignee}</b> is finishing "
        "with another customer and will be with you shortly.",
        name=h(first_name),
        assignee=h(assignee),
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


def comment_invitation(sp: Speech) -> str:
    return sp.gettext(
        "Anything we could have done better? Just write it here — it goes to the team."
    )


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


def comment_heading(sp: Speech, customer: str) -> str:
    return sp.gettext("💬 <b>{customer}</b> commented on their rating:", customer=h(customer))


def comment_thanks(sp: Speech) -> str:
    return sp.gettext("Thank you for telling us — the team will read it.")


def followup(sp: Speech, first_name: str, shop: str) -> str:
    return sp.gettext(
        "Hi {name}, it's {shop} again — did that solve it? "
        "If anything is still not right, just reply here.",
        name=h(first_name),
        shop=h(shop),
    )


def reopened_notice(sp: Speech, customer: str) -> str:
    return sp.gettext(
        "🔁 <b>{customer}</b> answered the follow-up: the conversation is open again.",
        customer=h(customer),
    )


def back_with(sp: Speech, shop: str, assignee: str) -> str:
    return sp.gettext(
        "<b>{assignee}</b> from {shop} will pick this up again and reply here.",
        assignee=h(assignee),
        shop=h(shop),
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


def forget_buttons(sp: Speech) -> tuple[str, str]:
    """The confirmation's two buttons: yes, no."""
    return sp.gettext("Yes, delete everything"), sp.gettext("No, keep it")


def forget_kept(sp: Speech) -> str:
    return sp.gettext("Nothing was deleted.")


def forget_deleted(sp: Speech) -> str:
    return sp.gettext("Deleted.")


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


def saved_for_later(sp: Speech, first_name: str, shop: str) -> str:
    return sp.gettext(
        "Thank you, {name}! Your message is saved. {shop}'s team is having a "
        "technical hiccup right now and will answer here as soon as it is fixed.",
        name=h(first_name),
        shop=h(shop),
    )


def language_question(sp: Speech) -> str:
    return sp.gettext("Which language shall we write to you in?")


def language_chosen(sp: Speech) -> str:
    """Said in the language just chosen."""
    return sp.gettext("Done — from now on we write to you in English.")


def unknown_language(sp: Speech, wanted: str, choices: Sequence[str]) -> str:
    return sp.gettext(
        "I don't know the language “{wanted}”. Choose one below, or write e.g. "
        "<code>/language de</code>. Languages: {choices}.",
        wanted=h(clip(wanted, 20)),
        choices=", ".join(choices),
    )


def customer_menu(sp: Speech) -> list[tuple[str, str]]:
    """The command menu in private chats: command, description."""
    return [
        ("start", sp.gettext("Talk to us")),
        ("language", sp.gettext("Choose your language")),
        ("forgetme", sp.gettext("Delete my data")),
    ]


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


def merged_texts(parts: Sequence[str]) -> str:
    """Several short messages of one customer, one per paragraph."""
    return "\n\n".join(h(part) for part in parts)


def edited_notice(sp: Speech, text: str) -> str:
    return sp.gettext("✏️ Edited to: {text}", text=h(clip(text, 3500)))


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
