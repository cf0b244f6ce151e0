"""The crash benchmark: kill -9 Frontdesk at random moments of a burst, count what got lost."""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from bench.config import BenchConfig
from bench.desk_db import desk_is_idle
from bench.ledger import Key, Ledger
from bench.load import IDLE_TIMEOUT, bring_up
from bench.process import FRONTDESK_ARGV, BotProcess
from bench.stage import Stage, message_plan, open_stage, wait_until
from bench.stats import percentile

T = TypeVar("T")
# A duplicate is "in flight at a kill" if a kill came between this long before its first
# copy (a request already sent is answered after the sender died) and this long after it.
IN_FLIGHT_BEFORE, IN_FLIGHT_AFTER = 0.5, 1.0
# A restart that fails is tried again this often before the benchmark gives up.
START_ATTEMPTS = 3
# A kill this soon after a copy arrived counts as a kill while relaying.
BUSY_SECONDS = 0.25
# The slow-chat case: one customer's copies take this long; the others write meanwhile.
SLOW_CALL_SECONDS = 3.0
SLOW_CHAT_MESSAGES, SLOW_CHAT_RATE = 100, 25.0


@dataclass(frozen=True)
class CrashResult:
    """What survived `kills` SIGKILLs during a burst."""

    seed: int
    customers: int
    messages: int
    kills: int
    kills_while_relaying: int
    unexpected_exits: int
    failed_starts: list[str]  # the last line the bot wrote each time it failed to start
    relayed: int
    lost: int
    duplicates: int
    in_flight_duplicates: int  # a kill came as the first copy was being made
    reordered: int
    seconds: float
    exit_code: int | None
    log_problems: int
    # While one customer's copies each take SLOW_CALL_SECONDS at Telegram: the other
    # customers' latency from their send to the copy (ms), and messages lost meanwhile.
    slow_chat_p50_ms: float | None = None
    slow_chat_p99_ms: float | None = None
    slow_chat_lost: int = 0


async def run_crashes(config: BenchConfig, workdir: Path) -> CrashResult:
    """Send customers × messages in chunks, killing Frontdesk after each chunk but the last."""
    stage = await open_stage()
    try:
        return await _crash(stage, config, workdir / "crash")
    finally:
        await stage.stop()


async def _crash(stage: Stage, config: BenchConfig, root: Path) -> CrashResult:
    rng = random.Random(config.seed)
    db_path = root / "frontdesk.sqlite3"
    process = BotProcess(FRONTDESK_ARGV, stage.env(db_path), root, root / "bot.log")
    plan = message_plan(stage.customers(config.customers), config.messages)
    keys: list[Key] = []
    kills: list[float] = []
    unexpected = 0
    failed_starts: list[str] = []
    started = time.time()
    for number, chunk in enumerate(_chunks(plan, config.crashes + 1)):
        if process.exit_code is not None and process.exit_code != -9:
            unexpected += 1
        await _restart(stage, process, failed_starts)
        keys += [stage.send(customer, text) for customer, text in chunk]
        if number == config.crashes:
            break
        await asyncio.sleep(rng.uniform(0, config.max_kill_delay))
        if process.running:
            kills.append(time.time())
        await process.kill()
    try:
        await stage.settle(keys, config.settle_timeout, lambda: process.running)
        await wait_until(lambda: desk_is_idle(db_path), IDLE_TIMEOUT, interval=0.1)
        await asyncio.sleep(0.5)  # a late duplicate would show up now
        stage.ledger.absorb()
        seconds = time.time() - started
        others = await _slow_chat(stage, config, process)
        if not process.running:
            unexpected += 1
    finally:
        exit_code = await process.stop()
    ledger = stage.ledger
    slow = [1000 * value for value in ledger.latencies(others, "sent")]
    return CrashResult(
        seed=config.seed,
        customers=config.customers,
        messages=len(keys),
        kills=len(kills),
        kills_while_relaying=_busy_kills(ledger, kills),
        unexpected_exits=unexpected,
        failed_starts=failed_starts,
        relayed=ledger.relayed(keys),
        lost=len(ledger.lost(keys)),
        duplicates=ledger.duplicates(keys),
        in_flight_duplicates=_in_flight(ledger, keys, kills),
        reordered=ledger.reordered(keys),
        seconds=seconds,
        exit_code=exit_code,
        log_problems=len(process.log_problems()),
        slow_chat_p50_ms=percentile(slow, 50),
        slow_chat_p99_ms=percentile(slow, 99),
        slow_chat_lost=len(ledger.lost(others)),
    )


async def _slow_chat(stage: Stage, config: BenchConfig, process: BotProcess) -> list[Key]:
    """One customer writes steadily and each copy of theirs takes SLOW_CALL_SECONDS at
    Telegram; meanwhile the other customers write. Returns the others' message keys."""
    [slow] = stage.customers(1)
    others = stage.customers(max(2, min(config.customers, 10)))
    stage.send(slow, "Slow customer's first message")  # their topic and card, at full speed
    await asyncio.sleep(1.0)
    where = {"from_chat_id": slow["id"]}
    stage.server.delay_next("copyMessage", SLOW_CALL_SECONDS, times=1000, where=where)
    keys: list[Key] = []
    for number in range(SLOW_CHAT_MESSAGES):
        if number % 10 == 0:
            stage.send(slow, f"slow {number}")
        keys.append(stage.send(others[number % len(others)], f"meanwhile {number}"))
        await asyncio.sleep(1 / SLOW_CHAT_RATE)
    await stage.settle(keys, config.settle_timeout, lambda: process.running)
    stage.server.clear_delays()
    stage.ledger.absorb()
    return keys


async def _restart(stage: Stage, process: BotProcess, failures: list[str]) -> None:
    """Start Frontdesk again; a failed start is noted and tried again (then RuntimeError)."""
    for attempt in range(1, START_ATTEMPTS + 1):
        try:
            # getMe is the first thing a starting Frontdesk asks; from then on it is at work.
            await bring_up(stage, process, "getMe")
            return
        except RuntimeError:
            lines = process.log_tail().splitlines()
            failures.append(lines[-1] if lines else f"exit code {process.exit_code}")
            if attempt == START_ATTEMPTS:
                raise


def _chunks(items: Sequence[T], count: int) -> list[Sequence[T]]:
    """items split into `count` consecutive chunks of nearly equal size."""
    size, extra = divmod(len(items), count)
    bounds = [0]
    for index in range(count):
        bounds.append(bounds[-1] + size + (1 if index < extra else 0))
    return [items[start:end] for start, end in itertools.pairwise(bounds)]


def _in_flight(ledger: Ledger, keys: list[Key], kills: list[float]) -> int:
    """Extra copies explained by a kill just as the copy before them was made."""
    count = 0
    for key in keys:
        for earlier, later in itertools.pairwise(ledger.copies.get(key, [])):
            first, last = earlier - IN_FLIGHT_BEFORE, min(later, earlier + IN_FLIGHT_AFTER)
            if any(first <= kill <= last for kill in kills):
                count += 1
    return count


def _busy_kills(ledger: Ledger, kills: list[float]) -> int:
    """Kills that came while copies were arriving in the staff chat."""
    arrivals = sorted(t for times in ledger.copies.values() for t in times)
    return sum(1 for kill in kills if any(kill - BUSY_SECONDS <= t <= kill for t in arrivals))
