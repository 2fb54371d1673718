"""Property-based tests over every text and payload (issue 9): whatever anyone types into
`/followup`, `/customer` or `/crm`, and whatever a button or a modal sends back, the app answers,
never with a 5xx, logs no error and no traceback, and sends no live mention, broadcast or link
made of someone's text.

Each case is a signed request through the real request path (signature check, Bolt, handlers,
database, the stand-in Slack) into the WSGI app in-process: no socket, and each listener runs on
the request's own thread, so when the call returns everything the request caused has been sent
and logged. One app and database per database kind serve every case, so later cases meet what
earlier ones left (customers with hostile names, drafts, roles).

Buttons are tried four ways: with values as the app writes them, with other IDs (gone, never
were, negative), with integers past what an ID column holds, and forged (junk, wrong JSON,
missing). Modals three ways: as Slack sends them, with a forged state, with forged metadata.
A bug still open is an xfail of its own sub-case (KNOWN_BUGS), to be removed once fixed.

CI runs a derandomized profile of at least 10,000 cases per `make test` (all on SQLite, or half
on each database with PostgreSQL); CRM_FUZZ_PROFILE=deep runs ten times as many, randomly. Each
test prints how many cases it ran.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from wsgiref.util import setup_testing_defaults

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from slack_bolt import App
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.followups.text import clean_slack_text
from bot.sandbox.harness import MutableClock, settings_for_standin
from bot.sandbox.signed import (
    SIGNING_SECRET,
    block_actions_payload,
    interaction_body,
    shortcut_payload,
    sign,
    slash_command_body,
    view_state,
    view_submission_payload,
)
from bot.sandbox.standin import BOT_USER_ID, Call, StandInSlack
from bot.views import ids
from bot.wiring.app import create_app
from bot.wiring.web import make_wsgi_app
from storage.database import make_engine, upgrade_database
from storage.models import Customer, Draft, FollowUp, NextStep, RuleSet
from tests.conftest import (
    ADMIN,
    DATABASES,
    MANAGER,
    OTHER_REP,
    OTHER_TZ,
    POSTGRES_URL,
    REP,
    REP_TZ,
    START,
)
from tests.support import fuzz
from tests.support.databases import fresh_database_url
from tests.support.factories import add_customer

# --- budget -----------------------------------------------------------------------------------

settings.register_profile(
    "crm-fuzz-ci",
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        # One app and database per database kind, shared by every case on purpose.
        HealthCheck.function_scoped_fixture,
    ],
)
settings.register_profile(
    "crm-fuzz-deep", parent=settings.get_profile("crm-fuzz-ci"), derandomize=False
)
PROFILE = "crm-fuzz-deep" if os.environ.get("CRM_FUZZ_PROFILE") == "deep" else "crm-fuzz-ci"
SCALE = 10 if PROFILE == "crm-fuzz-deep" else 1
PER_DATABASE = -(-10_000 // len(DATABASES))
"""At least 10,000 cases per `make test`: on SQLite alone, or shared with PostgreSQL."""
SHARE = {"command": 0.45 / 3, "click": 0.30 / 2, "submission": 0.25 / 6}
"""Of PER_DATABASE, per sub-test: 3 commands, 2 ways to click and 6 modals' states as shown
that pass today; the other sub-tests (known bugs, modals without inputs) add a few more."""
CLICK_WAYS = ["as_sent", "other_ids", "huge_ids", "forged"]
SUBMISSION_WAYS = ["as_shown", "forged_state", "forged_metadata"]
CASES: Counter[str] = Counter()


def run(
    test: Callable[..., None],
    cases: Callable[[Callable[..., None]], Callable[[], None]],
    kind: str,
    app: FuzzedApp,
    request: pytest.FixtureRequest,
    surface: str,
    way: str,
) -> None:
    """Run `test` over `cases` with the profile's budget for `kind`. A known bug of this
    sub-case (KNOWN_BUGS, at the end) makes it a strict xfail whose repro is tried first, and
    no case is shrunk (each step would be a request)."""
    phases = tuple(Phase)
    bug = KNOWN_BUGS.get((surface, way, app.database)) or KNOWN_BUGS.get((surface, way, "*"))
    if bug is not None:
        request.applymarker(pytest.mark.xfail(strict=True, reason=bug.reason))
        test = example(**bug.repro(app))(test)
        phases = (Phase.explicit, Phase.reuse, Phase.generate)
    examples = round(PER_DATABASE * SHARE[kind]) * SCALE
    profile = settings(settings.get_profile(PROFILE), max_examples=examples, phases=phases)
    profile(cases(test))()


# --- the app in-process -----------------------------------------------------------------------


class _OnTheCallingThread(ThreadPoolExecutor):
    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        done: Future[Any] = Future()
        try:
            done.set_result(fn(*args, **kwargs))
        except BaseException as problem:
            done.set_exception(problem)
        return done


def run_listeners_inline(app: App) -> None:
    """Bolt hands each listener to the app's executor. This keeps that executor's own `submit`
    (whatever it wraps around a listener) but runs the listener at once, on the request's
    thread, so when the request returns everything it caused has happened."""
    runner = app.listener_runner
    own = type(runner.listener_executor)
    inline = type(f"Inline{own.__name__}", (own, _OnTheCallingThread), {})
    runner.listener_executor.shutdown(wait=True)
    runner.listener_executor = inline()


class Trouble(logging.Handler):
    """Keeps every log record at ERROR or above, or carrying a traceback."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        serious = record.levelno >= logging.ERROR or record.exc_info or record.stack_info
        if serious or "Traceback (most recent call last)" in record.getMessage():
            self.records.append(record)


