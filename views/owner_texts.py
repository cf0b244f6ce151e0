"""What the bot tells owners about hours, closures and their texts (HTML, escaped)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from logic.hours import CLOSED_EXAMPLE, HOURS_EXAMPLE, OPEN_EXAMPLE, Closure, HoursParseError
from logic.schedule import PLACEHOLDERS, Schedule
from views.i18n import Speech
from views.texts import clip, h
from views.when import status_line, week_lines

_PLACEHOLDER_LIST = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
SHOWN_TEXT_LIMIT = 350  # each language's text in the overview: eight of them fit a message


def owners_only(sp: Speech, command: str) -> str:
    return sp.gettext("Sorry, only the shop's owners can use /{command}.", command=h(command))


def refused(sp: Speech, reason: str) -> str:
    return sp.gettext("⚠️ {reason}\nNothing was changed.", reason=reason)


def not_understood(sp: Speech, error: HoursParseError) -> str:
    """An /hours, /closed or /open argument that was not understood, and an example."""
    reason = sp.gettext(error.reason, **error.values) if error.reason else ""
    if error.fragment and reason:
        head = sp.gettext(
            "I didn't understand “{fragment}”: {reason}", fragment=error.fragment, reason=reason
        )
    elif error.fragment:
        head = sp.gettext("I didn't understand “{fragment}”", fragment=error.fragment)
    else:
        head = (reason[:1].upper() + reason[1:]) if reason else sp.gettext("Nothing was given")
    said = sp.gettext("{problem}. Example: {example}", problem=head, example=error.example)
    return refused(sp, h(said))


def day_words(sp: Speech, day: date) -> str:
    return sp.weekday_date(day)


def _closure_line(sp: Speech, closure: Closure) -> str:
    if closure.first == closure.last:
        span = day_words(sp, closure.first)
    else:
        span = f"{day_words(sp, closure.first)} – {day_words(sp, closure.last)}"
    return f"• {span}: {h(closure.reason)}"


def _closed_on(sp: Speech) -> str:
    return "<b>" + sp.gettext("Closed on") + "</b>"


def hours_overview(sp: Speech, schedule: Schedule, now: float, changed: bool) -> str:
    heading = sp.gettext("✅ New opening hours") if changed else sp.gettext("🕘 Opening hours")
    lines = [f"<b>{heading}</b> ({h(schedule.zone.key)})"]
    if schedule.hours.is_empty():
        lines.append(sp.gettext("No hours set: we answer any time."))
    else:
        lines.extend(h(line) for line in week_lines(sp, schedule.hours))
    upcoming = schedule.upcoming_closures(now)
    if upcoming:
        lines.append("")
        lines.append(_closed_on(sp))
        lines.extend(_closure_line(sp, closure) for closure in upcoming)
    lines.append("")
    lines.append(h(status_line(sp, schedule, now)))
    if not changed:
        lines.append(sp.gettext("Change with <code>{example}</code>", example=h(HOURS_EXAMPLE)))
    return "\n".join(lines)


def closures_overview(sp: Speech, schedule: Schedule, now: float) -> str:
    upcoming = schedule.upcoming_closures(now)
    lines = [_closed_on(sp)] if upcoming else [sp.gettext("No closures planned.")]
    lines.extend(_closure_line(sp, closure) for closure in upcoming)
    lines.append(
        sp.gettext(
            "Add one with <code>{add}</code>; remove with <code>{remove}</code>.",
            add=h(CLOSED_EXAMPLE),
            remove=h(OPEN_EXAMPLE),
        )
    )
    return "\n".join(lines)


def closure_added(sp: Speech, closure: Closure, schedule: Schedule, now: float) -> str:
    return "\n".join(
        [
            sp.gettext("✅ Added:"),
            _closure_line(sp, closure),
            "",
            h(status_line(sp, schedule, now)),
        ]
    )


def no_closure_on(sp: Speech, day: date) -> str:
    return sp.gettext("There is no closure on {day}; nothing to open.", day=day_words(sp, day))


def day_reopened(sp: Speech, day: date, schedule: Schedule, now: float) -> str:
    said = sp.gettext("✅ {day} is no longer closed.", day=day_words(sp, day))
    return f"{said}\n{h(status_line(sp, schedule, now))}"


def zone_overview(sp: Speech, schedule: Schedule, now: float, changed: bool) -> str:
    local = schedule.local(now)
    values = {"zone": h(schedule.zone.key), "time": sp.clock(local)}
    values["weekday"] = sp.weekday_name(local.date())
    if changed:
        lead = sp.gettext("✅ The time zone is now <b>{zone}</b>; it is {time} there.", **values)
    else:
        lead = sp.gettext("🌍 The time zone is <b>{zone}</b>; it is {time} there.", **values)
    text = f"{lead} ({values['weekday']})\n{h(status_line(sp, schedule, now))}"
    if not changed:
        text += "\n" + sp.gettext("Change with <code>/timezone Europe/Berlin</code>.")
    return text


def unknown_zone(sp: Speech, zone: str) -> str:
    shown = zone if len(zone) <= 40 else zone[:40] + "…"
    return sp.gettext(
        "“{zone}” is not a time zone I know. Example: /timezone Europe/Berlin", zone=h(shown)
    )


def _quote(text: str) -> str:
    return f"<blockquote>{h(clip(text, SHOWN_TEXT_LIMIT))}</blockquote>"


def texts_overview(
    sp: Speech,
    command: str,
    own: Sequence[tuple[str, str]],
    shop_language: str,
    falling_back: Sequence[str],
    shop_text_is_own: bool,
) -> str:
    """Every language's version of the greeting or away text: the owner's, and which
    languages use the shop language's text or the built-in one."""
    lines = [sp.gettext("<b>/{command}</b> — what customers read:", command=command)]
    for language, text in own:
        lines.append(f"\n<b>{h(language)}</b>\n{_quote(text)}")
    if falling_back:
        codes = ", ".join(falling_back)
        if shop_text_is_own:
            lines.append(
                "\n"
                + sp.gettext(
                    "{languages}: no text of their own; they get your {language} text.",
                    languages=codes,
                    language=shop_language,
                )
            )
        else:
            lines.append(
                "\n"
                + sp.gettext("{languages}: the built-in text in their language.", languages=codes)
            )
    lines.append(
        "\n"
        + sp.gettext(
            "Change one with <code>/{command} de your words</code> (without a language: "
            "{language}) or restore the built-in text with <code>/{command} de reset</code>. "
            "You can use {placeholders}.",
            command=command,
            language=shop_language,
            placeholders=h(_PLACEHOLDER_LIST),
        )
    )
    return "\n".join(lines)


