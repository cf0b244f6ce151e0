"""`python -m bench.run`: Frontdesk against a bare PTB echo bot, plus the crash benchmark."""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import tempfile
from pathlib import Path

import telegram

from bench.config import BenchConfig
from bench.crash import run_crashes
from bench.load import ECHO, FRONTDESK, run_load
from bench.report import BenchReport, build_report, format_report
from bench.rounds import combine


async def run_benchmark(config: BenchConfig, workdir: Path | None = None) -> BenchReport:
    """Run the echo bot, Frontdesk and (with config.crashes) the crash benchmark."""
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix="frontdesk-bench-") as temporary:
            return await run_benchmark(config, Path(temporary))
    machine = _machine()
    echoes, frontdesks = [], []
    for number in range(1, max(config.rounds, 1) + 1):
        round_dir = workdir / f"round-{number}"
        echoes.append(await run_load(ECHO, config, round_dir))
        frontdesks.append(await run_load(FRONTDESK, config, round_dir))
    crash = await run_crashes(config, workdir) if config.crashes > 0 else None
    return build_report(
        config,
        machine,
        combine(frontdesks),
        combine(echoes),
        crash,
        list(zip(frontdesks, echoes, strict=True)),
    )


def _machine() -> dict[str, str]:
    load = os.getloadavg()[0]
    return {
        "cpus": str(os.cpu_count()),
        "load average before": f"{load:.2f}",
        "python": platform.python_version(),
        "python-telegram-bot": telegram.__version__,
    }


def parse_config(
    argv: list[str] | None = None,
) -> tuple[BenchConfig, Path | None, Path | None]:
    """The run's configuration from the command line, where to write JSON, where to work."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description="Benchmark Frontdesk against a bare python-telegram-bot echo bot.",
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, well under a minute")
    parser.add_argument("--customers", type=int, help="customers per phase (50; quick 10)")
    parser.add_argument("--messages", type=int, help="messages per customer (20; quick 5)")
    parser.add_argument("--crashes", type=int, help="kill -9s in the crash benchmark, 0 = skip")
    parser.add_argument("--seed", type=int, help="random seed of the crash moments")
    parser.add_argument("--rounds", type=int, help="load runs per bot, alternating (3; quick 1)")
    parser.add_argument("--rate", type=float, help="messages/s of the latency phase (25)")
    parser.add_argument("--stored", type=int, help="conversations stored beforehand (10000)")
    parser.add_argument("--json", type=Path, help="also write the report as JSON here")
    parser.add_argument("--profile", type=Path, help="cProfile Frontdesk's load run into this")
    parser.add_argument("--workdir", type=Path, help="keep databases and bot logs here")
    args = parser.parse_args(argv)
    changes = {
        name: getattr(args, name)
        for name in (
            "customers",
            "messages",
            "crashes",
            "seed",
            "rate",
            "stored",
            "rounds",
            "profile",
        )
        if getattr(args, name) is not None
    }
    config = BenchConfig.quick(**changes) if args.quick else BenchConfig(**changes)
    return config, args.json, args.workdir


def main(argv: list[str] | None = None) -> int:
    """Run, print the table; exit 0 if every target was met, 1 if not."""
    config, json_path, workdir = parse_config(argv)
    if workdir is not None:
        workdir.mkdir(parents=True, exist_ok=True)
    report = asyncio.run(run_benchmark(config, workdir))
    print(format_report(report))
    if json_path is not None:
        report.write_json(json_path)
    return 0 if report.all_met else 1


if __name__ == "__main__":
    sys.exit(main())
