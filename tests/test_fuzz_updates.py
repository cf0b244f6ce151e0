"""10,000 random and mutated updates through the real Application: nothing escapes."""

from __future__ import annotations

import functools
import json
import logging
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import build_application
from bot.intake import UpdateIntake
from standin import BotApiServer
from storage import inbox
from storage.db import Database
from tests.conftest import FakeClock, make_settings

EXAMPLES = int(os.environ.get("FRONTDESK_FUZZ_EXAMPLES", "10000"))
STAFF_CHAT = -1001000000001
COMMANDS = ["/start", "/close", "/claim", "/note", "/assign", "/name", "/on", "/off", "/hours",
            "/closed", "/open", "/greeting", "/away", "/timezone", "/forgetme", "/stats",
            "/export", "/help"]  # fmt: skip
# A connection the desk hears of in the batch (or never: Telegram does not know it either).
CONNECTIONS = ["shop-account", "never-heard-of"]
HOSTILE = ["'; DROP TABLE messages; --", "\x00", "\u202e", "<b>", "&amp;", "{opens}", "{x}",
           "x" * 5000, "🎂" * 100, "mon-fri 25:00-26:00", "2026-02-30", "rate:1:5"]  # fmt: skip

texts = st.one_of(
    st.text(max_size=60),
    st.sampled_from(HOSTILE),
    st.tuples(st.sampled_from(COMMANDS), st.text(max_size=40)).map(" ".join),
)
users = st.builds(
    lambda uid, name, last: {
        "id": uid,
        "is_bot": False,
        "first_name": name or "X",
        **({"last_name": last} if last else {}),
    },
    st.sampled_from([1000, 1001, 1002, 1087968824, 5555, 777000]),
    st.text(min_size=0, max_size=70),
    st.one_of(st.none(), st.text(max_size=10)),
)
chats = st.one_of(
    users.map(lambda u: {"id": u["id"], "type": "private", "first_name": u["first_name"]}),
    st.just({"id": STAFF_CHAT, "type": "supergroup", "title": "Team", "is_forum": True}),
    st.just({"id": -100777, "type": "group", "title": "Strangers"}),
)


@st.composite
def messages(draw: st.DrawFn) -> dict[str, Any]:
    text = draw(texts)
    message: dict[str, Any] = {
        "message_id": draw(st.integers(1, 60)),
        "date": 1_795_426_200,
        "chat": draw(chats),
        "from": draw(users),
    }
    kind = draw(st.sampled_from(["text", "text", "photo", "sticker", "location", "caption"]))
    if kind == "text":
        message["text"] = text
        if text.startswith("/"):
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(text.split(" ")[0])}
            ]
    elif kind == "photo":
        message["photo"] = [{"file_id": "p", "file_unique_id": "u", "width": 1, "height": 1}]
        message["caption"] = text[:1024]
    elif kind == "sticker":
        message["sticker"] = {"file_id": "s", "file_unique_id": "s", "type": "regular",
                              "width": 1, "height": 1, "is_animated": False,
                              "is_video": False}  # fmt: skip
    elif kind == "location":
        message["location"] = {"latitude": draw(st.floats(-90, 90)), "longitude": 0.0}
    else:
        message["new_chat_members"] = [draw(users)]
    if draw(st.booleans()) and message["chat"]["id"] == STAFF_CHAT:
        message["message_thread_id"] = draw(st.integers(1, 10))
        message["is_topic_message"] = True
    if draw(st.booleans()):
        message["reply_to_message"] = {
            "message_id": draw(st.integers(1, 60)), "date": 1_795_426_100,
            "chat": message["chat"],
        }  # fmt: skip
    return message


