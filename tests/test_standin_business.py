"""Telegram Business in the stand-in, driven by the real python-telegram-bot client: a shop's
business account connects the bot, customers write to the account, and the bot answers on
the account's behalf in chats that are not the bot's own."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from contextlib import AbstractContextManager
from typing import Any

import pytest
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Message,
    Update,
)
from telegram.error import BadRequest, Forbidden, TelegramError

from standin import BotApiServer, persist

PEER_MISSING = "BUSINESS_PEER_USAGE_MISSING"
NOT_FOUND = "business connection not found"


def refused(detail: str, kind: type[TelegramError] = BadRequest) -> AbstractContextManager[Any]:
    """Expect PTB to raise kind with detail in its (re-capitalised) message."""
    return pytest.raises(kind, match=re.compile(re.escape(detail), re.IGNORECASE))


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
    async with Bot(
        server.token, base_url=server.base_url, base_file_url=server.base_file_url
    ) as client:
        yield client


@pytest.fixture
def owner(server: BotApiServer) -> dict[str, Any]:
    return server.add_user("Olga", "Baker", username="cornerbakery")


@pytest.fixture
def anna(server: BotApiServer) -> dict[str, Any]:
    return server.add_user("Anna", "Schmidt", username="anna_s")


@pytest.fixture
def shop(server: BotApiServer, owner: dict[str, Any]) -> str:
    return server.connect_business(owner)


async def drain(server: BotApiServer, bot: Bot) -> list[Update]:
    """Every pending update (each checked against the spec's Update), confirmed."""
    for item in server.updates.items:
        assert server.spec.check(item, "Update") is None, item
    updates = list(await bot.get_updates())
    if updates:
        await bot.get_updates(offset=updates[-1].update_id + 1)
    return updates


def business(updates: list[Update]) -> list[Message]:
    return [u.business_message for u in updates if u.business_message]


# -- connections ------------------------------------------------------------------------------


async def test_connect_change_rights_and_disconnect(
    server: BotApiServer, bot: Bot, owner: dict[str, Any]
) -> None:
    assert (await bot.get_me()).can_connect_to_business
    shop = server.connect_business(owner, can_delete_sent_messages=True)
    server.set_business_rights(shop, can_reply=False)
    server.disconnect_business(shop)
    again = server.connect_business(owner, can_read_messages=False)
    assert again == shop
    changes = [u.business_connection for u in await drain(server, bot)]
    assert all(c is not None and c.id == shop for c in changes) and len(changes) == 4
    first, no_reply, gone, back = changes
    assert first and no_reply and gone and back
    assert first.user.id == first.user_chat_id == owner["id"] and first.is_enabled
    assert first.user.username == "cornerbakery"
    assert first.rights and first.rights.can_reply and first.rights.can_read_messages
    assert first.rights.can_delete_sent_messages and not first.rights.can_delete_all_messages
    assert no_reply.rights and not no_reply.rights.can_reply
    assert no_reply.rights.can_read_messages and no_reply.is_enabled
    assert not gone.is_enabled
    assert back.is_enabled and back.rights and back.rights.can_reply
    assert not back.rights.can_read_messages
    fetched = await bot.get_business_connection(shop)
    assert fetched.id == shop and fetched.is_enabled
    with refused(NOT_FOUND):
        await bot.get_business_connection("no-such-connection")
    with pytest.raises(ValueError, match="unknown business bot rights"):
        server.connect_business(owner, can_fly=True)


async def test_a_disabled_connection_refuses_and_delivers_nothing(
    server: BotApiServer, bot: Bot, shop: str, anna: dict[str, Any]
) -> None:
    server.business_message(shop, anna, "Hi")
    server.disconnect_business(shop)
    await drain(server, bot)
    server.business_message(shop, anna, "Anyone there?")
    assert await drain(server, bot) == []
    assert not (await bot.get_business_connection(shop)).is_enabled
    with refused(NOT_FOUND):
        await bot.send_message(anna["id"], "Hello", business_connection_id=shop)
    with refused(NOT_FOUND):
        await bot.send_message(anna["id"], "Hello", business_connection_id="made-up")
    assert len(server.business_messages(shop, anna)) == 2


# -- customers and the owner write ------------------------------------------------------------


async def test_customer_and_owner_messages_as_ptb_parses_them(
    server: BotApiServer, bot: Bot, shop: str, owner: dict[str, Any], anna: dict[str, Any]
) -> None:
    await drain(server, bot)
    question = server.business_message(shop, anna, "Do you have rye bread?")
    server.business_message(shop, anna, caption="this one", photo=True)
    answer = server.account_message(shop, anna, "Yes, until 6", reply_to=question["message_id"])
    first, photo, reply = business(await drain(server, bot))
    assert first.business_connection_id == shop and first.text == "Do you have rye bread?"
    assert first.chat.id == anna["id"] and first.chat.type == "private"
    assert first.from_user and first.from_user.id == anna["id"]
    assert photo.photo and photo.caption == "this one"
    assert reply.from_user and reply.from_user.id == owner["id"]
    assert reply.sender_business_bot is None and reply.chat.id == anna["id"]
    assert reply.reply_to_message and reply.reply_to_message.text == "Do you have rye bread?"
    assert [m["message_id"] for m in server.business_messages(shop, anna)] == [
        question["message_id"], photo.message_id, answer["message_id"],
    ]  # fmt: skip
    # Not the bot's own chat with Anna: she never started the bot.
    assert server.messages(anna["id"]) == []
    assert anna["id"] not in server.chats


async def test_message_ids_run_across_the_accounts_chats(
    server: BotApiServer, shop: str, anna: dict[str, Any]
) -> None:
    ben = server.add_user("Ben")
    first = server.business_message(shop, anna, "one")
    second = server.business_message(shop, ben, "two")
    third = server.business_message(shop, anna, "three")
    assert first["message_id"] < second["message_id"] < third["message_id"]


async def test_edits_and_deletions(
    server: BotApiServer, bot: Bot, shop: str, owner: dict[str, Any], anna: dict[str, Any]
) -> None:
    question = server.business_message(shop, anna, "Two rolls")
    mine = server.account_message(shop, anna, "Noted")
    await drain(server, bot)
    server.edit_business_message(shop, anna, question["message_id"], text="Three rolls")
    server.delete_business_messages(shop, anna, [question["message_id"], mine["message_id"]])
    edit, deletion = await drain(server, bot)
    edited = edit.edited_business_message
    assert edited and edited.text == "Three rolls" and edited.edit_date
    assert edited.business_connection_id == shop
    gone = deletion.deleted_business_messages
    assert gone and gone.business_connection_id == shop and gone.chat.id == anna["id"]
    assert gone.message_ids == (question["message_id"], mine["message_id"])
    assert server.business_messages(shop, anna) == []


# -- the bot answers on the account's behalf --------------------------------------------------


async def test_every_kind_of_send_lands_in_the_business_chat_with_an_echo(
    server: BotApiServer, bot: Bot, shop: str, owner: dict[str, Any], anna: dict[str, Any]
) -> None:
    server.business_message(shop, anna, "Hello?")
    await drain(server, bot)
    to = anna["id"]
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Order", callback_data="order")]])
    kw: dict[str, Any] = {"business_connection_id": shop}
    sent = [
        await bot.send_message(to, "Hi Anna", reply_markup=keyboard, **kw),
        await bot.send_photo(to, b"\x89PNG photo", caption="today's bread", **kw),
        await bot.send_video(to, b"video bytes", **kw),
        await bot.send_document(to, b"menu", filename="menu.pdf", **kw),
        await bot.send_voice(to, b"voice bytes", **kw),
        await bot.send_audio(to, b"audio bytes", **kw),
        await bot.send_animation(to, b"gif bytes", **kw),
        await bot.send_sticker(to, b"sticker bytes", **kw),
        await bot.send_video_note(to, b"round video", **kw),
        await bot.send_location(to, 52.5, 13.4, **kw),
        await bot.send_venue(to, 52.5, 13.4, "Corner Bakery", "Main St 1", **kw),
        await bot.send_contact(to, "+49 30 1234567", "Olga", **kw),
        await bot.send_dice(to, **kw),
        *await bot.send_media_group(to, [InputMediaPhoto(b"a"), InputMediaPhoto(b"b")], **kw),
    ]
    assert await bot.send_chat_action(to, "typing", **kw)
    for message in sent:
        assert message.business_connection_id == shop and message.chat.id == to
        assert message.from_user and message.from_user.id == owner["id"]
        assert message.sender_business_bot and message.sender_business_bot.id == bot.id
    assert sent[0].reply_markup == keyboard
    assert sent[10].venue and sent[10].location and sent[11].contact
    assert sent[12].dice and 1 <= sent[12].dice.value <= 6
    assert sent[8].video_note and sent[13].media_group_id == sent[14].media_group_id
    stored = server.bot_business_messages(shop, anna)
    assert [m["message_id"] for m in stored] == [m.message_id for m in sent]
    assert all(m["from"]["id"] == owner["id"] for m in stored)
    echoes = business(await drain(server, bot))
    assert [e.message_id for e in echoes] == [m.message_id for m in sent]
    assert all(e.sender_business_bot and e.sender_business_bot.id == bot.id for e in echoes)
    assert server.messages(to) == [], "nothing in the bot's own chat with Anna"


async def test_the_bot_edits_its_business_messages(
    server: BotApiServer, bot: Bot, shop: str, anna: dict[str, Any]
) -> None:
    server.business_message(shop, anna, "Price?")
    sent = await bot.send_message(anna["id"], "3 EUR", business_connection_id=shop)
    photo = await bot.send_photo(anna["id"], b"img", caption="old", business_connection_id=shop)
    await drain(server, bot)
    edited = await bot.edit_message_text(
        "2.50 EUR", anna["id"], sent.message_id, business_connection_id=shop
    )
    assert isinstance(edited, Message) and edited.text == "2.50 EUR"
    await bot.edit_message_caption(
        anna["id"], photo.message_id, caption="new", business_connection_id=shop
    )
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Buy", callback_data="buy")]])
    await bot.edit_message_reply_markup(
        anna["id"], sent.message_id, reply_markup=keyboard, business_connection_id=shop
    )
    echoes = [u.edited_business_message for u in await drain(server, bot)]
    assert [e.message_id for e in echoes if e] == [sent.message_id, photo.message_id,
                                                   sent.message_id]  # fmt: skip
    assert server.bot_business_messages(shop, anna)[0]["text"] == "2.50 EUR"
    # Without the connection the call addresses the bot's own chat, which has no such message.
    server.private_message(anna, "/start")
    with refused("message to edit not found"):
        await bot.edit_message_text("x", anna["id"], sent.message_id)
    mine = server.business_messages(shop, anna)[0]["message_id"]
    with refused("message can't be edited"):
        await bot.edit_message_text("x", anna["id"], mine, business_connection_id=shop)


async def test_refusals_for_rights_and_the_24_hour_window(
    server: BotApiServer, bot: Bot, owner: dict[str, Any], anna: dict[str, Any]
) -> None:
    shop = server.connect_business(owner, can_reply=False)
    server.business_message(shop, anna, "Hi")
    with refused("BOT_ACCESS_FORBIDDEN", Forbidden):
        await bot.send_message(anna["id"], "Hello", business_connection_id=shop)
    server.set_business_rights(shop, can_reply=True)
    assert await bot.send_message(anna["id"], "Hello", business_connection_id=shop)
    stranger = server.add_user("Stranger")
    with refused(PEER_MISSING):
        await bot.send_message(stranger["id"], "Hello", business_connection_id=shop)
    server.account_message(shop, stranger, "Hello from the shop")
    with refused(PEER_MISSING):  # only the person writing opens the window
        await bot.send_message(stranger["id"], "Hello", business_connection_id=shop)
    server.age_business_chat(shop, anna, 25 * 3600)
    with refused(PEER_MISSING):
        await bot.send_message(anna["id"], "Still there?", business_connection_id=shop)
    with refused(PEER_MISSING):
        await bot.send_chat_action(anna["id"], "typing", business_connection_id=shop)
    server.business_message(shop, anna, "Back again")
    assert await bot.send_message(anna["id"], "Welcome back", business_connection_id=shop)


async def test_copy_and_forward_never_reach_business_chats(
    server: BotApiServer, bot: Bot, shop: str, anna: dict[str, Any]
) -> None:
    staff = server.add_group("Staff")
    question = server.business_message(shop, anna, "Is the cake ready?")
    mid = question["message_id"]
    # Into "Anna's chat": the bot's own chat with her, which she never started.
    with refused("chat not found"):
        await bot.copy_message(anna["id"], staff, 1)
    # Out of it: the bot's own chat with Anna holds no business message.
    with refused("message to copy not found"):
        await bot.copy_message(staff, anna["id"], mid)
    with refused("message to forward not found"):
        await bot.forward_message(staff, anna["id"], mid)
    assert await bot.copy_messages(staff, anna["id"], [mid]) == ()
    # Once she started the bot, a copy lands in the bot's chat, not the business chat.
    server.private_message(anna, "/start")
    note = await bot.send_message(staff, "Your cake is ready")
    await bot.copy_message(anna["id"], staff, note.message_id)
    assert server.bot_messages(anna["id"])[-1]["text"] == "Your cake is ready"
    assert server.bot_business_messages(shop, anna) == []
    with refused("message to copy not found"):
        await bot.copy_message(staff, anna["id"], mid)


# -- reading, deleting, buttons ---------------------------------------------------------------


async def test_read_business_message(
    server: BotApiServer, bot: Bot, owner: dict[str, Any], anna: dict[str, Any]
) -> None:
    shop = server.connect_business(owner, can_read_messages=False)
    question = server.business_message(shop, anna, "Open on Sunday?")
    mid = question["message_id"]
    with refused("BOT_ACCESS_FORBIDDEN", Forbidden):
        await bot.read_business_message(shop, anna["id"], mid)
    server.set_business_rights(shop, can_read_messages=True)
    with refused("message not found"):
        await bot.read_business_message(shop, anna["id"], mid + 100)
    assert await bot.read_business_message(shop, anna["id"], mid)
    assert server.read_business_messages(shop, anna) == {mid}
    server.age_business_chat(shop, anna, 25 * 3600)
    with refused(PEER_MISSING):
        await bot.read_business_message(shop, anna["id"], mid)
    with refused(NOT_FOUND):
        await bot.read_business_message("made-up", anna["id"], mid)


async def test_delete_business_messages_needs_its_rights(
    server: BotApiServer, bot: Bot, owner: dict[str, Any], anna: dict[str, Any]
) -> None:
    shop = server.connect_business(owner)
    theirs = server.business_message(shop, anna, "Oops, wrong chat")
    ours = await bot.send_message(anna["id"], "Hello", business_connection_id=shop)
    with refused("BOT_ACCESS_FORBIDDEN", Forbidden):
        await bot.delete_business_messages(shop, [ours.message_id])
    server.set_business_rights(shop, can_delete_sent_messages=True)
    with refused("BOT_ACCESS_FORBIDDEN", Forbidden):
        await bot.delete_business_messages(shop, [theirs["message_id"]])
    await drain(server, bot)
    assert await bot.delete_business_messages(shop, [ours.message_id])
    server.set_business_rights(shop, can_delete_all_messages=True)
    assert await bot.delete_business_messages(shop, [theirs["message_id"]])
    assert server.business_messages(shop, anna) == []
    deleted = [u.deleted_business_messages for u in await drain(server, bot)]
    assert [d.message_ids for d in deleted if d] == [(ours.message_id,), (theirs["message_id"],)]


async def test_a_button_press_in_a_business_chat(
    server: BotApiServer, bot: Bot, shop: str, anna: dict[str, Any]
) -> None:
    server.business_message(shop, anna, "Menu?")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Cakes", callback_data="cakes")]])
    sent = await bot.send_message(
        anna["id"], "Pick one", reply_markup=keyboard, business_connection_id=shop
    )
    await drain(server, bot)
    query_id = server.press_business_button(shop, anna, sent.message_id, "cakes")
    (update,) = await drain(server, bot)
    query = update.callback_query
    assert query and query.id == query_id and query.data == "cakes"
    assert query.from_user.id == anna["id"]
    assert isinstance(query.message, Message) and query.message.business_connection_id == shop
    assert query.message.message_id == sent.message_id and query.message.reply_markup == keyboard
    assert await bot.answer_callback_query(query_id, text="Good choice")
    with pytest.raises(ValueError, match="not sent by the bot"):
        server.press_business_button(shop, anna, sent.message_id - 1, "cakes")


async def test_allowed_updates_filter_business_updates(
    server: BotApiServer, bot: Bot, shop: str, anna: dict[str, Any]
) -> None:
    await bot.get_updates(allowed_updates=["message"])
    server.business_message(shop, anna, "Hi")
    server.private_message(anna, "/start")
    updates = await bot.get_updates(allowed_updates=["message"])
    assert [u.message.text for u in updates if u.message] == ["/start"]
    assert not business(list(updates))


async def test_listeners_hear_about_business_chats(
    server: BotApiServer, bot: Bot, shop: str, anna: dict[str, Any]
) -> None:
    heard: list[int] = []
    server.listeners.append(heard.append)
    server.business_message(shop, anna, "Hi")
    await bot.send_message(anna["id"], "Hello", business_connection_id=shop)
    assert heard == [anna["id"], anna["id"]]


# -- the new kinds in ordinary chats ----------------------------------------------------------


async def test_new_kinds_in_private_chats_and_topics(server: BotApiServer, bot: Bot) -> None:
    ann = server.add_user("Ann")
    server.private_message(ann, "/start")
    server.private_message(ann, audio=True)
    server.private_message(ann, animation=True)
    server.private_message(ann, video_note=True)
    server.private_message(ann, contact=True)
    server.private_message(ann, venue=True)
    staff = server.add_user("Sam")
    group = server.add_group("Staff", members=[staff])
    thread = server.add_topic(group, "Ann")
    server.group_message(staff, group, thread_id=thread, video_note=True)
    server.group_message(staff, group, thread_id=thread, audio=True, caption="song")
    messages = [u.message for u in await drain(server, bot) if u.message]
    audio, animation, note, contact, venue, staff_note, staff_audio = messages[1:]
    assert audio.audio and animation.animation and note.video_note and note.video_note.length
    assert contact.contact and contact.contact.phone_number == "+49 30 1234567"
    assert contact.contact.first_name == "Anna"
    assert venue.venue and venue.venue.title == "Corner Bakery" and venue.location
    assert venue.venue.address == "Main St 1"
    assert staff_note.video_note and staff_note.message_thread_id == thread
    assert staff_audio.audio and staff_audio.caption == "song"
    with pytest.raises(ValueError, match="one media kind"):
        server.private_message(ann, audio=True, contact=True)
    # The bot sends them into ordinary chats too.
    copied = await bot.copy_message(ann["id"], ann["id"], note.message_id)
    assert server.messages(ann["id"])[-1]["message_id"] == copied.message_id
    assert (await bot.send_video_note(ann["id"], note.video_note.file_id)).video_note
    assert (await bot.send_contact(ann["id"], "+1 555", "Bob", last_name="B")).contact
    dice = await bot.send_dice(group, emoji="🎰", message_thread_id=thread)
    assert dice.dice and 1 <= dice.dice.value <= 64 and dice.message_thread_id == thread
    with refused("DICE_EMOJI_INVALID"):
        await bot.send_dice(ann["id"], emoji="🍞")
    venue_sent = await bot.send_venue(ann["id"], 1.0, 2.0, "Shop", "Street 2")
    assert venue_sent.venue and venue_sent.venue.location.latitude == 1.0


async def test_business_chats_are_saved_and_restored(
    server: BotApiServer, shop: str, anna: dict[str, Any]
) -> None:
    question = server.business_message(shop, anna, "Saved?")
    data = json.loads(json.dumps(persist.dump(server)))
    async with BotApiServer() as again, Bot(again.token, base_url=again.base_url) as bot:
        persist.restore(again, data)
        assert again.business_messages(shop, anna) == server.business_messages(shop, anna)
        sent = await bot.send_message(anna["id"], "Yes", business_connection_id=shop)
        assert sent.message_id == question["message_id"] + 1
        assert again.connect_business(server.business[shop].user) == shop
