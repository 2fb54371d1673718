"""The columns of an import or export file, in English and Chinese, and the words for their values.

Pure: header text in, field key out; value words in, stored values out (and back for export).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from bot.catalog.language import Language, speaking
from bot.catalog.messages import msg
from bot.catalog.texts.customers import text as customer_text


@dataclass(frozen=True)
class Column:
    key: str
    """The form field (or `code`, `owner`, `last_contact`, `next_step`)."""
    english: str
    chinese: str
    also: tuple[str, ...] = ()
    """Other headers people use for it."""


COLUMNS = (
    Column("code", "Customer code", "客户编号", ("code", "编号")),
    Column("name", "Customer name", "客户名称", ("name", "企业名称", "公司名称", "客户")),
    Column("aliases", "Aliases", "别名", ("alias", "简称")),
    Column("customer_type", "Customer type", "客户类型", ("type", "类型")),
    Column("industry", "Industry", "所属行业", ("行业",)),
    Column("contact_name", "Contact", "联系人", ("contact name", "联系人姓名")),
    Column("contact_title", "Title", "职务", ("contact title", "job title", "职位")),
    Column("phone", "Phone", "手机号码", ("mobile", "联系电话", "联系方式", "电话", "手机")),
    Column("email", "Email", "电子邮箱", ("e-mail", "邮箱")),
    Column("wechat_id", "WeChat ID", "微信号", ("wechat", "微信", "weixin")),
    Column("region", "Region", "所在地区", ("企业地址", "地区", "地址", "address")),
    Column("company_size", "Company size", "企业规模", ("size", "规模")),
    Column("source", "Source", "客户来源", ("来源",)),
    Column("annual_value", "Annual value", "合作金额", ("年消费金额", "年度金额", "value")),
    Column("status", "Status", "客户状态", ("customer status", "状态")),
    Column("owner", "Owner", "所属销售", ("负责人", "销售", "owner id")),
    Column("needs", "Needs", "需求标签", ("需求", "tags")),
    Column("notes", "Notes", "备注", ("note", "remarks")),
    Column("last_contact", "Last contact", "最近跟进时间", ("last contacted", "最近跟进")),
    Column("next_step", "Next step", "下次跟进计划", ("next steps", "下一步", "跟进计划")),
)
KEYS = tuple(column.key for column in COLUMNS)


def _squeeze(text: str) -> str:
    """Case, width, spaces, underscores and required-field stars ignored."""
    folded = unicodedata.normalize("NFKC", text).replace("\ufeff", "").casefold()
    return re.sub(r"[\s_*:：]+", "", folded)


@cache
def _header_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for column in COLUMNS:
        for header in (column.key, column.english, column.chinese, *column.also):
            index.setdefault(_squeeze(header), column.key)
    return index


def header_key(header: str) -> str | None:
    """'客户名称', 'Customer Name', ' customer_name ' -> 'name'; None for a column we don't know."""
    return _header_index().get(_squeeze(header))


def header_text(key: str, language: Language) -> str:
    column = next(c for c in COLUMNS if c.key == key)
    return column.chinese if language == Language.ZH else column.english


# --- value words --------------------------------------------------------------------------

CHOICE_FIELDS = ("customer_type", "status", "source", "company_size")
SYNONYMS: dict[str, dict[str, str]] = {
    "source": {
        "老客户推荐": "referral",
        "客户推荐": "referral",
        "转介绍": "referral",
        "介绍": "referral",
        "推荐": "referral",
        "官网": "website",
        "网站": "website",
        "网络": "website",
        "展会": "event",
        "会议": "event",
        "活动": "event",
        "电话营销": "outbound",
        "陌拜": "outbound",
        "陌生拜访": "outbound",
        "地推": "outbound",
        "主动开发": "outbound",
        "来电": "inbound",
        "来访": "inbound",
        "咨询": "inbound",
        "广告": "advertising",
        "投放": "advertising",
        "渠道": "partner",
        "代理商": "partner",
        "合作伙伴": "partner",
        "其他": "other",
        "cold call": "outbound",
        "trade show": "event",
        "web": "website",
    },
    "status": {"潜在客户": "prospect", "意向": "prospect", "成交": "customer", "流失": "churned"},
    "customer_type": {"公司": "company", "企业客户": "company", "个人客户": "individual"},
}
"""Other words spreadsheets use for the same choices (read on import, never written)."""


def _names(field: str) -> dict[str, str]:
    if field == "customer_type":
        return dict(msg.TYPE_NAMES)
    if field == "status":
        return dict(msg.STATUS_NAMES)
    if field == "source":
        return dict(msg.SOURCE_NAMES)
    return dict(customer_text.COMPANY_SIZE_NAMES)


def _word(text: str) -> str:
    return _squeeze(text).replace("人", "") if text else ""


@cache
def _value_index(field: str) -> dict[str, str]:
    index: dict[str, str] = {}
    for language in (Language.EN, Language.ZH):
        with speaking(language):
            for value, name in _names(field).items():
                index.setdefault(_word(value), value)
                index.setdefault(_word(name), value)
    if field == "company_size":
        index.setdefault(_word("5000以上"), "5000+")
    for word, value in SYNONYMS.get(field, {}).items():
        index.setdefault(_word(word), value)
    return index


def choice_value(field: str, text: str) -> str:
    """The stored value for a word in English or Chinese ('意向客户', 'Prospect' -> 'prospect').
    A word we don't know comes back as written, for the form's check to refuse."""
    return _value_index(field).get(_word(text), text.strip())


def value_word(field: str, value: str, language: Language) -> str:
    """The word an export writes for a stored value."""
    with speaking(language):
        return _names(field).get(value, value)


# --- dates and next steps -----------------------------------------------------------------

_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"
_DATE_ONLY = re.compile(rf"^\s*{_DATE}(?:[ T]+(\d{{1,2}}):(\d{{2}})(?::\d{{2}}(?:\.\d+)?)?)?\s*$")
_STEP = re.compile(rf"^\s*{_DATE}\s*(?:[:：,，;；\-–—]|\s)\s*(.*)$", re.DOTALL)


@dataclass(frozen=True)
class PlannedStep:
    due: date | None
    description: str


def parse_date(text: str) -> date | None:
    """'2024-05-20', '2024/5/20', '2024年5月20日', '2024-05-20 14:30' -> the day; None if not
    a date."""
    moment = parse_moment(text)
    return moment.date() if moment else None


def parse_moment(text: str) -> datetime | None:
    """A date with an optional time of day (naive: read in the team's zone)."""
    match = _DATE_ONLY.match(text)
    if not match:
        return None
    year, month, day, hour, minute = match.groups()
    try:
        return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0))
    except ValueError:
        return None


def parse_next_step(text: str) -> PlannedStep | None:
    """'2024-05-20：回访软件使用情况' -> dated step; '回访' -> undated step; '' -> None."""
    stripped = text.strip()
    if not stripped:
        return None
    match = _STEP.match(stripped)
    if match:
        year, month, day, rest = match.groups()
        try:
            due = date(int(year), int(month), int(day))
        except ValueError:
            return PlannedStep(None, stripped)
        return PlannedStep(due, rest.strip() or stripped)
    only = parse_date(stripped)
    if only is not None:
        return PlannedStep(only, stripped)
    return PlannedStep(None, stripped)


def format_next_step(due: date | None, description: str, language: Language) -> str:
    if due is None:
        return description
    return f"{due.isoformat()}{'：' if language == Language.ZH else ': '}{description}"
