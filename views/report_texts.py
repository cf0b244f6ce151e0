"""What /stats and /export say (HTML, every name escaped)."""

from __future__ import annotations

import math
from datetime import date

from logic.hours import DAY_NAMES, MONTH_NAMES
from logic.stats import MAX_DAYS, Figures, Period, PersonFigures, Report
from views.texts import STAFF_NAME_LIMIT, clip, h
from views.texts import duration_words as duration

PEOPLE_SHOWN = 12  # each takes up to ~270 characters: the message stays under 4096


def short_day(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1][:3]} {day.year}"


def span(period: Period) -> str:
    """The period's days in short: 17–23 Nov 2026, 28 Nov – 4 Dec 2026, 23 Nov 2026…"""
    first, last = period.first_day, period.last_day
    if first == last:
        return short_day(last)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{short_day(last)}"
    if first.year == last.year:
        return f"{first.day} {MONTH_NAMES[first.month - 1][:3]} – {short_day(last)}"
    return f"{short_day(first)} – {short_day(last)}"


def day_label(day: date, weekday: bool = True) -> str:
    """A chart's day: "Mon 23", or "23 Nov" for long periods."""
    if weekday:
        return f"{DAY_NAMES[day.weekday()][:3]} {day.day}"
    return f"{day.day} {MONTH_NAMES[day.month - 1][:3]}"


def heading(period: Period) -> str:
    title = "Today" if period.days == 1 else f"Last {period.days} days"
    return f"📊 <b>{title}</b> · {span(period)} ({h(period.zone.key)})"


def stats(report: Report) -> str:
    """The /stats message: the shop's figures, then each person's."""
    if report.is_empty:
        return nothing_yet(report.period)
    total = report.total
    lines = [
        heading(report.period),
        "",
        f"💬 Conversations: <b>{total.opened}</b> opened, <b>{total.closed}</b> closed",
        f"⏱ First response: {_first_response(total)}",
        f"✅ Resolution: {_resolution(total)}",
        f"⭐ Ratings: {_ratings(total)}",
        f"⏰ Deadlines missed: <b>{total.missed}</b> of {total.opened}"
        f" (a reply is due within {duration(report.sla_seconds)})",
    ]
    if report.people:
        lines += ["", "<b>Per person</b> (median times)"]
        for person in report.people[:PEOPLE_SHOWN]:
            lines += _person(person)
        if len(report.people) > PEOPLE_SHOWN:
            lines.append(f"… and {len(report.people) - PEOPLE_SHOWN} more (see /export)")
    return "\n".join(lines)


def _first_response(total: Figures) -> str:
    if total.first_response_median is None or total.first_response_p90 is None:
        return "no staff replies yet" if total.opened else "nothing opened"
    return (
        f"median <b>{duration(total.first_response_median)}</b>, "
        f"90% within <b>{duration(total.first_response_p90)}</b>"
    )


def _resolution(total: Figures) -> str:
    if total.resolution_median is None:
        return "nothing closed yet"
    return f"median <b>{duration(total.resolution_median)}</b>"


def _ratings(total: Figures) -> str:
    if total.average_rating is None:
        return "none yet"
    counts = " · ".join(f"{stars}★ {total.stars[stars - 1]}" for stars in range(5, 0, -1))
    return f"<b>{one_decimal(total.average_rating)}</b> average from {total.rated} ({counts})"


def _person(person: PersonFigures) -> list[str]:
    """Two or three lines: counts; reply and resolution times; ratings and missed deadlines."""
    figures = person.figures
    name = h(clip(person.name, STAFF_NAME_LIMIT))
    lines = [f"👤 <b>{name}</b>: {figures.opened} opened, {figures.closed} closed"]
    times = []
    if figures.first_response_median is not None and figures.first_response_p90 is not None:
        times.append(
            f"⏱ first reply {duration(figures.first_response_median)}, "
            f"90% within {duration(figures.first_response_p90)}"
        )
    elif figures.opened:
        times.append("⏱ no reply yet")
    if figures.resolution_median is not None:
        times.append(f"✅ resolution {duration(figures.resolution_median)}")
    lines.append("    " + " · ".join(times))
    extras = []
    if figures.average_rating is not None:
        counts = " · ".join(
            f"{stars}★ {count}"
            for stars, count in reversed(list(enumerate(figures.stars, start=1)))
            if count
        )
        extras.append(f"⭐ {one_decimal(figures.average_rating)} from {figures.rated} ({counts})")
    if figures.missed:
        extras.append(f"⏰ {figures.missed} missed")
    if extras:
        lines.append("    " + " · ".join(extras))
    return lines


def one_decimal(value: float) -> str:
    """3.25 → "3.3" (half up, as people round; format() would say 3.2)."""
    return f"{math.floor(value * 10 + 0.5) / 10:.1f}"


def nothing_yet(period: Period) -> str:
    return (
        f"{heading(period)}\n\nNothing yet: no conversations were opened or closed in this "
        "period. Try a longer one, e.g. /stats 30."
    )


def nothing_to_export(period: Period) -> str:
    return (
        f"📁 Nothing yet to export for {span(period)} ({h(period.zone.key)}): "
        "no conversations in this period. Try a longer one, e.g. /export 30."
    )


def bad_days(command: str, argument: str) -> str:
    return (
        f"“{h(clip(argument, 40))}” is not a number of days from 1 to {MAX_DAYS}. "
        f"Example: /{h(command)} 30"
    )


def chart_caption(period: Period) -> str:
    return f"📈 Conversations and median first response per day, {span(period)}."


def export_caption(what: str, period: Period, rows: int) -> str:
    """what: "conversations" or "messages"."""
    if what == "conversations":
        return f"🗂 Conversations open at any time {span(period)} ({h(period.zone.key)}): {rows}."
    return f"💬 Messages written {span(period)} ({h(period.zone.key)}): {rows}."
