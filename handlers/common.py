"""Small helpers the flows share: what kind a message is, whose topic it is in."""

from __future__ import annotations

import contextlib
import json
from typing import TYPE_CHECKING, Literal

from telegram import CallbackQuery, Message
from telegram.error import BadRequest

from config.settings import Settings
from desk.sends import Edit, ToChat
from logic.business import stored_chat_id
from logic.details import extract_details
from storage import customers, messages, search
from storage.conversations import Conversation
from storage.db import Reader, Tx
from storage.messages import StoredMessage
from views.business_texts import signature
from views.people import customer_speech, name_of

if TYPE_CHECKING:
    from desk.context import Ctx
    from desk.desk import Unit

# Telegram's stand-in account for anonymous group admins: it is nobody's identity.
ANONYMOUS_ADMIN_ID = 1087968824

_KINDS = (
    "text",
    "photo",
    "video",
    "animation",
    "voice",
    "video_note",
    "audio",
    "document",
    "sticker",
    "location",
    "venue",
    "contact",
    "poll",
    "dice",
    "story",
    "paid_media",
)


def message_kind(message: Message) -> str:
    """A word for what the message carries: text, photo, voice, location…"""
    if message.venue is not None:
        return "venue"
    for kind in _KINDS:
        if getattr(message, kind, None):
            return kind
    return "other"


# What a message carries that can be sent again; the rest (who, when, where) is not kept.
CONTENT_FIELDS = (
    "text", "entities", "caption", "caption_entities", "has_media_spoiler",
    "show_caption_above_media", "photo", "video", "animation", "document", "audio", "voice",
    "video_note", "sticker", "location", "venue", "contact", "dice", "poll", "story",
    "paid_media",
)  # fmt: skip


def content_of(message: Message) -> str:
    """What a message carried, as JSON, to send it again by kind (relay/resend.py)."""
    data = message.to_dict()
    return json.dumps({key: data[key] for key in CONTENT_FIELDS if key in data})


def message_words(message: Message) -> str | None:
    """The text or caption the sender wrote, if any."""
    return message.text if message.text is not None else message.caption


def chat_key(message: Message) -> int:
    """The chat a message is stored under: a chat of the shop's business account is kept
    apart from the bot's own chat with the same person (see logic.business)."""
    return stored_chat_id(message.chat_id, message.business_connection_id is not None)


def replied_message_id(message: Message) -> int | None:
    """The message this one explicitly replies to (not the topic it is in)."""
    reply = message.reply_to_message
    if reply is None or reply.forum_topic_created is not None:
        return None
    # Inside a topic Telegram marks every message as a reply to the topic's first message.
    if message.is_topic_message and reply.message_id == message.message_thread_id:
        return None
    return reply.message_id


async def customer_of_staff_message(db: Reader, message: Message) -> int | None:
    """The customer a staff-chat message is about: by its topic, else by what it replies to."""
    if message.is_topic_message and message.message_thread_id is not None:
        customer = await customers.by_thread(db, message.message_thread_id)
        if customer is not None:
            return customer.user_id
    replied = replied_message_id(message)
    if replied is not None:
        return await messages.customer_of_staff_post(db, message.chat_id, replied)
    return None


def command_argument(message: Message) -> str:
    """What follows the command word, stripped ("/name  Maria " → "Maria")."""
    text = message.text or ""
    _, _, rest = text.partition(" ")
    if "\n" in text.split(" ", 1)[0]:
        _, _, rest = text.partition("\n")
    return rest.strip()


async def answer_quietly(query: CallbackQuery, text: str) -> None:
    """Answer a button press; a query too old to answer is no error worth reporting."""
    with contextlib.suppress(BadRequest):
        await query.answer(text)


async def record_message(
    db: Tx,
    message: Message,
    *,
    customer_id: int,
    conversation_id: int | None,
    direction: str,
    author_id: int | None,
    now: float,
    resendable: bool = False,
) -> StoredMessage | None:
    """Store a Telegram message of a conversation; None if it was stored before.

    resendable: keep what it carried, to send it again by kind (into or out of a chat of
    the shop's business account, where copyMessage cannot reach).
    """
    stored = await messages.record(
        db,
        customer_id=customer_id,
        conversation_id=conversation_id,
        direction=direction,
        author_id=author_id,
        kind=message_kind(message),
        text=message_words(message),
        source_chat_id=chat_key(message),
        source_message_id=message.message_id,
        media_group_id=message.media_group_id,
        now=now,
        content=content_of(message) if resendable else None,
    )
    if stored is not None and direction == "in":  # findable by the details in their words
        await search.note_details(db, customer_id, extract_details(stored.text))
    return stored


async def mirror_edit(context: Ctx, message: Message, direction: Literal["in", "out"]) -> None:
    """Store an edited text or caption and owe the same edit on its copy (a customer's
    message is copied into their topic, a staff reply into the customer's chat)."""

    async def store_edit(work: Unit) -> None:
        stored = await messages.by_source(work.db, chat_key(message), message.message_id)
        if stored is None or stored.direction != direction:
            return
        await messages.set_text(work.db, stored.id, message_words(message), work.now)
        if direction == "in":
            await search.note_details(work.db, stored.customer_id, extract_details(stored.text))
        side: Literal["customer", "topic"] = "topic" if direction == "in" else "customer"
        await work.owe(Edit(stored.id, stored.customer_id, side))

    await context.desk.run(store_edit)


def reply_target(message: Message) -> ToChat:
    """Where an answer to this message goes: its chat, and its topic if it is in one."""
    thread = message.message_thread_id if message.is_topic_message else None
    return ToChat(message.chat_id, thread)


async def first_reply_signature(
    db: Reader,
    settings: Settings,
    customer_id: int,
    conversation: Conversation | None,
    author_id: int | None,
) -> str | None:
    """The line above a person's first reply in a conversation with a customer of the shop's
    business account (who sees only the shop's name as the sender); None otherwise."""
    if author_id is None or conversation is None:
        return None
    if await messages.has_answered(db, conversation.id, author_id):
        return None
    sp = customer_speech(settings, await customers.get(db, customer_id))
    name = await name_of(sp, db, settings, author_id)
    return signature(sp, name, settings.shop_name)