@dataclass
class Answer:
    status: int
    body: str
    calls: list[Call]
    """What the request made the app send to the stand-in Slack."""
    trouble: list[logging.LogRecord]

    def __repr__(self) -> str:
        sent = [(c.method, str(c.params.get("text", ""))[:200]) for c in self.calls]
        logged = [r.getMessage()[:200] for r in self.trouble]
        return f"Answer({self.status}, {self.body[:300]!r}, sent={sent}, logged={logged})"


@dataclass(repr=False)
class FuzzedApp:
    database: str
    slack: StandInSlack
    engine: Engine
    wsgi: Any
    trouble: Trouble
    people: set[str] = field(default_factory=set)
    channels: set[str] = field(default_factory=set)
    known: list[str] = field(default_factory=list)
    """Customers' names and codes, for commands that name one."""
    rows: dict[str, list[int]] = field(default_factory=dict)
    """IDs of what the seeding made, by kind: customer, followup, step, version."""
    drafts: list[str] = field(default_factory=list)
    values: dict[str, list[str]] = field(default_factory=dict)
    """Button values the app wrote, by action_id without its _<n>."""
    views: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """Modals the app opened, by callback_id."""
    harvesting: bool = True
    """Off once seeded: the strategies draw from what was harvested, which must stay put."""
    strategies: dict[str, st.SearchStrategy[Any]] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"FuzzedApp({self.database})"

    def send(self, body: str) -> Answer:
        data = body.encode()
        signature = sign(body)
        environ: dict[str, Any] = {}
        setup_testing_defaults(environ)
        environ.update(
            REQUEST_METHOD="POST",
            PATH_INFO="/slack/events",
            CONTENT_TYPE="application/x-www-form-urlencoded",
            CONTENT_LENGTH=str(len(data)),
            HTTP_X_SLACK_REQUEST_TIMESTAMP=signature["X-Slack-Request-Timestamp"],
            HTTP_X_SLACK_SIGNATURE=signature["X-Slack-Signature"],
        )
        environ["wsgi.input"] = io.BytesIO(data)
        statuses: list[str] = []

        def start_response(status: str, headers: Any, exc_info: Any = None) -> None:
            statuses.append(status)

        first_call = len(self.slack.calls)
        self.trouble.records.clear()
        reply = b"".join(self.wsgi(environ, start_response)).decode()
        calls = self.slack.calls[first_call:]
        if self.harvesting:
            self._harvest([reply, *(call.params for call in calls)])
        return Answer(int(statuses[0].split()[0]), reply, calls, list(self.trouble.records))

    def command(self, command: str, text: str, *, user: str) -> tuple[Answer, str]:
        response_url = self.slack.response_url(uuid.uuid4().hex)
        body = slash_command_body(command, text, user_id=user, response_url=response_url)
        return self.send(body), response_url

    def interact(self, payload: dict[str, Any]) -> Answer:
        return self.send(interaction_body(payload))

    def _harvest(self, sent: list[Any]) -> None:
        """Remember the button values and modals the app sent, to click and submit them."""
        for thing in _walk(sent):
            action_id = thing.get("action_id")
            if isinstance(action_id, str) and isinstance(thing.get("value"), str):
                seen = self.values.setdefault(re.sub(r"_\d+$", "", action_id), [])
                if thing["value"] not in seen and len(seen) < 20:
                    seen.append(thing["value"])
            if thing.get("type") == "modal" and isinstance(thing.get("callback_id"), str):
                shown = self.views.setdefault(thing["callback_id"], [])
                if len(shown) < 3 and thing not in shown:
                    shown.append(thing)


