"""The message catalog: every text has its Chinese, with the same placeholders; reading a text
gives it in the language being written."""

from __future__ import annotations

import importlib
import pkgutil
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import bot.catalog.texts
from bot.catalog.catalog import _CATALOGS, LOCALE_DIR, Catalog, english_texts, translations
from bot.catalog.language import Language, language_of_locale, speaking
from bot.catalog.messages import msg

for _module in pkgutil.iter_modules(bot.catalog.texts.__path__):
    importlib.import_module(f"bot.catalog.texts.{_module.name}")

CATALOGS = sorted(_CATALOGS.values(), key=lambda c: c.__qualname__)
_EMOJI = re.compile(r":[a-z0-9_+\-]+:")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _entries() -> list[tuple[str, str, str]]:
    return [
        (catalog.__qualname__, text_id, english)
        for catalog in CATALOGS
        for text_id, english in english_texts(catalog).items()
    ]


@pytest.mark.parametrize(("catalog", "text_id", "english"), _entries())
def test_every_text_has_chinese_with_the_same_placeholders(
    catalog: str, text_id: str, english: str
) -> None:
    chinese = translations(Language.ZH).get(text_id)
    assert chinese, f"{catalog}.{text_id} has no Chinese in {LOCALE_DIR / 'zh'}"
    assert _fields(chinese) == _fields(english), f"{text_id}: placeholders differ"
    assert set(_EMOJI.findall(chinese)) == set(_EMOJI.findall(english)), f"{text_id}: emoji"


def test_no_translation_is_left_for_a_text_that_is_gone() -> None:
    known = {text_id for _, text_id, _ in _entries()}
    for path in sorted((LOCALE_DIR / "zh").glob("*.po")):
        with path.open("rb") as po:
            stale = {str(m.context) for m in read_po(po) if m.context} - known
        assert not stale, f"{path.name} translates texts the code no longer has: {stale}"


def test_a_text_reads_in_the_language_being_written() -> None:
    assert msg.LIST_TITLE == "Customers"
    with speaking(Language.ZH):
        chinese = msg.LIST_TITLE
        statuses = msg.STATUS_NAMES
    assert chinese != "Customers" and chinese
    assert set(statuses) == set(type(msg).STATUS_NAMES)
    assert statuses != type(msg).STATUS_NAMES
    assert msg.LIST_TITLE == "Customers"  # back to English outside


@pytest.mark.parametrize(
    ("locale", "language"),
    [
        ("zh-CN", Language.ZH),
        ("zh-TW", Language.ZH),
        ("en-US", Language.EN),
        ("en_GB", Language.EN),
        ("fr-FR", None),
        ("", None),
        (None, None),
    ],
)
def test_slack_locales_map_to_a_language(locale: str | None, language: Language | None) -> None:
    assert language_of_locale(locale) == language


def test_catalogs_are_found() -> None:
    assert any(c is type(msg) for c in CATALOGS)
    assert all(issubclass(c, Catalog) for c in CATALOGS)
    assert Path(LOCALE_DIR / "zh").is_dir()


def test_no_text_id_is_in_two_catalogs() -> None:
    """The .po files are read by text id alone, so two catalogs must never share one."""
    seen: dict[str, str] = {}
    for catalog, text_id, _ in _entries():
        assert text_id not in seen, f"{text_id} is in both {seen[text_id]} and {catalog}"
        seen[text_id] = catalog


def test_every_translation_is_of_the_english_the_code_has_now() -> None:
    """A text whose English changed after it was translated is translated again."""
    english = {text_id: text for _, text_id, text in _entries()}
    for path in sorted((LOCALE_DIR / "zh").glob("*.po")):
        with path.open("rb") as po:
            changed = [
                str(m.context)
                for m in read_po(po)
                if m.context and m.string and english.get(str(m.context), m.id) != m.id
            ]
        assert not changed, f"{path.name}: the English of {changed} changed; translate again"
