"""The customers' topics in the staff chat: found, made (with a card), renamed, reopened,
closed and deleted; and, in a staff group without topics, whose words follow."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest

from config.settings import Settings
from logic.texts import speaker_header, topic_name
from relay.cards import card_for
from storage import conversations, customers, messages
from storage import settings as stored_settings
from storage.db import Database

log = logging.getLogger(__name__)

T = TypeVar("T")
FORUM_KEY = "staff_chat_is_forum"
LAST_SPEAKER_KEY = "plain_chat_last_customer"

# Telegram's words when a staff member deleted the customer's topic.
TOPIC_GONE = ("message thread not found", "topic_deleted", "topic not found")
TOPIC_CLOSED = "topic_closed"
NOT_MODIFIED = ("not modified", "topic_not_modified")
NOT_A_FORUM = "not a forum"


def says(error: BadRequest, words: str | tuple[str, ...]) -> bool:
    """Whether Telegram's error text contains any of these words."""
    message = error.message.lower()
    return any(word in message for word in ((words,) if isinstance(words, str) else words))


class StaffTopics:
    """Sends into a customer's topic, making a new one (with a card) if staff deleted it."""

    def __init__(
        self,
        bot: Bot,
        db: Database,
        settings: Settings,
        turn: Callable[[int], Awaitable[None]],
    ) -> None:
        self._bot = bot
        self._db = db
        self._settings = settings
        self._turn = turn  # the chat's turn under Telegram's limits, and an unconfirmed slot
        self._plain_chat_turn = asyncio.Lock()
        # Each customer's topic as last read or changed here (only this class changes
        # topics), so a copy into a topic needs no trip to the database first.
        self._threads: dict[int, int | None] = {}

    def forget(self, customer_id: int) -> None:
        """The customer was deleted: their topic is no longer theirs."""
        self._threads.pop(customer_id, None)

    async def ensure(self, payload: dict[str, Any]) -> None:
        customer = await customers.get(self._db, payload["customer_id"])
        if customer is None or not await self._forum():
            return
        if customer.thread_id is None:
            await self._create(customer.user_id)
            return
        if payload.get("reopen"):
            await self._reopen(customer.thread_id)
        await self.rename(customer.user_id)

    async def rename_from_payload(self, payload: dict[str, Any]) -> None:
        await self.rename(payload["customer_id"])

    async def rename(self, customer_id: int) -> None:
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
            if not says(error, NOT_MODIFIED + TOPIC_GONE):
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

    async def delete(self, payload: dict[str, Any]) -> None:
        try:
            await self._bot.delete_forum_topic(self._settings.staff_chat_id, payload["thread_id"])
        except BadRequest as error:
            if not says(error, (*TOPIC_GONE, "topic_id_invalid")):
                raise

    async def close(self, payload: dict[str, Any]) -> None:
        customer = await customers.get(self._db, payload["customer_id"])
        if customer is None or customer.thread_id is None or not await self._forum():
            return
        try:
            await self._bot.close_forum_topic(self._settings.staff_chat_id, customer.thread_id)
        except BadRequest as error:
            if not says(error, NOT_MODIFIED + TOPIC_GONE):
                raise

    async def to_target(
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
            thread_id = await self._create(customer_id, with_card=True)
        try:
            return await send(chat_id, thread_id)
        except BadRequest as error:
            if thread_id is not None and says(error, TOPIC_CLOSED):
                await self._reopen(thread_id)
                result = await send(chat_id, thread_id)
                # A notice about a closed conversation (a rating, a comment) leaves it closed.
                latest = await conversations.latest(self._db, customer_id)
                if latest is not None and not latest.is_open:
                    await self.close({"customer_id": customer_id})
                return result
            if thread_id is not None and says(error, TOPIC_GONE):
                log.info(
                    "Topic %s of customer %s is gone; making a new one", thread_id, customer_id
                )
                async with self._db.transaction():
                    await customers.set_thread(self._db, customer_id, None)
                self._threads[customer_id] = None
                new_thread = await self._create(customer_id, with_card=True)
                return await send(chat_id, new_thread)
            raise

    async def _create(self, customer_id: int, with_card: bool = False) -> int | None:
        customer = await customers.get(self._db, customer_id)
        assert customer is not None
        conversation = await conversations.latest(self._db, customer_id)
        name = await self._topic_name(customer_id)
        await self._turn(self._settings.staff_chat_id)
        try:
            topic = await self._bot.create_forum_topic(self._settings.staff_chat_id, name)
        except BadRequest as error:
            if says(error, NOT_A_FORUM):
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
            if not says(error, NOT_MODIFIED):
                raise

    async def _forum(self) -> bool:
        """Whether the staff chat has topics (assumed until Telegram says otherwise)."""
        known = self._db.memo.get(FORUM_KEY)
        if known is None:
            known = self._db.memo[FORUM_KEY] = await stored_settings.get(self._db, FORUM_KEY)
        return known != "0"
