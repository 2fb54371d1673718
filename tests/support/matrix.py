"""The permission matrix's machinery (tests/e2e/test_permission_matrix.py): the real app, told
apart from Slack's answer when it has finished with a request; requests forged by a person of
either workspace and signed as Slack signs them; what a request did to the database and said in
Slack; and the database put back as it was between requests.

The world: two workspaces in one database. In ours a rep, another rep, a manager and three
admins (a Slack workspace admin, one named in CRM_ADMINS, one given the role) each own a customer
with a follow-up and a next step, and a `/followup` draft; the other rep has also logged a
follow-up and a step on everyone else's customer. In the other workspace a Slack admin owns one
customer, with the same."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from slack_bolt import App
from slack_bolt.listener.listener_completion_handler import ListenerCompletionHandler
from slack_bolt.listener.listener_start_handler import ListenerStartHandler
from slack_bolt.request.request import BoltRequest
from slack_bolt.response.response import BoltResponse
from sqlalchemy import ColumnElement, Table, and_
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel, select

from bot.dates.calendar import Due
from bot.followups.intake import take_followup_line
from bot.followups.record import log_followup
from bot.followups.results import OfferNewCustomer
from bot.sandbox.harness import MutableClock, ServerThread, settings_for_standin
from bot.sandbox.signed import SIGNING_SECRET, HttpReply, post, sign, view_state
from bot.sandbox.standin import TEAM_ID, Call, StandInSlack
from bot.wiring.app import create_app
from bot.wiring.settings import Settings
from bot.wiring.web import make_server, make_wsgi_app
from storage.database import unit_of_work
from storage.models import Customer, Draft, FollowUp, FollowUpMethod, NextStep, TeamRole
from tests.conftest import ADMIN, MANAGER, OTHER_REP, REP, START
from tests.support.databases import fresh_database_url
from tests.support.factories import add_customer

OTHER_TEAM = "T0OTHER01"
OUTSIDER = "U0OUT0001"
"""A Slack admin of the other workspace: a CRM admin there, nobody here."""
THIRD_REP = "U0REP0003"
"""Someone to give customers and roles to."""
SETTINGS_ADMIN = "U0BOSS001"
"""A CRM admin because CRM_ADMINS names them."""
GRANTED_ADMIN = "U0GADM001"
"""A CRM admin because an admin ran `/crm role @them admin`."""
SHANGHAI = ZoneInfo("Asia/Shanghai")


class Who(StrEnum):
    REP = "rep"
    MANAGER = "manager"
    ADMIN = "admin"
    """A Slack workspace admin."""
    SETTINGS_ADMIN = "admin-by-setting"
    GRANTED_ADMIN = "admin-by-role"
    OUTSIDER = "outsider"


class Target(StrEnum):
    OWN = "own"
    """The person's own customer, and their own follow-up, next step or draft on it."""
    MIXED = "own-customer-their-item"
    """The person's own customer, with a follow-up and next step the other rep logged."""
    OTHERS = "others"
    """The other rep's customer with the other rep's follow-up, step and draft (for the
    outsider: those of our workspace)."""
    TEAM = "team"
    """Nothing of anyone's: team settings, or a new customer."""


USER_OF = {
    Who.REP: REP,
    Who.MANAGER: MANAGER,
    Who.ADMIN: ADMIN,
    Who.SETTINGS_ADMIN: SETTINGS_ADMIN,
    Who.GRANTED_ADMIN: GRANTED_ADMIN,
    Who.OUTSIDER: OUTSIDER,
}


@dataclass(frozen=True)
class Person:
    user_id: str
    team_id: str


# --- knowing when the app is done ----------------------------------------------------------


class ListenerWatch:
    """Counts the app's listeners at work. Bolt runs a listener on a thread that may go on after
    Slack has its answer, so a test waits for this, not for the answer, before it looks."""

    def __init__(self) -> None:
        self._busy = 0
        self._changed = threading.Condition()

    def attach(self, app: App) -> None:
        runner = app.listener_runner
        runner.listener_start_handler = _Began(self, runner.listener_start_handler)
        runner.listener_completion_handler = _Ended(self, runner.listener_completion_handler)

    def began(self) -> None:
        with self._changed:
            self._busy += 1

    def ended(self) -> None:
        with self._changed:
            self._busy -= 1
            self._changed.notify_all()

    def wait_idle(self, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while self._busy:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"the app was still working after {timeout} s")
                self._changed.wait(remaining)


