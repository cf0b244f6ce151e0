"""What Frontdesk needs from Telegram, asked of Telegram: shared by `setup` and `check`.

Each check gives findings, one line each: met (✓) or missing (✗, saying what to do).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass

from telegram import Bot, Chat, ChatFullInfo, ChatMember, ChatMemberAdministrator, User
from telegram.constants import ChatAction
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError

from bot.api_calls import BotApiRequest
from config.settings import TELEGRAM_API_BASE_FILE_URL, TELEGRAM_API_BASE_URL

CHECK_TIMEOUT_SECONDS = 10.0
SETUP_AGAIN = "send /setup in the group again"
RUN_SETUP = "run `frontdesk setup`"


@dataclass(frozen=True)
class Finding:
    """One thing Frontdesk needs, met or not, as a line for people."""

    ok: bool
    text: str

    def line(self) -> str:
        """The finding with its mark."""
        return f"{'✓' if self.ok else '✗'} {self.text}"


@contextlib.asynccontextmanager
async def open_bot(
    token: str, base_url: str | None = None, base_file_url: str | None = None
) -> AsyncIterator[Bot]:
    """A PTB Bot for these checks, its connections closed after; the Bot API's address as in
    settings (the environment's FRONTDESK_API_BASE_URL / _FILE_URL when not given)."""
    base = base_url or os.environ.get("FRONTDESK_API_BASE_URL") or TELEGRAM_API_BASE_URL
    files = (
        base_file_url
        or os.environ.get("FRONTDESK_API_BASE_FILE_URL")
        or TELEGRAM_API_BASE_FILE_URL
    )
    requests = (
        BotApiRequest(timeout_seconds=CHECK_TIMEOUT_SECONDS),
        BotApiRequest(calls_at_once=1, timeout_seconds=CHECK_TIMEOUT_SECONDS),
    )
    bot = Bot(token, base_url=base, base_file_url=files, request=requests[0],
              get_updates_request=requests[1])  # fmt: skip
    try:
        for request in requests:
            await request.initialize()
        yield bot
    finally:
        for request in requests:
            await request.shutdown()


def token_shape_problem(token: str) -> str | None:
    """Why this cannot be a token from @BotFather, or None if it looks like one."""
    bot_id, colon, secret = token.partition(":")
    if not bot_id.isdigit() or not colon or len(secret) < 20 or any(c.isspace() for c in token):
        return "that is not a bot token: @BotFather's look like 123456789:AAE5mh… (46 characters)"
    return None


def mask(token: str) -> str:
    """The token with its secret part hidden."""
    return f"{token.partition(':')[0]}:****"


def handle(me: User) -> str:
    """@username of the bot."""
    return f"@{me.username}"


def group_findings(
    chat: Chat | ChatFullInfo, member: ChatMember, me: User, again: str
) -> list[Finding]:
    """Whether this group can be the staff chat: its kind, topics, and the bot's rights."""
    title = f'"{chat.title}"' if chat.title else "the group"
    if chat.type == Chat.GROUP:
        return [
            Finding(
                False,
                f"{title} is a basic group; Frontdesk needs a supergroup. Turn Topics on in the "
                "group's settings (Telegram then makes it a supergroup, with a new id) and "
                f"{again}.",
            )
        ]
    if chat.type != Chat.SUPERGROUP:
        return [Finding(False, f"{title} is not a group: {again} from your staff group.")]
    findings = [_topics_finding(title, bool(chat.is_forum))]
    findings.append(_rights_finding(title, member, me, bool(chat.is_forum)))
    return findings


def _topics_finding(title: str, forum: bool) -> Finding:
    if forum:
        return Finding(True, f"{title} has topics on: each customer gets a topic of their own.")
    return Finding(
        True,
        f"{title} has topics off: customers' messages arrive in the group itself and staff "
        "answer by replying to them (turn Topics on in the group's settings to give each "
        "customer a topic of their own).",
    )


def _rights_finding(title: str, member: ChatMember, me: User, forum: bool) -> Finding:
    bot = handle(me)
    wanted = "Manage topics and Delete messages" if forum else "Delete messages"
    if not isinstance(member, ChatMemberAdministrator):
        if member.status in (ChatMember.LEFT, ChatMember.BANNED):
            return Finding(False, f"{bot} is not in {title}: add it as an administrator "
                                  f"with {wanted}.")  # fmt: skip
        return Finding(False, f"{bot} is only a member of {title}: make it an administrator "
                              f"with {wanted}.")  # fmt: skip
    missing = []
    if forum and not member.can_manage_topics:
        missing.append("Manage topics")
    if not member.can_delete_messages:
        missing.append("Delete messages")
    if missing:
        return Finding(
            False,
            f"{bot} is an administrator of {title} but without {' and '.join(missing)}: "
            "turn that on in its administrator rights.",
        )
    may = "manage topics and delete messages" if forum else "delete messages"
    return Finding(True, f"{bot} is an administrator of {title} and may {may}.")


async def staff_chat_findings(bot: Bot, chat_id: int, me: User) -> list[Finding]:
    """Ask Telegram whether the staff chat can work: a supergroup, the bot an administrator
    with the rights it needs."""
    try:
        chat = await bot.get_chat(chat_id)
        member = await bot.get_chat_member(chat_id, me.id)
    except ChatMigrated as moved:
        return [
            Finding(
                False,
                f"the staff group {chat_id} became a supergroup with the id {moved.new_chat_id}:"
                f" set FRONTDESK_STAFF_CHAT_ID={moved.new_chat_id} (or {RUN_SETUP}).",
            )
        ]
    except Forbidden:
        return [Finding(False, f"{handle(me)} is not in the staff chat {chat_id}: add it back "
                               f"as an administrator (or {RUN_SETUP}).")]  # fmt: skip
    except BadRequest as error:
        if "chat not found" in error.message.lower():
            return [Finding(False, f"{handle(me)} does not know the staff chat {chat_id}: add "
                                   f"it to your staff group as an administrator and {RUN_SETUP}."
                            )]  # fmt: skip
        return [Finding(False, f"staff chat {chat_id}: Telegram says {error.message!r}.")]
    return group_findings(chat, member, me, RUN_SETUP)


async def owner_finding(bot: Bot, owner_id: int, me: User) -> Finding:
    """Whether alerts can reach this owner: a chat action (a moment of "typing…") succeeds
    only for someone who started the bot and has not blocked it."""
    not_started = Finding(False, f"owner {owner_id} has not started {handle(me)}: they should "
                                 f"open t.me/{me.username} and press Start, so that alerts "
                                 "reach them.")  # fmt: skip
    try:
        await bot.send_chat_action(owner_id, ChatAction.TYPING)
    except Forbidden as error:
        # "bot can't initiate conversation with a user": Telegram knows them, they never started.
        if "blocked" in error.message.lower():
            return Finding(False, f"owner {owner_id} blocked {handle(me)}: they should "
                                  f"open t.me/{me.username} and press Restart.")  # fmt: skip
        return not_started
    except BadRequest as error:
        if "chat not found" in error.message.lower():  # never seen by the bot at all
            return not_started
        return Finding(False, f"owner {owner_id}: Telegram says {error.message!r}.")
    name = ""
    try:
        chat = await bot.get_chat(owner_id)
        name = " ".join(part for part in (chat.first_name, chat.last_name) if part)
    except TelegramError:
        pass
    who = f"owner {name} ({owner_id})" if name else f"owner {owner_id}"
    return Finding(True, f"{who} has started {handle(me)}: alerts reach them.")