def _walk(value: Any) -> Iterator[dict[str, Any]]:
    """Every object in what was sent, JSON strings (blocks, views) opened."""
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            value = json.loads(value)
        except ValueError:
            return
    if isinstance(value, dict):
        yield value
        for inner in value.values():
            yield from _walk(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _walk(inner)


# --- what must hold for every case ------------------------------------------------------------

_TOKEN = re.compile(r"<([^<>]*)>")
_DATE = re.compile(r"!date\^-?\d+\^\{date_short_pretty\}(?: \{time\})?\|[^<>|]*")
_MAILTO = re.compile(r"mailto:[^<>|\s]+\|[^<>]*")
_USER = re.compile(r"@([UW][A-Z0-9]+)(?:\|[^<>]*)?")
_CHANNEL = re.compile(r"#([CGD][A-Z0-9]+)(?:\|[^<>]*)?")


def mrkdwn_texts(value: Any) -> Iterator[str]:
    """Every text Slack reads as mrkdwn (plain_text shows as typed and links nothing)."""
    for thing in _walk(value):
        if thing.get("type") == "plain_text":
            continue
        text = thing.get("text")
        if isinstance(text, str):
            yield text


def live_markup(text: str, *, people: set[str], channels: set[str]) -> list[str]:
    """The Slack control sequences in `text` that would notify, link or mention: `<!…>`,
    `<@…>`, `<#…>` and `<scheme:…>`, except the bot's own dates and e-mail links and mentions
    of the people and channels it was asked about. (A `<word>` links nothing.)"""
    found = []
    for inside in _TOKEN.findall(text):
        if inside[:1] not in ("!", "@", "#") and ":" not in inside:
            continue
        if _DATE.fullmatch(inside) or _MAILTO.fullmatch(inside):
            continue
        user = _USER.fullmatch(inside)
        if user and user.group(1) in people:
            continue
        channel = _CHANNEL.fullmatch(inside)
        if channel and channel.group(1) in channels:
            continue
        found.append(f"<{inside}>")
    return found


def check(app: FuzzedApp, answer: Answer, *, named: set[str] | None = None) -> None:
    """No 5xx, nothing logged at ERROR or with a traceback, no live markup sent."""
    assert answer.status < 500, answer
    assert not answer.trouble, answer
    people = app.people | (named or set())
    sent: list[Any] = [call.params for call in answer.calls]
    if answer.body[:1] == "{":
        sent.append(json.loads(answer.body))
    for text in mrkdwn_texts(sent):
        live = live_markup(text, people=people, channels=app.channels)
        assert not live, f"live {live} in {text[:500]!r}"


def check_command(
    app: FuzzedApp, answer: Answer, response_url: str, *, named: set[str] | None = None
) -> None:
    """As `check`, and the person got an answer: in the HTTP reply, at the response URL, or
    as a modal."""
    check(app, answer, named=named)
    assert answer.status == 200, answer
    path = urlparse(response_url).path
    in_the_answer = answer.body[:1] == "{" and bool(json.loads(answer.body).get("text"))
    afterwards = [
        c
        for c in answer.calls
        if (c.method == "response_url" and c.params.get("path") == path) or c.method == "views.open"
    ]
    assert in_the_answer or afterwards, answer


# --- one app per database, with customers and everything the app shows about them -------------

HOSTILE_NAME = "<!channel> & Co <@U0FUZZ001> <https://fuzz.example|click>"
SEED_CUSTOMERS = (
    ("Acme Inc", REP),
    (HOSTILE_NAME, OTHER_REP),
    ("华为技术有限公司", REP),
    ("شركة الاتصالات", MANAGER),
    ("Robert'); DROP TABLE customer;--", REP),
    ("Zoë Café 😀", OTHER_REP),
    *((f"Filler {n:02d} Ltd", REP) for n in range(20)),
)
SEED_LINES = (
    (REP, "/followup", "Acme Inc called re: quote, next: send pricing fri"),
    (OTHER_REP, "/followup", f"{HOSTILE_NAME} emailed the deck, next: call tomorrow 3pm"),
    (REP, "/followup", "华为技术有限公司 拜访了 下一步：明天下午3点 电话"),
    (REP, "/followup", "Acme visited, next: demo next tuesday"),
    (REP, "/followup", "Nobody Known Ltd called"),
    (REP, "/followup", "Filler called"),
    (REP, "/customer", "Acme Inc"),
    (REP, "/customer", "list"),
    (REP, "/customer", "new Fresh Co"),
    (REP, "/crm", "todo"),
    (ADMIN, "/crm", "rules"),
    (ADMIN, "/crm", "digest"),
    (ADMIN, "/crm", "settings"),
    (REP, "/crm", "me"),
    (ADMIN, "/crm", "duplicates"),
    (ADMIN, "/crm", "audit"),
    (ADMIN, "/crm", "archive Filler"),
    (ADMIN, "/crm", "unarchive Filler"),
    (ADMIN, "/crm", "import"),
)


def _database_url(kind: str, folder: Path) -> str:
    return fresh_database_url(kind, folder, POSTGRES_URL, "fuzz")


def _start(slack: StandInSlack, engine: Engine, database_url: str) -> Any:
    settings_ = settings_for_standin(slack, database_url)
    app = create_app(settings_, engine, clock=MutableClock(START))
    run_listeners_inline(app)
    return make_wsgi_app(app, engine, signing_secret=SIGNING_SECRET)


def _click(
    app: FuzzedApp,
    action_id: str,
    value: str | None,
    *,
    user: str,
    block_id: str = "b1",
    chosen: dict[str, Any] | None = None,
    view: dict[str, Any] | None = None,
) -> dict[str, Any]:
    response_url = app.slack.response_url(uuid.uuid4().hex)
    payload = block_actions_payload(
        user_id=user, action_id=action_id, value=value or "", response_url=response_url, view=view
    )
    action = payload["actions"][0]
    action["block_id"] = block_id
    if value is None:
        del action["value"]
    if chosen:
        action.update(chosen)
    if view is None:
        payload["container"].update(channel_id="D0REP0001", message_ts="1800000000.000100")
    return payload


def _seed(app: FuzzedApp) -> None:
    """Customers, follow-ups, next steps, drafts, a rules version; then every button and
    modal the app shows about them, clicked or opened once, to harvest their real values."""
    for name, owner in SEED_CUSTOMERS:
        customer = add_customer(app.engine, name, owner=owner, now=START)
        app.known += [customer.name, customer.code]
    for user, command, line in SEED_LINES:
        answer, url = app.command(command, line, user=user)
        check_command(app, answer, url)
    with Session(app.engine) as session:
        app.rows["customer"] = list(session.exec(select(Customer.id).order_by(col(Customer.id))))  # type: ignore[arg-type]
        acme = str(app.rows["customer"][0])
    opened: tuple[str, ...] = (ids.CUSTOMER_EDIT, ids.CUSTOMER_LOG_FOLLOWUP, ids.CUSTOMER_SET_RISK)
    opened += (ids.NEXT_STEP_ADD, ids.FOLLOWUP_HISTORY)
    opened += (ids.CUSTOMER_ADD_CONTACT, ids.CUSTOMER_CONTACTS)
    for action_id in (*opened, ids.CUSTOMER_LIST_NEXT, ids.FOLLOWUP_EDIT, ids.NEXT_STEP_EDIT):
        for value in app.values.get(action_id) or ([acme] if action_id in opened else []):
            clicked = ids.numbered(action_id, 0) if action_id in fuzz.NUMBERED else action_id
            check(app, app.interact(_click(app, clicked, value, user=REP)))
            break
    home = {"type": "home", "blocks": []}
    check(app, app.interact(_click(app, ids.HOME_FIND_CUSTOMER, "find", user=REP, view=home)))
    rules = app.views[ids.RULES_EDIT_MODAL][0]
    check(app, app.interact(view_submission_payload(user_id=ADMIN, view=rules, values={})))
    preview = app.views[ids.RULES_PREVIEW_MODAL][0]
    check(app, app.interact(view_submission_payload(user_id=ADMIN, view=preview, values={})))
    answer, url = app.command("/crm", "rules history", user=ADMIN)
    check_command(app, answer, url)
    form = app.views[ids.CUSTOMER_MODAL][0]
    duplicate = view_submission_payload(user_id=REP, view=form, values={"name": "Acme Trading"})
    check(app, app.interact(duplicate))
    warning = app.views[ids.CUSTOMER_MODAL][-1]
    for value in app.values.get(ids.CUSTOMER_OPEN_EXISTING, [])[:1]:
        clicked = ids.numbered(ids.CUSTOMER_OPEN_EXISTING, 0)
        check(app, app.interact(_click(app, clicked, value, user=REP, view=warning)))
    # The shortcuts' follow-up form, whose customer comes from a picker.
    check(app, app.interact(shortcut_payload(ids.SHORTCUT_LOG_FOLLOWUP, user_id=REP)))
    message = {"ts": "1763431200.000100", "text": "Acme wants pricing"}
    shared = shortcut_payload(ids.SHORTCUT_LOG_AS_FOLLOWUP, user_id=REP, message=message)
    check(app, app.interact({**shared, "response_url": app.slack.response_url()}))
    forms = [json.dumps(view) for view in app.views.get(ids.FOLLOWUP_MODAL, [])]
    assert any(ids.CUSTOMER_PICKER in form for form in forms), "no follow-up form with a picker"
    app.harvesting = False
    with Session(app.engine) as session:
        app.rows["followup"] = list(session.exec(select(FollowUp.id).order_by(col(FollowUp.id))))  # type: ignore[arg-type]
        app.rows["step"] = list(session.exec(select(NextStep.id).order_by(col(NextStep.id))))  # type: ignore[arg-type]
        app.rows["version"] = list(
            session.exec(select(RuleSet.version).order_by(col(RuleSet.version)))
        )
        app.drafts = list(session.exec(select(Draft.id).order_by(col(Draft.id))))


@pytest.fixture(scope="module", params=DATABASES)
def fuzzed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FuzzedApp]:
    database = str(request.param)
    url = _database_url(database, tmp_path_factory.mktemp("fuzz"))
    engine = make_engine(url)
    upgrade_database(engine)
    slack = StandInSlack().start()
    slack.add_user(REP, tz=REP_TZ, name="Li Lei")
    slack.add_user(OTHER_REP, tz=OTHER_TZ, name="Sam Lee")
    slack.add_user(ADMIN, tz=REP_TZ, name="Wang Fang", is_admin=True)
    slack.add_user(MANAGER, tz=REP_TZ, name="Zhao Min")
    trouble = Trouble()
    root = logging.getLogger()
    root.addHandler(trouble)
    app = FuzzedApp(
        database=database,
        slack=slack,
        engine=engine,
        wsgi=_start(slack, engine, url),
        trouble=trouble,
        people={REP, OTHER_REP, ADMIN, MANAGER, BOT_USER_ID, *fuzz.PICKED_USERS},
        channels={*fuzz.PICKED_CHANNELS},
    )
    try:
        _seed(app)
        yield app
    finally:
        root.removeHandler(trouble)
        slack.stop()
        engine.dispose()


