"""Sends that go into or come out of a chat of the shop's own Telegram account (Telegram
Business): sent again by kind through the connection, since copyMessage reaches neither."""

from __future__ import annotations

import logging

from telegram import Bot, ReplyParameters
from telegram.error import TelegramError

from desk.outcomes import Post
from desk.sends import Copy, Target, ToChat, ToCustomer, ToTopic
from logic.business import is_business_key, stored_chat_id
from relay.resend import NotResendable, resend, resend_album
from relay.topics import StaffTopics, Turn
from storage import business, messages
from storage.db import Reader
from storage.made_sends import Copy as CopyMade

log = logging.getLogger(__name__)


class CannotResend(Exception):
    """The message cannot be sent again by kind (a poll, a story, paid media)."""


class BusinessChats:
    """Copies to and from business chats, and marking customers' messages read."""

    def __init__(self, bot: Bot, db: Reader, topics: StaffTopics, turn: Turn) -> None:
        self._bot = bot
        self._db = db
        self._topics = topics
        self._turn = turn

    async def via(self, target: Target) -> str | None:
        """The business connection a send to this target goes through (None: the bot's own
        chat): a customer's is the one they last wrote through."""
        match target:
            case ToCustomer(customer_id=customer_id):
                return await business.channel_of(self._db, customer_id)
            case ToChat(business_connection_id=via):
                return via
        return None

    @staticmethod
    def concerns(copy: Copy, via: str | None) -> bool:
        """Whether a copy goes into or comes out of a business chat."""
        return via is not None or is_business_key(copy.source[0])

    async def copy(self, copy: Copy, via: str | None) -> tuple[list[CopyMade], list[Post]]:
        """One stored message sent again where the copy goes."""
        stored = await messages.get(self._db, copy.message_row)
        if stored is None or stored.content is None:
            raise CannotResend("nothing kept to send again")
        content = stored.content
        made: list[CopyMade] = []

        async def send(chat_id: int, thread_id: int | None) -> int:
            key = stored_chat_id(chat_id, via is not None)
            reply = await self._reply(copy, key)
            await self._turn(chat_id, 1, _whose(copy.target))
            try:
                sent = await resend(
                    self._bot,
                    content,
                    chat_id,
                    thread_id=thread_id,
                    business_connection_id=via,
                    reply=reply,
                    signature=copy.signature,
                )
            except NotResendable as error:
                raise CannotResend(str(error)) from None
            made.append(CopyMade(copy.message_row, key, sent.message_id))
            return sent.message_id

        posts = await self._topics.to_target(copy.target, send, remember=False)
        return made, posts

    async def album(self, parts: list[Copy], via: str | None) -> tuple[list[CopyMade], list[Post]]:
        """An album sent again as one media group."""
        rows = [await messages.get(self._db, part.message_row) for part in parts]
        contents = [row.content for row in rows if row is not None and row.content]
        if len(contents) != len(parts):
            raise CannotResend("nothing kept to send again")
        if len(parts) == 1:
            return await self.copy(parts[0], via)
        first = parts[0]
        made: list[CopyMade] = []

        async def send(chat_id: int, thread_id: int | None) -> int:
            key = stored_chat_id(chat_id, via is not None)
            await self._turn(chat_id, len(parts), _whose(first.target))
            try:
                sent = await resend_album(
                    self._bot,
                    contents,
                    chat_id,
                    thread_id=thread_id,
                    business_connection_id=via,
                    signature=first.signature,
                )
            except NotResendable as error:
                raise CannotResend(str(error)) from None
            made.extend(
                CopyMade(part.message_row, key, message.message_id)
                for part, message in zip(parts, sent, strict=False)
            )
            return sent[0].message_id

        posts = await self._topics.to_target(first.target, send, remember=False)
        return made, posts

    async def _reply(self, copy: Copy, key: int) -> ReplyParameters | None:
        """A reply stays a reply where the replied-to message has a counterpart there."""
        if copy.reply_to is None:
            return None
        other = await messages.counterpart(self._db, *copy.reply_to)
        if other is None or other[0] != key:
            return None
        return ReplyParameters(other[1], allow_sending_without_reply=True)

    async def mark_read(self, customer_id: int) -> None:
        """The customer's latest message in the shop's chat shown as read, if the rights
        allow; a refusal is only logged (nothing the customer needs depends on it)."""
        connection = await business.of_customer(self._db, customer_id)
        if connection is None or not connection.rights.can_read:
            return
        latest = await messages.latest_incoming(
            self._db, customer_id, stored_chat_id(customer_id, True)
        )
        if latest is None:
            return
        try:
            await self._bot.read_business_message(connection.id, customer_id, latest)
        except TelegramError as error:
            log.info("Could not mark a business message read: %s", error)


def _whose(target: Target) -> int | None:
    return target.customer_id if isinstance(target, ToTopic) else None
