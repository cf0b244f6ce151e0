"""Making one owed send through Telegram: texts, copies, albums, merged texts and edits."""

from __future__ import annotations

from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest

from config.settings import Settings
from logic.texts import edited_notice, merged_texts
from relay.limits import SendLimits
from relay.topics import NOT_MODIFIED, StaffTopics, says
from relay.unconfirmed import UnconfirmedSends
from storage import messages
from storage.db import Database
from storage.made_sends import Copy
from storage.outbox import PendingSend


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
        self._topics = StaffTopics(bot, db, settings, self._turn)

    def forget(self, customer_id: int) -> None:
        """The customer was deleted: their topic is no longer theirs."""
        self._topics.forget(customer_id)

    async def make(self, send: PendingSend) -> list[Copy]:
        """Make one send; Telegram errors that mean something else propagate."""
        if send.kind == "copy":
            return await self._copy(send.payload)
        handler = {
            "text": self._text,
            "edit": self._edit,
            "ensure_topic": self._topics.ensure,
            "rename_topic": self._topics.rename_from_payload,
            "delete_topic": self._topics.delete,
            "close_topic": self._topics.close,
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

        await self._topics.to_target(target, send)

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

        await self._topics.to_target(payload["target"], send, remember=False)
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

        await self._topics.to_target(sends[0].payload["target"], send, remember=False)
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

        await self._topics.to_target(sends[0].payload["target"], send, remember=False)
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
            if not says(error, NOT_MODIFIED):
                raise


def _keyboard(rows: list[list[list[str]]] | None) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )
