"""Frontdesk settings: environment variables prefixed FRONTDESK_ and a .env file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from config.zones import zone_problem

TELEGRAM_API_BASE_URL = "https://api.telegram.org/bot"
TELEGRAM_API_BASE_FILE_URL = "https://api.telegram.org/file/bot"
# The languages Frontdesk has catalogues for (views/i18n.py names them).
SHOP_LANGUAGES = ("en", "de", "es", "fr", "it", "pt", "ru", "uk")


class Settings(BaseSettings):
    """Everything Frontdesk needs to run; built explicitly so tests can construct it."""

    model_config = SettingsConfigDict(
        env_prefix="FRONTDESK_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        # What the operator configured; what Telegram changes (the staff chat moving) lives
        # in desk.staff_chat.StaffChat.
        frozen=True,
    )

    bot_token: SecretStr
    staff_chat_id: int
    owner_ids: Annotated[tuple[int, ...], NoDecode]
    shop_name: str = "our shop"
    timezone: str = "UTC"
    db_path: Path = Path("data/frontdesk.sqlite3")
    api_base_url: str = TELEGRAM_API_BASE_URL
    api_base_file_url: str = TELEGRAM_API_BASE_FILE_URL
    first_response_sla_seconds: int = Field(default=600, ge=1)
    followup_after_seconds: int = Field(default=0, ge=0)
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    log_level: str = "INFO"
    language: str = "en"
    # Messages a customer may send in a minute before a ten-minute mute; 0 turns it off.
    flood_limit: int = Field(default=30, ge=0)
    # Not in the product table: benchmarks turn our side of Telegram's limits off.
    rate_limits: bool = True

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        token = value.get_secret_value().strip()
        bot_id, _, secret = token.partition(":")
        if not bot_id.isdigit() or not secret:
            raise ValueError("expected a token from @BotFather like 123456:ABC-DEF...")
        return SecretStr(token)

    @field_validator("staff_chat_id")
    @classmethod
    def _group_id(cls, value: int) -> int:
        if value >= 0:
            raise ValueError("a group id is a negative number such as -1001234567890")
        return value

    @field_validator("owner_ids", mode="before")
    @classmethod
    def _parse_owner_ids(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                try:
                    return tuple(json.loads(text))
                except json.JSONDecodeError as error:
                    raise ValueError("not a valid JSON list") from error
            parts = [part.strip() for part in text.split(",") if part.strip()]
            if not all(part.lstrip("-").isdigit() for part in parts):
                raise ValueError("expected user ids such as 1,2 or [1, 2]")
            return tuple(int(part) for part in parts)
        if isinstance(value, int):
            return (value,)
        return value

    @field_validator("owner_ids")
    @classmethod
    def _at_least_one_owner(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if not value:
            raise ValueError("at least one owner user id is needed")
        if any(owner <= 0 for owner in value):
            raise ValueError("user ids are positive numbers")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        problem = zone_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("use DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        code = value.strip().lower()
        if code not in SHOP_LANGUAGES:
            raise ValueError(f"use one of {', '.join(SHOP_LANGUAGES)}")
        return code

    @field_validator("shop_name")
    @classmethod
    def _shop_name_present(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the shop name cannot be empty")
        return value.strip()

    @property
    def zone(self) -> ZoneInfo:
        """The shop's time zone."""
        return ZoneInfo(self.timezone)

    def masked_token(self) -> str:
        """The token with its secret part hidden, safe to print."""
        bot_id, _, _ = self.bot_token.get_secret_value().partition(":")
        return f"{bot_id}:****"

    def describe(self) -> list[str]:
        """The effective configuration as lines, with secrets masked."""
        lines = [f"FRONTDESK_BOT_TOKEN={self.masked_token()}"]
        for name in type(self).model_fields:
            if name == "bot_token":
                continue
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                shown = "****"
            elif isinstance(value, tuple):
                shown = ",".join(str(item) for item in value)
            elif value is None:
                shown = "(unset)"
            else:
                shown = str(value)
            lines.append(f"FRONTDESK_{name.upper()}={shown}")
        return lines


class SettingsError(Exception):
    """A setting is missing or malformed; the message is one line naming the variable."""


def load_settings(**overrides: Any) -> Settings:
    """Build Settings from the environment, turning validation errors into one line."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        raise SettingsError(describe_validation_error(error)) from None


def describe_validation_error(error: ValidationError) -> str:
    """One line naming the first bad variable and what is wrong with it."""
    first = error.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else "?"
    variable = f"FRONTDESK_{field.upper()}"
    if first["type"] == "missing":
        return f"{variable} is not set (see .env.example)"
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"{variable} is invalid: {message}"
