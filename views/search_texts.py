"""What staff read from /find, in the shop's language, in HTML with user-provided parts
escaped."""

from __future__ import annotations

from collections.abc import Sequence

from views.i18n import Speech
from views.texts import clip, h


def find_usage(sp: Speech) -> str:
    return sp.gettext(
        "Search conversations: <code>/find squashed cake</code> — customer names, @usernames, "
        "order numbers, e-mails, phones and what was written."
    )


def found_nothing(sp: Speech, words: str) -> str:
    return sp.gettext("🔎 Nothing found for “{words}”.", words=h(clip(words, 100)))


def found(sp: Speech, words: str, entries: Sequence[tuple[str, str, str, str, str | None]]) -> str:
    """entries: date, customer, assignee, snippet (HTML), topic link."""
    lines = [
        sp.ngettext(
            "🔎 <b>{count}</b> for “{words}”, newest first:",
            "🔎 <b>{count}</b> for “{words}”, newest first:",
            len(entries),
            words=h(clip(words, 100)),
        )
    ]
    for date, customer, assignee, snippet, link in entries:
        name = f'<a href="{h(link)}">{h(customer)}</a>' if link else f"<b>{h(customer)}</b>"
        lines.append(f"\n{h(date)} · {name} · {h(assignee)}\n{snippet}")
    return "\n".join(lines)