class _Began(ListenerStartHandler):
    def __init__(self, watch: ListenerWatch, inner: ListenerStartHandler) -> None:
        self.watch, self.inner = watch, inner

    def handle(self, request: BoltRequest, response: BoltResponse | None) -> None:
        self.watch.began()
        self.inner.handle(request=request, response=response)


class _Ended(ListenerCompletionHandler):
    def __init__(self, watch: ListenerWatch, inner: ListenerCompletionHandler) -> None:
        self.watch, self.inner = watch, inner

    def handle(self, request: BoltRequest, response: BoltResponse | None) -> None:
        try:
            self.inner.handle(request=request, response=response)
        finally:
            self.watch.ended()


# --- forged requests -------------------------------------------------------------------------


@dataclass(frozen=True)
class Sent:
    """One request: what the person sent, Slack's HTTP answer, and every call the app made
    to Slack until it was done."""

    payload: dict[str, Any]
    reply: HttpReply
    calls: list[Call]


class MatrixApp:
    """The real app on a real HTTP server, taking requests from anyone in any workspace."""

    def __init__(self, *, settings: Settings, engine: Engine, slack: StandInSlack) -> None:
        self.settings, self.engine, self.slack = settings, engine, slack
        self.clock = MutableClock(START)
        self.watch = ListenerWatch()
        self.url = ""
        self._server: ServerThread | None = None

    def start(self) -> MatrixApp:
        app = create_app(self.settings, self.engine, clock=self.clock)
        self.watch.attach(app)
        wsgi = make_wsgi_app(app, self.engine, signing_secret=SIGNING_SECRET)
        server = make_server(wsgi, host="127.0.0.1", port=0)
        self.url = f"http://127.0.0.1:{server.effective_port}/slack/events"
        self._server = ServerThread(server).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()

    def response_url(self) -> str:
        return self.slack.response_url(uuid.uuid4().hex)

    def command(self, person: Person, command: str, text: str) -> Sent:
        fields = {
            "token": "legacy-verification-token",
            "team_id": person.team_id,
            "team_domain": person.team_id.lower(),
            "channel_id": "C0SALES01",
            "channel_name": "sales",
            "user_id": person.user_id,
            "user_name": person.user_id.lower(),
            "command": command,
            "text": text,
            "api_app_id": "A0CRMBOT1",
            "is_enterprise_install": "false",
            "response_url": self.response_url(),
            "trigger_id": _trigger(person),
        }
        return self._send(fields, urlencode(fields))

    def click(
        self, person: Person, action: dict[str, Any], *, view: dict[str, Any] | None = None
    ) -> Sent:
        """A button, select or date picker in a message (in a DM for nudges) or in a modal."""
        payload = _envelope("block_actions", person)
        payload["actions"] = [{"block_id": "b1", "action_ts": f"{time.time():.6f}", **action}]
        if view is not None:
            payload["container"] = {"type": "view", "view_id": "V0FORGED1"}
            payload["view"] = {"id": "V0FORGED1", **view}
        else:
            payload["container"] = {
                "type": "message",
                "channel_id": "D0FORGED1",
                "message_ts": "1800000000.000100",
                "is_ephemeral": False,
            }
            payload["channel"] = {"id": "D0FORGED1", "name": "directmessage"}
            payload["response_url"] = self.response_url()
        return self._send(payload, urlencode({"payload": json.dumps(payload)}))

    def submit(self, person: Person, view: dict[str, Any], values: dict[str, Any]) -> Sent:
        """A modal's submission; inputs not in `values` keep their initial values."""
        payload = _envelope("view_submission", person)
        payload["view"] = {
            **view,
            "id": "V0FORGED1",
            "team_id": person.team_id,
            "state": {"values": view_state(view, values)},
        }
        payload["response_urls"] = []
        return self._send(payload, urlencode({"payload": json.dumps(payload)}))

    def _send(self, payload: dict[str, Any], body: str) -> Sent:
        mark = len(self.slack.calls)
        reply = post(self.url, body, sign(body), "application/x-www-form-urlencoded")
        self.watch.wait_idle()
        return Sent(payload, reply, list(self.slack.calls[mark:]))


def _envelope(kind: str, person: Person) -> dict[str, Any]:
    return {
        "type": kind,
        "team": {"id": person.team_id, "domain": person.team_id.lower()},
        "user": {
            "id": person.user_id,
            "username": person.user_id.lower(),
            "team_id": person.team_id,
        },
        "api_app_id": "A0CRMBOT1",
        "token": "legacy-verification-token",
        "trigger_id": _trigger(person),
    }


