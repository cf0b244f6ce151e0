"""The stand-in tells a bot's rights and refuses a user who never started the bot as
Telegram does (what `frontdesk setup` and `frontdesk check` rely on)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot, ChatMemberAdministrator, ChatMemberMember
from telegram.error import BadRequest, Forbidden

from standin import BotApiServer


@pytest.fixture
async def server() -> AsyncIterator[BotApiServer]:
    async with BotApiServer() as srv:
        yield srv
    for call in srv.calls:
        method = srv.spec.method(call.method)
        if call.ok and method is not None:
            assert srv.spec.check_result(method, call.result) is None, call


@pytest.fixture
async def bot(server: BotApiServer) -> AsyncIterator[Bot]:
    async with Bot(server.token, base_url=server.base_url) as client:
        yield client


async def test_the_bot_added_as_a_member_then_promoted_with_some_rights(
    server: BotApiServer, bot: Bot
) -> None:
    olga = server.add_user("Olga")
    group = server.add_group("Team", members=[olga])
    server.bot_added_to_group(olga, group)
    member = await bot.get_chat_member(group, bot.id)
    assert isinstance(member, ChatMemberMember)
    server.promote_bot(olga, group, can_manage_topics=False)
    admin = await bot.get_chat_member(group, bot.id)
    assert isinstance(admin, ChatMemberAdministrator)
    assert admin.can_delete_messages and not admin.can_manage_topics
    with pytest.raises(BadRequest, match="Not enough rights"):
        await bot.create_forum_topic(group, "Anna")
    updates = await bot.get_updates()
    changes = [u.my_chat_member for u in updates if u.my_chat_member]
    assert [c.new_chat_member.status for c in changes] == ["member", "administrator"]
    server.promote_bot(olga, group)
    assert (await bot.get_chat_member(group, bot.id)).can_manage_topics  # type: ignore[attr-defined]


async def test_a_basic_group_has_no_topics_right(server: BotApiServer, bot: Bot) -> None:
    group = server.add_group("Old team", basic=True)
    chat = await bot.get_chat(group)
    assert chat.type == "group" and not chat.is_forum
    admin = await bot.get_chat_member(group, bot.id)
    assert isinstance(admin, ChatMemberAdministrator) and admin.can_manage_topics is None


async def test_a_user_met_in_a_group_who_never_started_the_bot(
    server: BotApiServer, bot: Bot
) -> None:
    olga = server.add_user("Olga")
    server.add_group("Team", members=[olga])
    with pytest.raises(Forbidden, match="bot can't initiate conversation with a user"):
        await bot.send_chat_action(olga["id"], "typing")
    stranger = server.add_user("Stranger")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_chat_action(stranger["id"], "typing")
    server.private_message(olga, "/start")
    assert await bot.send_chat_action(olga["id"], "typing")
