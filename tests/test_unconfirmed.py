"""At most so many lanes have a send out at Telegram that is not yet noted as made."""

import asyncio

from relay.unconfirmed import UnconfirmedSends


async def test_a_lane_holds_one_slot_however_many_calls_its_send_needs() -> None:
    slots = UnconfirmedSends(limit=1)
    order: list[str] = []

    async def lane(name: str, calls: int) -> None:
        for _ in range(calls):  # e.g. a new topic, its card, then the copy
            await slots.hold()
            order.append(name)
            await asyncio.sleep(0)
        slots.release()

    await asyncio.wait_for(asyncio.gather(lane("a", 3), lane("b", 2)), timeout=2)
    assert order == ["a", "a", "a", "b", "b"]


async def test_releasing_without_a_slot_changes_nothing() -> None:
    slots = UnconfirmedSends(limit=1)
    slots.release()
    await asyncio.wait_for(slots.hold(), timeout=1)
    held_elsewhere = asyncio.ensure_future(slots.hold())
    await asyncio.sleep(0.01)
    assert not held_elsewhere.done()
    slots.release()
    held_elsewhere.cancel()
