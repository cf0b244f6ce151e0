"""Making one owed send through Telegram: texts, copies, albums, merged texts and edits."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest

from config.settings import Settings
from desk.outcomes import Erasure, Post
from desk.sends import (
    Buttons,
    CloseTopic,
    Copy,
    DeleteTopic,
    Edit,
    EnsureTopic,
    EraseTraces,
    MarkRead,
    PendingSend,
    RenameTopic,
    Send,
    Target,
    Text,
    ToTopic,
)
from desk.staff_chat import StaffChat
from relay.business_chats import BusinessChats, CannotResend
from relay.limits import SendLimits
from relay.post_changes import PostChanges
from relay.topics import Report, StaffTopics, says
from relay.unconfirmed import UnconfirmedSends
from storage import messages
from storage.db import Reader
from storage.made_sends import Copy as CopyMade
from views.card_texts import card_with_words
from views.people import shop_speech
from views.texts import merged_texts

# Telegram's answer to copyMessage for what it does not copy (paid media, invoices,
# giveaways, service messages): "Bad Request: message can't be copied".
CANNOT_COPY = "can't be copied"


class NotCopyable(Exception):
    """Telegram will not copy this message; it was forwarded instead if Telegram allowed."""

    def __init__(self, forwarded: bool) -> None:
        super().__init__("message can't be copied" + (" (forwarded)" if forwarded else ""))
        self.forwarded = forwarded


@dataclass(frozen=True)
class Delivered:
    """What a send left in Telegram that the desk keeps: copies of stored messages, and
    posts in the staff chat about a customer."""

    copies: tuple[CopyMade, ...] = ()
    posts: tuple[Post, ...] = ()
    erasure: Erasure | None = None


class Delivery:
    """Carries out owed sends, one at a time, against the Bot API."""

    def __init__(
        self,
        bot: Bot,
        db: Reader,
        settings: Settings,
        staff_chat: StaffChat,
        limits: SendLimits,
        unconfirmed: UnconfirmedSends,
        report: Report,
    ) -> None:
        self._bot = bot
        self._db = db
        self._settings = settings
        self._speech = shop_speech(settings)  # the staff chat reads the shop's language
        self._staff_chat = staff_chat
        self._unconfirmed = unconfirmed
        self._limits = limits
        self._topics = StaffTopics(bot, db, settings, staff_chat, self._turn, report)
        self._changes = PostChanges(bot, db, settings, staff_chat, self._turn, self._topics)
        self._business = BusinessChats(bot, db, self._topics, self._turn)

    def forget(self, customer_id: int) -> None:
        """The customer was deleted: their topic is no longer theirs."""
        self._topics.forget(customer_id)

    async def make(self, send: Send) -> Delivered:
        """Make one send; Telegram errors that mean something else propagate."""
        match send:
            case Text():
                return Delivered(posts=tuple(await self._text(send)))
            case Copy():
                return await self._copy(send)
            case Edit(message_row=message_row):
                await self._changes.mirror_edit(message_row)
            case EnsureTopic(customer_id=customer_id, reopen=reopen):
                await self._topics.ensure(customer_id, reopen)
            case RenameTopic(customer_id=customer_id):
                await self._topics.rename(customer_id)
            case CloseTopic(customer_id=customer_id):
                await self._topics.close(customer_id)
            case DeleteTopic(thread_id=thread_id):
                await self._topics.delete(thread_id)
            case EraseTraces():
                return Delivered(erasure=await self._changes.erase(send))
            case MarkRead(customer_id=customer_id):
                await self._business.mark_read(customer_id)
        return Delivered()

    # -- the kinds of send ---------------------------------------------------------------

    async def _text(self, text: Text) -> list[Post]:
        markup = _keyboard(text.buttons)
        named: list[Post] = []
        via = await self._business.via(text.target)

        async def send(chat_id: int, thread_id: int | None) -> int:
            await self._turn(chat_id)
            sent = await self._bot.send_message(
                chat_id=chat_id,
                message_thread_id=thread_id,
                text=text.html,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                disable_notification=text.silent,
                business_connection_id=via,
            )
            if chat_id in self._staff_chat:
                # An alert or list naming customers: remembered, so /forgetme finds it.
                in_topic = thread_id is not None
                named.extend(Post(c, chat_id, sent.message_id, in_topic) for c in text.about)
            return sent.message_id

        return [*await self._topics.to_target(text.target, send), *named]

    async def _copy(self, copy: Copy) -> Delivered:
        if copy.card is not None:
            stored = await messages.get(self._db, copy.message_row)
            if stored is not None and stored.kind == "text" and stored.text:
                return await self._card_with_words(copy, copy.card, stored.text)
            # The words are gone (not expected): the card alone, then a copy as usual.
            await self._text(Text(copy.target, copy.card))
        via = await self._business.via(copy.target)
        if self._business.concerns(copy, via):
            try:
                made_again, posts_again = await self._business.copy(copy, via)
            except CannotResend:
                raise NotCopyable(forwarded=False) from None
            return Delivered(tuple(made_again), tuple(posts_again))
        made: list[CopyMade] = []

        async def send(chat_id: int, thread_id: int | None) -> int:
            reply = None
            if copy.reply_to is not None:
                other = await messages.counterpart(self._db, *copy.reply_to)
                if other is not None and other[0] == chat_id:
                    reply = ReplyParameters(other[1], allow_sending_without_reply=True)
            await self._turn(chat_id, 1, _whose(copy.target))
            try:
                copied = await self._bot.copy_message(
                    chat_id=chat_id,
                    from_chat_id=copy.source[0],
                    message_id=copy.source[1],
                    message_thread_id=thread_id,
                    reply_parameters=reply,
                )
            except BadRequest as error:
                if not says(error, CANNOT_COPY):
                    raise
                raise NotCopyable(await self._forward(copy, chat_id, thread_id)) from None
            made.append(CopyMade(copy.message_row, chat_id, copied.message_id))
            return copied.message_id

        posts = await self._topics.to_target(copy.target, send, remember=False)
        return Delivered(tuple(made), tuple(posts))

    async def _card_with_words(self, copy: Copy, card: str, words: str) -> Delivered:
        """A first message that is a plain text, in one post with its card: remembered as
        its copy (replies and edits map both ways) and as a post about the customer."""
        made: list[CopyMade] = []

        async def send(chat_id: int, thread_id: int | None) -> int:
            await self._turn(chat_id, 1, _whose(copy.target))
            sent = await self._bot.send_message(
                chat_id=chat_id,
                message_thread_id=thread_id,
                text=card_with_words(card, words),
                parse_mode=ParseMode.HTML,
            )
            made.append(CopyMade(copy.message_row, chat_id, sent.message_id))
            return sent.message_id

        posts = await self._topics.to_target(copy.target, send, remember=True)
        return Delivered(tuple(made), tuple(posts))

    async def _forward(self, copy: Copy, chat_id: int, thread_id: int | None) -> bool:
        """Forward what Telegram would not copy, if it allows that; True if it did."""
        try:
            await self._bot.forward_message(
                chat_id=chat_id,
                from_chat_id=copy.source[0],
                message_id=copy.source[1],
                message_thread_id=thread_id,
            )
        except BadRequest:
            return False
        return True

    async def make_album(self, sends: list[PendingSend]) -> Delivered:
        """Copy an album's messages together, so it stays an album (copyMessages)."""
        first = sends[0].send
        assert isinstance(first, Copy)
        parts = [send.send for send in sends if isinstance(send.send, Copy)]
        via = await self._business.via(first.target)
        if self._business.concerns(first, via):
            try:
                made_again, posts_again = await self._business.album(parts, via)
            except CannotResend:
                raise NotCopyable(forwarded=False) from None
            return Delivered(tuple(made_again), tuple(posts_again))
        made: list[CopyMade] = []

        async def send(chat_id: int, thread_id: int | None) -> int:
            # Each item counts against the limit.
            await self._turn(chat_id, len(parts), _whose(first.target))
            copies = await self._bot.copy_messages(
                chat_id=chat_id,
                from_chat_id=first.source[0],
                message_ids=[part.source[1] for part in parts],
                message_thread_id=thread_id,
            )
            made.extend(
                CopyMade(part.message_row, chat_id, copy.message_id)
                for part, copy in zip(parts, copies, strict=False)
            )
            return copies[0].message_id

        posts = await self._topics.to_target(first.target, send, remember=False)
        return Delivered(tuple(made), tuple(posts))

    async def make_merged(self, sends: list[PendingSend]) -> Delivered:
        """Several short texts of one customer as one staff-chat message."""
        rows = [
            await messages.get(self._db, send.send.message_row)
            for send in sends
            if isinstance(send.send, Copy)
        ]
        stored = [row for row in rows if row is not None and row.text]
        first = sends[0].send
        assert isinstance(first, Copy)
        if not stored:
            return Delivered()
        made: list[CopyMade] = []

        async def send(chat_id: int, thread_id: int | None) -> int:
            await self._turn(chat_id, 1, _whose(first.target))
            sent = await self._bot.send_message(
                chat_id=chat_id,
                message_thread_id=thread_id,
                text=merged_texts([row.text or "" for row in stored]),
                parse_mode=ParseMode.HTML,
            )
            made.extend(CopyMade(row.id, chat_id, sent.message_id) for row in stored)
            return sent.message_id

        posts = await self._topics.to_target(first.target, send, remember=False)
        return Delivered(tuple(made), tuple(posts))

    async def _turn(self, chat_id: int, count: int = 1, customer: int | None = None) -> None:
        """Wait for the chat's turn under Telegram's limits (`count` messages; `customer`:
        whose content, which goes first in the staff chat), then for an unconfirmed slot."""
        await self._limits.wait_turn(chat_id, count, customer)
        await self._unconfirmed.hold()

    def staff_chat_busy(self) -> bool:
        """Whether Telegram's group limit is holding back sends to the staff chat right now."""
        return self._limits.is_busy(self._staff_chat.id)

    async def until_staff_chat_ready(self) -> None:
        """Wait for the staff chat's next turn (more of a flood can gather meanwhile)."""
        await self._limits.wait_ready(self._staff_chat.id)


def _whose(target: Target) -> int | None:
    """The customer whose words a send into their topic carries."""
    return target.customer_id if isinstance(target, ToTopic) else None


def _keyboard(rows: Buttons) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )
