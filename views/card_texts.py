"""The ticket card and the topic title: what the staff see first about a conversation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from logic.details import Details
from views.i18n import Speech
from views.texts import STAFF_NAME_LIMIT, TOPIC_NAME_LIMIT, clip, h

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
    via_account: str | None = None,
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
    if via_account:
        lines.append(sp.gettext("📇 via the shop's account {handle}", handle=h(via_account)))
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


def card_with_words(card_html: str, text: str) -> str:
    """The ticket card followed by the customer's first words (plain text, escaped): one
    post instead of a card and a copy, while the staff chat's limit is what binds."""
    return f"{card_html}\n\n{h(text)}"
