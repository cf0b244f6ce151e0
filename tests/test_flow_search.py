"""/find: conversations by customer name, @username, order number, e-mail, phone or words,
newest first, with a snippet, the assignee and a link to the topic."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import Desk

ANNA_SAYS = (
    "My cake arrived <b>squashed</b> 🎂! Order #A-1234, write to anna.k@example.com "
    "or call +49 170 1234567"
)


async def _customers(desk: Desk) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    maria = desk.staff_member("Maria")
    anna = desk.customer("Anna", last_name="Schmidt", username="anna_k")
    ben = desk.customer("Ben")
    desk.telegram.private_message(anna, ANNA_SAYS)
    desk.telegram.private_message(ben, "Where is my bread? 🥖")
    await desk.settle()
    return maria, anna, ben


async def _find(desk: Desk, user: dict[str, Any], words: str) -> dict[str, Any]:
    desk.telegram.group_message(user, desk.staff_chat, f"/find {words}")
    await desk.settle()
    return desk.telegram.bot_messages(desk.staff_chat)[-1]


def _bold(message: dict[str, Any]) -> list[str]:
    units = message["text"].encode("utf-16-le")  # entity offsets count UTF-16 code units
    return [
        units[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
        for e in message.get("entities", [])
        if e["type"] == "bold"
    ]


async def test_find_by_every_field(desk: Desk) -> None:
    maria, _, _ = await _customers(desk)
    for words in (
        "squashed",
        "SQUASH",
        "schmidt",
        "Anna Schmidt",
        "@anna_k",
        "#A-1234",
        "A-1234",
        "anna.k@example.com",
        "+49 170 1234567",
        "491701234567",
        "schmidt cake",  # a name and words of the conversation together
    ):
        found = await _find(desk, maria, words)
        assert "Anna Schmidt @anna_k" in found["text"], words
        assert "Ben" not in found["text"], words


async def test_a_result_has_date_assignee_snippet_and_topic_link(desk: Desk) -> None:
    maria, anna, _ = await _customers(desk)
    found = await _find(desk, maria, "squashed")
    lines = found["text"].split("\n")
    assert lines[0] == "🔎 1 for “squashed”, newest first:"
    assert lines[2] == "2026-11-23 · Anna Schmidt @anna_k · Maria"
    # The customer's HTML is shown as they typed it, emoji and all; the match is bold.
    assert lines[3].startswith("My cake arrived <b>squashed</b> 🎂")
    assert _bold(found) == ["1", "squashed"]  # the count, and the match
    [link] = [e for e in found["entities"] if e["type"] == "text_link"]
    assert link["url"].endswith(f"/{desk.topic_of(anna)}")


async def test_nothing_found_and_no_words(desk: Desk) -> None:
    maria, _, _ = await _customers(desk)
    assert (await _find(desk, maria, "squashed bread"))["text"] == (
        "🔎 Nothing found for “squashed bread”."
    )
    # FTS5 syntax typed in is only words: "or" and "arrived" are in Anna's message.
    assert (await _find(desk, maria, '"cake" OR arrived* NEAR(cake'))["text"].startswith(
        "🔎 Nothing found"
    )
    assert (await _find(desk, maria, '"cake" OR arrived*'))["text"].startswith("🔎 1 for")
    assert (await _find(desk, maria, "🎂 !!"))["text"].startswith("Search conversations")


async def test_at_most_ten_newest_first(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    for number in range(12):
        customer = desk.customer(f"Customer{number:02}")
        desk.telegram.private_message(customer, f"Question {number} about croissants")
        await desk.settle()
    found = await _find(desk, maria, "croissant")
    names = [line.split(" · ")[1] for line in found["text"].split("\n") if " · " in line]
    assert names == [f"Customer{number:02}" for number in range(11, 1, -1)]


async def test_an_edit_is_found_by_its_new_words(desk: Desk) -> None:
    maria, anna, _ = await _customers(desk)
    original = desk.telegram.messages(anna["id"])[0]
    desk.telegram.edit_message(anna["id"], original["message_id"], text="My tart was dented")
    await desk.settle()
    assert "Nothing found" in (await _find(desk, maria, "squashed"))["text"]
    assert "Anna Schmidt" in (await _find(desk, maria, "dented tart"))["text"]


async def test_forgetme_takes_the_customer_out_of_the_index(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    zoe = desk.customer("Zoe", last_name="Quenneville")
    desk.telegram.private_message(zoe, "my xylophonecake collapsed")
    await desk.settle()
    assert "Zoe" in (await _find(desk, maria, "xylophonecake"))["text"]
    desk.telegram.private_message(zoe, "/forgetme")
    await desk.settle()
    question = desk.to_customer(zoe)[-1]
    desk.telegram.press_button(zoe, zoe["id"], question["message_id"], "forget:yes")
    await desk.settle()
    path = Path(desk.settings.db_path)
    raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*") if p.is_file())
    assert b"xylophonecake" not in raw  # neither in the index nor in the search's answer
    assert b"quenneville" not in raw
    assert "Nothing found" in (await _find(desk, maria, "xylophonecake"))["text"]
    assert "Nothing found" in (await _find(desk, maria, "quenneville"))["text"]