@pytest.fixture
def count(
    fuzzed: FuzzedApp, capsys: pytest.CaptureFixture[str], request: pytest.FixtureRequest
) -> Iterator[Callable[[], None]]:
    """Counts the cases a test runs and says how many, with or without -s."""
    ran = [0]
    started = time.monotonic()

    def one() -> None:
        ran[0] += 1
        CASES[fuzzed.database] += 1

    yield one
    with capsys.disabled():
        print(
            f"\n[fuzz] {request.node.name}: {ran[0]} cases in {time.monotonic() - started:.1f}s"
            f" ({CASES[fuzzed.database]} on {fuzzed.database} so far)"
        )


USERS = st.sampled_from((REP, OTHER_REP, ADMIN, MANAGER))
FORM_USERS = st.sampled_from((ADMIN, ADMIN, REP, OTHER_REP, MANAGER))
"""Who submits a modal: an admin more often, as some modals refuse everyone else."""


def _cached(app: FuzzedApp, name: str, build: Callable[[], st.SearchStrategy[Any]]) -> Any:
    if name not in app.strategies:
        app.strategies[name] = build()
    return app.strategies[name]


# --- slash commands ---------------------------------------------------------------------------

_NAMED = re.compile(r"<@([UW][A-Z0-9]+)")
_NAMING = {("/crm", "role"), ("/crm", "todo"), ("/crm", "todos"), ("/crm", "待办")}
_NAMING |= {("/customer", w) for w in ("list", "ls", "all", "列表", "全部", "所有")}


