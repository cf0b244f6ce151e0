"""The shop's week, closures and time zone together: open now? when next? in words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from string import Formatter
from zoneinfo import ZoneInfo

from logic.hours import (
    Closure,
    WeeklyHours,
    is_open,
    next_closing,
    next_opening,
)

PLACEHOLDERS = ("shop", "name", "opens")


@dataclass(frozen=True)
class Schedule:
    hours: WeeklyHours
    closures: tuple[Closure, ...]
    zone: ZoneInfo

    def local(self, now: float) -> datetime:
        return datetime.fromtimestamp(now, UTC).astimezone(self.zone)

    def is_open(self, now: float) -> bool:
        """Open at this moment (no hours set at all means always open, closures aside)."""
        return is_open(self.hours, self.closures, self.local(now), self.zone)

    def next_open(self, now: float) -> datetime | None:
        """When the shop next opens (``now`` itself if it is open; None: never)."""
        return next_opening(self.hours, self.closures, self.local(now), self.zone)

    def next_close(self, now: float) -> datetime | None:
        """When the shop next closes (None: it stays open)."""
        return next_closing(self.hours, self.closures, self.local(now), self.zone)

    def upcoming_closures(self, now: float) -> list[Closure]:
        """Closures that have not ended yet, soonest first."""
        today = self.local(now).date()
        return sorted((c for c in self.closures if c.last >= today), key=lambda c: c.first)

    def after_open_seconds(self, start: float, seconds: float) -> float | None:
        """The moment `seconds` of opening time have passed since `start` (None: never).

        Deadlines count only while the shop is open; with no hours and no closures that is
        plain clock time.
        """
        if self.hours.is_empty() and not self.closures:
            return start + seconds
        moment, remaining = self.local(start), float(seconds)
        for _ in range(2000):
            opening = next_opening(self.hours, self.closures, moment, self.zone)
            if opening is None:
                return None
            closing = next_closing(self.hours, self.closures, opening, self.zone)
            opened_at = opening.timestamp()
            if closing is None or closing.timestamp() - opened_at >= remaining:
                return opened_at + remaining
            remaining -= closing.timestamp() - opened_at
            moment = closing
        return None


def unknown_placeholders(template: str) -> list[str]:
    """Placeholders in an owner's text that we cannot fill ({shop}, {name}, {opens} only).

    Raises ValueError for a brace that does not close.
    """
    unknown = []
    for _, field, spec, conversion in Formatter().parse(template):
        if field is None:
            continue
        if field not in PLACEHOLDERS or spec or conversion:
            unknown.append(
                "{"
                + field
                + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else "")
                + "}"
            )
    return unknown


def fill(template: str, *, shop: str, name: str, opens: str) -> str:
    """An owner's text with its placeholders filled in."""
    return template.format(shop=shop, name=name, opens=opens)
