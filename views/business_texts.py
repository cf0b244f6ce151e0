"""What owners and staff read about the shop's own Telegram account (Telegram Business), and
the line that names a staff member to a customer who sees only the shop's name."""

from __future__ import annotations

from views.i18n import Speech
from views.texts import clip, h

WHERE_IN_TELEGRAM = "Settings → Telegram Business → Chatbots"


def connected(sp: Speech, handle: str, can_read: bool) -> str:
    """The connection works: what Frontdesk does with it."""
    text = sp.gettext(
        "🔗 Frontdesk now answers the shop's Telegram account <b>{handle}</b>. Customers who "
        "write to it get a topic here like everyone else, and your replies reach them from "
        "{handle}.",
        handle=h(handle),
    )
    if can_read:
        return text + "\n" + sp.gettext("✓ Their messages are marked read when you answer.")
    return (
        text
        + "\n"
        + sp.gettext(
            "Their messages are not marked read when you answer: for that, allow "
            "“Mark messages as read” in Telegram ({where}).",
            where=WHERE_IN_TELEGRAM,
        )
    )


def cannot_reply(sp: Speech, handle: str) -> str:
    """Connected, but without the right to reply."""
    return sp.gettext(
        "⚠️ <b>{handle}</b> is connected without “Reply to messages”: customers' messages "
        "show up here, but your replies cannot reach them. Allow it in Telegram ({where}).",
        handle=h(handle),
        where=WHERE_IN_TELEGRAM,
    )


def disconnected(sp: Speech, handle: str) -> str:
    return sp.gettext(
        "🔌 <b>{handle}</b> disconnected Frontdesk. New messages to the shop's account no "
        "longer reach this chat; everything received so far stays here. To connect again: "
        "{where}.",
        handle=h(handle),
        where=WHERE_IN_TELEGRAM,
    )


def stranger_connected(sp: Speech, name: str, user_id: int) -> str:
    return sp.gettext(
        "🚫 <b>{name}</b> (id {id}) tried to connect Frontdesk to their Telegram Business "
        "account. It was ignored: only owners can. If that is the shop's account, add {id} "
        "to FRONTDESK_OWNER_IDS and connect again.",
        name=h(name),
        id=user_id,
    )


def answered_from_account(sp: Speech, name: str, words: str | None) -> str:
    """The owner answered a customer from the shop's account on their phone."""
    heading = sp.gettext("📱 <b>{name}</b> answered from the shop's account:", name=h(name))
    return f"{heading}\n{h(clip(words, 3500))}" if words else heading


def automatic_reply(sp: Speech, words: str | None) -> str:
    """The shop's account answered by itself (its away or greeting message)."""
    heading = sp.gettext("🤖 The shop's account sent its automatic reply:")
    return f"{heading}\n{h(clip(words, 3500))}" if words else heading


def customer_deleted(sp: Speech, customer: str, words: str | None) -> str:
    if words:
        return sp.gettext(
            "🗑 <b>{customer}</b> deleted a message: “{words}”",
            customer=h(customer),
            words=h(clip(words, 300)),
        )
    return sp.gettext("🗑 <b>{customer}</b> deleted a message.", customer=h(customer))


def outside_window(sp: Speech, customer: str) -> str:
    return sp.gettext(
        "⏳ Not delivered to <b>{customer}</b>: Telegram lets the shop's account answer only "
        "within 24 hours of the customer's last message. It is kept and goes out as soon as "
        "they write again.",
        customer=h(customer),
    )


def account_unavailable(sp: Speech, customer: str) -> str:
    return sp.gettext(
        "🔌 Not delivered to <b>{customer}</b>: the shop's account has disconnected Frontdesk "
        "or no longer lets it reply ({where}). It is kept and goes out when they write again "
        "after that is fixed.",
        customer=h(customer),
        where=WHERE_IN_TELEGRAM,
    )


def outside_window_not_kept(sp: Speech, customer: str) -> str:
    """The bot's own text (a reminder, a question) missed the window: not worth sending late."""
    return sp.gettext(
        "⏳ Not delivered to <b>{customer}</b>: Telegram lets the shop's account answer only "
        "within 24 hours of the customer's last message.",
        customer=h(customer),
    )


def account_unavailable_not_kept(sp: Speech, customer: str) -> str:
    return sp.gettext(
        "🔌 Not delivered to <b>{customer}</b>: the shop's account has disconnected Frontdesk "
        "or no longer lets it reply ({where}).",
        customer=h(customer),
        where=WHERE_IN_TELEGRAM,
    )


def not_sendable(sp: Speech, customer: str, kind: str) -> str:
    """A staff message of a kind no Bot API method sends into a business chat."""
    return sp.gettext(
        "⚠️ This message ({what}) cannot be sent from the shop's account, so <b>{customer}</b> "
        "did not get it. Please send it another way (a text, a photo, a file).",
        what=h(kind.replace("_", " ")),
        customer=h(customer),
    )


def kept_sent(sp: Speech, customer: str, count: int) -> str:
    return sp.ngettext(
        "📨 {customer} wrote again: {count} kept reply is on its way to them now.",
        "📨 {customer} wrote again: {count} kept replies are on their way to them now.",
        count,
        customer=h(customer),
    )


def signature(sp: Speech, name: str, shop: str) -> str:
    """Above a staff member's first reply, in the customer's language (they see the shop's
    account as the sender)."""
    return sp.gettext("{name} from {shop}:", name=name, shop=shop)
