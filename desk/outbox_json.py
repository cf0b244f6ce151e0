"""The outbox's JSON: the one place that writes and reads the stored form of a send.

Rows owed by earlier releases (plain dicts with "target", "html", "message"…) read the same
way, so an upgrade keeps every send it still owes.
"""

from __future__ import annotations

import json
from typing import Any

from desk.sends import (
    CloseTopic,
    Copy,
    DeleteTopic,
    Edit,
    EnsureTopic,
    EraseTraces,
    MarkRead,
    RenameTopic,
    Send,
    Target,
    Text,
    ToChat,
    ToCustomer,
    ToStaffChat,
    ToTopic,
    Trace,
)


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
                "card": send.card,
                "signature": send.signature,
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
                "via": send.business_connection_id,
                "traces": [
                    [t.chat_id, t.message_id, t.delete, t.own, t.text] for t in send.traces
                ],
            }
        case MarkRead():
            return "mark_read", {"customer_id": send.customer_id}


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
            card=data.get("card"),
            signature=data.get("signature"),
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
        return EraseTraces(
            data["user"], data.get("thread_id"), traces, data["language"], data.get("via")
        )
    if kind == "mark_read":
        return MarkRead(data["customer_id"])
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
        case ToChat(chat_id=chat_id, thread_id=thread_id, business_connection_id=via):
            return {"chat": chat_id, "thread": thread_id, "via": via}


def _target(data: dict[str, Any]) -> Target:
    if "customer" in data:
        return ToCustomer(int(data["customer"]))
    if "topic" in data:
        return ToTopic(int(data["topic"]))
    if data.get("staff"):
        return ToStaffChat(data.get("thread"))
    return ToChat(int(data["chat"]), data.get("thread"), data.get("via"))
