"""Fixtures: the Bot API stand-in on 127.0.0.1 and the real Frontdesk application against it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bot.runner import Running, serve
from config.settings import Settings
from standin import ApiCall, BotApiServer
from storage import customers
from storage.customers import Customer
from storage.db import Tx

TOKEN = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz"
SHOP = "Corner Bakery"
CARD_HEADINGS = ("🆕", "🔁")  # a ticket card's first line, in every language


class FakeClock:
    """Time the tests control; starts on a Monday morning, 2026-11-23 09:30 UTC."""

    def __init__(self, start: float = 1_795_426_200.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Desk:
    """A running Frontdesk against the stand-in, with a staff group and an owner."""

    telegram: BotApiServer
    settings: Settings
    clock: FakeClock
    staff_chat: int
    owner: dict[str, Any]
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _task: asyncio.Task[None] | None = None
    running: Running | None = None
    sweep_seconds: float = 0.1  # the safety-net sweep; tests of deadlines set Frontdesk's own

    async def start(self) -> None:
        self._stop = asyncio.Event()
        self.running = None
        task = asyncio.create_task(
            serve(
                self.settings,
                self._stop,
                self.clock,
                poll_timeout=2,
                sweep_seconds=self.sweep_seconds,
                on_running=self._started,
            )
        )
        self._task = task
        await self.telegram.wait_for(lambda: task.done() or self.running is not None)
        if task.done():
            task.result()  # raises what stopped the bot

    def _started(self, running: Running) -> None:
        self.running = running

    async def stop(self) -> None:
        if self._task is None:
            return
        self._stop.set()
        await asyncio.wait_for(self._task, 10)
        self._task = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def settle(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until the bot fetched and handled every update and made every send it owes."""
        await self.telegram.wait_for(self._idle, timeout)

    def _idle(self) -> bool:
        # Telegram counts an update as pending until the poller confirms it with its next
        # getUpdates, which it asks for only once the update was recorded and handled.
        running = self.running
        return self.telegram.pending_updates == 0 and running is not None and running.idle

    async def run_jobs(self) -> None:
        """Run the periodic jobs now (reminders, the opening sweep), then settle."""
        assert self.running is not None
        await self.running.run_jobs()
        await self.settle()

    # -- people ---------------------------------------------------------------------------

    def staff_member(self, first_name: str, **names: Any) -> dict[str, Any]:
        """A colleague in the staff group who has said hello there (so is on the team)."""
        user = self.telegram.add_user(first_name, **names)
        self.telegram.set_member_status(self.staff_chat, user, "member")
        self.telegram.group_message(user, self.staff_chat, "Hi team!")
        return user

    def customer(self, first_name: str, **names: Any) -> dict[str, Any]:
        return self.telegram.add_user(first_name, **names)

    # -- what the bot sent ----------------------------------------------------------------

    def to_customer(self, user: dict[str, Any]) -> list[dict[str, Any]]:
        return self.telegram.bot_messages(user["id"])

    def topic_of(self, user: dict[str, Any]) -> int:
        for topic in self.telegram.topics(self.staff_chat):
            if not topic.deleted and user["first_name"] in topic.name:
                return topic.thread_id
        raise AssertionError(f"no topic for {user['first_name']}")

    def in_topic(self, user: dict[str, Any]) -> list[dict[str, Any]]:
        """What the bot posted in the customer's topic (without the topic-created line), a
        post carrying the card and the first words read as the card, then the words."""
        shown: list[dict[str, Any]] = []
        for message in self.telegram.bot_messages(self.staff_chat, self.topic_of(user)):
            if "forum_topic_created" not in message:
                shown.extend(card_and_words(message))
        return shown

    def posts_in_topic(self, user: dict[str, Any]) -> list[dict[str, Any]]:
        """The bot's posts in the customer's topic as they are (without the topic line)."""
        return [
            message
            for message in self.telegram.bot_messages(self.staff_chat, self.topic_of(user))
            if "forum_topic_created" not in message
        ]

    def text_of(self, message: dict[str, Any]) -> str:
        return str(message.get("text") or message.get("caption") or "")


def card_and_words(message: dict[str, Any]) -> list[dict[str, Any]]:
    """A post that carries a ticket card and a first message as the two it stands for."""
    text = str(message.get("text", ""))
    if not text.startswith(CARD_HEADINGS) or "\n\n" not in text:
        return [message]
    card, words = text.split("\n\n", 1)
    return [{**message, "text": card}, {**message, "text": words, "entities": []}]


def relayed(telegram: BotApiServer) -> list[ApiCall]:
    """The calls that showed a customer's message in a group: copies, and a first message's
    post with its card."""
    return [
        call
        for call in telegram.calls
        if call.ok
        and (
            call.method in ("copyMessage", "copyMessages")
            or (call.method == "sendMessage" and len(card_and_words(call.result)) == 2)
        )
    ]


@pytest.fixture
async def telegram() -> AsyncIterator[BotApiServer]:
    server = BotApiServer(token=TOKEN, bot_username="cornerbakery_bot")
    await server.start()
    yield server
    await server.stop()


def make_settings(
    telegram: BotApiServer, tmp_path: Path, staff_chat: int, owner_id: int
) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        bot_token=TOKEN,  # type: ignore[arg-type]
        staff_chat_id=staff_chat,
        owner_ids=(owner_id,),
        shop_name=SHOP,
        db_path=tmp_path / "frontdesk.sqlite3",
        api_base_url=telegram.base_url,
        api_base_file_url=telegram.base_file_url,
        # Telegram's pacing would make the suite wait for minutes; tests/test_limits.py and
        # the flood test check it with the limits on.
        rate_limits=False,
    )


async def _desk(telegram: BotApiServer, tmp_path: Path, forum: bool) -> AsyncIterator[Desk]:
    owner = telegram.add_user("Olga", last_name="Owner", username="olga_owner")
    staff_chat = telegram.add_group("Corner Bakery team", is_forum=forum, members=[owner])
    # Owners have started the bot (`frontdesk setup` sees to it), long before this run.
    telegram.private_chat(owner)
    desk = Desk(
        telegram=telegram,
        settings=make_settings(telegram, tmp_path, staff_chat, owner["id"]),
        clock=FakeClock(),
        staff_chat=staff_chat,
        owner=owner,
    )
    await desk.start()
    try:
        yield desk
    finally:
        await desk.stop()


@pytest.fixture
async def desk(telegram: BotApiServer, tmp_path: Path) -> AsyncIterator[Desk]:
    """Frontdesk running with a forum staff group (topics on)."""
    async for running in _desk(telegram, tmp_path, forum=True):
        yield running


@pytest.fixture
async def plain_desk(telegram: BotApiServer, tmp_path: Path) -> AsyncIterator[Desk]:
    """Frontdesk running with a staff group that has no topics."""
    async for running in _desk(telegram, tmp_path, forum=False):
        yield running


async def upsert_anna(db: Tx, now: float = 1.0, **profile: Any) -> Customer:
    """Store customer 5, Anna, with any of her profile fields changed."""
    fields: dict[str, Any] = {
        "user_id": 5,
        "first_name": "Anna",
        "last_name": None,
        "username": None,
        "language_code": "en",
    }
    return await customers.upsert(db, **{**fields, **profile}, now=now)
