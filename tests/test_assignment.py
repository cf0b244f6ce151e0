"""Who takes a new conversation (PRODUCT.md flow 3)."""

from logic.assignment import Candidate, choose_assignee

OWNER = 1


def test_returning_customer_goes_back_to_last_helper_on_duty() -> None:
    team = [Candidate(10, True, 0), Candidate(11, True, 5)]
    assert choose_assignee(team, last_helper_id=11, owner_id=OWNER) == 11


def test_last_helper_off_duty_means_least_busy_on_duty() -> None:
    team = [Candidate(10, True, 3), Candidate(11, False, 0), Candidate(12, True, 1)]
    assert choose_assignee(team, last_helper_id=11, owner_id=OWNER) == 12


def test_last_helper_who_left_the_team_is_not_chosen() -> None:
    team = [Candidate(10, True, 2)]
    assert choose_assignee(team, last_helper_id=99, owner_id=OWNER) == 10


def test_fewest_open_conversations_wins() -> None:
    team = [Candidate(10, True, 2), Candidate(11, True, 1), Candidate(12, True, 4)]
    assert choose_assignee(team, last_helper_id=None, owner_id=OWNER) == 11


def test_tie_goes_to_whoever_joined_first() -> None:
    team = [Candidate(10, True, 1), Candidate(11, True, 1)]
    assert choose_assignee(team, last_helper_id=None, owner_id=OWNER) == 10


def test_nobody_on_duty_means_the_owner() -> None:
    team = [Candidate(10, False, 0), Candidate(11, False, 0)]
    assert choose_assignee(team, last_helper_id=10, owner_id=OWNER) == OWNER


def test_empty_team_means_the_owner() -> None:
    assert choose_assignee([], last_helper_id=None, owner_id=OWNER) == OWNER
