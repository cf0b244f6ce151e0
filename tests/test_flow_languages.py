"""Flow 8: customers are answered in their Telegram language (or the one they chose), staff
and owners in FRONTDESK_LANGUAGE; owners write the greeting and away reply per language."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from config.settings import Settings
from logic.details import Details
from standin import BotApiServer
from tests.conftest import Desk, FakeClock, make_settings
from views.card_texts import EarlierConversation, ticket_card
from views.i18n import speech


def _at(desk: Desk, year: int, month: int, day: int, hour: int, minute: int) -> None:
    desk.clock.now = datetime(year, month, day, hour, minute, tzinfo=UTC).timestamp()


async def _owner_says(desk: Desk, text: str) -> str:
    desk.telegram.private_message(desk.owner, text)
    await desk.settle()
    return str(desk.to_customer(desk.owner)[-1]["text"])


async def _writes(desk: Desk, customer: dict[str, Any], text: str) -> list[str]:
    desk.telegram.private_message(customer, text)
    await desk.settle()
    return [str(m.get("text")) for m in desk.to_customer(customer)]


async def test_a_german_customer_goes_through_the_whole_conversation_in_german(
    desk: Desk,
) -> None:
    maria = desk.staff_member("Maria")
    await _owner_says(desk, "/hours mon-fri 09:00-18:00")
    _at(desk, 2026, 11, 23, 20, 0)  # Monday evening: closed
    jonas = desk.customer("Jonas", language_code="de")
    [greeting] = await _writes(desk, jonas, "/start")
    assert greeting.startswith("Hallo Jonas! 👋 Willkommen bei Corner Bakery.")
    assert "in Ihren eigenen Worten" in greeting
    replies = await _writes(desk, jonas, "Meine Torte ist beschädigt angekommen")
    assert "Danke, Jonas! Maria von Corner Bakery hat Ihre Nachricht" in replies[-2]
    assert "öffnen wieder morgen um 09:00" in replies[-1]
    card = desk.in_topic(jonas)[0]["text"]
    assert "language: Deutsch" in card and "Assigned to: Maria" in card  # staff: English

    desk.telegram.group_message(maria, desk.staff_chat, "/close", thread_id=desk.topic_of(jonas))
    await desk.settle()
    closing = desk.to_customer(jonas)[-1]
    assert "Maria hat Ihr Anliegen als erledigt markiert" in closing["text"]
    assert "Wie war Maria?" in closing["text"]
    five = closing["reply_markup"]["inline_keyboard"][0][4]["callback_data"]
    desk.telegram.press_button(jonas, jonas["id"], closing["message_id"], five)
    await desk.settle()
    thanks = desk.to_customer(jonas)[-1]["text"]
    assert thanks.startswith("Danke für Ihre Bewertung: ⭐⭐⭐⭐⭐ (5/5).")
    assert "Hätten wir etwas besser machen können?" in thanks
    assert "rated this conversation 5/5" in desk.in_topic(jonas)[-1]["text"]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("de-AT", "Willkommen bei Corner Bakery"),
        ("pt-br", "Boas-vindas! Aqui é Corner Bakery."),
        ("uk", "Раді бачити вас у Corner Bakery"),
        ("ja", "Welcome to Corner Bakery"),  # not one of ours: the shop's language
    ],
)
async def test_the_greeting_follows_telegrams_language_code(
    desk: Desk, code: str, expected: str
) -> None:
    customer = desk.customer("Kim", language_code=code)
    [greeting] = await _writes(desk, customer, "/start")
    assert expected in greeting


async def test_russian_customers_see_the_right_plural_forms(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    await _owner_says(desk, "/hours mon-fri 09:00-18:00")
    _at(desk, 2026, 11, 25, 20, 0)  # Wednesday evening: we open again on Thursday
    olga = desk.customer("Ольга", language_code="ru")
    replies = await _writes(desk, olga, "Где мой заказ 4711?")
    assert "откроемся завтра в 09:00" in replies[-1]
    _at(desk, 2026, 11, 27, 20, 0)  # Friday evening: Monday is three days away
    desk.telegram.group_message(maria, desk.staff_chat, "/close", thread_id=desk.topic_of(olga))
    await desk.settle()
    desk.clock.advance(7200)
    replies = await _writes(desk, olga, "Ещё вопрос")
    assert "в понедельник в 09:00" in replies[-1]


def test_the_card_counts_earlier_conversations_in_russian() -> None:
    def card(count: int) -> str:
        earlier = [EarlierConversation(datetime(2026, 1, 5, tzinfo=UTC), "Мария", None)] * count
        return ticket_card(
            speech("ru"),
            customer_id=1,
            full_name="Ольга",
            username=None,
            language="Русский",
            earlier=earlier,
            details=Details(),
            assignee="Мария",
            conversation_number=count + 1,
        )

    assert "🗂 1 прошлый разговор" in card(1)
    assert "🗂 3 прошлых разговора" in card(3)
    assert "🗂 5 прошлых разговоров" in card(5)
    assert "🗂 21 прошлый разговор" in card(21)
    assert "5 янв. 2026\u202fг., Мария" in card(1)


async def test_language_command_switches_and_the_choice_sticks(desk: Desk) -> None:
    desk.staff_member("Maria")
    anna = desk.customer("Anna", language_code="en")
    [question] = await _writes(desk, anna, "/language")
    assert question == "Which language shall we write to you in?"
    message = desk.to_customer(anna)[-1]
    buttons = [b for row in message["reply_markup"]["inline_keyboard"] for b in row]
    assert [b["text"] for b in buttons][:3] == ["English", "Deutsch", "Español"]
    french = next(b["callback_data"] for b in buttons if b["text"] == "Français")
    assert french == "lang:fr"
    desk.telegram.press_button(anna, anna["id"], message["message_id"], french)
    await desk.settle()
    assert desk.to_customer(anna)[-1]["text"] == (
        "C’est noté : nous vous écrirons désormais en français."
    )
    replies = await _writes(desk, anna, "Ma commande est en retard")
    assert "Maria de Corner Bakery a bien reçu votre message" in replies[-1]
    assert "language: Français" in desk.in_topic(anna)[0]["text"]
    await desk.restart()
    replies = await _writes(desk, anna, "/language it")
    assert replies[-1] == "Fatto: d’ora in poi ti scriviamo in italiano."
    [*_, unknown] = await _writes(desk, anna, "/language klingon")
    assert "Non conosco la lingua “klingon”" in unknown
    assert "en, de, es, fr, it, pt, ru, uk" in unknown


async def test_owners_set_and_list_greetings_per_language(desk: Desk) -> None:
    answer = await _owner_says(desk, "/greeting de Moin {name}! Schön, dass du da bist.")
    assert "in de is now" in answer
    await _owner_says(desk, "/greeting Hi {name}, we are on holiday until Monday!")
    overview = await _owner_says(desk, "/greeting")
    assert "<b>" not in overview  # Telegram shows the formatting, not the tags
    assert "Moin {name}! Schön, dass du da bist." in overview
    assert "Hi {name}, we are on holiday until Monday!" in overview
    assert "es, fr, it, pt, ru, uk: no text of their own; they get your en text." in overview

    jonas = desk.customer("Jonas", language_code="de")
    assert (await _writes(desk, jonas, "/start"))[-1] == "Moin Jonas! Schön, dass du da bist."
    # No Spanish text of the owner's: their own words in the shop's language beat ours.
    lucia = desk.customer("Lucía", language_code="es")
    assert (await _writes(desk, lucia, "/start"))[-1] == (
        "Hi Lucía, we are on holiday until Monday!"
    )
    await _owner_says(desk, "/greeting reset")
    lucia_again = desk.customer("Lucía", language_code="es")
    assert (await _writes(desk, lucia_again, "/start"))[-1].startswith(
        "¡Hola, Lucía! 👋 Te damos la bienvenida a Corner Bakery."
    )


async def test_owner_away_text_per_language(desk: Desk) -> None:
    desk.staff_member("Maria")
    await _owner_says(desk, "/hours mon-fri 09:00-18:00")
    await _owner_says(desk, "/away ru Мы отдыхаем, вернёмся {opens}.")
    _at(desk, 2026, 11, 27, 20, 0)  # Friday evening
    ivan = desk.customer("Иван", language_code="ru")
    replies = await _writes(desk, ivan, "Здравствуйте, заказ 12")
    assert replies[-1] == "Мы отдыхаем, вернёмся в понедельник в 09:00."


@pytest.fixture
async def german_desk(telegram: BotApiServer, tmp_path: Path) -> AsyncIterator[Desk]:
    """A desk whose shop speaks German (FRONTDESK_LANGUAGE=de)."""
    owner = telegram.add_user("Olga", last_name="Owner", username="olga_owner")
    staff_chat = telegram.add_group("Corner Bakery team", is_forum=True, members=[owner])
    telegram.private_chat(owner)
    settings: Settings = make_settings(telegram, tmp_path, staff_chat, owner["id"]).model_copy(
        update={"language": "de"}
    )
    desk = Desk(telegram, settings, FakeClock(), staff_chat, owner)
    await desk.start()
    try:
        yield desk
    finally:
        await desk.stop()


async def test_the_staff_group_and_owners_speak_the_shops_language(german_desk: Desk) -> None:
    desk = german_desk
    maria = desk.staff_member("Maria")
    await desk.settle()
    assert "Willkommen im Team, Maria!" in desk.telegram.bot_messages(desk.staff_chat)[-1]["text"]
    hours = await _owner_says(desk, "/hours mon-fri 09:00-18:00")
    assert "Neue Öffnungszeiten" in hours and "Mo. 09:00–18:00" in hours
    refused = await _owner_says(desk, "/hours mon-fri 9-")
    assert "Es wurde nichts geändert." in refused
    ben = desk.customer("Ben", language_code="en")  # English customers still get English
    replies = await _writes(desk, ben, "Where is my order?")
    assert "Maria from Corner Bakery has your message" in replies[-1]
    card = desk.in_topic(ben)[0]["text"]
    assert "🆕 Neues Gespräch" in card and "Sprache: English" in card
    desk.telegram.group_message(
        maria, desk.staff_chat, "/note ruft zurück", thread_id=desk.topic_of(ben)
    )
    await desk.settle()
    assert "Notiz gespeichert" in desk.in_topic(ben)[-1]["text"]
    # A customer whose language we do not have gets the shop's.
    kenji = desk.customer("Kenji", language_code="ja")
    assert (await _writes(desk, kenji, "/start"))[-1].startswith("Hallo Kenji! 👋")


async def test_a_german_shop_gets_the_saved_answers_list_in_german(german_desk: Desk) -> None:
    desk = german_desk
    maria = desk.staff_member("Maria")
    desk.telegram.group_message(maria, desk.staff_chat, "/save lieferung Wir liefern montags.")
    desk.telegram.group_message(maria, desk.staff_chat, "/replies")
    await desk.settle()
    saved, listing = [m["text"] for m in desk.telegram.bot_messages(desk.staff_chat)][-2:]
    assert saved.startswith("💾 lieferung gespeichert. Sende sie in einem Thema mit /r lieferung.")
    assert listing == (
        "💾 Gespeicherte Antworten (/r stichwort in einem Thema sendet eine):\n"
        "• lieferung — Wir liefern montags."
    )


async def test_a_german_customer_is_told_of_a_ban_in_german(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    jonas = desk.customer("Jonas", language_code="de")
    await _writes(desk, jonas, "Wo bleibt meine Bestellung?")
    desk.telegram.group_message(maria, desk.staff_chat, "/ban", thread_id=desk.topic_of(jonas))
    await desk.settle()
    assert "banned Jonas. No reason given." in desk.in_topic(jonas)[-1]["text"]  # staff: English
    replies = await _writes(desk, jonas, "Hallo?")
    assert replies[-1] == (
        "Corner Bakery nimmt hier keine Nachrichten mehr entgegen. "
        "Vielen Dank für Ihr Verständnis."
    )
