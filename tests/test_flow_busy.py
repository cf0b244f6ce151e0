"""The busy hour: many customers at once against Telegram's limit on one group."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

import relay.limits
import standin.limits
from tests.conftest import Desk

# Telegram allows 20 a minute into a group; the tests run that clock faster (the same on
# both sides), so that what counts is what is counted, not how long a minute is.
FAST_GROUP_PER_SECOND = 10.0


def too_many(desk: Desk) -> int:
    return sum(1 for call in desk.telegram.calls if (call.error or "").startswith("Too Many"))


@pytest.fixture
async def busy(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Desk]:
    """The desk with its rate limits on, against a stand-in that enforces Telegram's."""
    monkeypatch.setattr(relay.limits, "GROUP_PER_SECOND", FAST_GROUP_PER_SECOND)
    monkeypatch.setattr(standin.limits, "GROUP_PER_SECOND", FAST_GROUP_PER_SECOND)
    await desk.stop()
    desk.settings = desk.settings.model_copy(update={"rate_limits": True, "flood_limit": 0})
    desk.telegram.enforce_limits()
    await desk.start()
    yield desk


async def test_twenty_five_first_messages_earn_no_429(busy: Desk) -> None:
    people = [busy.customer(f"Customer{n:02d}") for n in range(25)]
    for n, person in enumerate(people):
        if n % 5 == 0:  # some start with an album: each photo counts
            for part in range(3):
                busy.telegram.private_message(
                    person, photo=True, caption=f"photo {part}", media_group_id=f"a{n}"
                )
        else:
            busy.telegram.private_message(person, f"Hello from {n}")
    await busy.settle(timeout=30)
    assert too_many(busy) == 0
    for n, person in enumerate(people):
        shown = [busy.text_of(m) for m in busy.in_topic(person)]
        expected = ["photo 0", "photo 1", "photo 2"] if n % 5 == 0 else [f"Hello from {n}"]
        assert all(any(text in s for s in shown) for text in expected), (n, shown)


async def test_a_429_holds_every_send_into_the_group(busy: Desk) -> None:
    anna, bert = busy.customer("Anna"), busy.customer("Bert")
    busy.telegram.private_message(anna, "Hello")
    await busy.settle()
    busy.telegram.fail_next("copyMessage", retry_after=1)
    busy.telegram.private_message(anna, "Anna again")
    busy.telegram.private_message(bert, "Bert here")
    await busy.settle(timeout=15)
    calls = busy.telegram.calls
    refused = next(c for c in calls if (c.error or "").startswith("Too Many"))
    later = [
        c
        for c in calls
        if c.at > refused.at and c.ok and str(c.params.get("chat_id")) == str(busy.staff_chat)
    ]
    assert later and min(c.at for c in later) >= refused.at + 0.9
