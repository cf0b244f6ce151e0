"""Ratings: only a conversation that was closed with a rating question can be rated."""

from __future__ import annotations

from tests.conftest import Desk


async def test_a_forged_rating_of_an_open_conversation_is_refused_and_alerts_nobody(
    desk: Desk,
) -> None:
    maria = desk.staff_member("Maria")
    anna = desk.customer("Anna")
    desk.telegram.private_message(anna, "My cake arrived squashed")
    await desk.settle()
    handoff = desk.to_customer(anna)[-1]
    staff_chat_before = len(desk.telegram.bot_messages(desk.staff_chat))
    # Conversation 1 is Anna's, still open; she crafts the callback data of a 1-star rating.
    desk.telegram.press_button(anna, anna["id"], handoff["message_id"], "rate:1:1")
    await desk.settle()
    [answer] = desk.telegram.calls_to("answerCallbackQuery")
    assert answer.params["text"] == "This button is no longer active."
    assert len(desk.telegram.bot_messages(desk.staff_chat)) == staff_chat_before
    assert desk.to_customer(anna)[-1] == handoff
    # Nothing was stored: once Maria closes it, Anna's real rating is taken.
    desk.telegram.group_message(maria, desk.staff_chat, "/close", thread_id=desk.topic_of(anna))
    await desk.settle()
    closing = desk.to_customer(anna)[-1]
    five = closing["reply_markup"]["inline_keyboard"][0][4]["callback_data"]
    assert five == "rate:1:5"
    desk.telegram.press_button(anna, anna["id"], closing["message_id"], five)
    await desk.settle()
    assert "5/5" in desk.telegram.calls_to("answerCallbackQuery")[-1].params["text"]
