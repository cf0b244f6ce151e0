"""Flows 1 and 2: greeting, intake, immediate handoff to a named person, later messages."""

from __future__ import annotations

from tests.conftest import SHOP, Desk


async def test_start_greets_warmly_with_shop_name_and_no_menu(desk: Desk) -> None:
    anna = desk.customer("Anna")
    desk.telegram.private_message(anna, "/start")
    [greeting] = await desk.telegram.wait_for(lambda: desk.to_customer(anna))
    assert SHOP in greeting["text"]
    assert "Anna" in greeting["text"]
    assert "own words" in greeting["text"]
    assert "reply_markup" not in greeting or not greeting["reply_markup"]
    await desk.settle()
    assert desk.telegram.topics(desk.staff_chat) == []


async def test_first_message_opens_topic_with_card_and_words_in_one_post_and_names_the_person(
    desk: Desk,
) -> None:
    maria = desk.staff_member("Maria")
    anna = desk.customer("Anna", last_name="Smith", username="anna_s", language_code="de")
    desk.telegram.private_message(anna, "/start")
    sent = desk.telegram.private_message(
        anna, "My order #12345 is late, mail anna@example.com or call +49 30 1234567"
    )
    await desk.settle()

    [topic] = desk.telegram.topics(desk.staff_chat)
    assert topic.name == "Anna Smith · #12345"
    card, copy = desk.in_topic(anna)
    for expected in (
        "Anna Smith",
        "@anna_s",
        "language: Deutsch",  # she is answered in German; the card is in the shop's English
        "No earlier conversations",
        "Order: 12345",
        "E-mail: anna@example.com",
        "Phone: +49 30 1234567",
        "Assigned to: Maria",
    ):
        assert expected in card["text"], expected
    assert copy["text"] == sent["text"]
    # One post carries both: the staff chat's limit counts messages, topics included.
    assert len(desk.posts_in_topic(anna)) == 1 and card["message_id"] == copy["message_id"]
    assert desk.telegram.calls_to("copyMessage") == []
    handoff = desk.to_customer(anna)[-1]["text"]
    assert (
        f"{maria['first_name']} von {SHOP} hat Ihre Nachricht und antwortet Ihnen hier" in handoff
    )


async def test_first_message_without_start_greets_and_hands_over_in_one_reply(desk: Desk) -> None:
    desk.staff_member("Maria")
    ben = desk.customer("Ben")
    desk.telegram.private_message(ben, "The bread I bought today was stale")
    await desk.settle()
    [reply] = desk.to_customer(ben)
    assert reply["text"].startswith("Hello Ben!")
    assert "Maria from Corner Bakery has your message" in reply["text"]


async def test_a_bare_hello_is_greeted_and_travels_with_the_first_real_message(
    desk: Desk,
) -> None:
    desk.staff_member("Maria")
    cleo = desk.customer("Cleo")
    hello = desk.telegram.private_message(cleo, "hi")
    await desk.settle()
    assert desk.telegram.topics(desk.staff_chat) == []
    assert "own words" in desk.to_customer(cleo)[0]["text"]

    desk.telegram.private_message(cleo, "My cake order has the wrong name on it")
    await desk.settle()
    _card, first, second = desk.in_topic(cleo)
    assert first["text"] == hello["text"]
    assert second["text"] == "My cake order has the wrong name on it"


async def test_later_messages_of_every_kind_go_to_the_same_topic_in_order(desk: Desk) -> None:
    desk.staff_member("Maria")
    dan = desk.customer("Dan")
    desk.telegram.private_message(dan, "Hello, the box was damaged")
    await desk.settle()
    telegram = desk.telegram
    telegram.private_message(dan, photo=True, caption="see the box")
    telegram.private_message(dan, voice=True)
    telegram.private_message(dan, document=True)
    telegram.private_message(dan, sticker=True)
    telegram.private_message(dan, location=True)
    telegram.private_message(dan, video=True)
    telegram.private_message(dan, "/help is there a refund?")
    await desk.settle()

    [topic] = telegram.topics(desk.staff_chat)
    copies = desk.in_topic(dan)[1:]
    kinds = [
        next(
            kind
            for kind in ("text", "photo", "voice", "document", "sticker", "location", "video")
            if kind in copy
        )
        for copy in copies
    ]
    assert kinds == ["text", "photo", "voice", "document", "sticker", "location", "video", "text"]
    assert copies[1]["caption"] == "see the box"
    assert copies[-1]["text"] == "/help is there a refund?"
    assert all(copy["message_thread_id"] == topic.thread_id for copy in copies)
    assert len(telegram.calls_to("createForumTopic")) == 1


async def test_a_customer_edit_is_mirrored_on_the_copy(desk: Desk) -> None:
    desk.staff_member("Maria")
    eve = desk.customer("Eve")
    original = desk.telegram.private_message(eve, "I ordered 2 croissants")
    await desk.settle()
    desk.telegram.edit_message(eve["id"], original["message_id"], text="I ordered 3 croissants")
    await desk.settle()
    assert desk.in_topic(eve)[1]["text"] == "I ordered 3 croissants"


