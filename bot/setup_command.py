"""`frontdesk setup`: the first five minutes, as a conversation in the terminal.

The token is checked with Telegram at once; the staff group and the owner are learnt from
`/setup` and `/start` sent in Telegram; then the shop's name and time zone. `.env` is
written once, at the very end (atomically, keeping its other lines): Ctrl-C at any step
leaves it as it was.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from telegram import Bot, Chat, ChatFullInfo, Message, ReplyParameters, User
from telegram.error import InvalidToken, NetworkError, TelegramError

from bot.check_command import check_with_telegram
from bot.env_file import ENV_FILE, PLACEHOLDER_TOKEN, read_env, write_env
from bot.logs import setup_logging
from bot.setup_watch import SetupError, UpdateWatcher, command_of
from bot.telegram_checks import (
    SETUP_AGAIN,
    Finding,
    group_findings,
    handle,
    mask,
    open_bot,
    token_shape_problem,
)
from bot.terminal import Terminal
from bot.time_zones import ask_time_zone
from config.settings import SettingsError, load_settings

EXAMPLE_FILE = Path(".env.example")


@dataclass
class Progress:
    """How far setup got: whether .env was written (then Ctrl-C no longer leaves it as it was)."""

    written: bool = False


def run_setup() -> int:
    """Run the dialogue; 0 when .env was written (or checked fine), 1 if setup cannot go on."""
    setup_logging("CRITICAL")  # every failure is told in the dialogue's own words
    progress = Progress()
    try:
        return asyncio.run(_setup(Terminal(), progress))
    except KeyboardInterrupt:
        print(f"\n{_stopped(progress)}", file=sys.stderr)
        return 130
    except EOFError:
        print(f"\n{_stopped(progress)} (no more input)", file=sys.stderr)
        return 1
    except SetupError as error:
        print(f"frontdesk: {error}", file=sys.stderr)
        return 1


def _stopped(progress: Progress) -> str:
    if progress.written:
        return "frontdesk: setup stopped; .env was already written."
    return "frontdesk: setup stopped; .env is as it was."


async def _setup(term: Terminal, progress: Progress) -> int:
    env = read_env()
    if env.get("FRONTDESK_BOT_TOKEN") == PLACEHOLDER_TOKEN:
        env = {}  # .env is still the example: nothing in it is the shop's
    term.say("Frontdesk setup: a few questions here, and two messages to send in Telegram.")
    term.say(f"Nothing is written until the end (to {ENV_FILE}); Ctrl-C stops at any time.")
    if env and _complete():
        term.say(f"\n{ENV_FILE} already has everything Frontdesk needs.")
        if await term.yes("Check it with Telegram instead of setting up again?"):
            return await check_with_telegram(load_settings())
    base_url = os.environ.get("FRONTDESK_API_BASE_URL") or env.get("FRONTDESK_API_BASE_URL")
    files_url = os.environ.get("FRONTDESK_API_BASE_FILE_URL") or env.get(
        "FRONTDESK_API_BASE_FILE_URL"
    )

    term.say("\n1. The bot")
    token, me = await _token(term, env, base_url, files_url)
    setup_logging("CRITICAL", token)
    async with open_bot(token, base_url, files_url) as bot:
        watcher = UpdateWatcher(bot, term.say)
        await watcher.mark()
        term.say("\n2. The staff group")
        staff_chat = await _staff_group(term, bot, me, watcher)
        term.say("\n3. The owner")
        owner = await _owner(term, bot, me, watcher)
    term.say("\n4. The shop")
    shop = await _shop_name(term, env.get("FRONTDESK_SHOP_NAME"))
    zone = await ask_time_zone(term, env.get("FRONTDESK_TIMEZONE"))

    values = {
        "FRONTDESK_BOT_TOKEN": token,
        "FRONTDESK_STAFF_CHAT_ID": str(staff_chat.id),
        "FRONTDESK_OWNER_IDS": str(owner.id),
        "FRONTDESK_SHOP_NAME": shop,
        "FRONTDESK_TIMEZONE": zone,
    }
    _write(values)
    progress.written = True
    term.say(f"\n✓ Wrote {ENV_FILE}: bot {handle(me)}, staff group \"{staff_chat.title}\", "
             f"owner {owner.full_name}, {shop}, {zone}.")  # fmt: skip
    term.say(f"  It holds the bot's token ({mask(token)}): keep the file private.")
    term.say(f"\nStart the desk with:  {_command('run')}")
    return 0


def _write(values: dict[str, str]) -> None:
    """Write .env in one step; a new one starts from .env.example's text (its comments)."""
    template = EXAMPLE_FILE if not ENV_FILE.exists() and EXAMPLE_FILE.is_file() else None
    try:
        write_env(values, ENV_FILE, template)
    except OSError as error:
        folder = ENV_FILE.resolve().parent
        raise SetupError(
            f"cannot write {ENV_FILE} in {folder} ({error.strerror}): nothing was changed"
        ) from None


def _complete() -> bool:
    try:
        load_settings()
    except SettingsError:
        return False
    return True


async def _token(
    term: Terminal, env: dict[str, str], base_url: str | None, files_url: str | None
) -> tuple[str, User]:
    """A token Telegram accepts, and the bot it belongs to."""
    known = env.get("FRONTDESK_BOT_TOKEN", "").strip()
    if known and not token_shape_problem(known):
        if not await term.yes(f"Keep the bot token already in {ENV_FILE} ({mask(known)})?"):
            known = ""
    else:
        known = ""
        term.say("In Telegram, talk to @BotFather: /newbot, then choose a name and a username.")
        term.say("It answers with the bot's token.")
    while True:
        token = known or (await term.secret("Paste the token (it stays hidden): ")).strip()
        known = ""
        if problem := token_shape_problem(token):
            term.say(f"✗ {problem[0].upper()}{problem[1:]}. Try again.")
            continue
        try:
            async with open_bot(token, base_url, files_url) as bot:
                me = await bot.get_me()
        except InvalidToken:
            term.say("✗ Telegram does not know that token: copy it again from @BotFather "
                     "(/mybots → your bot → API Token).")  # fmt: skip
            continue
        except NetworkError as error:
            raise SetupError(
                f"cannot reach Telegram ({error.message}): check the internet connection, "
                "then run `frontdesk setup` again"
            ) from None
        term.say(f"✓ That is {handle(me)} ({me.first_name}).")
        return token, me


