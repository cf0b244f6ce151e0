"""Plain records shared by the stand-in modules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ApiCall:
    """One Bot API call as the stand-in saw and answered it."""

    method: str
    params: dict[str, Any]
    ok: bool
    error: str | None
    result: Any
    at: float


@dataclass
class Topic:
    """A forum topic of a supergroup."""

    thread_id: int
    name: str
    closed: bool = False
    deleted: bool = False
    icon_color: int = 7322096
    icon_custom_emoji_id: str | None = None


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    name: str
    filename: str
    content_type: str
    data: bytes = field(repr=False)


class ApiError(Exception):
    """A refusal, answered as {"ok": false, ...} with the given HTTP status."""

    def __init__(
        self, code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        """The JSON body Telegram would send."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(detail: str) -> ApiError:
    """A 400 with Telegram's "Bad Request: " prefix."""
    return ApiError(400, f"Bad Request: {detail}")