def named_people(command: str, text: str) -> set[str]:
    """People a command is about (`/crm role @x`, `/crm todo @x`, `/customer list @x`): the
    reply may mention them, as the person asked."""
    words = clean_slack_text(text).split()
    if not words or (command, words[0].casefold()) not in _NAMING:
        return set()
    return set(_NAMED.findall(clean_slack_text(text)))


def named_in_list_page(payload: dict[str, Any]) -> set[str]:
    """People named in the filters a `/customer list` page button carries, as typed."""
    action = payload["actions"][0]
    if action.get("action_id") not in (ids.CUSTOMER_LIST_PREV, ids.CUSTOMER_LIST_NEXT):
        return set()
    try:
        query = json.loads(action.get("value") or "").get("q")
    except (ValueError, AttributeError):
        return set()
    return named_people("/customer", f"list {query}") if isinstance(query, str) else set()


def command_texts(app: FuzzedApp, command: str) -> st.SearchStrategy[str]:
    texts = {
        "/followup": lambda: fuzz.followup_text(app.known),
        "/customer": lambda: fuzz.customer_text(app.known),
        "/crm": lambda: fuzz.crm_text(sorted(app.people - {BOT_USER_ID})),
    }
    strategy: st.SearchStrategy[str] = _cached(app, command, texts[command])
    return strategy


