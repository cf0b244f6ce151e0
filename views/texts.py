"""What customers read, and the helpers every text module shares (escaping, clipping,
mentions, durations). Staff texts are in staff_texts, alerts in alert_texts, the ticket
card in card_texts; all in HTML with user-provided parts escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

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


def button_expired(sp: Speech) -> str:
    return sp.gettext("This button is no longer active.")


def already_rated(sp: Speech) -> str:
    return sp.gettext("You have already rated this conversation — thank you!")


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


def patience_update(sp: Speech, first_name: str, assignee: str) -> str:
    return sp.gettext(
        "Thank you for your patience, {name}. <b>{assignee}</b> is finishing "
        "with another customer and will be with you shortly.",
        name=h(first_name),
        assignee=h(assignee),
    )


def comment_invitation(sp: Speech) -> str:
    return sp.gettext(
        "Anything we could have done better? Just write it here — it goes to the team."
    )


def comment_thanks(sp: Speech) -> str:
    return sp.gettext("Thank you for telling us — the team will read it.")


def followup(sp: Speech, first_name: str, shop: str) -> str:
    return sp.gettext(
        "Hi {name}, it's {shop} again — did that solve it? "
        "If anything is still not right, just reply here.",
        name=h(first_name),
        shop=h(shop),
    )


def back_with(sp: Speech, shop: str, assignee: str) -> str:
    return sp.gettext(
        "<b>{assignee}</b> from {shop} will pick this up again and reply here.",
        assignee=h(assignee),
        shop=h(shop),
    )


def forget_buttons(sp: Speech) -> tuple[str, str]:
    """The confirmation's two buttons: yes, no."""
    return sp.gettext("Yes, delete everything"), sp.gettext("No, keep it")


def forget_kept(sp: Speech) -> str:
    return sp.gettext("Nothing was deleted.")


def forget_deleted(sp: Speech) -> str:
    return sp.gettext("Deleted.")


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


def merged_texts(parts: Sequence[str]) -> str:
    """Several short messages of one customer, one per paragraph."""
    return "\n\n".join(h(part) for part in parts)
