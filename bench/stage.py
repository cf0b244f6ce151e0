"""The pretend Telegram a benchmark run plays in: stand-in, staff chat, owner, a colleague."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.ledger import Key, Ledger
from standin import DEFAULT_TOKEN, BotApiServer

REPO_ROOT = Path(__file__).resolve().parent.parent
SHOP_NAME = "Bench Bakery"


@dataclass
class Stage:
    """A running stand-in with a forum staff chat whose team already has one member."""

    server: BotApiServer
    staff_chat: int
    owner: dict[str, Any]
    ledger: Ledger
    _customers: int = 0

    def customers(self, count: int) -> list[dict[str, Any]]:
        """New customers (not yet talking to the bot)."""
        made = []
        for _ in range(count):
            self._customers += 1
            number = self._customers
            made.append(self.server.add_user(f"Customer{number}", username=f"customer_{number}"))
        return made

    def send(self, customer: dict[str, Any], text: str) -> Key:
        """The customer writes to the bot; returns the message's key."""
        message = self.server.private_message(customer, text)
        key = (int(message["chat"]["id"]), int(message["message_id"]))
        self.ledger.inject(key, time.time(), text)
        return key

    def env(self, db_path: Path) -> dict[str, str]:
        """Environment for a bot subprocess against this stage (FRONTDESK_* replaced).

        Our side of Telegram's limits is off: the benchmark measures the bot, not the limits
        (which would also merge a flood of short texts into one message instead of copies).
        """
        env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTDESK_")}
        env.update(
            PYTHONPATH=str(REPO_ROOT),
            FRONTDESK_BOT_TOKEN=self.server.token,
            FRONTDESK_STAFF_CHAT_ID=str(self.staff_chat),
            FRONTDESK_OWNER_IDS=str(self.owner["id"]),
            FRONTDESK_SHOP_NAME=SHOP_NAME,
            FRONTDESK_API_BASE_URL=self.server.base_url,
            FRONTDESK_API_BASE_FILE_URL=self.server.base_file_url,
            FRONTDESK_DB_PATH=str(db_path),
            FRONTDESK_LOG_LEVEL="WARNING",
            FRONTDESK_RATE_LIMITS="off",
            # Each benchmark customer sends far more than a person would in a minute; the
            # flood guard would rightly mute them. The relay's own pace is what is measured.
            FRONTDESK_FLOOD_LIMIT="0",
        )
        return env

    def calls_since(self, index: int, method: str) -> bool:
        """Whether the bot made a successful call of `method` after call number `index`."""
        return any(c.method == method and c.ok for c in self.server.calls[index:])

    async def settle(self, keys: list[Key], patience: float, alive: Callable[[], bool]) -> None:
        """Wait until every message was relayed, or none more was for `patience` seconds."""
        loop = asyncio.get_running_loop()
        seen, changed = -1, loop.time()
        while True:
            self.ledger.absorb()
            relayed = self.ledger.relayed(keys)
            if relayed == len(keys):
                return
            if relayed != seen:
                seen, changed = relayed, loop.time()
            elif loop.time() - changed > patience or not alive():
                return
            await asyncio.sleep(0.02)

    async def stop(self) -> None:
        """Shut the stand-in down."""
        await self.server.stop()


async def open_stage() -> Stage:
    """Start a stand-in on 127.0.0.1:0 with an owner, a forum staff chat and one colleague."""
    server = BotApiServer(token=DEFAULT_TOKEN, bot_username="benchbakery_bot")
    await server.start()
    owner = server.add_user("Olga", last_name="Owner", username="olga_owner")
    staff_chat = server.add_group(f"{SHOP_NAME} team", is_forum=True, members=[owner])
    colleague = server.add_user("Maria", username="maria_staff")
    server.set_member_status(staff_chat, colleague, "member")
    # Anyone who writes in the staff chat is on the team: now there is someone to assign to.
    server.group_message(colleague, staff_chat, "Hi team!")
    return Stage(server, staff_chat, owner, Ledger(server, staff_chat))


def message_plan(
    customers: Sequence[dict[str, Any]], per_customer: int
) -> list[tuple[dict[str, Any], str]]:
    """Every customer's messages, interleaved round by round, each a real request."""
    plan = []
    for round_ in range(per_customer):
        for customer in customers:
            order = 40_000 + customer["id"]
            text = (
                f"Hello, my order #{order} has not arrived yet and the tracking page says "
                f"nothing. Can you help? (note {round_ + 1} of {per_customer})"
            )
            plan.append((customer, text))
    return plan


async def wait_until(
    predicate: Callable[[], bool], seconds: float, interval: float = 0.02
) -> bool:
    """Poll predicate until true (True) or until `seconds` passed (False)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not predicate():
        if loop.time() >= deadline:
            return False
        await asyncio.sleep(interval)
    return True