@pytest.mark.parametrize("command", ["/followup", "/customer", "/crm"])
def test_any_command_text_is_answered(
    fuzzed: FuzzedApp, count: Callable[[], None], request: pytest.FixtureRequest, command: str
) -> None:
    def one(typed: str, user: str) -> None:
        count()
        answer, url = fuzzed.command(command, typed, user=user)
        check_command(fuzzed, answer, url, named=named_people(command, typed))

    cases = given(typed=command_texts(fuzzed, command), user=USERS)
    run(one, cases, "command", fuzzed, request, command, "typed")


# --- buttons, selects and date pickers --------------------------------------------------------


@st.composite
def click_payloads(draw: st.DrawFn, app: FuzzedApp, clicks: st.SearchStrategy[fuzz.Click]) -> Any:
    click = draw(clicks)
    view = None
    if click.in_modal:
        template = draw(st.sampled_from(app.views[ids.CUSTOMER_MODAL]))
        view = {**template, "id": "V0FUZZ001"}
    return _click(
        app,
        click.action_id,
        click.value,
        user=draw(USERS),
        block_id=click.block_id,
        chosen=click.chosen,
        view=view,
    )


def click_cases(app: FuzzedApp, way: str) -> st.SearchStrategy[dict[str, Any]]:
    def build() -> st.SearchStrategy[dict[str, Any]]:
        people = sorted(app.people)
        if way == "forged":
            written = sorted({v for vs in app.values.values() for v in vs if v[:1] == "{"})
            return click_payloads(app, fuzz.forged_clicks(people=people, written=written))
        seeded = {"drafts": app.drafts, "people": people, "known": app.known}
        if way == "as_sent":
            clicks = fuzz.clicks_as_written(
                number=lambda kind: st.sampled_from(app.rows[kind]),
                page=st.integers(1, 5),
                **seeded,
            )
        elif way == "other_ids":
            clicks = fuzz.clicks_as_written(
                number=lambda kind: fuzz.row_ids(app.rows[kind]), page=fuzz.row_ids(), **seeded
            )
        else:
            clicks = fuzz.clicks_as_written(
                number=lambda kind: fuzz.huge_ids(), page=fuzz.huge_ids(), **seeded
            )
        return click_payloads(app, clicks)

    strategy: st.SearchStrategy[dict[str, Any]] = _cached(app, f"click-{way}", build)
    return strategy


