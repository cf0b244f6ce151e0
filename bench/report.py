"""The benchmark's findings: ratios, targets met or missed, and the printed table."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.config import BenchConfig
from bench.crash import CrashResult
from bench.load import LoadResult
from bench.stats import ratio

MEMORY_LIMIT_MB = 150.0


@dataclass(frozen=True)
class Target:
    """One of the issue's targets and whether this run met it."""

    name: str
    wanted: str
    actual: str
    met: bool


@dataclass(frozen=True)
class BenchReport:
    """Everything one benchmark run found."""

    config: BenchConfig
    machine: dict[str, str]
    frontdesk: LoadResult
    echo: LoadResult
    crash: CrashResult | None
    latency_ratio: float | None  # frontdesk p50 / echo p50 (lower is better)
    throughput_ratio: float | None  # frontdesk / echo (higher is better)
    memory_ratio: float | None
    targets: list[Target]
    # Each round's (p50 latency ratio, throughput ratio), in the order they ran.
    round_ratios: list[tuple[float | None, float | None]] = dataclasses.field(default_factory=list)

    @property
    def all_met(self) -> bool:
        """Whether every target was met."""
        return all(target.met for target in self.targets)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict of the whole report."""
        data = dataclasses.asdict(self)
        data["config"]["profile"] = str(self.config.profile) if self.config.profile else None
        data["all_met"] = self.all_met
        return data

    def write_json(self, path: Path) -> None:
        """Save the report as JSON."""
        path.write_text(json.dumps(self.to_json(), indent=2) + "\n")


def build_report(
    config: BenchConfig,
    machine: dict[str, str],
    frontdesk: LoadResult,
    echo: LoadResult,
    crash: CrashResult | None,
    rounds: Sequence[tuple[LoadResult, LoadResult]] = (),
) -> BenchReport:
    """Compare Frontdesk with the echo bot and check the targets (`rounds`: each round's
    Frontdesk and echo results, when the figures are their medians)."""
    latency = ratio(frontdesk.latency.p50, echo.latency.p50)
    throughput = ratio(frontdesk.throughput, echo.throughput)
    memory = ratio(frontdesk.peak_memory_mb, echo.peak_memory_mb)
    healthy = not frontdesk.exited_early and frontdesk.exit_code == 0
    targets = [
        Target("lost (load)", "0", str(frontdesk.lost), frontdesk.lost == 0),
        Target("duplicates (load)", "0", str(frontdesk.duplicates), frontdesk.duplicates == 0),
        Target("no crash (load)", "exit 0", f"exit {frontdesk.exit_code}", healthy),
        Target("p50 latency vs echo", "<= 1.5x", _times(latency), _at_most(latency, 1.5)),
        Target("throughput vs echo", ">= 0.60x", _times(throughput), _at_least(throughput, 0.6)),
        Target(
            f"peak memory, {frontdesk.stored_conversations:,} stored conversations",
            f"< {MEMORY_LIMIT_MB:.0f} MB",
            _mb(frontdesk.peak_memory_mb),
            frontdesk.peak_memory_mb is not None and frontdesk.peak_memory_mb < MEMORY_LIMIT_MB,
        ),
    ]
    if crash is not None:
        targets.append(Target("lost (crashes)", "0", str(crash.lost), crash.lost == 0))
    round_ratios = [
        (ratio(mine.latency.p50, theirs.latency.p50), ratio(mine.throughput, theirs.throughput))
        for mine, theirs in rounds
    ]
    return BenchReport(
        config, machine, frontdesk, echo, crash, latency, throughput, memory, targets, round_ratios
    )


def format_report(report: BenchReport) -> str:
    """The human-readable table."""
    config, fd, echo = report.config, report.frontdesk, report.echo
    lines = [
        "Frontdesk benchmark — " + ", ".join(f"{k} {v}" for k, v in report.machine.items()),
        f"seed {config.seed}; latency phase {config.customers} customers × {config.messages} "
        f"messages at {config.rate:g} msg/s, then a burst of the same size; "
        "rate limiter and flood guard off (FRONTDESK_RATE_LIMITS=off, FRONTDESK_FLOOD_LIMIT=0)",
        "",
        f"{'':34}{'frontdesk':>12}{'echo':>12}{'ratio':>9}",
    ]
    rows: list[tuple[str, str, str, float | None]] = [
        ("messages sent", str(fd.messages), str(echo.messages), None),
        ("relayed", str(fd.relayed), str(echo.relayed), None),
        ("lost", str(fd.lost), str(echo.lost), None),
        ("duplicates", str(fd.duplicates), str(echo.duplicates), None),
        ("out of order", str(fd.reordered), str(echo.reordered), None),
    ]
    for label, field in (
        ("latency", "latency"),
        ("customer→staff", "end_to_end"),
        ("later messages", "later_messages"),
    ):
        for share in ("p50", "p95", "p99"):
            mine = getattr(getattr(fd, field), share)
            theirs = getattr(getattr(echo, field), share)
            rows.append((f"{label} {share} (ms)", _ms(mine), _ms(theirs), ratio(mine, theirs)))
    rows += [
        ("burst throughput (msg/s)", _rate(fd.throughput), _rate(echo.throughput),
         report.throughput_ratio),
        ("burst drained in (s)", _secs(fd.burst_seconds), _secs(echo.burst_seconds), None),
        ("Bot API calls per message", _calls(fd.api_calls_per_message),
         _calls(echo.api_calls_per_message), None),
        ("bot CPU per message (ms)", _ms(fd.cpu_ms_per_message), _ms(echo.cpu_ms_per_message),
         ratio(fd.cpu_ms_per_message, echo.cpu_ms_per_message)),
        ("peak memory VmHWM (MB)", _mb(fd.peak_memory_mb), _mb(echo.peak_memory_mb),
         report.memory_ratio),
        ("stored conversations", f"{fd.stored_conversations:,}", "-", None),
        ("exit code after SIGTERM", str(fd.exit_code), str(echo.exit_code), None),
        ("error lines in bot output", str(fd.log_problems), str(echo.log_problems), None),
    ]  # fmt: skip
    for label, mine_text, theirs_text, value in rows:
        shown = f"{value:.2f}x" if value is not None else ""
        lines.append(f"{label:34}{mine_text:>12}{theirs_text:>12}{shown:>9}")
    lines.append(
        "latency: update leaving getUpdates → copy in the staff chat; "
        "customer→staff: from the customer's send (includes waiting for getUpdates); "
        "later messages: latency from each customer's second message on (a first one also "
        "gets a new topic and its card)"
    )
    if len(report.round_ratios) > 1:
        lines.append(
            f"{len(report.round_ratios)} rounds, bots alternating; timings are medians, "
            "counts are sums. Each round's ratios (p50 latency, throughput): "
            + "; ".join(f"{_times(lat)} {_times(thr)}" for lat, thr in report.round_ratios)
        )
    if report.crash is not None:
        lines += ["", *_crash_lines(report.crash)]
    lines += ["", "targets:"]
    for target in report.targets:
        mark = "ok  " if target.met else "MISS"
        lines.append(f"  {mark} {target.name:44} {target.actual:>10}  (want {target.wanted})")
    return "\n".join(lines)


def _crash_lines(crash: CrashResult) -> list[str]:
    return [
        f"crash benchmark (seed {crash.seed}): {crash.messages} messages from "
        f"{crash.customers} customers, {crash.kills} × kill -9 "
        f"({crash.kills_while_relaying} while copies were arriving), {crash.seconds:.1f} s",
        f"  relayed {crash.relayed}, lost {crash.lost}, duplicates {crash.duplicates} "
        f"(in flight at a kill: {crash.in_flight_duplicates}), out of order {crash.reordered}",
        f"  unexpected exits {crash.unexpected_exits}, failed restarts "
        f"{len(crash.failed_starts)}, exit code after SIGTERM {crash.exit_code}, "
        f"error lines in bot output {crash.log_problems}",
        *(f"  failed restart: {line}" for line in crash.failed_starts),
        f"  slow chat (one customer's copies take 3 s): others' latency p50 "
        f"{_ms(crash.slow_chat_p50_ms)} / p99 {_ms(crash.slow_chat_p99_ms)} ms, "
        f"lost {crash.slow_chat_lost}",
    ]


def _at_most(value: float | None, limit: float) -> bool:
    return value is not None and value <= limit


def _at_least(value: float | None, limit: float) -> bool:
    return value is not None and value >= limit


def _times(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _calls(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _secs(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _mb(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"
