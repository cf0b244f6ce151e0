"""Several rounds of one bot's load run folded into one result, so a noisy machine's
swings (other tenants, CPU frequency) do not decide a ratio: the bots run alternately,
timings are medians, and whatever counts a failure (lost, duplicated, crashed) is summed."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from typing import TypeVar

from bench.load import Latency, LoadResult

T = TypeVar("T")


def combine(rounds: Sequence[LoadResult]) -> LoadResult:
    """One result for all rounds of the same bot."""
    if len(rounds) == 1:
        return rounds[0]
    first = rounds[0]

    def median(value: Callable[[LoadResult], float | None]) -> float | None:
        values = [v for v in map(value, rounds) if v is not None]
        return statistics.median(values) if values else None

    def worst(value: Callable[[LoadResult], float | None]) -> float | None:
        values = [v for v in map(value, rounds) if v is not None]
        return max(values) if values else None

    def latency(of: Callable[[LoadResult], Latency]) -> Latency:
        return Latency(
            median(lambda r: of(r).p50), median(lambda r: of(r).p95), median(lambda r: of(r).p99)
        )

    exit_codes = [r.exit_code for r in rounds]
    return LoadResult(
        bot=first.bot,
        customers=first.customers,
        messages=sum(r.messages for r in rounds),
        relayed=sum(r.relayed for r in rounds),
        lost=sum(r.lost for r in rounds),
        duplicates=sum(r.duplicates for r in rounds),
        reordered=sum(r.reordered for r in rounds),
        latency=latency(lambda r: r.latency),
        end_to_end=latency(lambda r: r.end_to_end),
        later_messages=latency(lambda r: r.later_messages),
        throughput=median(lambda r: r.throughput),
        cpu_ms_per_message=median(lambda r: r.cpu_ms_per_message),
        api_calls_per_message=median(lambda r: r.api_calls_per_message),
        burst_seconds=median(lambda r: r.burst_seconds),
        peak_memory_mb=worst(lambda r: r.peak_memory_mb),
        stored_conversations=first.stored_conversations,
        exit_code=next((code for code in exit_codes if code != 0), exit_codes[0]),
        exited_early=any(r.exited_early for r in rounds),
        log_problems=sum(r.log_problems for r in rounds),
    )
