"""Changes to posts already made: a customer's or staff member's edit mirrored onto its copy,
and a forgotten customer's traces deleted or blanked in the staff chat."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Bot, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest

from config.settings import Settings
from desk.outcomes import Erasure
from desk.sends import EraseTraces
from desk.staff_chat import StaffChat
from logic.business import is_business_key, telegram_chat_id
from relay.topics import NOT_MODIFIED, StaffTopics, says
from storage import business, customers, messages
from storage.db import Reader
from storage.messages import StoredMessage
from views.business_texts import signature
from views.card_texts import card_with_words
from views.cards import card_for
from views.people import customer_speech, name_of, shop_speech
from views.privacy_texts import removed_at_request
from views.staff_texts import edited_notice

# Telegram's words: the message is gone already, or too old (48 hours) for a bot to delete.
GONE = ("message to delete not found", "message to edit not found")
CANNOT_DELETE = "message can't be deleted"


class PostChanges:
    """Edits and deletions of what the relay posted before."""

    def __init__(
        self,
        bot: Bot,
        db: Reader,
        settings: Settings,
        staff_chat: StaffChat,
        turn: Callable[[int], Awaitable[None]],
        topics: StaffTopics,
    ) -> None:
        self._bot = bot
        self._db = db
        self._settings = settings
        self._speech = shop_speech(settings)  # the staff chat reads the shop's language
        self._staff_chat = staff_chat
        self._turn = turn
        self._topics = topics

    async def erase(self, erase: EraseTraces) -> Erasure:
        """Delete what Telegram lets a bot delete (under 48 hours), blank the bot's own older
        texts, and count what stays."""
        topic_deleted = False
        if erase.thread_id is not None:
            await self._topics.delete(erase.thread_id)
            topic_deleted = True
        removed, blanked, kept = 0, 0, []
        chat_id = self._staff_chat.id
        for trace in erase.traces:
            if trace.delete:
                try:
                    await self._bot.delete_message(chat_id, trace.message_id)
                    removed += 1
                    continue
                except BadRequest as error:
                    if says(error, GONE):
                        removed += 1
                        continue
                    if not says(error, CANNOT_DELETE):
                        raise
            if trace.own and trace.text:
                try:
                    await self._turn(chat_id)
                    await self._bot.edit_message_text(
                        removed_at_request(self._speech),
                        chat_id=chat_id,
                        message_id=trace.message_id,
                    )
                    blanked += 1
                    continue
                except BadRequest as error:
                    if says(error, GONE):
                        removed += 1
                        continue
                    if says(error, NOT_MODIFIED):
                        blanked += 1
                        continue
                    raise
            kept.append(trace.message_id)
        return Erasure(
            erase.user_id,
            erase.language,
            topic_deleted,
            removed,
            blanked,
            tuple(kept),
            chat_id,
            erase.business_connection_id,
        )

    async def mirror_edit(self, message_row: int) -> None:
        """Show a stored message's new words on its copy (or, merged, as a notice)."""
        stored = await messages.get(self._db, message_row)
        if stored is None or stored.copy_chat_id is None or stored.copy_message_id is None:
            return
        chat_id = self._staff_chat.resolve(stored.copy_chat_id)
        via = None
        if is_business_key(stored.copy_chat_id):  # a staff reply in the shop account's chat
            chat_id = telegram_chat_id(stored.copy_chat_id)
            via = await business.channel_of(self._db, stored.customer_id)
        if await messages.shares_copy(self._db, stored):
            # Merged with other texts: editing the copy would overwrite them; say it instead.
            await self._turn(chat_id)
            await self._bot.send_message(
                chat_id=chat_id,
                text=edited_notice(self._speech, stored.text or ""),
                parse_mode=ParseMode.HTML,
                reply_parameters=ReplyParameters(
                    stored.copy_message_id, allow_sending_without_reply=True
                ),
            )
            return
        try:
            if stored.kind == "text" and await messages.copy_carries_card(self._db, stored):
                # The post that carries the card too: the card stays, the words change.
                assert stored.conversation_id is not None
                card = await card_for(self._db, self._settings, stored.conversation_id)
                await self._bot.edit_message_text(
                    chat_id=chat_id,
                    message_id=stored.copy_message_id,
                    text=card_with_words(card, stored.text or ""),
                    parse_mode=ParseMode.HTML,
                )
            elif stored.kind == "text":
                await self._bot.edit_message_text(
                    chat_id=chat_id,
                    message_id=stored.copy_message_id,
                    text=await self._signed(stored, via),
                    business_connection_id=via,
                )
            else:
                await self._bot.edit_message_caption(
                    chat_id=chat_id,
                    message_id=stored.copy_message_id,
                    caption=await self._signed(stored, via),
                    business_connection_id=via,
                )
        except BadRequest as error:
            if not says(error, NOT_MODIFIED):
                raise

    async def _signed(self, stored: StoredMessage, via: str | None) -> str:
        """The new words; a person's first reply through the shop's account keeps the line
        that says who they are (relay/resend.py put it there)."""
        words = stored.text or ""
        if via is None or stored.author_id is None or stored.conversation_id is None:
            return words
        first = await messages.first_reply_of(self._db, stored.conversation_id, stored.author_id)
        if first != stored.id:
            return words
        customer = await customers.get(self._db, stored.customer_id)
        sp = customer_speech(self._settings, customer)
        name = await name_of(sp, self._db, self._settings, stored.author_id)
        return f"{signature(sp, name, self._settings.shop_name)}\n{words}".rstrip("\n")
