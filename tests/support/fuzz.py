"""Hypothesis strategies for what people type and what Slack sends back: hostile text of every
kind, the shapes of the bot's commands, numbers in and out of a database's range, junk JSON,
and modal states as Slack would send them or as someone might forge them.

User and channel IDs inside typed text are always the FUZZ ones below, so a test can tell a
mention that came from someone's text from one the bot means to make."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, time
from typing import Any

from hypothesis import strategies as st

from bot.customers.list_results import PageAt
from bot.followups.history_results import entry_value, history_value
from bot.followups.text import clean_slack_text
from bot.nudges.items import SNOOZES
from bot.nudges.results import ItemKind, item_ref
from bot.nudges.todo_results import todo_block_id
from bot.views import ids
from bot.views.followup import pick_value
from bot.views.nudge import block_of_item

FUZZ_USERS = ("U0FUZZ001", "W0FUZZ002")
FUZZ_CHANNEL = "C0FUZZ001"
PICKED_USERS = ("U0PICK001",)
"""Someone chosen in a users_select who is not in the stand-in's directory."""
PICKED_CHANNELS = ("C0PICK001", "C0SALES01")

MARKUP = (
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<!here|here>",
    "<!subteam^S0FUZZ001|@sales>",
    f"<@{FUZZ_USERS[0]}>",
    f"<@{FUZZ_USERS[1]}|sam>",
    f"<#{FUZZ_CHANNEL}|general>",
    "<https://fuzz.example|click me>",
    "<https://fuzz.example>",
    "<mailto:a@fuzz.example|mail>",
    "<!date^1392734382^{date}|Feb 18>",
    "&lt;!channel&gt;",
    "&amp;",
    "&lt;",
    "&gt;",
    "&#60;!here&#62;",
    "*bold*",
    "_italic_",
    "~strike~",
    "`code`",
    "```block```",
    "> quoted",
    ":smile:",
    "<",
    ">",
    "<<!channel>>",
    "<@",
    "|",
)
SQL = (
    "'; DROP TABLE customer; --",
    "' OR '1'='1",
    '" OR 1=1 --',
    "1; DELETE FROM follow_up",
    "' UNION SELECT * FROM rule_set --",
    "%",
    "_",
    "%%",
    "\\",
    "\\'",
    "$1",
    "?",
    ":name",
    "%(name)s",
)
EMOJI = ("😀", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇨🇳", "✅", "👍🏽", "\ufe0f", "\u200d")
RTL = ("مرحبا بالعالم", "שלום עולם", "شركة الاتصالات", "\u202e", "\u202b", "\u200f", "\u061c")
COMBINING = ("e\u0301", "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗͕", "\u0300" * 40, "\u0e47" * 8)
CONTROL = (
    "\x00",
    "\x01",
    "\x07",
    "\x08",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\x9f",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\u200b",
    "\ufffd",
    "\r\n",
    "\r",
    "\n",
    "\t",
    "\x0b",
    "\x0c",
)
CHINESE = (
    "华为技术有限公司",
    "浦发银行",
    "明天下午3点",
    "下一步：周五电话",
    "拜访了",
    "張三",
    "，",
)
DATE_WORDS = (
    "today",
    "tomorrow",
    "fri",
    "next tuesday 3pm",
    "in 3 days",
    "2026-02-30",
    "31/31/2031",
    "9999-12-31",
    "0001-01-01",
    "99999999999",
    "in 100000 years",
    "yesterday",
    "25:99",
    "明天",
    "下周五下午3点",
    "后天上午",
    "3pm",
    "noon",
)
NUMBERS = ("0", "-1", "1e309", "NaN", "Infinity", "१२३", "٣", "１２", "1_000", str(10**30), "0x1f")
PIECES: tuple[str, ...] = (
    *MARKUP,
    *SQL,
    *EMOJI,
    *RTL,
    *COMBINING,
    *CONTROL,
    *CHINESE,
    *DATE_WORDS,
    *NUMBERS,
)

ZONE_WORDS = ("America", "Asia", "Etc", "Asia/Shanghai", "UTC+8", "../../etc/passwd", "Europe/")
PIECES += ZONE_WORDS

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
"""What every ID column holds on both databases (PostgreSQL's are 32-bit)."""
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


# --- text -------------------------------------------------------------------------------------


def any_unicode(max_size: int = 20) -> st.SearchStrategy[str]:
    """Any code point but surrogates (neither JSON nor URLs can carry those): controls, NUL,
    format characters, combining marks, private use and unassigned ones included."""
    return st.text(st.characters(exclude_categories=["Cs"]), max_size=max_size)


def _joined(words: list[str], joiner: str) -> str:
    return joiner.join(words)


def _stretched(text: str, length: int) -> str:
    """`text` repeated to exactly `length` characters."""
    return ((text or "x") * (length // max(len(text), 1) + 1))[:length]


def hostile_text(known: Sequence[str] = ()) -> st.SearchStrategy[str]:
    """A mix of the pieces above, random Unicode and `known` words (customer names, codes),
    now and then stretched to thousands of characters (up to 10,000)."""
    word = st.one_of(
        st.sampled_from(PIECES),
        any_unicode(),
        *([st.sampled_from(tuple(known))] if known else []),
    )
    joiner = st.sampled_from((" ", "", ", ", "\n", "，"))
    short = st.builds(_joined, st.lists(word, max_size=8), joiner)
    long = st.builds(_stretched, short, st.integers(min_value=1000, max_value=10_000))
    return st.one_of(short, short, short, short, any_unicode(200), long)


def _line(name: str, what: str, marker: str = "", step: str = "", when: str = "") -> str:
    return f"{name} {what}{marker}{step} {when}".rstrip() if marker else f"{name} {what}"


def followup_text(known: Sequence[str]) -> st.SearchStrategy[str]:
    """`<customer> <what happened>[, next: <step> <date>]`, and anything else."""
    text = hostile_text(known)
    name = st.one_of(st.sampled_from(tuple(known)), text)
    marker = st.sampled_from((", next: ", " next: ", " then: ", " 下一步：", ", next step: "))
    shaped = st.builds(_line, name, text, marker, text, st.sampled_from(DATE_WORDS))
    return st.one_of(text, shaped, st.builds(_line, name, text))


CUSTOMER_WORDS = (
    *("new", "add", "新建", "list", "ls", "all", "列表", "help", "?", "history", "历史"),
    *("find", "search", "show", "查找", "mine", "我的", "edit", "delete", "todo"),
)
LIST_FILTERS = (
    *("key", "lead", "mine", "overdue", "30d", "9999d", "no-contact", "tier:Key"),
    *("status:prospect", 'region:"New York', 'region:"New York"', "owner:@sam"),
    *(f"owner:<@{FUZZ_USERS[0]}>", "risk:high", "sort:name", "状态:客户", "逾期", "tier:", ":"),
)


def _words(first: str, rest: str) -> str:
    return f"{first} {rest}"


def customer_text(known: Sequence[str]) -> st.SearchStrategy[str]:
    text = hostile_text(known)
    first = st.one_of(st.sampled_from(CUSTOMER_WORDS), text)
    filters = st.builds(
        _joined, st.lists(st.one_of(st.sampled_from(LIST_FILTERS), text), max_size=5), st.just(" ")
    )
    listing = st.sampled_from(("list", "ls", "列表"))
    return st.one_of(
        text,
        st.sampled_from(tuple(known)),
        st.builds(_words, first, st.one_of(text, st.sampled_from(tuple(known)))),
        st.builds(_words, listing, filters),
    )


CRM_WORDS = (
    *("help", "todo", "todos", "待办", "rules", "rules history", "role", "digest"),
    *("digest preview", "nudges", "nudges time", "nudges escalate", "RULES", "Todo"),
)
ROLE_WORDS = ("manager", "rep", "admin", "owner", "", "ADMIN", "经理")
CRM_ARGUMENTS = ("08:30", "8", "24:00", "-5", "5", "0", "99999999999999999999", "١٢", "7:60")


def crm_text(people: Sequence[str]) -> st.SearchStrategy[str]:
    """`/crm` sub-commands with arguments. Roles go only to `people` (a role granted to a FUZZ
    user would make every later mention of them one the bot means)."""
    text = hostile_text()
    anyone = st.sampled_from(tuple(f"<@{p}>" for p in (*people, *FUZZ_USERS)))
    argument = st.one_of(st.sampled_from(CRM_ARGUMENTS), anyone, text)
    role_target = st.sampled_from(tuple(f"<@{p}>" for p in people))
    return st.one_of(
        text,
        st.builds(_words, st.sampled_from(CRM_WORDS), argument),
        st.builds(
            _words,
            st.builds(_words, st.just("role"), role_target),
            st.one_of(st.sampled_from(ROLE_WORDS), text),
        ),
        st.builds(_words, st.just("todo"), anyone),
    )


# --- numbers and JSON -------------------------------------------------------------------------


def row_ids(real: Sequence[int] = ()) -> st.SearchStrategy[int]:
    """Row IDs: real ones, gone or never-were ones, 0 and negatives, all of a size every ID
    column holds."""
    edges = st.sampled_from((0, -1, 1, INT32_MAX, INT32_MIN))
    anything = st.integers(min_value=INT32_MIN, max_value=INT32_MAX)
    return st.one_of(*([st.sampled_from(tuple(real))] if real else []), edges, anything)


def huge_ids() -> st.SearchStrategy[int]:
    """Integers past what an ID column holds: 32 bits on PostgreSQL, 64 on SQLite."""
    return st.one_of(
        st.integers(min_value=INT32_MAX + 1),
        st.integers(max_value=INT32_MIN - 1),
        st.sampled_from((INT32_MAX + 1, INT64_MAX, INT64_MAX + 1, INT64_MIN - 1, 10**30)),
    )


def not_a_number() -> st.SearchStrategy[str]:
    """What a field meant to hold an ID might hold if forged."""
    return st.one_of(st.sampled_from(NUMBERS[4:]), st.just(""), any_unicode(), hostile_text())


def _dumped(value: Any) -> str:
    return json.dumps(value)


_KEYS = ("c", "p", "f", "k", "q", "b", "draft", "customer", "customer_id", "url", "x")
"""The keys of the app's own button values and modal metadata, and one it never writes."""


def _nested(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(_KEYS), inner, max_size=4)
    )


def json_junk() -> st.SearchStrategy[str]:
    """JSON of every shape (and almost-JSON) where the app expects its own small objects."""
    scalar = st.one_of(
        st.none(),
        st.booleans(),
        row_ids(),
        huge_ids(),
        st.floats(allow_nan=True, allow_infinity=True),
        any_unicode(),
    )
    value = st.recursive(scalar, _nested, max_leaves=6)
    almost = st.sampled_from(('{"c": 1', "{'c': 1}", "[", "{}", "null", '{"p": NaN}', "1e999"))
    return st.one_of(st.builds(_dumped, value), almost)


def _with_key(raw: str, key: str, forged: Any) -> str:
    data = json.loads(raw)
    if isinstance(data, dict):
        data[key] = forged
    return json.dumps(data)


def mutated_json(written: Sequence[str]) -> st.SearchStrategy[str]:
    """A JSON object the app wrote, with one of its keys (or a new one) given a forged value."""
    if not written:
        return json_junk()
    keys = sorted({k for raw in written for k in _keys(raw)} | {"x"})
    forged = st.one_of(
        st.none(),
        huge_ids(),
        not_a_number(),
        st.lists(st.integers(), max_size=2),
        st.dictionaries(any_unicode(5), st.integers(), max_size=2),
    )
    return st.builds(_with_key, st.sampled_from(tuple(written)), st.sampled_from(keys), forged)


def _keys(raw: str) -> list[str]:
    try:
        data = json.loads(raw)
    except ValueError:
        return []
    return list(data) if isinstance(data, dict) else []


# --- modal states -----------------------------------------------------------------------------


def _hhmm(at: time) -> str:
    return at.strftime("%H:%M")


def _iso(day: date) -> str:
    return day.isoformat()


def _prefix_of(text: str) -> Any:
    def prefix(length: int) -> str:
        return text[:length]

    return prefix


def _nonblank(text: str) -> str:
    return text if text else "x"


def _cut(limit: int) -> Any:
    def cut(text: str) -> str:
        return text[:limit]

    return cut


def _state_of(kind: str, key: str) -> Any:
    def state(value: Any) -> dict[str, Any]:
        return {"type": kind, key: value}

    return state


def shown_element(
    element: dict[str, Any],
    *,
    optional: bool,
    text: st.SearchStrategy[str],
    users: Sequence[str],
    channels: Sequence[str],
) -> st.SearchStrategy[dict[str, Any]]:
    """One input's state as Slack sends it: what its element lets a person enter."""
    kind = str(element.get("type"))
    options = list(element.get("options", []))
    entered: st.SearchStrategy[Any]
    if kind == "plain_text_input":
        initial = str(element.get("initial_value") or "")
        # What was there, partly deleted (a zone "Asia/Shanghai" cut to "Asia"), or anything.
        edited = st.integers(0, len(initial)).map(_prefix_of(initial))
        typed = st.one_of(text, edited) if initial else text
        entered = typed.map(_cut(int(element.get("max_length", 3000)))).map(_nonblank)
        key = "value"
    elif kind == "number_input":
        low, high = int(element.get("min_value", 1)), int(element.get("max_value", 10**6))
        entered, key = st.integers(low, high).map(str), "value"
    elif kind == "static_select":
        entered, key = (st.sampled_from(options) if options else st.none()), "selected_option"
    elif kind in ("multi_static_select", "checkboxes"):
        if not options:
            return st.just({"type": kind, "selected_options": []})
        chosen = st.lists(st.sampled_from(options), unique_by=_value_of, max_size=len(options))
        return chosen.map(_state_of(kind, "selected_options"))
    elif kind == "external_select":  # the options Slack was given: customer ids, or gone ones
        entered, key = st.integers(1, 60).map(str).map(_option), "selected_option"
    elif kind == "users_select":
        entered, key = st.sampled_from(tuple(users)), "selected_user"
    elif kind == "conversations_select":
        entered, key = st.sampled_from(tuple(channels)), "selected_conversation"
    elif kind == "datepicker":
        entered, key = st.dates().map(_iso), "selected_date"
    elif kind == "timepicker":
        entered, key = st.times().map(_hhmm), "selected_time"
    else:
        raise AssertionError(f"no strategy for a {kind}")
    if optional:
        entered = st.one_of(st.none(), entered)
    return entered.map(_state_of(kind, key))


def _value_of(option: dict[str, Any]) -> Any:
    return option.get("value")


def forged_element(element: dict[str, Any], text: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    """One input's state as someone might forge it: its own type with values outside what
    the element offers, another type's state, or nothing."""
    options = [o.get("value") for o in element.get("options", [])]
    value = st.one_of(st.sampled_from(options), text) if options else text
    option = value.map(_option)
    shaped = (
        st.one_of(text, st.none(), not_a_number()).map(_state_of("plain_text_input", "value")),
        st.one_of(not_a_number(), huge_ids().map(str)).map(_state_of("number_input", "value")),
        st.one_of(option, st.none()).map(_state_of("static_select", "selected_option")),
        st.one_of(option, st.none(), st.just({})).map(
            _state_of("external_select", "selected_option")
        ),
        st.lists(option, max_size=4).map(_state_of("multi_static_select", "selected_options")),
        st.one_of(st.sampled_from(PICKED_USERS), text, st.none()).map(
            _state_of("users_select", "selected_user")
        ),
        st.one_of(st.sampled_from(PICKED_CHANNELS), text).map(
            _state_of("conversations_select", "selected_conversation")
        ),
        st.one_of(st.sampled_from(DATE_WORDS), text).map(_state_of("datepicker", "selected_date")),
        st.one_of(st.sampled_from(DATE_WORDS), text).map(_state_of("timepicker", "selected_time")),
    )
    return st.one_of(*shaped, st.none(), st.just({}))


def _option(value: Any) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": "x"}, "value": value}


def _input_blocks(view: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in view.get("blocks", []) if b.get("type") == "input"]


def _under(action_id: str) -> Any:
    def wrap(state: Any) -> dict[str, Any]:
        return {} if state is None else {action_id: state}

    return wrap


def shown_state(
    view: dict[str, Any],
    *,
    text: st.SearchStrategy[str],
    users: Sequence[str],
    channels: Sequence[str],
) -> st.SearchStrategy[dict[str, Any]]:
    """`view.state.values` as Slack sends it: every input, each within what it allows."""
    fields = {
        block["block_id"]: shown_element(
            block["element"],
            optional=bool(block.get("optional")),
            text=text,
            users=users,
            channels=channels,
        ).map(_under(block["element"]["action_id"]))
        for block in _input_blocks(view)
    }
    return st.fixed_dictionaries(fields)


def forged_state(
    view: dict[str, Any], text: st.SearchStrategy[str]
) -> st.SearchStrategy[dict[str, Any]]:
    """`view.state.values` forged: inputs missing, of the wrong type, or holding junk."""
    fields = {
        block["block_id"]: forged_element(block["element"], text).map(
            _under(block["element"]["action_id"])
        )
        for block in _input_blocks(view)
    }
    return st.fixed_dictionaries({}, optional=fields)


def forged_metadata(real: str | None) -> st.SearchStrategy[str | None]:
    """A modal's private_metadata missing, junk, JSON of the wrong shape, or its own with one
    value forged."""
    choices: list[st.SearchStrategy[str | None]] = [
        st.none(),
        st.just(""),
        any_unicode(),
        json_junk(),
    ]
    if real:
        choices.append(mutated_json([real]))
    return st.one_of(*choices)


# --- buttons, selects and date pickers --------------------------------------------------------

NUMBERED = {
    ids.FOLLOWUP_PICK,
    ids.CUSTOMER_OPEN,
    ids.RULES_RESTORE,
    ids.CUSTOMER_OPEN_EXISTING,
    ids.FOLLOWUP_EDIT,
    ids.FOLLOWUP_DELETE,
}
MODALS = sorted(v for k, v in vars(ids).items() if k.isupper() and k.endswith("_MODAL"))
BUTTONS = sorted(
    v
    for k, v in vars(ids).items()
    if k.isupper() and isinstance(v, str) and not k.endswith("_MODAL")
)


@dataclass(frozen=True)
class Click:
    """One action of a block_actions payload, and where its button was."""

    action_id: str
    value: str | None
    block_id: str = "b1"
    chosen: dict[str, Any] | None = None
    in_modal: bool = False


def snooze_choice(period: str) -> dict[str, Any]:
    return {"type": "static_select", "selected_option": {"value": period}}


def picked_date(day: Any) -> dict[str, Any]:
    return {"type": "datepicker", "selected_date": str(day)}


def clicks_as_written(
    *,
    number: Callable[[str], st.SearchStrategy[int]],
    page: st.SearchStrategy[int],
    drafts: Sequence[str],
    people: Sequence[str],
    known: Sequence[str],
) -> st.SearchStrategy[Click]:
    """Every button, select and date picker with its value written by the app's own writers
    (pick_value, PageAt, history_value, …) from the numbers drawn by `number(kind)` (kind:
    customer, followup, step or version), the `drafts` and the `people`."""
    customer, followup, step = number("customer"), number("followup"), number("step")
    draft = st.one_of(st.sampled_from(tuple(drafts)), st.uuids().map(lambda u: u.hex))
    owner = st.sampled_from(tuple(people))
    snooze = st.sampled_from(sorted(SNOOZES)).map(snooze_choice)
    day = st.dates().map(picked_date)
    item = st.one_of(
        st.tuples(st.just(ItemKind.STEP), step), st.tuples(st.just(ItemKind.CADENCE), customer)
    )
    steps = st.tuples(st.just(ItemKind.STEP), step)
    after = st.one_of(st.none(), st.tuples(st.datetimes(timezones=st.just(UTC)).map(str), customer))
    # The filters as the app keeps them: typed text, cleaned as /customer list cleans it.
    query = hostile_text(known).map(clean_slack_text)
    listed = st.builds(PageAt, query=query, after=after, backwards=st.booleans(), page=page)

    def plain(action_id: str, values: st.SearchStrategy[int]) -> st.SearchStrategy[Click]:
        return values.map(lambda n: Click(action_id, str(n)))

    def numbered(action_id: str, value: st.SearchStrategy[str]) -> st.SearchStrategy[Click]:
        suffix = st.integers(0, 9).map(lambda n: ids.numbered(action_id, n))
        return st.builds(Click, suffix, value)

    def todo(action_id: str, extra: st.SearchStrategy[Any]) -> st.SearchStrategy[Click]:
        return st.builds(
            lambda n, who, chosen: Click(
                action_id,
                str(n) if chosen is None else None,
                todo_block_id(n, who),
                chosen,
            ),
            step,
            owner,
            extra,
        )

    def nudge(
        action_id: str, items: st.SearchStrategy[Any], extra: st.SearchStrategy[Any]
    ) -> st.SearchStrategy[Click]:
        return st.builds(
            lambda it, chosen: Click(
                action_id,
                item_ref(*it) if chosen is None else None,
                block_of_item(*it),
                chosen,
            ),
            items,
            extra,
        )

    return st.one_of(
        plain(ids.FOLLOWUP_UNDO, followup),
        numbered(ids.FOLLOWUP_PICK, st.builds(pick_value, draft, customer)),
        draft.map(lambda d: Click(ids.FOLLOWUP_CREATE_CUSTOMER, d)),
        plain(ids.NEXT_STEP_EDIT, step),
        plain(ids.NEXT_STEP_ADD, customer),
        numbered(ids.CUSTOMER_OPEN, customer.map(str)),
        plain(ids.CUSTOMER_EDIT, customer),
        plain(ids.CUSTOMER_LOG_FOLLOWUP, customer),
        plain(ids.CUSTOMER_SET_RISK, customer),
        numbered(ids.RULES_RESTORE, number("version").map(str)),
        st.builds(
            lambda n, v: Click(ids.numbered(ids.CUSTOMER_OPEN_EXISTING, n), v, in_modal=True),
            st.integers(0, 9),
            customer.map(str),
        ),
        nudge(ids.NUDGE_DONE, steps, st.none()),
        nudge(ids.NUDGE_SNOOZE, item, snooze),
        nudge(ids.NUDGE_RESCHEDULE, steps, day),
        nudge(ids.NUDGE_LOG, item, st.none()),
        st.builds(
            lambda action_id, at: Click(action_id, at.dump()),
            st.sampled_from((ids.CUSTOMER_LIST_PREV, ids.CUSTOMER_LIST_NEXT)),
            listed,
        ),
        todo(ids.TODO_DONE, st.none()),
        todo(ids.TODO_SNOOZE, snooze),
        todo(ids.TODO_RESCHEDULE, day),
        plain(ids.FOLLOWUP_HISTORY, customer),
        st.builds(
            lambda action_id, c, p: Click(action_id, history_value(c, p)),
            st.sampled_from((ids.FOLLOWUP_HISTORY_PREV, ids.FOLLOWUP_HISTORY_NEXT)),
            customer,
            page,
        ),
        st.builds(
            lambda action_id, n, f, p: Click(ids.numbered(action_id, n), entry_value(f, p)),
            st.sampled_from((ids.FOLLOWUP_EDIT, ids.FOLLOWUP_DELETE)),
            st.integers(0, 9),
            followup,
            page,
        ),
    )


def _item_text(kind: str, ref: str) -> str:
    return f"{kind}:{ref}"


def forged_clicks(*, people: Sequence[str], written: Sequence[str]) -> st.SearchStrategy[Click]:
    """Any button (or one the app never made) with junk where its value, block_id, choice or
    date should be; `written` are JSON values the app wrote, to forge one key of."""
    text = hostile_text()
    number_text = st.one_of(not_a_number(), huge_ids().map(str), row_ids().map(str))
    action_id = st.one_of(
        st.sampled_from(BUTTONS),
        st.builds(
            ids.numbered,
            st.sampled_from(sorted(NUMBERED)),
            st.sampled_from((0, 10**30)),
        ),
        any_unicode(),
    )
    value = st.one_of(
        st.none(),
        number_text,
        json_junk(),
        mutated_json(written),
        st.builds(_item_text, st.sampled_from(("step", "cadence", "x", "")), number_text),
    )
    block_id = st.one_of(
        st.just("b1"),
        text,
        st.builds(
            lambda kind, ref, who: f"{kind}_{ref}_{who}",
            st.sampled_from(("todo", "nudge", "nudge_step", "nudge_cadence", "x")),
            number_text,
            st.one_of(st.sampled_from(tuple(people)), text),
        ),
    )
    chosen = st.one_of(
        st.none(),
        st.one_of(st.sampled_from(("", "999d", "1D")), text).map(snooze_choice),
        st.one_of(st.sampled_from(DATE_WORDS), text).map(picked_date),
        st.just({"selected_option": None}),
    )
    return st.builds(Click, action_id, value, block_id, chosen, st.booleans())
