"""`python -m bench.busy`: the busy hour against Telegram's limits on one group.

The stand-in enforces Telegram-like limits (20 a minute into one group with a burst of 20,
30 a second overall, about one a second per private chat; 429 "retry after N" over them)
and Frontdesk runs with its own rate limiter on. N new customers each send one text at the
same moment, then M more each over the next minute.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.desk_db import desk_is_idle, seed_history
from bench.ledger import Key
from bench.load import bring_up
from bench.process import FRONTDESK_ARGV, BotProcess
from bench.stage import Stage, open_stage, wait_until
from standin import ApiCall
from standin.limits import GROUP_BURST, GROUP_PER_SECOND, messages_posted

MARK = re.compile(r"customer (\d+), message (\d+):")
Mark = tuple[int, int]  # (customer, message number)
COST_TARGET = 2  # staff-chat messages per new text conversation: its topic and one post
PATIENCE_SECONDS = 60.0


@dataclass(frozen=True)
class BusyResult:
    """What the busy hour showed."""

    customers: int
    messages: int
    first_visible_seconds: float | None  # until every customer's first message was shown
    all_visible_seconds: float | None
    limit_seconds: float  # what the group limit itself allows for the first messages
    posts_per_conversation: float
    too_many_requests: int
    lost: int

    def targets(self) -> list[tuple[str, str, str, bool]]:
        """(name, wanted, actual, met) for each of the issue's targets."""
        allowed = 1.1 * self.limit_seconds
        first = self.first_visible_seconds
        return [
            ("lost", "0", str(self.lost), self.lost == 0),
            ("429s", "0", str(self.too_many_requests), self.too_many_requests == 0),
            (
                "staff-chat messages per new conversation",
                f"<= {COST_TARGET}",
                f"{self.posts_per_conversation:.2f}",
                self.posts_per_conversation <= COST_TARGET,
            ),
            (
                "first messages all visible",
                f"<= {allowed:.0f} s",
                "never" if first is None else f"{first:.1f} s",
                first is not None and first <= allowed,
            ),
        ]


def text_of(customer: int, number: int) -> str:
    """A customer's message, marked so it can be found in a copy or a merged post."""
    return f"Hi, this is customer {customer}, message {number}: where is my parcel?"


def limit_seconds(customers: int) -> float:
    """The earliest the group limit lets N new text conversations show, at the target cost."""
    return max(0.0, COST_TARGET * customers - GROUP_BURST) / GROUP_PER_SECOND


def _shown(call: ApiCall, sources: dict[Key, Mark]) -> list[Mark]:
    """The (customer, message) marks a successful staff-chat call made visible."""
    if call.method in ("copyMessage", "copyMessages"):
        chat = int(call.params["from_chat_id"])
        ids = call.params.get("message_ids") or [call.params["message_id"]]
        return [sources[(chat, int(i))] for i in ids if (chat, int(i)) in sources]
    if call.method == "sendMessage":
        text = str(call.params.get("text", ""))
        return [(int(c), int(n)) for c, n in MARK.findall(text)]
    return []


def _latest(times: list[float | None], start: float) -> float | None:
    known = [at for at in times if at is not None]
    return max(known) - start if known and len(known) == len(times) else None


def measure(
    stage: Stage, sources: dict[Key, Mark], start: float, customers: int, messages: int
) -> BusyResult:
    """Read the run off the stand-in's call log."""
    seen: dict[Mark, float] = {}
    cost: dict[int, int] = {}  # customer: staff-chat messages in their topic until shown
    per_thread: dict[int, int] = {}
    refused = 0
    for call in stage.server.calls:
        if (call.error or "").startswith("Too Many Requests"):
            refused += 1
        if not call.ok or str(call.params.get("chat_id")) != str(stage.staff_chat):
            continue
        thread = call.params.get("message_thread_id")
        if call.method == "createForumTopic":
            thread = call.result["message_thread_id"]
        if thread is not None:
            posted = messages_posted(call.method, call.params)
            per_thread[int(thread)] = per_thread.get(int(thread), 0) + posted
        for customer, number in _shown(call, sources):
            seen.setdefault((customer, number), call.at)
            if number == 1 and thread is not None:
                cost.setdefault(customer, per_thread[int(thread)])
    ids = range(1, customers + 1)
    every = [seen.get((c, n)) for c in ids for n in range(1, messages + 1)]
    return BusyResult(
        customers=customers,
        messages=len(every),
        first_visible_seconds=_latest([seen.get((c, 1)) for c in ids], start),
        all_visible_seconds=_latest(every, start),
        limit_seconds=limit_seconds(customers),
        posts_per_conversation=sum(cost.values()) / max(len(cost), 1),
        too_many_requests=refused,
        lost=sum(1 for at in every if at is None),
    )


