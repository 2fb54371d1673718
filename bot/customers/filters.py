"""Reading the filters of `/customer list …` (pure: table-tested in tests/bot/test_list_filters.py).

    /customer list key lead mine no-contact 30d
    /customer list tier:Key status:prospect owner:@sam region:"New York" overdue acme
    /customer 列表 状态:客户 我的 逾期

Words the parser knows become filters; `key:value` names one explicitly (value in quotes when it
has spaces); everything else is free text that must appear in the customer's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

DEFAULT_QUIET_DAYS = 30

_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
_TOKEN = re.compile(r'[^\s"]*"[^"]*"?[^\s"]*|\S+')
_DAYS = re.compile(r"^(\d{1,4})\s*(?:d|days?|天)?$", re.IGNORECASE)
_KEY_VALUE = re.compile(r"^([^\s:：=]+)[:：=](.*)$")

_KEYS = {
    "tier": "tier",
    "等级": "tier",
    "status": "status",
    "状态": "status",
    "activity": "activity",
    "活跃度": "activity",
    "risk": "risk",
    "风险": "risk",
    "owner": "owner",
    "负责人": "owner",
    "region": "region",
    "地区": "region",
    "区域": "region",
    "industry": "industry",
    "行业": "industry",
    "no-contact": "quiet",
    "nocontact": "quiet",
    "quiet": "quiet",
    "未联系": "quiet",
    "sort": "sort",
    "排序": "sort",
}
STATUS_WORDS = {
    "lead": "lead",
    "leads": "lead",
    "线索": "lead",
    "prospect": "prospect",
    "prospects": "prospect",
    "潜在客户": "prospect",
    "customer": "customer",
    "customers": "customer",
    "客户": "customer",
    "churned": "churned",
    "流失": "churned",
    "dormant": "dormant",
    "休眠": "dormant",
}
LEVEL_WORDS = {"high": "high", "高": "high", "medium": "medium", "中": "medium"}
LEVEL_WORDS |= {"low": "low", "低": "low"}
ACTIVITY_WORDS = LEVEL_WORDS | {"dormant": "dormant", "休眠": "dormant"}
_MINE = frozenset({"mine", "my", "me", "我的", "我"})
_OVERDUE = frozenset({"overdue", "逾期", "过期"})
_NEWEST = frozenset({"newest", "recent", "latest", "最新", "最近"})
_OLDEST = frozenset({"oldest", "最久"})
_QUIET = frozenset({"no-contact", "nocontact", "quiet", "未联系"})
_HIGH_RISK = frozenset({"high-risk", "risky", "高风险"})


@dataclass(frozen=True)
class ListFilters:
    tiers: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    activities: tuple[str, ...] = ()
    risks: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()
    """Slack user IDs, from `<@U…>` mentions."""
    owner_names: tuple[str, ...] = ()
    """`@sam` as typed (without the @), for the service to find among the team's owners."""
    mine: bool = False
    regions: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    overdue: bool = False
    quiet_days: int | None = None
    """Not contacted for this many days (or never)."""
    newest_first: bool = False
    """Most recently contacted first; by default the longest-silent (and never-contacted) first."""
    words: tuple[str, ...] = ()
    """Free text: each word must appear in the name."""
    not_understood: tuple[str, ...] = ()
    """`key:value` pairs whose value is not one the key takes, as typed."""

    @property
    def any(self) -> bool:
        """True when anything narrows the list (sorting does not)."""
        return bool(
            self.tiers
            or self.statuses
            or self.activities
            or self.risks
            or self.owners
            or self.owner_names
            or self.mine
            or self.regions
            or self.industries
            or self.overdue
            or self.quiet_days is not None
            or self.words
        )


def _unquote(text: str) -> str:
    return text.replace('"', "").strip()


def _add(found: dict[str, list[str]], key: str, value: str) -> None:
    if value not in found.setdefault(key, []):
        found[key].append(value)


