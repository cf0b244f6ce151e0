"""Owner figures: medians, nearest-rank percentiles, periods, per person and per day; texts."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from logic.stats import (
    ConversationRecord,
    DaysError,
    Figures,
    median,
    parse_days,
    percentile,
    period_ending,
    report,
)
from views import report_texts
from views.i18n import speech
from views.texts import TEXT_LIMIT

UTC_ZONE = ZoneInfo("UTC")
SLA = 600

EN = speech("en")


def at(day: int, hour: int, minute: int = 0) -> float:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC).timestamp()


NOW = at(23, 9, 30)  # Monday
PERIOD = period_ending(NOW, 7, UTC_ZONE)  # Tue 17 – Mon 23 November 2026
RECORDS = [
    # id, assignee, opened, first staff reply, closed, rating
    ConversationRecord(1, 1, at(17, 10), at(17, 10, 2), at(17, 11), 5),
    ConversationRecord(2, 1, at(17, 11), at(17, 11, 15), at(17, 13), 3),  # late reply
    ConversationRecord(3, 2, at(19, 9), at(19, 9, 5), at(20, 12), 4),
    ConversationRecord(4, 2, at(23, 8), None, None, None),  # waiting 90 min: missed
    ConversationRecord(5, None, at(23, 9, 25), None, None, None),  # waiting 5 min: not yet
    ConversationRecord(6, 1, at(16, 23), at(16, 23, 10), at(18, 1), 1),  # opened before
    ConversationRecord(7, 2, at(20, 12), None, at(20, 12, 5), None),  # closed in time
    ConversationRecord(8, 2, at(21, 12), None, at(21, 13), None),  # closed unanswered: missed
]
NAMES = {1: "Maria", 2: "Tom <b>&</b>"}


def test_median_of_odd_and_even_counts_and_of_nothing() -> None:
    assert median([300, 120, 900]) == 300
    assert median([120, 900]) == 510
    assert median([4, 1, 3, 2]) == 2.5
    assert median([7]) == 7
    assert median([]) is None


def test_percentile_by_nearest_rank() -> None:
    assert percentile(list(range(1, 11)), 90) == 9  # ⌈0.9·10⌉ = 9th
    assert percentile(list(range(20, 0, -1)), 90) == 18  # unsorted input, ⌈18⌉ = 18th
    assert percentile([120, 300, 900], 90) == 900  # ⌈2.7⌉ = 3rd
    assert percentile([1, 2], 90) == 2
    assert percentile([5], 90) == 5
    assert percentile([3, 1, 2], 0) == 1
    assert percentile([], 90) is None


@pytest.mark.parametrize(("argument", "days"), [("", 7), ("30", 30), (" 14 ", 14), ("366", 366)])
def test_days_argument(argument: str, days: int) -> None:
    assert parse_days(argument) == days


@pytest.mark.parametrize("argument", ["abc", "0", "367", "100000", "-3", "1.5", "7 days", "٣"])
def test_bad_days_argument(argument: str) -> None:
    with pytest.raises(DaysError):
        parse_days(argument)


def test_period_is_whole_local_days_up_to_today() -> None:
    assert (PERIOD.first_day, PERIOD.last_day, PERIOD.days) == (
        date(2026, 11, 17),
        date(2026, 11, 23),
        7,
    )
    assert (PERIOD.start, PERIOD.end) == (at(17, 0), at(24, 0))
    berlin = period_ending(NOW, 1, ZoneInfo("Europe/Berlin"))
    assert (berlin.start, berlin.end) == (at(22, 23), at(23, 23))


def test_period_across_a_daylight_saving_change() -> None:
    new_york = period_ending(NOW, 30, ZoneInfo("America/New_York"))  # clocks went back 1 Nov
    assert new_york.first_day == date(2026, 10, 25)
    assert new_york.start == datetime(2026, 10, 25, 4, tzinfo=UTC).timestamp()
    assert new_york.end == at(24, 5)
    assert new_york.end - new_york.start == 30 * 86400 + 3600


def test_figures_of_the_whole_shop() -> None:
    total = report(RECORDS, NAMES, PERIOD, SLA, NOW).total
    assert total == Figures(
        opened=7,  # 6 was opened before the period
        closed=6,  # 6 counts: it was closed in the period
        first_response_median=300,  # of 120, 300 and 900 s
        first_response_p90=900,
        resolution_median=5400,  # of 300, 3600, 3600, 7200, 93600, 97200 s
        stars=(1, 0, 1, 1, 1),
        missed=3,  # 2 (15 min), 4 (still waiting) and 8 (closed after an hour, no reply)
    )
    assert total.rated == 4
    assert total.average_rating == 3.25


def test_figures_per_person_busiest_first() -> None:
    people = report(RECORDS, NAMES, PERIOD, SLA, NOW).people
    assert [(p.user_id, p.name) for p in people] == [
        (2, "Tom <b>&</b>"),
        (1, "Maria"),
        (None, "Unassigned"),
    ]
    tom, maria, nobody = (p.figures for p in people)
    assert tom == Figures(4, 3, 300, 300, 3600, (0, 0, 0, 1, 0), 2)
    assert maria == Figures(2, 3, 510, 900, 7200, (1, 0, 1, 0, 1), 1)
    assert nobody == Figures(1, 0, None, None, None, (0, 0, 0, 0, 0), 0)


def test_unknown_people_are_named_by_id_and_idle_ones_left_out() -> None:
    records = [
        ConversationRecord(1, 99, at(23, 8), None, None, None),
        ConversationRecord(2, 1, at(1, 8), None, at(1, 9), None),  # before the period
    ]
    people = report(records, {}, PERIOD, SLA, NOW).people
    assert [p.name for p in people] == ["user 99"]


def test_series_per_local_day() -> None:
    days = report(RECORDS, NAMES, PERIOD, SLA, NOW).days
    assert [(d.day.day, d.opened, d.closed, d.first_response_median) for d in days] == [
        (17, 2, 2, 510),
        (18, 0, 1, None),
        (19, 1, 0, 300),
        (20, 1, 2, None),
        (21, 1, 1, None),
        (22, 0, 0, None),
        (23, 2, 0, None),
    ]


def test_days_follow_the_shop_zone() -> None:
    late = ConversationRecord(1, 1, at(22, 23, 30), None, None, None)  # Monday 00:30 in Berlin
    berlin = period_ending(NOW, 2, ZoneInfo("Europe/Berlin"))
    days = report([late], {}, berlin, SLA, NOW).days
    assert [(d.day, d.opened) for d in days] == [(date(2026, 11, 22), 0), (date(2026, 11, 23), 1)]


def test_empty_input() -> None:
    empty = report([], NAMES, PERIOD, SLA, NOW)
    assert empty.is_empty and empty.people == ()
    assert empty.total == Figures(0, 0, None, None, None, (0, 0, 0, 0, 0), 0)
    assert empty.total.average_rating is None
    assert [d.opened for d in empty.days] == [0] * 7


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0, "0 s"),
        (45, "45 s"),
        (59.6, "1 min"),
        (240, "4 min"),
        (150, "3 min"),
        (3599, "1 h"),
        (4800, "1 h 20 min"),
        (7199, "2 h"),
        (86399, "1 d"),
        (2 * 86400 + 3 * 3600, "2 d 3 h"),
        (2 * 86400 + 20 * 60, "2 d"),
    ],
)
def test_durations_in_words(seconds: float, words: str) -> None:
    assert report_texts.duration(EN, seconds) == words


def test_stats_message() -> None:
    text = report_texts.stats(EN, report(RECORDS, NAMES, PERIOD, SLA, NOW))
    assert text == "\n".join(
        [
            "📊 <b>Last 7 days</b> · 17–23 Nov 2026 (UTC)",
            "",
            "💬 Conversations: <b>7</b> opened, <b>6</b> closed",
            "⏱ First response: median <b>5 min</b>, 90% within <b>15 min</b>",
            "✅ Resolution: median <b>1 h 30 min</b>",
            "⭐ Ratings: <b>3.3</b> average from 4 (5★ 1 · 4★ 1 · 3★ 1 · 2★ 0 · 1★ 1)",
            "⏰ Deadlines missed: <b>3</b> of 7 (a reply is due within 10 min)",
            "",
            "<b>Per person</b> (median times)",
            "👤 <b>Tom &lt;b&gt;&amp;&lt;/b&gt;</b>: 4 opened, 3 closed",
            "    ⏱ first reply 5 min, 90% within 5 min · ✅ resolution 1 h",
            "    ⭐ 4.0 from 1 (4★ 1) · ⏰ 2 missed",
            "👤 <b>Maria</b>: 2 opened, 3 closed",
            "    ⏱ first reply 9 min, 90% within 15 min · ✅ resolution 2 h",
            "    ⭐ 3.0 from 3 (5★ 1 · 3★ 1 · 1★ 1) · ⏰ 1 missed",
            "👤 <b>Unassigned</b>: 1 opened, 0 closed",
            "    ⏱ no reply yet",
        ]
    )


def test_stats_message_without_replies_closes_or_ratings() -> None:
    waiting = [ConversationRecord(1, 1, at(23, 9, 29), None, None, None)]
    text = report_texts.stats(
        EN, report(waiting, {1: "Maria"}, period_ending(NOW, 1, UTC_ZONE), SLA, NOW)
    )
    assert text.splitlines()[0] == "📊 <b>Today</b> · 23 Nov 2026 (UTC)"
    assert "⏱ First response: no staff replies yet" in text
    assert "✅ Resolution: nothing closed yet" in text
    assert "⭐ Ratings: none yet" in text
    assert "⏰ Deadlines missed: <b>0</b> of 1" in text


def test_empty_period_says_nothing_yet() -> None:
    text = report_texts.stats(EN, report([], NAMES, PERIOD, SLA, NOW))
    assert text == (
        "📊 <b>Last 7 days</b> · 17–23 Nov 2026 (UTC)\n\n"
        "Nothing yet: no conversations were opened or closed in this period. "
        "Try a longer one, e.g. /stats 30."
    )


def test_period_spans_in_words() -> None:
    assert report_texts.span(EN, period_ending(NOW, 14, UTC_ZONE)) == "10–23 Nov 2026"
    assert (
        report_texts.span(EN, period_ending(NOW, 30, UTC_ZONE)) == "25 Oct\u2009–\u200923 Nov 2026"
    )
    assert (
        report_texts.span(EN, period_ending(NOW, 366, UTC_ZONE))
        == "23 Nov 2025\u2009–\u200923 Nov 2026"
    )


def test_bad_argument_answer_is_one_escaped_line() -> None:
    assert report_texts.bad_days(EN, "stats", "abc") == (
        "“abc” is not a number of days from 1 to 366. Example: /stats 30"
    )
    assert "&lt;b&gt;" in report_texts.bad_days(EN, "export", "<b>")


def test_a_big_team_with_long_names_stays_within_one_message() -> None:
    records = [
        ConversationRecord(
            n, 100 + n % 30, at(17, 9) + n, at(17, 10) + n, at(18, 9) + n, n % 5 + 1
        )
        for n in range(3000)
    ]
    names = {100 + n: f"{n} & " + "W" * 80 for n in range(30)}
    text = report_texts.stats(EN, report(records, names, PERIOD, SLA, NOW))
    rendered = re.sub(r"<[^>]+>", "", text).replace("&amp;", "&")
    assert len(rendered) <= TEXT_LIMIT
    assert rendered.endswith("… and 18 more (see /export)")
