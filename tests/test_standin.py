"""Tests of the Bot API stand-in itself, driven by the real python-telegram-bot client."""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import re
from collections.abc import AsyncIterator
from contextlib import AbstractContextManager
from typing import Any

import aiohttp
import pytest
from hypothesis import given
from hypothesis import strategies as st
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Message,
    ReplyParameters,
    Update,
)
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters
from telegram.warnings import PTBUserWarning

from standin import BotApiServer, Spec
from standin.formatting import parse_html, parse_markdown_v2


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
def ann(server: BotApiServer) -> dict[str, Any]:
    user = server.add_user("Ann", "Lee", username="ann_lee")
    server.private_message(user, "/start")
    return user


# -- the spec ---------------------------------------------------------------------------------


async def test_get_me(server: BotApiServer, bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456, "frontdesk_test_bot", True)


async def test_missing_required_field_is_refused(server: BotApiServer, bot: Bot) -> None:
    with (
        pytest.warns(PTBUserWarning, match="do_api_request"),
        refused("text is empty"),
    ):
        await bot.do_api_request("sendMessage", api_kwargs={"chat_id": 1})
    assert server.calls[-1].error == "Bad Request: text is empty"


async def test_invented_method_is_not_found(server: BotApiServer, bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": 1})
    assert (server.calls[-1].method, server.calls[-1].error) == ("sendTelepathy", "Not Found")


async def test_unknown_field_and_bad_types_are_refused(bot: Bot, ann: dict[str, Any]) -> None:
    with refused("unknown field colour"):
        await bot.do_api_request("SENDMESSAGE", api_kwargs={"chat_id": 1, "colour": "red"})
    with refused('"disable_notification" must be of type Boolean'):
        await bot.send_message(ann["id"], "hi", api_kwargs={"disable_notification": "maybe"})
    with refused("can't parse reply_markup"):
        await bot.send_message(ann["id"], "hi", api_kwargs={"reply_markup": '{"keyboard": 1}'})


async def test_method_names_are_case_insensitive(server: BotApiServer) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{server.base_url}{server.token}/GETME") as response,
    ):
        body = await response.json()
    assert body["ok"] and body["result"]["username"] == "frontdesk_test_bot"
    assert server.calls[-1].method == "getMe"


async def test_wrong_token_is_unauthorized(server: BotApiServer) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("654321:wrong", base_url=server.base_url):
            pass
    assert server.calls[-1].error == "Unauthorized"


# -- updates ----------------------------------------------------------------------------------


async def test_get_updates_offset_semantics(server: BotApiServer, bot: Bot) -> None:
    user = server.add_user("Bo")
    for text in ("one", "two", "three", "four"):
        server.private_message(user, text)
    first = await bot.get_updates()
    assert [u.message.text for u in first if u.message] == ["one", "two", "three", "four"]
    assert len(await bot.get_updates()) == 4, "nothing is confirmed without an offset"
    rest = await bot.get_updates(offset=first[2].update_id)
    assert [u.update_id for u in rest] == [first[2].update_id, first[3].update_id]
    assert server.pending_updates == 2
    last = await bot.get_updates(offset=-1)
    assert [u.update_id for u in last] == [first[3].update_id]
    assert server.pending_updates == 1
    assert await bot.get_updates(offset=first[3].update_id + 1) == ()
    assert server.pending_updates == 0
    server.private_message(user, "five")
    assert len(await bot.get_updates(limit=1)) == 1


async def test_long_poll_wakes_on_injected_update(server: BotApiServer, bot: Bot) -> None:
    user = server.add_user("Cy")
    poll = asyncio.create_task(bot.get_updates(timeout=20))
    await asyncio.sleep(0.2)
    assert not poll.done()
    started = asyncio.get_running_loop().time()
    server.private_message(user, "wake up")
    updates = await asyncio.wait_for(poll, 2)
    assert asyncio.get_running_loop().time() - started < 1
    assert updates[0].message is not None and updates[0].message.text == "wake up"


async def test_long_poll_times_out_empty(bot: Bot) -> None:
    assert await bot.get_updates(timeout=1) == ()


