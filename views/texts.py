"""Every text the bot writes, in HTML with user-provided parts escaped."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape

from logic.details import Details

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


DEFAULT_GREETING = (
    "Hello {name}! 👋 Welcome to {shop}.\n\n"
    "Tell us in your own words what happened — a photo or your order number helps. "
    "A real person from our team will answer you right here."
)
DEFAULT_AWAY = (
    "We're closed right now and open again {opens}. Your message is safe with us, "
    "and we will answer as soon as we're back."
)
OWNER_TEXT_LIMIT = 3000


def handoff(shop: str, first_name: str, assignee: str, greeted: bool) -> str:
    opening = f"Thank you, {h(first_name)}!" if greeted else f"Hello {h(first_name)}! 👋"
    return f"{opening} <b>{h(assignee)}</b> from {h(shop)} has your message and will reply here."


def still_with(shop: str, assignee: str) -> str:
    return (
        f"Welcome back! <b>{h(assignee)}</b> from {h(shop)} is looking after you — "
        "just write here."
    )


def reassigned_to_customer(shop: str, assignee: str) -> str:
    return f"<b>{h(assignee)}</b> from {h(shop)} is now looking after you and will reply here."


def closing(shop: str, assignee: str) -> str:
    return (
        f"{h(assignee)} has marked your request as resolved. Thank you for contacting "
        f"{h(shop)}! If anything else comes up, just write here.\n\n"
        f"How did {h(assignee)} do? Tap a rating from 1 to 5:"
    )


def rating_thanks(stars: int) -> str:
    return f"Thank you for your rating: {STARS * stars} ({stars}/5)."


AFTER_HOURS_MARK = "🌙 "


def topic_name(customer_name: str, order_number: str | None, after_hours: bool = False) -> str:
    """The forum topic's title: the customer's name, plus the order number if there is one;
    a moon in front while a conversation that arrived after hours waits for opening."""
    prefix = AFTER_HOURS_MARK if after_hours else ""
    suffix = f" · #{order_number}" if order_number else ""
    room = TOPIC_NAME_LIMIT - len(prefix) - len(suffix)
    return prefix + clip(customer_name.strip() or "Customer", room) + suffix


@dataclass(frozen=True)
class EarlierConversation:
    opened_at: datetime
    assignee: str | None
    rating: int | None


def ticket_card(
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
    """The first message in a customer's topic: who they are and who has them."""
    heading = "🆕 New conversation" if not earlier else f"🔁 Conversation {conversation_number}"
    who = f'👤 <a href="tg://user?id={customer_id}">{h(clip(full_name, 128))}</a>'
    if username:
        who += f" · @{h(username)}"
    if language:
        who += f" · language: {h(language)}"
    lines = [f"<b>{heading}</b>", who]
    if earlier:
        lines.append(f"🗂 Earlier conversations: {len(earlier)}")
        for past in earlier[:3]:
            rated = f", rated {past.rating}/5" if past.rating else ""
            helper = f" with {h(clip(past.assignee, STAFF_NAME_LIMIT))}" if past.assignee else ""
            lines.append(f"   • {past.opened_at:%d %b %Y}{helper}{rated}")
    else:
        lines.append("🗂 Earlier conversations: none")
    found = _details_lines(details)
    lines.extend(found or ["🔎 No order number, e-mail or phone in the message yet"])
    lines.append(f"🙋 Assigned to: <b>{h(clip(assignee, STAFF_NAME_LIMIT))}</b>")
    if opens is not None:
        lines.append(f"🌙 Arrived after hours; the customer was told we open {h(opens)}.")
    # Every part is clipped on its own (cutting the HTML could break a tag), so the card
    # stays far below Telegram's 4096 characters.
    return "\n".join(lines)


def _details_lines(details: Details) -> list[str]:
    def listed(items: tuple[str, ...]) -> str:
        return ", ".join(h(clip(item, 64)) for item in items[:5])

    lines = []
    if details.order_numbers:
        lines.append(f"🧾 Order: {listed(details.order_numbers)}")
    if details.emails:
        lines.append(f"✉️ E-mail: {listed(details.emails)}")
    if details.phones:
        lines.append(f"📞 Phone: {listed(details.phones)}")
    return lines


