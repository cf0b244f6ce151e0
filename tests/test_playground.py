"""`frontdesk playground`: the stand-in, the real bot and the page, end to end."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import sqlite3
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
import pytest
from playwright.async_api import Browser, async_playwright, expect
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from bot.runner import serve
from playground.app import Playground, PlaygroundError

T = TypeVar("T")
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
async def playground() -> AsyncIterator[Playground]:
    async with Playground(serve, port=0) as running:
        yield running


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def eventually(probe: Callable[[], Awaitable[T | None]], timeout: float = 10.0) -> T:  # noqa: ASYNC109
    """Ask probe until it answers something truthy."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = await probe()
        if value:
            return value
        if loop.time() > deadline:
            raise AssertionError(f"still {value!r} after {timeout}s")
        await asyncio.sleep(0.05)


class Page:
    """The page's JSON API, as the browser uses it."""

    def __init__(self, http: aiohttp.ClientSession, playground: Playground) -> None:
        self.http = http
        self.url = playground.url

    async def get(self, path: str) -> Any:
        async with self.http.get(self.url + path) as response:
            assert response.status == 200, await response.text()
            return await response.json()

    async def post(self, path: str, body: dict[str, Any], status: int = 200) -> Any:
        async with self.http.post(self.url + path, json=body) as response:
            assert response.status == status, await response.text()
            return await response.json()

    async def messages(self, chat: int, thread: int | None = None) -> list[dict[str, Any]]:
        query = f"api/messages?chat={chat}" + (f"&thread={thread}" if thread else "")
        result: list[dict[str, Any]] = await self.get(query)
        return result

    async def topic(self, name: str) -> dict[str, Any] | None:
        topics = await self.get("api/topics")
        return next((t for t in topics if t["thread"] and name in t["name"]), None)

    async def message_with(
        self, chat: int, text: str, thread: int | None = None
    ) -> dict[str, Any] | None:
        found = [m for m in await self.messages(chat, thread) if text in m["html"]]
        return found[-1] if found else None


@pytest.fixture
async def page(http: aiohttp.ClientSession, playground: Playground) -> Page:
    return Page(http, playground)


async def test_page_and_cast_are_served(page: Page) -> None:
    async with page.http.get(page.url) as response:
        assert response.status == 200
        assert "Frontdesk playground" in await response.text()
    for asset in ("static/app.js", "static/app.css"):
        async with page.http.get(page.url + asset) as response:
            assert response.status == 200
    setup = await page.get("api/setup")
    assert setup["shop"] == "Corner Bakery"
    assert [p["name"] for p in setup["staff"]] == ["Maria", "Tom"]
    assert setup["owner"]["name"] == "Olga"
    assert [p["name"].split()[0] for p in setup["customers"]] == ["Anna", "Ben", "Chloé"]
    assert "/close" in setup["commands"]["staff"]


async def test_customer_staff_close_and_rating_through_the_api(page: Page) -> None:
    setup = await page.get("api/setup")
    anna, maria = setup["customers"][0]["id"], setup["staff"][0]["id"]
    staff_chat = setup["staff_chat"]["id"]

    await page.post("api/send", {"user": anna, "chat": anna, "text": "Order #4711 is squashed"})
    topic = await eventually(lambda: page.topic("Anna"))
    assert "#4711" in topic["name"]
    card = await eventually(
        lambda: page.message_with(staff_chat, "New conversation", topic["thread"])
    )
    assert "Order: 4711" in card["html"] and card["from"]["bot"]
    handoff = await eventually(lambda: page.message_with(anna, "hat Ihre Nachricht"))
    assert "Maria" in handoff["html"]

    await page.post(
        "api/send",
        {"user": maria, "chat": staff_chat, "thread": topic["thread"], "text": "Sorry!"},
    )
    await eventually(lambda: page.message_with(anna, "Sorry!"))
    await page.post(
        "api/send",
        {"user": maria, "chat": staff_chat, "thread": topic["thread"], "text": "/close"},
    )
    question = await eventually(lambda: page.message_with(anna, "Bewertung"))
    five = await eventually(lambda: _button(page, anna, question["id"], "5"))
    answer = await page.post(
        "api/press", {"user": anna, "chat": anna, "message": question["id"], "data": five["data"]}
    )
    assert "5/5" in answer["text"]
    assert await eventually(lambda: page.message_with(staff_chat, "rated this conversation 5/5"))

    # The rating notice may reopen the topic for a moment to post; it ends closed again.
    async def topic_closed() -> bool:
        return bool((await page.topic("Anna") or {}).get("closed"))

    assert await eventually(topic_closed)


