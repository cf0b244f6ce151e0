"""Flow 10: customers write to the shop's own Telegram account (Telegram Business)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from telegram import Poll, PollOption

from tests.conftest import Desk

SLA = 600


def _general(desk: Desk) -> list[str]:
    """The bot's texts in the staff chat outside any topic."""
    return [
        m.get("text", "")
        for m in desk.telegram.bot_messages(desk.staff_chat)
        if not m.get("message_thread_id")
    ]


def _shop_account(desk: Desk) -> dict[str, Any]:
    """The owner's Telegram account, the one on the shop window, now a business account."""
    desk.owner["username"] = "cornerbakery"
    desk.telegram.users[desk.owner["id"]]["username"] = "cornerbakery"
    return desk.owner


async def _connected(desk: Desk, **rights: bool) -> str:
    connection = desk.telegram.connect_business(_shop_account(desk), **rights)
    await desk.settle()
    return connection


async def _writes(desk: Desk, connection: str, name: str = "Anna", **kinds: Any) -> Any:
    """A customer writes to the shop's account; returns them once the desk has it."""
    customer = desk.customer(name)
    desk.telegram.business_message(connection, customer, **kinds)
    await desk.settle()
    return customer


def _from_shop(desk: Desk, connection: str, customer: dict[str, Any]) -> list[dict[str, Any]]:
    """What Frontdesk sent the customer as the shop's account."""
    return desk.telegram.bot_business_messages(connection, customer)


# -- connecting ---------------------------------------------------------------------------


async def test_an_owner_connecting_the_shop_account_is_told_what_it_can_do(desk: Desk) -> None:
    connection = await _connected(desk)
    assert any(
        "Frontdesk now answers the shop's Telegram account @cornerbakery" in text
        and "marked read when you answer" in text
        for text in _general(desk)
    )
    desk.telegram.set_business_rights(connection, can_reply=False, can_read_messages=True)
    await desk.settle()
    assert "without “Reply to messages”" in _general(desk)[-1]
    desk.telegram.disconnect_business(connection)
    await desk.settle()
    assert "@cornerbakery disconnected Frontdesk" in _general(desk)[-1]


async def test_a_connection_without_read_rights_says_messages_stay_unread(desk: Desk) -> None:
    await _connected(desk, can_read_messages=False)
    assert "are not marked read" in _general(desk)[-1]


async def test_a_stranger_connecting_is_ignored_and_the_owners_told_once(desk: Desk) -> None:
    mallory = desk.telegram.add_user("Mallory", username="mallorys_shop")
    connection = desk.telegram.connect_business(mallory)
    desk.telegram.connect_business(mallory, can_read_messages=False)
    await desk.settle()
    told = [text for text in _general(desk) if "Mallory" in text]
    assert len(told) == 1
    assert "It was ignored: only owners can" in told[0]
    assert str(mallory["id"]) in told[0]
    # Her customers are not the shop's: nothing reaches the staff chat or them.
    before = len(desk.telegram.bot_messages(desk.staff_chat))
    customer = await _writes(desk, connection, "Bob", text="Hello?")
    assert len(desk.telegram.bot_messages(desk.staff_chat)) == before
    assert _from_shop(desk, connection, customer) == []


# -- customers ----------------------------------------------------------------------------


async def test_a_customer_of_the_shop_account_gets_a_topic_a_card_and_a_named_person(
    desk: Desk,
) -> None:
    desk.staff_member("Maria")
    connection = await _connected(desk)
    anna = await _writes(desk, connection, text="My cake #5521 arrived squashed")
    card, words = desk.in_topic(anna)[:2]
    assert "via the shop's account @cornerbakery" in card["text"]
    assert "Assigned to: Maria" in card["text"]
    assert words["text"] == "My cake #5521 arrived squashed"
    [handoff] = _from_shop(desk, connection, anna)
    assert "Maria from Corner Bakery has your message" in handoff["text"]
    assert handoff["from"]["id"] == desk.owner["id"]  # the shop's account, not the bot
    # Nothing went to the bot's own chat with her (she never started the bot).
    assert desk.to_customer(anna) == []


