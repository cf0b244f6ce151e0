"""The benchmark runs end to end at tiny sizes and reports every figure."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from bench.config import BenchConfig
from bench.report import format_report
from bench.run import run_benchmark
from bench.transport import compare

TINY = BenchConfig(
    customers=3,
    messages=3,
    crashes=2,
    seed=7,
    rate=50.0,
    stored=200,
    max_kill_delay=0.3,
    settle_timeout=8.0,
    rounds=2,
)


async def test_tiny_benchmark_loses_nothing_and_reports_everything(tmp_path: Path) -> None:
    report = await run_benchmark(TINY, tmp_path)

    assert report.frontdesk.lost == 0
    assert report.echo.lost == 0
    assert report.crash is not None
    assert report.crash.lost == 0
    assert report.crash.kills == 2
    for result in (report.frontdesk, report.echo):
        assert result.messages == 2 * (2 * 3 * 3)  # two rounds of two phases
        assert result.latency.p50 is not None and result.latency.p99 is not None
        assert result.end_to_end.p95 is not None
        assert result.later_messages.p50 is not None
        assert result.throughput is not None and result.throughput > 0
        assert result.peak_memory_mb is not None and result.peak_memory_mb > 0
        assert result.exit_code == 0
    assert report.frontdesk.stored_conversations == 200
    assert report.latency_ratio is not None and report.throughput_ratio is not None
    assert len(report.round_ratios) == 2
    assert {target.name for target in report.targets} >= {"lost (load)", "lost (crashes)"}
    table = format_report(report)
    assert "latency p99 (ms)" in table and "crash benchmark (seed 7)" in table
    assert report.to_json()["crash"]["seed"] == 7


async def test_transport_benchmark_times_both_requests() -> None:
    async def answer(request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "result": {"message_id": 1}})

    app = web.Application()
    app.router.add_post("/{tail:.*}", answer)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        port = runner.addresses[0][1]
        costs = await compare(f"http://127.0.0.1:{port}/bot", calls=5, rounds=2)
    finally:
        await runner.cleanup()
    assert len(costs) == 2
    for runs in costs.values():
        assert len(runs) == 2
        assert all(run.cpu_ms > 0 and run.wall_ms > 0 for run in runs)
