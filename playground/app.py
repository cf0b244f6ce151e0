"""The playground wired up: the stand-in Telegram, the real Frontdesk against it, the page."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import logging
import os
import tempfile
from collections.abc import Callable, Coroutine
from pathlib import Path
from types import TracebackType
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from config.settings import Settings
from playground.business import connect_shop_account
from playground.cast import SHOP, Cast, create_cast, greet_team
from playground.events import Broadcast
from playground.web import PageApi, start_site, stop_site
from standin import BotApiServer, persist

log = logging.getLogger(__name__)

TOKEN = "123456:PLAYGROUND-not-a-real-token"
BOT_USERNAME = "cornerbakery_bot"
SAVE_DELAY_SECONDS = 1.0
STOP_SECONDS = 15.0


# The desk's entry point (bot.runner.serve), given by the command line that starts the
# playground, so the playground needs nothing from the packages above it.
ServeDesk = Callable[[Settings, asyncio.Event], Coroutine[Any, Any, None]]


class PlaygroundError(Exception):
    """Why the playground cannot start, in one line."""


class Playground:
    """Everything `frontdesk playground` runs, started and stopped together."""

    def __init__(self, serve: ServeDesk, port: int = 8080, db_path: Path | None = None) -> None:
        self._serve = serve
        self.port = port
        self.db_path = db_path
        self.telegram = BotApiServer(token=TOKEN, bot_username=BOT_USERNAME, bot_name=SHOP)
        self.broadcast = Broadcast()
        self.cast: Cast | None = None
        self._temp: tempfile.TemporaryDirectory[str] | None = None
        self._site: web.AppRunner | None = None
        self._bot: asyncio.Task[None] | None = None
        self._stop_bot = asyncio.Event()
        self._save: asyncio.TimerHandle | None = None

    @property
    def url(self) -> str:
        """Where the page is."""
        return f"http://127.0.0.1:{self.port}/"

    @property
    def world_path(self) -> Path | None:
        """The stand-in's saved state next to a kept database."""
        if self.db_path is None:
            return None
        return self.db_path.with_name(self.db_path.name + ".world.json")

    async def start(self) -> None:
        """Start the stand-in, the page and the bot; PlaygroundError if one cannot start."""
        db_path = self._database()
        cast = self._load_or_create_cast(db_path)
        await self.telegram.start()
        try:
            page = PageApi(self.telegram, cast, self.broadcast, self._schedule_save)
            try:
                self._site, self.port = await start_site(page.app(), "127.0.0.1", self.port)
            except OSError as error:
                reason = "it is in use" if error.errno == errno.EADDRINUSE else error.strerror
                raise PlaygroundError(
                    f"cannot listen on 127.0.0.1:{self.port}: {reason}; try another --port"
                ) from None
            self.telegram.listeners.append(self._on_change)
            await self._start_bot(self._settings(cast, db_path))
        except BaseException:
            await self.stop()
            raise

    def _database(self) -> Path:
        if self.db_path is not None:
            return self.db_path
        self._temp = tempfile.TemporaryDirectory(prefix="frontdesk-playground-")
        return Path(self._temp.name) / "frontdesk.sqlite3"

    def _load_or_create_cast(self, db_path: Path) -> Cast:
        saved = self.world_path
        if saved is not None and saved.exists():
            try:
                data = json.loads(saved.read_text(encoding="utf-8"))
                persist.restore(self.telegram, data["world"])
                self.cast = Cast.from_json(data["cast"])
            except (ValueError, KeyError, TypeError) as error:
                raise PlaygroundError(f"cannot read {saved}: {error}") from None
            # A playground kept from before the shop had a business account gets one now.
            connect_shop_account(self.telegram, self.cast)
            return self.cast
        if db_path.exists():
            # A database without the playground's pretend Telegram (perhaps a real shop's)
            # would disagree with a fresh stand-in about every id; leave it alone.
            raise PlaygroundError(
                f"{db_path} was not made by the playground (no {saved} next to it); "
                "pick a new file for --db"
            )
        self.cast = create_cast(self.telegram)
        greet_team(self.telegram, self.cast)
        connect_shop_account(self.telegram, self.cast)
        return self.cast

    def _settings(self, cast: Cast, db_path: Path) -> Settings:
        # Every field given explicitly, so FRONTDESK_ variables in the environment cannot leak in.
        return Settings(
            _env_file=None,  # type: ignore[call-arg]
            bot_token=TOKEN,  # type: ignore[arg-type]
            staff_chat_id=cast.staff_chat,
            owner_ids=(cast.owner,),
            shop_name=SHOP,
            timezone=local_timezone(),
            db_path=db_path,
            api_base_url=self.telegram.base_url,
            api_base_file_url=self.telegram.base_file_url,
            first_response_sla_seconds=600,
            followup_after_seconds=0,
            webhook_url=None,
            webhook_secret=None,
            log_level="WARNING",
        )

    async def _start_bot(self, settings: Settings) -> None:
        self._stop_bot = asyncio.Event()
        task = asyncio.create_task(self._serve(settings, self._stop_bot), name="frontdesk")
        self._bot = task
        # Calls are logged when answered, and a first getUpdates with nothing to fetch is a
        # long poll; deleteWebhook is answered at once, just before polling starts.
        await self.telegram.wait_for(
            lambda: task.done() or self.telegram.calls_to("deleteWebhook"), timeout=30
        )
        if task.done():
            self._bot = None
            task.result()  # raises what stopped the bot

    async def run_until(self, stop: asyncio.Event) -> None:
        """Wait for stop; if the bot ends first, raise what ended it."""
        stopping = asyncio.create_task(stop.wait())
        waiting = {stopping} | ({self._bot} if self._bot is not None else set())
        try:
            await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
        bot = self._bot
        if bot is not None and bot.done():
            self._bot = None
            bot.result()
            raise PlaygroundError("Frontdesk stopped by itself; see the log above")

    async def stop(self) -> None:
        """Stop the page, the bot and the stand-in, saving the pretend Telegram if kept."""
        if self._site is not None:
            await stop_site(self._site, self.broadcast)
            self._site = None
        if self._bot is not None:
            self._stop_bot.set()
            try:
                await asyncio.wait_for(self._bot, STOP_SECONDS)
            except TimeoutError:
                log.warning("Frontdesk took too long to stop")
            self._bot = None
        if self._save is not None:
            self._save.cancel()
            self._save = None
        self.save()
        await self.telegram.stop()
        if self._temp is not None:
            self._temp.cleanup()
            self._temp = None

    def _on_change(self, chat_id: int) -> None:
        self.broadcast.publish(chat_id)
        self._schedule_save()

    def _schedule_save(self) -> None:
        if self.world_path is None or self._save is not None:
            return
        self._save = asyncio.get_running_loop().call_later(SAVE_DELAY_SECONDS, self._saved_later)

    def _saved_later(self) -> None:
        self._save = None
        self.save()

    def save(self) -> None:
        """Write the pretend Telegram next to the kept database (nothing when it is throwaway)."""
        path = self.world_path
        if path is None or self.cast is None:
            return
        data = {"cast": self.cast.to_json(), "world": persist.dump(self.telegram)}
        partial = path.with_name(path.name + ".partial")
        try:
            partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            os.replace(partial, path)
        except OSError as error:
            log.warning("Could not save the playground to %s: %s", path, error)

    async def __aenter__(self) -> Playground:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()


def local_timezone() -> str:
    """This machine's IANA time zone, so opening hours mean what the person trying expects."""
    with contextlib.suppress(OSError, ValueError, KeyError):
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            name = target.split("zoneinfo/", 1)[1]
            ZoneInfo(name)
            return name
    return "UTC"
