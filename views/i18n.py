"""Languages: the gettext catalogues, whose language a text is in, and dates in words.

Every text function takes a ``Speech`` first: the language is always passed, never implied.
Message ids are whole English sentences with ``{named}`` placeholders, filled in after
translating (so translators can move them); values inserted into HTML are escaped by the
caller as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton, format_time
from babel.support import NullTranslations, Translations

from config.settings import SHOP_LANGUAGES
from logic.marks import N_

__all__ = ["LANGUAGES", "N_", "Speech", "language_for", "speech", "supported"]

DOMAIN = "frontdesk"
LOCALES = Path(__file__).parent / "locales"
# Each language's own name, as the /language buttons show it.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "de": "Deutsch",
    "es": "Español",
    "fr": "Français",
    "it": "Italiano",
    "pt": "Português",
    "ru": "Русский",
    "uk": "Українська",
}
assert tuple(LANGUAGES) == SHOP_LANGUAGES
DEFAULT_LANGUAGE = "en"
# Babel locales for dates: British English writes "27 December" and a 24-hour clock, as a
# shop's English texts here always have.
_BABEL_LOCALE = {"en": "en_GB", "pt": "pt_BR"}


@dataclass(frozen=True)
class Speech:
    """One language's texts and date conventions."""

    code: str
    catalog: NullTranslations
    locale: Locale

    def gettext(self, message: str, /, **values: object) -> str:
        """The translation of ``message`` with its placeholders filled in."""
        return self.catalog.gettext(message).format(**values)

    def ngettext(self, singular: str, plural: str, count: int, /, **values: object) -> str:
        """The right plural form for ``count`` (``{count}`` is filled in too)."""
        return self.catalog.ngettext(singular, plural, count).format(count=count, **values)

    def clock(self, moment: datetime) -> str:
        """A time of day as the language writes it: 9:00, 09:00."""
        if self.code == "en":
            return f"{moment.hour}:{moment.minute:02d}"
        return format_time(moment, "short", locale=self.locale)

    def day_month(self, day: date) -> str:
        """27 December, 27. Dezember, 27 декабря."""
        return format_skeleton("MMMMd", day, locale=self.locale)

    def day_month_year(self, day: date) -> str:
        """27 December 2026."""
        return format_date(day, "long", locale=self.locale)

    def short_date(self, day: date) -> str:
        """5 Jan 2026."""
        return format_skeleton("yMMMd", day, locale=self.locale)

    def weekday_date(self, day: date) -> str:
        """Fri, 25 Dec 2026."""
        return format_skeleton("yMMMEd", day, locale=self.locale)

    def short_span(self, first: date, last: date) -> str:
        """10–23 Nov 2026, 25 Oct – 23 Nov 2026."""
        if first == last:
            return self.short_date(first)
        return format_interval(first, last, "yMMMd", locale=self.locale)

    def day_label(self, day: date, weekday: bool) -> str:
        """A chart's day: "Mon 23", or "23 Nov" for long periods."""
        return format_skeleton("EEEd" if weekday else "MMMd", day, locale=self.locale)

    def weekday_abbreviation(self, index: int) -> str:
        """Mon, Di, mié… (0 is Monday)."""
        return str(self.locale.days["format"]["abbreviated"][index])

    def weekday_name(self, day: date) -> str:
        return format_date(day, "EEEE", locale=self.locale)

    @property
    def name(self) -> str:
        return LANGUAGES[self.code]


@cache
def speech(code: str) -> Speech:
    """The Speech for a supported language code (loaded once)."""
    if code not in LANGUAGES:
        raise ValueError(f"unsupported language {code!r}")
    catalog: NullTranslations
    if code == DEFAULT_LANGUAGE:
        catalog = NullTranslations()
    else:
        catalog = Translations.load(str(LOCALES), [code], DOMAIN)
        if not isinstance(catalog, Translations):
            raise FileNotFoundError(f"no compiled catalogue for {code!r} in {LOCALES}")
    return Speech(code, catalog, Locale.parse(_BABEL_LOCALE.get(code, code)))


def supported(code: str | None) -> str | None:
    """The language we speak for a Telegram ``language_code`` (pt-br → pt, de-AT → de)."""
    if not code:
        return None
    primary = code.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary in LANGUAGES else None


def language_for(chosen: str | None, telegram: str | None, shop: str) -> str:
    """The customer's language: their /language choice, else Telegram's, else the shop's."""
    return supported(chosen) or supported(telegram) or shop