def parse_list_filters(
    text: str, *, tier_names: Iterable[str] = (), tier_aliases: Mapping[str, str] | None = None
) -> ListFilters:
    """The filters in `text` (what follows `/customer list`). `tier_names` are the team's tiers,
    so a tier may be named on its own ("key") as well as with `tier:`; `tier_aliases` are other
    names for them (a Chinese name -> the tier's name)."""
    tiers = {name.casefold(): name for name in tier_names}
    for alias, name in (tier_aliases or {}).items():
        tiers.setdefault(alias.casefold(), name)
    found: dict[str, list[str]] = {}
    flags: set[str] = set()
    quiet_days: int | None = None
    tokens = [t for t in _TOKEN.findall(text) if t]
    n = 0
    while n < len(tokens):
        token = tokens[n]
        n += 1
        word = _unquote(token).casefold()
        mention = _MENTION.match(token)
        pair = _KEY_VALUE.match(token) if mention is None else None
        if mention:
            _add(found, "owner", mention.group(1))
        elif pair and pair.group(1).casefold() in _KEYS:
            key, value = _KEYS[pair.group(1).casefold()], _unquote(pair.group(2))
            if key == "quiet" and _DAYS.match(value):
                quiet_days = int(_DAYS.match(value).group(1))  # type: ignore[union-attr]
            elif not _keyed(found, flags, key, value, tiers):
                found.setdefault("problems", []).append(token)
        elif word in _QUIET:
            days = _DAYS.match(tokens[n]) if n < len(tokens) else None
            if days:
                n += 1
            quiet_days = int(days.group(1)) if days else DEFAULT_QUIET_DAYS
        elif word in _MINE:
            flags.add("mine")
        elif word in _OVERDUE:
            flags.add("overdue")
        elif word in _NEWEST:
            flags.add("newest")
        elif word in _OLDEST:
            flags.discard("newest")
        elif word in _HIGH_RISK:
            _add(found, "risk", "high")
        elif word in STATUS_WORDS:
            _add(found, "status", STATUS_WORDS[word])
        elif word in tiers:
            _add(found, "tier", tiers[word])
        elif word.startswith("@") and len(word) > 1:
            _add(found, "owner_name", word[1:])
        elif word:
            _add(found, "word", _unquote(token))
    return ListFilters(
        tiers=tuple(found.get("tier", ())),
        statuses=tuple(found.get("status", ())),
        activities=tuple(found.get("activity", ())),
        risks=tuple(found.get("risk", ())),
        owners=tuple(found.get("owner", ())),
        owner_names=tuple(found.get("owner_name", ())),
        mine="mine" in flags,
        regions=tuple(found.get("region", ())),
        industries=tuple(found.get("industry", ())),
        overdue="overdue" in flags,
        quiet_days=quiet_days,
        newest_first="newest" in flags,
        words=tuple(found.get("word", ())),
        not_understood=tuple(found.get("problems", ())),
    )


def _keyed(
    found: dict[str, list[str]], flags: set[str], key: str, value: str, tiers: dict[str, str]
) -> bool:
    """Apply `key:value`; False when the value is not one the key takes."""
    folded = value.casefold()
    if not value:
        return False
    if key == "tier" and folded in tiers:
        _add(found, "tier", tiers[folded])
    elif key == "status" and folded in STATUS_WORDS:
        _add(found, "status", STATUS_WORDS[folded])
    elif key == "activity" and folded in ACTIVITY_WORDS:
        _add(found, "activity", ACTIVITY_WORDS[folded])
    elif key == "risk" and folded in LEVEL_WORDS:
        _add(found, "risk", LEVEL_WORDS[folded])
    elif key == "owner":
        mention = _MENTION.match(value)
        if mention:
            _add(found, "owner", mention.group(1))
        elif folded in _MINE:
            flags.add("mine")
        else:
            _add(found, "owner_name", value.removeprefix("@").casefold())
    elif key in ("region", "industry"):
        _add(found, key, value)
    elif key == "sort" and folded in _NEWEST | _OLDEST:
        if folded in _NEWEST:
            flags.add("newest")
        else:
            flags.discard("newest")
    else:
        return False
    return True
