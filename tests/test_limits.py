"""Telegram's limits: bursts pass, a backlog drains at the allowed pace."""

import asyncio

from relay.limits import SendLimits, TokenBucket


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


async def test_bucket_allows_a_burst_then_the_rate() -> None:
    time = FakeTime()
    bucket = TokenBucket(rate=2.0, capacity=3.0, clock=time, sleep=time.sleep)
    for _ in range(3):
        await bucket.take()
    assert time.now == 0.0
    await bucket.take()
    assert time.now == 0.5
    await bucket.take()
    assert time.now == 1.0


async def test_a_group_takes_twenty_a_minute() -> None:
    time = FakeTime()
    limits = SendLimits(clock=time, sleep=time.sleep)
    for _ in range(19):  # Telegram's burst of 20, less one of headroom
        await limits.wait_turn(-100123)
    assert time.now < 1.0
    for _ in range(20):
        await limits.wait_turn(-100123)
    assert 59.0 <= time.now <= 61.0


async def test_private_chats_one_a_second_after_a_short_burst() -> None:
    time = FakeTime()
    limits = SendLimits(clock=time, sleep=time.sleep)
    for _ in range(12):  # a burst of 3, less one of headroom
        await limits.wait_turn(42)
    assert 9.9 <= time.now <= 10.1


async def test_different_chats_do_not_wait_for_each_other() -> None:
    time = FakeTime()
    limits = SendLimits(clock=time, sleep=time.sleep)
    for chat in range(1, 21):
        await limits.wait_turn(chat)
    assert time.now == 0.0


async def test_overall_thirty_a_second() -> None:
    time = FakeTime()
    limits = SendLimits(clock=time, sleep=time.sleep)
    for chat in range(1, 91):
        await limits.wait_turn(chat)
    assert 1.9 <= time.now <= 2.1


async def test_limits_can_be_turned_off_for_benchmarks() -> None:
    time = FakeTime()
    limits = SendLimits(enabled=False, clock=time, sleep=time.sleep)
    for _ in range(100):
        await limits.wait_turn(-100123)
    assert time.now == 0.0


async def test_waiting_for_a_turn_does_not_use_it() -> None:
    time = FakeTime()
    limits = SendLimits(clock=time, sleep=time.sleep)
    for _ in range(19):
        await limits.wait_turn(-100123)
    assert limits.is_busy(-100123)
    await limits.wait_ready(-100123)
    assert 2.9 <= time.now <= 3.1 and not limits.is_busy(-100123)
    await limits.wait_turn(-100123)
    assert time.now <= 3.1


async def test_an_album_takes_one_turn_per_item() -> None:
    time = FakeTime()
    limits = SendLimits(clock=time, sleep=time.sleep)
    for _ in range(16):
        await limits.wait_turn(-100123)
    await limits.wait_turn(-100123, count=3)
    assert time.now == 0.0
    await limits.wait_turn(-100123, count=3)
    assert 8.9 <= time.now <= 9.1


async def test_a_429_holds_the_whole_chat() -> None:
    time = FakeTime()
    limits = SendLimits(clock=time, sleep=time.sleep)
    limits.hold_off(-100123, 7.0)
    assert limits.is_busy(-100123)
    await limits.wait_turn(-100123)
    assert 6.9 <= time.now <= 7.1


class YieldingTime(FakeTime):
    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(0)  # the other sends owed meanwhile line up
        self.now += seconds


async def test_while_a_group_is_short_customers_go_first_taking_turns() -> None:
    time = YieldingTime()
    limits = SendLimits(clock=time, sleep=time.sleep)
    for _ in range(19):
        await limits.wait_turn(-100123)
    order: list[str] = []

    async def send(name: str, customer: int | None) -> None:
        await limits.wait_turn(-100123, 1, customer)
        order.append(name)

    plan = [("bot 1", None), ("bot 2", None), ("ann 1", 1), ("ann 2", 1), ("ann 3", 1)]
    plan.append(("ben 1", 2))
    await asyncio.gather(*(send(name, customer) for name, customer in plan))
    assert order == ["ann 1", "ben 1", "ann 2", "ann 3", "bot 1", "bot 2"]


async def test_a_quiet_group_sends_at_once_whoever_it_is() -> None:
    time = YieldingTime()
    limits = SendLimits(clock=time, sleep=time.sleep)
    await limits.wait_turn(-100123)
    await limits.wait_turn(-100123, 1, 7)
    assert time.now == 0.0