async def test_second_poller_terminates_the_first(server: BotApiServer, bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=20))
    await asyncio.sleep(0.2)
    async with Bot(server.token, base_url=server.base_url) as second_instance:
        assert await second_instance.get_updates(timeout=0) == ()
    with refused("terminated by other getUpdates", Conflict):
        await first


async def test_allowed_updates_are_honoured(server: BotApiServer, bot: Bot) -> None:
    user = server.add_user("Di")
    server.private_message(user, "hello")
    server.user_blocks_bot(user)
    updates = await bot.get_updates(allowed_updates=["my_chat_member"])
    assert [u.my_chat_member is not None for u in updates] == [True]
    assert updates[0].my_chat_member and updates[0].my_chat_member.new_chat_member.status == (
        "kicked"
    )


# -- sending ----------------------------------------------------------------------------------


async def test_send_message_html(server: BotApiServer, bot: Bot, ann: dict[str, Any]) -> None:
    raw = '<b>Hi</b> Ann &amp; co, <a href="https://example.com/?a=1&b=2">see</a> 😀<i>x</i>'
    sent = await bot.send_message(ann["id"], raw, parse_mode="HTML")
    assert sent.text == "Hi Ann & co, see 😀x"
    stored = server.bot_messages(ann["id"])[-1]
    assert stored["_html"] == raw and stored["text"] == sent.text
    assert [(e["type"], e["offset"], e["length"]) for e in stored["entities"]] == [
        ("bold", 0, 2),
        ("text_link", 13, 3),
        ("italic", 19, 1),
    ]


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("<b>bold", "Can't find end tag"),
        ("1 < 2", "Unsupported start tag"),
        ("x</b>", "Unexpected end tag"),
        ("<blink>x</blink>", 'Unsupported start tag "blink"'),
        ("<b>x</i>", "Unmatched end tag"),
        ("Tom & Jerry", "Unsupported HTML entity"),
        ('<span class="red">x</span>', 'Tag "span" must have class "tg-spoiler"'),
    ],
)
async def test_bad_html_is_refused(
    server: BotApiServer, bot: Bot, ann: dict[str, Any], text: str, detail: str
) -> None:
    with refused("can't parse entities"):
        await bot.send_message(ann["id"], text, parse_mode="HTML")
    assert detail in (server.calls[-1].error or "")
    assert server.bot_messages(ann["id"]) == []


async def test_markdown_v2_reserved_characters(bot: Bot, ann: dict[str, Any]) -> None:
    with refused("character '.' is reserved"):
        await bot.send_message(ann["id"], "*Done.*", parse_mode="MarkdownV2")
    sent = await bot.send_message(
        ann["id"], r"*Done\.* [x](https://a\.b)", parse_mode="MarkdownV2"
    )
    assert sent.text == "Done. x"
    assert [e.type for e in sent.entities] == ["bold", "text_link"]


async def test_unknown_and_unreachable_chats(server: BotApiServer, bot: Bot) -> None:
    stranger = server.add_user("Never", "Started")
    with refused("chat not found"):
        await bot.send_message(stranger["id"], "hi")
    with refused("chat not found"):
        await bot.send_message(-100123, "hi")
    server.private_message(stranger, "/start")
    server.user_blocks_bot(stranger)
    with refused("bot was blocked by the user", Forbidden):
        await bot.send_message(stranger["id"], "hi")
    server.user_unblocks_bot(stranger)
    await bot.send_message(stranger["id"], "welcome back")


async def test_reply_parameters(server: BotApiServer, bot: Bot, ann: dict[str, Any]) -> None:
    question = server.private_message(ann, "where is my order?")
    answer = await bot.send_message(
        ann["id"], "on its way", reply_parameters=ReplyParameters(question["message_id"])
    )
    assert answer.reply_to_message and answer.reply_to_message.text == "where is my order?"
    with refused("message to be replied not found"):
        await bot.send_message(ann["id"], "?", reply_parameters=ReplyParameters(999))


