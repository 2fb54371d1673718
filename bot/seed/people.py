"""Made-up people, company names, phone numbers and mail domains for a seeded book."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

import phonenumbers

from bot.seed import vocabulary as words


@dataclass(frozen=True)
class Person:
    name: str
    short: str
    """How a rep refers to them in a note: '张总', 'Sarah'."""
    mail_name: str
    """The part before '@' in their address."""


def person(rng: random.Random, *, chinese: bool) -> Person:
    if chinese:
        surname, surname_pinyin = rng.choice(words.CN_SURNAMES)
        given, given_pinyin = rng.choice(words.CN_GIVEN)
        return Person(surname + given, surname + "总", f"{given_pinyin}.{surname_pinyin}")
    first, last = rng.choice(words.EN_FIRST), rng.choice(words.EN_LAST)
    return Person(f"{first} {last}", first, f"{first}.{last}")


def company_name(
    rng: random.Random, *, chinese: bool
) -> tuple[str, words.Place | None, str, list[str]]:
    """(name, place or None when it does not say, industry, aliases)."""
    return _chinese_company(rng) if chinese else _english_company(rng)


def _chinese_company(rng: random.Random) -> tuple[str, words.Place | None, str, list[str]]:
    first, second = rng.sample(words.CN_BRAND_CHARS, 2)
    brand = first[0] + second[0]
    industry, industry_en = rng.choice(words.CN_INDUSTRIES)
    suffix = rng.choices(
        [s for s, _ in words.CN_SUFFIXES], weights=[w for _, w in words.CN_SUFFIXES]
    )[0]
    place: words.Place | None = None
    prefix = ""
    if rng.random() < 0.7:
        prefix, place = rng.choice(words.CN_PLACES)
    aliases: list[str] = []
    if rng.random() < 0.15:
        aliases.append(brand + industry)  # what reps call it
    if rng.random() < 0.05:
        aliases.append(f"{first[1].title()}{second[1]} {industry_en}")
    return prefix + brand + industry + suffix, place, industry_en, aliases


def _english_company(rng: random.Random) -> tuple[str, words.Place | None, str, list[str]]:
    core = rng.choice(words.EN_CORE_STARTS) + rng.choice(words.EN_CORE_ENDS)
    industry, industry_name = rng.choice(words.EN_INDUSTRIES)
    prefix, place, suffixes = rng.choice(words.EN_PLACES)
    suffix = rng.choice(suffixes)
    name = " ".join(part for part in (prefix, core, industry) if part)
    if rng.random() < 0.9:
        name += f" {suffix}"
    aliases: list[str] = []
    if rng.random() < 0.1:
        aliases.append("".join(w[0] for w in (prefix + " " + core + " " + industry).split()))
    return name, place, industry_name, aliases


def phone_number(rng: random.Random, place: words.Place) -> str | None:
    """A valid-looking E.164 number for `place` (10% of customers have none)."""
    if rng.random() < 0.1:
        return None
    for _attempt in range(20):
        prefix = rng.choice(place.prefixes)
        rest = (
            str(rng.randrange(2, 10))
            + f"{rng.randrange(10 ** (place.digits - 1)):0{place.digits - 1}d}"
        )
        number = f"+{place.calling_code}{prefix}{rest}"
        if not place.verify or phonenumbers.is_valid_number(phonenumbers.parse(number)):
            return number
    return None


_NOT_LETTERS = re.compile(r"[^a-z0-9]+")
_PINYIN = dict(words.CN_BRAND_CHARS)


def domain_for(company: str, contact: Person, place: words.Place) -> str:
    """A company's mail domain from its Latin letters; for a Chinese name, the brand's pinyin
    and the industry (for a person, their family name)."""
    slug = _NOT_LETTERS.sub("", company.casefold())[:20]
    if not slug:
        for prefix, _place in words.CN_PLACES:
            company = company.removeprefix(prefix)
        brand = "".join(_PINYIN.get(char, "") for char in company[:2])
        industry = next((en for cn, en in words.CN_INDUSTRIES if cn in company), "")
        industry_word = industry.split(" ")[0].lower() if industry else "corp"
        slug = f"{brand or contact.mail_name.split('.')[-1]}-{industry_word}"
    return f"{slug}.{place.tld}"
