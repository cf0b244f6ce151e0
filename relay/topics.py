"""The customers' topics in the staff chat: found, made (with a card), renamed, reopened,
closed and deleted; and, in a staff group without topics, whose words follow.

What changes here is reported (a topic made, gone, renamed; the chat has no topics) and
recorded by the desk before the send that needed it goes on.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest

from config.settings import Settings
from desk.outcomes import Made, NotAForum, Outcome, Post, TopicGone, TopicMade, TopicRenamed
from desk.sends import Target, ToChat, ToCustomer, ToStaffChat, ToTopic
from desk.staff_chat import StaffChat
from storage import conversations, customers
from storage.db import Reader
from storage.made_sends import MadeSend
from views.card_texts import topic_name
from views.cards import card_for
from views.people import shop_speech
from views.staff_texts import speaker_header

log = logging.getLogger(__name__)

T = TypeVar("T")
NOTHING_MADE = MadeSend((), ())
Report = Callable[[Outcome], Awaitable[None]]
# Waits for a chat's turn: (chat id, messages, whose content or None for the bot's own).
Turn = Callable[[int, int, int | None], Awaitable[None]]
# Makes one message in a chat (and topic); returns its message id.
SendTo = Callable[[int, int | None], Awaitable[int]]

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
        db: Reader,
        settings: Settings,
        staff_chat: StaffChat,
        turn: Turn,
        report: Report,
    ) -> None:
        self._bot = bot
        self._db = db
        self._settings = settings
        self._staff_chat = staff_chat
        self._turn = turn  # the chat's turn under Telegram's limits, and an unconfirmed slot
        self._report = report
        self._plain_chat_turn = asyncio.Lock()
        # Without topics: whose words the staff chat showed last (chat id, customer id).
        self._last_speaker: tuple[int, int] | None = None
        # Each customer's topic as last read or changed here (only this class changes
        # topics), so a copy into a topic needs no trip to the database first.
        self._threads: dict[int, int | None] = {}

    def forget(self, customer_id: int) -> None:
        """The customer was deleted: their topic is no longer theirs."""
        self._threads.pop(customer_id, None)

    async def ensure(self, customer_id: int, reopen: bool) -> None:
        customer = await customers.get(self._db, customer_id)
        if customer is None or not self._staff_chat.is_forum:
            return
        if customer.thread_id is None:
            await self._create(customer_id)
            return
        if reopen:
            await self._reopen(customer.thread_id)
        await self.rename(customer_id)

    async def rename(self, customer_id: int) -> None:
        """Give the topic the title the customer's latest conversation calls for."""
        customer = await customers.get(self._db, customer_id)
        if customer is None or customer.thread_id is None or not self._staff_chat.is_forum:
            return
        name = await self._topic_name(customer_id)
        if name == customer.topic_name:
            return
        await self._turn(self._staff_chat.id, 1, None)  # a rename posts a service message
        try:
            await self._bot.edit_forum_topic(self._staff_chat.id, customer.thread_id, name=name)
        except BadRequest as error:
            if not says(error, NOT_MODIFIED + TOPIC_GONE):
                raise
        await self._report(TopicRenamed(customer_id, name))

    async def delete(self, thread_id: int) -> None:
        try:
            await self._bot.delete_forum_topic(self._staff_chat.id, thread_id)
        except BadRequest as error:
            if not says(error, (*TOPIC_GONE, "topic_id_invalid")):
                raise

    async def close(self, customer_id: int) -> None:
        customer = await customers.get(self._db, customer_id)
        if customer is None or customer.thread_id is None or not self._staff_chat.is_forum:
            return
        await self._turn(self._staff_chat.id, 1, None)  # a close posts a service message
        try:
            await self._bot.close_forum_topic(self._staff_chat.id, customer.thread_id)
        except BadRequest as error:
            if not says(error, NOT_MODIFIED + TOPIC_GONE):
                raise

    async def to_target(self, target: Target, send: SendTo, remember: bool = True) -> list[Post]:
        """Make `send` where the target is; returns the staff-chat posts to remember as
        being about a customer (texts into a topic, and the headers without topics)."""
        match target:
            case ToCustomer(customer_id=customer_id):
                await send(customer_id, None)
                return []
            case ToTopic(customer_id=customer_id):
                return await self._to_topic(customer_id, send, remember)
            case ToStaffChat(thread_id=thread_id):
                await send(self._staff_chat.id, thread_id)
                return []
            case ToChat(chat_id=chat_id, thread_id=thread_id):
                await send(self._staff_chat.resolve(chat_id), thread_id)
                return []

    async def _to_topic(self, customer_id: int, send: SendTo, remember: bool) -> list[Post]:
        chat_id = self._staff_chat.id
        if self._staff_chat.is_forum:
            message_id = await self._in_topic(customer_id, send)
            return [Post(customer_id, chat_id, message_id, in_topic=True)] if remember else []
        # Without topics, whose words follow must be clear: copies (remember=False) get a
        # header when the speaker changes, and other lanes wait meanwhile.
        async with self._plain_chat_turn:
            posts = [] if remember else await self._introduce(customer_id)
            message_id = await send(chat_id, None)
            self._last_speaker = (chat_id, customer_id)
        if remember:
            posts.append(Post(customer_id, chat_id, message_id, in_topic=False))
        return posts

    async def _in_topic(
        self, customer_id: int, send: Callable[[int, int | None], Awaitable[T]]
    ) -> T:
        """Send into a customer's topic, making a new one if staff deleted it."""
        chat_id = self._staff_chat.id
        if customer_id in self._threads:
            thread_id = self._threads[customer_id]
            known = True
        else:
            customer = await customers.get(self._db, customer_id)
            thread_id = customer.thread_id if customer is not None else None
            known = customer is not None
            if known:
                self._threads[customer_id] = thread_id
        if thread_id is None and known and self._staff_chat.is_forum:
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
                    await self.close(customer_id)
                return result
            if thread_id is not None and says(error, TOPIC_GONE):
                log.info(
                    "Topic %s of customer %s is gone; making a new one", thread_id, customer_id
                )
                await self._report(TopicGone(customer_id))
                self._threads[customer_id] = None
                new_thread = await self._create(customer_id, with_card=True)
                return await send(chat_id, new_thread)
            raise

    async def _create(self, customer_id: int, with_card: bool = False) -> int | None:
        conversation = await conversations.latest(self._db, customer_id)
        name = await self._topic_name(customer_id)
        chat_id = self._staff_chat.id
        await self._turn(chat_id, 1, customer_id)  # the topic their words need
        try:
            topic = await self._bot.create_forum_topic(chat_id, name)
        except BadRequest as error:
            if says(error, NOT_A_FORUM):
                await self._report(NotAForum())
                return None
            raise
        thread_id = topic.message_thread_id
        # Recorded before anything else, so a failure from here on cannot make a second topic.
        await self._report(TopicMade(customer_id, thread_id, name))
        self._threads[customer_id] = thread_id
        if with_card and conversation is not None:
            html = await card_for(self._db, self._settings, conversation.id)
            await self._turn(chat_id, 1, None)
            sent = await self._bot.send_message(
                chat_id=chat_id, message_thread_id=thread_id, text=html, parse_mode=ParseMode.HTML
            )
            card = Post(customer_id, chat_id, sent.message_id, in_topic=True)
            await self._report(Made(NOTHING_MADE, (card,)))
        return thread_id

    async def _topic_name(self, customer_id: int) -> str:
        customer = await customers.get(self._db, customer_id)
        assert customer is not None
        conversation = await conversations.latest(self._db, customer_id)
        if conversation is None:
            return topic_name(customer.full_name, None)
        waiting = conversation.after_hours and not conversation.waiting_announced
        return topic_name(customer.full_name, conversation.order_number, waiting)

    async def _introduce(self, customer_id: int) -> list[Post]:
        """Without topics, say whose messages follow when the speaker changes."""
        chat_id = self._staff_chat.id
        if self._last_speaker == (chat_id, customer_id):
            return []
        customer = await customers.get(self._db, customer_id)
        if customer is None:
            return []
        await self._turn(chat_id, 1, None)
        sent = await self._bot.send_message(
            chat_id=chat_id,
            text=speaker_header(shop_speech(self._settings), customer.full_name),
            parse_mode=ParseMode.HTML,
            disable_notification=True,
        )
        return [Post(customer_id, chat_id, sent.message_id, in_topic=False)]

    async def _reopen(self, thread_id: int) -> None:
        await self._turn(self._staff_chat.id, 1, None)  # a reopen posts a service message
        try:
            await self._bot.reopen_forum_topic(self._staff_chat.id, thread_id)
        except BadRequest as error:
            if not says(error, NOT_MODIFIED):
                raise