def staff_welcome(first_name: str) -> str:
    return (
        f"👋 Welcome to the team, {h(first_name)}! Customers will see you as "
        f"<b>{h(first_name)}</b>. Change it with /name, pause new conversations with /off."
    )


def note_saved() -> str:
    return "📝 Note saved. The customer does not see it."


def claimed(name: str) -> str:
    return f"🙋 <b>{h(name)}</b> took over this conversation. The customer was told."


def handed_over(by: str, to: str) -> str:
    return f"➡️ <b>{h(by)}</b> handed this conversation to <b>{h(to)}</b>. The customer was told."


def closed_notice(by: str) -> str:
    return f"✅ Closed by <b>{h(by)}</b>. The customer was asked for a rating."


def rated_notice(customer: str, stars: int) -> str:
    return f"{STARS} <b>{h(customer)}</b> rated this conversation {stars}/5."


def blocked_notice(customer: str) -> str:
    return (
        f"🚫 <b>{h(customer)}</b> blocked the bot. Messages cannot reach them "
        "until they unblock it."
    )


def unblocked_notice(customer: str) -> str:
    return f"✅ <b>{h(customer)}</b> unblocked the bot; messages reach them again."


def undelivered_notice(customer: str, reason: str) -> str:
    return (
        f"⚠️ This could not be delivered to <b>{h(customer)}</b>: "
        f"Telegram said “{h(clip(reason, 200))}”."
    )


def name_usage(current: str) -> str:
    return f"Customers see you as <b>{h(current)}</b>. Change it with <code>/name Maria</code>."


def name_too_long(limit: int) -> str:
    return f"That name is too long; please keep it under {limit} characters."


def name_set(name: str) -> str:
    return f"👍 Customers will now see you as <b>{h(name)}</b>."


def duty_changed(name: str, on_duty: bool) -> str:
    if on_duty:
        return f"🟢 {h(name)} is on duty and will get new conversations."
    return (
        f"⏸ {h(name)} is off duty: no new conversations. "
        "Your open ones stay yours. /on when you are back."
    )


def only_in_topic(command: str) -> str:
    return f"Use {h(command)} inside a customer's topic (or as a reply to their message)."


def note_usage() -> str:
    return "Write the note after the command, e.g. <code>/note prefers pick-up</code>."


def already_yours() -> str:
    return "This conversation is already yours."


def already_with(name: str) -> str:
    return f"This conversation is already with <b>{h(name)}</b>."


def already_closed() -> str:
    return "This conversation is closed. The customer's next message opens a new one here."


def assign_usage(team: list[str]) -> str:
    names = ", ".join(h(name) for name in team) or "nobody yet"
    return f"Whom to? e.g. <code>/assign Maria</code>. The team: {names}."


def no_such_colleague(wanted: str, team: list[str]) -> str:
    names = ", ".join(h(name) for name in team) or "nobody yet"
    return f"Nobody on the team is called “{h(clip(wanted, 64))}”. The team: {names}."


def button_expired() -> str:
    return "This button is no longer active."


def already_rated() -> str:
    return "You have already rated this conversation — thank you!"


def internal_error() -> str:
    return (
        "⚠️ Something went wrong while handling a message. It is in the log; "
        "nothing a customer sent is lost."
    )


def speaker_header(customer: str) -> str:
    return f"💬 <b>{h(clip(customer, 128))}</b> (reply to their message to answer):"


def waited_overnight(entries: Sequence[tuple[str, str | None]]) -> str:
    """The opening message: who wrote while we were closed and still waits for an answer."""
    count = len(entries)
    heading = (
        "☀️ We're open! 1 conversation" if count == 1 else f"☀️ We're open! {count} conversations"
    )
    lines = [f"<b>{heading} waited for us:</b>"]
    for name, link in entries[:20]:
        shown = h(clip(name, 128))
        lines.append(f'• <a href="{h(link)}">{shown}</a>' if link else f"• {shown}")
    if count > 20:
        lines.append(f"… and {count - 20} more.")
    return "\n".join(lines)


