"""Reading the argument of ``/hours``.

``/hours`` grammar (case-insensitive)
-------------------------------------
``text := clause (separator clause)*`` where a clause is ``<days> [:] <times>``.

* days: ``mon``..``sun`` (also ``mo``, ``monday``, ``mondays``, ``tues``, ``thurs`` ...),
  ranges ``mon-fri`` (wrapping ``fri-mon`` is fri, sat, sun, mon), lists ``mon,wed,fri`` or
  ``mon wed fri`` or ``sat and sun``, and ``daily``/``everyday``, ``weekdays``, ``weekend``.
* times: ``closed`` (or ``off``), ``24h`` (``24 hours``), or one or more ranges
  ``09:00-12:00 13:00-17:30`` (separated by spaces, ``,`` or ``and``). A time is ``9``,
  ``09``, ``9:00``, ``09.00``, optionally with ``am``/``pm``; ``24:00`` (or ``00:00``) as an
  end is midnight. Dashes may be a hyphen, an en or em dash, or the word ``to``.
* separators: ``;`` always ends a clause. A comma is read by what follows it: inside the
  days, a comma followed by a day continues the list of days; after the times, a comma
  followed by a time adds another range and a comma followed by a day starts a new clause.
  So ``mon,wed,fri 09:00-12:00, sat 10:00-14:00`` is two clauses, and ``mon-fri, sat 10-14``
  is one clause for Monday to Saturday. A day right after the times also starts a clause.
* the whole text ``24/7`` means every day, all day.
* days not mentioned are closed; a day mentioned again gets the union of its ranges, except
  that ``closed`` drops what earlier clauses gave that day (``mon-fri 9-18, wed closed``).
* ``9-5`` is refused: both ends are bare hours up to 12 and it would run overnight, which
  is nearly always a 12-hour clock slip. ``21-5``, ``21:00-05:00`` and ``9am-5pm`` are fine.
* hours that are never open are refused (empty hours would mean "always open").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from logic.hours.model import (
    DAY_MINUTES,
    DAY_NAMES,
    WHOLE_DAY_RANGE,
    HoursParseError,
    TimeRange,
    WeeklyHours,
    normalize_hours,
)
from logic.marks import N_

_TOKEN_RE = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<always>24\s*/\s*7)
    | (?P<allday>24\s*(?:hours|hour|hrs|hr|h)(?![^\W\d_]))
    | (?P<time>(?P<h>\d+)(?:[:.](?P<m>\d+))?(?:\s*(?P<ap>[ap])\.?m(?![^\W\d_])\.?)?)
    | (?P<word>[^\W\d_]+)
    | (?P<dash>[-\u2010\u2011\u2012\u2013\u2014\u2212~])
    | (?P<comma>[,&])
    | (?P<semi>;)
    | (?P<colon>:)
    | (?P<other>.)
    """,
    re.VERBOSE | re.IGNORECASE | re.DOTALL,
)

_DAY_WORDS: dict[str, int] = {}
for _index, _name in enumerate(DAY_NAMES):
    _lower = _name.lower()
    for _word in (_lower, _lower + "s", _lower[:3], _lower[:2]):
        _DAY_WORDS[_word] = _index
_DAY_WORDS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})

_GROUP_WORDS: dict[str, tuple[int, ...]] = {
    "daily": (0, 1, 2, 3, 4, 5, 6),
    "everyday": (0, 1, 2, 3, 4, 5, 6),
    "weekdays": (0, 1, 2, 3, 4),
    "weekend": (5, 6),
    "weekends": (5, 6),
}
_KIND_WORDS = {
    "closed": "closed",
    "off": "closed",
    "to": "dash",
    "till": "dash",
    "until": "dash",
    "through": "dash",
    "thru": "dash",
    "and": "comma",
}


@dataclass(frozen=True)
class _Token:
    kind: str  # day, group, time, dash, comma, semi, colon, closed, allday, always, word, other
    text: str
    start: int
    end: int
    value: int = 0  # day index, or minutes for a time
    days: tuple[int, ...] = ()  # for a group
    bare: bool = False  # written as a bare hour 1..12 ("9", not "09"): maybe a 12-hour clock
    error: str = ""  # for a time that is not a valid time


