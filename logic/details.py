"""Details worth noting on a ticket card, found in a customer's own words."""

from __future__ import annotations

import re
from dataclasses import dataclass

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_ORDER_AFTER_HASH = re.compile(r"(?<![\w&])#\s?([A-Za-z0-9][A-Za-z0-9-]{2,31})\b")
_ORDER_AFTER_WORD = re.compile(
    r"\b(?:order|invoice|booking|bestellung|commande|pedido)"
    r"(?:\s+(?:no\.?|number|nr\.?|num\.?|id|ref\.?))?\s*[:#]?\s*([A-Za-z0-9][A-Za-z0-9-]{2,31})\b",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<![\w#])\+?\(?\d[\d\s().-]{5,20}\d(?![\w])")
_DATE_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}$|^\d{1,2}[./]\d{1,2}[./]\d{2,4}$")


@dataclass(frozen=True)
class Details:
    order_numbers: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.order_numbers or self.emails or self.phones)

    def merged(self, other: Details) -> Details:
        """Both sets of details, each kept once and in order of appearance."""
        return Details(
            order_numbers=_unique(self.order_numbers + other.order_numbers),
            emails=_unique(self.emails + other.emails),
            phones=_unique(self.phones + other.phones),
        )


def extract_details(text: str | None) -> Details:
    """Order numbers, e-mail addresses and phone numbers mentioned in a text."""
    if not text:
        return Details()
    emails = _unique(match.group(0) for match in _EMAIL.finditer(text))
    without_emails = _EMAIL.sub(" ", text)
    order_matches = sorted(
        (
            match
            for pattern in (_ORDER_AFTER_HASH, _ORDER_AFTER_WORD)
            for match in pattern.finditer(without_emails)
            if any(char.isdigit() for char in match.group(1))
        ),
        key=lambda match: match.start(),
    )
    orders = _unique(match.group(1) for match in order_matches)
    without_orders = without_emails
    for match in order_matches:
        start, end = match.span()
        without_orders = without_orders[:start] + " " * (end - start) + without_orders[end:]
    phones = _unique(
        candidate
        for candidate in (match.group(0).strip() for match in _PHONE.finditer(without_orders))
        if _looks_like_phone(candidate)
    )
    return Details(order_numbers=orders, emails=emails, phones=phones)


def _looks_like_phone(candidate: str) -> bool:
    digits = sum(char.isdigit() for char in candidate)
    if not 7 <= digits <= 15 or _DATE_LIKE.match(candidate):
        return False
    # A bare run of digits without a leading + or 0 is more likely an amount or an id.
    return candidate.startswith(("+", "0", "(")) or any(sep in candidate for sep in " -.")


def _unique(items: object) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:  # type: ignore[attr-defined]
        seen.setdefault(str(item), None)
    return tuple(seen)
