"""Where an owed send goes, and the names of the lanes that keep sends in order."""

from __future__ import annotations

from typing import Any


def to_customer(customer_id: int) -> dict[str, Any]:
    """The customer's private chat with the bot."""
    return {"customer": customer_id}


def to_topic(customer_id: int) -> dict[str, Any]:
    """The customer's topic in the staff chat (or the staff chat itself without topics)."""
    return {"topic": customer_id}


def to_chat(chat_id: int, thread_id: int | None = None) -> dict[str, Any]:
    """A chat (and forum topic) given directly: replies to staff and owner commands."""
    return {"chat": chat_id, "thread": thread_id}


def customer_lane(customer_id: int) -> str:
    """Everything sent to one customer, in order."""
    return f"customer:{customer_id}"


def topic_lane(customer_id: int) -> str:
    """Everything sent to the staff chat about one customer, in order."""
    return f"topic:{customer_id}"


def chat_lane(chat_id: int) -> str:
    """Replies in one chat that are about no particular customer."""
    return f"chat:{chat_id}"


def lane_for(target: dict[str, Any]) -> str:
    """The lane a send to this target belongs in."""
    if "customer" in target:
        return customer_lane(int(target["customer"]))
    if "topic" in target:
        return topic_lane(int(target["topic"]))
    return chat_lane(int(target["chat"]))
