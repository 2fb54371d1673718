"""What a company name is made of, so a short name finds the right customer and only that one.

A Chinese company name is usually region + 字号 (the distinctive name) + industry words + legal
form: 北京 + 星辰 + 科技 + 有限公司. People say the 字号 (星辰), the 字号 with the industry
(星辰科技), an abbreviation (浦发 for 浦东发展) or its pinyin (xingchen); a region (北京) or an
industry word (银行) alone names nobody. Latin names work the same way with words: "Acme" in
"Acme Trading Ltd", not "Trading", not "New York".

Everything here is pure: keys are computed when a name is saved and looked up in the database.
"""

from __future__ import annotations

import importlib.util
import json
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from bot.customers.names import has_cjk, normalize_name


class KeyKind(StrEnum):
    NAME = "name"
    """The whole name, normalised."""
    ALIAS = "alias"
    """An "Also known as" name, normalised."""
    CORE = "core"
    """The distinctive part: 字号, or the name's distinctive words."""
    CORE_TRADE = "trade"
    """The 字号 with its first industry word: 星辰科技."""
    PINYIN = "pinyin"
    """The 字号 in pinyin, for Latin typing: xingchen."""
    ABBREVIATION = "abbr"
    """A four-character 字号 shortened the usual way: 浦东发展 → 浦发. Only ever a suggestion."""


SURE_KINDS = frozenset({KeyKind.NAME, KeyKind.ALIAS, KeyKind.CORE, KeyKind.CORE_TRADE})
"""An exact match on these names the customer (when the phrase itself is distinctive)."""
DUPLICATE_KINDS = frozenset(
    {KeyKind.NAME, KeyKind.ALIAS, KeyKind.CORE, KeyKind.CORE_TRADE, KeyKind.PINYIN}
)
"""Two customers sharing one of these keys are probably the same company."""


def _words(text: str) -> list[str]:
    return text.split()


# Provinces and big cities, longest first where one contains another.
_CJK_REGIONS = sorted(
    _words(
        """
        北京 上海 天津 重庆 香港 澳门 台湾 广东 广西 江苏 浙江 山东 山西 河北 河南 湖北 湖南 福建
        安徽 江西 四川 贵州 云南 陕西 甘肃 青海 辽宁 吉林 黑龙江 内蒙古 宁夏 新疆 西藏 海南 深圳
        广州 杭州 南京 苏州 成都 武汉 西安 青岛 长沙 郑州 沈阳 大连 厦门 福州 济南 合肥 昆明 宁波
        无锡 佛山 东莞 珠海 常州 南通 温州 绍兴 嘉兴 金华 台州 烟台 潍坊 徐州 扬州 南昌 贵阳 南宁
        太原 石家庄 哈尔滨 长春 兰州 乌鲁木齐 呼和浩特 银川 西宁 拉萨 海口 三亚 中山 惠州 江门
        泉州 漳州 中国 全国
        """
    ),
    key=len,
    reverse=True,
)
_REGION_UNITS = ("特别行政区", "自治区", "省", "市", "区", "县")
# Words that say what a company does, not which one it is (longest first).
_CJK_TRADES = sorted(
    _words(
        """
        科技 技术 信息 网络 软件 数据 智能 电子 通信 电器 设备 机械 制造 材料 化工 能源 新能源
        汽车 零部件 汽车零部件 物流 贸易 商贸 实业 投资 控股 咨询 管理 服务 传媒 文化 教育 医疗
        医药 生物 健康 食品 饮料 服装 家居 建筑 工程 建设 地产 置业 银行 保险 证券 基金 金融 电商
        广告 设计 环保 农业 旅游 酒店 餐饮 航空 运输 船舶 钢铁 云 云计算 互联网 半导体 光电 精密
        仪器 机器人 电力 水务 燃气 石油 矿业 纺织 计算机 系统 集团 股份
        """
    ),
    key=len,
    reverse=True,
)
_LATIN_REGIONS = frozenset(
    {
        "new york",
        "london",
        "paris",
        "berlin",
        "tokyo",
        "singapore",
        "hong kong",
        "shanghai",
        "beijing",
        "shenzhen",
        "guangzhou",
        "hangzhou",
        "china",
        "asia",
        "pacific",
        "atlantic",
        "bay area",
        "california",
        "texas",
        "europe",
        "american",
        "america",
        "global",
        "international",
        "national",
        "united",
        "north",
        "south",
        "east",
        "west",
    }
)
_LATIN_TRADES = frozenset(
    {
        "bank",
        "banking",
        "tech",
        "technology",
        "technologies",
        "software",
        "systems",
        "solutions",
        "services",
        "consulting",
        "trading",
        "logistics",
        "holdings",
        "partners",
        "industries",
        "industrial",
        "manufacturing",
        "energy",
        "foods",
        "food",
        "motors",
        "medical",
        "health",
        "labs",
        "analytics",
        "robotics",
        "materials",
        "capital",
        "ventures",
        "media",
        "digital",
        "data",
        "networks",
        "electronics",
        "pharma",
        "insurance",
        "retail",
        "the",
        "and",
        "of",
        "&",
    }
)