def _trigger(person: Person) -> str:
    return f"trigger.{person.user_id}.{time.monotonic_ns()}"


# --- what a request did ----------------------------------------------------------------------


def strings_in(value: Any) -> Iterator[str]:
    """Every piece of text in a payload, a reply or a call, with JSON inside strings opened."""
    if isinstance(value, str):
        stripped = value.strip()
        if stripped[:1] in ("[", "{"):
            try:
                decoded = json.loads(stripped)
            except ValueError:
                yield value
            else:
                yield from strings_in(decoded)
            return
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings_in(item)
    elif value is not None and not isinstance(value, bytes):
        yield str(value)


@dataclass(frozen=True)
class RowChange:
    table: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @property
    def team_id(self) -> str:
        return str((self.after or self.before or {}).get("team_id", ""))


@dataclass(frozen=True)
class Seen:
    """What one request did: to the database, and in Slack."""

    sent: Sent
    changes: list[RowChange]

    @cached_property
    def text(self) -> str:
        """Everything the app said: its HTTP answer and every call it made to Slack."""
        said = list(strings_in(self.sent.reply.body))
        for call in self.sent.calls:
            said.extend(strings_in(call.params))
        return "\n".join(said)

    @cached_property
    def supplied(self) -> str:
        """Everything the person sent (the app may say it back without revealing anything)."""
        return "\n".join(strings_in(self.sent.payload))

    @cached_property
    def answer(self) -> dict[str, Any]:
        try:
            found = self.sent.reply.json()
        except ValueError:
            return {}
        return found if isinstance(found, dict) else {}

    @property
    def inline_errors(self) -> bool:
        return self.answer.get("response_action") == "errors"

    def shows(self, *words: str) -> bool:
        return all(word in self.text for word in words)

    def views(self) -> list[dict[str, Any]]:
        """Modals the app opened, pushed or updated, including one in its answer."""
        found = []
        if self.answer.get("response_action") in ("push", "update"):
            found.append(dict(self.answer.get("view") or {}))
        for call in self.sent.calls:
            if call.method in ("views.open", "views.push", "views.update"):
                view = call.params.get("view")
                found.append(json.loads(view) if isinstance(view, str) else dict(view or {}))
        return found

    def opened(self, callback_id: str, *words: str) -> bool:
        """A modal `callback_id` was shown, saying all of `words`."""
        for view in self.views():
            if view.get("callback_id") == callback_id:
                said = "\n".join(strings_in(view))
                if all(word in said for word in words):
                    return True
        return False

    def changed(self, table: str, team_id: str) -> list[RowChange]:
        return [c for c in self.changes if c.table == table and c.team_id == team_id]


class Snapshot:
    """Every row of every table, keyed by primary key, to compare and to restore."""

    def __init__(self, engine: Engine) -> None:
        self.rows: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {}
        with engine.connect() as connection:
            for table in _tables():
                keys = [column.name for column in table.primary_key.columns]
                rows = [dict(row._mapping) for row in connection.execute(table.select())]
                self.rows[table.name] = {tuple(r[k] for k in keys): r for r in rows}

    def changes_since(self, before: Snapshot) -> list[RowChange]:
        found = []
        for name, now in self.rows.items():
            was = before.rows.get(name, {})
            for key in was.keys() | now.keys():
                old, new = was.get(key), now.get(key)
                if _comparable(old) != _comparable(new):
                    found.append(RowChange(name, old, new))
        return found

    def restore(self, engine: Engine, changes: list[RowChange] | None) -> None:
        """Undo `changes` row by row; None (not known): put every table back whole.

        Rows go in parents first and out children first, as the foreign keys (which cascade)
        need; updates come last, once every row they may point at is back."""
        tables = _tables()
        with engine.begin() as connection:
            if changes is None:
                for table in reversed(tables):
                    connection.execute(table.delete())
                for table in tables:
                    if rows := list(self.rows[table.name].values()):
                        connection.execute(table.insert(), rows)
                return
            by_table = {table.name: table for table in tables}
            order = {table.name: n for n, table in enumerate(tables)}
            changes = sorted(changes, key=lambda change: order[change.table])
            for change in reversed(changes):
                if change.before is None and change.after is not None:
                    table = by_table[change.table]
                    connection.execute(table.delete().where(_same_key(table, change.after)))
            for change in changes:
                if change.after is None and change.before is not None:
                    connection.execute(by_table[change.table].insert(), [change.before])
            for change in changes:
                if change.after is not None and change.before is not None:
                    table = by_table[change.table]
                    where = _same_key(table, change.before)
                    connection.execute(table.update().where(where).values(change.before))


