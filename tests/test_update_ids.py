"""Which update ids the webhook takes as Telegram's."""

from __future__ import annotations

from logic.update_ids import (
    MAX_UPDATE_ID,
    PLAUSIBLE_DISTANCE,
    QUIET_SECONDS,
    plausible_update_id,
)

NEWEST = 734_000_000


def test_the_next_ids_and_redeliveries_are_plausible() -> None:
    assert plausible_update_id(NEWEST + 1, NEWEST, 5.0)
    assert plausible_update_id(NEWEST, NEWEST, 5.0)
    assert plausible_update_id(NEWEST - 3, NEWEST, 5.0)


def test_an_id_far_from_the_newest_is_not_in_either_direction() -> None:
    assert plausible_update_id(NEWEST + PLAUSIBLE_DISTANCE, NEWEST, 5.0)
    assert not plausible_update_id(NEWEST + PLAUSIBLE_DISTANCE + 1, NEWEST, 5.0)
    assert plausible_update_id(NEWEST - PLAUSIBLE_DISTANCE, NEWEST, 5.0)
    assert not plausible_update_id(NEWEST - PLAUSIBLE_DISTANCE - 1, NEWEST, 5.0)


def test_after_a_quiet_week_any_id_telegram_could_pick_is_plausible() -> None:
    assert plausible_update_id(12_345, NEWEST, QUIET_SECONDS)
    assert plausible_update_id(MAX_UPDATE_ID, NEWEST, QUIET_SECONDS)


def test_the_first_update_ever_may_have_any_id() -> None:
    assert plausible_update_id(987_654_321, None, 0.0)


def test_ids_outside_32_bits_or_not_positive_never_are() -> None:
    for forged in (MAX_UPDATE_ID + 1, 10**18, 0, -5):
        assert not plausible_update_id(forged, None, QUIET_SECONDS)
        assert not plausible_update_id(forged, NEWEST, QUIET_SECONDS)
