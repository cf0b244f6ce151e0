"""What /stats and /export say (HTML, every name escaped)."""

from __future__ import annotations

import math
from datetime import date

from logic.stats import MAX_DAYS, Figures, Period, PersonFigures, Report
from views.i18n import Speech
from views.texts import STAFF_NAME_LIMIT, clip, h
from views.texts import duration_words as duration

PEOPLE_SHOWN = 12  # each takes up to ~270 characters: the message stays under 4096


def span(sp: Speech, period: Period) -> str:
    """The period's days in short: 17–23 Nov 2026, 28 Nov – 4 Dec 2026, 23 Nov 2026…"""
    return sp.short_span(period.first_day, period.last_day)


def day_label(sp: Speech, day: date, weekday: bool = True) -> str:
    """A chart's day: "Mon 23", or "23 Nov" for long periods."""
    return sp.day_label(day, weekday)


def heading(sp: Speech, period: Period) -> str:
    if period.days == 1:
        title = sp.gettext("Today")
    else:
        title = sp.ngettext("Last {count} day", "Last {count} days", period.days)
    return f"📊 <b>{title}</b> · {span(sp, period)} ({h(period.zone.key)})"


def stats(sp: Speech, report: Report) -> str:
    """The /stats message: the shop's figures, then each person's."""
    if report.is_empty:
        return nothing_yet(sp, report.period)
    total = report.total
    lines = [
        heading(sp, report.period),
        "",
        sp.gettext(
            "💬 Conversations: <b>{opened}</b> opened, <b>{closed}</b> closed",
            opened=total.opened,
            closed=total.closed,
        ),
        sp.gettext("⏱ First response: {figures}", figures=_first_response(sp, total)),
        sp.gettext("✅ Resolution: {figures}", figures=_resolution(sp, total)),
        sp.gettext("⭐ Ratings: {figures}", figures=_ratings(sp, total)),
        sp.gettext(
            "⏰ Deadlines missed: <b>{missed}</b> of {opened} (a reply is due within {due})",
            missed=total.missed,
            opened=total.opened,
            due=duration(sp, report.sla_seconds),
        ),
    ]
    if report.people:
        lines += ["", sp.gettext("<b>Per person</b> (median times)")]
        for person in report.people[:PEOPLE_SHOWN]:
            lines += _person(sp, person)
        if len(report.people) > PEOPLE_SHOWN:
            lines.append(
                sp.gettext(
                    "… and {count} more (see /export)", count=len(report.people) - PEOPLE_SHOWN
                )
            )
    return "\n".join(lines)


def _first_response(sp: Speech, total: Figures) -> str:
    if total.first_response_median is None or total.first_response_p90 is None:
        return sp.gettext("no staff replies yet") if total.opened else sp.gettext("nothing opened")
    return sp.gettext(
        "median <b>{median}</b>, 90% within <b>{p90}</b>",
        median=duration(sp, total.first_response_median),
        p90=duration(sp, total.first_response_p90),
    )


def _resolution(sp: Speech, total: Figures) -> str:
    if total.resolution_median is None:
        return sp.gettext("nothing closed yet")
    return sp.gettext("median <b>{median}</b>", median=duration(sp, total.resolution_median))


def _ratings(sp: Speech, total: Figures) -> str:
    if total.average_rating is None:
        return sp.gettext("none yet")
    counts = " · ".join(f"{stars}★ {total.stars[stars - 1]}" for stars in range(5, 0, -1))
    return sp.gettext(
        "<b>{average}</b> average from {rated} ({counts})",
        average=one_decimal(sp, total.average_rating),
        rated=total.rated,
        counts=counts,
    )


def _person(sp: Speech, person: PersonFigures) -> list[str]:
    """Two or three lines: counts; reply and resolution times; ratings and missed deadlines."""
    figures = person.figures
    name = h(clip(person.name, STAFF_NAME_LIMIT))
    lines = [
        sp.gettext(
            "👤 <b>{name}</b>: {opened} opened, {closed} closed",
            name=name,
            opened=figures.opened,
            closed=figures.closed,
        )
    ]
    times = []
    if figures.first_response_median is not None and figures.first_response_p90 is not None:
        times.append(
            sp.gettext(
                "⏱ first reply {median}, 90% within {p90}",
                median=duration(sp, figures.first_response_median),
                p90=duration(sp, figures.first_response_p90),
            )
        )
    elif figures.opened:
        times.append(sp.gettext("⏱ no reply yet"))
    if figures.resolution_median is not None:
        times.append(
            sp.gettext("✅ resolution {median}", median=duration(sp, figures.resolution_median))
        )
    lines.append("    " + " · ".join(times))
    extras = []
    if figures.average_rating is not None:
        counts = " · ".join(
            f"{stars}★ {count}"
            for stars, count in reversed(list(enumerate(figures.stars, start=1)))
            if count
        )
        extras.append(
            sp.gettext(
                "⭐ {average} from {rated} ({counts})",
                average=one_decimal(sp, figures.average_rating),
                rated=figures.rated,
                counts=counts,
            )
        )
    if figures.missed:
        extras.append(sp.gettext("⏰ {count} missed", count=figures.missed))
    if extras:
        lines.append("    " + " · ".join(extras))
    return lines


def one_decimal(sp: Speech, value: float) -> str:
    """3.25 → "3.3" (half up, as people round; format() would say 3.2), with the language's
    decimal mark ("3,3")."""
    rounded = f"{math.floor(value * 10 + 0.5) / 10:.1f}"
    return rounded.replace(".", sp.locale.number_symbols["latn"]["decimal"])


def nothing_yet(sp: Speech, period: Period) -> str:
    said = sp.gettext(
        "Nothing yet: no conversations were opened or closed in this period. "
        "Try a longer one, e.g. /stats 30."
    )
    return f"{heading(sp, period)}\n\n{said}"


def nothing_to_export(sp: Speech, period: Period) -> str:
    return sp.gettext(
        "📁 Nothing yet to export for {span} ({zone}): no conversations in this period. "
        "Try a longer one, e.g. /export 30.",
        span=span(sp, period),
        zone=h(period.zone.key),
    )


def bad_days(sp: Speech, command: str, argument: str) -> str:
    return sp.gettext(
        "“{argument}” is not a number of days from 1 to {most}. Example: /{command} 30",
        argument=h(clip(argument, 40)),
        most=MAX_DAYS,
        command=h(command),
    )


def chart_caption(sp: Speech, period: Period) -> str:
    return sp.gettext(
        "📈 Conversations and median first response per day, {span}.", span=span(sp, period)
    )


def export_caption(sp: Speech, what: str, period: Period, rows: int) -> str:
    """what: "conversations" or "messages"."""
    values = {"span": span(sp, period), "zone": h(period.zone.key), "rows": rows}
    if what == "conversations":
        return sp.gettext("🗂 Conversations open at any time {span} ({zone}): {rows}.", **values)
    return sp.gettext("💬 Messages written {span} ({zone}): {rows}.", **values)
