"""The machinery of the message catalog: English in the code, other languages in gettext
`.po` files (read with Babel) beside it, looked up by the message's name.

A catalog is a class whose attributes are the English texts (strings, or dicts of strings by
key). Reading an attribute gives the text in the current language (`bot.catalog.language`),
falling back to English where a translation is missing, so a gap shows as English, never as
an error. `tests/bot/test_catalog.py` fails on any gap and on placeholders that differ.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

from bot.catalog.language import Language, current_language

LOCALE_DIR = Path(__file__).with_name("locale")
_CATALOGS: dict[str, type[Catalog]] = {}


class Catalog:
    """Texts as class attributes; read through an instance, they come in the current language."""

    def __init_subclass__(cls) -> None:
        _CATALOGS[cls.__qualname__] = cls

    def __getattribute__(self, name: str) -> Any:
        english = object.__getattribute__(self, name)
        if name.startswith("_") or not isinstance(english, (str, dict)):
            return english
        language = current_language()
        if language is Language.EN:
            return english
        return _translated(type(self).__qualname__, name, language)


def english_texts(catalog: type[Catalog]) -> dict[str, str]:
    """Every text of `catalog` in English, by its id in the `.po` files: `NAME`, or
    `NAME.key` for an entry of a dict."""
    found: dict[str, str] = {}
    for klass in reversed(catalog.__mro__):
        for name, value in vars(klass).items():
            if name.startswith("_") or not name.isupper():
                continue
            if isinstance(value, str):
                found[name] = value
            elif isinstance(value, dict):
                found.update({f"{name}.{key}": str(text) for key, text in value.items()})
    return found


@cache
def translations(language: Language) -> dict[str, str]:
    """Every translated text of `language`, by id (the msgctxt in its `.po` files)."""
    found: dict[str, str] = {}
    for path in sorted((LOCALE_DIR / language.value).glob("*.po")):
        with path.open("rb") as po:
            for message in read_po(po, locale=language.value):
                if message.id and message.string and message.context:
                    found[message.context] = str(message.string)
    return found


@cache
def _translated(catalog: str, name: str, language: Language) -> Any:
    english = getattr(_CATALOGS[catalog], name)
    known = translations(language)
    if isinstance(english, dict):
        return {key: known.get(f"{name}.{key}", text) for key, text in english.items()}
    return known.get(name, english)


def update_po(catalog: type[Catalog], path: Path, language: Language) -> int:
    """Write `path` with every text of `catalog` (keeping translations of English that has not
    changed, dropping texts that are gone); returns how many still need translating. Run it
    after adding or changing texts:
    `python -m bot.catalog.catalog bot.catalog.messages:Messages locale/zh/messages.po`."""
    from babel.messages.catalog import Catalog as PoCatalog
    from babel.messages.pofile import write_po

    known: dict[str, tuple[str, str]] = {}
    if path.exists():
        with path.open("rb") as po:
            known = {
                str(m.context): (str(m.id), str(m.string))
                for m in read_po(po, locale=language.value)
                if m.context and m.string
            }
    out = PoCatalog(locale=language.value, project="crmbot")
    missing = 0
    for text_id, english in english_texts(catalog).items():
        was, translated = known.get(text_id, ("", ""))
        if was != english:  # the English changed since: translate it again
            translated = ""
        missing += not translated
        out.add(english, translated, context=text_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as po:
        write_po(po, out, width=0, omit_header=True)
    return missing


def main() -> None:
    import importlib
    import sys

    module, _, name = sys.argv[1].partition(":")
    catalog = getattr(importlib.import_module(module), name)
    path = LOCALE_DIR / sys.argv[2].removeprefix("locale/")
    missing = update_po(catalog, path, Language.ZH)
    print(f"{path}: {missing} texts to translate")


if __name__ == "__main__":
    main()