async def test_copy_message_keeps_kind_and_overrides_caption(
    server: BotApiServer, bot: Bot, ann: dict[str, Any]
) -> None:
    group = server.add_group("Staff")
    photo = server.private_message(ann, photo=True, caption="my receipt")
    copied = await bot.copy_message(group, ann["id"], photo["message_id"], caption="<b>Ann</b>",
                                    parse_mode="HTML")  # fmt: skip
    stored = server.messages(group)[-1]
    assert stored["message_id"] == copied.message_id
    assert stored["photo"] == photo["photo"] and stored["caption"] == "Ann"
    assert stored["caption_entities"] == [{"type": "bold", "offset": 0, "length": 3}]
    assert "forward_origin" not in stored
    with refused("message to copy not found"):
        await bot.copy_message(group, ann["id"], 999)


async def test_copy_messages_and_service_messages(
    server: BotApiServer, bot: Bot, ann: dict[str, Any]
) -> None:
    group = server.add_group("Staff")
    thread = (await bot.create_forum_topic(group, "Ann")).message_thread_id
    with refused("message can't be copied"):
        await bot.copy_message(ann["id"], group, thread)
    first = server.private_message(ann, photo=True, media_group_id="album1")
    second = server.private_message(ann, photo=True, media_group_id="album1")
    ids = await bot.copy_messages(group, ann["id"], [first["message_id"], second["message_id"]],
                                  message_thread_id=thread)  # fmt: skip
    copies = server.messages(group, thread)[-2:]
    assert [c["message_id"] for c in copies] == [i.message_id for i in ids]
    assert copies[0]["media_group_id"] == copies[1]["media_group_id"] != "album1"
    with refused("strictly increasing"):
        await bot.copy_messages(group, ann["id"], [second["message_id"], first["message_id"]])


async def test_forward_message(server: BotApiServer, bot: Bot, ann: dict[str, Any]) -> None:
    note = server.private_message(ann, "forward me")
    sent = await bot.forward_message(ann["id"], ann["id"], note["message_id"])
    assert sent.text == "forward me"
    assert sent.forward_origin and sent.forward_origin.type == "user"


async def test_photo_upload_media_group_and_download(
    server: BotApiServer, bot: Bot, ann: dict[str, Any]
) -> None:
    sent = await bot.send_photo(ann["id"], b"\x89PNG fake bytes", caption="receipt")
    assert sent.photo and sent.caption == "receipt"
    with refused("caption is too long"):
        await bot.send_photo(ann["id"], sent.photo[-1].file_id, caption="x" * 1025)
    with refused("wrong file identifier"):
        await bot.send_document(ann["id"], "no-such-file-id")
    album = await bot.send_media_group(
        ann["id"], [InputMediaPhoto(b"one"), InputMediaPhoto(b"two", caption="2")]
    )
    assert len({m.media_group_id for m in album}) == 1 and album[1].caption == "2"
    user_doc = server.private_message(ann, document=True)
    file = await bot.get_file(user_doc["document"]["file_id"])
    data = await file.download_as_bytearray()
    stored = server.files.get(user_doc["document"]["file_id"])
    assert bytes(data) == stored.data
    assert bytes(await (await bot.get_file(sent.photo[0].file_id)).download_as_bytearray()) == (
        b"\x89PNG fake bytes"
    )


# -- editing, buttons -------------------------------------------------------------------------


async def test_buttons_and_callback_answers(
    server: BotApiServer, bot: Bot, ann: dict[str, Any]
) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="yes")]])
    sent = await bot.send_message(ann["id"], "Close the case?", reply_markup=keyboard)
    query_id = server.press_button(ann, ann["id"], sent.message_id, "yes")
    updates = await bot.get_updates(offset=-1)
    query = updates[0].callback_query
    assert query and query.data == "yes" and query.id == query_id
    assert isinstance(query.message, Message) and query.message.reply_markup == keyboard
    assert await bot.answer_callback_query(query_id, text="Closed")
    with refused("query is too old"):
        await bot.answer_callback_query(query_id)
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="x" * 65)]])
    with refused("BUTTON_DATA_INVALID"):
        await bot.send_message(ann["id"], "x", reply_markup=too_long)
    forged = server.press_button(ann, ann["id"], sent.message_id, "not-a-button")
    forged_query = (await bot.get_updates(offset=-1))[0].callback_query
    assert forged_query and forged_query.data == "not-a-button"
    assert await bot.answer_callback_query(forged)
    with pytest.raises(ValueError, match="no bot message"):
        server.press_button(ann, ann["id"], 999, "yes")