@dataclass(frozen=True)
class NameParts:
    region: str
    core: str
    """The distinctive part ('' when the name is only a region and trade words)."""
    trade: str
    """The first trade word after the core ('' when none)."""


def name_parts(name: str) -> NameParts:
    """The parts of a (company) name, from its normalised key."""
    key = normalize_name(name)
    if has_cjk(key):
        return _cjk_parts(key.replace(" ", ""))
    return _latin_parts(key)


def _cjk_parts(key: str) -> NameParts:
    rest, region = key, ""
    while True:
        found = next((r for r in _CJK_REGIONS if rest.startswith(r) and len(rest) > len(r)), "")
        if not found:
            break
        region += found
        rest = rest[len(found) :]
        unit = next((u for u in _REGION_UNITS if rest.startswith(u) and len(rest) > len(u)), "")
        region += unit
        rest = rest[len(unit) :]
    if rest in _CJK_REGIONS:
        return NameParts(region + rest, "", "")
    # Trade words come after the 字号; the 字号 keeps at least two characters.
    trades: list[str] = []
    changed = True
    while changed:
        changed = False
        for trade in _CJK_TRADES:
            if rest.endswith(trade) and len(rest) - len(trade) >= 2:
                trades.insert(0, trade)
                rest = rest[: -len(trade)]
                changed = True
                break
    if rest in _CJK_TRADES:
        return NameParts(region, "", rest)
    return NameParts(region, rest, trades[0] if trades else "")


def _latin_parts(key: str) -> NameParts:
    words = key.split()
    region_words: list[str] = []
    for size in (2, 1):
        while len(words) >= size and " ".join(words[:size]) in _LATIN_REGIONS:
            region_words += words[:size]
            words = words[size:]
    core = [w for w in words if w not in _LATIN_TRADES and w not in _LATIN_REGIONS]
    trades = [w for w in words if w in _LATIN_TRADES]
    return NameParts(" ".join(region_words), " ".join(core), trades[0] if trades else "")


def is_distinctive(phrase: str) -> bool:
    """Whether a typed phrase says which company, not only where or what trade."""
    parts = name_parts(phrase)
    if has_cjk(parts.core):
        return len(parts.core) >= 2
    return len(parts.core) >= 2


def name_keys(name: str, aliases: list[str] | tuple[str, ...] = ()) -> list[tuple[str, KeyKind]]:
    """Every key a customer is found by: its name, aliases, core, core with trade, pinyin and
    abbreviation, without repeats (the surest kind kept for a key)."""
    keys: dict[str, KeyKind] = {}

    def add(key: str, kind: KeyKind) -> None:
        if key and key not in keys:
            keys[key] = kind

    add(normalize_name(name), KeyKind.NAME)
    for alias in aliases:
        add(normalize_name(alias), KeyKind.ALIAS)
    parts = name_parts(name)
    core = parts.core
    if core and (len(core) >= 2 if has_cjk(core) else len(core) >= 3):
        add(core, KeyKind.CORE)
        if parts.trade and has_cjk(core):
            add(core + parts.trade, KeyKind.CORE_TRADE)
        if has_cjk(core):
            add(pinyin(core), KeyKind.PINYIN)
            if len(core) == 4:
                add(core[0] + core[2], KeyKind.ABBREVIATION)
    return list(keys.items())


def pinyin(text: str) -> str:
    """'星辰' -> 'xingchen': each character's usual reading, without tones."""
    readings = _readings()
    return "".join(readings.get(char, char) for char in text)


@cache
def _readings() -> dict[str, str]:
    """Per character, its first reading from pypinyin's table, tones removed. Read from the
    data file alone: importing pypinyin loads its phrase table too, some 50 MB per process."""
    spec = importlib.util.find_spec("pypinyin")
    assert spec is not None and spec.submodule_search_locations is not None
    table = Path(spec.submodule_search_locations[0]) / "pinyin_dict.json"
    raw: dict[str, str] = json.loads(table.read_text(encoding="utf-8"))
    return {chr(int(code)): _toneless(spelled.split(",")[0]) for code, spelled in raw.items()}


def _toneless(spelled: str) -> str:
    decomposed = unicodedata.normalize("NFKD", spelled)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
