"""A stand-in Telegram Bot API server for tests and the playground, checked against the spec."""

from .records import ApiCall, ApiError, Topic, Upload
from .server import DEFAULT_TOKEN, BotApiServer
from .spec import Spec

__all__ = ["DEFAULT_TOKEN", "ApiCall", "ApiError", "BotApiServer", "Spec", "Topic", "Upload"]
