"""`python -m bench.transport`: the CPU one Bot API call costs, PTB's httpx request against ours.

A small server in a child process answers every call at once; this process makes the same
copyMessage calls one after another through PTB's Bot, first with PTB's stock HTTPXRequest,
then with bot.api_calls.BotApiRequest (aiohttp), in alternating rounds. It prints the CPU
and wall time per call of each, and their ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import socket
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web
from telegram import Bot
from telegram.request import BaseRequest, HTTPXRequest

from bot.api_calls import BotApiRequest

TOKEN = "123456:bench"


@dataclass(frozen=True)
class CallCost:
    """What one call cost, in milliseconds."""

    cpu_ms: float
    wall_ms: float


def _serve(port: int) -> None:
    async def answer(request: web.Request) -> web.Response:
        await request.read()
        return web.json_response({"ok": True, "result": {"message_id": 1}})

    app = web.Application()
    app.router.add_post("/{tail:.*}", answer)
    web.run_app(app, host="127.0.0.1", port=port, print=None, handle_signals=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_listening(port: int, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


async def measure(request: BaseRequest, base_url: str, calls: int) -> CallCost:
    """Make `calls` copyMessage calls in a row (after a warm-up) and time them."""
    bot = Bot(TOKEN, base_url=base_url, request=request)
    await request.initialize()
    try:
        for number in range(20):
            await bot.copy_message(chat_id=-100, from_chat_id=5, message_id=number)
        cpu, wall = time.process_time(), time.perf_counter()
        for number in range(calls):
            await bot.copy_message(
                chat_id=-100, from_chat_id=5, message_id=number, message_thread_id=3
            )
        return CallCost(
            (time.process_time() - cpu) * 1000 / calls,
            (time.perf_counter() - wall) * 1000 / calls,
        )
    finally:
        await request.shutdown()


async def compare(base_url: str, calls: int, rounds: int) -> dict[str, list[CallCost]]:
    """Alternate the two requests for `rounds` rounds."""
    kinds: dict[str, Callable[[], BaseRequest]] = {
        "httpx (PTB's stock request)": HTTPXRequest,
        "aiohttp (Frontdesk's)": BotApiRequest,
    }
    costs: dict[str, list[CallCost]] = {name: [] for name in kinds}
    for _ in range(rounds):
        for name, make in kinds.items():
            costs[name].append(await measure(make(), base_url, calls))
    return costs


def main() -> None:
    """Run the comparison and print medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    port = _free_port()
    server = multiprocessing.get_context("spawn").Process(target=_serve, args=(port,))
    server.start()
    try:
        _wait_until_listening(port)
        costs = asyncio.run(compare(f"http://127.0.0.1:{port}/bot", options.calls, options.rounds))
    finally:
        server.terminate()
        server.join()
    medians = {}
    for name, runs in costs.items():
        cpu = statistics.median(run.cpu_ms for run in runs)
        wall = statistics.median(run.wall_ms for run in runs)
        medians[name] = cpu
        print(f"{name:30} CPU {cpu:.3f} ms/call   wall {wall:.3f} ms/call")
    stock, ours = medians.values()
    print(f"CPU per call, ours / stock: {ours / stock:.2f}")


if __name__ == "__main__":
    main()
