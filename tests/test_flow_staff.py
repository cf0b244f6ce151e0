"""Flow 3: the team answers from the staff chat; notes, claim, assign, close and ratings."""

from __future__ import annotations

from typing import Any

from tests.conftest import SHOP, Desk


async def _conversation(desk: Desk, name: str = "Anna") -> dict[str, Any]:
    customer = desk.customer(name)
    desk.telegram.private_message(customer, "My cake arrived squashed")
    await desk.settle()
    return customer


async def test_writing_in_the_staff_chat_joins_the_team(desk: Desk) -> None:
    tom = desk.staff_member("Tom")
    await desk.settle()
    welcome = desk.telegram.bot_messages(desk.staff_chat)[-1]
    assert "Welcome to the team, Tom" in welcome["text"]
    anna = await _conversation(desk)
    assert "Tom from Corner Bakery" in desk.to_customer(anna)[-1]["text"]
    assert tom["id"]


async def test_staff_reply_in_topic_reaches_the_customer_as_a_copy(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    anna = await _conversation(desk)
    desk.telegram.group_message(
        maria, desk.staff_chat, "So sorry! A new one is on its way.", thread_id=desk.topic_of(anna)
    )
    desk.telegram.group_message(maria, desk.staff_chat, thread_id=desk.topic_of(anna), photo=True)
    await desk.settle()
    *_, text, photo = desk.to_customer(anna)
    assert text["text"] == "So sorry! A new one is on its way."
    assert "photo" in photo
    assert desk.telegram.calls_to("copyMessage")[-1].params["chat_id"] == anna["id"]


async def test_staff_edit_is_mirrored_to_the_customer(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    anna = await _conversation(desk)
    sent = desk.telegram.group_message(
        maria, desk.staff_chat, "Pick-up at 5", thread_id=desk.topic_of(anna)
    )
    await desk.settle()
    desk.telegram.edit_message(desk.staff_chat, sent["message_id"], text="Pick-up at 6")
    await desk.settle()
    assert desk.to_customer(anna)[-1]["text"] == "Pick-up at 6"


async def test_staff_reply_to_a_customer_message_is_a_reply_there(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    anna = desk.customer("Anna")
    question = desk.telegram.private_message(anna, "Is the shop open on Sunday?")
    await desk.settle()
    copy = desk.in_topic(anna)[1]
    desk.telegram.group_message(
        maria,
        desk.staff_chat,
        "Yes, 10 to 2",
        thread_id=desk.topic_of(anna),
        reply_to=copy["message_id"],
    )
    await desk.settle()
    answer = desk.to_customer(anna)[-1]
    assert answer["reply_to_message"]["message_id"] == question["message_id"]


async def test_team_chatter_outside_topics_is_not_relayed(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    anna = await _conversation(desk)
    before = len(desk.to_customer(anna))
    desk.telegram.group_message(maria, desk.staff_chat, "Coffee anyone?")
    await desk.settle()
    assert len(desk.to_customer(anna)) == before


async def test_note_stays_internal(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    anna = await _conversation(desk)
    before = len(desk.to_customer(anna))
    desk.telegram.group_message(
        maria, desk.staff_chat, "/note regular customer, be nice", thread_id=desk.topic_of(anna)
    )
    await desk.settle()
    assert len(desk.to_customer(anna)) == before
    assert "Note saved" in desk.in_topic(anna)[-1]["text"]


async def test_claim_takes_over_and_tells_the_customer(desk: Desk) -> None:
    desk.staff_member("Maria")
    anna = await _conversation(desk)
    tom = desk.staff_member("Tom")
    desk.telegram.group_message(tom, desk.staff_chat, "/claim", thread_id=desk.topic_of(anna))
    await desk.settle()
    assert "Tom from Corner Bakery is now looking after you" in desk.to_customer(anna)[-1]["text"]
    assert "Tom took over" in desk.in_topic(anna)[-1]["text"]


async def test_assign_hands_on_by_name_and_tells_the_customer(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    tom = desk.staff_member("Tom")
    desk.telegram.group_message(tom, desk.staff_chat, "/name Tommy & Co")
    anna = await _conversation(desk)
    desk.telegram.group_message(
        maria, desk.staff_chat, "/assign tommy & co", thread_id=desk.topic_of(anna)
    )
    await desk.settle()
    assert (
        "Tommy & Co from Corner Bakery is now looking after you"
        in (desk.to_customer(anna)[-1]["text"])
    )


async def test_assign_to_an_unknown_name_changes_nothing(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    anna = await _conversation(desk)
    before = len(desk.to_customer(anna))
    desk.telegram.group_message(
        maria, desk.staff_chat, "/assign Nobody", thread_id=desk.topic_of(anna)
    )
    await desk.settle()
    assert len(desk.to_customer(anna)) == before
    assert "Nobody on the team is called “Nobody”" in desk.in_topic(anna)[-1]["text"]


async def test_commands_outside_a_topic_explain_where_to_use_them(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    desk.telegram.group_message(maria, desk.staff_chat, "/close")
    await desk.settle()
    assert "inside a customer's topic" in desk.telegram.bot_messages(desk.staff_chat)[-1]["text"]


async def test_name_sets_what_customers_see(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    desk.telegram.group_message(maria, desk.staff_chat, "/name Mia <3")
    await desk.settle()
    assert (
        "Customers will now see you as Mia <3"
        in (desk.telegram.bot_messages(desk.staff_chat)[-1]["text"])
    )
    anna = await _conversation(desk)
    assert "Mia <3 from Corner Bakery has your message" in desk.to_customer(anna)[-1]["text"]


async def test_off_duty_staff_get_no_new_conversations(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    desk.staff_member("Tom")
    desk.telegram.group_message(maria, desk.staff_chat, "/off")
    anna = await _conversation(desk, "Anna")
    ben = await _conversation(desk, "Ben")
    assert "Tom from" in desk.to_customer(anna)[-1]["text"]
    assert "Tom from" in desk.to_customer(ben)[-1]["text"]
    desk.telegram.group_message(maria, desk.staff_chat, "/on")
    cleo = await _conversation(desk, "Cleo")
    assert "Maria from" in desk.to_customer(cleo)[-1]["text"]


async def test_least_busy_colleague_gets_the_next_conversation(desk: Desk) -> None:
    desk.staff_member("Maria")
    desk.staff_member("Tom")
    first = await _conversation(desk, "Anna")
    second = await _conversation(desk, "Ben")
    assert "Maria from" in desk.to_customer(first)[-1]["text"]
    assert "Tom from" in desk.to_customer(second)[-1]["text"]


async def test_nobody_on_duty_names_the_owner(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    desk.telegram.group_message(maria, desk.staff_chat, "/off")
    anna = await _conversation(desk)
    assert "Olga from Corner Bakery has your message" in desk.to_customer(anna)[-1]["text"]


async def test_close_thanks_asks_for_rating_and_closes_topic(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    anna = await _conversation(desk)
    thread = desk.topic_of(anna)
    desk.telegram.group_message(maria, desk.staff_chat, "/close", thread_id=thread)
    await desk.settle()
    closing = desk.to_customer(anna)[-1]
    assert "resolved" in closing["text"] and SHOP in closing["text"]
    buttons = [
        b["callback_data"] for row in closing["reply_markup"]["inline_keyboard"] for b in row
    ]
    assert [data.rsplit(":", 1)[1] for data in buttons] == ["1", "2", "3", "4", "5"]
    assert "Closed by Maria" in desk.telegram.bot_messages(desk.staff_chat, thread)[-1]["text"]
    [topic] = desk.telegram.topics(desk.staff_chat)
    assert topic.closed


async def test_rating_is_stored_once_and_acknowledged(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    anna = await _conversation(desk)
    thread = desk.topic_of(anna)
    desk.telegram.group_message(maria, desk.staff_chat, "/close", thread_id=thread)
    await desk.settle()
    closing = desk.to_customer(anna)[-1]
    four = closing["reply_markup"]["inline_keyboard"][0][3]["callback_data"]
    desk.telegram.press_button(anna, anna["id"], closing["message_id"], four)
    await desk.settle()
    answers = desk.telegram.calls_to("answerCallbackQuery")
    assert "4/5" in answers[-1].params["text"]
    assert "Thank you for your rating" in desk.to_customer(anna)[-1]["text"]
    assert (
        "rated this conversation 4/5"
        in (desk.telegram.bot_messages(desk.staff_chat, thread)[-1]["text"])
    )
    one = four.rsplit(":", 1)[0] + ":1"
    desk.telegram.press_button(anna, anna["id"], closing["message_id"], one)
    await desk.settle()
    assert "already rated" in desk.telegram.calls_to("answerCallbackQuery")[-1].params["text"]
    assert "1/5" not in desk.telegram.bot_messages(desk.staff_chat, thread)[-1]["text"]


async def test_tampered_or_stale_buttons_get_a_polite_answer(desk: Desk) -> None:
    desk.staff_member("Maria")
    anna = await _conversation(desk)
    mallory = desk.customer("Mallory")
    message_id = desk.to_customer(anna)[-1]["message_id"]
    for data in ("rate:1:9", "rate:999:5", "nonsense", "rate:1:5"):
        desk.telegram.press_button(mallory, anna["id"], message_id, data)
    await desk.settle()
    answers = [call.params.get("text") for call in desk.telegram.calls_to("answerCallbackQuery")]
    assert answers == ["This button is no longer active."] * 4


async def test_returning_customer_reopens_the_same_topic_with_last_helper(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    desk.staff_member("Tom")
    anna = await _conversation(desk)
    thread = desk.topic_of(anna)
    assert "Maria from" in desk.to_customer(anna)[-1]["text"]
    desk.telegram.group_message(maria, desk.staff_chat, "/close", thread_id=thread)
    await _conversation(desk, "Ben")  # now Maria and Tom hold none / one
    desk.telegram.private_message(anna, "It happened again, order #4242")
    await desk.settle()
    [anna_topic, _ben_topic] = desk.telegram.topics(desk.staff_chat)
    assert anna_topic.thread_id == thread and not anna_topic.closed
    assert "Maria from" in desk.to_customer(anna)[-1]["text"]
    cards = [m for m in desk.in_topic(anna) if "Assigned to" in m.get("text", "")]
    assert len(cards) == 2
    assert "1 earlier conversation" in cards[-1]["text"]
    assert "Order: 4242" in cards[-1]["text"]
