"""Saved answers: /save (typed or as a reply, per language), /r in a topic (alone: buttons),
/replies, /unsave, and the refusals."""

from __future__ import annotations

from typing import Any

from tests.conftest import SHOP, Desk


async def _conversation(desk: Desk, name: str = "Anna", **profile: Any) -> dict[str, Any]:
    customer = desk.customer(name, **profile)
    desk.telegram.private_message(customer, "Do you deliver on Sundays?")
    await desk.settle()
    return customer


def _said(desk: Desk, user: dict[str, Any], text: str, **where: Any) -> None:
    desk.telegram.group_message(user, desk.staff_chat, text, **where)


def _last_in_chat(desk: Desk) -> str:
    return str(desk.telegram.bot_messages(desk.staff_chat)[-1]["text"])


async def test_a_saved_answer_goes_to_the_customer_as_the_reply_of_who_sent_it(
    desk: Desk,
) -> None:
    maria = desk.staff_member("Maria")
    anna = await _conversation(desk)
    _said(desk, maria, "/save sunday Hi {name}! {agent} from {shop}: no deliveries on Sunday.")
    await desk.settle()
    assert "Saved sunday" in _last_in_chat(desk)
    _said(desk, maria, "/r sunday", thread_id=desk.topic_of(anna))
    await desk.settle()
    expected = f"Hi Anna! Maria from {SHOP}: no deliveries on Sunday."
    assert desk.to_customer(anna)[-1]["text"] == expected
    assert desk.in_topic(anna)[-1]["text"] == f"↩️ Maria sent “sunday”:\n\n{expected}"
    # It counts as Maria's reply: the first-response deadline is met, nobody is chased.
    desk.clock.advance(3600)
    await desk.run_jobs()
    assert not [m for m in desk.in_topic(anna) if "⏰" in m["text"]]


