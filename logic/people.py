"""Finding a colleague by what staff type: their name, @username or first name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar


class Person(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def username(self) -> str | None: ...

    @property
    def first_name(self) -> str: ...


P = TypeVar("P", bound=Person)


def find_colleague(team: Sequence[P], wanted: str) -> P | None:
    """The one person `wanted` names: by display name, else @username, else first name
    (case-insensitive); None if nobody or several match."""
    key = wanted.strip().lstrip("@").casefold()
    for field in ("name", "username", "first_name"):
        found = [person for person in team if (getattr(person, field) or "").casefold() == key]
        if len(found) == 1:
            return found[0]
    return None
