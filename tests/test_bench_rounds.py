"""Rounds of a load run fold into one result: medians for timings, sums for failures."""

from dataclasses import replace

from bench.load import Latency, LoadResult
from bench.rounds import combine

ROUND = LoadResult(
    bot="frontdesk",
    customers=2,
    messages=10,
    relayed=10,
    lost=0,
    duplicates=0,
    reordered=0,
    latency=Latency(4.0, 8.0, 9.0),
    end_to_end=Latency(5.0, 9.0, 10.0),
    later_messages=Latency(3.5, 6.0, 7.0),
    throughput=500.0,
    cpu_ms_per_message=3.0,
    api_calls_per_message=1.1,
    burst_seconds=2.0,
    peak_memory_mb=70.0,
    stored_conversations=100,
    exit_code=0,
    exited_early=False,
    log_problems=0,
)


def test_timings_are_medians_and_failures_add_up() -> None:
    slow = replace(ROUND, latency=Latency(9.0, 20.0, 30.0), throughput=100.0, lost=1)
    fast = replace(ROUND, latency=Latency(3.0, 6.0, 7.0), throughput=900.0, peak_memory_mb=90.0)
    combined = combine([ROUND, slow, fast])
    assert combined.latency.p50 == 4.0
    assert combined.throughput == 500.0
    assert combined.lost == 1
    assert combined.messages == 30
    assert combined.peak_memory_mb == 90.0


def test_a_crashed_round_is_not_hidden() -> None:
    crashed = replace(ROUND, exit_code=-9, exited_early=True)
    combined = combine([ROUND, crashed, ROUND])
    assert combined.exit_code == -9
    assert combined.exited_early
