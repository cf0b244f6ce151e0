"""A stored message's way into the customer's topic: its copy, and whether a first message
can share one post with the ticket card."""

from __future__ import annotations

from telegram import Message

from desk.sends import Copy, ToTopic
from handlers.common import chat_key, replied_message_id
from storage.messages import StoredMessage
from views import texts
from views.card_texts import card_with_words


def carries_card(stored: StoredMessage, copy: Copy, card: str) -> bool:
    """Whether a conversation's first message can share one post with its card: a plain
    text, not a reply, short enough for one message."""
    if stored.kind != "text" or not stored.text or copy.reply_to or copy.album:
        return False
    return len(card_with_words(card, stored.text).encode("utf-16-le")) // 2 <= texts.TEXT_LIMIT


def copy_to_topic(stored: StoredMessage, customer_id: int, message: Message | None) -> Copy:
    """The copy of a stored message into the customer's topic (message: the Telegram message
    it was, for what it replies to and its album)."""
    replied = replied_message_id(message) if message is not None else None
    return Copy(
        target=ToTopic(customer_id),
        message_row=stored.id,
        source=(stored.source_chat_id, stored.source_message_id),
        reply_to=(chat_key(message), replied) if message is not None and replied else None,
        album=message.media_group_id if message is not None else None,
    )