@pytest.mark.parametrize("way", CLICK_WAYS)
def test_any_click_is_answered(
    fuzzed: FuzzedApp, count: Callable[[], None], request: pytest.FixtureRequest, way: str
) -> None:
    def one(payload: dict[str, Any]) -> None:
        count()
        check(fuzzed, fuzzed.interact(payload), named=named_in_list_page(payload))

    run(one, given(payload=click_cases(fuzzed, way)), "click", fuzzed, request, "click", way)


# --- modal submissions ------------------------------------------------------------------------


def _submission(
    template: dict[str, Any], values: dict[str, Any], metadata: str | None, user: str
) -> dict[str, Any]:
    payload = view_submission_payload(user_id=user, view={**template, "blocks": []}, values={})
    view = payload["view"]
    view["blocks"] = template.get("blocks", [])
    view["state"] = {"values": values}
    view.pop("private_metadata", None)
    if metadata is not None:
        view["private_metadata"] = metadata
    return payload


def submission_cases(app: FuzzedApp, callback_id: str, way: str) -> st.SearchStrategy[Any]:
    def build() -> st.SearchStrategy[Any]:
        text = fuzz.hostile_text(app.known)
        users = sorted(app.people - {BOT_USER_ID})
        templates = app.views.get(callback_id) or [{"type": "modal", "callback_id": callback_id}]
        cases = []
        for template in templates:
            own = template.get("private_metadata")
            state = (
                fuzz.forged_state(template, text)
                if way == "forged_state"
                else fuzz.shown_state(
                    template, text=text, users=users, channels=sorted(app.channels)
                )
            )
            metadata = fuzz.forged_metadata(own) if way == "forged_metadata" else st.just(own)
            cases.append(st.builds(_submission, st.just(template), state, metadata, FORM_USERS))
        return st.one_of(*cases)

    strategy: st.SearchStrategy[Any] = _cached(app, f"submission-{callback_id}-{way}", build)
    return strategy


