"""Customer names as people type them: normalized keys for matching and duplicate checks."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from opencc import OpenCC

# Longest first, so "股份有限公司" goes before "有限公司" and "公司".
_CJK_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "集团", "公司")
_LATIN_SUFFIXES = frozenset(
    {
        "inc",
        "incorporated",
        "ltd",
        "limited",
        "llc",
        "llp",
        "gmbh",
        "corp",
        "corporation",
        "co",
        "company",
        "plc",
        "ag",
        "sa",
        "pte",
        "pty",
        "bv",
        "nv",
        "srl",
        "group",
    }
)
_PUNCTUATION = re.compile(
    r"[\s\.,;:!?'\"`“”‘’()（）\[\]{}【】<>《》&＆/\\\-–—_|·・、，。；：！？]+"
)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]")


def is_cjk(char: str) -> bool:
    return bool(_CJK.match(char))


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


_TO_SIMPLIFIED = OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional Chinese characters as simplified ones (華為 → 华为); other text unchanged."""
    return _TO_SIMPLIFIED.convert(text) if has_cjk(text) else text


@lru_cache(maxsize=4096)
def normalize_name(name: str) -> str:
    """A key for comparing names: case, width, punctuation, traditional/simplified characters
    and legal suffixes ignored.

    'ACME, Inc.' -> 'acme'; '華為技術有限公司' -> '华为技术'. Spaces between CJK characters are
    dropped so '华为 技术' == '华为技术'.
    """
    text = to_simplified(unicodedata.normalize("NFKC", name)).casefold()
    words = [w for w in _PUNCTUATION.split(text) if w]
    key = " ".join(words)
    key = _drop_cjk_spaces(key)
    return _strip_suffixes(key) or key


def _drop_cjk_spaces(text: str) -> str:
    return re.sub(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])", "", text)


def _strip_suffixes(key: str) -> str:
    changed = True
    while changed and key:
        changed = False
        for suffix in _CJK_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                key = key[: -len(suffix)].rstrip()
                changed = True
                break
        words = key.split(" ")
        if len(words) > 1 and words[-1] in _LATIN_SUFFIXES:
            key = " ".join(words[:-1])
            changed = True
    return key


def normalize_email(email: str) -> str:
    return email.strip().casefold()