async def test_a_customer_caption_edit_is_mirrored(desk: Desk) -> None:
    desk.staff_member("Maria")
    eve = desk.customer("Eve")
    photo = desk.telegram.private_message(eve, photo=True, caption="wrong cake")
    await desk.settle()
    desk.telegram.edit_message(eve["id"], photo["message_id"], caption="wrong cake, see icing")
    await desk.settle()
    assert desk.in_topic(eve)[1]["caption"] == "wrong cake, see icing"


async def test_names_with_markup_and_emoji_are_shown_literally(desk: Desk) -> None:
    desk.staff_member("<b>Max</b> & Co")
    odd = desk.customer("<b>Zoë</b> & 🎂", last_name="<i>")
    desk.telegram.private_message(odd, "Order #777 & <b>help</b>")
    await desk.settle()
    [topic] = desk.telegram.topics(desk.staff_chat)
    assert topic.name == "<b>Zoë</b> & 🎂 <i> · #777"
    card = desk.telegram.bot_messages(desk.staff_chat, topic.thread_id)[0]
    assert "<b>Zoë</b> & 🎂 <i>" in card["text"]
    assert "Assigned to: <b>Max</b> & Co" in card["text"]
    reply = desk.to_customer(odd)[-1]["text"]
    assert "<b>Max</b> & Co from Corner Bakery has your message" in reply
    assert not [call for call in desk.telegram.calls if not call.ok]


async def test_very_long_name_and_message_still_arrive(desk: Desk) -> None:
    desk.staff_member("Maria")
    long_name = desk.customer("L" * 64, last_name="N" * 64)
    text = "x" * 4096
    desk.telegram.private_message(long_name, text)
    await desk.settle()
    [topic] = desk.telegram.topics(desk.staff_chat)
    assert len(topic.name) <= 128
    assert desk.telegram.bot_messages(desk.staff_chat, topic.thread_id)[1]["text"] == text
    assert not [call for call in desk.telegram.calls if not call.ok]


async def test_customer_reply_to_a_staff_message_is_a_reply_to_its_original(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    finn = desk.customer("Finn")
    desk.telegram.private_message(finn, "Do you have gluten-free bread?")
    await desk.settle()
    thread = desk.topic_of(finn)
    answer = desk.telegram.group_message(
        maria, desk.staff_chat, "Yes, on Fridays!", thread_id=thread
    )
    await desk.settle()
    copy_for_finn = desk.to_customer(finn)[-1]
    assert copy_for_finn["text"] == "Yes, on Fridays!"

    desk.telegram.private_message(finn, "Great, 2 please", reply_to=copy_for_finn["message_id"])
    await desk.settle()
    relayed = desk.in_topic(finn)[-1]
    assert relayed["text"] == "Great, 2 please"
    assert relayed["reply_to_message"]["message_id"] == answer["message_id"]


async def test_an_album_stays_an_album(desk: Desk) -> None:
    desk.staff_member("Maria")
    gus = desk.customer("Gus")
    desk.telegram.private_message(gus, "Here are photos of the damage")
    await desk.settle()
    for n in range(3):
        desk.telegram.private_message(gus, photo=True, caption=f"photo {n}", media_group_id="alb1")
    await desk.settle()
    [call] = desk.telegram.calls_to("copyMessages")
    assert len(call.params["message_ids"]) == 3
    copies = desk.in_topic(gus)[2:]
    assert [c["caption"] for c in copies] == ["photo 0", "photo 1", "photo 2"]
    assert len({c["media_group_id"] for c in copies}) == 1


async def test_a_staff_album_reaches_the_customer_as_an_album(desk: Desk) -> None:
    maria = desk.staff_member("Maria")
    gus = desk.customer("Gus")
    desk.telegram.private_message(gus, "Which cakes do you have?")
    await desk.settle()
    for _ in range(2):
        desk.telegram.group_message(
            maria, desk.staff_chat, thread_id=desk.topic_of(gus), photo=True, media_group_id="a2"
        )
    await desk.settle()
    photos = [m for m in desk.to_customer(gus) if "photo" in m]
    assert len(photos) == 2 and photos[0]["media_group_id"] == photos[1]["media_group_id"]


async def test_an_owner_pressing_start_sees_the_owner_commands(desk: Desk) -> None:
    desk.telegram.private_message(desk.owner, "/start")
    await desk.settle()
    [welcome] = desk.to_customer(desk.owner)
    assert "You are an owner" in welcome["text"] and "/hours" in welcome["text"]


async def test_customers_writing_at_once_each_keep_their_order(desk: Desk) -> None:
    desk.staff_member("Maria")
    people = [desk.customer(name) for name in ("Anna", "Ben", "Cleo", "Dev")]
    for person in people:
        desk.telegram.private_message(person, f"{person['first_name']}: my order is late")
    await desk.settle()
    # One burst, interleaved: Telegram hands it over as one batch, handled chat by chat.
    for round_ in range(1, 6):
        for person in people:
            desk.telegram.private_message(person, f"{person['first_name']} {round_}")
    await desk.settle()

    for person in people:
        texts = [desk.text_of(copy) for copy in desk.in_topic(person)[2:]]
        assert texts == [f"{person['first_name']} {round_}" for round_ in range(1, 6)]
