"""The toolkit's pure decisions: keys, language variants, placeholders, safe search terms,
and the flood and swarm guards' arithmetic."""

from __future__ import annotations

import pytest

from logic.saved_answers import (
    AnswerKey,
    BadKey,
    closest_keys,
    language_of,
    parse_key,
    pick_variant,
    plain,
    render,
)
from logic.search_terms import all_of, prefix_term, search_words
from logic.shield import (
    MUTE_SECONDS,
    SWARM_ARRIVALS,
    SWARM_CALM,
    FloodState,
    flood_step,
    mute_over,
    swarm_step,
)


def test_keys_are_short_words_with_an_optional_language() -> None:
    assert parse_key("Refund") == AnswerKey("refund", "")
    assert parse_key("opening-hours_2.DE") == AnswerKey("opening-hours_2", "de")
    assert parse_key("a" * 32).key == "a" * 32


@pytest.mark.parametrize("key", ["a" * 33, "re fund", "r€fund", "<b>", "", ".de", "a.b.c"])
def test_odd_keys_are_refused(key: str) -> None:
    with pytest.raises(BadKey):
        parse_key(key)


def test_a_language_the_desk_does_not_speak_is_refused() -> None:
    with pytest.raises(BadKey) as error:
        parse_key("refund.xx")
    assert error.value.reason == "language"


def test_customers_get_their_language_variant_or_the_default() -> None:
    variants = {"": "Hello", "de": "Hallo", "pt": "Olá"}
    assert pick_variant(variants, "de") == "Hallo"
    assert pick_variant(variants, "pt-br") == "Olá"
    assert pick_variant(variants, "fr") == "Hello"
    assert pick_variant(variants, None) == "Hello"
    assert pick_variant({"de": "Hallo"}, "en") == "Hallo"  # no default: what there is
    assert language_of("zz") == ""


def test_placeholders_are_filled_in_escaped_and_formatting_kept() -> None:
    saved = "<b>Hi {name}</b>, {agent} from {shop} here. {unknown}"
    out = render(saved, name="<Anna & Co>", shop="Corner Bakery", agent="Maria")
    assert out == ("<b>Hi &lt;Anna &amp; Co&gt;</b>, Maria from Corner Bakery here. {unknown}")
    assert plain(out) == "Hi <Anna & Co>, Maria from Corner Bakery here. {unknown}"


def test_closest_keys_for_a_typo() -> None:
    assert closest_keys("refnd", ["refund", "hours", "delivery"]) == ["refund"]


def test_search_words_become_quoted_prefix_phrases() -> None:
    assert search_words('cake "OR" 🎂 anna@example.com NEAR(') == [
        "cake",
        '"OR"',
        "anna@example.com",
        "NEAR(",
    ]
    assert prefix_term('say "hi"') == '"say ""hi"""*'
    assert all_of(["squashed", "cake"]) == '"squashed"* "cake"*'


def test_thirty_messages_a_minute_pass_the_thirty_first_mutes() -> None:
    state = FloodState()
    for second in range(30):
        step = flood_step(state, 1000.0 + second, limit=30)
        assert not step.held
        state = step.state
    step = flood_step(state, 1030.0, limit=30)
    assert step.muted_now and step.held
    assert step.state.muted_until == 1030.0 + MUTE_SECONDS
    later = flood_step(step.state, 1100.0, limit=30)
    assert later.held and not later.muted_now
    assert mute_over(step.state, 1030.0 + MUTE_SECONDS)


def test_a_steady_pace_under_the_limit_never_mutes() -> None:
    state = FloodState()
    for n in range(200):  # one message every 2.1 s: 29 a minute
        step = flood_step(state, n * 2.1, limit=30)
        assert not step.held
        state = step.state
    assert len(state.recent) <= 30


def test_a_flood_limit_of_zero_turns_the_guard_off() -> None:
    state = FloodState()
    for _ in range(500):
        step = flood_step(state, 5.0, limit=0)
        assert not step.held
        state = step.state


def test_the_swarm_guard_rises_above_the_threshold_and_stays_up_a_while() -> None:
    assert swarm_step(SWARM_ARRIVALS, None, 100.0) == swarm_step(SWARM_ARRIVALS, None, 100.0)
    assert swarm_step(SWARM_ARRIVALS, None, 100.0).until is None
    started = swarm_step(SWARM_ARRIVALS + 1, None, 100.0)
    assert started.started and started.until == 100.0 + SWARM_CALM
    going_on = swarm_step(SWARM_ARRIVALS + 5, started.until, 130.0)
    assert not going_on.started and going_on.until == 130.0 + SWARM_CALM
    quieter = swarm_step(3, going_on.until, 200.0)
    assert quieter.until == going_on.until  # still up until calm
    assert swarm_step(3, going_on.until, 130.0 + SWARM_CALM).until is None
