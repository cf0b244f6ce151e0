"""Opening hours: parsing, closures, formatting, is_open/next_opening across DST, and words."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logic.hours import (
    CLOSED_EXAMPLE,
    HOURS_EXAMPLE,
    Closure,
    HoursParseError,
    TimeRange,
    WeeklyHours,
    closure_on,
    deserialize_hours,
    is_open,
    next_closing,
    next_opening,
    normalize_hours,
    parse_closure,
    parse_day,
    parse_hours,
    serialize_hours,
    to_text,
)
from views.i18n import speech
from views.when import describe_opening as describe_in
from views.when import week_lines

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")

EN = speech("en")


def describe_opening(opening: datetime, now: datetime, zone: ZoneInfo) -> str:
    return describe_in(EN, opening, now, zone)


def format_hours(hours: WeeklyHours) -> list[str]:
    return week_lines(EN, hours)


def week(**days: Sequence[tuple[int, int]]) -> WeeklyHours:
    """WeeklyHours from mon=[(start, end), ...] in minutes."""
    names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    return WeeklyHours(tuple(tuple(TimeRange(*r) for r in days.get(n, ())) for n in names))


def hm(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def in_utc(moment: datetime | None) -> datetime | None:
    """Compare instants in UTC: Python says two aware datetimes in different zones differ
    whenever one lies in a repeated (fall-back) hour, even when they are the same instant."""
    return None if moment is None else moment.astimezone(UTC)


def local(
    tz: ZoneInfo, year: int, month: int, day: int, hour: int, minute: int, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=tz)


MON_FRI_9_18 = week(
    **{d: [(hm("09:00"), hm("18:00"))] for d in ("mon", "tue", "wed", "thu", "fri")}
)


# --------------------------------------------------------------------------- data classes


def test_time_range_rules() -> None:
    assert TimeRange(0, 1440).minutes == 1440
    assert TimeRange(1080, 120).overnight
    assert TimeRange(1080, 120).minutes == 480
    assert not TimeRange(540, 1080).overnight
    for start, end in [(-1, 10), (1440, 10), (10, 0), (10, 1441), (600, 600)]:
        with pytest.raises(ValueError):
            TimeRange(start, end)
    with pytest.raises(TypeError):
        TimeRange(True, 10)


def test_weekly_hours_shape() -> None:
    assert WeeklyHours.empty().is_empty()
    assert not MON_FRI_9_18.is_empty()
    with pytest.raises(ValueError):
        WeeklyHours(((),) * 6)
    as_lists = WeeklyHours([[TimeRange(1, 2)], [], [], [], [], [], []])  # type: ignore[arg-type]
    assert as_lists == week(mon=[(1, 2)])
    assert hash(as_lists) == hash(week(mon=[(1, 2)]))


def test_closure_rules() -> None:
    closure = Closure(date(2026, 12, 24), date(2026, 12, 31), "Holidays")
    assert closure.covers(date(2026, 12, 24)) and closure.covers(date(2026, 12, 31))
    assert not closure.covers(date(2027, 1, 1))
    assert closure_on([closure], date(2026, 12, 25)) is closure
    assert closure_on([closure], date(2026, 12, 23)) is None
    with pytest.raises(ValueError):
        Closure(date(2026, 12, 31), date(2026, 12, 24), "x")


# --------------------------------------------------------------------------- /hours parser


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "mon-fri 09:00-18:00, sat 10:00-14:00",
            "mon-fri 09:00-18:00, sat 10:00-14:00",
        ),
        (
            "mon,wed,fri 09:00-12:00, sat 10:00-14:00",
            "mon 09:00-12:00, wed 09:00-12:00, fri 09:00-12:00, sat 10:00-14:00",
        ),
        (
            "mon, wed ,fri 9-12; sat 10-14",
            "mon 09:00-12:00, wed 09:00-12:00, fri 09:00-12:00, sat 10:00-14:00",
        ),
        ("MONDAY-Friday 9-17", "mon-fri 09:00-17:00"),
        ("Mo-Fr 9-17", "mon-fri 09:00-17:00"),
        ("fri-mon 10:00-16:00", "mon 10:00-16:00, fri-sun 10:00-16:00"),
        ("sun-sun 10-12", "sun 10:00-12:00"),
        ("mon 09:00-12:00 13:00-17:30", "mon 09:00-12:00 13:00-17:30"),
        (
            "mon 09:00-12:00, 13:00-17:30, tue 10-11",
            "mon 09:00-12:00 13:00-17:30, tue 10:00-11:00",
        ),
        ("mon 9-12 and 13-17", "mon 09:00-12:00 13:00-17:00"),
        ("tue 9.30-18.00", "tue 09:30-18:00"),
        ("tue 9:30-18", "tue 09:30-18:00"),
        ("wed 9am-5:30pm", "wed 09:00-17:30"),
        ("wed 12am-12pm", "wed 00:00-12:00"),
        ("wed 9 a.m. - 5 p.m.", "wed 09:00-17:00"),
        ("fri 18:00-02:00", "fri 18:00-02:00"),
        ("fri 18-2", "fri 18:00-02:00"),
        ("fri 18:00-24:00", "fri 18:00-24:00"),
        ("fri 18:00-00:00", "fri 18:00-24:00"),
        ("sat 24h", "sat 24h"),
        ("sat 24 hours, sun 00:00-24:00", "sat-sun 24h"),
        ("24/7", "24/7"),
        (" 24 / 7 ", "24/7"),
        ("daily 24h", "24/7"),
        ("mon-fri 9-18, wed closed", "mon-tue 09:00-18:00, thu-fri 09:00-18:00"),
        ("mon-fri 9-18, sun closed", "mon-fri 09:00-18:00"),
        ("mon-fri: 9-18", "mon-fri 09:00-18:00"),
        ("mon 9-12, mon 11-14", "mon 09:00-14:00"),
        ("mon 9-12 12-14", "mon 09:00-14:00"),
        ("mon 9-12, mon 15-16", "mon 09:00-12:00 15:00-16:00"),
        ("mon-fri 9-18 sat 10-14", "mon-fri 09:00-18:00, sat 10:00-14:00"),
        ("mon to fri 9 to 17", "mon-fri 09:00-17:00"),
        ("mon\u2013fri 9\u201317", "mon-fri 09:00-17:00"),
        ("weekdays 9-17, weekend 10-14", "mon-fri 09:00-17:00, sat-sun 10:00-14:00"),
        ("sat and sun 10-14", "sat-sun 10:00-14:00"),
        ("mon-fri, sat 10-14", "mon-sat 10:00-14:00"),
        ("mon wed 10-14", "mon 10:00-14:00, wed 10:00-14:00"),
        ("fri 18-24, sat 00:00-02:00", "fri 18:00-02:00"),
        ("fri 22:00-06:00, sat 05:00-07:00", "fri 22:00-07:00"),
        ("sun 22:00-06:00", "sun 22:00-06:00"),
        ("sat 24h, fri 20-02", "fri 20:00-24:00, sat 24h"),
        ("mon 9-17;", "mon 09:00-17:00"),
    ],
)
def test_parse_hours_accepts(text: str, expected: str) -> None:
    hours = parse_hours(text)
    assert to_text(hours) == expected
    assert parse_hours(expected) == hours


def test_parse_hours_structures() -> None:
    assert parse_hours("mon-fri 09:00-18:00") == MON_FRI_9_18
    assert parse_hours("fri 18:00-02:00") == week(fri=[(1080, 120)])
    assert parse_hours("sat 24h") == week(sat=[(0, 1440)])
    assert parse_hours("24/7") == WeeklyHours(((TimeRange(0, 1440),),) * 7)
    assert parse_hours("mon 9-12 13-17:30") == week(mon=[(540, 720), (780, 1050)])


@pytest.mark.parametrize(
    ("text", "fragment", "words"),
    [
        ("mon-fryday 09:00-18:00", "mon-fryday", "'fryday' is not a day"),
        ("mon 9:00", "9:00", "start and an end"),
        ("mon 9:00-", "9:00-", "start and an end"),
        ("mon-fri", "mon-fri", "no opening times"),
        ("mon-fri; sat 10-14", "mon-fri", "no opening times"),
        ("mon-fri, sat", "mon-fri, sat", "no opening times"),
        ("mon 25:00-26:00", "25:00-26:00", "'25:00' is not a time"),
        ("mon 9:60-10", "9:60-10", "'9:60' is not a time"),
        ("mon 9:5-10", "9:5-10", "'9:5' is not a time"),
        ("mon 24:30-10", "24:30-10", "not a time"),
        ("mon 13pm-14", "13pm-14", "not a time"),
        ("mon 0900-1800", "0900-1800", "not a time"),
        ("mon 24:00-02:00", "24:00-02:00", "can't start at 24:00"),
        ("mon 9-9", "9-9", "same time"),
        ("mon-fri 9-5", "9-5", "24-hour clock"),
        ("mon 10am-2", "10am-2", "24-hour clock"),
        ("09:00-18:00", "09:00-18:00", "start with the days"),
        ("hello", "hello", "'hello' is not a day"),
        ("mon 9-17 foo", "foo", "'foo' is not a day or a time"),
        ("mon 9-17 closed", "closed", "not expected"),
        ("mon closed 9-17", "9-17", "not expected"),
        ("mon-sun closed", "mon-sun closed", "never be open"),
        ("mon 24/7", "24/7", "on its own"),
        ("mon- 9-17", "mon-", "two days"),
        ("mon-weekend 9-17", "mon-weekend", "two days"),
        ("mon 9-17 / tue 9-17", "/", "not expected"),
    ],
)
def test_parse_hours_refuses_with_fragment(text: str, fragment: str, words: str) -> None:
    with pytest.raises(HoursParseError) as caught:
        parse_hours(text)
    error = caught.value
    assert error.fragment == fragment
    message = str(error)
    assert f"I didn't understand '{fragment}'" in message
    assert words in message
    assert message.endswith(f"Example: {HOURS_EXAMPLE}")


def test_parse_hours_refuses_empty_and_huge() -> None:
    with pytest.raises(HoursParseError) as caught:
        parse_hours("   ")
    assert caught.value.fragment == ""
    assert "Example: /hours" in str(caught.value)
    with pytest.raises(HoursParseError):
        parse_hours("mon 9-17, " * 200)


def test_parse_error_is_value_error() -> None:
    assert issubclass(HoursParseError, ValueError)


# --------------------------------------------------------------------------- formatting, storage


def test_format_hours() -> None:
    hours = parse_hours("mon-fri 09:00-18:00, sat 10:00-14:00 15-17:30, fri 20-02, sun 24h")
    assert format_hours(hours) == [
        "Mon 09:00\u201318:00",
        "Tue 09:00\u201318:00",
        "Wed 09:00\u201318:00",
        "Thu 09:00\u201318:00",
        "Fri 09:00\u201318:00, 20:00\u201302:00 (next day)",
        "Sat 10:00\u201314:00, 15:00\u201317:30",
        "Sun 24h",
    ]
    assert format_hours(WeeklyHours.empty()) == ["Always open"]
    assert format_hours(week(tue=[(1080, 1440)]))[1] == "Tue 18:00\u201324:00"
    assert format_hours(week(tue=[(1080, 1440)]))[0] == "Mon closed"


def test_to_text_refuses_empty() -> None:
    with pytest.raises(ValueError):
        to_text(WeeklyHours.empty())


def test_serialize_round_trip() -> None:
    odd = week(mon=[(600, 540), (0, 1440)], sun=[(1000, 10)])  # not canonical on purpose
    assert deserialize_hours(serialize_hours(odd)) == odd
    assert deserialize_hours(serialize_hours(WeeklyHours.empty())) == WeeklyHours.empty()


@pytest.mark.parametrize(
    "data",
    [
        "",
        "[]",
        "{}",
        '{"v":2,"days":[[],[],[],[],[],[],[]]}',
        '{"v":1,"days":[[],[],[]]}',
        '{"v":1,"days":[[[1]],[],[],[],[],[],[]]}',
        '{"v":1,"days":[[[5,5]],[],[],[],[],[],[]]}',
        '{"v":1,"days":[[["a",5]],[],[],[],[],[],[]]}',
        '{"v":1,"days":[7,[],[],[],[],[],[]]}',
        '{"v":1}',
    ],
)
def test_deserialize_refuses_junk(data: str) -> None:
    with pytest.raises(ValueError):
        deserialize_hours(data)


# --------------------------------------------------------------------------- closures

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-25 Christmas", Closure(date(2026, 12, 25), date(2026, 12, 25), "Christmas")),
        ("2026-12-25", Closure(date(2026, 12, 25), date(2026, 12, 25), "Closed")),
        (
            "2026-12-24..2026-12-31 Holidays",
            Closure(date(2026, 12, 24), date(2026, 12, 31), "Holidays"),
        ),
        (
            "2026-12-24 .. 2026-12-31   Winter   break ",
            Closure(date(2026, 12, 24), date(2026, 12, 31), "Winter break"),
        ),
        ("2026-12-24 - 2026-12-31", Closure(date(2026, 12, 24), date(2026, 12, 31), "Closed")),
        ("2026-12-24 to 2026-12-31 x", Closure(date(2026, 12, 24), date(2026, 12, 31), "x")),
        ("2026-12-24\u20132026-12-31", Closure(date(2026, 12, 24), date(2026, 12, 31), "Closed")),
        ("2026-12-5 Fair", Closure(date(2026, 12, 5), date(2026, 12, 5), "Fair")),
        ("today Sick", Closure(TODAY, TODAY, "Sick")),
        ("Tomorrow", Closure(date(2026, 12, 2), date(2026, 12, 2), "Closed")),
        ("today..2026-12-03", Closure(TODAY, date(2026, 12, 3), "Closed")),
        (
            "2026-11-30..2026-12-02 started",
            Closure(date(2026, 11, 30), date(2026, 12, 2), "started"),
        ),
        ("2026-12-25 - Christmas", Closure(date(2026, 12, 25), date(2026, 12, 25), "Christmas")),
        ("2026-12-25: Christmas", Closure(date(2026, 12, 25), date(2026, 12, 25), "Christmas")),
        (
            "2026-12-24..2026-12-31 \u2013 Holidays",
            Closure(date(2026, 12, 24), date(2026, 12, 31), "Holidays"),
        ),
    ],
)
def test_parse_closure_accepts(text: str, expected: Closure) -> None:
    assert parse_closure(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "fragment", "words"),
    [
        ("", "", "No date was given"),
        ("Christmas", "Christmas", "year-month-day"),
        ("25.12.2026 Christmas", "25.12.2026", "year-month-day"),
        ("2026-02-30 x", "2026-02-30", "no such date"),
        ("2026-13-01", "2026-13-01", "no such date"),
        ("2026-12-31..2026-12-24 Holidays", "2026-12-31..2026-12-24", "ends before it starts"),
        ("2026-11-30", "2026-11-30", "already in the past"),
        ("2026-11-01..2026-11-30 Old", "2026-11-01..2026-11-30", "already in the past"),
        ("2026-12-24..xmas", "2026-12-24..xmas", "year-month-day"),
        ("2026-12-24..2026-12-32", "2026-12-32", "no such date"),
        ("2026-12-25 " + "x" * 201, "x" * 20 + "\u2026", "too long"),
    ],
)
def test_parse_closure_refuses(text: str, fragment: str, words: str) -> None:
    with pytest.raises(HoursParseError) as caught:
        parse_closure(text, TODAY)
    assert caught.value.fragment == fragment
    assert words in str(caught.value)
    assert str(caught.value).endswith(f"Example: {CLOSED_EXAMPLE}")
    assert "/closed 2026-12-25 Christmas" in str(caught.value)


def test_parse_day() -> None:
    assert parse_day(" 2026-12-25 ") == date(2026, 12, 25)
    assert parse_day("today", today=TODAY) == TODAY
    assert parse_day("tomorrow", today=TODAY) == date(2026, 12, 2)
    for text in ["", "today", "2026-12-25 2026-12-26", "2026-02-29", "soon"]:
        with pytest.raises(HoursParseError) as caught:
            parse_day(text)
        assert "Example: /open 2026-12-25" in str(caught.value)


# --------------------------------------------------------------------------- is_open


def test_is_open_basic_minute_precision() -> None:
    # 2026-06-01 is a Monday; Berlin is UTC+2 in June.
    assert not is_open(MON_FRI_9_18, [], local(BERLIN, 2026, 6, 1, 8, 59, 59), BERLIN)
    assert is_open(MON_FRI_9_18, [], local(BERLIN, 2026, 6, 1, 9, 0), BERLIN)
    assert is_open(MON_FRI_9_18, [], local(BERLIN, 2026, 6, 1, 17, 59, 59), BERLIN)
    assert not is_open(MON_FRI_9_18, [], local(BERLIN, 2026, 6, 1, 18, 0), BERLIN)
    assert is_open(MON_FRI_9_18, [], utc(2026, 6, 1, 7, 0), BERLIN)  # 09:00 in Berlin
    assert not is_open(MON_FRI_9_18, [], local(BERLIN, 2026, 6, 6, 12, 0), BERLIN)  # Saturday


def test_is_open_overnight_and_closure_on_the_next_day() -> None:
    hours = parse_hours("fri 18:00-02:00")
    saturday = Closure(date(2026, 6, 6), date(2026, 6, 6), "Stocktaking")
    friday_late = local(BERLIN, 2026, 6, 5, 23, 30)
    saturday_early = local(BERLIN, 2026, 6, 6, 1, 30)
    assert is_open(hours, [], friday_late, BERLIN)
    assert is_open(hours, [], saturday_early, BERLIN)
    assert not is_open(hours, [], local(BERLIN, 2026, 6, 6, 2, 0), BERLIN)
    # The closure closes Saturday from 00:00, even the tail of Friday's night.
    assert is_open(hours, [saturday], friday_late, BERLIN)
    assert not is_open(hours, [saturday], saturday_early, BERLIN)
    assert next_closing(hours, [saturday], friday_late, BERLIN) == local(BERLIN, 2026, 6, 6, 0, 0)


def test_is_open_sunday_night_wraps_to_monday() -> None:
    hours = parse_hours("sun 22:00-06:00")
    assert is_open(hours, [], local(BERLIN, 2026, 6, 8, 5, 59), BERLIN)  # Monday morning
    assert not is_open(hours, [], local(BERLIN, 2026, 6, 8, 6, 0), BERLIN)


def test_empty_hours_always_open_except_closures() -> None:
    empty = WeeklyHours.empty()
    christmas = Closure(date(2026, 12, 25), date(2026, 12, 25), "Christmas")
    assert is_open(empty, [], local(BERLIN, 2026, 12, 25, 3, 0), BERLIN)
    assert not is_open(empty, [christmas], local(BERLIN, 2026, 12, 25, 3, 0), BERLIN)
    at = local(BERLIN, 2026, 12, 24, 15, 0)
    assert next_opening(empty, [], at, BERLIN) == at
    assert next_closing(empty, [], at, BERLIN) is None
    assert next_closing(empty, [christmas], at, BERLIN) == local(BERLIN, 2026, 12, 25, 0, 0)
    after = next_opening(empty, [christmas], local(BERLIN, 2026, 12, 25, 9, 0), BERLIN)
    assert after == local(BERLIN, 2026, 12, 26, 0, 0)


def test_closure_uses_the_shops_calendar_day() -> None:
    # 23:30 UTC on the 24th is already the 25th in Berlin.
    christmas = Closure(date(2026, 12, 25), date(2026, 12, 25), "Christmas")
    assert not is_open(WeeklyHours.empty(), [christmas], utc(2026, 12, 24, 23, 30), BERLIN)
    assert is_open(WeeklyHours.empty(), [christmas], utc(2026, 12, 24, 22, 30), BERLIN)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError):
        is_open(MON_FRI_9_18, [], datetime(2026, 6, 1, 9), BERLIN)
    with pytest.raises(ValueError):
        next_opening(MON_FRI_9_18, [], datetime(2026, 6, 1, 9), BERLIN)
    with pytest.raises(ValueError):
        describe_opening(datetime(2026, 6, 1, 9), utc(2026, 6, 1), BERLIN)


# --------------------------------------------------------------------------- next_opening


def test_next_opening_when_open_returns_at_itself() -> None:
    at = local(BERLIN, 2026, 6, 1, 9, 0, 30)
    assert next_opening(MON_FRI_9_18, [], at, BERLIN) == at
    from_utc = utc(2026, 6, 1, 7, 0, 30)
    result = next_opening(MON_FRI_9_18, [], from_utc, BERLIN)
    assert result == from_utc and result is not None and result.tzinfo is BERLIN


def test_next_opening_rounds_up_to_the_minute() -> None:
    at = local(BERLIN, 2026, 6, 1, 8, 59, 30)
    result = next_opening(MON_FRI_9_18, [], at, BERLIN)
    assert result == local(BERLIN, 2026, 6, 1, 9, 0)
    assert result is not None and result.tzinfo is BERLIN


@pytest.mark.parametrize(
    ("at", "opening", "words"),
    [
        (local(BERLIN, 2026, 6, 1, 7, 0), local(BERLIN, 2026, 6, 1, 9, 0), "today at 9:00"),
        (local(BERLIN, 2026, 6, 4, 19, 0), local(BERLIN, 2026, 6, 5, 9, 0), "tomorrow at 9:00"),
        (local(BERLIN, 2026, 6, 5, 18, 0), local(BERLIN, 2026, 6, 8, 9, 0), "on Monday at 9:00"),
        (local(BERLIN, 2026, 6, 6, 12, 0), local(BERLIN, 2026, 6, 8, 9, 0), "on Monday at 9:00"),
        (local(BERLIN, 2026, 6, 7, 23, 59), local(BERLIN, 2026, 6, 8, 9, 0), "tomorrow at 9:00"),
    ],
)
def test_next_opening_over_the_week(at: datetime, opening: datetime, words: str) -> None:
    result = next_opening(MON_FRI_9_18, [], at, BERLIN)
    assert result == opening
    assert result is not None and describe_opening(result, at, BERLIN) == words


def test_next_opening_around_midnight() -> None:
    hours = parse_hours("daily 17:00-02:00")
    assert next_opening(hours, [], local(BERLIN, 2026, 6, 2, 1, 59), BERLIN) == local(
        BERLIN, 2026, 6, 2, 1, 59
    )
    at = local(BERLIN, 2026, 6, 2, 2, 0)
    result = next_opening(hours, [], at, BERLIN)
    assert result == local(BERLIN, 2026, 6, 2, 17, 0)
    assert result is not None and describe_opening(result, at, BERLIN) == "today at 17:00"
    assert next_closing(hours, [], local(BERLIN, 2026, 6, 2, 23, 0), BERLIN) == local(
        BERLIN, 2026, 6, 3, 2, 0
    )


def test_next_opening_skips_closures() -> None:
    hours = parse_hours("mon-fri 09:00-18:00, sat 10:00-14:00")
    holidays = [Closure(date(2026, 12, 24), date(2026, 12, 31), "Holidays")]
    at = local(BERLIN, 2026, 12, 23, 19, 0)
    result = next_opening(hours, holidays, at, BERLIN)
    assert result == local(BERLIN, 2027, 1, 1, 9, 0)
    assert result is not None
    assert describe_opening(result, at, BERLIN) == "on 1 January 2027 at 9:00"


def test_next_opening_far_date_in_the_same_year() -> None:
    hours = parse_hours("sat-sun 10:00-14:00")
    closures = [Closure(date(2026, 12, 19), date(2026, 12, 26), "Holidays")]
    at = local(BERLIN, 2026, 12, 18, 20, 0)
    result = next_opening(hours, closures, at, BERLIN)
    assert result == local(BERLIN, 2026, 12, 27, 10, 0)
    assert result is not None
    assert describe_opening(result, at, BERLIN) == "on 27 December at 10:00"


def test_next_opening_none_when_closed_for_too_long() -> None:
    forever = [Closure(date(2026, 1, 1), date(2028, 1, 1), "Gone")]
    assert next_opening(MON_FRI_9_18, forever, local(BERLIN, 2026, 6, 1, 7, 0), BERLIN) is None
    assert next_opening(WeeklyHours.empty(), forever, utc(2026, 6, 1), BERLIN) is None


def test_next_closing() -> None:
    open_at = local(BERLIN, 2026, 6, 1, 10, 0)
    closing = next_closing(MON_FRI_9_18, [], open_at, BERLIN)
    assert closing == local(BERLIN, 2026, 6, 1, 18, 0)
    assert closing is not None and describe_opening(closing, open_at, BERLIN) == "today at 18:00"
    closed_at = local(BERLIN, 2026, 6, 1, 19, 0)
    assert next_closing(MON_FRI_9_18, [], closed_at, BERLIN) == closed_at
    always = parse_hours("24/7")
    assert next_closing(always, [], open_at, BERLIN) is None
    new_year = [Closure(date(2027, 1, 1), date(2027, 1, 1), "New Year")]
    assert next_closing(always, new_year, open_at, BERLIN) == local(BERLIN, 2027, 1, 1, 0, 0)


# --------------------------------------------------------------------------- DST


def test_berlin_spring_forward_opening_inside_the_gap() -> None:
    # 2026-03-29 (Sunday): 02:00 CET jumps to 03:00 CEST; 02:30 does not exist.
    hours = parse_hours("sun 02:30-04:00")
    at = utc(2026, 3, 29, 0, 30)  # 01:30 CET
    result = next_opening(hours, [], at, BERLIN)
    assert result is not None
    assert result.astimezone(UTC) == utc(2026, 3, 29, 1, 0)  # 03:00 CEST, the first real minute
    assert (result.hour, result.minute, result.utcoffset()) == (3, 0, timedelta(hours=2))
    assert describe_opening(result, at, BERLIN) == "today at 3:00"
    assert next_closing(hours, [], result, BERLIN) == utc(2026, 3, 29, 2, 0)  # 04:00 CEST


def test_berlin_spring_forward_range_entirely_in_the_gap() -> None:
    hours = parse_hours("sun 02:00-02:45")
    at = utc(2026, 3, 29, 0, 30)
    result = next_opening(hours, [], at, BERLIN)
    assert result is not None
    assert result.astimezone(UTC) == utc(2026, 4, 5, 0, 0)  # next Sunday 02:00 CEST
    assert describe_opening(result, at, BERLIN) == "on 5 April at 2:00"  # a week away


def test_berlin_spring_forward_short_night() -> None:
    hours = parse_hours("sat 22:00-06:00")
    assert next_opening(hours, [], utc(2026, 3, 28, 20, 0), BERLIN) == utc(2026, 3, 28, 21, 0)
    closing = next_closing(hours, [], utc(2026, 3, 28, 21, 0), BERLIN)
    assert closing == utc(2026, 3, 29, 4, 0)  # 06:00 CEST: a 7-hour night
    assert closing is not None and (closing.hour, closing.minute) == (6, 0)


def test_berlin_fall_back_repeated_hour() -> None:
    # 2026-10-25 (Sunday): 03:00 CEST falls back to 02:00 CET; 02:00-02:59 happens twice.
    hours = parse_hours("sun 02:00-02:30")
    first_time = utc(2026, 10, 25, 0, 10)  # 02:10 CEST
    assert is_open(hours, [], first_time, BERLIN)
    assert in_utc(next_opening(hours, [], first_time, BERLIN)) == first_time
    assert in_utc(next_closing(hours, [], first_time, BERLIN)) == utc(2026, 10, 25, 0, 30)
    between = utc(2026, 10, 25, 0, 40)  # 02:40 CEST
    assert not is_open(hours, [], between, BERLIN)
    again = next_opening(hours, [], between, BERLIN)
    assert again is not None
    assert again.astimezone(UTC) == utc(2026, 10, 25, 1, 0)  # 02:00 CET, the second time
    assert (again.hour, again.minute, again.fold) == (2, 0, 1)
    assert again.utcoffset() == timedelta(hours=1)
    assert describe_opening(again, between, BERLIN) == "today at 2:00"
    later = next_opening(hours, [], utc(2026, 10, 25, 1, 40), BERLIN)
    assert later is not None and later.astimezone(UTC) == utc(2026, 11, 1, 1, 0)


def test_berlin_fall_back_long_night() -> None:
    hours = parse_hours("sat 22:00-06:00")
    closing = next_closing(hours, [], utc(2026, 10, 24, 21, 0), BERLIN)  # 23:00 CEST
    assert in_utc(closing) == utc(2026, 10, 25, 5, 0)  # 06:00 CET
    assert closing is not None and closing.hour == 6


def test_new_york_spring_forward() -> None:
    # 2026-03-08 (Sunday): 02:00 EST jumps to 03:00 EDT.
    hours = parse_hours("sun 02:15-05:00")
    at = utc(2026, 3, 8, 6, 30)  # 01:30 EST
    result = next_opening(hours, [], at, NEW_YORK)
    assert result is not None and result.astimezone(UTC) == utc(2026, 3, 8, 7, 0)
    assert describe_opening(result, at, NEW_YORK) == "today at 3:00"


def test_new_york_fall_back() -> None:
    # 2026-11-01 (Sunday): 02:00 EDT falls back to 01:00 EST; 01:00-01:59 happens twice.
    hours = parse_hours("sun 01:30-01:45")
    at = utc(2026, 11, 1, 5, 50)  # 01:50 EDT
    result = next_opening(hours, [], at, NEW_YORK)
    assert result is not None and result.astimezone(UTC) == utc(2026, 11, 1, 6, 30)
    assert result.fold == 1 and (result.hour, result.minute) == (1, 30)


def test_new_york_relative_days_use_the_local_calendar() -> None:
    at = utc(2026, 11, 2, 3, 30)  # Sunday 22:30 EST, already Monday in UTC
    result = next_opening(MON_FRI_9_18, [], at, NEW_YORK)
    assert result is not None and result.astimezone(UTC) == utc(2026, 11, 2, 14, 0)
    assert describe_opening(result, at, NEW_YORK) == "tomorrow at 9:00"


# --------------------------------------------------------------------------- words


@pytest.mark.parametrize(
    ("opening", "words"),
    [
        (local(BERLIN, 2026, 6, 3, 17, 0), "today at 17:00"),
        (local(BERLIN, 2026, 6, 3, 9, 5), "today at 9:05"),
        (local(BERLIN, 2026, 6, 4, 0, 0), "tomorrow at 0:00"),
        (local(BERLIN, 2026, 6, 5, 9, 0), "on Friday at 9:00"),
        (local(BERLIN, 2026, 6, 9, 17, 30), "on Tuesday at 17:30"),
        (local(BERLIN, 2026, 6, 10, 9, 0), "on 10 June at 9:00"),
        (local(BERLIN, 2026, 12, 27, 10, 0), "on 27 December at 10:00"),
        (local(BERLIN, 2027, 1, 2, 9, 0), "on 2 January 2027 at 9:00"),
        (local(BERLIN, 2026, 6, 1, 9, 0), "on 1 June at 9:00"),
    ],
)
def test_describe_opening(opening: datetime, words: str) -> None:
    now = local(BERLIN, 2026, 6, 3, 8, 0)  # a Wednesday
    assert describe_opening(opening, now, BERLIN) == words


def test_describe_opening_weekday_names_across_new_year() -> None:
    now = local(BERLIN, 2026, 12, 30, 20, 0)
    assert describe_opening(local(BERLIN, 2027, 1, 4, 9, 0), now, BERLIN) == "on Monday at 9:00"


# --------------------------------------------------------------------------- properties

ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",
    "America/St_Johns",
    "Asia/Kolkata",
    "UTC",
]


def _transitions(zone: str) -> list[datetime]:
    """UTC instants in 2026 at which ``zone`` changes its offset (to the minute)."""
    tz = ZoneInfo(zone)
    found: list[datetime] = []
    hour = utc(2026, 1, 1)
    previous = hour.astimezone(tz).utcoffset()
    while hour.year == 2026:
        step = hour + timedelta(hours=1)
        offset = step.astimezone(tz).utcoffset()
        if offset != previous:
            minute = hour
            while minute.astimezone(tz).utcoffset() == previous:
                minute += timedelta(minutes=1)
            found.append(minute)
            previous = offset
        hour = step
    return found


TRANSITIONS = {zone: _transitions(zone) for zone in ZONES}


def test_transition_table_is_sane() -> None:
    assert TRANSITIONS["Europe/Berlin"] == [utc(2026, 3, 29, 1, 0), utc(2026, 10, 25, 1, 0)]
    assert len(TRANSITIONS["Australia/Lord_Howe"]) == 2
    assert TRANSITIONS["UTC"] == []


minute_of_day = st.one_of(
    st.integers(0, 1439), st.sampled_from([0, 60, 90, 120, 150, 180, 540, 1080, 1380, 1439])
)
minute_end = st.one_of(
    st.integers(1, 1440), st.sampled_from([60, 120, 150, 180, 181, 360, 1020, 1440])
)
time_ranges = (
    st.tuples(minute_of_day, minute_end)
    .filter(lambda p: p[0] != p[1])
    .map(lambda p: TimeRange(*p))
)
weekly_hours = st.lists(st.lists(time_ranges, max_size=3).map(tuple), min_size=7, max_size=7).map(
    lambda days: WeeklyHours(tuple(days))
)


@st.composite
def situations(
    draw: st.DrawFn,
) -> tuple[WeeklyHours, list[Closure], datetime, ZoneInfo]:
    zone = draw(st.sampled_from(ZONES))
    tz = ZoneInfo(zone)
    near_transition = draw(st.booleans())
    if TRANSITIONS[zone] and near_transition:
        anchor = draw(st.sampled_from(TRANSITIONS[zone]))
        at = anchor + timedelta(minutes=draw(st.integers(-2 * 1440, 2 * 1440)))
    else:
        at = utc(2026, 1, 1) + timedelta(minutes=draw(st.integers(0, 366 * 1440)))
    at += timedelta(seconds=draw(st.sampled_from([0, 0, 1, 30, 59])))
    at = at.astimezone(draw(st.sampled_from([UTC, tz, NEW_YORK])))
    hours = draw(weekly_hours)
    today = at.astimezone(tz).date()
    closures = [
        Closure(today + timedelta(days=start), today + timedelta(days=start + length), "x")
        for start, length in draw(
            st.lists(st.tuples(st.integers(-3, 20), st.integers(0, 8)), max_size=3)
        )
    ]
    return hours, closures, at, tz


PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
FULL_CHECK = timedelta(days=3)
SAMPLE_STEP = timedelta(minutes=7)


def _minutes_between(start: datetime, stop: datetime) -> list[datetime]:
    """UTC minute starts in (start, stop): every one for FULL_CHECK, then a sample, then every
    one in the last three hours before ``stop``."""
    first = start.replace(second=0, microsecond=0) + timedelta(minutes=1)
    out: list[datetime] = []
    moment = first
    while moment < stop:
        out.append(moment)
        near_end = stop - moment <= timedelta(hours=3)
        dense = moment - first < FULL_CHECK or near_end
        moment += timedelta(minutes=1) if dense else SAMPLE_STEP
    return out


@PROPERTY_SETTINGS
@given(situations())
def test_next_opening_is_the_first_open_minute(
    situation: tuple[WeeklyHours, list[Closure], datetime, ZoneInfo],
) -> None:
    hours, closures, at, tz = situation
    result = next_opening(hours, closures, at, tz)
    assert result is not None  # closures are short, every week has an open minute
    assert result.tzinfo is tz
    start = at.astimezone(UTC)
    found = result.astimezone(UTC)
    assert found >= start
    assert is_open(hours, closures, result, tz)
    if found == start:
        return
    assert (found.second, found.microsecond) == (0, 0)
    assert not is_open(hours, closures, at, tz)
    for moment in _minutes_between(start, found):
        assert not is_open(hours, closures, moment, tz), moment


@PROPERTY_SETTINGS
@given(situations())
def test_next_closing_is_the_first_closed_minute(
    situation: tuple[WeeklyHours, list[Closure], datetime, ZoneInfo],
) -> None:
    hours, closures, at, tz = situation
    result = next_closing(hours, closures, at, tz)
    start = at.astimezone(UTC)
    if result is None:
        assert not closures or all(c.last < start.astimezone(tz).date() for c in closures)
        assert normalize_hours(hours) == parse_hours("24/7") or hours.is_empty()
        return
    found = result.astimezone(UTC)
    assert found >= start
    assert not is_open(hours, closures, result, tz)
    if found == start:
        return
    assert (found.second, found.microsecond) == (0, 0)
    assert is_open(hours, closures, at, tz)
    for moment in _minutes_between(start, found):
        assert is_open(hours, closures, moment, tz), moment


def _reference_is_open(
    hours: WeeklyHours, closures: Sequence[Closure], at: datetime, tz: ZoneInfo
) -> bool:
    """is_open written straight from the rules, from the raw ranges."""
    wall = at.astimezone(tz)
    day, minute = wall.date(), wall.hour * 60 + wall.minute
    if any(c.first <= day <= c.last for c in closures):
        return False
    if hours.is_empty():
        return True
    today = hours.days[day.weekday()]
    yesterday = hours.days[(day.weekday() - 1) % 7]
    if any(r.start <= minute < (r.end if r.end > r.start else 1440) for r in today):
        return True
    return any(r.end < r.start and minute < r.end for r in yesterday)


@PROPERTY_SETTINGS
@given(situations(), st.lists(st.integers(-3 * 1440, 3 * 1440), min_size=1, max_size=30))
def test_is_open_matches_the_rules(
    situation: tuple[WeeklyHours, list[Closure], datetime, ZoneInfo], shifts: list[int]
) -> None:
    hours, closures, at, tz = situation
    for shift in shifts:
        moment = at + timedelta(minutes=shift)
        assert is_open(hours, closures, moment, tz) == _reference_is_open(
            hours, closures, moment, tz
        )


def _open_minutes(hours: WeeklyHours) -> set[int]:
    minutes: set[int] = set()
    for weekday, ranges in enumerate(hours.days):
        for r in ranges:
            base = weekday * 1440 + r.start
            minutes.update((base + k) % (7 * 1440) for k in range(r.minutes))
    return minutes


@PROPERTY_SETTINGS
@given(weekly_hours)
def test_normalize_keeps_meaning_and_is_canonical(hours: WeeklyHours) -> None:
    canonical = normalize_hours(hours)
    assert _open_minutes(canonical) == _open_minutes(hours)
    assert normalize_hours(canonical) == canonical
    for ranges in canonical.days:
        starts = [r.start for r in ranges]
        assert starts == sorted(starts)
        for earlier, later in itertools.pairwise(ranges):
            assert not earlier.overnight and earlier.end < later.start


@PROPERTY_SETTINGS
@given(weekly_hours)
def test_text_round_trip(hours: WeeklyHours) -> None:
    if hours.is_empty():
        return
    text = to_text(hours)
    assert parse_hours(text) == normalize_hours(hours)
    assert parse_hours(text.upper()) == normalize_hours(hours)
    assert len(format_hours(hours)) == 7


@PROPERTY_SETTINGS
@given(weekly_hours)
def test_serialize_round_trip_property(hours: WeeklyHours) -> None:
    assert deserialize_hours(serialize_hours(hours)) == hours


hours_alphabet = st.sampled_from(
    [*"montuewdfrisahclo-0123456789:.,;/ ", "24h", "mon", "fri", "am", "pm", "\u2013"]
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.lists(hours_alphabet, max_size=25).map("".join), st.text(max_size=40)))
def test_parse_hours_only_raises_parse_errors(text: str) -> None:
    try:
        hours = parse_hours(text)
    except HoursParseError as error:
        assert str(error).endswith(f"Example: {HOURS_EXAMPLE}")
        assert error.fragment == "" or error.fragment in text.strip()
    else:
        assert not hours.is_empty()
        assert normalize_hours(hours) == hours
        assert parse_hours(to_text(hours)) == hours


@settings(max_examples=100, deadline=None)
@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(0, 40),
    st.text(alphabet=st.characters(categories=["L", "N", "Zs"]), max_size=30),
)
def test_parse_closure_property(first: date, length: int, reason: str) -> None:
    last = first + timedelta(days=length)
    text = f"{first.isoformat()}..{last.isoformat()} {reason}"
    expected_reason = " ".join(reason.lstrip("-:,\u2013\u2014 ").split()) or "Closed"
    if last < TODAY:
        with pytest.raises(HoursParseError):
            parse_closure(text, TODAY)
    else:
        assert parse_closure(text, TODAY) == Closure(first, last, expected_reason)