@pytest.mark.parametrize("way", SUBMISSION_WAYS)
@pytest.mark.parametrize("callback_id", fuzz.MODALS)
def test_any_modal_submission_is_answered(
    fuzzed: FuzzedApp,
    count: Callable[[], None],
    request: pytest.FixtureRequest,
    callback_id: str,
    way: str,
) -> None:
    def one(payload: dict[str, Any]) -> None:
        count()
        check(fuzzed, fuzzed.interact(payload))

    cases = given(payload=submission_cases(fuzzed, callback_id, way))
    run(one, cases, "submission", fuzzed, request, callback_id, way)


def test_the_fuzz_starts_from_every_button_and_modal(fuzzed: FuzzedApp) -> None:
    """The seeding met every modal and the values the strategies start from."""
    assert set(fuzzed.views) >= set(fuzz.MODALS), (sorted(fuzzed.views), sorted(fuzzed.values))
    assert all(fuzzed.rows.values()) and fuzzed.drafts, fuzzed.rows
    assert {ids.FOLLOWUP_UNDO, ids.FOLLOWUP_PICK, ids.FOLLOWUP_EDIT} <= set(fuzzed.values)


# --- known bugs, each an xfail of its own sub-case until fixed --------------------------------


@dataclass(frozen=True)
class KnownBug:
    reason: str
    repro: Callable[[FuzzedApp], dict[str, Any]]
    """The arguments of one case that shows it: tried first, so the xfail never rests on luck
    and turns into an XPASS (strict: a failure) once the bug is fixed."""


def _form(
    app: FuzzedApp,
    callback_id: str,
    entered: dict[str, dict[str, Any]],
    *,
    user: str = ADMIN,
    metadata: str | None = None,
) -> dict[str, Any]:
    """A submission of the app's own modal as first shown, with its metadata (or `metadata`)
    and `entered` element states (by block_id) instead of what was shown."""
    template = app.views[callback_id][0]
    state = view_state(template, {})
    state.update({block_id: {"value": element} for block_id, element in entered.items()})
    own = template.get("private_metadata")
    return {"payload": _submission(template, state, own if metadata is None else metadata, user)}


def _typed(text: str) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": text}


def _due(day: str, at: str | None = None) -> dict[str, dict[str, Any]]:
    picked = {"due_date": {"type": "datepicker", "selected_date": day}}
    if at is not None:
        picked["due_time"] = {"type": "timepicker", "selected_time": at}
    return picked


def _junk_metadata(callback_id: str, junk: str = "null") -> Callable[[FuzzedApp], Any]:
    return lambda app: _form(app, callback_id, {"what": _typed("called")}, user=REP, metadata=junk)


_METADATA_OUTSIDE_THE_GUARD = (
    "private_metadata is read before modal_guard (CustomerModalState/StepModalState/"
    "FollowUpEditState.load in handlers/views/customer.py, steps.py, handlers/actions/"
    "history.py): junk such as 'null' is an unhandled error, HTTP 500"
)
_AS_ZONE = "bot/digest/setup.py save_digest_channel catches ZoneInfoNotFoundError and ValueError"
KNOWN_BUGS: dict[tuple[str, str, str], KnownBug] = {}
"""(surface, way, database or "*") -> the bug that sub-case still meets."""