async def test_placeholders_are_escaped_and_saved_formatting_is_kept(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    anna = await _conversation(desk, "<b>Ann</b> & Co")
    card = desk.posts_in_topic(anna)[0]  # the card, with the first words after it
    assert any(e["type"] == "bold" for e in card.get("entities", []))
    _said(desk, maria, "/save card", thread_id=desk.topic_of(anna), reply_to=card["message_id"])
    _said(desk, maria, "/save hi Hello {name}", thread_id=desk.topic_of(anna))
    await desk.settle()
    _said(desk, maria, "/r card", thread_id=desk.topic_of(anna))
    _said(desk, maria, "/r hi", thread_id=desk.topic_of(anna))
    await desk.settle()
    *_, card_copy, hello = desk.to_customer(anna)
    assert card_copy["text"] == card["text"]
    assert [e["type"] for e in card_copy["entities"]] == [e["type"] for e in card["entities"]]
    assert hello["text"] == "Hello <b>Ann</b> & Co"
    assert "entities" not in hello


async def test_customers_get_their_language_variant(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    _said(desk, maria, "/save hours We open at nine.")
    _said(desk, maria, "/save hours.de Wir öffnen um neun.")
    _said(desk, maria, "/save hours.pt Abrimos às nove.")
    await desk.settle()
    hans = await _conversation(desk, "Hans", language_code="de")
    joao = await _conversation(desk, "João", language_code="pt-br")
    chloe = await _conversation(desk, "Chloé", language_code="fr")
    for customer in (hans, joao, chloe):
        _said(desk, maria, "/r hours", thread_id=desk.topic_of(customer))
    await desk.settle()
    assert desk.to_customer(hans)[-1]["text"] == "Wir öffnen um neun."
    assert desk.to_customer(joao)[-1]["text"] == "Abrimos às nove."
    assert desk.to_customer(chloe)[-1]["text"] == "We open at nine."


async def test_a_customer_who_chose_a_language_gets_that_variant(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    _said(desk, maria, "/save hours We open at nine.")
    _said(desk, maria, "/save hours.de Wir öffnen um neun.")
    await desk.settle()
    anna = desk.customer("Anna", language_code="en")  # Telegram in English…
    desk.telegram.private_message(anna, "/language de")  # …but she reads German
    desk.telegram.private_message(anna, "Wann öffnen Sie?")
    await desk.settle()
    _said(desk, maria, "/r hours", thread_id=desk.topic_of(anna))
    await desk.settle()
    assert desk.to_customer(anna)[-1]["text"] == "Wir öffnen um neun."


async def test_an_unknown_key_gets_the_closest_keys_and_sends_nothing(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    anna = await _conversation(desk)
    _said(desk, maria, "/save refund Refunds take three days.")
    await desk.settle()
    before = len(desk.to_customer(anna))
    _said(desk, maria, "/r refnd", thread_id=desk.topic_of(anna))
    await desk.settle()
    assert len(desk.to_customer(anna)) == before
    answer = desk.in_topic(anna)[-1]["text"]
    assert "No saved answer “refnd”" in answer and "refund" in answer


async def test_r_outside_a_topic_is_refused(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    anna = await _conversation(desk)
    _said(desk, maria, "/save refund Refunds take three days.")
    _said(desk, maria, "/r refund")
    await desk.settle()
    assert "Use /r inside a customer's topic" in _last_in_chat(desk)
    assert "Refunds" not in desk.to_customer(anna)[-1]["text"]


async def test_odd_keys_long_texts_and_empty_saves_are_refused(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    refusals = {
        "/save re/fund text": "cannot be a key",
        f"/save {'k' * 33} text": "cannot be a key",
        "/save <b>x</b> text": "cannot be a key",
        "/save refund.xx text": "is a language",
        "/save refund": "Nothing to save",
        "/save": "Save an answer for the whole team",
        f"/save long {'x' * 4100}": "Telegram takes at most 4096",
    }
    for command, refusal in refusals.items():
        _said(desk, maria, command)
        await desk.settle()
        assert refusal in _last_in_chat(desk), command
    _said(desk, maria, "/replies")
    await desk.settle()
    assert _last_in_chat(desk).startswith("No saved answers yet")


async def test_replies_lists_keys_and_unsave_removes_one(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    _said(desk, maria, "/save refund Refunds take three days.\nSecond line.")
    _said(desk, maria, "/save refund.de Erstattungen dauern drei Tage.")
    _said(desk, maria, "/save hours We open at nine.")
    _said(desk, maria, "/replies")
    await desk.settle()
    listing = _last_in_chat(desk)
    assert "hours — We open at nine." in listing
    assert "refund (de) — Refunds take three days." in listing
    assert "Second line" not in listing
    _said(desk, maria, "/unsave refund")
    _said(desk, maria, "/unsave nothing-here")
    _said(desk, maria, "/replies")
    await desk.settle()
    *_, removed, unknown, listing = [
        m["text"] for m in desk.telegram.bot_messages(desk.staff_chat)
    ]
    assert removed == "🗑 Removed refund."
    assert unknown.startswith("No saved answer “nothing-here”")
    assert "refund" not in listing and "hours" in listing


async def test_r_alone_offers_buttons_and_a_press_sends_the_answer(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    anna = await _conversation(desk)
    _said(desk, maria, "/save refund Refunds take three days.")
    _said(desk, maria, "/save hours We open at nine.")
    _said(desk, maria, "/r", thread_id=desk.topic_of(anna))
    await desk.settle()
    offer = desk.in_topic(anna)[-1]
    [[hours, refund]] = offer["reply_markup"]["inline_keyboard"]
    assert (hours["text"], refund["text"]) == ("hours", "refund")
    query = desk.telegram.press_button(
        maria, desk.staff_chat, offer["message_id"], refund["callback_data"]
    )
    await desk.settle()
    assert desk.to_customer(anna)[-1]["text"] == "Refunds take three days."
    assert desk.telegram.callback_queries[query]["answer"]["text"] == "Sent “refund”."


async def test_buttons_refuse_non_members_and_answers_that_are_gone(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    tom = desk.staff_member("Tom")
    anna = await _conversation(desk)
    _said(desk, maria, "/save refund Refunds take three days.")
    _said(desk, maria, "/r", thread_id=desk.topic_of(anna))
    await desk.settle()
    offer = desk.in_topic(anna)[-1]
    data = offer["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    desk.telegram.group_message(desk.owner, desk.staff_chat, "/team remove Tom")
    await desk.settle()
    before = len(desk.to_customer(anna))
    refused = desk.telegram.press_button(tom, desk.staff_chat, offer["message_id"], data)
    await desk.settle()
    assert desk.telegram.callback_queries[refused]["answer"]["text"] == (
        "Only the team can send saved answers."
    )
    _said(desk, maria, "/unsave refund")
    await desk.settle()
    gone = desk.telegram.press_button(maria, desk.staff_chat, offer["message_id"], data)
    await desk.settle()
    assert desk.telegram.callback_queries[gone]["answer"]["text"] == (
        "That saved answer no longer exists."
    )
    assert len(desk.to_customer(anna)) == before