def duration_words(seconds: float) -> str:
    """A duration in words, rounded to its largest two units: "45 s", "4 min", "1 h 20 min",
    "2 d 3 h"."""
    whole = _rounded(seconds)
    if whole < 60:
        return f"{whole} s"
    minutes = _rounded(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h" + (f" {minutes} min" if minutes else "")
    days, hours = divmod(_rounded(seconds / 3600), 24)
    return f"{days} d" + (f" {hours} h" if hours else "")


def _rounded(value: float) -> int:
    return int(max(value, 0.0) + 0.5)  # half up: 150 s is "3 min" (round() would say 2)


def mention(user_id: int, name: str) -> str:
    """A name that notifies the person (Telegram's tg://user link)."""
    return f'<a href="tg://user?id={user_id}">{h(clip(name, STAFF_NAME_LIMIT))}</a>'


def reminder(assignee_mention: str, customer: str, waited: str) -> str:
    return (
        f"⏰ {assignee_mention}, <b>{h(customer)}</b> has waited {waited} for an answer. "
        "Could you reply, or /assign it to someone who can?"
    )


def patience_update(first_name: str, assignee: str) -> str:
    return (
        f"Thank you for your patience, {h(first_name)}. <b>{h(assignee)}</b> is finishing "
        "with another customer and will be with you shortly."
    )


def escalation(
    customer: str, assignee: str, waited: str, link: str | None, mentions: Sequence[str]
) -> str:
    where = f' <a href="{h(link)}">Open the topic</a>.' if link else ""
    people = " ".join(mentions)
    return (
        f"🚨 <b>{h(customer)}</b> has waited {waited} without an answer "
        f"(assigned to {h(assignee)}).{where}\n{people}"
    ).rstrip()


def comment_invitation() -> str:
    return "Anything we could have done better? Just write it here — it goes to the team."


def low_rating_alert(
    customer: str, assignee: str, stars: int, link: str | None, owners: Sequence[str]
) -> str:
    where = f' <a href="{h(link)}">Open the topic</a>.' if link else ""
    return (
        f"⚠️ <b>{h(customer)}</b> rated their conversation with {h(assignee)} "
        f"{stars}/5.{where}\n{' '.join(owners)}"
    ).rstrip()


def comment_heading(customer: str) -> str:
    return f"💬 <b>{h(customer)}</b> commented on their rating:"


def comment_thanks() -> str:
    return "Thank you for telling us — the team will read it."


def followup(first_name: str, shop: str) -> str:
    return (
        f"Hi {h(first_name)}, it's {h(shop)} again — did that solve it? "
        "If anything is still not right, just reply here."
    )


def reopened_notice(customer: str) -> str:
    return f"🔁 <b>{h(customer)}</b> answered the follow-up: the conversation is open again."


def back_with(shop: str, assignee: str) -> str:
    return f"<b>{h(assignee)}</b> from {h(shop)} will pick this up again and reply here."


def uncertain_notice(customer: str, to_customer: bool, excerpt: str | None) -> str:
    if to_customer:
        return (
            f"⚠️ Telegram did not confirm that the last message reached <b>{h(customer)}</b> "
            "(the connection timed out). It has probably arrived; if in doubt, send it again."
        )
    said = f" It said: “{h(clip(excerpt, 500))}”" if excerpt else ""
    return (
        f"⚠️ Telegram did not confirm a copy of <b>{h(customer)}</b>'s message arriving here "
        f"(the connection timed out). If it is missing above, nothing is lost.{said}"
    )


def forget_question(shop: str) -> str:
    return (
        f"This deletes everything {h(shop)} has stored about you: your messages, your "
        "profile and your ratings, and the team's copy of the conversation. "
        "It cannot be undone. Delete everything?"
    )


def forget_kept() -> str:
    return "Nothing was deleted."


def forget_done(shop: str) -> str:
    return (
        f"Done: {h(shop)} no longer stores your messages, profile or ratings. "
        "If you write again, we start afresh."
    )


def forgotten_for_owner() -> str:
    return (
        "🗑 A customer used /forgetme: their messages, profile and ratings were deleted "
        "and their topic removed. Conversation counts stay, anonymised."
    )


def owner_welcome(first_name: str) -> str:
    return (
        f"Hello {h(first_name)}! You are an owner of this desk. Here, or in the staff group:\n"
        "/hours — opening hours (e.g. <code>/hours mon-fri 09:00-18:00</code>)\n"
        "/closed, /open — closures and holidays\n"
        "/greeting, /away — what customers read\n"
        "/timezone — the shop's time zone\n"
        "/stats, /export — how the team is doing\n"
        "Alerts about unhappy customers and the desk itself come to this chat."
    )


def staff_chat_lost(title: str) -> str:
    return (
        f"⚠️ I was removed from the staff group “{h(title)}”. Customers can still write; "
        "their messages are kept and will appear there once you add me back as an "
        "administrator with the right to manage topics."
    )


def staff_chat_back(title: str) -> str:
    return f"✅ I'm back in “{h(title)}”; the messages that waited are being delivered now."


def saved_for_later(first_name: str, shop: str) -> str:
    return (
        f"Thank you, {h(first_name)}! Your message is saved. {h(shop)}'s team is having a "
        "technical hiccup right now and will answer here as soon as it is fixed."
    )


def merged_texts(parts: Sequence[str]) -> str:
    """Several short messages of one customer, one per paragraph."""
    return "\n\n".join(h(part) for part in parts)


def edited_notice(text: str) -> str:
    return f"✏️ Edited to: {h(clip(text, 3500))}"


def staff_chat_moved(old: int, new: int) -> str:
    return (
        f"ℹ️ Telegram upgraded the staff group, which gave it a new id: {new} (was {old}). "
        f"I follow it already; please set <code>FRONTDESK_STAFF_CHAT_ID={new}</code> "
        "in your settings so the next start uses it too."
    )


def handler_failed_alert() -> str:
    return (
        "⚠️ Something went wrong while handling a message (the details are in the log). "
        "It is kept and will be tried again; if it keeps failing, it is posted here."
    )


def job_failed_alert() -> str:
    return "⚠️ Something went wrong in a background task; the details are in the log."


def dead_letter(who: str, kind: str, words: str | None, attempts: int) -> str:
    said = f"\n\n“{h(clip(words, 3000))}”" if words else ""
    return (
        f"⚠️ I could not handle a {h(kind)} from {who} ({attempts} attempts; the details are "
        f"in the log). Please look after it by hand.{said}"
    )


def unstorable_update(who: str, kind: str, words: str) -> str:
    said = f"\n\n“{h(clip(words, 3000))}”" if words else ""
    return (
        f"⚠️ A {h(kind)} from {who} could not be stored: it contains text that is not valid "
        f"Unicode. Please look at it in the chat with the customer.{said}"
    )


def not_copyable_notice(customer: str, kind: str, forwarded: bool) -> str:
    what = h(kind.replace("_", " "))
    if forwarded:
        return (
            f"ℹ️ <b>{h(customer)}</b> sent {what}, which Telegram does not let the bot copy; "
            "it is forwarded above instead."
        )
    return (
        f"⚠️ <b>{h(customer)}</b> sent {what}, which Telegram lets the bot neither copy nor "
        "forward, so it cannot be shown here. Please ask them to send it another way."
    )


def owner_unreachable(owner_id: int) -> str:
    return (
        f"⚠️ I could not send a private notice to the owner {mention(owner_id, 'here')}: "
        "Telegram lets a bot write only to people who started it. Please open a private chat "
        "with me and press Start, so urgent notices (such as the bot being removed from this "
        "group) can reach you."
    )