async def test_edit_message_text(server: BotApiServer, bot: Bot, ann: dict[str, Any]) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="yes")]])
    sent = await bot.send_message(ann["id"], "Open", reply_markup=keyboard)
    edited = await bot.edit_message_text("Closed", ann["id"], sent.message_id)
    assert isinstance(edited, object) and server.bot_messages(ann["id"])[-1]["text"] == "Closed"
    assert "reply_markup" not in server.bot_messages(ann["id"])[-1], "edit drops the keyboard"
    with refused("message is not modified"):
        await bot.edit_message_text("Closed", ann["id"], sent.message_id)
    theirs = server.private_message(ann, "mine")
    with refused("message can't be edited"):
        await bot.edit_message_text("hacked", ann["id"], theirs["message_id"])
    assert await bot.delete_message(ann["id"], sent.message_id)
    with refused("message to delete not found"):
        await bot.delete_message(ann["id"], sent.message_id)


async def test_user_edits_message(server: BotApiServer, bot: Bot, ann: dict[str, Any]) -> None:
    original = server.private_message(ann, "my order is 41")
    server.edit_message(ann["id"], original["message_id"], text="my order is 42")
    update = (await bot.get_updates())[-1]
    assert update.edited_message and update.edited_message.text == "my order is 42"
    assert update.edited_message.edit_date is not None and update.message is None
    assert server.messages(ann["id"])[-1]["text"] == "my order is 42"


# -- groups and forum topics ------------------------------------------------------------------


async def test_forum_topics(server: BotApiServer, bot: Bot) -> None:
    group = server.add_group("Staff")
    topic = await bot.create_forum_topic(group, "Ann Lee")
    thread = topic.message_thread_id
    created = server.messages(group, thread)[0]
    assert created["message_id"] == thread
    assert created["forum_topic_created"]["name"] == "Ann Lee"
    sent = await bot.send_message(group, "hello", message_thread_id=thread)
    assert sent.is_topic_message and sent.message_thread_id == thread
    assert sent.reply_to_message and sent.reply_to_message.forum_topic_created
    assert [m.get("text") for m in server.bot_messages(group, thread)] == ["hello"]
    server.close_topic(group, thread)
    with refused("TOPIC_CLOSED"):
        await bot.send_message(group, "hello?", message_thread_id=thread)
    await bot.reopen_forum_topic(group, thread)
    await bot.send_message(group, "back", message_thread_id=thread)
    server.delete_topic(group, thread)
    with refused("message thread not found"):
        await bot.send_message(group, "anyone?", message_thread_id=thread)
    assert server.topics(group)[0].deleted and server.messages(group, thread) == []
    with refused("TOPIC_NAME_INVALID"):
        await bot.create_forum_topic(group, "x" * 129)
    plain = server.add_group("Plain", is_forum=False)
    with refused("the chat is not a forum"):
        await bot.create_forum_topic(plain, "Ann")
    await bot.send_message(plain, "thread id is ignored here", message_thread_id=12345)


async def test_group_message_in_topic_replies_to_topic_creation(
    server: BotApiServer, bot: Bot
) -> None:
    staff = server.add_user("Sam", username="sam_staff")
    group = server.add_group("Staff", members=[staff])
    thread = (await bot.create_forum_topic(group, "Ann")).message_thread_id
    message = server.group_message(staff, group, "/close now", thread_id=thread)
    assert message["is_topic_message"] and message["message_thread_id"] == thread
    assert message["reply_to_message"]["forum_topic_created"]["name"] == "Ann"
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    update = (await bot.get_updates())[-1]
    assert update.message and update.message.reply_to_message
    assert update.message.reply_to_message.message_id == thread
    reply = server.group_message(staff, group, "ok", reply_to=message["message_id"])
    assert reply["message_thread_id"] == thread, "a reply lands in the topic of its target"


