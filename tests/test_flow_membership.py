"""Where the bot is and who it talks to: strangers' groups, blocked bots, plain staff groups."""

from __future__ import annotations

import pytest

from tests.conftest import Desk, card_and_words


async def test_bot_leaves_a_group_that_is_not_the_staff_chat(desk: Desk) -> None:
    stranger = desk.customer("Stranger")
    group = desk.telegram.bot_added_to_group(stranger, -100777, title="Random group")
    await desk.settle()
    assert group in desk.telegram.left_chats
    assert desk.telegram.bot_messages(group) == []


async def test_messages_from_an_unknown_group_are_not_relayed(desk: Desk) -> None:
    stranger = desk.customer("Stranger")
    group = desk.telegram.add_group("Elsewhere", is_forum=False, members=[stranger])
    desk.telegram.group_message(stranger, group, "hello bot, relay this")
    await desk.settle()
    assert group in desk.telegram.left_chats
    assert desk.telegram.calls_to("copyMessage") == []
    assert desk.telegram.topics(desk.staff_chat) == []


async def test_customer_blocking_the_bot_is_told_in_the_topic(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    anna = desk.customer("Anna")
    desk.telegram.private_message(anna, "Where is my order?")
    await desk.settle()
    desk.telegram.user_blocks_bot(anna)
    await desk.settle()
    assert "Anna blocked the bot" in desk.in_topic(anna)[-1]["text"]
    desk.telegram.group_message(maria, desk.staff_chat, "Hello?", thread_id=desk.topic_of(anna))
    await desk.settle()
    # The reply was tried, refused by Telegram, and the topic says so again, right after it.
    notices = [m for m in desk.in_topic(anna) if "Anna blocked the bot" in desk.text_of(m)]
    assert len(notices) == 2 and notices[1] == desk.in_topic(anna)[-1]
    assert int(desk.telegram.calls_to("copyMessage")[-1].params["chat_id"]) == anna["id"]
    assert all(desk.text_of(m) != "Hello?" for m in desk.to_customer(anna))


async def test_staff_chat_without_topics_still_works_by_replying(plain_desk: Desk) -> None:
    desk = plain_desk
    maria = desk.staff_member("Maria")
    anna = desk.customer("Anna")
    desk.telegram.private_message(anna, "My order #55 is missing a roll")
    await desk.settle()
    assert desk.telegram.calls_to("createForumTopic") == []
    card, copy = card_and_words(desk.telegram.bot_messages(desk.staff_chat)[-1])
    assert "Anna" in card["text"] and "Assigned to: Maria" in card["text"]
    assert copy["text"] == "My order #55 is missing a roll"
    desk.telegram.group_message(
        maria, desk.staff_chat, "Sorry! We'll bring it.", reply_to=copy["message_id"]
    )
    await desk.settle()
    assert desk.to_customer(anna)[-1]["text"] == "Sorry! We'll bring it."
    desk.telegram.group_message(maria, desk.staff_chat, "/close", reply_to=card["message_id"])
    await desk.settle()
    assert "resolved" in desk.to_customer(anna)[-1]["text"]


async def test_without_topics_interleaved_customers_are_introduced(plain_desk: Desk) -> None:
    desk = plain_desk
    maria = desk.staff_member("Maria")
    anna, ben = desk.customer("Anna"), desk.customer("Ben")
    desk.telegram.private_message(anna, "Anna's first question")
    desk.telegram.private_message(ben, "Ben's question")
    await desk.settle()
    desk.telegram.private_message(anna, "Anna again")
    await desk.settle()
    header, copy = desk.telegram.bot_messages(desk.staff_chat)[-2:]
    assert header["text"].startswith("💬 Anna") and copy["text"] == "Anna again"
    desk.telegram.group_message(maria, desk.staff_chat, "Hi Anna!", reply_to=header["message_id"])
    await desk.settle()
    assert desk.to_customer(anna)[-1]["text"] == "Hi Anna!"
    assert all(m["text"] != "Hi Anna!" for m in desk.to_customer(ben))


async def test_removed_from_staff_chat_owners_told_and_nothing_lost(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("relay.sender.STAFF_CHAT_RETRY_SECONDS", 0.2)
    desk.staff_member("Maria")
    desk.telegram.private_message(desk.owner, "/start")
    await desk.settle()
    desk.telegram.bot_removed_from_group(desk.owner, desk.staff_chat)
    await desk.telegram.wait_for(
        lambda: "removed from the staff group" in desk.to_customer(desk.owner)[-1]["text"]
    )
    anna = desk.customer("Anna")
    desk.telegram.private_message(anna, "Are you there?")
    await desk.telegram.wait_for(lambda: desk.to_customer(anna))
    assert "technical hiccup" in desk.to_customer(anna)[-1]["text"]
    desk.telegram.bot_readded_to_group(desk.owner, desk.staff_chat)
    await desk.telegram.wait_for(lambda: desk.telegram.topics(desk.staff_chat), timeout=10)
    await desk.settle()
    assert desk.in_topic(anna)[-1]["text"] == "Are you there?"
    assert "I'm back" in desk.to_customer(desk.owner)[-1]["text"]


async def test_staff_group_upgraded_to_a_supergroup_is_followed(plain_desk: Desk) -> None:
    desk = plain_desk
    maria = desk.staff_member("Maria")
    desk.telegram.private_message(desk.owner, "/start")
    await desk.settle()
    new_id = desk.telegram.add_group(
        "Team (upgraded)", chat_id=-1009999999999, is_forum=False, members=[desk.owner, maria]
    )
    anna = desk.customer("Anna")
    desk.telegram.private_message(anna, "Hello before the upgrade")
    await desk.settle()
    desk.telegram.fail_next(
        "copyMessage",
        error_code=400,
        description="Bad Request: group chat was upgraded to a supergroup chat",
        migrate_to_chat_id=new_id,
    )
    desk.telegram.private_message(anna, "Hello after the upgrade")
    await desk.settle()
    header, copy = desk.telegram.bot_messages(new_id)
    assert header["text"].startswith("💬 Anna") and copy["text"] == "Hello after the upgrade"
    assert f"FRONTDESK_STAFF_CHAT_ID={new_id}" in desk.to_customer(desk.owner)[-1]["text"]
    desk.telegram.group_message(maria, new_id, "Welcome!", reply_to=copy["message_id"])
    await desk.settle()
    assert desk.to_customer(anna)[-1]["text"] == "Welcome!"
    await desk.stop()
    # The owner has not updated the setting yet: the bot still starts with the old id.
    desk.settings = desk.settings.model_copy(update={"staff_chat_id": desk.staff_chat})
    await desk.start()
    desk.telegram.private_message(anna, "And after a restart")
    await desk.settle()
    assert desk.telegram.bot_messages(new_id)[-1]["text"] == "And after a restart"