@st.composite
def updates(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["message", "message", "edited_message", "callback_query",
                                 "my_chat_member", "garbage", "business_message",
                                 "edited_business_message", "business_connection",
                                 "deleted_business_messages"]))  # fmt: skip
    if kind in ("message", "edited_message", "business_message", "edited_business_message"):
        message = draw(messages())
        if kind.startswith("edited"):
            message["edit_date"] = 1_795_426_300
        if "business" in kind:
            message["business_connection_id"] = draw(st.sampled_from(CONNECTIONS))
        return {kind: message}
    if kind == "business_connection":
        rights = draw(st.dictionaries(st.sampled_from(["can_reply", "can_read_messages"]),
                                      st.just(True)))  # fmt: skip
        return {"business_connection": {
            "id": draw(st.sampled_from(CONNECTIONS)), "user": draw(users), "user_chat_id": 1000,
            "date": 1_795_426_200, "is_enabled": draw(st.booleans()),
            **({"rights": rights} if rights else {}),
        }}  # fmt: skip
    if kind == "deleted_business_messages":
        return {"deleted_business_messages": {
            "business_connection_id": draw(st.sampled_from(CONNECTIONS)), "chat": draw(chats),
            "message_ids": draw(st.lists(st.integers(1, 60), max_size=3)),
        }}  # fmt: skip
    if kind == "callback_query":
        return {"callback_query": {
            "id": str(draw(st.integers(1, 10**6))), "from": draw(users), "chat_instance": "c",
            "data": draw(st.one_of(st.text(max_size=64), st.sampled_from(
                ["rate:1:5", "rate:99999999999999999999:1", "rate:1:0", "forget:yes",
                 "forget:no", "rate:-1:3"]))),
            "message": draw(messages()),
        }}  # fmt: skip
    if kind == "my_chat_member":
        status = draw(st.sampled_from(["member", "kicked", "left", "administrator"]))
        return {"my_chat_member": {
            "chat": draw(chats), "from": draw(users), "date": 1_795_426_200,
            "old_chat_member": {"status": "left", "user": {"id": 1, "is_bot": True,
                                                            "first_name": "Bot"}},
            "new_chat_member": {"status": status, "user": {"id": 1, "is_bot": True,
                                                           "first_name": "Bot"}},
        }}  # fmt: skip
    return draw(st.dictionaries(st.text(max_size=8), st.integers(), max_size=3))


def _generate(count: int) -> list[dict[str, Any]]:
    collected: list[dict[str, Any]] = []

    @settings(max_examples=count, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(updates())
    def collect(update: dict[str, Any]) -> None:
        collected.append(update)

    collect()
    return collected


async def test_random_updates_never_escape_the_error_handler(
    telegram: BotApiServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    owner = telegram.add_user("Olga", user_id=1000)
    staff_chat = telegram.add_group("Team", chat_id=STAFF_CHAT, is_forum=True, members=[owner])
    config = make_settings(telegram, tmp_path, staff_chat, owner["id"]).model_copy(
        update={"rate_limits": False}
    )
    db = await Database.open(config.db_path)
    app = build_application(config, db, FakeClock(), sweep_seconds=3600)
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    await app.start()
    intake = UpdateIntake(app, db, FakeClock())
    batch = _generate(EXAMPLES)
    try:
        with caplog.at_level(logging.ERROR):
            for number, update in enumerate(batch, start=1):
                raw = json.dumps({**update, "update_id": number})
                await db.write(functools.partial(inbox.record, updates=[(number, raw)], now=1.0))
                await intake.handle_recorded()
    finally:
        await app.stop()
        assert app.post_shutdown is not None
        await app.shutdown()
        await app.post_shutdown(app)
        schema = await db.fetch_all("SELECT name FROM sqlite_master ORDER BY name")
        await db.close()
    handler_errors = [r for r in caplog.records if r.name == "handlers.errors"]
    kinds = {repr(r.exc_info[1]) for r in handler_errors if r.exc_info}
    assert handler_errors == [], sorted(kinds)
    assert {row["name"] for row in schema} >= {"messages", "conversations", "customers"}
    assert len(batch) == EXAMPLES
