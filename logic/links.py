"""Links into Telegram chats."""

from __future__ import annotations


def topic_link(chat_id: int, thread_id: int | None) -> str | None:
    """A t.me link to a topic of a supergroup (ids look like -1001234567890)."""
    text = str(chat_id)
    if thread_id is None or not text.startswith("-100"):
        return None
    return f"https://t.me/c/{text.removeprefix('-100')}/{thread_id}"


def message_link(chat_id: int, message_id: int) -> str | None:
    """A t.me link to a message in a supergroup (None for other chats)."""
    return topic_link(chat_id, message_id)
