"""What the bot writes: names escaped, limits kept, no menus."""

from datetime import UTC, datetime

from logic.details import Details
from logic.small_talk import is_small_talk
from views.card_texts import EarlierConversation, ticket_card, topic_name
from views.i18n import speech
from views.texts import TEXT_LIMIT, TOPIC_NAME_LIMIT, handoff

EN = speech("en")


def test_handoff_names_the_person_escaped() -> None:
    text = handoff(EN, "Corner Bakery", "Tom <i>", "Maria & Co", greeted=True)
    assert "<b>Maria &amp; Co</b> from Corner Bakery has your message" in text
    assert "Tom &lt;i&gt;" in text


def test_topic_name_includes_order_number_and_fits_limit() -> None:
    assert topic_name("Anna Smith", "12345") == "Anna Smith · #12345"
    long_name = topic_name("A" * 300, "98765")
    assert len(long_name) <= TOPIC_NAME_LIMIT
    assert long_name.endswith("#98765")


def test_card_lists_everything_staff_need() -> None:
    card = ticket_card(
        EN,
        customer_id=42,
        full_name="<b>Eve</b> & Co 🎂",
        username="eve",
        language="de",
        earlier=[EarlierConversation(datetime(2026, 1, 5, tzinfo=UTC), "Maria", 4)],
        details=Details(order_numbers=("123",), emails=("e@x.io",), phones=("+1 555 0100",)),
        assignee="Maria",
        conversation_number=2,
    )
    assert "&lt;b&gt;Eve&lt;/b&gt; &amp; Co 🎂" in card
    assert "@eve" in card and "language: de" in card
    assert "1 earlier conversation" in card and "5 Jan 2026 with Maria, rated 4/5" in card
    assert "Order: 123" in card and "E-mail: e@x.io" in card and "Phone: +1 555 0100" in card
    assert "Assigned to: <b>Maria</b>" in card


def test_card_is_never_longer_than_telegram_allows() -> None:
    many = tuple(f"{'x' * 60}{n}@example.com" for n in range(200))
    card = ticket_card(
        EN,
        customer_id=1,
        full_name="N" * 500,
        username=None,
        language=None,
        earlier=[],
        details=Details(emails=many),
        assignee="M" * 500,
        conversation_number=1,
    )
    assert len(card) <= TEXT_LIMIT


def test_small_talk_is_only_a_bare_greeting() -> None:
    assert is_small_talk("hi")
    assert is_small_talk("Good morning! 👋")
    assert is_small_talk("Hello there")
    assert not is_small_talk("hi, my cake is broken")
    assert not is_small_talk("hello #12345")
    assert not is_small_talk("hello?")
    assert not is_small_talk(None)


def test_opening_list_stays_within_telegram_limits() -> None:
    from views.alert_texts import waited_overnight

    entries = [("N" * 200, "https://t.me/c/1000000001/" + str(n)) for n in range(500)]
    text = waited_overnight(EN, entries)
    assert len(text) < TEXT_LIMIT
    assert "and 480 more" in text
