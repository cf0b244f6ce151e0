"""Deadlines count opening time only; the schedule's answers in words."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from logic.hours import Closure, WeeklyHours, parse_hours
from logic.schedule import Schedule, unknown_placeholders
from views.i18n import speech
from views.when import opens_in_words, status_line

EN = speech("en")

BERLIN = ZoneInfo("Europe/Berlin")


def _ts(year: int, month: int, day: int, hour: int, minute: int, zone: ZoneInfo = BERLIN) -> float:
    return datetime(year, month, day, hour, minute, tzinfo=zone).timestamp()


def _week(text: str, *closures: Closure) -> Schedule:
    return Schedule(parse_hours(text), closures, BERLIN)


def test_without_hours_a_deadline_is_plain_clock_time() -> None:
    schedule = Schedule(WeeklyHours.empty(), (), BERLIN)
    assert schedule.after_open_seconds(1000.0, 600) == 1600.0


def test_deadline_inside_opening_hours() -> None:
    schedule = _week("mon-fri 09:00-18:00")
    start = _ts(2026, 11, 23, 10, 0)
    assert schedule.after_open_seconds(start, 600) == start + 600


def test_deadline_carries_over_the_night() -> None:
    schedule = _week("mon-fri 09:00-18:00")
    start = _ts(2026, 11, 23, 17, 55)  # five minutes before closing
    assert schedule.after_open_seconds(start, 600) == _ts(2026, 11, 24, 9, 5)


def test_deadline_written_at_night_starts_at_opening() -> None:
    schedule = _week("mon-fri 09:00-18:00")
    start = _ts(2026, 11, 27, 22, 0)  # Friday night
    assert schedule.after_open_seconds(start, 600) == _ts(2026, 11, 30, 9, 10)


def test_deadline_skips_a_closure() -> None:
    christmas = Closure(date(2026, 12, 24), date(2026, 12, 25), "Christmas")
    schedule = _week("mon-sat 09:00-18:00", christmas)
    start = _ts(2026, 12, 23, 17, 58)
    assert schedule.after_open_seconds(start, 300) == _ts(2026, 12, 26, 9, 3)


def test_never_open_means_no_deadline() -> None:
    everything_closed = Closure(date(2026, 1, 1), date(2028, 12, 31), "Gone fishing")
    schedule = _week("mon 09:00-10:00", everything_closed)
    assert schedule.after_open_seconds(_ts(2026, 11, 23, 9, 0), 60) is None


def test_opens_in_words_and_status() -> None:
    schedule = _week("mon-fri 09:00-18:00")
    assert opens_in_words(EN, schedule, _ts(2026, 11, 23, 20, 0)) == "tomorrow at 9:00"
    assert status_line(EN, schedule, _ts(2026, 11, 23, 10, 0)) == (
        "Open now; we close today at 18:00."
    )
    assert schedule.local(0).tzinfo == BERLIN
    assert datetime.fromtimestamp(0, UTC).year == 1970


def test_placeholders_are_checked() -> None:
    assert unknown_placeholders("Hi {name} from {shop}, we open {opens}") == []
    assert unknown_placeholders("Hi {first_name} {name!r} {shop:>10}") == [
        "{first_name}",
        "{name!r}",
        "{shop:>10}",
    ]
