"""The stand-in's Telegram-like limits: what counts, and the 429 over them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import Bot
from telegram.error import RetryAfter

from relay.sender import retry_seconds
from standin import BotApiServer
from standin.limits import StandinLimits, messages_posted
from standin.records import ApiError


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


GROUP = "-1001234"


def test_what_counts() -> None:
    assert messages_posted("sendMessage", {}) == 1
    assert messages_posted("copyMessage", {}) == 1
    assert messages_posted("sendPhoto", {}) == 1
    assert messages_posted("createForumTopic", {}) == 1
    assert messages_posted("editForumTopic", {}) == 1
    assert messages_posted("closeForumTopic", {}) == 1
    assert messages_posted("reopenForumTopic", {}) == 1
    assert messages_posted("copyMessages", {"message_ids": [1, 2, 3]}) == 3
    assert messages_posted("sendMediaGroup", {"media": "[{}, {}]"}) == 2
    assert messages_posted("editMessageText", {}) == 0
    assert messages_posted("sendChatAction", {}) == 0
    assert messages_posted("getUpdates", {}) == 0


def test_a_group_takes_twenty_then_one_every_three_seconds() -> None:
    time = FakeTime()
    limits = StandinLimits(time)
    for _ in range(20):
        limits.check("sendMessage", {"chat_id": GROUP})
    with pytest.raises(ApiError) as refused:
        limits.check("createForumTopic", {"chat_id": GROUP})
    assert refused.value.code == 429
    assert refused.value.parameters == {"retry_after": 3}
    assert refused.value.description == "Too Many Requests: retry after 3"
    time.now += 3.0
    limits.check("sendMessage", {"chat_id": GROUP})
    assert limits.refused == 1


def test_an_album_counts_each_item_and_is_refused_whole() -> None:
    time = FakeTime()
    limits = StandinLimits(time)
    for _ in range(18):
        limits.check("copyMessage", {"chat_id": GROUP})
    with pytest.raises(ApiError) as refused:
        limits.check("copyMessages", {"chat_id": GROUP, "message_ids": [1, 2, 3]})
    assert refused.value.parameters == {"retry_after": 3}  # one more item: 3 s
    limits.check("copyMessages", {"chat_id": GROUP, "message_ids": [1, 2]})


def test_a_private_chat_about_one_a_second_after_a_short_burst() -> None:
    time = FakeTime()
    limits = StandinLimits(time)
    for _ in range(3):
        limits.check("sendMessage", {"chat_id": "42"})
    with pytest.raises(ApiError):
        limits.check("sendMessage", {"chat_id": "42"})
    limits.check("sendMessage", {"chat_id": "43"})  # another chat is not held up
    time.now += 1.0
    limits.check("sendMessage", {"chat_id": "42"})


def test_thirty_a_second_overall() -> None:
    time = FakeTime()
    limits = StandinLimits(time)
    for chat in range(1, 31):
        limits.check("sendMessage", {"chat_id": str(chat)})
    with pytest.raises(ApiError) as refused:
        limits.check("sendMessage", {"chat_id": "99"})
    assert refused.value.parameters == {"retry_after": 1}


def test_edits_are_not_counted() -> None:
    limits = StandinLimits(FakeTime())
    for _ in range(50):
        limits.check("editMessageText", {"chat_id": GROUP})


@pytest.fixture
async def server() -> AsyncIterator[BotApiServer]:
    async with BotApiServer(limits=True) as srv:
        yield srv


async def test_over_the_limit_telegram_says_retry_after_and_nothing_is_sent(
    server: BotApiServer,
) -> None:
    group = server.add_group("Staff")
    user: dict[str, Any] = server.add_user("Ann")
    server.private_message(user, "/start")
    async with Bot(server.token, base_url=server.base_url) as bot:
        for n in range(20):
            await bot.send_message(group, f"post {n}")
        with pytest.raises(RetryAfter) as refused:
            await bot.create_forum_topic(group, "One too many")
        assert retry_seconds(refused.value) == 3.0
        await bot.send_message(user["id"], "a private chat is not held up")
    assert len(server.messages(group)) == 20
    assert server.limits is not None and server.limits.refused == 1


async def test_limits_are_off_by_default() -> None:
    async with BotApiServer() as server:
        group = server.add_group("Staff")
        async with Bot(server.token, base_url=server.base_url) as bot:
            for n in range(25):
                await bot.send_message(group, f"post {n}")
        assert server.limits is None