async def _button(page: Page, chat: int, message_id: int, label: str) -> dict[str, Any] | None:
    """The inline button of a message whose label starts with label, once it is there."""
    [message] = [m for m in await page.messages(chat) if m["id"] == message_id]
    buttons = [button for row in message["buttons"] for button in row]
    return next((b for b in buttons if b["text"].startswith(label)), None)


async def test_photo_is_shown_in_both_panes_with_reply_quotes(page: Page) -> None:
    setup = await page.get("api/setup")
    ben, tom = setup["customers"][1]["id"], setup["staff"][1]["id"]
    staff_chat = setup["staff_chat"]["id"]
    sent = await page.post("api/send", {"user": ben, "chat": ben, "photo": True, "text": "Look"})
    [photo] = [m for m in await page.messages(ben) if m["id"] == sent["message_id"]]
    assert photo["media"]["kind"] == "photo" and photo["html"] == "Look"
    async with page.http.get(page.url + photo["media"]["url"].lstrip("/")) as response:
        assert response.content_type == "image/png"
        assert (await response.read()).startswith(b"\x89PNG")
    topic = await eventually(lambda: page.topic("Ben"))
    copy = await eventually(lambda: page.message_with(staff_chat, "Look", topic["thread"]))
    assert copy["media"]["url"] == photo["media"]["url"]

    body = {"user": tom, "chat": staff_chat, "thread": topic["thread"], "text": "Oh no!"}
    await page.post("api/send", body | {"reply_to": copy["id"]})
    answer = await eventually(lambda: page.message_with(ben, "Oh no!"))
    assert answer["reply"] == {"id": photo["id"], "name": "Ben Carter", "text": "Look"}


async def test_changes_stream_to_the_page_as_server_sent_events(page: Page) -> None:
    setup = await page.get("api/setup")
    chloe = setup["customers"][2]["id"]
    async with page.http.get(page.url + "api/events") as events:
        assert events.content_type == "text/event-stream"
        assert await _next_event(events) == []
        await page.post(
            "api/send", {"user": chloe, "chat": chloe, "text": "Ma commande #88 est en retard"}
        )
        seen: set[int] = set()
        while not {chloe, setup["staff_chat"]["id"]} <= seen:
            seen.update(await asyncio.wait_for(_next_event(events), 10))


async def _next_event(events: aiohttp.ClientResponse) -> list[int]:
    async for line in events.content:
        if line.startswith(b"data:"):
            result: list[int] = json.loads(line[5:])
            return result
    raise AssertionError("the event stream ended")


async def test_each_sample_customer_can_speak_another_language(page: Page) -> None:
    setup = await page.get("api/setup")
    ben = setup["customers"][1]
    assert ben["language"] == "en" and "pt-br" in setup["languages"]
    changed = await page.post("api/language", {"user": ben["id"], "language": "ru"})
    assert changed["language"] == "ru"
    await page.post("api/send", {"user": ben["id"], "chat": ben["id"], "text": "/start"})
    assert await eventually(lambda: page.message_with(ben["id"], "Добро пожаловать"))
    await page.post("api/language", {"user": ben["id"], "language": "xx"}, status=400)


async def test_new_customer_and_bad_requests(page: Page) -> None:
    dora = await page.post("api/customers", {"name": "Dora Explorer"})
    assert dora["name"] == "Dora Explorer"
    assert dora["id"] in [c["id"] for c in (await page.get("api/setup"))["customers"]]
    await page.post("api/send", {"user": dora["id"], "chat": dora["id"], "text": " "}, status=400)
    staff_chat = (await page.get("api/setup"))["staff_chat"]["id"]
    refused = await page.post(
        "api/send", {"user": dora["id"], "chat": staff_chat, "text": "hi"}, status=400
    )
    assert "team" in refused["error"]
    await page.post("api/customers", {"name": ""}, status=400)


