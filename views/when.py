"""Opening and closing times in words, in the reader's language and the shop's time zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from logic.hours.model import WHOLE_DAY_RANGE, TimeRange, WeeklyHours, normalize_hours
from logic.schedule import Schedule
from views.i18n import Speech


def describe_opening(sp: Speech, opening: datetime, now: datetime, zone: ZoneInfo) -> str:
    """When ``opening`` is, relative to ``now`` by the local calendar in ``zone``: "today at
    17:00", "tomorrow at 9:00", "on Monday at 9:00" (2 to 6 days ahead), "on 27 December at
    10:00" further on (or earlier), with the year when it differs from now's."""
    if opening.tzinfo is None or now.tzinfo is None:
        raise ValueError("aware datetimes only")
    when = opening.astimezone(zone)
    today = now.astimezone(zone).date()
    clock = sp.clock(when)
    days = (when.date() - today).days
    if days == 0:
        return sp.gettext("today at {time}", time=clock)
    if days == 1:
        return sp.gettext("tomorrow at {time}", time=clock)
    if 2 <= days <= 6:
        # The preposition and case a weekday takes differ by language and by day (Russian
        # "в среду", Ukrainian "у п'ятницю"): each is a phrase of its own.
        return _on_weekday(sp, when.weekday(), clock)
    day = when.date()
    shown = sp.day_month(day) if day.year == today.year else sp.day_month_year(day)
    return sp.gettext("on {date} at {time}", date=shown, time=clock)


def _on_weekday(sp: Speech, weekday: int, clock: str) -> str:
    if weekday == 0:
        return sp.gettext("on Monday at {time}", time=clock)
    if weekday == 1:
        return sp.gettext("on Tuesday at {time}", time=clock)
    if weekday == 2:
        return sp.gettext("on Wednesday at {time}", time=clock)
    if weekday == 3:
        return sp.gettext("on Thursday at {time}", time=clock)
    if weekday == 4:
        return sp.gettext("on Friday at {time}", time=clock)
    if weekday == 5:
        return sp.gettext("on Saturday at {time}", time=clock)
    return sp.gettext("on Sunday at {time}", time=clock)


def opens_in_words(sp: Speech, schedule: Schedule, now: float) -> str:
    """When the shop next opens, relative to now: "today at 17:00", "on Monday at 9:00"."""
    opening = schedule.next_open(now)
    if opening is None:
        return sp.gettext("as soon as we can")
    moment = schedule.local(now)
    if opening <= moment:
        return sp.gettext("now")
    return describe_opening(sp, opening, moment, schedule.zone)


def status_line(sp: Speech, schedule: Schedule, now: float) -> str:
    """ "Open now; we close today at 18:00." or "Closed now; we open tomorrow at 9:00."."""
    if schedule.is_open(now):
        closing = schedule.next_close(now)
        if closing is None:
            return sp.gettext("Open now.")
        when = describe_opening(sp, closing, schedule.local(now), schedule.zone)
        return sp.gettext("Open now; we close {when}.", when=when)
    return sp.gettext("Closed now; we open {when}.", when=opens_in_words(sp, schedule, now))


def week_lines(sp: Speech, hours: WeeklyHours) -> list[str]:
    """One line per day, with an en dash between times: "Mon 09:00–18:00", "Sun closed",
    "Sat 24h", "Fri 18:00–02:00 (next day)". Empty hours: the single line "Always open"."""
    if hours.is_empty():
        return [sp.gettext("Always open")]
    lines: list[str] = []
    for index, ranges in enumerate(normalize_hours(hours).days):
        day = sp.weekday_abbreviation(index)
        if not ranges:
            lines.append(sp.gettext("{day} closed", day=day))
        elif ranges == (WHOLE_DAY_RANGE,):
            lines.append(sp.gettext("{day} 24h", day=day))
        else:
            parts = ", ".join(_range(sp, r) for r in ranges)
            lines.append(f"{day} {parts}")
    return lines


def _range(sp: Speech, r: TimeRange) -> str:
    span = f"{_clock(r.start)}\u2013{_clock(r.end)}"
    return sp.gettext("{hours} (next day)", hours=span) if r.overnight else span


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
