"""What the bot owes Telegram, as values: the kinds of send and where each goes.

Handlers owe these (desk.Unit.owe); the outbox stores them as JSON (desk/outbox_json.py,
the one place that knows the format); the relay matches on the type. A send to *the staff chat*
names no chat id: the relay resolves it when the send is made, so a send owed before
Telegram moved the group goes to where the group is now.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# -- where a send goes ---------------------------------------------------------------------


@dataclass(frozen=True)
class ToCustomer:
    """The customer's private chat with the bot."""

    customer_id: int


@dataclass(frozen=True)
class ToTopic:
    """The customer's topic in the staff chat (the staff chat itself without topics)."""

    customer_id: int


@dataclass(frozen=True)
class ToStaffChat:
    """The staff chat (a topic of it, or its General topic), wherever it is at send time."""

    thread_id: int | None = None


@dataclass(frozen=True)
class ToChat:
    """Any other chat, given directly: an owner's private chat with the bot (or, through a
    Telegram Business connection, a chat of the shop's own account)."""

    chat_id: int
    thread_id: int | None = None
    business_connection_id: str | None = None


Target = ToCustomer | ToTopic | ToStaffChat | ToChat

# -- what is sent --------------------------------------------------------------------------

Button = tuple[str, str]  # label, callback data
Buttons = tuple[tuple[Button, ...], ...]


@dataclass(frozen=True)
class Text:
    """A message the bot writes (HTML), with optional inline buttons."""

    target: Target
    html: str
    buttons: Buttons = ()
    silent: bool = False
    # The customers it names, when that is not its target (an alert, the list of who
    # waited overnight): their posts are remembered, so /forgetme can remove them.
    about: tuple[int, ...] = ()


@dataclass(frozen=True)
class Copy:
    """A copy of a stored message (a customer's to their topic, a staff reply to them)."""

    target: ToCustomer | ToTopic
    message_row: int  # messages.id
    source: tuple[int, int]  # chat id, message id of the original
    reply_to: tuple[int, int] | None = None  # the (chat id, message id) the original answers
    album: str | None = None  # the original's media group
    # A conversation's first message, a plain text: one post carries the ticket card and
    # the customer's words (escaped) instead of a card and a copy, and counts as its copy.
    card: str | None = None
    # A line naming the staff member above their words, where the customer would otherwise
    # see only the shop's name (their first reply through the shop's business account).
    signature: str | None = None


@dataclass(frozen=True)
class Edit:
    """Mirror a stored message's new text onto its copy (on the customer's or topic side)."""

    message_row: int
    customer_id: int
    side: Literal["customer", "topic"]


@dataclass(frozen=True)
class EnsureTopic:
    """The customer has a topic (made with its card if missing), reopened if asked, named
    after their latest conversation."""

    customer_id: int
    reopen: bool = False


@dataclass(frozen=True)
class RenameTopic:
    customer_id: int


@dataclass(frozen=True)
class CloseTopic:
    customer_id: int


@dataclass(frozen=True)
class DeleteTopic:
    """A forgotten customer's topic (the customer row is gone, hence only the thread)."""

    thread_id: int


@dataclass(frozen=True)
class Trace:
    """A message in the staff chat that names or copies a forgotten customer."""

    chat_id: int
    message_id: int
    delete: bool  # young enough for Telegram to let a bot delete it (under 48 hours)
    own: bool  # the bot's (an old one can be blanked; a staff member's cannot)
    text: bool  # a text, rather than media with a caption (whose media would stay)


@dataclass(frozen=True)
class EraseTraces:
    """Clear the staff chat of a forgotten customer, then tell them and the owners how it
    went (their private chat is named by id: the customer row is gone)."""

    user_id: int
    thread_id: int | None  # their topic, deleted with everything in it
    traces: tuple[Trace, ...]
    language: str  # theirs, for the note afterwards (their profile is gone by then)
    # The shop account's connection they wrote through (the note goes there), if any.
    business_connection_id: str | None = None


@dataclass(frozen=True)
class MarkRead:
    """Mark the customer's messages in the shop's business chat as read (a staff member
    answered), where the connection's rights allow."""

    customer_id: int


Send = (
    Text
    | Copy
    | Edit
    | EnsureTopic
    | RenameTopic
    | CloseTopic
    | DeleteTopic
    | EraseTraces
    | MarkRead
)


@dataclass(frozen=True)
class PendingSend:
    """An owed send as the outbox holds it."""

    id: int
    lane: str
    send: Send
    attempts: int = 0


# -- lanes: sends in one lane are made in the order they were owed -------------------------


def lane_of(send: Send) -> str:
    """The lane a send belongs in: one per customer chat, per topic, per other chat."""
    match send:
        case Text(target=target) | Copy(target=target):
            return _lane_of_target(target)
        case Edit(customer_id=customer_id, side=side):
            return f"{side}:{customer_id}"
        case EnsureTopic(customer_id=c) | RenameTopic(customer_id=c) | CloseTopic(customer_id=c):
            return f"topic:{c}"
        case DeleteTopic(thread_id=thread_id):
            return f"forget:{thread_id}"
        case EraseTraces(user_id=user_id):
            return f"forget:user:{user_id}"
        case MarkRead(customer_id=customer_id):
            return f"read:{customer_id}"  # apart: an album's parts stay together


def _lane_of_target(target: Target) -> str:
    match target:
        case ToCustomer(customer_id=customer_id):
            return f"customer:{customer_id}"
        case ToTopic(customer_id=customer_id):
            return f"topic:{customer_id}"
        case ToStaffChat():
            return "staff"
        case ToChat(chat_id=chat_id):
            return f"chat:{chat_id}"


def customer_of(send: Send) -> int | None:
    """The customer a send is about (the outbox keeps it in a column for /forgetme)."""
    match send:
        case Text(target=ToCustomer(customer_id=c) | ToTopic(customer_id=c)):
            return c
        case Text(about=(single,)):
            return single
        case Text():
            return None
        case Copy(target=ToCustomer(customer_id=c) | ToTopic(customer_id=c)):
            return c
        case Edit(customer_id=c) | EnsureTopic(customer_id=c) | MarkRead(customer_id=c):
            return c
        case RenameTopic(customer_id=c) | CloseTopic(customer_id=c):
            return c
        case DeleteTopic() | EraseTraces():
            return None  # outlives the customer it was about
