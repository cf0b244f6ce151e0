"""What a benchmark run does: sizes, pacing, seed, time limits."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class BenchConfig:
    """Sizes and knobs of one benchmark run (defaults: the issue's targets, a few minutes)."""

    customers: int = 50
    messages: int = 20
    crashes: int = 20
    seed: int = 20_261_123
    # Messages per second in the latency phase: below what either bot can take, so the
    # latency is the bot's work per message, not a queue.
    rate: float = 25.0
    stored: int = 10_000
    # A kill lands this many seconds (uniformly at random, at most) after the restarted
    # bot first spoke to the Bot API and the next chunk of the burst was sent.
    max_kill_delay: float = 1.0
    # Seconds without a new relayed message before the missing ones count as lost.
    settle_timeout: float = 20.0
    # Load runs of each bot, alternating echo and Frontdesk; timings are the rounds' medians.
    rounds: int = 3
    profile: Path | None = None

    @classmethod
    def quick(cls, **changes: Any) -> BenchConfig:
        """A run well under a minute: fewer customers, messages and kills."""
        quick = cls(customers=10, messages=5, crashes=5, rate=50.0, settle_timeout=10.0, rounds=1)
        return replace(quick, **changes)
