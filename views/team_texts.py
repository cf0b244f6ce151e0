"""What staff and owners read about the team: who is on it, who left, who took over."""

from __future__ import annotations

from collections.abc import Sequence

from views.i18n import Speech
from views.texts import h


def left_the_team(sp: Speech, name: str) -> str:
    return sp.gettext(
        "👋 <b>{name}</b> left the staff group and is no longer on the team.", name=h(name)
    )


def removed_from_team(sp: Speech, name: str) -> str:
    return sp.gettext("👋 <b>{name}</b> is no longer on the team.", name=h(name))


def taken_over_after_leaving(sp: Speech, left: str, now_with: str) -> str:
    return sp.gettext(
        "➡️ <b>{left}</b> is no longer on the team, so <b>{now_with}</b> has this "
        "conversation now. The customer was told.",
        left=h(left),
        now_with=h(now_with),
    )


def team_overview(sp: Speech, members: Sequence[tuple[str, bool, int]]) -> str:
    """Each member as (name, on duty, open conversations)."""
    if not members:
        return sp.gettext(
            "👥 Nobody is on the team yet: anyone who writes in the staff group joins it."
        )
    lines = [sp.gettext("👥 <b>The team</b>")]
    for name, on_duty, open_count in members:
        duty = sp.gettext("on duty") if on_duty else sp.gettext("off duty")
        count = sp.ngettext("{count} open conversation", "{count} open conversations", open_count)
        lines.append(f"• <b>{h(name)}</b> — {duty}, {count}")
    lines.append("\n" + sp.gettext("<code>/team remove Name</code> takes someone off the team."))
    return "\n".join(lines)


def no_such_member(sp: Speech, name: str, names: Sequence[str]) -> str:
    return sp.gettext(
        "❓ Nobody on the team is called <b>{name}</b>. The team: {team}.",
        name=h(name),
        team=", ".join(h(n) for n in names) or sp.gettext("nobody yet"),
    )


def team_usage(sp: Speech) -> str:
    return sp.gettext(
        "Use <code>/team</code> to see the team, <code>/team remove Name</code> to take "
        "someone off it."
    )


def anonymous_command(sp: Speech, command: str) -> str:
    return sp.gettext(
        "🕶 {command} needs to know who you are, and you are posting anonymously. Turn off "
        "<i>Remain anonymous</i> in your admin rights to use it.",
        command=h(command),
    )


def bot_post_not_relayed(sp: Speech) -> str:
    return sp.gettext(
        "🤖 Posts by bots are not passed on to the customer. Write it yourself to answer."
    )