async def test_a_customer_writes_to_the_shops_business_account(
    page: Page, playground: Playground
) -> None:
    setup = await page.get("api/setup")
    business = setup["business"]
    assert business["account"] == setup["owner"]
    assert business["account"]["username"] == "cornerbakery"
    telegram, connection = playground.telegram, business["connection"]
    assert telegram.business[connection].enabled
    chloe = setup["customers"][2]["id"]
    sent = await page.post(
        "api/send", {"user": chloe, "chat": chloe, "to": "business", "text": "Ouvert dimanche ?"}
    )
    question = await business_message_with(page, chloe, "Ouvert dimanche ?")
    assert question and question["id"] == sent["message_id"]
    assert question["from"]["name"] == "Chloé Martin"
    assert await page.message_with(chloe, "Ouvert dimanche ?") is None, "not the bot's chat"

    # The shop's account answers: its owner from her phone, and the bot on its behalf.
    telegram.account_message(connection, chloe, "Oui, de 8h à 12h")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Réserver", callback_data="book")]])
    async with Bot(telegram.token, base_url=telegram.base_url) as bot:
        await bot.send_message(
            chloe, "Une baguette ?", reply_markup=keyboard, business_connection_id=connection
        )
    answer = await business_message_with(page, chloe, "de 8h à 12h")
    assert answer and answer["from"]["name"] == "Olga"
    offer = await business_message_with(page, chloe, "Une baguette ?")
    assert offer and offer["buttons"] == [[{"text": "Réserver", "data": "book", "url": ""}]]
    await page.post(
        "api/press",
        {"user": chloe, "chat": chloe, "message": offer["id"], "data": "book", "business": True},
    )
    [query] = [q for q in telegram.callback_queries.values() if q["data"] == "book"]
    assert query["message"]["business_connection_id"] == connection
    maria = setup["staff"][0]["id"]
    refused = await page.post(
        "api/send", {"user": maria, "chat": maria, "to": "business", "text": "hi"}, status=400
    )
    assert "only customers" in refused["error"]


async def business_message_with(page: Page, chat: int, text: str) -> dict[str, Any] | None:
    """The last message of the customer's chat with the shop's account that has text."""
    found = [m for m in await page.get(f"api/messages?chat={chat}&business=1")
             if text in m["html"]]  # fmt: skip
    return found[-1] if found else None


async def test_kept_database_picks_up_where_it_was(
    http: aiohttp.ClientSession, tmp_path: Path
) -> None:
    db = tmp_path / "kept.sqlite3"
    async with Playground(serve, port=0, db_path=db) as first:
        page = Page(http, first)
        anna = (await page.get("api/setup"))["customers"][0]["id"]
        await page.post("api/send", {"user": anna, "chat": anna, "text": "First visit"})
        topic = await eventually(lambda: page.topic("Anna"))
        await eventually(lambda: page.message_with(anna, "hat Ihre Nachricht"))
        connection = (await page.get("api/setup"))["business"]["connection"]
    assert first.world_path is not None and first.world_path.exists()

    async with Playground(serve, port=0, db_path=db) as second:
        page = Page(http, second)
        assert await page.message_with(anna, "First visit")
        assert (await page.get("api/setup"))["business"]["connection"] == connection
        await page.post("api/send", {"user": anna, "chat": anna, "text": "Back again"})
        staff_chat = (await page.get("api/setup"))["staff_chat"]["id"]
        again = await eventually(lambda: page.message_with(staff_chat, "Back again"))
        assert again["thread"] == topic["thread"]


async def test_a_database_the_playground_did_not_make_is_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "shop.sqlite3"
    sqlite3.connect(db).close()
    with pytest.raises(PlaygroundError, match="not made by the playground"):
        await Playground(serve, port=0, db_path=db).start()


async def test_command_needs_no_settings_and_stops_cleanly_on_sigint(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTDESK_")}
    command = ["-m", "bot", "playground", "--no-browser", "--port", "0"]
    pipe = asyncio.subprocess.PIPE
    process = await asyncio.create_subprocess_exec(
        sys.executable, *command, cwd=tmp_path, env=env, stdout=pipe, stderr=pipe
    )
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), 30)).decode()
        url = line[line.index("http://") :].split()[0]
        async with aiohttp.ClientSession() as http, http.get(url) as response:
            assert "Frontdesk playground" in await response.text()
        process.send_signal(signal.SIGINT)
        _, stderr = await asyncio.wait_for(process.communicate(), 20)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0, stderr.decode()
    assert "Traceback" not in stderr.decode()


# -- in a real browser ------------------------------------------------------------------------

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium on this machine (apt-get install chromium); CI installs it",
)