def text_set(sp: Speech, command: str, language: str, text: str) -> str:
    return sp.gettext(
        "✅ The {command} text in {language} is now:\n\n<blockquote>{text}</blockquote>",
        command=command,
        language=language,
        text=h(text),
    )


def text_reset(sp: Speech, command: str, language: str, default: str) -> str:
    return sp.gettext(
        "✅ Back to the built-in {command} text in {language}:\n\n<blockquote>{text}</blockquote>",
        command=command,
        language=language,
        text=h(default),
    )


def text_too_long(sp: Speech, limit: int) -> str:
    return sp.gettext(
        "That text is too long; please keep it under {limit} characters.", limit=limit
    )


def unknown_placeholders(sp: Speech, unknown: list[str], command: str) -> str:
    return sp.gettext(
        "I don't know the placeholder {unknown}. You can use {placeholders}, "
        "e.g. /{command} Hi {{name}}, welcome to {{shop}}!",
        unknown=h(", ".join(unknown)),
        placeholders=_PLACEHOLDER_LIST,
        command=command,
    )


def unbalanced_braces(sp: Speech, command: str) -> str:
    return sp.gettext(
        "A curly brace is not closed. Placeholders look like {{name}}; "
        "write {{{{ or }}}} for a literal brace. Example: /{command} Hi {{name}}!",
        command=command,
    )
