"""The business inbox's pure decisions: chat keys, what a connection update means, which
refusals pass, and the signature line above re-sent words."""

from __future__ import annotations

import pytest

from logic.business import (
    Change,
    Rights,
    change_of,
    is_business_key,
    refusal_of,
    stored_chat_id,
    telegram_chat_id,
)
from relay.resend import _entities, _signed

ON = Rights(enabled=True, can_reply=True, can_read=True)


def test_a_business_chat_is_stored_apart_from_the_bot_chat_with_the_same_person() -> None:
    bot_chat, business_chat = stored_chat_id(1002, False), stored_chat_id(1002, True)
    assert bot_chat == 1002 and business_chat != 1002
    assert is_business_key(business_chat) and not is_business_key(bot_chat)
    assert not is_business_key(-1001234567890)  # groups keep their ids
    assert telegram_chat_id(business_chat) == telegram_chat_id(bot_chat) == 1002
    assert telegram_chat_id(-1001234567890) == -1001234567890


@pytest.mark.parametrize(
    ("before", "after", "change"),
    [
        (None, ON, Change.CONNECTED),
        (Rights(False, True, True), ON, Change.CONNECTED),  # enabled again
        (ON, Rights(True, False, True), Change.RIGHTS_CHANGED),
        (ON, ON, Change.UNCHANGED),
        (ON, Rights(False, True, True), Change.DISCONNECTED),
        (Rights(False, True, True), Rights(False, False, False), Change.UNCHANGED),
        (None, Rights(False, True, True), Change.DISCONNECTED),
    ],
)
def test_what_a_connection_update_means(
    before: Rights | None, after: Rights, change: Change
) -> None:
    assert change_of(before, after) is change


def test_which_refusals_pass() -> None:
    assert refusal_of("Bad Request: BUSINESS_PEER_USAGE_MISSING") == "window"
    assert refusal_of("Bad Request: business connection not found") == "connection"
    assert refusal_of("Forbidden: BOT_ACCESS_FORBIDDEN") == "connection"
    assert refusal_of("Forbidden: bot was blocked by the user") is None
    assert refusal_of("Bad Request: message text is empty") is None


def test_the_signature_goes_above_the_words_and_moves_their_formatting() -> None:
    words, shift = _signed("Use code CAKE10", "Maria from Corner Bakery:", 4096)
    assert words == "Maria from Corner Bakery:\nUse code CAKE10"
    [bold] = _entities([{"type": "bold", "offset": 9, "length": 6}], shift) or []
    assert words[bold.offset : bold.offset + bold.length] == "CAKE10"


def test_the_signature_counts_in_utf16_like_telegram() -> None:
    words, shift = _signed("🎂 ok", "Zoë 🍰:", 4096)
    assert shift == len("Zoë 🍰:\n") + 1  # the cake is two UTF-16 units
    assert words == "Zoë 🍰:\n🎂 ok"


def test_no_signature_when_it_would_not_fit() -> None:
    long = "x" * 1024
    assert _signed(long, "Maria from Corner Bakery:", 1024) == (long, 0)
    assert _signed(None, "Maria from Corner Bakery:", 1024)[0] == "Maria from Corner Bakery:"