@needs_chromium
async def test_whole_desk_in_headless_chromium(playground: Playground) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    async with async_playwright() as driver:
        browser = await driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            laptop = await browser.new_page(viewport={"width": 1280, "height": 800})
            errors: list[str] = []
            laptop.on("pageerror", lambda error: errors.append(str(error)))
            await laptop.goto(playground.url)
            await laptop.wait_for_selector("body[data-ready=yes]")

            # A customer writes on the phone on the left.
            await laptop.fill("#customer-input", "Hi! My cake from order #2024 arrived squashed")
            await laptop.press("#customer-input", "Enter")
            await laptop.click("#customer-photo")

            # The topic appears in the staff group on the right, with the ticket card.
            topic = laptop.locator(".topic-row", has_text="Anna Schmidt · #2024")
            await expect(topic).to_be_visible(timeout=10_000)
            await topic.click()
            staff_chat = laptop.locator("#staff-chat")
            await expect(staff_chat).to_contain_text("New conversation", timeout=10_000)
            await expect(staff_chat).to_contain_text("Order: 2024")
            await expect(staff_chat.locator("img.photo")).to_be_visible()
            customer_chat = laptop.locator("#customer-chat")
            await expect(customer_chat).to_contain_text("Maria von Corner Bakery")  # Anna: de

            # Maria answers in the topic; the customer sees it.
            await laptop.select_option("#staff-as", label="Maria")
            await laptop.fill("#staff-input", "So sorry! A fresh cake is on its way.")
            await laptop.press("#staff-input", "Enter")
            await expect(customer_chat).to_contain_text(
                "A fresh cake is on its way", timeout=10_000
            )
            await laptop.screenshot(path=ARTIFACTS / "playground-laptop-answered.png")

            # She closes it; the customer rates with the inline buttons.
            await laptop.fill("#staff-input", "/close")
            await laptop.press("#staff-input", "Enter")
            five = customer_chat.locator(".keyboard button", has_text="5")
            await expect(five).to_be_visible(timeout=10_000)
            await five.click()
            await expect(customer_chat).to_contain_text("Danke für Ihre Bewertung", timeout=10_000)
            await expect(staff_chat).to_contain_text("rated this conversation 5/5", timeout=10_000)
            await expect(topic.locator(".lock")).to_be_visible()
            await laptop.screenshot(path=ARTIFACTS / "playground-laptop.png")

            # The owner asks for the numbers in the private chat.
            await laptop.click('.tabs [data-pane="owner"]')
            await laptop.fill("#owner-input", "/hours")
            await laptop.press("#owner-input", "Enter")
            await expect(laptop.locator("#owner-chat")).to_contain_text("Open now", timeout=10_000)
            await laptop.screenshot(path=ARTIFACTS / "playground-laptop-owner.png")

            # The customer writes to the shop's own (business) account instead of the bot.
            await laptop.select_option("#customer-to", "business")
            await expect(laptop.locator("#customer-head")).to_contain_text("@cornerbakery")
            await laptop.fill("#customer-input", "Can I pick it up at 5?")
            await laptop.press("#customer-input", "Enter")
            await expect(customer_chat).to_contain_text("Can I pick it up at 5?")
            await expect(customer_chat).not_to_contain_text("A fresh cake is on its way")
            await laptop.screenshot(path=ARTIFACTS / "playground-laptop-business.png")
            await laptop.select_option("#customer-to", "bot")
            await expect(customer_chat).to_contain_text("A fresh cake is on its way")
            await expect(customer_chat).not_to_contain_text("Can I pick it up at 5?")
            assert errors == []

            await _phone_sized(browser, playground)
        finally:
            await browser.close()


async def _phone_sized(browser: Browser, playground: Playground) -> None:
    """The same desk in a phone-sized window: one pane at a time."""
    phone = await browser.new_page(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    await phone.goto(playground.url)
    await phone.wait_for_selector("body[data-ready=yes]")
    await phone.locator("#customers [data-customer]", has_text="Ben").click()
    await phone.fill("#customer-input", "Do you have gluten-free bread?")
    await phone.press("#customer-input", "Enter")
    await expect(phone.locator("#customer-chat")).to_contain_text(
        "has your message", timeout=10_000
    )
    await expect(phone.locator(".staff-pane")).to_be_hidden()
    await phone.screenshot(path=ARTIFACTS / "playground-phone-customer.png")

    await phone.click('.tabs [data-pane="staff"]')
    ben = phone.locator(".topic-row", has_text="Ben")
    await expect(ben).to_be_visible(timeout=10_000)
    await phone.screenshot(path=ARTIFACTS / "playground-phone-topics.png")
    await ben.click()
    await expect(phone.locator("#staff-chat")).to_contain_text("New conversation")
    await expect(phone.locator(".topics")).to_be_hidden()
    await phone.screenshot(path=ARTIFACTS / "playground-phone-topic.png")
    await phone.click("#topic-back")
    await expect(ben).to_be_visible()
