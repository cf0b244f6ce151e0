"""What staff and owners read about the team: who is on it, who left, who took over."""

from __future__ import annotations

from collections.abc import Sequence

from views.texts import h


def left_the_team(name: str) -> str:
    return f"👋 <b>{h(name)}</b> left the staff group and is no longer on the team."


def removed_from_team(name: str) -> str:
    return f"👋 <b>{h(name)}</b> is no longer on the team."


def taken_over_after_leaving(left: str, now_with: str) -> str:
    return (
        f"➡️ <b>{h(left)}</b> is no longer on the team, so <b>{h(now_with)}</b> has this "
        "conversation now. The customer was told."
    )


def team_overview(members: Sequence[tuple[str, bool, int]]) -> str:
    """Each member as (name, on duty, open conversations)."""
    if not members:
        return "👥 Nobody is on the team yet: anyone who writes in the staff group joins it."
    lines = ["👥 <b>The team</b>"]
    for name, on_duty, open_count in members:
        duty = "on duty" if on_duty else "off duty"
        conversations = (
            "1 open conversation" if open_count == 1 else f"{open_count} open conversations"
        )
        lines.append(f"• <b>{h(name)}</b> — {duty}, {conversations}")
    lines.append("\n<code>/team remove Name</code> takes someone off the team.")
    return "\n".join(lines)


def no_such_member(name: str, names: Sequence[str]) -> str:
    known = ", ".join(h(n) for n in names) or "nobody yet"
    return f"❓ Nobody on the team is called <b>{h(name)}</b>. The team: {known}."


def team_usage() -> str:
    return (
        "Use <code>/team</code> to see the team, <code>/team remove Name</code> "
        "to take someone off it."
    )


def anonymous_not_relayed_command(command: str) -> str:
    return (
        f"🕶 {h(command)} needs to know who you are, and you are posting anonymously. "
        "Turn off <i>Remain anonymous</i> in your admin rights to use it."
    )


def bot_post_not_relayed() -> str:
    return "🤖 Posts by bots are not passed on to the customer. Write it yourself to answer."
