"""Nothing lost (issue 12): odd update ids, failing handlers, a busy database, messages
Telegram will not copy, and /forgetme in the middle of other customers' messages."""

from __future__ import annotations

import logging

import pytest

from tests.conftest import Desk

WEEK = 7 * 24 * 3600


def topic_texts(desk: Desk, user: dict[str, object]) -> list[str]:
    return [desk.text_of(message) for message in desk.in_topic(user)]


async def test_an_update_id_lower_than_the_last_after_a_quiet_week_is_handled(
    desk: Desk, caplog: pytest.LogCaptureFixture
) -> None:
    desk.staff_member("Maria")
    anna = desk.customer("Anna")
    desk.telegram.updates.restart_ids_at(700_000)
    desk.telegram.private_message(anna, "Before the quiet week")
    await desk.settle()
    desk.clock.advance(WEEK + 3600)
    desk.telegram.updates.restart_ids_at(4_321)
    with caplog.at_level(logging.WARNING, logger="bot.intake"):
        desk.telegram.private_message(anna, "After the quiet week")
        desk.telegram.private_message(anna, "And one more")
        await desk.telegram.wait_for(lambda: "And one more" in topic_texts(desk, anna))
    went_back = [r for r in caplog.records if "went back" in r.getMessage()]
    assert len(went_back) == 1
    await desk.restart()
    desk.telegram.private_message(anna, "After a restart too")
    await desk.telegram.wait_for(lambda: "After a restart too" in topic_texts(desk, anna))
    texts = topic_texts(desk, anna)
    assert texts[1:] == [
        "Before the quiet week",
        "After the quiet week",
        "And one more",
        "After a restart too",
    ]
