"""Details found in a customer's own words, for the ticket card."""

import pytest

from logic.details import Details, extract_details


def test_order_number_after_hash() -> None:
    assert extract_details("My order #12345 never came").order_numbers == ("12345",)


@pytest.mark.parametrize(
    ("text", "order"),
    [
        ("order number AB-7781 is wrong", "AB-7781"),
        ("Order no. 5566 arrived broken", "5566"),
        ("Bestellung 99812", "99812"),
        ("order: 1234567 please", "1234567"),
    ],
)
def test_order_number_after_a_word(text: str, order: str) -> None:
    assert extract_details(text).order_numbers == (order,)


def test_words_without_digits_are_not_order_numbers() -> None:
    assert extract_details("I ordered the cake, ticket #abc").order_numbers == ()


def test_email_and_phone_next_to_an_order_number() -> None:
    found = extract_details("Order #12345: mail anna@example.com or call +49 30 1234567")
    assert found == Details(
        order_numbers=("12345",), emails=("anna@example.com",), phones=("+49 30 1234567",)
    )


@pytest.mark.parametrize("phone", ["+44 20 7946 0958", "(555) 123-4567", "0151 2345678"])
def test_phone_formats(phone: str) -> None:
    assert extract_details(f"please call me on {phone} today").phones == (phone,)


@pytest.mark.parametrize(
    "text", ["I paid 12.50 on 2026-12-01", "I have 3 cakes", "it cost 1500", ""]
)
def test_amounts_and_dates_are_not_phones(text: str) -> None:
    assert extract_details(text).phones == ()


def test_repeated_details_are_listed_once_in_order() -> None:
    found = extract_details("#111 and #222, again #111; b@x.io, a@x.io, b@x.io")
    assert found.order_numbers == ("111", "222")
    assert found.emails == ("b@x.io", "a@x.io")


def test_merging_keeps_first_appearance_order() -> None:
    merged = extract_details("#1001").merged(extract_details("#2002 and #1001"))
    assert merged.order_numbers == ("1001", "2002")


def test_no_text_finds_nothing() -> None:
    assert not extract_details(None)
