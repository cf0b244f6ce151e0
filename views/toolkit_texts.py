"""Texts of the staff toolkit (saved answers, search, bans and the flood and swarm guards),
in HTML with user-provided parts escaped. Plain English for now: the languages work turns
views/ into catalogues."""

from __future__ import annotations

from collections.abc import Sequence

from views.texts import clip, h

ANSWER_LIMIT = 4096
REASON_LIMIT = 300

# -- saved answers ------------------------------------------------------------------------


def save_usage() -> str:
    return (
        "Save an answer for the whole team: <code>/save key text</code>, or reply to a message "
        "with <code>/save key</code>. <code>/save key.de text</code> saves the German variant. "
        "Placeholders: <code>{name}</code>, <code>{shop}</code>, <code>{agent}</code>."
    )


def bad_key(key: str, limit: int) -> str:
    return (
        f"“{h(clip(key, 40))}” cannot be a key: use letters, digits, <code>-</code> and "
        f"<code>_</code>, up to {limit} characters (e.g. <code>refund</code>)."
    )


def bad_language(key: str, languages: Sequence[str]) -> str:
    return (
        f"“{h(clip(key, 40))}”: the part after the dot is a language, one of "
        f"{', '.join(languages)} (e.g. <code>refund.de</code>)."
    )


def nothing_to_save(key: str) -> str:
    return (
        f"Nothing to save as <code>{h(key)}</code>: write the text after the key, or reply to "
        "a text message with <code>/save " + h(key) + "</code>."
    )


def answer_too_long(length: int, limit: int) -> str:
    return (
        f"That answer is {length} characters long; Telegram takes at most {limit} in a "
        "message. Please shorten it."
    )


def answer_saved(label: str, replaced: bool) -> str:
    verb = "Replaced" if replaced else "Saved"
    key = label.split(".")[0]
    return f"💾 {verb} <code>{h(label)}</code>. Send it in a topic with <code>/r {h(key)}</code>."


def unknown_key(wanted: str, closest: Sequence[str]) -> str:
    if closest:
        keys = ", ".join(f"<code>{h(key)}</code>" for key in closest)
        return f"No saved answer “{h(clip(wanted, 40))}”. Did you mean {keys}? Nothing was sent."
    return (
        f"No saved answer “{h(clip(wanted, 40))}”; nothing was sent. "
        "/replies lists the saved ones."
    )


def no_answers_yet() -> str:
    return "No saved answers yet. Save one with <code>/save key text</code>."


def answers_list(entries: Sequence[tuple[str, str, Sequence[str]]]) -> str:
    """entries: key, first line, other languages."""
    lines = ["💾 <b>Saved answers</b> (<code>/r key</code> in a topic sends one):"]
    for key, first_line, languages in entries:
        extra = f" ({', '.join(languages)})" if languages else ""
        lines.append(f"• <code>{h(key)}</code>{h(extra)} — {h(clip(first_line, 80))}")
    return "\n".join(lines)


def answer_removed(label: str) -> str:
    return f"🗑 Removed <code>{h(label)}</code>."


def unsave_usage() -> str:
    return "Which one? e.g. <code>/unsave refund</code> (or <code>/unsave refund.de</code>)."


def answer_sent(agent: str, key: str, sent_html: str) -> str:
    heading = f"↩️ <b>{h(agent)}</b> sent “{h(key)}”:"
    if len(heading) + 2 + len(sent_html) <= ANSWER_LIMIT:
        return f"{heading}\n\n{sent_html}"
    return heading


def rendered_too_long(key: str, length: int, limit: int) -> str:
    return (
        f"“{h(key)}” comes to {length} characters for this customer, over Telegram's {limit}. "
        "Nothing was sent."
    )


def pick_answer() -> str:
    return "Which saved answer should go to the customer?"


def answer_gone() -> str:
    return "That saved answer no longer exists."


def topic_moved_on() -> str:
    return "This conversation has moved on; use /r again."


def team_only() -> str:
    return "Only the team can send saved answers."


def answer_sent_toast(key: str) -> str:
    return f"Sent “{clip(key, 40)}”."


# -- search -------------------------------------------------------------------------------


def find_usage() -> str:
    return (
        "Search conversations: <code>/find squashed cake</code> — customer names, @usernames, "
        "order numbers, e-mails, phones and what was written."
    )


def found_nothing(words: str) -> str:
    return f"🔎 Nothing found for “{h(clip(words, 100))}”."


