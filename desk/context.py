"""A typed CallbackContext, so handlers reach the desk without casts or string keys."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from config.settings import Settings
from desk.desk import Desk
from storage.db import Database

DESK_KEY = "desk"
# Ids of updates whose handlers raised (the error handler adds them; the intake takes them).
FAILED_UPDATES_KEY = "failed_updates"


class Ctx(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """CallbackContext with the desk (settings, storage, staff chat, clock) attached."""

    @property
    def desk(self) -> Desk:
        desk = self.application.bot_data.get(DESK_KEY)
        assert isinstance(desk, Desk), "the desk is set up in post_init"
        return desk

    @property
    def settings(self) -> Settings:
        return self.desk.settings

    @property
    def db(self) -> Database:
        return self.desk.db


FrontdeskApp = Application[ExtBot[None], Ctx, dict[Any, Any], dict[Any, Any], dict[Any, Any], Any]
