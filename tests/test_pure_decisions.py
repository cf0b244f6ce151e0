"""Pure decisions moved out of the flows: which way a message goes, who "Name" is, links,
and taking a day out of a closure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from logic.hours.closures import without_day
from logic.hours.model import Closure
from logic.intake import COMMENT_WINDOW_SECONDS, Branch, LastConversation, branch_for
from logic.links import topic_link
from logic.people import find_colleague

NOW = 10_000.0


def test_a_first_message_opens_a_conversation() -> None:
    assert branch_for(None, "My cake arrived squashed", NOW) is Branch.OPEN


def test_a_bare_hello_is_greeted_and_kept() -> None:
    assert branch_for(None, "hello!", NOW) is Branch.GREET


def test_words_soon_after_rating_are_a_comment_and_later_ones_are_not() -> None:
    rated = LastConversation(comment_requested_at=NOW - 60, followup_sent_at=None)
    long_ago = LastConversation(NOW - COMMENT_WINDOW_SECONDS - 1, followup_sent_at=None)
    assert branch_for(rated, "Lovely service", NOW) is Branch.COMMENT
    assert branch_for(long_ago, "My bread is stale", NOW) is Branch.OPEN


def test_an_answer_to_the_follow_up_reopens_the_conversation() -> None:
    followed_up = LastConversation(comment_requested_at=None, followup_sent_at=NOW - 5)
    assert branch_for(followed_up, "No, still broken", NOW) is Branch.REOPEN


@dataclass(frozen=True)
class Member:
    name: str
    username: str | None
    first_name: str


TEAM = [
    Member("Maria", "maria_b", "Maria"),
    Member("Tom", None, "Thomas"),
    Member("Max", "maxi", "Maria"),
]


def test_a_colleague_is_found_by_name_then_username_then_first_name() -> None:
    assert find_colleague(TEAM, "maria") == TEAM[0]  # the display name wins over first names
    assert find_colleague(TEAM, "@MAXI") == TEAM[2]
    assert find_colleague(TEAM, " thomas ") == TEAM[1]


def test_an_unknown_or_ambiguous_colleague_is_nobody() -> None:
    assert find_colleague(TEAM, "Olga") is None
    two_marias = [Member("Maria", None, "Maria"), Member("Maria", None, "Maria")]
    assert find_colleague(two_marias, "Maria") is None


def test_topic_links_exist_only_for_supergroup_topics() -> None:
    assert topic_link(-1001234567890, 42) == "https://t.me/c/1234567890/42"
    assert topic_link(-1001234567890, None) is None
    assert topic_link(-4567, 42) is None  # a basic group has no t.me/c links


def test_taking_a_day_out_of_a_closure_splits_it() -> None:
    holidays = Closure(date(2026, 12, 24), date(2026, 12, 31), "Holidays")
    assert without_day(holidays, date(2026, 12, 27)) == [
        Closure(date(2026, 12, 24), date(2026, 12, 26), "Holidays"),
        Closure(date(2026, 12, 28), date(2026, 12, 31), "Holidays"),
    ]
    assert without_day(holidays, date(2026, 12, 24)) == [
        Closure(date(2026, 12, 25), date(2026, 12, 31), "Holidays")
    ]
    assert without_day(holidays, date(2027, 1, 5)) == [holidays]
