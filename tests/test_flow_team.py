"""Nobody left out: anonymous admins and channel posts reach customers; staff who leave the
staff group leave the team, and their customers are handed on and told."""

from __future__ import annotations

from tests.conftest import Desk


async def _anna_in_her_topic(desk: Desk) -> dict[str, object]:
    anna = desk.customer("Anna")
    desk.telegram.private_message(anna, "My cake is squashed")
    await desk.settle()
    return anna


async def test_an_anonymous_admin_answers_as_the_team(desk: Desk) -> None:
    desk.staff_member("Maria")
    anna = await _anna_in_her_topic(desk)
    desk.telegram.anonymous_admin_message(
        desk.staff_chat, "So sorry! A new one is on its way.", thread_id=desk.topic_of(anna)
    )
    await desk.settle()
    assert desk.to_customer(anna)[-1]["text"] == "So sorry! A new one is on its way."


async def test_a_post_as_a_channel_answers_as_the_team(desk: Desk) -> None:
    desk.staff_member("Maria")
    anna = await _anna_in_her_topic(desk)
    desk.telegram.channel_message(
        desk.staff_chat,
        "Corner Bakery News",
        "We'll call you today.",
        thread_id=desk.topic_of(anna),
    )
    await desk.settle()
    assert desk.to_customer(anna)[-1]["text"] == "We'll call you today."


async def test_an_anonymous_admins_command_is_answered_not_ignored(desk: Desk) -> None:
    desk.staff_member("Maria")
    anna = await _anna_in_her_topic(desk)
    desk.telegram.anonymous_admin_message(desk.staff_chat, "/close", thread_id=desk.topic_of(anna))
    await desk.settle()
    assert "Remain anonymous" in desk.text_of(desk.in_topic(anna)[-1])
    assert all("resolved" not in desk.text_of(m) for m in desk.to_customer(anna))


async def test_staff_who_leave_the_group_leave_the_team_and_hand_on(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    desk.staff_member("Tom")
    anna = await _anna_in_her_topic(desk)  # Maria has her: the first on duty with fewest
    assert "Maria" in desk.text_of(desk.to_customer(anna)[-1])
    desk.telegram.member_leaves(maria, desk.staff_chat)
    await desk.settle()
    assert "Tom" in desk.text_of(desk.to_customer(anna)[-1])
    assert "Tom" in desk.text_of(desk.in_topic(anna)[-1])
    ben = desk.customer("Ben")
    desk.telegram.private_message(ben, "Do you bake on Sundays?")
    await desk.settle()
    assert "Tom" in desk.text_of(desk.to_customer(ben)[-1])


async def test_staff_removed_by_an_admin_leave_the_team(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    anna = await _anna_in_her_topic(desk)
    desk.telegram.member_removed(desk.owner, maria, desk.staff_chat)
    await desk.settle()
    # Nobody else is on duty: the owner is named.
    assert "Olga" in desk.text_of(desk.to_customer(anna)[-1])
    desk.telegram.group_message(desk.owner, desk.staff_chat, "/team")
    await desk.settle()
    overview = desk.text_of(desk.telegram.bot_messages(desk.staff_chat)[-1])
    assert "Maria" not in overview


async def test_owners_see_and_change_the_team(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    desk.staff_member("Tom")
    anna = await _anna_in_her_topic(desk)
    desk.telegram.private_message(desk.owner, "/team")
    await desk.settle()
    overview = desk.text_of(desk.to_customer(desk.owner)[-1])
    assert "Maria — on duty, 1 open conversation" in overview
    assert "Tom — on duty, 0 open conversations" in overview
    desk.telegram.private_message(desk.owner, "/team remove maria")
    await desk.settle()
    assert "no longer on the team" in desk.text_of(desk.to_customer(desk.owner)[-1])
    assert "Tom" in desk.text_of(desk.to_customer(anna)[-1])
    desk.telegram.group_message(maria, desk.staff_chat, "/team")
    await desk.settle()
    assert "only" in desk.text_of(desk.telegram.bot_messages(desk.staff_chat)[-1]).lower()


async def test_team_remove_of_nobody_changes_nothing(desk: Desk) -> None:
    desk.staff_member("Maria")
    desk.telegram.private_message(desk.owner, "/team remove Zed")
    await desk.settle()
    assert "Nobody on the team is called" in desk.text_of(desk.to_customer(desk.owner)[-1])
    desk.telegram.private_message(desk.owner, "/team")
    await desk.settle()
    assert "Maria" in desk.text_of(desk.to_customer(desk.owner)[-1])
