"""Method name -> handler of the stand-in."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .business import BusinessScenes
from .records import Upload


@dataclass
class Call:
    """A validated call being answered."""

    method: str
    world: BusinessScenes
    params: dict[str, Any]
    uploads: Mapping[str, Upload]


Handler = Callable[[Call], Awaitable[Any]]
HANDLERS: dict[str, Handler] = {}


def handles(*names: str) -> Callable[[Handler], Handler]:
    """Register a handler for Bot API methods (names case-insensitive)."""

    def register(handler: Handler) -> Handler:
        for name in names:
            HANDLERS[name.lower()] = handler
        return handler

    return register
