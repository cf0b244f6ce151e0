"""kill -9 at random moments during a burst: every customer message still reaches the staff."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sys
from collections import Counter
from pathlib import Path

from standin import BotApiServer
from tests.conftest import TOKEN, card_and_words, relayed

ROOT = Path(__file__).resolve().parent.parent
CUSTOMERS, MESSAGES, KILLS = 5, 20, 4


async def _start_bot(env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=cwd, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip


async def test_kill_minus_nine_during_a_burst_loses_nothing(tmp_path: Path) -> None:
    telegram = BotApiServer(token=TOKEN, bot_username="cornerbakery_bot")
    await telegram.start()
    rng = random.Random(20261123)
    try:
        owner = telegram.add_user("Olga")
        maria = telegram.add_user("Maria")
        staff_chat = telegram.add_group("Team", is_forum=True, members=[owner, maria])
        telegram.group_message(maria, staff_chat, "Hi team")
        env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTDESK_")}
        env.update(
            PYTHONPATH=str(ROOT),
            FRONTDESK_BOT_TOKEN=TOKEN,
            FRONTDESK_STAFF_CHAT_ID=str(staff_chat),
            FRONTDESK_OWNER_IDS=str(owner["id"]),
            FRONTDESK_API_BASE_URL=telegram.base_url,
            FRONTDESK_API_BASE_FILE_URL=telegram.base_file_url,
            FRONTDESK_DB_PATH=str(tmp_path / "frontdesk.sqlite3"),
            FRONTDESK_LOG_LEVEL="WARNING",
            FRONTDESK_RATE_LIMITS="off",
        )
        customers = [telegram.add_user(f"Customer {n}") for n in range(CUSTOMERS)]
        sent: dict[int, list[int]] = {c["id"]: [] for c in customers}
        words: dict[str, tuple[int, int]] = {}  # a first message arrives with its card

        def shown() -> list[tuple[int, int]]:
            keys = []
            for call in relayed(telegram):
                if call.params["chat_id"] != staff_chat:
                    continue
                parts = card_and_words(call.result) if call.method == "sendMessage" else []
                if len(parts) == 2 and parts[1]["text"] in words:
                    keys.append(words[parts[1]["text"]])
                elif call.method == "copyMessage":
                    keys.append((call.params["from_chat_id"], call.params["message_id"]))
            return keys

        bot = await _start_bot(env, tmp_path)
        plan = sorted(rng.sample(range(5, CUSTOMERS * MESSAGES - 5), KILLS))
        for n in range(MESSAGES * CUSTOMERS):
            customer = customers[n % CUSTOMERS]
            message = telegram.private_message(customer, f"{customer['first_name']} #{n}")
            sent[customer["id"]].append(message["message_id"])
            words[message["text"]] = (customer["id"], message["message_id"])
            await asyncio.sleep(rng.uniform(0, 0.02))
            if plan and n == plan[0]:
                plan.pop(0)
                await asyncio.sleep(rng.uniform(0, 0.3))
                bot.send_signal(signal.SIGKILL)
                await bot.wait()
                bot = await _start_bot(env, tmp_path)

        def copies() -> Counter[tuple[int, int]]:
            return Counter(shown())

        expected = {(chat, mid) for chat, ids in sent.items() for mid in ids}
        await telegram.wait_for(lambda: expected <= set(copies()), timeout=60)
        bot.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(bot.wait(), 20) == 0
    finally:
        await telegram.stop()

    counted = copies()
    duplicates = sum(count - 1 for count in counted.values())
    # At most one in-flight send per customer per crash (each lane has one out at a time).
    assert duplicates <= KILLS * CUSTOMERS
    for chat, ids in sent.items():
        order = [message_id for source, message_id in shown() if source == chat]
        first_seen = list(dict.fromkeys(order))
        assert first_seen == ids, f"customer {chat}: relayed out of order"
