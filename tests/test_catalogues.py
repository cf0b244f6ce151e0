"""The translation catalogues match the code: every text there, none stale, every
placeholder and HTML tag kept, and the compiled catalogues built from these .po files."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from views.i18n import LANGUAGES, LOCALES

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = [code for code in LANGUAGES if code != "en"]
KEYWORDS = {"gettext": None, "ngettext": (1, 2), "N_": None}
TAG = re.compile(r"</?[a-z]+(?:\s[^>]*)?>")


def _code_messages() -> set[str | tuple[str, str]]:
    """Every message id the code uses, as `pybabel extract -F babel.cfg` finds them."""
    method_map = [(f"{package}/**.py", "python") for package in _packages()]
    found: set[str | tuple[str, str]] = set()
    for _, _, message, _, _ in extract_from_dir(
        str(ROOT), method_map, keywords=KEYWORDS, comment_tags=()
    ):
        found.add(message if isinstance(message, str) else (message[0], message[1]))
    return found


def _packages() -> list[str]:
    text = (ROOT / "babel.cfg").read_text(encoding="utf-8")
    return re.findall(r"^\[python: (\w+)/\*\*\.py\]", text, re.MULTILINE)


CODE = _code_messages()


def _catalogue(code: str) -> Catalog:
    with open(LOCALES / code / "LC_MESSAGES" / "frontdesk.po", "rb") as file:
        return read_po(file, locale=code)


def _key(value: str | list[str] | tuple[str, ...] | None) -> str | tuple[str, ...]:
    return value if isinstance(value, str) else tuple(value or ())


def _fields(text: str) -> Counter[str]:
    return Counter(field for _, field, _, _ in Formatter().parse(text) if field is not None)


def test_extraction_finds_the_texts() -> None:
    assert "Which language shall we write to you in?" in CODE
    assert ("🗂 {count} earlier conversation", "🗂 {count} earlier conversations") in CODE
    assert "it stops too early" in CODE  # marked with N_ in logic/


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalogue_has_every_text_and_no_stale_one(code: str) -> None:
    catalogue = _catalogue(code)
    ids = {
        message.id if isinstance(message.id, str) else tuple(message.id)
        for message in catalogue
        if message.id
    }
    assert sorted(map(str, CODE - ids)) == [], f"{code}: texts missing from the catalogue"
    assert sorted(map(str, ids - CODE)) == [], f"{code}: stale texts in the catalogue"


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_placeholders_and_tags(code: str) -> None:
    catalogue = _catalogue(code)
    for message in catalogue:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = (
            [message.string] if isinstance(message.string, str) else list(message.string or ())
        )
        assert not message.fuzzy, f"{code}: fuzzy {ids[0]!r}"
        if len(ids) == 2:
            assert len(strings) == catalogue.num_plurals, f"{code}: plural forms of {ids[0]!r}"
        for string in strings:
            assert string, f"{code}: {ids[0]!r} is not translated"
            assert set(_fields(string)) == set(_fields(ids[0]) | _fields(ids[-1])), (
                f"{code}: placeholders differ in {ids[0]!r}"
            )
            assert Counter(TAG.findall(string)) == Counter(TAG.findall(ids[0])), (
                f"{code}: HTML tags differ in {ids[0]!r}"
            )


@pytest.mark.parametrize("code", TRANSLATED)
def test_compiled_catalogue_matches_its_po_file(code: str) -> None:
    with open(LOCALES / code / "LC_MESSAGES" / "frontdesk.mo", "rb") as file:
        compiled = read_mo(file)
    source = _catalogue(code)
    assert {_key(m.id): _key(m.string) for m in compiled if m.id} == {
        _key(m.id): _key(m.string) for m in source if m.id
    }, f"{code}: run `pybabel compile -d views/locales -D frontdesk`"