def found(words: str, entries: Sequence[tuple[str, str, str, str, str | None]]) -> str:
    """entries: date, customer, assignee, snippet (HTML), topic link."""
    lines = [f"🔎 <b>{len(entries)}</b> for “{h(clip(words, 100))}”, newest first:"]
    for date, customer, assignee, snippet, link in entries:
        name = f'<a href="{h(link)}">{h(customer)}</a>' if link else f"<b>{h(customer)}</b>"
        lines.append(f"\n{h(date)} · {name} · {h(assignee)}\n{snippet}")
    return "\n".join(lines)


# -- bans ---------------------------------------------------------------------------------


def no_longer_received(shop: str) -> str:
    return f"{h(shop)} no longer receives messages here. Thank you for understanding."


def banned_notice(by: str, customer: str, reason: str | None) -> str:
    why = f" Reason: {h(clip(reason, REASON_LIMIT))}" if reason else " No reason given."
    return (
        f"🚫 <b>{h(by)}</b> banned <b>{h(customer)}</b>.{why} Their messages are no longer "
        "passed on or kept; /unban here lifts it."
    )


def already_banned() -> str:
    return "This customer is banned already. /unban lifts it."


def unbanned_notice(by: str, customer: str) -> str:
    return f"✅ <b>{h(by)}</b> lifted the ban on <b>{h(customer)}</b>."


def not_banned() -> str:
    return "This customer is not banned."


def bans_overview(entries: Sequence[tuple[str, str, str | None, int]]) -> str:
    """entries: customer, banned by, reason, messages turned away."""
    if not entries:
        return ""
    lines = ["", "🚫 <b>Banned</b>:"]
    for customer, by, reason, refused in entries:
        why = f": {h(clip(reason, 80))}" if reason else ""
        lines.append(
            f"• {h(customer)} — by {h(by)}{why} ({refused} message"
            f"{'' if refused == 1 else 's'} turned away)"
        )
    return "\n".join(lines)


# -- flood guard --------------------------------------------------------------------------


def muted_customer() -> str:
    return (
        "You are sending a lot of messages very quickly, so we are pausing them for ten "
        "minutes. Nothing is lost: the team will see everything you sent."
    )


def muted_topic(customer: str, limit: int, until: str) -> str:
    return (
        f"⏸ <b>{h(customer)}</b> sent more than {limit} messages in a minute and is muted "
        f"until {h(until)}. What they send meanwhile is kept but held back; /unmute shows it "
        "now."
    )


def held_released(customer: str, count: int, parts: Sequence[str]) -> str:
    """parts: one line per held message, HTML."""
    heading = (
        f"📥 <b>{count}</b> message{'' if count == 1 else 's'} <b>{h(customer)}</b> sent "
        "while muted:"
    )
    return "\n".join([heading, *parts])


def held_line(time: str, text: str | None, kind: str) -> str:
    body = h(text) if text else f"[{h(kind)}]"
    return f"<i>{h(time)}</i> {body}"


def unmuted(by: str, customer: str, count: int) -> str:
    return (
        f"🔊 <b>{h(by)}</b> unmuted <b>{h(customer)}</b>; "
        f"{count} held message{'' if count == 1 else 's'} follow."
    )


def not_muted() -> str:
    return "This customer is not muted."


# -- swarm guard --------------------------------------------------------------------------


def swarm_started(count: int, minutes: int) -> str:
    return (
        f"🛡 <b>Swarm guard</b>: {count} new customers in the last minute, far more than "
        f"usual. New topics are paused for at least {minutes} minutes: newcomers wait in one "
        "list, to open one by one or dismiss."
    )


def swarm_owner_alert(count: int) -> str:
    return (
        f"🛡 {count} new customers wrote in the last minute — likely a swarm of bot accounts. "
        "New topics are paused; the newcomers wait in a list in the staff chat's General topic."
    )


def swarm_ack() -> str:
    return "Thank you, we have your message and will get back to you here."


def swarm_list(entries: Sequence[tuple[str, int]], total: int) -> str:
    if not total:
        return "🛡 Nobody is waiting on the swarm list."
    more = f"\n…and {total - len(entries)} more." if total > len(entries) else ""
    lines = [f"🛡 <b>{total}</b> newcomer{'' if total == 1 else 's'} waiting:"]
    lines += [
        f"• {h(name)} ({count} message{'' if count == 1 else 's'})" for name, count in entries
    ]
    return "\n".join(lines) + more


def show_list_button() -> str:
    return "Show the list"


def open_button(name: str) -> str:
    return f"Open {clip(name, 30)}"


def dismiss_button() -> str:
    return "Dismiss"


def opened_toast(name: str) -> str:
    return f"Opened a topic for {clip(name, 40)}."


def dismissed_toast(name: str) -> str:
    return f"Dismissed {clip(name, 40)}."


def not_waiting() -> str:
    return "Already handled."
