"""The load benchmark of one bot: latency at a steady pace, throughput of a burst, memory."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from pathlib import Path

from bench.config import BenchConfig
from bench.desk_db import desk_is_idle, seed_history
from bench.ledger import Key
from bench.process import ECHO_ARGV, FRONTDESK_ARGV, BotProcess
from bench.stage import Stage, message_plan, open_stage, wait_until
from bench.stats import percentile

FRONTDESK, ECHO = "frontdesk", "echo"
STARTUP_TIMEOUT = 60.0
IDLE_TIMEOUT = 30.0


@dataclass(frozen=True)
class Latency:
    """Percentiles of a latency, in milliseconds (None without samples)."""

    p50: float | None
    p95: float | None
    p99: float | None

    @classmethod
    def of(cls, seconds: list[float]) -> Latency:
        """Percentiles of these samples (seconds in, milliseconds out)."""
        ms = [value * 1000 for value in seconds]
        return cls(percentile(ms, 50), percentile(ms, 95), percentile(ms, 99))


@dataclass(frozen=True)
class LoadResult:
    """What one bot did with the paced messages and the burst."""

    bot: str
    customers: int
    messages: int
    relayed: int
    lost: int
    duplicates: int
    reordered: int
    latency: Latency  # from the update leaving getUpdates to the copy in the staff chat
    end_to_end: Latency  # from the customer's send to the copy in the staff chat
    # As `latency`, from each customer's second message on: a first message also gets a
    # new topic and its card (Frontdesk), which the echo bot does not make.
    later_messages: Latency
    throughput: float | None  # burst messages relayed per second, from all of them waiting
    cpu_ms_per_message: float | None  # the bot process's CPU time (all threads) per message
    api_calls_per_message: float | None  # Bot API calls other than getUpdates, per message
    burst_seconds: float | None
    peak_memory_mb: float | None
    stored_conversations: int
    exit_code: int | None
    exited_early: bool
    log_problems: int


async def run_load(bot: str, config: BenchConfig, workdir: Path) -> LoadResult:
    """Run one bot (FRONTDESK or ECHO) as a subprocess against a fresh stand-in."""
    stage = await open_stage()
    try:
        return await _measure(bot, stage, config, workdir / bot)
    finally:
        await stage.stop()


async def _measure(bot: str, stage: Stage, config: BenchConfig, root: Path) -> LoadResult:
    db_path = root / "frontdesk.sqlite3"
    process = BotProcess(_argv(bot, config), stage.env(db_path), root, root / "bot.log")
    stored = 0
    if bot == FRONTDESK:
        stored = config.stored
        await seed_history(db_path, stored, stage.owner["id"], stage.staff_chat)
    await bring_up(stage, process, "getUpdates")
    cpu_before = process.cpu_seconds()
    first_call = len(stage.server.calls)
    try:
        paced = await _paced(stage, config)
        await stage.settle(paced, config.settle_timeout, lambda: process.running)
        plan = message_plan(stage.customers(config.customers), config.messages)
        burst = [stage.send(customer, text) for customer, text in plan]
        # The clock starts once the whole burst waits at "Telegram" (sending it blocks the loop).
        burst_start = time.time()
        await stage.settle(burst, config.settle_timeout, lambda: process.running)
        if bot == FRONTDESK:
            await wait_until(lambda: desk_is_idle(db_path), IDLE_TIMEOUT, interval=0.1)
        await asyncio.sleep(0.5)  # a late duplicate would show up now
        stage.ledger.absorb()
        exited_early = not process.running
        peak = process.peak_memory_mb()
        cpu = _used(cpu_before, process.cpu_seconds())
    finally:
        exit_code = await process.stop()
    sends = sum(1 for call in stage.server.calls[first_call:] if call.method != "getUpdates")
    problems = len(process.log_problems())
    measured = Measured(peak, cpu, sends, stored, exit_code, exited_early, problems)
    return _result(bot, stage, config, paced, burst, burst_start, measured)


def _argv(bot: str, config: BenchConfig) -> tuple[str, ...]:
    """The bot's command line after `python`; Frontdesk under cProfile if asked."""
    if bot == ECHO:
        return ECHO_ARGV
    if config.profile is None:
        return FRONTDESK_ARGV
    return ("-m", "cProfile", "-o", str(config.profile.absolute()), *FRONTDESK_ARGV)


async def bring_up(stage: Stage, process: BotProcess, first_call: str) -> None:
    """Start the bot and wait for its first `first_call`; RuntimeError if it dies first."""
    mark = len(stage.server.calls)
    await process.start()
    await wait_until(
        lambda: stage.calls_since(mark, first_call) or not process.running, STARTUP_TIMEOUT
    )
    if not process.running or not stage.calls_since(mark, first_call):
        await process.stop()
        raise RuntimeError(
            f"the bot did not start (exit code {process.exit_code}):\n{process.log_tail()}"
        )


async def _paced(stage: Stage, config: BenchConfig) -> list[Key]:
    """Customers write at config.rate messages a second, round by round."""
    plan = message_plan(stage.customers(config.customers), config.messages)
    loop = asyncio.get_running_loop()
    start = loop.time()
    keys = []
    for index, (customer, text) in enumerate(plan):
        delay = start + index / config.rate - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        keys.append(stage.send(customer, text))
    return keys


@dataclass(frozen=True)
class Measured:
    """What was read off the bot process itself."""

    peak_memory_mb: float | None
    cpu_seconds: float | None
    api_calls: int
    stored: int
    exit_code: int | None
    exited_early: bool
    log_problems: int


def _used(before: float | None, after: float | None) -> float | None:
    return after - before if before is not None and after is not None else None


def _result(
    bot: str,
    stage: Stage,
    config: BenchConfig,
    paced: list[Key],
    burst: list[Key],
    burst_start: float,
    measured: Measured,
) -> LoadResult:
    ledger = stage.ledger
    keys = paced + burst
    arrivals = [t for t in (ledger.first_copy(key) for key in burst) if t is not None]
    seconds = max(arrivals) - burst_start if arrivals else None
    cpu = measured.cpu_seconds
    return LoadResult(
        bot=bot,
        customers=config.customers,
        messages=len(keys),
        relayed=ledger.relayed(keys),
        lost=len(ledger.lost(keys)),
        duplicates=ledger.duplicates(keys),
        reordered=ledger.reordered(keys),
        latency=Latency.of(ledger.latencies(paced, since="fetched")),
        end_to_end=Latency.of(ledger.latencies(paced, since="sent")),
        # The paced plan goes round by round, every customer's first message first.
        later_messages=Latency.of(ledger.latencies(paced[config.customers :], since="fetched")),
        throughput=len(arrivals) / seconds if seconds else None,
        cpu_ms_per_message=cpu * 1000 / len(keys) if cpu is not None and keys else None,
        api_calls_per_message=measured.api_calls / len(keys) if keys else None,
        burst_seconds=seconds,
        peak_memory_mb=measured.peak_memory_mb,
        stored_conversations=measured.stored,
        exit_code=measured.exit_code,
        exited_early=measured.exited_early,
        log_problems=measured.log_problems,
    )