async def test_the_customer_s_photo_reaches_the_topic_though_telegram_cannot_copy_it(
    desk: Desk,
) -> None:
    desk.staff_member("Maria")
    connection = await _connected(desk)
    anna = await _writes(desk, connection, photo=True, caption="Look at it")
    photo = next(m for m in desk.in_topic(anna) if "photo" in m)
    assert photo["caption"] == "Look at it"
    assert not [call for call in desk.telegram.calls_to("copyMessage") if call.ok]


async def test_after_hours_the_customer_of_the_shop_account_gets_the_away_reply(
    desk: Desk,
) -> None:
    desk.staff_member("Maria")
    desk.telegram.private_message(desk.owner, "/hours mon-fri 09:00-18:00")
    await desk.settle()
    desk.clock.now = datetime(2026, 11, 23, 20, 0, tzinfo=UTC).timestamp()  # Monday evening
    connection = await _connected(desk)
    anna = await _writes(desk, connection, text="Are you open tomorrow?")
    handoff, away = [m["text"] for m in _from_shop(desk, connection, anna)]
    assert "Maria from Corner Bakery has your message" in handoff
    assert "open again tomorrow at 9:00" in away


async def test_the_shop_account_s_chats_with_its_team_are_not_customers(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    connection = await _connected(desk)
    await desk.settle()
    topics_before = len(desk.telegram.topics(desk.staff_chat))
    desk.telegram.business_message(connection, maria, text="Can you cover my shift?")
    await desk.settle()
    assert len(desk.telegram.topics(desk.staff_chat)) == topics_before
    assert _from_shop(desk, connection, maria) == []


# -- staff replies --------------------------------------------------------------------------


EVERY_KIND = (
    {"text": "So sorry! A new one is on its way."},
    {"photo": True, "caption": "The new cake"},
    {"video": True},
    {"document": True, "caption": "Your receipt"},
    {"voice": True},
    {"audio": True},
    {"animation": True},
    {"sticker": True},
    {"video_note": True},
    {"location": True},
    {"contact": True},
    {"venue": True},
)
KIND_KEYS = (
    "text", "photo", "video", "document", "voice", "audio", "animation", "sticker",
    "video_note", "location", "contact", "venue",
)  # fmt: skip


def _kind(message: dict[str, Any]) -> str:
    # A venue carries its location too.
    return "venue" if "venue" in message else next(k for k in KIND_KEYS if k in message)


async def test_staff_replies_of_every_kind_reach_the_customer_as_the_shop(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    connection = await _connected(desk)
    anna = await _writes(desk, connection, text="My cake arrived squashed")
    topic = desk.topic_of(anna)
    for kind in EVERY_KIND:
        desk.telegram.group_message(maria, desk.staff_chat, thread_id=topic, **kind)
    await desk.settle()
    _handoff, *replies = _from_shop(desk, connection, anna)
    assert [_kind(m) for m in replies] == list(KIND_KEYS)
    assert all(m["from"]["id"] == desk.owner["id"] for m in replies)
    # Maria's first reply says who she is (Anna sees only the shop's name); later ones don't.
    assert replies[0]["text"] == "Maria from Corner Bakery:\nSo sorry! A new one is on its way."
    assert replies[1]["caption"] == "The new cake"
    assert replies[3]["caption"] == "Your receipt"
    assert replies[11]["venue"]["title"]
    # No copyMessage could have reached her business chat.
    assert not [call for call in desk.telegram.calls_to("copyMessage") if call.ok]
    # Her message is shown as read once Maria answered.
    assert desk.telegram.read_business_messages(connection, anna)


async def test_an_album_from_staff_stays_an_album(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    connection = await _connected(desk)
    anna = await _writes(desk, connection, text="Photos please")
    topic = desk.topic_of(anna)
    for caption in ("Front", None):
        desk.telegram.group_message(
            maria, desk.staff_chat, thread_id=topic, photo=True, caption=caption,
            media_group_id="album-1",
        )  # fmt: skip
    await desk.settle()
    first, second = _from_shop(desk, connection, anna)[-2:]
    assert "photo" in first and "photo" in second
    assert first["media_group_id"] == second["media_group_id"]
    assert first["caption"] == "Maria from Corner Bakery:\nFront"


async def test_a_formatted_reply_keeps_its_formatting(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    connection = await _connected(desk)
    anna = await _writes(desk, connection, text="Any discount codes?")
    desk.telegram.group_message(maria, desk.staff_chat, "Yes!", thread_id=desk.topic_of(anna))
    await desk.settle()
    bold = [{"type": "bold", "offset": 9, "length": 6}]
    desk.telegram.group_message(
        maria, desk.staff_chat, "Use code CAKE10", thread_id=desk.topic_of(anna), entities=bold
    )
    await desk.settle()
    reply = _from_shop(desk, connection, anna)[-1]
    assert reply["text"] == "Use code CAKE10"
    assert reply.get("entities") == [{"type": "bold", "offset": 9, "length": 6}]


async def test_frontdesk_s_own_sends_coming_back_are_not_shown_as_the_owner_s(
    desk: Desk,
) -> None:
    maria = desk.staff_member("Maria")
    connection = await _connected(desk)
    anna = await _writes(desk, connection, text="Is the shop open today?")
    desk.telegram.group_message(
        maria, desk.staff_chat, "Yes, Anna!", thread_id=desk.topic_of(anna)
    )
    await desk.settle()
    assert not [m for m in desk.in_topic(anna) if "answered from the shop's account" in m["text"]]
    assert len(_from_shop(desk, connection, anna)) == 2  # the hand-off and Maria's reply


# -- the owner on their phone ---------------------------------------------------------------


async def test_the_owner_answering_from_the_phone_is_shown_and_ends_the_wait(
    desk: Desk,
) -> None:
    desk.staff_member("Maria")
    connection = await _connected(desk)
    anna = await _writes(desk, connection, text="Where is my cake?")
    desk.telegram.account_message(connection, anna, text="It's in the oven, Anna!")
    await desk.settle()
    shown = desk.in_topic(anna)[-1]
    assert shown["text"] == "📱 Olga answered from the shop's account:\nIt's in the oven, Anna!"
    # Never sent back to her: what she has from the shop is the hand-off and Olga's own words.
    assert len(desk.telegram.business_messages(connection, anna)) == 3
    desk.clock.advance(SLA * 3)
    await desk.run_jobs()
    assert not [m for m in desk.in_topic(anna) if "⏰" in m["text"]]
    assert not [m for m in _from_shop(desk, connection, anna) if "patience" in m["text"]]


async def test_a_photo_the_owner_sends_from_the_phone_is_shown_in_the_topic(desk: Desk) -> None:
    desk.staff_member("Maria")
    connection = await _connected(desk)
    anna = await _writes(desk, connection, text="What does it look like?")
    desk.telegram.account_message(connection, anna, photo=True, caption="Like this")
    await desk.settle()
    heading, photo = desk.in_topic(anna)[-2:]
    assert heading["text"] == "📱 Olga answered from the shop's account:"
    assert photo["caption"] == "Like this"


# -- Telegram's rules ---------------------------------------------------------------------


async def test_a_reply_after_the_24_hour_window_is_kept_and_sent_when_they_write_again(
    desk: Desk,
) -> None:
    maria = desk.staff_member("Maria")
    connection = await _connected(desk)
    anna = await _writes(desk, connection, text="Do you bake gluten-free?")
    desk.telegram.age_business_chat(connection, anna, 25 * 3600)
    desk.telegram.group_message(
        maria, desk.staff_chat, "Yes, on Fridays!", thread_id=desk.topic_of(anna)
    )
    await desk.settle()
    assert "⏳ Not delivered to Anna" in desk.in_topic(anna)[-1]["text"]
    assert not [m for m in _from_shop(desk, connection, anna) if "Fridays" in m.get("text", "")]
    desk.telegram.business_message(connection, anna, text="Hello? Anyone?")
    await desk.settle()
    delivered = [m for m in _from_shop(desk, connection, anna) if "Fridays" in m.get("text", "")]
    assert len(delivered) == 1
    assert "1 kept reply is on its way" in desk.in_topic(anna)[-1]["text"] or any(
        "1 kept reply is on its way" in m["text"] for m in desk.in_topic(anna)
    )


async def test_after_a_disconnection_replies_are_kept_and_nothing_received_is_lost(
    desk: Desk,
) -> None:
    maria = desk.staff_member("Maria")
    connection = await _connected(desk)
    anna = await _writes(desk, connection, text="Is my order ready?")
    desk.telegram.disconnect_business(connection)
    await desk.settle()
    assert "disconnected Frontdesk" in _general(desk)[-1]
    desk.telegram.group_message(maria, desk.staff_chat, "Ready!", thread_id=desk.topic_of(anna))
    await desk.settle()
    assert "🔌 Not delivered to Anna" in desk.in_topic(anna)[-1]["text"]
    assert [m["text"] for m in desk.in_topic(anna)][1] == "Is my order ready?"
    # Connected again: her next message brings the kept reply with it.
    desk.telegram.connect_business(desk.owner)
    desk.telegram.business_message(connection, anna, text="Hello?")
    await desk.settle()
    assert [m for m in _from_shop(desk, connection, anna) if m.get("text") == "Maria from "
            "Corner Bakery:\nReady!"]  # fmt: skip


# -- edits, deletions and the other flows ---------------------------------------------------


async def test_a_customer_s_edit_and_deletion_show_in_the_topic(desk: Desk) -> None:
    desk.staff_member("Maria")
    connection = await _connected(desk)
    anna = desk.customer("Anna")
    first = desk.telegram.business_message(connection, anna, text="Order #111 please")
    await desk.settle()
    desk.telegram.edit_business_message(connection, anna, first["message_id"], text="Order #112")
    await desk.settle()
    assert "Order #112" in desk.in_topic(anna)[1]["text"]
    second = desk.telegram.business_message(connection, anna, text="and a candle")
    await desk.settle()
    desk.telegram.delete_business_messages(connection, anna, [second["message_id"]])
    await desk.settle()
    assert desk.in_topic(anna)[-1]["text"] == "🗑 Anna deleted a message: “and a candle”"


async def test_closing_asks_the_business_customer_for_a_rating_they_can_give(
    desk: Desk,
) -> None:
    maria = desk.staff_member("Maria")
    connection = await _connected(desk)
    anna = await _writes(desk, connection, text="Thanks for the cake")
    desk.telegram.group_message(maria, desk.staff_chat, "/close", thread_id=desk.topic_of(anna))
    await desk.settle()
    closing = _from_shop(desk, connection, anna)[-1]
    five = closing["reply_markup"]["inline_keyboard"][0][4]["callback_data"]
    desk.telegram.press_business_button(connection, anna, closing["message_id"], five)
    await desk.settle()
    assert "5/5" in desk.telegram.calls_to("answerCallbackQuery")[-1].params["text"]


async def test_forgetme_in_the_shop_account_s_chat_forgets_them(desk: Desk) -> None:
    desk.staff_member("Maria")
    connection = await _connected(desk)
    anna = await _writes(desk, connection, text="My address is Main St 5")
    desk.telegram.business_message(connection, anna, text="/forgetme")
    await desk.settle()
    question = _from_shop(desk, connection, anna)[-1]
    assert question["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "forget:yes"
    desk.telegram.press_business_button(connection, anna, question["message_id"], "forget:yes")
    await desk.settle()
    assert all(topic.deleted for topic in desk.telegram.topics(desk.staff_chat))
    note = _from_shop(desk, connection, anna)[-1]
    assert "your conversation's topic was deleted" in note["text"]


async def test_the_bot_s_own_question_after_the_window_is_not_sent_late(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    connection = await _connected(desk)
    anna = await _writes(desk, connection, text="Thanks, all good now")
    desk.telegram.age_business_chat(connection, anna, 25 * 3600)
    desk.telegram.group_message(maria, desk.staff_chat, "/close", thread_id=desk.topic_of(anna))
    await desk.settle()
    notice = desk.in_topic(anna)[-1]["text"]
    assert notice.startswith("⏳ Not delivered to Anna")
    assert "goes out as soon as" not in notice
    sent_before = len(_from_shop(desk, connection, anna))
    desk.telegram.business_message(connection, anna, text="One more question: do you deliver?")
    await desk.settle()
    late = [m for m in _from_shop(desk, connection, anna) if m.get("reply_markup")]
    assert not late, late
    assert len(_from_shop(desk, connection, anna)) > sent_before  # a new conversation's hand-off


async def test_a_connection_made_while_frontdesk_was_away_is_learned_from_telegram(
    desk: Desk,
) -> None:
    desk.staff_member("Maria")
    await desk.settle()
    await desk.stop()
    connection = desk.telegram.connect_business(_shop_account(desk))
    # The connection's own update is long gone (Telegram keeps updates for 24 hours).
    desk.telegram.updates.items.clear()
    anna = desk.customer("Anna")
    desk.telegram.business_message(connection, anna, text="Do you have croissants today?")
    await desk.start()
    await desk.settle()
    assert desk.telegram.calls_to("getBusinessConnection")
    assert "via the shop's account @cornerbakery" in desk.in_topic(anna)[0]["text"]
    assert "Maria from Corner Bakery" in _from_shop(desk, connection, anna)[-1]["text"]


async def test_replies_still_go_through_the_shop_account_after_a_restart(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    connection = await _connected(desk)
    anna = await _writes(desk, connection, text="Is my cake ready?")
    await desk.restart()
    desk.telegram.group_message(maria, desk.staff_chat, "Yes!", thread_id=desk.topic_of(anna))
    await desk.settle()
    assert _from_shop(desk, connection, anna)[-1]["text"] == "Maria from Corner Bakery:\nYes!"
    assert desk.to_customer(anna) == []


async def test_a_kind_the_shop_account_cannot_send_gets_a_clear_notice(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    connection = await _connected(desk)
    anna = await _writes(desk, connection, text="Which cake should I pick?")
    lemon, plum = (PollOption(t, 0, persistent_id=str(n)) for n, t in ((1, "Lemon"), (2, "Plum")))
    poll = Poll("5000", "Which cake?", [lemon, plum], 0, False, True, "regular", False,
                allows_revoting=True, members_only=False).to_dict()  # fmt: skip
    poll["type"] = "regular"
    state = desk.telegram.chat(desk.staff_chat)
    posted = desk.telegram.append(state, maria, {"poll": poll}, thread_id=desk.topic_of(anna))
    desk.telegram.updates.push("message", posted)
    await desk.settle()
    assert desk.in_topic(anna)[-1]["text"] == (
        "⚠️ This message (poll) cannot be sent from the shop's account, so Anna did not get "
        "it. Please send it another way (a text, a photo, a file)."
    )
    assert len(_from_shop(desk, connection, anna)) == 1  # the hand-off only


async def test_a_business_message_with_the_id_of_one_in_the_bot_chat_is_not_taken_for_it(
    desk: Desk,
) -> None:
    """Telegram numbers the bot's chat and the shop account's chat with a person apart, so
    the same message id can turn up in both; each is a message of its own."""
    maria = desk.staff_member("Maria")
    connection = await _connected(desk)
    anna = desk.customer("Anna")
    to_bot = desk.telegram.private_message(anna, "Order #5521: can I change the date?")
    await desk.settle()
    desk.telegram.business[connection].next_id = to_bot["message_id"]
    to_shop = desk.telegram.business_message(connection, anna, text="Friday would be better")
    assert to_shop["message_id"] == to_bot["message_id"]
    await desk.settle()
    shown = [m["text"] for m in desk.in_topic(anna)]
    assert shown[1:3] == ["Order #5521: can I change the date?", "Friday would be better"]
    # She last wrote to the shop's account: the answer goes there.
    maria_reply = "Friday it is!"
    desk.telegram.group_message(maria, desk.staff_chat, maria_reply, thread_id=desk.topic_of(anna))
    await desk.settle()
    assert _from_shop(desk, connection, anna)[-1]["text"].endswith(maria_reply)


async def test_the_account_s_automatic_away_message_is_shown_but_does_not_end_the_wait(
    desk: Desk,
) -> None:
    desk.staff_member("Maria")
    connection = await _connected(desk)
    anna = await _writes(desk, connection, text="Are you there?")
    away = "We're away until Monday."
    desk.telegram.account_message(connection, anna, away, offline=True)
    await desk.settle()
    assert desk.in_topic(anna)[-1]["text"] == (
        f"🤖 The shop's account sent its automatic reply:\n{away}"
    )
    desk.clock.advance(SLA + 120)
    await desk.run_jobs()
    assert [m for m in desk.in_topic(anna) if "⏰" in m["text"]]


async def test_a_newcomer_typing_start_to_the_shop_account_is_greeted_there(
    desk: Desk,
) -> None:
    connection = await _connected(desk)
    anna = desk.customer("Anna")
    desk.telegram.business_message(connection, anna, text="/start")
    await desk.settle()
    [greeting] = _from_shop(desk, connection, anna)
    assert "Corner Bakery" in greeting["text"]
    assert desk.to_customer(anna) == []


async def test_replies_stay_replies_in_both_directions(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    connection = await _connected(desk)
    anna = desk.customer("Anna")
    question = desk.telegram.business_message(connection, anna, text="Is the cake gluten-free?")
    await desk.settle()
    copy = desk.in_topic(anna)[1]
    desk.telegram.group_message(
        maria, desk.staff_chat, "It is!", thread_id=desk.topic_of(anna),
        reply_to=copy["message_id"],
    )  # fmt: skip
    await desk.settle()
    answer = _from_shop(desk, connection, anna)[-1]
    assert answer["reply_to_message"]["message_id"] == question["message_id"]
    desk.telegram.business_message(
        connection, anna, text="Great, I'll take two", reply_to=answer["message_id"]
    )
    await desk.settle()
    follow_up = desk.in_topic(anna)[-1]
    maria_post = desk.telegram.messages(desk.staff_chat, desk.topic_of(anna))
    replied = follow_up["reply_to_message"]["message_id"]
    assert next(m for m in maria_post if m["message_id"] == replied)["text"] == "It is!"


async def test_an_edit_of_a_first_reply_keeps_the_line_that_says_who(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    connection = await _connected(desk)
    anna = await _writes(desk, connection, text="When can I pick it up?")
    sent = desk.telegram.group_message(
        maria, desk.staff_chat, "At 5", thread_id=desk.topic_of(anna)
    )
    await desk.settle()
    desk.telegram.edit_message(desk.staff_chat, sent["message_id"], text="At 6")
    await desk.settle()
    assert _from_shop(desk, connection, anna)[-1]["text"] == "Maria from Corner Bakery:\nAt 6"


async def test_answers_go_where_the_customer_wrote_last(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    connection = await _connected(desk)
    anna = await _writes(desk, connection, text="Is my cake ready?")
    desk.telegram.private_message(anna, "I'm writing to the bot now")
    await desk.settle()
    desk.telegram.group_message(maria, desk.staff_chat, "Ready!", thread_id=desk.topic_of(anna))
    await desk.settle()
    assert desk.to_customer(anna)[-1]["text"] == "Ready!"
    assert len([t for t in desk.telegram.topics(desk.staff_chat) if "Anna" in t.name]) == 1


async def test_without_the_read_right_nothing_is_marked_read(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    connection = await _connected(desk, can_read_messages=False)
    anna = await _writes(desk, connection, text="Is my cake ready?")
    desk.telegram.group_message(maria, desk.staff_chat, "Yes!", thread_id=desk.topic_of(anna))
    await desk.settle()
    assert _from_shop(desk, connection, anna)[-1]["text"].endswith("Yes!")
    assert desk.telegram.calls_to("readBusinessMessage") == []
    assert desk.telegram.read_business_messages(connection, anna) == set()


async def test_a_refusal_in_other_words_while_the_account_is_off_is_still_kept(
    desk: Desk,
) -> None:
    maria = desk.staff_member("Maria")
    connection = await _connected(desk)
    anna = await _writes(desk, connection, text="Is my order ready?")
    desk.telegram.set_business_rights(connection, can_reply=False)
    await desk.settle()
    desk.telegram.fail_next(
        "sendMessage", error_code=400, description="Bad Request: PEER_ID_INVALID"
    )
    desk.telegram.group_message(maria, desk.staff_chat, "Ready!", thread_id=desk.topic_of(anna))
    await desk.settle()
    assert desk.in_topic(anna)[-1]["text"].startswith("🔌 Not delivered to Anna")
    desk.telegram.set_business_rights(connection, can_reply=True)
    desk.telegram.business_message(connection, anna, text="Hello?")
    await desk.settle()
    assert _from_shop(desk, connection, anna)[-1]["text"].endswith("Ready!")


async def test_a_saved_answer_as_a_first_reply_says_who_is_answering(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    desk.telegram.group_message(maria, desk.staff_chat, "/save hours We open at 8.")
    connection = await _connected(desk)
    anna = await _writes(desk, connection, text="When do you open?")
    topic = desk.topic_of(anna)
    desk.telegram.group_message(maria, desk.staff_chat, "/r hours", thread_id=topic)
    desk.telegram.group_message(maria, desk.staff_chat, "/r hours", thread_id=topic)
    await desk.settle()
    first, second = [m["text"] for m in _from_shop(desk, connection, anna)][-2:]
    assert first == "Maria from Corner Bakery:\nWe open at 8."
    assert second == "We open at 8."
