"""What the desk asks Telegram when it starts: the staff chat (topics or not), the owners'
names, and the command menus people see."""

from __future__ import annotations

import logging

from telegram import BotCommand, BotCommandScopeAllPrivateChats, BotCommandScopeChat, User
from telegram.error import TelegramError

from desk.context import FrontdeskApp
from desk.desk import Desk, Unit
from storage import staff
from views import staff_texts, texts
from views.i18n import LANGUAGES, speech

log = logging.getLogger(__name__)


async def learn_staff_chat(app: FrontdeskApp, desk: Desk) -> None:
    """Ask Telegram about the staff chat: topics or not, owners' names, command menus.

    Each is a nicety: if Telegram cannot answer now the desk still runs.
    """
    staff_chat = desk.staff_chat
    try:
        chat = await app.bot.get_chat(staff_chat.id)

        async def note_forum(work: Unit) -> None:
            await staff_chat.set_forum(work.db, bool(chat.is_forum))

        await desk.run(note_forum)
    except TelegramError as error:
        log.warning("Could not look at the staff chat %s: %s", staff_chat.id, error)
    for owner_id in desk.settings.owner_ids:
        try:
            member = await app.bot.get_chat_member(staff_chat.id, owner_id)
        except TelegramError:
            continue
        user = member.user

        async def learn_owner(work: Unit, user: User = user) -> None:
            await staff.learn(
                work.db,
                user_id=user.id,
                first_name=user.first_name,
                username=user.username,
                now=work.now,
            )

        await desk.run(learn_owner)
    try:
        # Customers see the menu in their Telegram language; the default is the shop's.
        private_chats = BotCommandScopeAllPrivateChats()
        shop_language = desk.settings.language
        await app.bot.set_my_commands(
            _menu(texts.customer_menu(speech(shop_language))), private_chats
        )
        for code in LANGUAGES:
            menu = _menu(texts.customer_menu(speech(code)))
            await app.bot.set_my_commands(menu, private_chats, language_code=code)
        staff_menu = _menu(staff_texts.staff_menu(speech(shop_language)))
        await app.bot.set_my_commands(staff_menu, scope=BotCommandScopeChat(staff_chat.id))
    except TelegramError as error:
        log.warning("Could not set the command menus: %s", error)


def _menu(commands: list[tuple[str, str]]) -> list[BotCommand]:
    return [BotCommand(command, description) for command, description in commands]
