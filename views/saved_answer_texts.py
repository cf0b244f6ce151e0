"""What staff read about saved answers (/save, /r, /replies, /unsave), in the shop's
language, in HTML with user-provided parts escaped."""

from __future__ import annotations

from collections.abc import Sequence

from views.i18n import Speech
from views.texts import clip, h

ANSWER_LIMIT = 4096


def save_usage(sp: Speech) -> str:
    return sp.gettext(
        "Save an answer for the whole team: <code>/save key text</code>, or reply to a message "
        "with <code>/save key</code>. <code>/save key.de text</code> saves the German variant. "
        "Placeholders: <code>{{name}}</code>, <code>{{shop}}</code>, <code>{{agent}}</code>."
    )


def bad_key(sp: Speech, key: str, limit: int) -> str:
    return sp.ngettext(
        "“{key}” cannot be a key: use letters, digits, <code>-</code> and <code>_</code>, "
        "up to {count} character (e.g. <code>refund</code>).",
        "“{key}” cannot be a key: use letters, digits, <code>-</code> and <code>_</code>, "
        "up to {count} characters (e.g. <code>refund</code>).",
        limit,
        key=h(clip(key, 40)),
    )


def bad_language(sp: Speech, key: str, languages: Sequence[str]) -> str:
    return sp.gettext(
        "“{key}”: the part after the dot is a language, one of {languages} "
        "(e.g. <code>refund.de</code>).",
        key=h(clip(key, 40)),
        languages=", ".join(languages),
    )


def nothing_to_save(sp: Speech, key: str) -> str:
    return sp.gettext(
        "Nothing to save as <code>{key}</code>: write the text after the key, or reply to "
        "a text message with <code>/save {key}</code>.",
        key=h(key),
    )


def answer_too_long(sp: Speech, length: int, limit: int) -> str:
    return sp.ngettext(
        "That answer is {count} character long; Telegram takes at most {limit} in a message. "
        "Please shorten it.",
        "That answer is {count} characters long; Telegram takes at most {limit} in a message. "
        "Please shorten it.",
        length,
        limit=limit,
    )


def answer_saved(sp: Speech, label: str, replaced: bool) -> str:
    values = {"label": h(label), "key": h(label.split(".")[0])}
    if replaced:
        return sp.gettext(
            "💾 Replaced <code>{label}</code>. Send it in a topic with <code>/r {key}</code>.",
            **values,
        )
    return sp.gettext(
        "💾 Saved <code>{label}</code>. Send it in a topic with <code>/r {key}</code>.", **values
    )


def unknown_key(sp: Speech, wanted: str, closest: Sequence[str]) -> str:
    if closest:
        return sp.gettext(
            "No saved answer “{wanted}”. Did you mean {keys}? Nothing was sent.",
            wanted=h(clip(wanted, 40)),
            keys=", ".join(f"<code>{h(key)}</code>" for key in closest),
        )
    return sp.gettext(
        "No saved answer “{wanted}”; nothing was sent. /replies lists the saved ones.",
        wanted=h(clip(wanted, 40)),
    )


def no_answers_yet(sp: Speech) -> str:
    return sp.gettext("No saved answers yet. Save one with <code>/save key text</code>.")


def answers_list(sp: Speech, entries: Sequence[tuple[str, str, Sequence[str]]]) -> str:
    """entries: key, first line, other languages."""
    lines = [sp.gettext("💾 <b>Saved answers</b> (<code>/r key</code> in a topic sends one):")]
    for key, first_line, languages in entries:
        extra = f" ({', '.join(languages)})" if languages else ""
        lines.append(f"• <code>{h(key)}</code>{h(extra)} — {h(clip(first_line, 80))}")
    return "\n".join(lines)


def answer_removed(sp: Speech, label: str) -> str:
    return sp.gettext("🗑 Removed <code>{label}</code>.", label=h(label))


def unsave_usage(sp: Speech) -> str:
    return sp.gettext(
        "Which one? e.g. <code>/unsave refund</code> (or <code>/unsave refund.de</code>)."
    )


def answer_sent(sp: Speech, agent: str, key: str, sent_html: str) -> str:
    """The topic's copy of what the customer got, under who sent which answer."""
    heading = sp.gettext("↩️ <b>{agent}</b> sent “{key}”:", agent=h(agent), key=h(key))
    if len(heading) + 2 + len(sent_html) <= ANSWER_LIMIT:
        return f"{heading}\n\n{sent_html}"
    return heading


def rendered_too_long(sp: Speech, key: str, length: int, limit: int) -> str:
    return sp.ngettext(
        "“{key}” comes to {count} character for this customer, over Telegram's {limit}. "
        "Nothing was sent.",
        "“{key}” comes to {count} characters for this customer, over Telegram's {limit}. "
        "Nothing was sent.",
        length,
        key=h(key),
        limit=limit,
    )


def pick_answer(sp: Speech) -> str:
    return sp.gettext("Which saved answer should go to the customer?")


def answer_gone(sp: Speech) -> str:
    return sp.gettext("That saved answer no longer exists.")


def topic_moved_on(sp: Speech) -> str:
    return sp.gettext("This conversation has moved on; use /r again.")


def team_only(sp: Speech) -> str:
    return sp.gettext("Only the team can send saved answers.")


def answer_sent_toast(sp: Speech, key: str) -> str:
    """A button's toast: plain text, not HTML."""
    return sp.gettext("Sent “{key}”.", key=clip(key, 40))