async def _staff_group(term: Terminal, bot: Bot, me: User, watcher: UpdateWatcher) -> ChatFullInfo:
    """The group where /setup was sent, once everything Frontdesk needs there is right."""
    term.say(f"Add {handle(me)} to your staff group as an administrator with Manage topics,")
    term.say("and send /setup in the group.")
    term.say("Waiting for /setup…")
    tried: int | None = None  # the group /setup came from, while something is missing
    async for update in watcher.updates():
        change = update.my_chat_member
        if change is not None and change.chat.type != Chat.PRIVATE:
            status = change.new_chat_member.status
            term.say(f'  {handle(me)} {_status_words(status)} "{change.chat.title}".')
            promoted = change.chat.id == tried and status == "administrator"
            if promoted and (chat := await _try_group(term, bot, me, change.chat.id, None)):
                return chat
            continue
        message = update.message
        if message is not None and message.migrate_to_chat_id and message.chat.id == tried:
            term.say("  That group became a supergroup (with a new id): send /setup there again.")
            continue
        if command_of(message, me.username or "") != "setup" or message is None:
            continue
        if message.chat.type == Chat.PRIVATE:
            await _reply(bot, message, "Send /setup in your staff group, not here.")
            term.say("  /setup came in a private chat: it belongs in the staff group.")
            continue
        tried = message.chat.id
        if chat := await _try_group(term, bot, me, message.chat.id, message):
            return chat
    raise AssertionError("the watcher never stops")


async def _try_group(
    term: Terminal, bot: Bot, me: User, chat_id: int, message: Message | None
) -> ChatFullInfo | None:
    """Check the group; say what is right and missing, here and there; the chat if all is."""
    try:
        chat = await bot.get_chat(chat_id)
        member = await bot.get_chat_member(chat_id, me.id)
    except TelegramError as error:
        term.say(f"✗ Telegram would not show that group: {error.message}. Send /setup again.")
        return None
    findings = group_findings(chat, member, me, SETUP_AGAIN)
    ready = all(finding.ok for finding in findings)
    term.say(f'/setup in "{chat.title}":')
    for finding in findings:
        term.say(f"  {finding.line()}")
    if ready:
        ending = "✓ This is the staff group. Back to the terminal to finish setting up."
        term.say(f'✓ "{chat.title}" will be the staff group.')
    else:
        ending = "Fix that, then send /setup again."
        term.say("  Waiting for /setup again…")
    target = message or chat_id
    await _reply(bot, target, "\n".join([_text(findings), ending]))
    return chat if ready else None


def _text(findings: list[Finding]) -> str:
    return "Frontdesk setup:\n" + "\n".join(finding.line() for finding in findings)


async def _owner(term: Terminal, bot: Bot, me: User, watcher: UpdateWatcher) -> User:
    """Whoever sends /start in private and is confirmed here."""
    term.say(f"Now send /start to {handle(me)} from your own account (t.me/{me.username}).")
    term.say("That person becomes the owner: alerts and owner commands are theirs.")
    term.say("Waiting for /start…")
    async for update in watcher.updates():
        message = update.message
        user = message.from_user if message is not None else None
        if message is None or user is None or message.chat.type != Chat.PRIVATE:
            continue
        if command_of(message, me.username or "") != "start":
            continue
        who = f"{user.full_name} (@{user.username})" if user.username else user.full_name
        if await term.yes(f"  {who} sent /start. Is that the owner?"):
            await _reply(bot, message, f"Hello {user.first_name}! You are this desk's owner: "
                                       "alerts about it will come here.")  # fmt: skip
            term.say(f"✓ The owner is {who}.")
            return user
        term.say("Waiting for /start from the owner…")
    raise AssertionError("the watcher never stops")


async def _shop_name(term: Terminal, known: str | None) -> str:
    while True:
        name = await term.ask("Your shop's name, as customers will see it", known)
        if name:
            return name
        term.say("The name cannot be empty.")


async def _reply(bot: Bot, target: Message | int, text: str) -> None:
    """Answer in Telegram too; the terminal already said it, so a refusal changes nothing."""
    try:
        if isinstance(target, int):
            await bot.send_message(target, text)
            return
        thread = target.message_thread_id if target.is_topic_message else None
        await bot.send_message(
            target.chat.id,
            text,
            message_thread_id=thread,
            reply_parameters=ReplyParameters(target.message_id, allow_sending_without_reply=True),
        )
    except TelegramError:
        pass


def _status_words(status: str) -> str:
    return {
        "administrator": "is an administrator of",
        "member": "is a member (not an administrator) of",
        "restricted": "is a restricted member of",
        "left": "has left",
        "kicked": "was removed from",
    }.get(status, f"is {status} in")


def _command(subcommand: str) -> str:
    """How to run `frontdesk <subcommand>` as this setup was started."""
    program = Path(sys.argv[0])
    on_path = shutil.which("frontdesk")
    found = Path(on_path).resolve() if on_path else None
    if program.name == "frontdesk" and found != program.resolve():
        return f"{sys.argv[0]} {subcommand}"
    return f"frontdesk {subcommand}"