async def test_members_groups_and_leaving(server: BotApiServer, bot: Bot) -> None:
    staff = server.add_user("Sam")
    group = server.add_group("Staff", members=[staff])
    assert (await bot.get_chat_member(group, staff["id"])).status == "member"
    assert (await bot.get_chat_member(group, bot.id)).status == "administrator"
    with refused("user not found"):
        await bot.get_chat_member(group, 424242)
    strangers = server.bot_added_to_group(staff)
    update = (await bot.get_updates())[-1]
    assert update.my_chat_member and update.my_chat_member.chat.id == strangers
    assert await bot.leave_chat(strangers)
    assert strangers in server.left_chats
    with pytest.raises(Forbidden):
        await bot.send_message(strangers, "still here?")


async def test_commands_and_chat_action(
    server: BotApiServer, bot: Bot, ann: dict[str, Any]
) -> None:
    assert await bot.set_my_commands([("start", "Start"), ("help", "Get help")])
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    with refused("BOT_COMMAND_INVALID"):
        await bot.set_my_commands([("Start!", "bad")])
    assert await bot.send_chat_action(ann["id"], "typing")
    assert await bot.pin_chat_message(ann["id"], 1), "other spec methods just succeed"


# -- faults -----------------------------------------------------------------------------------


async def test_fail_next(
    server: BotApiServer, bot: Bot, ann: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # else PTB warns when building RetryAfter
    server.fail_next("sendMessage", retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(ann["id"], "hi")
    assert caught.value.retry_after == dt.timedelta(seconds=7)
    assert server.calls[-1].error == "Too Many Requests: retry after 7"
    server.fail_next("sendmessage", times=2)
    for _ in range(2):
        with refused("Internal Server Error", NetworkError):
            await bot.send_message(ann["id"], "hi")
    await bot.send_message(ann["id"], "finally")
    assert [c.ok for c in server.calls_to("sendMessage")] == [False, False, False, True]
    assert [m["text"] for m in server.bot_messages(ann["id"])] == ["finally"]
    with pytest.raises(ValueError, match="not a Bot API method"):
        server.fail_next("sendTelepathy")


async def test_delay_next_times_out_the_client(
    server: BotApiServer, bot: Bot, ann: dict[str, Any]
) -> None:
    server.delay_next("sendMessage", 1.0)
    with pytest.raises(TimedOut):
        await bot.send_message(ann["id"], "slow", read_timeout=0.2)
    assert [m["text"] for m in server.bot_messages(ann["id"])] == ["slow"]


async def test_wait_for_reports_recent_calls(server: BotApiServer, bot: Bot) -> None:
    await bot.get_me()
    with pytest.raises(AssertionError, match="getMe"):
        await server.wait_for(lambda: server.calls_to("sendMessage"), timeout=0.1)


# -- the real Application ---------------------------------------------------------------------


async def test_application_polls_and_replies(server: BotApiServer) -> None:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message and update.message.text
        await update.message.reply_html(f"<i>{html.escape(update.message.text)}</i>")

    app = (
        ApplicationBuilder()
        .token(server.token)
        .base_url(server.base_url)
        .base_file_url(server.base_file_url)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    user = server.add_user("Eve")
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=10)
        server.private_message(user, "a < b & c")
        replies = await server.wait_for(lambda: server.bot_messages(user["id"]))
        await app.updater.stop()
        await app.stop()
    assert replies[0]["text"] == "a < b & c"
    assert server.pending_updates == 0


# -- formatting properties --------------------------------------------------------------------


@given(st.text())
def test_escaped_html_round_trips(text: str) -> None:
    assert parse_html(html.escape(text)) == (text, [])


@given(st.text())
def test_escaped_markdown_v2_round_trips(text: str) -> None:
    escaped = "".join("\\" + c if c in "_*[]()~`>#+-=|{}.!\\" else c for c in text)
    assert parse_markdown_v2(escaped) == (text, [])


def test_spec_is_vendored() -> None:
    spec = Spec.load()
    assert spec.method("SendMessage") is spec.method("sendMessage") is not None
    assert spec.method("sendTelepathy") is None