def _tokenize(src: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _TOKEN_RE.finditer(src):
        kind = match.lastgroup or "other"
        text, start, end = match.group(), match.start(), match.end()
        if kind == "ws":
            continue
        if kind == "word":
            word = text.lower()
            if word in _DAY_WORDS:
                tokens.append(_Token("day", text, start, end, value=_DAY_WORDS[word]))
            elif word in _GROUP_WORDS:
                tokens.append(_Token("group", text, start, end, days=_GROUP_WORDS[word]))
            else:
                tokens.append(_Token(_KIND_WORDS.get(word, "word"), text, start, end))
        elif kind == "time":
            tokens.append(_time_token(match, text, start, end))
        else:
            tokens.append(_Token(kind, text, start, end))
    return tokens


def _time_token(match: re.Match[str], text: str, start: int, end: int) -> _Token:
    hour_text, minute_text, meridiem = match.group("h"), match.group("m"), match.group("ap")
    hour = int(hour_text) if len(hour_text) <= 2 else 99
    minute = 0
    if minute_text is not None:
        minute = int(minute_text) if len(minute_text) == 2 else 99
    invalid = _Token("time", text, start, end, error=N_("'{word}' is not a time"))
    if minute > 59:
        return invalid
    if meridiem is not None:
        if not 1 <= hour <= 12:
            return invalid
        hour = hour % 12 + (12 if meridiem.lower() == "p" else 0)
    elif hour > 24 or (hour == 24 and minute):
        return invalid
    bare = minute_text is None and meridiem is None and hour_text[0] != "0" and hour <= 12
    return _Token("time", text, start, end, value=hour * 60 + minute, bare=bare)


def _chunk(src: str, start: int, end: int) -> str:
    """The piece of input around [start, end) up to whitespace, comma or semicolon."""
    stops = " \t\r\n,;"
    while start > 0 and src[start - 1] not in stops:
        start -= 1
    while end < len(src) and src[end] not in stops:
        end += 1
    return src[start:end].strip()


class _HoursParser:
    def __init__(self, src: str) -> None:
        self.src = src
        self.tokens = _tokenize(src)
        self.pos = 0
        self.days: list[list[TimeRange]] = [[] for _ in range(7)]

    # token helpers
    def peek(self, ahead: int = 0) -> _Token | None:
        index = self.pos + ahead
        return self.tokens[index] if index < len(self.tokens) else None

    def kind(self, ahead: int = 0) -> str:
        token = self.peek(ahead)
        return token.kind if token is not None else "end"

    def take(self) -> _Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def fail(self, token: _Token | None, reason: str) -> HoursParseError:
        if token is None:
            return HoursParseError(self.src, reason)
        chunk = _chunk(self.src, token.start, token.end)
        return HoursParseError(chunk, reason, word=token.text)

    def unexpected(self, token: _Token | None) -> HoursParseError:
        if token is None:
            return self.fail(None, N_("it stops too early"))
        if token.kind == "word":
            return self.fail(token, N_("'{word}' is not a day or a time"))
        if token.kind == "always":
            return self.fail(token, N_("24/7 means every day all day; use it on its own"))
        if token.kind == "time" and token.error:
            return self.fail(token, token.error)
        return self.fail(token, N_("'{word}' was not expected there"))

    # grammar
    def parse(self) -> WeeklyHours:
        if len(self.tokens) == 1 and self.tokens[0].kind == "always":
            return WeeklyHours(((WHOLE_DAY_RANGE,),) * 7)
        while True:
            while self.kind() in ("comma", "semi"):
                self.take()
            if self.kind() == "end":
                break
            self.clause()
        hours = normalize_hours(WeeklyHours(tuple(tuple(day) for day in self.days)))
        if hours.is_empty():
            raise HoursParseError(
                self.src, N_("the shop would never be open (for days off use /closed)")
            )
        return hours

    def clause(self) -> None:
        first = self.peek()
        if first is None or first.kind not in ("day", "group"):
            if first is not None and first.kind == "word":
                raise self.fail(first, N_("'{word}' is not a day"))
            if first is not None and (first.kind == "always" or first.error):
                raise self.unexpected(first)
            raise self.fail(first, N_("start with the days, like 'mon-fri 09:00-18:00'"))
        days, days_end = self.day_spec()
        if self.kind() == "colon":
            self.take()
        token = self.peek()
        if token is None or token.kind in ("comma", "semi"):
            raise HoursParseError(
                self.src[first.start : days_end].strip(),
                N_("no opening times given for these days"),
            )
        if token.kind == "closed":
            self.take()
            for day in days:
                self.days[day].clear()
        elif token.kind == "allday":
            self.take()
            for day in days:
                self.days[day].append(WHOLE_DAY_RANGE)
        elif token.kind == "time":
            ranges = self.time_ranges()
            for day in days:
                self.days[day].extend(ranges)
        else:
            raise self.unexpected(token)
        if self.kind() not in ("end", "comma", "semi", "day", "group"):
            raise self.unexpected(self.peek())

    def day_spec(self) -> tuple[list[int], int]:
        days: list[int] = []
        while True:
            token = self.take()
            if token.kind == "group":
                days.extend(token.days)
                end = token.end
            else:
                end = token.end
                if self.kind() == "dash":
                    dash = self.take()
                    last = self.peek()
                    if last is None or last.kind != "day":
                        if last is not None and last.kind == "word":
                            raise self.fail(last, N_("'{word}' is not a day"))
                        raise self.fail(dash, N_("a range of days needs two days, like mon-fri"))
                    self.take()
                    end = last.end
                    count = (last.value - token.value) % 7 + 1
                    days.extend((token.value + step) % 7 for step in range(count))
                else:
                    days.append(token.value)
            if self.kind() == "comma" and self.kind(1) in ("day", "group"):
                self.take()
            elif self.kind() not in ("day", "group"):
                return sorted(set(days)), end

    def time_ranges(self) -> list[TimeRange]:
        ranges: list[TimeRange] = []
        while True:
            opening = self.take()
            if opening.error:
                raise self.fail(opening, opening.error)
            if self.kind() != "dash":
                raise self.fail(
                    opening, N_("a time range needs a start and an end, like 09:00-18:00")
                )
            dash = self.take()
            closing = self.peek()
            if closing is None or closing.kind != "time":
                raise self.fail(
                    dash, N_("a time range needs a start and an end, like 09:00-18:00")
                )
            self.take()
            if closing.error:
                raise self.fail(closing, closing.error)
            ranges.append(self.time_range(opening, closing))
            if self.kind() == "time":
                continue
            if self.kind() == "comma" and self.kind(1) == "time":
                self.take()
                continue
            return ranges

    def time_range(self, opening: _Token, closing: _Token) -> TimeRange:
        fragment = self.src[opening.start : closing.end].strip()
        start, end = opening.value, closing.value or DAY_MINUTES
        if start >= DAY_MINUTES:
            raise HoursParseError(fragment, N_("a day can't start at 24:00"))
        if start == end:
            raise HoursParseError(fragment, N_("it opens and closes at the same time"))
        if end < start and closing.bare and start <= 12 * 60:
            raise HoursParseError(
                fragment,
                N_(
                    "that would run past midnight; use the 24-hour clock, like 09:00-17:00 "
                    "(or 21:00-05:00 for a night past midnight)"
                ),
            )
        return TimeRange(start, end)


def parse_hours(text: str) -> WeeklyHours:
    """Parse the argument of ``/hours`` (grammar in the module docstring).

    Returns canonical hours (``normalize_hours``) with at least one open minute; raises
    HoursParseError for anything else, naming the part that was not understood.
    """
    src = text.strip()
    if not src:
        raise HoursParseError("", N_("no opening hours were given"))
    if len(src) > 1000:
        raise HoursParseError(src[:20] + "…", N_("that is too long"))
    return _HoursParser(src).parse()