async def run_busy(customers: int, later: int, minute: float, workdir: Path) -> BusyResult:
    """Run Frontdesk (rate limits on) against a stand-in that enforces Telegram's limits."""
    stage = await open_stage()
    stage.server.enforce_limits()
    db_path = workdir / "frontdesk.sqlite3"
    env = stage.env(db_path)
    env.pop("FRONTDESK_RATE_LIMITS")  # on, as in production
    process = BotProcess(FRONTDESK_ARGV, env, workdir, workdir / "bot.log")
    await seed_history(db_path, 0, stage.owner["id"], stage.staff_chat)
    sources: dict[Key, Mark] = {}
    try:
        await bring_up(stage, process, "getUpdates")
        people = stage.customers(customers)

        def send(number: int) -> None:
            for index, person in enumerate(people, start=1):
                sent = stage.server.private_message(person, text_of(index, number))
                sources[(int(sent["chat"]["id"]), int(sent["message_id"]))] = (index, number)

        start = time.time()
        send(1)
        for number in range(2, later + 2):
            await asyncio.sleep(start + minute * (number - 1) / (later + 1) - time.time())
            send(number)
        total = customers * (later + 1)

        def done() -> bool:
            shown = measure(stage, sources, start, customers, later + 1)
            return shown.lost == 0 or not process.running

        # Long enough for the group limit to let every message through, and then some.
        await wait_until(done, PATIENCE_SECONDS + total / GROUP_PER_SECOND, interval=1.0)
        await wait_until(lambda: desk_is_idle(db_path), PATIENCE_SECONDS, interval=0.5)
        return measure(stage, sources, start, customers, later + 1)
    finally:
        await process.stop()
        await stage.stop()


def format_busy(result: BusyResult) -> str:
    """The figures and the targets as a table."""

    def seconds(value: float | None) -> str:
        return "never" if value is None else f"{value:.1f} s"

    lines = [
        f"busy hour: {result.customers} new customers at once, {result.messages} messages",
        f"  every first message shown in the staff chat  {seconds(result.first_visible_seconds)}",
        f"  every message shown                          {seconds(result.all_visible_seconds)}",
        f"  the group limit allows the first ones in     {result.limit_seconds:.1f} s",
        f"  staff-chat messages per new conversation     {result.posts_per_conversation:.2f}",
        f"  429 Too Many Requests                        {result.too_many_requests}",
        f"  lost                                         {result.lost}",
        "target                                     wanted      actual      met",
    ]
    for name, wanted, actual, met in result.targets():
        lines.append(f"{name:<42} {wanted:<11} {actual:<11} {'yes' if met else 'NO'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the busy hour, print the table; exit 0 if every target was met."""
    parser = argparse.ArgumentParser(prog="python -m bench.busy", description=__doc__)
    parser.add_argument("--customers", type=int, default=30, help="new customers at once (30)")
    parser.add_argument("--later", type=int, default=4, help="more messages each (4)")
    parser.add_argument("--minute", type=float, default=60.0, help="spread them over (60 s)")
    parser.add_argument("--workdir", type=Path, help="keep the database and bot log here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="frontdesk-busy-") as temporary:
        workdir = args.workdir or Path(temporary)
        workdir.mkdir(parents=True, exist_ok=True)
        result = asyncio.run(run_busy(args.customers, args.later, args.minute, workdir))
    print(format_busy(result))
    return 0 if all(met for *_, met in result.targets()) else 1


if __name__ == "__main__":
    sys.exit(main())