def _same_key(table: Table, row: dict[str, Any]) -> ColumnElement[bool]:
    return and_(*(column == row[column.name] for column in table.primary_key.columns))


def _tables() -> list[Table]:
    return list(SQLModel.metadata.sorted_tables)


def _comparable(row: dict[str, Any] | None) -> str | None:
    return None if row is None else json.dumps(row, sort_keys=True, default=str)


# --- the world -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    """A seeded customer, the follow-up and next step its owner logged, and the ones the other
    rep logged on it (None on the other rep's own customer and in the other workspace)."""

    customer: Customer
    followup: FollowUp
    step: NextStep
    their_followup: FollowUp | None
    their_step: NextStep | None

    @property
    def phone_shown(self) -> str:
        """The phone as people who may see it read it ('+1 415-555-0101')."""
        assert self.customer.phone is not None
        number = self.customer.phone
        return f"+1 {number[2:5]}-{number[5:8]}-{number[8:]}"

    @property
    def phone_masked(self) -> str:
        assert self.customer.phone is not None
        return f"+1 ••• ••• {self.customer.phone[-4:]}"

    @property
    def email(self) -> str:
        assert self.customer.email is not None
        return self.customer.email

    @property
    def contact(self) -> tuple[str, str]:
        """Phone and email as only the owner, managers and admins may see them."""
        return self.phone_shown, self.email

    @property
    def secrets(self) -> list[str]:
        """What nobody outside the workspace may read, in any form."""
        domain = self.email.partition("@")[2]
        found = [self.customer.name, self.phone_shown, self.phone_masked[-8:], self.email, domain]
        found += [self.followup.text, self.step.description]
        if self.their_followup is not None and self.their_step is not None:
            found += [self.their_followup.text, self.their_step.description]
        return found


@dataclass
class World:
    app: MatrixApp
    engine: Engine
    accounts: dict[str, Account]
    """By owner."""
    drafts: dict[str, Draft]
    """A `/followup` line waiting for its customer to be chosen, by who typed it."""
    baseline: Snapshot
    dirty: list[RowChange] | None = None
    """What the last request changed; None: not known (it failed half-way)."""

    def person(self, who: Who) -> Person:
        return Person(USER_OF[who], OTHER_TEAM if who is Who.OUTSIDER else TEAM_ID)

    def secrets_of_our_team(self) -> list[str]:
        ours = [a for a in self.accounts.values() if a.customer.team_id == TEAM_ID]
        found = [secret for account in ours for secret in account.secrets]
        drafts = [d for d in self.drafts.values() if d.team_id == TEAM_ID]
        return found + [str(d.payload["name_guess"]) for d in drafts]

    def send(self, request: Callable[[], Sent]) -> Seen:
        """Make one request on the seeded world, and look at what it did."""
        if self.dirty is None or self.dirty:
            self.app.watch.wait_idle()
            self.baseline.restore(self.engine, self.dirty)
        self.dirty = None
        sent = request()
        seen = Seen(sent, Snapshot(self.engine).changes_since(self.baseline))
        self.dirty = seen.changes
        return seen


def database_url(kind: str, folder: Path, postgres_url: str | None) -> str:
    """A fresh database: a SQLite file, or PostgreSQL with its public schema dropped."""
    return fresh_database_url(kind, folder, postgres_url, "matrix")


def add_people(slack: StandInSlack) -> None:
    slack.add_user(REP, tz="Asia/Shanghai", name="Li Lei")
    slack.add_user(OTHER_REP, tz="America/Los_Angeles", name="Sam Lee")
    slack.add_user(ADMIN, tz="Asia/Shanghai", name="Wang Fang", is_admin=True)
    slack.add_user(MANAGER, tz="Asia/Shanghai", name="Zhao Min")
    slack.add_user(THIRD_REP, tz="Asia/Shanghai", name="Chen Jie")
    slack.add_user(SETTINGS_ADMIN, tz="Asia/Shanghai", name="Boss Liu")
    slack.add_user(GRANTED_ADMIN, tz="Asia/Shanghai", name="Gao Yan")
    slack.add_user(OUTSIDER, tz="Europe/Berlin", name="Olaf Out", is_admin=True)


_CUSTOMERS = [
    # owner, workspace, name, phone's last digit, token in their follow-up and next step
    (REP, TEAM_ID, "Alder Rep Co", 1, "rep"),
    (OTHER_REP, TEAM_ID, "Birch Other Co", 2, "other"),
    (MANAGER, TEAM_ID, "Cedar Mgr Co", 3, "mgr"),
    (ADMIN, TEAM_ID, "Dogwood Admin Co", 4, "admin"),
    (SETTINGS_ADMIN, TEAM_ID, "Fir Boss Co", 6, "boss"),
    (GRANTED_ADMIN, TEAM_ID, "Ginkgo Granted Co", 7, "granted"),
    (OUTSIDER, OTHER_TEAM, "Elm Outside Co", 5, "out"),
]
_DRAFTS = {
    REP: "Quill",
    OTHER_REP: "Harp",
    MANAGER: "Lute",
    ADMIN: "Oboe",
    SETTINGS_ADMIN: "Fife",
    GRANTED_ADMIN: "Gong",
    OUTSIDER: "Tuba",
}


def matrix_settings(slack: StandInSlack, url: str) -> Settings:
    return settings_for_standin(slack, url, CRM_ADMINS=SETTINGS_ADMIN)


def seed_world(app: MatrixApp) -> World:
    engine = app.engine
    for user_id, role in ((MANAGER, "manager"), (GRANTED_ADMIN, "admin")):
        granted = app.command(Person(ADMIN, TEAM_ID), "/crm", f"role <@{user_id}> {role}")
        assert granted.reply.status == 200, granted.reply
        with unit_of_work(engine) as session:
            found = session.exec(select(TeamRole).where(TeamRole.user_id == user_id)).one()
            assert found.role == role
    due = Due(at=datetime(2026, 11, 20, 15, 59, 59, tzinfo=UTC), has_time=False, phrase="fri")
    accounts = {}
    for owner, team_id, name, digit, token in _CUSTOMERS:
        # The other workspace's customer is a day older, so no customer code is in both.
        made = START - timedelta(days=1) if team_id == OTHER_TEAM else START
        slug = name.lower().replace(" ", "-")
        customer = add_customer(
            engine,
            name,
            owner=owner,
            now=made,
            team_id=team_id,
            phone=f"+1415555010{digit}",
            email=f"buyer@{slug}.example",
        )
        followup, step = _log(engine, customer, owner, f"zebra-{token}", f"yak-{token}", due)
        theirs: tuple[FollowUp | None, NextStep | None] = (None, None)
        if team_id == TEAM_ID and owner != OTHER_REP:
            by_other = f"by-other-{token}"
            theirs = _log(engine, customer, OTHER_REP, f"zebra-{by_other}", f"yak-{by_other}", due)
        with unit_of_work(engine) as session:
            fresh = session.get(Customer, customer.id)
            assert fresh is not None
        accounts[owner] = Account(fresh, followup, step, *theirs)
    drafts = {}
    for user_id, word in _DRAFTS.items():
        team_id = OTHER_TEAM if user_id == OUTSIDER else TEAM_ID
        offered = take_followup_line(
            engine=engine,
            team_id=team_id,
            user_id=user_id,
            text=f"Zanzibar {word} met them, next: send a {word.lower()}-quote",
            zone=SHANGHAI,
            now=START,
        )
        assert isinstance(offered, OfferNewCustomer), offered
        with unit_of_work(engine) as session:
            draft = session.get(Draft, offered.draft_id)
            assert draft is not None
        drafts[user_id] = draft
    return World(app, engine, accounts, drafts, Snapshot(engine), dirty=[])


def _log(
    engine: Engine, customer: Customer, author: str, what: str, step: str, due: Due
) -> tuple[FollowUp, NextStep]:
    with unit_of_work(engine) as session:
        attached = session.get(Customer, customer.id)
        assert attached is not None
        logged = log_followup(
            session=session,
            customer=attached,
            author_id=author,
            summary=f"called about {what}",
            method=FollowUpMethod.CALL,
            raw_text=f"{customer.name} called about {what}, next: {step} fri",
            step_description=step,
            step_due=due,
            now=START,
        )
        assert logged.next_step is not None
        return logged.followup, logged.next_step
