"""Making one owed send through Telegram, recovering from topics that were closed or deleted."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest

from config.settings import Settings
from logic.texts import edited_notice, merged_texts, speaker_header, topic_name
from relay.cards import card_for
from relay.limits import SendLimits
from relay.unconfirmed import UnconfirmedSends
from storage import conversations, customers, messages
from storage import settings as stored_settings
from storage.db import Database
from storage.made_sends import Copy
from storage.outbox import PendingSend

log = logging.getLogger(__name__)

T = TypeVar("T")
FORUM_KEY = "staff_chat_is_forum"
LAST_SPEAKER_KEY = "plain_chat_last_customer"

# Telegram's words when a staff member deleted the customer's topic.
_TOPIC_GONE = ("message thread not found", "topic_deleted", "topic not found")
_TOPIC_CLOSED = "topic_closed"
_NOT_MODIFIED = ("not modified", "topic_not_modified")
_NOT_A_FORUM = "not a forum"


def _says(error: BadRequest, words: str | tuple[str, ...]) -> bool:
    message = error.message.lower()
    return any(word in message for word in ((words,) if isinstance(words, str) else words))


class Delivery:
    """Carries out owed sends, one at a time, against the Bot API; reports the copies made
    (the relay sender records them together with the send being done)."""

    def __init__(
        self,
        bot: Bot,
        db: Database,
        settings: Settings,
        limits: SendLimits,
        unconfirmed: UnconfirmedSends,
    ) -> None:
        self._bot = bot
        self._db = db
        self._settings = settings
        self._unconfirmed = unconfirmed
        self._limits = limits
        self._plain_chat_turn = asyncio.Lock()
        # Each customer's topic as last read or changed here (only Delivery changes topics),
        # so a copy into a topic needs no trip to the database first.
        self._threads: dict[int, int | None] = {}

    def forget(self, customer_id: int) -> None:
        """The customer was deleted: their topic is no longer theirs."""
        self._threads.pop(customer_id, None)

    async def make(self, send: PendingSend) -> list[Copy]:
        """Make one send; Telegram errors that mean something else propagate."""
        if send.kind == "copy":
            return await self._copy(send.payload)
        handler = {
            "text": self._text,
            "edit": self._edit,
            "ensure_topic": self._ensure_topic,
            "rename_topic": self._rename_from_payload,
            "delete_topic": self._delete_topic,
            "close_topic": self._close_topic,
        }[send.kind]
        await handler(send.payload)
        return []

    # -- the kinds of send ---------------------------------------------------------------

    async def _text(self, payload: dict[str, Any]) -> None:
        markup = _keyboard(payload.get("buttons"))
        target = payload["target"]

        async def send(chat_id: int, thread_id: int | None) -> int:
            await self._turn(chat_id)
            sent = await self._bot.send_message(
                chat_id=chat_id,
                message_thread_id=thread_id,
                text=payload["html"],
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                disable_notification=bool(payload.get("silent")),
            )
            return sent.message_id

        await self._to_target(target, send)

    async def _copy(self, payload: dict[str, Any]) -> list[Copy]:
        source = payload.get("source")
        if source is None:  # owed before sends named their source
            stored = await messages.get(self._db, payload["message"])
            if stored is None:  # forgotten in the meantime
                return []
            source = [stored.source_chat_id, stored.source_message_id]
        reply_to = payload.get("reply_to")
        made: list[Copy] = []

        async def send(chat_id: int, thread_id: int | None) -> int:
            reply = None
            if reply_to is not None:
                other = await messages.counterpart(self._db, reply_to[0], reply_to[1])
                if other is not None and other[0] == chat_id:
                    reply = ReplyParameters(other[1], allow_sending_without_reply=True)
            await self._turn(chat_id)
            copied = await self._bot.copy_message(
                chat_id=chat_id,
                from_chat_id=source[0],
                message_id=source[1],
                message_thread_id=thread_id,
                reply_parameters=reply,
            )
            made.append(Copy(payload["message"], chat_id, copied.message_id))
            return copied.message_id

        await self._to_target(payload["target"], send, remember=False)
        return made

    async def make_album(self, sends: list[PendingSend]) -> list[Copy]:
        """Copy an album's messages together, so it stays an album (copyMessages)."""
        rows = [await messages.get(self._db, send.payload["message"]) for send in sends]
        stored = [row for row in rows if row is not None]
        if not stored:
            return []
        source_chat = stored[0].source_chat_id
        made: list[Copy] = []

        async def send(chat_id: int, thread_id: int | None) -> int:
            await self._turn(chat_id)
            copies = await self._bot.copy_messages(
                chat_id=chat_id,
                from_chat_id=source_chat,
                message_ids=[row.source_message_id for row in stored],
                message_thread_id=thread_id,
            )
            made.extend(
                Copy(row.id, chat_id, copy.message_id)
                for row, copy in zip(stored, copies, strict=False)
            )
            return copies[0].message_id

        await self._to_target(sends[0].payload["target"], send, remember=False)
        return made

    async def _turn(self, chat_id: int) -> None:
        """Wait for the chat's turn under Telegram's limits, then for an unconfirmed slot."""
        await self._limits.wait_turn(chat_id)
        await self._unconfirmed.hold()

    def staff_chat_busy(self) -> bool:
        """Whether Telegram's group limit is holding back sends to the staff chat right now."""
        return self._limits.is_busy(self._settings.staff_chat_id)

    async def until_staff_chat_ready(self) -> None:
        """Wait for the staff chat's next turn (more of a flood can gather meanwhile)."""
        await self._limits.wait_ready(self._settings.staff_chat_id)

    async def make_merged(self, sends: list[PendingSend]) -> list[Copy]:
        """Several short texts of one customer as one staff-chat message."""
        rows = [await messages.get(self._db, send.payload["message"]) for send in sends]
        stored = [row for row in rows if row is not None and row.text]
        if not stored:
            return []
        made: list[Copy] = []

        async def send(chat_id: int, thread_id: int | None) -> int:
            await self._turn(chat_id)
            sent = await self._bot.send_message(
                chat_id=chat_id,
                message_thread_id=thread_id,
                text=merged_texts([row.text or "" for row in stored]),
                parse_mode=ParseMode.HTML,
            )
            made.extend(Copy(row.id, chat_id, sent.message_id) for row in stored)
            return sent.message_id

        await self._to_target(sends[0].payload["target"], send, remember=False)
        return made

    async def _edit(self, payload: dict[str, Any]) -> None:
        stored = await messages.get(self._db, payload["message"])
        if stored is None or stored.copy_chat_id is None or stored.copy_message_id is None:
            return
        if await messages.shares_copy(self._db, stored):
            # Merged with other texts: editing the copy would overwrite them; say it instead.
            await self._turn(stored.copy_chat_id)
            await self._bot.send_message(
                chat_id=stored.copy_chat_id,
                text=edited_notice(stored.text or ""),
                parse_mode=ParseMode.HTML,
                reply_parameters=ReplyParameters(
                    stored.copy_message_id, allow_sending_without_reply=True
                ),
            )
            return
        try:
            if stored.kind == "text":
                await self._bot.edit_message_text(
                    chat_id=stored.copy_chat_id,
                    message_id=stored.copy_message_id,
                    text=stored.text or "",
                )
            else:
                await self._bot.edit_message_caption(
                    chat_id=stored.copy_chat_id,
                    message_id=stored.copy_message_id,
                    caption=stored.text or "",
                )
        except BadRequest as error:
            if not _says(error, _NOT_MODIFIED):
                raise

    async def _ensure_topic(self, payload: dict[str, Any]) -> None:
        customer = await customers.get(self._db, payload["customer_id"])
        if customer is None or not await self._forum():
            return
        if customer.thread_id is None:
            await self._create_topic(customer.user_id)
            return
        if payload.get("reopen"):
            await self._reopen(customer.thread_id)
        await self._rename_topic(customer.user_id)

    async def _rename_from_payload(self, payload: dict[str, Any]) -> None:
        await self._rename_topic(payload["customer_id"])

    async def _rename_topic(self, customer_id: int) -> None:
        """Give the topic the title the customer's latest conversation calls for."""
        customer = await customers.get(self._db, customer_id)
        if customer is None or customer.thread_id is None or not await self._forum():
            return
        name = await self._topic_name(customer_id)
        if name == customer.topic_name:
            return
        try:
            await self._bot.edit_forum_topic(
                self._settings.staff_chat_id, customer.thread_id, name=name
            )
        except BadRequest as error:
            if not _says(error, _NOT_MODIFIED + _TOPIC_GONE):
                raise
        async with self._db.transaction():
            await customers.set_topic_name(self._db, customer_id, name)

    async def _topic_name(self, customer_id: int) -> str:
        customer = await customers.get(self._db, customer_id)
        assert customer is not None
        conversation = await conversations.latest(self._db, customer_id)
        if conversation is None:
            return topic_name(customer.full_name, None)
        waiting = conversation.after_hours and not conversation.waiting_announced
        return topic_name(customer.full_name, conversation.order_number, waiting)

    async def _delete_topic(self, payload: dict[str, Any]) -> None:
        try:
            await self._bot.delete_forum_topic(self._settings.staff_chat_id, payload["thread_id"])
        except BadRequest as error:
            if not _says(error, (*_TOPIC_GONE, "topic_id_invalid")):
                raise

    async def _close_topic(self, payload: dict[str, Any]) -> None:
        customer = await customers.get(self._db, payload["customer_id"])
        if customer is None or customer.thread_id is None or not await self._forum():
            return
        try:
            await self._bot.close_forum_topic(self._settings.staff_chat_id, customer.thread_id)
        except BadRequest as error:
            if not _says(error, _NOT_MODIFIED + _TOPIC_GONE):
                raise

    # -- topics ----------------------------------------------------------------------------

    async def _to_target(
        self,
        target: dict[str, Any],
        send: Callable[[int, int | None], Awaitable[int]],
        remember: bool = True,
    ) -> None:
        if "customer" in target:
            await send(int(target["customer"]), None)
        elif "topic" in target:
            customer_id = int(target["topic"])
            if await self._forum():
                message_id = await self._in_topic(customer_id, send)
            else:
                # Without topics, whose words follow must be clear: copies (remember=False)
                # get a header when the speaker changes, and other lanes wait meanwhile.
                async with self._plain_chat_turn:
                    if not remember:
                        await self._introduce(customer_id)
                    message_id = await self._in_topic(customer_id, send)
                    async with self._db.transaction():
                        await stored_settings.put(self._db, LAST_SPEAKER_KEY, str(customer_id))
            if remember:
                await self._remember_post(message_id, customer_id)
        else:
            await send(int(target["chat"]), target.get("thread"))

    async def _in_topic(
        self, customer_id: int, send: Callable[[int, int | None], Awaitable[T]]
    ) -> T:
        """Send into a customer's topic, making a new one if staff deleted it."""
        chat_id = self._settings.staff_chat_id
        if customer_id in self._threads:
            thread_id = self._threads[customer_id]
            known = True
        else:
            customer = await customers.get(self._db, customer_id)
            thread_id = customer.thread_id if customer is not None else None
            known = customer is not None
            if known:
                self._threads[customer_id] = thread_id
        if thread_id is None and known and await self._forum():
            thread_id = await self._create_topic(customer_id, with_card=True)
        try:
            return await send(chat_id, thread_id)
        except BadRequest as error:
            if thread_id is not None and _says(error, _TOPIC_CLOSED):
                await self._reopen(thread_id)
                result = await send(chat_id, thread_id)
                # A notice about a closed conversation (a rating, a comment) leaves it closed.
                latest = await conversations.latest(self._db, customer_id)
                if latest is not None and not latest.is_open:
                    await self._close_topic({"customer_id": customer_id})
                return result
            if thread_id is not None and _says(error, _TOPIC_GONE):
                log.info(
                    "Topic %s of customer %s is gone; making a new one", thread_id, customer_id
                )
                async with self._db.transaction():
                    await customers.set_thread(self._db, customer_id, None)
                self._threads[customer_id] = None
                new_thread = await self._create_topic(customer_id, with_card=True)
                return await send(chat_id, new_thread)
            raise

    async def _create_topic(self, customer_id: int, with_card: bool = False) -> int | None:
        customer = await customers.get(self._db, customer_id)
        assert customer is not None
        conversation = await conversations.latest(self._db, customer_id)
        name = await self._topic_name(customer_id)
        await self._turn(self._settings.staff_chat_id)
        try:
            topic = await self._bot.create_forum_topic(self._settings.staff_chat_id, name)
        except BadRequest as error:
            if _says(error, _NOT_A_FORUM):
                async with self._db.transaction():
                    await stored_settings.put(self._db, FORUM_KEY, "0")
                self._db.memo[FORUM_KEY] = "0"
                return None
            raise
        async with self._db.transaction():
            await customers.set_thread(self._db, customer_id, topic.message_thread_id, name)
        self._threads[customer_id] = topic.message_thread_id
        if with_card and conversation is not None:
            card = await card_for(self._db, self._settings, conversation.id)
            await self._turn(self._settings.staff_chat_id)
            sent = await self._bot.send_message(
                chat_id=self._settings.staff_chat_id,
                message_thread_id=topic.message_thread_id,
                text=card,
                parse_mode=ParseMode.HTML,
            )
            await self._remember_post(sent.message_id, customer_id)
        return topic.message_thread_id

    async def _introduce(self, customer_id: int) -> None:
        """Without topics, say whose messages follow when the speaker changes."""
        if await stored_settings.get(self._db, LAST_SPEAKER_KEY) == str(customer_id):
            return
        customer = await customers.get(self._db, customer_id)
        if customer is None:
            return
        await self._turn(self._settings.staff_chat_id)
        sent = await self._bot.send_message(
            chat_id=self._settings.staff_chat_id,
            text=speaker_header(customer.full_name),
            parse_mode=ParseMode.HTML,
            disable_notification=True,
        )
        await self._remember_post(sent.message_id, customer_id)
        async with self._db.transaction():
            await stored_settings.put(self._db, LAST_SPEAKER_KEY, str(customer_id))

    async def _remember_post(self, message_id: int, customer_id: int) -> None:
        await messages.remember_staff_post(
            self._db, self._settings.staff_chat_id, message_id, customer_id
        )

    async def _reopen(self, thread_id: int) -> None:
        try:
            await self._bot.reopen_forum_topic(self._settings.staff_chat_id, thread_id)
        except BadRequest as error:
            if not _says(error, _NOT_MODIFIED):
                raise

    async def _forum(self) -> bool:
        """Whether the staff chat has topics (assumed until Telegram says otherwise)."""
        known = self._db.memo.get(FORUM_KEY)
        if known is None:
            known = self._db.memo[FORUM_KEY] = await stored_settings.get(self._db, FORUM_KEY)
        return known != "0"


def _keyboard(rows: list[list[list[str]]] | None) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )
