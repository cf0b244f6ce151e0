"""The page's HTTP side: static files, a small JSON API over the stand-in, and live events."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aiohttp import web

from playground.business import business_chat, business_press, business_send, business_setup
from playground.cast import LANGUAGE_CODES, SHOP, Cast, add_customer, set_language
from playground.events import Broadcast
from playground.guard import local_page_only
from playground.sample_photo import sample_photo
from playground.view import message_view, person, preview, topic_color
from standin import BotApiServer
from standin.world import CONTENT_KEYS

STATIC = Path(__file__).with_name("static")
MAX_TEXT = 4096
MAX_NAME = 64
ANSWER_WAIT_SECONDS = 3.0
UNREAD_CAP = 99


class BadInput(Exception):
    """A request the page should not have sent; answered with 400 and the reason."""


@web.middleware
async def _bad_input(
    request: web.Request, handler: Callable[[web.Request], Any]
) -> web.StreamResponse:
    try:
        response: web.StreamResponse = await handler(request)
    except BadInput as error:
        return web.json_response({"error": str(error)}, status=400)
    return response


class PageApi:
    """What the page may see and do in the pretend Telegram."""

    def __init__(
        self,
        telegram: BotApiServer,
        cast: Cast,
        broadcast: Broadcast,
        changed: Callable[[], None] = lambda: None,
    ) -> None:
        self.telegram = telegram
        self.cast = cast
        self.broadcast = broadcast
        self._changed = changed

    def app(self) -> web.Application:
        """The aiohttp application serving the page and its API."""
        app = web.Application(middlewares=[local_page_only, _bad_input])
        app.router.add_get("/", self.index)
        app.router.add_static("/static/", STATIC)
        app.router.add_get("/api/setup", self.setup)
        app.router.add_get("/api/topics", self.topics)
        app.router.add_get("/api/messages", self.messages)
        app.router.add_get("/api/files/{file_id}", self.file)
        app.router.add_get("/api/events", self.broadcast.stream)
        app.router.add_post("/api/send", self.send)
        app.router.add_post("/api/press", self.press)
        app.router.add_post("/api/customers", self.new_customer)
        app.router.add_post("/api/language", self.customer_language)
        return app

    async def index(self, request: web.Request) -> web.FileResponse:
        """The page itself."""
        return web.FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    async def setup(self, request: web.Request) -> web.Response:
        """Who is who: the shop, the bot, the staff group, the team and the customers."""
        world = self.telegram
        staff_chat = world.chat(self.cast.staff_chat).chat
        setup = {
            "shop": SHOP,
            "bot": person(world.bot),
            "staff_chat": {"id": staff_chat["id"], "title": staff_chat["title"]},
            "owner": person(world.user(self.cast.owner)),
            "staff": [person(world.user(uid)) for uid in self.cast.staff],
            "customers": [person(world.user(uid)) for uid in self.cast.customers],
            "commands": self._commands(),
            "languages": list(LANGUAGE_CODES),
            "business": business_setup(self.telegram, self.cast),
        }
        return web.json_response(setup)

    def _commands(self) -> dict[str, list[str]]:
        menus: dict[str, list[str]] = {"staff": [], "private": []}
        for scope, commands in self.telegram.commands.items():
            names = [f"/{command['command']}" for command in commands]
            if str(self.cast.staff_chat) in scope:
                menus["staff"] = names
            elif "all_private_chats" in scope:
                menus["private"] = names
        return menus

    async def topics(self, request: web.Request) -> web.Response:
        """The staff group's topic list, General first, then by latest activity."""
        state = self.telegram.chat(self.cast.staff_chat)
        threads: dict[int | None, list[dict[str, Any]]] = {None: []}
        for message in state.messages:
            threads.setdefault(message.get("message_thread_id"), []).append(message)
        listed = [self._topic_row(None, "General", False, "", threads[None])]
        rows = [
            self._topic_row(
                t.thread_id,
                t.name,
                t.closed,
                topic_color(t.icon_color),
                threads.get(t.thread_id, []),
            )
            for t in state.topics.values()
            if not t.deleted
        ]
        rows.sort(key=lambda row: row["last_id"], reverse=True)
        return web.json_response(listed + rows)

    @staticmethod
    def _topic_row(
        thread: int | None, name: str, closed: bool, color: str, messages: list[dict[str, Any]]
    ) -> dict[str, Any]:
        last = messages[-1] if messages else None
        return {
            "thread": thread,
            "name": name,
            "closed": closed,
            "color": color,
            "last_id": last["message_id"] if last else 0,
            "last_date": last["date"] if last else None,
            "last_from": person(last["from"])["name"] if last else "",
            "last_text": preview(last) if last else "",
            # Recent ids of real messages, so the page can count what is unread.
            "ids": [m["message_id"] for m in messages if CONTENT_KEYS & m.keys()][-UNREAD_CAP:],
        }

    async def messages(self, request: web.Request) -> web.Response:
        """Messages of a chat (?chat=id), or of one topic (&thread=id, or thread=general);
        &business=1: a customer's chat with the shop's business account."""
        chat_id = _int(request.query.get("chat"), "chat")
        if request.query.get("business"):
            found = business_chat(self.telegram, self.cast, chat_id)
            return web.json_response([message_view(m, self.telegram.files) for m in found])
        state = self.telegram.chats.get(chat_id)
        if state is None:
            return web.json_response([])
        thread = request.query.get("thread")
        found = state.messages
        if thread == "general":
            found = [m for m in found if "message_thread_id" not in m]
        elif thread:
            thread_id = _int(thread, "thread")
            found = [m for m in found if m.get("message_thread_id") == thread_id]
        return web.json_response([message_view(m, self.telegram.files) for m in found])

    async def file(self, request: web.Request) -> web.Response:
        """A file's bytes, for pictures and downloads."""
        stored = self.telegram.files.by_id.get(request.match_info["file_id"])
        if stored is None:
            raise web.HTTPNotFound()
        kind = "image/png" if stored.data.startswith(b"\x89PNG") else "application/octet-stream"
        if stored.data.startswith(b"\xff\xd8\xff"):
            kind = "image/jpeg"
        name = stored.path.rsplit("/", 1)[-1]
        if stored.kind == "document" and isinstance(stored.media, dict):
            name = stored.media.get("file_name", name)
        disposition = "inline" if kind.startswith("image/") else "attachment"
        headers = {"Content-Disposition": f'{disposition}; filename="{name}"'}
        return web.Response(body=stored.data, content_type=kind, headers=headers)

    async def send(self, request: web.Request) -> web.Response:
        """A person writes: {user, chat, thread?, text?, photo?, reply_to?, to?}; to:
        "business" sends a customer's message to the shop's business account."""
        body = await _json(request)
        user_id = _int(body.get("user"), "user")
        chat_id = _int(body.get("chat"), "chat")
        text = str(body.get("text") or "").strip()
        photo = bool(body.get("photo"))
        if not text and not photo:
            raise BadInput("write something first")
        if len(text) > MAX_TEXT:
            raise BadInput(f"Telegram takes at most {MAX_TEXT} characters")
        reply_to = _int(body["reply_to"], "reply_to") if body.get("reply_to") else None
        content: dict[str, Any] = {"reply_to": reply_to}
        if photo:
            content.update(photo=True, caption=text[:1024] or None, data=sample_photo())
        else:
            content["text"] = text
        if user_id not in self.telegram.users:
            raise BadInput("unknown person")
        if body.get("to") == "business" and chat_id == user_id:
            try:
                sent = business_send(self.telegram, self.cast, user_id, content)
            except ValueError as error:
                raise BadInput(str(error)) from None
        elif chat_id == user_id:
            sent = self.telegram.private_message(user_id, **content)
        elif chat_id == self.cast.staff_chat and user_id in self.cast.team:
            thread = body.get("thread")
            thread_id = _int(thread, "thread") if thread else None
            try:
                sent = self.telegram.group_message(
                    user_id, chat_id, thread_id=thread_id, **content
                )
            except ValueError as error:
                raise BadInput(str(error)) from None
        else:
            raise BadInput("only the team writes in the staff group")
        self._changed()
        return web.json_response({"message_id": sent["message_id"]})

    async def press(self, request: web.Request) -> web.Response:
        """A person presses an inline button; answers with the bot's notification, if any."""
        body = await _json(request)
        user_id = _int(body.get("user"), "user")
        chat_id = _int(body.get("chat"), "chat")
        message_id = _int(body.get("message"), "message")
        data = str(body.get("data") or "")
        try:
            if body.get("business"):
                query_id = business_press(self.telegram, self.cast, user_id, message_id, data)
            else:
                query_id = self.telegram.press_button(user_id, chat_id, message_id, data)
        except ValueError as error:
            raise BadInput(str(error)) from None
        query = self.telegram.callback_queries[query_id]
        with contextlib.suppress(AssertionError):
            await self.telegram.wait_for(lambda: query["answered"], ANSWER_WAIT_SECONDS)
        answer = query.get("answer") or {}
        return web.json_response(
            {"text": answer.get("text", ""), "alert": bool(answer.get("show_alert"))}
        )

    async def new_customer(self, request: web.Request) -> web.Response:
        """A new sample customer: {name}."""
        body = await _json(request)
        name = str(body.get("name") or "").strip()
        if not name or len(name) > MAX_NAME:
            raise BadInput(f"a name of 1 to {MAX_NAME} characters, please")
        user = add_customer(self.telegram, self.cast, name)
        self._changed()
        return web.json_response(person(user))

    async def customer_language(self, request: web.Request) -> web.Response:
        """A sample customer's Telegram language: {user, language}."""
        body = await _json(request)
        user_id = _int(body.get("user"), "user")
        if user_id not in self.cast.customers:
            raise BadInput("not one of the sample customers")
        try:
            user = set_language(self.telegram, user_id, str(body.get("language") or ""))
        except ValueError as error:
            raise BadInput(str(error)) from None
        return web.json_response(person(user))


async def _json(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise BadInput("send JSON") from None
    if not isinstance(body, dict):
        raise BadInput("send a JSON object")
    return body


def _int(value: Any, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise BadInput(f"{name} must be a number") from None


async def start_site(app: web.Application, host: str, port: int) -> tuple[web.AppRunner, int]:
    """Serve app on host:port (0 = any free port); returns the runner and the port."""
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError:
        await runner.cleanup()
        raise
    return runner, runner.addresses[0][1]


async def stop_site(runner: web.AppRunner, broadcast: Broadcast) -> None:
    """End the event streams, then the server."""
    broadcast.close()
    await asyncio.sleep(0)
    await runner.cleanup()
