"""What the bot owes Telegram, as values: the kinds of send and where each goes.

Handlers owe these (desk.Unit.owe); the outbox stores them as JSON (encode/decode, the one
place that knows the format); the relay matches on the type. A send to *the staff chat*
names no chat id: the relay resolves it when the send is made, so a send owed before
Telegram moved the group goes to where the group is now.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

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
    """Any other chat, given directly: an owner's private chat with the bot."""

    chat_id: int
    thread_id: int | None = None


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


Send = Text | Copy | Edit | EnsureTopic | RenameTopic | CloseTopic | DeleteTopic | EraseTraces


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
        case Edit(customer_id=c) | EnsureTopic(customer_id=c):
            return c
        case RenameTopic(customer_id=c) | CloseTopic(customer_id=c):
            return c
        case DeleteTopic() | EraseTraces():
            return None  # outlives the customer it was about


# -- the outbox's JSON ---------------------------------------------------------------------


def encode(send: Send) -> tuple[str, str]:
    """(kind, payload JSON) for the outbox."""
    kind, payload = _payload(send)
    return kind, json.dumps(payload)


def _payload(send: Send) -> tuple[str, dict[str, Any]]:
    match send:
        case Text():
            return "text", {
                "target": _target_json(send.target),
                "html": send.html,
                "buttons": [[list(button) for button in row] for row in send.buttons],
                "silent": send.silent,
                "about": list(send.about),
            }
        case Copy():
            return "copy", {
                "target": _target_json(send.target),
                "message": send.message_row,
                "source": list(send.source),
                "reply_to": list(send.reply_to) if send.reply_to else None,
                "album": send.album,
            }
        case Edit():
            return "edit", {
                "message": send.message_row,
                "customer": send.customer_id,
                "side": send.side,
            }
        case EnsureTopic():
            return "ensure_topic", {"customer_id": send.customer_id, "reopen": send.reopen}
        case RenameTopic():
            return "rename_topic", {"customer_id": send.customer_id}
        case CloseTopic():
            return "close_topic", {"customer_id": send.customer_id}
        case DeleteTopic():
            return "delete_topic", {"thread_id": send.thread_id}
        case EraseTraces():
            return "erase_traces", {
                "user": send.user_id,
                "thread_id": send.thread_id,
                "language": send.language,
                "traces": [
                    [t.chat_id, t.message_id, t.delete, t.own, t.text] for t in send.traces
                ],
            }


def decode(kind: str, payload: str, lane: str) -> Send:
    """The send an outbox row holds (rows owed by earlier releases read the same way)."""
    data = json.loads(payload)
    if kind == "text":
        rows = data.get("buttons") or []
        return Text(
            target=_target(data["target"]),
            html=data["html"],
            buttons=tuple(tuple((label, value) for label, value in row) for row in rows),
            silent=bool(data.get("silent")),
            about=_about(data.get("about")),
        )
    if kind == "copy":
        target = _target(data["target"])
        assert isinstance(target, ToCustomer | ToTopic), f"a copy to {target}"
        reply_to = data.get("reply_to")
        return Copy(
            target=target,
            message_row=data["message"],
            source=(data["source"][0], data["source"][1]),
            reply_to=(reply_to[0], reply_to[1]) if reply_to else None,
            album=data.get("album"),
        )
    if kind == "edit":
        side, _, customer = lane.partition(":")  # earlier releases kept these in the lane
        return Edit(
            message_row=data["message"],
            customer_id=int(data.get("customer", customer)),
            side="customer" if data.get("side", side) == "customer" else "topic",
        )
    if kind == "ensure_topic":
        return EnsureTopic(data["customer_id"], reopen=bool(data.get("reopen")))
    if kind == "rename_topic":
        return RenameTopic(data["customer_id"])
    if kind == "close_topic":
        return CloseTopic(data["customer_id"])
    if kind == "delete_topic":
        return DeleteTopic(data["thread_id"])
    if kind == "erase_traces":
        traces = tuple(
            Trace(chat, message, bool(delete), bool(own), bool(text))
            for chat, message, delete, own, text in data["traces"]
        )
        return EraseTraces(data["user"], data.get("thread_id"), traces, data["language"])
    raise ValueError(f"unknown kind of send: {kind}")


def _about(value: Any) -> tuple[int, ...]:
    if value is None:
        return ()
    return (int(value),) if isinstance(value, int) else tuple(int(v) for v in value)


def _target_json(target: Target) -> dict[str, Any]:
    match target:
        case ToCustomer(customer_id=customer_id):
            return {"customer": customer_id}
        case ToTopic(customer_id=customer_id):
            return {"topic": customer_id}
        case ToStaffChat(thread_id=thread_id):
            return {"staff": True, "thread": thread_id}
        case ToChat(chat_id=chat_id, thread_id=thread_id):
            return {"chat": chat_id, "thread": thread_id}


def _target(data: dict[str, Any]) -> Target:
    if "customer" in data:
        return ToCustomer(int(data["customer"]))
    if "topic" in data:
        return ToTopic(int(data["topic"]))
    if data.get("staff"):
        return ToStaffChat(data.get("thread"))
    return ToChat(int(data["chat"]), data.get("thread"))
