"""What the bot tells owners about hours, closures and their texts (HTML, escaped)."""

from __future__ import annotations

from datetime import date

from logic.hours import CLOSED_EXAMPLE, HOURS_EXAMPLE, MONTH_NAMES, OPEN_EXAMPLE, Closure
from logic.schedule import PLACEHOLDERS, Schedule
from views.texts import h

_PLACEHOLDER_LIST = ", ".join("{" + name + "}" for name in PLACEHOLDERS)


def owners_only(command: str) -> str:
    return f"Sorry, only the shop's owners can use /{h(command)}."


def refused(reason: str) -> str:
    return f"⚠️ {h(reason)}\nNothing was changed."


def day_words(day: date) -> str:
    return f"{day:%a} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def _closure_line(closure: Closure) -> str:
    span = (
        day_words(closure.first)
        if closure.first == closure.last
        else f"{day_words(closure.first)} – {day_words(closure.last)}"
    )
    return f"• {span}: {h(closure.reason)}"


def hours_overview(schedule: Schedule, now: float, changed: bool) -> str:
    heading = "✅ New opening hours" if changed else "🕘 Opening hours"
    lines = [f"<b>{heading}</b> ({h(schedule.zone.key)})"]
    if schedule.hours.is_empty():
        lines.append("No hours set: we answer any time.")
    else:
        lines.extend(h(line) for line in schedule.week_lines())
    upcoming = schedule.upcoming_closures(now)
    if upcoming:
        lines.append("")
        lines.append("<b>Closed on</b>")
        lines.extend(_closure_line(closure) for closure in upcoming)
    lines.append("")
    lines.append(h(schedule.status_line(now)))
    if not changed:
        lines.append(f"Change with <code>{h(HOURS_EXAMPLE)}</code>")
    return "\n".join(lines)


def closures_overview(schedule: Schedule, now: float) -> str:
    upcoming = schedule.upcoming_closures(now)
    lines = ["<b>Closed on</b>"] if upcoming else ["No closures planned."]
    lines.extend(_closure_line(closure) for closure in upcoming)
    lines.append(
        f"Add one with <code>{h(CLOSED_EXAMPLE)}</code>; "
        f"remove with <code>{h(OPEN_EXAMPLE)}</code>."
    )
    return "\n".join(lines)


def closure_added(closure: Closure, schedule: Schedule, now: float) -> str:
    return "\n".join(["✅ Added:", _closure_line(closure), "", h(schedule.status_line(now))])


def no_closure_on(day: date) -> str:
    return f"There is no closure on {day_words(day)}; nothing to open."


def day_reopened(day: date, schedule: Schedule, now: float) -> str:
    return f"✅ {day_words(day)} is no longer closed.\n{h(schedule.status_line(now))}"


def zone_overview(schedule: Schedule, now: float, changed: bool) -> str:
    local = schedule.local(now)
    lead = "✅ The time zone is now" if changed else "🌍 The time zone is"
    return (
        f"{lead} <b>{h(schedule.zone.key)}</b>; it is {local:%H:%M} on {local:%A} there.\n"
        f"{h(schedule.status_line(now))}"
        + ("" if changed else "\nChange with <code>/timezone Europe/Berlin</code>.")
    )


def unknown_zone(zone: str) -> str:
    shown = zone if len(zone) <= 40 else zone[:40] + "…"
    return f"“{shown}” is not a time zone I know. Example: /timezone Europe/Berlin"


def text_overview(command: str, text: str, is_default: bool) -> str:
    which = "the default" if is_default else "your text"
    return (
        f"Customers see {which}:\n\n<blockquote>{h(text)}</blockquote>\n\n"
        f"Change it with <code>/{command} your words</code> or restore the default with "
        f"<code>/{command} reset</code>. You can use {h(_PLACEHOLDER_LIST)}."
    )


def text_set(command: str, text: str) -> str:
    return f"✅ The {command} text is now:\n\n<blockquote>{h(text)}</blockquote>"


def text_reset(command: str, default: str) -> str:
    return f"✅ Back to the default {command} text:\n\n<blockquote>{h(default)}</blockquote>"


def text_too_long(limit: int) -> str:
    return f"That text is too long; please keep it under {limit} characters."


def unknown_placeholders(unknown: list[str], command: str) -> str:
    listed = ", ".join(unknown)
    return (
        f"I don't know the placeholder {listed}. You can use {_PLACEHOLDER_LIST}, "
        f"e.g. /{command} Hi {{name}}, welcome to {{shop}}!"
    )


def unbalanced_braces(command: str) -> str:
    return (
        f"A curly brace is not closed. Placeholders look like {{name}}; "
        f"write {{{{ or }}}} for a literal brace. Example: /{command} Hi {{name}}!"
    )
