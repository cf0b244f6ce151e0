"""The pretend shop: its staff group, owner, team and sample customers in the stand-in."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from standin import BotApiServer

SHOP = "Corner Bakery"
TEAM_CHAT = "Corner Bakery team"
# (first name, last name, username, language)
CUSTOMERS = (
    ("Anna", "Schmidt", "anna_s", "de"),
    ("Ben", "Carter", None, "en"),
    ("Chloé", "Martin", "chloe_m", "fr"),
)
# Telegram languages the page offers for a customer: ours, regional variants, and one the
# desk does not speak (that customer gets the shop's language).
LANGUAGE_CODES = ("en", "de", "de-AT", "es", "fr", "it", "pt-br", "ru", "uk", "ja")
STAFF = (("Maria", "Hi team! Maria here, on the counter today."), ("Tom", "Morning all 👋"))


@dataclass
class Cast:
    """Who is who in the playground, by user id."""

    staff_chat: int
    owner: int
    staff: list[int] = field(default_factory=list)
    customers: list[int] = field(default_factory=list)
    # The bot's connection to the owner's account, which is the shop's (a business account).
    business: str | None = None

    def to_json(self) -> dict[str, Any]:
        """For saving next to a kept database."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Cast:
        """Back from to_json()."""
        return cls(
            staff_chat=int(data["staff_chat"]),
            owner=int(data["owner"]),
            staff=[int(i) for i in data["staff"]],
            customers=[int(i) for i in data["customers"]],
            business=data.get("business"),
        )

    @property
    def team(self) -> list[int]:
        """Everyone who may write in the staff group from the page: the owner and the staff."""
        return [self.owner, *self.staff]


def create_cast(telegram: BotApiServer) -> Cast:
    """The owner, the staff group (with topics), the team and the sample customers."""
    # The owner's account is the shop's own, the one on the shop window.
    owner = telegram.add_user("Olga", username="cornerbakery")
    staff_chat = telegram.add_group(TEAM_CHAT, is_forum=True)
    telegram.set_member_status(staff_chat, owner, "creator")
    cast = Cast(staff_chat=staff_chat, owner=owner["id"])
    for first_name, _ in STAFF:
        user = telegram.add_user(first_name)
        telegram.set_member_status(staff_chat, user, "member")
        cast.staff.append(user["id"])
    for first_name, last_name, username, language in CUSTOMERS:
        user = telegram.add_user(first_name, last_name, username, language)
        cast.customers.append(user["id"])
    return cast


def greet_team(telegram: BotApiServer, cast: Cast) -> None:
    """The staff say hello in the staff group, which puts them on the team."""
    for user_id, (_, hello) in zip(cast.staff, STAFF, strict=True):
        telegram.group_message(user_id, cast.staff_chat, hello)


def set_language(telegram: BotApiServer, user_id: int, code: str) -> dict[str, Any]:
    """The customer's Telegram language from now on (their next update carries it)."""
    if code not in LANGUAGE_CODES:
        raise ValueError(f"a language code of {', '.join(LANGUAGE_CODES)}")
    user = telegram.user(user_id)
    user["language_code"] = code
    return user


def add_customer(telegram: BotApiServer, cast: Cast, name: str) -> dict[str, Any]:
    """A new customer, named by whoever uses the page."""
    first, _, last = name.strip().partition(" ")
    user = telegram.add_user(first, last_name=last.strip() or None)
    cast.customers.append(user["id"])
    return user
