"""The permission matrix: every surface that changes or reveals CRM data, forged by a rep, a
manager, admins of each kind and a Slack admin of another workspace, against their own customer
and someone else's, on the real app over signed HTTP. A cell is one (surface, person, target).

What should happen comes from one table, `EXPECTED`, written from the README's "Rules and
roles", not from the app's permission functions. Each cell looks at the database (every row
that changed) and at everything the app said in Slack (answers, replies, modals, DMs).

A new surface is one `Surface(...)` in `SURFACES`. `test_every_surface_is_in_the_matrix` fails
until every action_id, callback_id and listener is there or in `NOT_GUARDED`, with the reason.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, cast

import pytest
from slack_bolt import App

import handlers
from bot.catalog.language import Language
from bot.catalog.messages import msg
from bot.customers.list_results import PageAt
from bot.followups.history_results import entry_value, history_value
from bot.nudges.results import ItemKind, item_ref
from bot.nudges.todo_results import todo_block_id
from bot.preferences.model import TeamPreferences
from bot.rules.model import default_rules
from bot.sandbox.standin import TEAM_ID, StandInSlack
from bot.views import ids
from bot.views.customer_modal import CustomerModalState, customer_modal
from bot.views.digest_modal import digest_modal
from bot.views.history import WHAT as CORRECTED
from bot.views.history import FollowUpEditState, followup_edit_modal
from bot.views.home import find_customer_modal
from bot.views.pickers import CUSTOMER
from bot.views.risk import RISK, risk_modal
from bot.views.rules import RulesModalState, rules_edit_modal
from bot.views.settings import team_settings_modal
from bot.views.step_modals import STEP, WHAT, StepModalState, followup_modal, next_step_modal
from storage.database import make_engine, upgrade_database
from storage.models import Customer, Draft, FollowUp, NextStep
from tests.conftest import DATABASES, OTHER_REP, POSTGRES_URL, REP
from tests.support.matrix import (
    SHANGHAI,
    THIRD_REP,
    Account,
    MatrixApp,
    Person,
    Seen,
    Sent,
    Target,
    Who,
    World,
    add_people,
    database_url,
    matrix_settings,
    seed_world,
)

OWN, MIXED, OTHERS, TEAM = Target.OWN, Target.MIXED, Target.OTHERS, Target.TEAM
ITEMS = (OWN, MIXED, OTHERS)


class Outcome(StrEnum):
    DONE = "done"
    """It happened, or it was shown, with phone and email in full where it shows them."""
    MASKED = "masked"
    """It was shown, with phone and email masked."""
    REFUSED = "refused"
    """Nothing changed and the person is told no; nothing they may not see is shown."""
    HIDDEN = "hidden"
    """Left out of an answer that is otherwise theirs; nothing changed."""
    UNSEEN = "unseen"
    """From another workspace: nothing here changed and nothing of ours was said to them."""


D, M, R, H, U = Outcome.DONE, Outcome.MASKED, Outcome.REFUSED, Outcome.HIDDEN, Outcome.UNSEEN


class Rule(StrEnum):
    """The README's "Roles" table (rep / manager / admin) row by row, and what it says elsewhere."""

    LOG = "Log follow-ups and add next steps on any customer: ✓ / ✓ / ✓"
    SEE_CUSTOMER = "See a customer; phone and email: their own / any / any"
    SEE_RECORD = "Any customer's name and follow-ups: /customer list, history, duplicate warnings"
    SEE_COUNTS = "/customer list: managers and admins also get counts"
    EDIT_CUSTOMER = "Edit a customer, Set risk: their own / any / any"
    ASSIGN = "Give a customer to someone else: — / ✓ / ✓"
    CREATE = "Create customers: ✓ (they own them) / ✓ / ✓"
    CREATE_FOR_SOMEONE = "Create a customer owned by someone else (giving it): — / ✓ / ✓"
    EDIT_STEP = "Edit someone else's next step: on their own customers / any / any"
    CHANGE_FOLLOWUP = "Undo, edit or delete someone else's follow-up: — / — / ✓ (author or admin)"
    OWN_DRAFT = "A /followup line waiting for its customer belongs to who typed it"
    TODO = "/crm todo: your own; managers and admins can add a person"
    MANAGERS = "Preview the weekly digest: — / ✓ / ✓"
    ADMINS = "Change the rules, grant roles, set up digests and nudge times: — / — / ✓"
    ARCHIVE = "Archive or restore a customer: — / ✓ / ✓ (even a rep's own customer)"


# Per rule, per person, per target. The outsider is a Slack admin of the other workspace, so a
# CRM admin there: their own workspace's things they may do; ours they must never touch or see.
EXPECTED: dict[Rule, dict[Who, dict[Target, Outcome]]] = {
    Rule.LOG: {
        Who.REP: {OWN: D, OTHERS: D},
        Who.MANAGER: {OWN: D, OTHERS: D},
        Who.ADMIN: {OWN: D, OTHERS: D},
        Who.OUTSIDER: {OWN: D, OTHERS: U},
    },
    Rule.SEE_CUSTOMER: {
        Who.REP: {OWN: D, OTHERS: M},
        Who.MANAGER: {OWN: D, OTHERS: D},
        Who.ADMIN: {OWN: D, OTHERS: D},
        Who.OUTSIDER: {OWN: D, OTHERS: U},
    },
    Rule.SEE_RECORD: {
        Who.REP: {OWN: D, OTHERS: D},
        Who.MANAGER: {OWN: D, OTHERS: D},
        Who.ADMIN: {OWN: D, OTHERS: D},
        Who.OUTSIDER: {OWN: D, OTHERS: U},
    },
    Rule.SEE_COUNTS: {
        Who.REP: {TEAM: H},
        Who.MANAGER: {TEAM: D},
        Who.ADMIN: {TEAM: D},
        Who.OUTSIDER: {TEAM: D},
    },
    Rule.EDIT_CUSTOMER: {
        Who.REP: {OWN: D, OTHERS: R},
        Who.MANAGER: {OWN: D, OTHERS: D},
        Who.ADMIN: {OWN: D, OTHERS: D},
        Who.OUTSIDER: {OWN: D, OTHERS: U},
    },
    Rule.ASSIGN: {
        Who.REP: {OWN: R, OTHERS: R},
        Who.MANAGER: {OWN: D, OTHERS: D},
        Who.ADMIN: {OWN: D, OTHERS: D},
        Who.OUTSIDER: {OWN: D, OTHERS: U},
    },
    Rule.CREATE: {
        Who.REP: {TEAM: D},
        Who.MANAGER: {TEAM: D},
        Who.ADMIN: {TEAM: D},
        Who.OUTSIDER: {TEAM: D},
    },
    Rule.CREATE_FOR_SOMEONE: {
        Who.REP: {TEAM: R},
        Who.MANAGER: {TEAM: D},
        Who.ADMIN: {TEAM: D},
        Who.OUTSIDER: {TEAM: D},
    },
    Rule.EDIT_STEP: {
        Who.REP: {OWN: D, MIXED: D, OTHERS: R},
        Who.MANAGER: {OWN: D, MIXED: D, OTHERS: D},
        Who.ADMIN: {OWN: D, MIXED: D, OTHERS: D},
        Who.OUTSIDER: {OWN: D, OTHERS: U},
    },
    Rule.CHANGE_FOLLOWUP: {
        Who.REP: {OWN: D, MIXED: R, OTHERS: R},
        Who.MANAGER: {OWN: D, MIXED: R, OTHERS: R},
        Who.ADMIN: {OWN: D, MIXED: D, OTHERS: D},
        Who.OUTSIDER: {OWN: D, OTHERS: U},
    },
    Rule.OWN_DRAFT: {
        Who.REP: {OWN: D, OTHERS: R},
        Who.MANAGER: {OWN: D, OTHERS: R},
        Who.ADMIN: {OWN: D, OTHERS: R},
        Who.OUTSIDER: {OWN: D, OTHERS: U},
    },
    Rule.TODO: {
        Who.REP: {OWN: D, OTHERS: R},
        Who.MANAGER: {OWN: D, OTHERS: D},
        Who.ADMIN: {OWN: D, OTHERS: D},
        Who.OUTSIDER: {OWN: D, OTHERS: U},
    },
    Rule.MANAGERS: {
        Who.REP: {TEAM: R},
        Who.MANAGER: {TEAM: D},
        Who.ADMIN: {TEAM: D},
        Who.OUTSIDER: {TEAM: D},
    },
    Rule.ARCHIVE: {
        Who.REP: {OWN: R, OTHERS: R},
        Who.MANAGER: {OWN: D, OTHERS: D},
        Who.ADMIN: {OWN: D, OTHERS: D},
        Who.OUTSIDER: {OWN: D, OTHERS: U},
    },
    Rule.ADMINS: {
        Who.REP: {TEAM: R},
        Who.MANAGER: {TEAM: R},
        Who.ADMIN: {TEAM: D},
        Who.OUTSIDER: {TEAM: D},
    },
}
ROW_OF = {Who.SETTINGS_ADMIN: Who.ADMIN, Who.GRANTED_ADMIN: Who.ADMIN}
"""README: "Admins are the people listed in CRM_ADMINS, Slack workspace admins and owners,
anyone given the role with /crm role @person admin" — all three read the admin row."""

LEDGER_TABLES = frozenset({"outbound_message"})
"""Messages on their way to the person (a reply that falls back to a DM): not CRM data."""
FORGED = "Forged Name Ltd"
FORGED_TEXT = "forged-words"
CANDIDATE_RULES = default_rules().model_copy(update={"dormancy_days": 200}).model_dump(mode="json")


@dataclass(frozen=True)
class Cell:
    world: World
    who: Who
    target: Target

    @property
    def app(self) -> MatrixApp:
        return self.world.app

    @property
    def person(self) -> Person:
        return self.world.person(self.who)

    @property
    def account(self) -> Account:
        owner = OTHER_REP if self.target is OTHERS else self.person.user_id
        return self.world.accounts[owner]

    @property
    def customer(self) -> Customer:
        return self.account.customer

    @property
    def own_customer(self) -> Customer:
        return self.world.accounts[self.person.user_id].customer

    @property
    def followup(self) -> FollowUp:
        found = self.account.their_followup if self.target is MIXED else self.account.followup
        assert found is not None
        return found

    @property
    def step(self) -> NextStep:
        found = self.account.their_step if self.target is MIXED else self.account.step
        assert found is not None
        return found

    @property
    def draft(self) -> Draft:
        return self.world.drafts[OTHER_REP if self.target is OTHERS else self.person.user_id]


Send = Callable[[Cell], Sent]
Done = Callable[[Cell, Seen], bool]


@dataclass(frozen=True)
class Surface:
    name: str
    surface: str
    """Its action_id or callback_id (numbered ones without the number), or the command."""
    rule: Rule
    send: Send
    done: Done
    """It happened (in the database), or what it reveals was shown."""
    targets: tuple[Target, ...] = (OWN, OTHERS)
    contact: bool = False
    """It shows the customer's phone and email to those who may see them."""
    says_gone: bool = False
    """It refuses by saying there is nothing there rather than with a polite no."""


# --- forging requests ---------------------------------------------------------------------------


def command(name: str, text: str | Callable[[Cell], str]) -> Send:
    return lambda c: c.app.command(c.person, name, text if isinstance(text, str) else text(c))


def click(action_id: str, value: Callable[[Cell], object]) -> Send:
    return lambda c: c.app.click(
        c.person, {"type": "button", "action_id": action_id, "value": str(value(c))}
    )


def on_item(action_id: str, block: Callable[[Cell], str], **chosen: Any) -> Send:
    """Done (a button carrying its item), Snooze (a select) or Reschedule (a date picker) on an
    item of a morning DM or of a `/crm todo` list: selects carry the item in their block_id."""

    def send(c: Cell) -> Sent:
        action: dict[str, Any] = {"action_id": action_id, "block_id": block(c), **chosen}
        if "selected_option" in chosen:
            action["type"] = "static_select"
        elif "selected_date" in chosen:
            action["type"] = "datepicker"
        else:
            kind, ref = block(c).split("_")[1:3]
            value = item_ref(ItemKind(kind), int(ref)) if action_id.startswith("nudge") else ref
            action.update(type="button", value=value)
        return c.app.click(c.person, action)

    return send


SNOOZE = {"selected_option": {"text": {"type": "plain_text", "text": "3 days"}, "value": "3d"}}
RESCHEDULE = {"selected_date": "2026-11-27"}


def nudge_item(kind: ItemKind) -> Callable[[Cell], str]:
    def block(c: Cell) -> str:
        ref = c.step.id if kind is ItemKind.STEP else c.customer.id
        return f"nudge_{kind.value}_{ref}"

    return block


def todo_item(c: Cell) -> str:
    """An item on the person's own `/crm todo` list."""
    return todo_block_id(c.step.id or 0, c.person.user_id)


def on_home(action_id: str, **chosen: Any) -> Send:
    """Done / Snooze on a next step of the person's App Home tab: the `/crm todo` buttons in a
    view (no response_url; the Home is published again)."""

    def send(c: Cell) -> Sent:
        action: dict[str, Any] = {"action_id": action_id, "block_id": todo_item(c), **chosen}
        if "selected_option" in chosen:
            action["type"] = "static_select"
        else:
            action.update(type="button", value=str(c.step.id))
        return c.app.click(c.person, action, view={"type": "home", "blocks": []})

    return send


def forged(view: dict[str, Any]) -> dict[str, Any]:
    """A modal as someone could craft it: its inputs, nothing typed in, no names around them."""
    blocks = []
    for block in view["blocks"]:
        if block.get("type") == "input":
            element = {k: v for k, v in block["element"].items() if not k.startswith("initial")}
            blocks.append({**block, "element": element})
    return {**view, "blocks": blocks}


def submit(view: Callable[[Cell], dict[str, Any]], **values: Callable[[Cell], object]) -> Send:
    return lambda c: c.app.submit(c.person, view(c), {k: v(c) for k, v in values.items()})


def customer_form(c: Cell, *, editing: bool = True) -> dict[str, Any]:
    state = CustomerModalState(
        customer_id=c.customer.id if editing else None, response_url=c.app.response_url()
    )
    return forged(customer_modal(values={}, state=state))


def new_customer_form(c: Cell) -> dict[str, Any]:
    return customer_form(c, editing=False)


def customer_values(
    form: Callable[[Cell], dict[str, Any]],
    name: Callable[[Cell], str],
    owner: Callable[[Cell], str],
) -> Send:
    """The customer form with a name and an owner, the rest as a new customer starts."""
    kind, status = (lambda c: "company"), (lambda c: "lead")
    return submit(form, name=name, owner=owner, customer_type=kind, status=status)


def forged_name(c: Cell) -> str:
    return FORGED


def step_form(c: Cell, *, editing: bool = False) -> dict[str, Any]:
    state = StepModalState(
        customer_id=c.customer.id or 0,
        step_id=c.step.id if editing else None,
        response_url=c.app.response_url(),
    )
    step = c.step if editing else None
    return forged(next_step_modal(customer=c.customer, step=step, zone=SHANGHAI, state=state))


def step_edit_form(c: Cell) -> dict[str, Any]:
    return step_form(c, editing=True)


def followup_form(c: Cell) -> dict[str, Any]:
    state = StepModalState(customer_id=c.customer.id or 0, response_url=c.app.response_url())
    return forged(followup_modal(customer=c.customer, zone=SHANGHAI, state=state))


def picked_followup_form(c: Cell) -> dict[str, Any]:
    """The follow-up form of the shortcuts: the customer is whatever the picker sends."""
    state = StepModalState(response_url=c.app.response_url())
    return forged(followup_modal(customer=None, zone=SHANGHAI, state=state))


def correction_form(c: Cell) -> dict[str, Any]:
    state = FollowUpEditState(followup_id=c.followup.id or 0, response_url=c.app.response_url())
    return forged(followup_edit_modal(customer=c.customer, followup=c.followup, state=state))


def risk_form(c: Cell) -> dict[str, Any]:
    return forged(risk_modal(c.customer, response_url=c.app.response_url()))


def digest_form(c: Cell) -> dict[str, Any]:
    url = c.app.response_url()
    return digest_modal(channels=[], tier_names=[], default_zone="Asia/Shanghai", response_url=url)


def team_settings_form(c: Cell) -> dict[str, Any]:
    team = TeamPreferences(
        team_id="T", language=Language.EN, zone="UTC", currency="USD", phone_region="US"
    )
    return team_settings_modal(team, response_url=c.app.response_url())


def rules_form(c: Cell) -> dict[str, Any]:
    state = RulesModalState(response_url=c.app.response_url())
    return rules_edit_modal(default_rules(), currency="USD", state=state)


def rules_preview(c: Cell) -> dict[str, Any]:
    """The preview's Apply, carrying candidate rules (it has no inputs)."""
    state = RulesModalState(response_url=c.app.response_url(), rules=CANDIDATE_RULES).dump()
    return {"type": "modal", "callback_id": ids.RULES_PREVIEW_MODAL, "private_metadata": state}


def open_existing(c: Cell) -> Sent:
    """'Open existing' on the duplicate warning inside a new-customer form."""
    form = forged(customer_modal(values={}, state=CustomerModalState()))
    number = ids.numbered(ids.CUSTOMER_OPEN_EXISTING, 0)
    action = {"type": "button", "action_id": number, "value": str(c.customer.id)}
    return c.app.click(c.person, action, view=form)


def pick(draft: Callable[[Cell], Draft], customer: Callable[[Cell], Customer]) -> Send:
    """'This one' under a `/followup` line that named no customer for sure."""
    number = ids.numbered(ids.FOLLOWUP_PICK, 0)
    return click(number, lambda c: f'{{"draft":"{draft(c).id}","customer":{customer(c).id}}}')


def own_draft(c: Cell) -> Draft:
    return c.world.drafts[c.person.user_id]


# --- what counts as done -------------------------------------------------------------------------


def card_shown(c: Cell, s: Seen) -> bool:
    return s.shows(c.customer.name, c.customer.code)


def name_shown(c: Cell, s: Seen) -> bool:
    return s.shows(c.customer.name)


def history_shown(c: Cell, s: Seen) -> bool:
    return s.shows(c.followup.text)


def counts_shown(c: Cell, s: Seen) -> bool:
    team = [a for a in c.world.accounts.values() if a.customer.team_id == c.person.team_id]
    return s.shows(msg.LIST_COUNTS.format(total=len(team)))


def opens(callback_id: str, saying: Callable[[Cell], str] = lambda c: "") -> Done:
    return lambda c, s: s.opened(callback_id, saying(c))


def became(
    table: str, row: Callable[[Cell], object], test: Callable[[dict[str, Any], Cell], bool]
) -> Done:
    """That row of the target's workspace now passes `test`."""

    def done(c: Cell, s: Seen) -> bool:
        return any(
            ch.after is not None and ch.after.get("id") == row(c) and test(ch.after, c)
            for ch in s.changed(table, c.customer.team_id)
        )

    return done


def removed(table: str, row: Callable[[Cell], object]) -> Done:
    def done(c: Cell, s: Seen) -> bool:
        return any(
            ch.after is None and ch.before is not None and ch.before.get("id") == row(c)
            for ch in s.changed(table, c.customer.team_id)
        )

    return done


def added(table: str, *, mine: bool = False, **values: Callable[[Cell], object]) -> Done:
    """A new row holding `values` in the target's workspace (`mine`: the person's)."""

    def done(c: Cell, s: Seen) -> bool:
        team_id = c.person.team_id if mine else c.customer.team_id
        return any(
            ch.before is None
            and ch.after is not None
            and all(ch.after.get(k) == v(c) for k, v in values.items())
            for ch in s.changed(table, team_id)
        )

    return done


def customer_id(c: Cell) -> int | None:
    return c.customer.id


def step_id(c: Cell) -> int | None:
    return c.step.id


def followup_id(c: Cell) -> int | None:
    return c.followup.id


def entry(c: Cell) -> str:
    return entry_value(c.followup.id or 0, 1)


def first_page(c: Cell) -> str:
    return PageAt().dump()


def history_page(c: Cell) -> str:
    return history_value(c.customer.id or 0, 1)


def rescheduled(row: dict[str, Any], c: Cell) -> bool:
    return bool(row["due_at"] != c.step.due_at)


def value(column: str, wanted: object) -> Callable[[dict[str, Any], Cell], bool]:
    return lambda row, c: bool(row[column] == wanted)


def is_set(column: str) -> Callable[[dict[str, Any], Cell], bool]:
    return lambda row, c: row[column] is not None


# --- the matrix ----------------------------------------------------------------------------------

SURFACES = [
    # Slash commands that reveal or change data
    Surface(
        "customer_card", "/customer <name>", Rule.SEE_CUSTOMER,
        command("/customer", lambda c: c.customer.name), card_shown, contact=True,
    ),
    Surface(
        "customer_card_by_code", "/customer <code>", Rule.SEE_CUSTOMER,
        command("/customer", lambda c: c.customer.code), card_shown, contact=True,
    ),
    Surface(
        "own_customers", "/customer", Rule.SEE_CUSTOMER,
        command("/customer", ""), name_shown, targets=(OWN,),
    ),
    Surface(
        "customer_list", "/customer list", Rule.SEE_CUSTOMER,
        command("/customer", "list"), name_shown, contact=True,
    ),
    Surface(
        "customer_list_counts", "/customer list", Rule.SEE_COUNTS,
        command("/customer", "list"), counts_shown, targets=(TEAM,),
    ),
    Surface(
        "customer_history", "/customer history", Rule.SEE_RECORD,
        command("/customer", lambda c: f"history {c.customer.name}"), history_shown,
    ),
    Surface(
        "followup_line", "/followup", Rule.LOG,
        command("/followup", lambda c: f"{c.customer.name} visited them about {FORGED_TEXT}"),
        added("follow_up", customer_id=customer_id),
    ),
    Surface(
        "todo_list", "/crm todo", Rule.TODO,
        command("/crm", lambda c: "todo" if c.target is OWN else f"todo <@{OTHER_REP}>"),
        lambda c, s: s.shows(c.step.description),
    ),
    Surface(
        "grant_role", "/crm role", Rule.ADMINS,
        command("/crm", f"role <@{THIRD_REP}> manager"),
        added("team_role", mine=True, user_id=lambda c: THIRD_REP), targets=(TEAM,),
    ),
    Surface(
        "nudge_time", "/crm nudges time", Rule.ADMINS,
        command("/crm", "nudges time 08:30"),
        added("team_settings", mine=True, nudge_time=lambda c: "08:30"), targets=(TEAM,),
    ),
    Surface(
        "nudge_escalation", "/crm nudges escalate", Rule.ADMINS,
        command("/crm", "nudges escalate 5"),
        added("team_settings", mine=True, escalation_days=lambda c: 5), targets=(TEAM,),
    ),
    Surface(
        "digest_setup", "/crm digest", Rule.ADMINS,
        command("/crm", "digest"), opens(ids.DIGEST_MODAL), targets=(TEAM,),
    ),
    Surface(
        "team_settings", "/crm settings", Rule.ADMINS,
        command("/crm", "settings"), opens(ids.SETTINGS_MODAL), targets=(TEAM,),
    ),
    Surface(
        "digest_preview", "/crm digest preview", Rule.MANAGERS,
        command("/crm", "digest preview"),
        lambda c, s: s.shows("Weekly customer digest"), targets=(TEAM,),
    ),
    # Buttons, selects and date pickers
    Surface(
        "open_card", ids.CUSTOMER_OPEN, Rule.SEE_CUSTOMER,
        click(ids.numbered(ids.CUSTOMER_OPEN, 0), customer_id), card_shown, contact=True,
    ),
    Surface(
        "open_existing", ids.CUSTOMER_OPEN_EXISTING, Rule.SEE_CUSTOMER,
        open_existing, opens(ids.CUSTOMER_CARD_MODAL, lambda c: c.customer.name), contact=True,
    ),
    Surface(
        "list_next", ids.CUSTOMER_LIST_NEXT, Rule.SEE_CUSTOMER,
        click(ids.CUSTOMER_LIST_NEXT, first_page), name_shown, contact=True,
    ),
    Surface(
        "list_prev", ids.CUSTOMER_LIST_PREV, Rule.SEE_CUSTOMER,
        click(ids.CUSTOMER_LIST_PREV, first_page), name_shown, contact=True,
    ),
    Surface(
        "edit_form_opens", ids.CUSTOMER_EDIT, Rule.EDIT_CUSTOMER,
        click(ids.CUSTOMER_EDIT, customer_id),
        opens(ids.CUSTOMER_MODAL, lambda c: c.customer.name), contact=True,
    ),
    Surface(
        "risk_form_opens", ids.CUSTOMER_SET_RISK, Rule.EDIT_CUSTOMER,
        click(ids.CUSTOMER_SET_RISK, customer_id), opens(ids.RISK_MODAL),
    ),
    Surface(
        "followup_form_opens", ids.CUSTOMER_LOG_FOLLOWUP, Rule.LOG,
        click(ids.CUSTOMER_LOG_FOLLOWUP, customer_id),
        opens(ids.FOLLOWUP_MODAL, lambda c: c.customer.name),
    ),
    Surface(
        "step_form_opens", ids.NEXT_STEP_ADD, Rule.LOG,
        click(ids.NEXT_STEP_ADD, customer_id),
        opens(ids.NEXT_STEP_MODAL, lambda c: c.customer.name),
    ),
    Surface(
        "history", ids.FOLLOWUP_HISTORY, Rule.SEE_RECORD,
        click(ids.FOLLOWUP_HISTORY, customer_id), history_shown,
    ),
    Surface(
        "history_next", ids.FOLLOWUP_HISTORY_NEXT, Rule.SEE_RECORD,
        click(ids.FOLLOWUP_HISTORY_NEXT, history_page), history_shown,
    ),
    Surface(
        "history_prev", ids.FOLLOWUP_HISTORY_PREV, Rule.SEE_RECORD,
        click(ids.FOLLOWUP_HISTORY_PREV, history_page), history_shown,
    ),
    Surface(
        "nudge_log", ids.NUDGE_LOG, Rule.LOG,
        click(ids.NUDGE_LOG, lambda c: item_ref(ItemKind.CADENCE, c.customer.id or 0)),
        opens(ids.FOLLOWUP_MODAL, lambda c: c.customer.name),
    ),
    Surface(
        "nudge_snooze_cadence", ids.NUDGE_SNOOZE, Rule.EDIT_CUSTOMER,
        on_item(ids.NUDGE_SNOOZE, nudge_item(ItemKind.CADENCE), **SNOOZE),
        became("customer", customer_id, is_set("cadence_snoozed_until")),
    ),
    Surface(
        "pick_customer", ids.FOLLOWUP_PICK, Rule.LOG,
        pick(own_draft, lambda c: c.customer), added("follow_up", customer_id=customer_id),
    ),
    Surface(
        "pick_with_draft", ids.FOLLOWUP_PICK, Rule.OWN_DRAFT,
        pick(lambda c: c.draft, lambda c: c.own_customer),
        added("follow_up", mine=True, customer_id=lambda c: c.own_customer.id), says_gone=True,
    ),
    Surface(
        "new_customer_from_draft", ids.FOLLOWUP_CREATE_CUSTOMER, Rule.OWN_DRAFT,
        click(ids.FOLLOWUP_CREATE_CUSTOMER, lambda c: c.draft.id),
        opens(ids.CUSTOMER_MODAL, lambda c: str(c.draft.payload["name_guess"])), says_gone=True,
    ),
    Surface(
        "step_edit_form_opens", ids.NEXT_STEP_EDIT, Rule.EDIT_STEP,
        click(ids.NEXT_STEP_EDIT, step_id),
        opens(ids.NEXT_STEP_MODAL, lambda c: c.step.description), targets=ITEMS,
    ),
    Surface(
        "nudge_done", ids.NUDGE_DONE, Rule.EDIT_STEP,
        on_item(ids.NUDGE_DONE, nudge_item(ItemKind.STEP)),
        became("next_step", step_id, value("status", "done")), targets=ITEMS,
    ),
    Surface(
        "nudge_snooze", ids.NUDGE_SNOOZE, Rule.EDIT_STEP,
        on_item(ids.NUDGE_SNOOZE, nudge_item(ItemKind.STEP), **SNOOZE),
        became("next_step", step_id, is_set("snoozed_until")), targets=ITEMS,
    ),
    Surface(
        "nudge_reschedule", ids.NUDGE_RESCHEDULE, Rule.EDIT_STEP,
        on_item(ids.NUDGE_RESCHEDULE, nudge_item(ItemKind.STEP), **RESCHEDULE),
        became("next_step", step_id, rescheduled), targets=ITEMS,
    ),
    Surface(
        "todo_done", ids.TODO_DONE, Rule.EDIT_STEP,
        on_item(ids.TODO_DONE, todo_item),
        became("next_step", step_id, value("status", "done")), targets=ITEMS,
    ),
    Surface(
        "todo_snooze", ids.TODO_SNOOZE, Rule.EDIT_STEP,
        on_item(ids.TODO_SNOOZE, todo_item, **SNOOZE),
        became("next_step", step_id, is_set("snoozed_until")), targets=ITEMS,
    ),
    Surface(
        "todo_reschedule", ids.TODO_RESCHEDULE, Rule.EDIT_STEP,
        on_item(ids.TODO_RESCHEDULE, todo_item, **RESCHEDULE),
        became("next_step", step_id, rescheduled), targets=ITEMS,
    ),
    Surface(
        "home_done", ids.TODO_DONE, Rule.EDIT_STEP,
        on_home(ids.TODO_DONE),
        became("next_step", step_id, value("status", "done")), targets=ITEMS,
    ),
    Surface(
        "home_snooze", ids.TODO_SNOOZE, Rule.EDIT_STEP,
        on_home(ids.TODO_SNOOZE, **SNOOZE),
        became("next_step", step_id, is_set("snoozed_until")), targets=ITEMS,
    ),
    Surface(
        "undo", ids.FOLLOWUP_UNDO, Rule.CHANGE_FOLLOWUP,
        click(ids.FOLLOWUP_UNDO, followup_id), removed("follow_up", followup_id), targets=ITEMS,
    ),
    Surface(
        "correction_form_opens", ids.FOLLOWUP_EDIT, Rule.CHANGE_FOLLOWUP,
        click(ids.numbered(ids.FOLLOWUP_EDIT, 0), entry),
        opens(ids.FOLLOWUP_EDIT_MODAL, lambda c: c.followup.text), targets=ITEMS,
    ),
    Surface(
        "history_delete", ids.FOLLOWUP_DELETE, Rule.CHANGE_FOLLOWUP,
        click(ids.numbered(ids.FOLLOWUP_DELETE, 0), entry),
        removed("follow_up", followup_id), targets=ITEMS,
    ),
    Surface(
        "rules_restore", ids.RULES_RESTORE, Rule.ADMINS,
        click(ids.numbered(ids.RULES_RESTORE, 0), lambda c: 0),
        opens(ids.RULES_PREVIEW_MODAL), targets=(TEAM,),
    ),
    # Modal submissions
    Surface(
        "customer_form_edit", ids.CUSTOMER_MODAL, Rule.EDIT_CUSTOMER,
        customer_values(customer_form, forged_name, lambda c: c.customer.owner_id),
        became("customer", customer_id, value("name", FORGED)),
    ),
    Surface(
        "customer_form_reassign", ids.CUSTOMER_MODAL, Rule.ASSIGN,
        customer_values(customer_form, lambda c: c.customer.name, lambda c: THIRD_REP),
        became("customer", customer_id, value("owner_id", THIRD_REP)),
    ),
    Surface(
        "customer_form_new", ids.CUSTOMER_MODAL, Rule.CREATE,
        customer_values(new_customer_form, forged_name, lambda c: c.person.user_id),
        added("customer", mine=True, name=forged_name, owner_id=lambda c: c.person.user_id),
        targets=(TEAM,),
    ),
    Surface(
        "customer_form_duplicate", ids.CUSTOMER_MODAL, Rule.SEE_RECORD,
        submit(new_customer_form, name=forged_name, owner=lambda c: c.person.user_id,
               phone=lambda c: c.account.phone_shown),
        opens(ids.CUSTOMER_MODAL, lambda c: c.customer.name),
    ),
    Surface(
        "customer_form_new_for_someone", ids.CUSTOMER_MODAL, Rule.CREATE_FOR_SOMEONE,
        customer_values(new_customer_form, forged_name, lambda c: THIRD_REP),
        added("customer", mine=True, name=forged_name, owner_id=lambda c: THIRD_REP),
        targets=(TEAM,),
    ),
    Surface(
        "risk_form", ids.RISK_MODAL, Rule.EDIT_CUSTOMER,
        submit(risk_form, **{RISK: lambda c: "high"}),
        became("customer", customer_id, value("risk", "high")),
    ),
    Surface(
        "step_form_add", ids.NEXT_STEP_MODAL, Rule.LOG,
        submit(step_form, **{STEP: lambda c: FORGED_TEXT}),
        added("next_step", customer_id=customer_id, description=lambda c: FORGED_TEXT),
    ),
    Surface(
        "step_form_edit", ids.NEXT_STEP_MODAL, Rule.EDIT_STEP,
        submit(step_edit_form, **{STEP: lambda c: FORGED_TEXT}),
        became("next_step", step_id, value("description", FORGED_TEXT)), targets=ITEMS,
    ),
    Surface(
        "followup_form", ids.FOLLOWUP_MODAL, Rule.LOG,
        submit(followup_form, **{WHAT: lambda c: FORGED_TEXT}),
        added("follow_up", customer_id=customer_id, text=lambda c: FORGED_TEXT),
    ),
    Surface(
        "find_customer", ids.HOME_FIND_MODAL, Rule.SEE_CUSTOMER,
        submit(lambda c: forged(find_customer_modal()), **{CUSTOMER: customer_id}),
        opens(ids.CUSTOMER_CARD_MODAL, lambda c: c.customer.name), contact=True,
    ),
    Surface(
        "followup_form_picked", ids.FOLLOWUP_MODAL, Rule.LOG,
        submit(picked_followup_form, **{WHAT: lambda c: FORGED_TEXT, CUSTOMER: customer_id}),
        added("follow_up", customer_id=customer_id, text=lambda c: FORGED_TEXT),
    ),
    Surface(
        "correction_form", ids.FOLLOWUP_EDIT_MODAL, Rule.CHANGE_FOLLOWUP,
        submit(correction_form, **{CORRECTED: lambda c: FORGED_TEXT}),
        became("follow_up", followup_id, value("text", FORGED_TEXT)), targets=ITEMS,
    ),
    Surface(
        "digest_form", ids.DIGEST_MODAL, Rule.ADMINS,
        submit(digest_form, channel=lambda c: "C0DIGEST1"),
        added("digest_channel", mine=True, channel_id=lambda c: "C0DIGEST1"), targets=(TEAM,),
    ),
    Surface(
        "team_settings_form", ids.SETTINGS_MODAL, Rule.ADMINS,
        submit(team_settings_form, phone_region=lambda c: "CN"),
        added("team_settings", mine=True, phone_region=lambda c: "CN"), targets=(TEAM,),
    ),
    Surface(
        "rules_form", ids.RULES_EDIT_MODAL, Rule.ADMINS,
        submit(rules_form), opens(ids.RULES_PREVIEW_MODAL), targets=(TEAM,),
    ),
    Surface(
        "archive_command", "/crm archive", Rule.ARCHIVE,
        command("/crm", lambda c: f"archive {c.customer.code}"),
        became("customer", customer_id, is_set("archived_at")),
    ),
    Surface(
        "archive_button", ids.CUSTOMER_ARCHIVE, Rule.ARCHIVE,
        click(ids.CUSTOMER_ARCHIVE, lambda c: str(c.customer.id)),
        became("customer", customer_id, is_set("archived_at")),
    ),
    Surface(
        "rules_apply", ids.RULES_PREVIEW_MODAL, Rule.ADMINS,
        submit(rules_preview), added("rule_set", mine=True, version=lambda c: 1), targets=(TEAM,),
    ),
]  # fmt: skip

NOT_GUARDED = {
    ids.CUSTOMER_CARD_MODAL: "a read-only card pushed over the customer form; nothing submits it",
    ids.HOME_MORE: "publishes the clicker's own Home again with longer lists (their own steps "
    "and customers; the team section is read with their role, as app_home_opened)",
    ids.HOME_NEW_CUSTOMER: "opens an empty customer form; saving it is customer_modal's cells",
    ids.HOME_LOG_FOLLOWUP: "opens an empty follow-up form; saving it is followup_form_typed's "
    "cells",
    ids.HOME_FIND_CUSTOMER: "opens an empty search form; submitting it is find_customer's cells",
    "/crm help": "says what the person's own role may do",
    "/crm role (nobody named)": "lists admins and managers; the README says anyone may",
    "/crm nudges (nothing to change)": "shows the team's nudge time to anyone",
    "/crm rules": "the rules are shown to everyone; the editor it opens is checked on submit",
    "/crm rules history": "earlier rules, shown to everyone; restoring is rules_restore's cells",
    "/customer new": "opens an empty form; saving it is customer_modal's cells",
    "/customer help": "the command's usage",
    "/crm audit": "names and codes of customers with data problems, which every role may read "
    "(/customer list); never a phone number or email",
    "/crm me": "opens the person's own settings; saving changes only their own row",
    ids.ME_MODAL: "saves the submitter's own language, phone region and currency, nobody else's",
    ids.SHORTCUT_NEW_CUSTOMER: "opens an empty customer form; saving it is customer_modal's cells",
    ids.SHORTCUT_LOG_FOLLOWUP: "opens an empty follow-up form with a customer picker; saving it "
    "is followup_form_picked's cells",
    ids.SHORTCUT_LOG_AS_FOLLOWUP: "opens the follow-up form with the text and link of a message "
    "the person has in front of them; saving it is followup_form_picked's cells",
}
"""Surfaces that neither change nor reveal anything a role or a workspace keeps from anyone."""

GUARDED_ELSEWHERE = {
    "app_uninstalled": "sent by Slack itself, signed, when a workspace removes the app: deletes "
    "only that workspace's installation; tests/e2e/test_oauth.py checks the other stays",
    "tokens_revoked": "sent by Slack itself, signed, when a workspace revokes the app's tokens: "
    "deletes only that workspace's installation (tests/e2e/test_oauth.py)",
    "app_home_opened": "publishes the person's own Home: their own steps and customers, and the "
    "team section only for managers and admins (tests/e2e/test_home.py checks a rep's has none)",
    "/crm import": "managers and admins only; tests/e2e/test_slack_import.py checks a rep",
    "message": "a file shared in the bot's DM with `import`: managers and admins only, checked "
    "before the file is read; tests/e2e/test_slack_import.py checks a rep",
    ids.IMPORT_APPLY: "imports a whole file of customers, which this matrix's baseline restore "
    "does not undo; tests/e2e/test_slack_import.py checks a rep's forged Apply",
    ids.IMPORT_CANCEL: "uses up a file's one import; managers and admins only, like Apply "
    "(tests/e2e/test_slack_import.py)",
    ids.CUSTOMER_MERGE: "deletes a customer and moves its rows, which this matrix's baseline "
    "restore does not undo; tests/e2e/test_merge.py checks reps, forged values and managers",
    ids.CUSTOMER_UNARCHIVE: "acts only on an archived customer, which the seeded world has "
    "none of; tests/e2e/test_archive.py checks reps, managers, admins and a gone customer",
    "/crm unarchive": "as customer_unarchive (the same service): tests/e2e/test_archive.py",
    ids.CUSTOMER_CONTACTS: "shows a customer's contacts, masked for those who may not see contact "
    "data: tests/e2e/test_contacts.py checks another rep sees them masked",
    ids.CUSTOMER_ADD_CONTACT: "opens the Add contact form for those who may edit the customer: "
    "tests/e2e/test_contacts.py checks another rep is refused",
    ids.CONTACT_MODAL: "adds a contact as the customer's editor only: tests/e2e/test_contacts.py "
    "checks another rep's forged submission",
    ids.CONTACT_MAKE_PRIMARY: "swaps contacts for the customer's editors only: "
    "tests/e2e/test_contacts.py checks another rep's forged click",
    ids.CONTACT_ERASE: "admins only, and deletes data the baseline restore does not bring back: "
    "tests/e2e/test_contacts.py checks a rep's forged click",
    ids.CONTACTS_MODAL: "a list with buttons; nothing submits it (its buttons are the cells above)",
    ids.CUSTOMER_PICKER: "a picker's options: names and codes of the person's own workspace's "
    "customers, which every role may read (/customer list); tests/e2e/test_shortcuts.py checks "
    "that another workspace's customers never appear and archived ones are left out",
}
"""Surfaces that change data but whose permissions another test file checks, with which."""

KNOWN_BUGS: dict[tuple[str, Who, Target], str] = {}
"""Cells the app gets wrong today, (surface name, who, target) -> the bug: xfail(strict)."""


# --- running a cell ------------------------------------------------------------------------------


def expected(surface: Surface, who: Who, target: Target) -> Outcome | None:
    return EXPECTED[surface.rule][ROW_OF.get(who, who)].get(target)


def cells() -> Iterator[Any]:
    for surface in SURFACES:
        for who in Who:
            for target in surface.targets:
                outcome = expected(surface, who, target)
                if outcome is None:
                    continue
                bug = KNOWN_BUGS.get((surface.name, who, target))
                marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
                name = f"{surface.name}-{who}-{target}"
                yield pytest.param(surface, who, target, outcome, marks=marks, id=name)


@dataclass
class Tally:
    started: float
    cells: int = 0


TALLIES: dict[str, Tally] = {}


@pytest.fixture(scope="module", params=DATABASES)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """One app and one seeded database per database kind, shared by its cells: each cell puts
    back what the one before changed."""
    kind = str(request.param)
    url = database_url(kind, tmp_path_factory.mktemp("matrix"), POSTGRES_URL)
    engine = make_engine(url)
    upgrade_database(engine)
    slack = StandInSlack().start()
    add_people(slack)
    app = MatrixApp(settings=matrix_settings(slack, url), engine=engine, slack=slack).start()
    TALLIES[engine.dialect.name] = Tally(time.monotonic())
    try:
        yield seed_world(app)
    finally:
        app.stop()
        slack.stop()
        engine.dispose()


@pytest.mark.parametrize(("surface", "who", "target", "outcome"), list(cells()))
def test_cell(world: World, surface: Surface, who: Who, target: Target, outcome: Outcome) -> None:
    TALLIES[world.engine.dialect.name].cells += 1
    cell = Cell(world, who, target)
    seen = world.send(lambda: surface.send(cell))
    check_every_cell(cell, seen)
    done = surface.done(cell, seen)
    said = seen.text[:2000]
    polite_no = ":no_entry:" in seen.text or seen.inline_errors
    contact, masked = cell.account.contact, cell.account.phone_masked
    contact_shown = [part for part in contact if part in seen.text]
    if outcome is Outcome.DONE:
        assert done, f"expected it done; the app said: {said}"
        assert not polite_no, f"done, but the person was told no: {said}"
        if surface.contact:
            assert contact_shown == list(contact), f"phone and email not shown: {said}"
    elif outcome is Outcome.MASKED:
        assert done, f"expected it shown; the app said: {said}"
        assert masked in seen.text, f"no masked phone: {said}"
        assert not contact_shown, f"phone or email shown: {contact_shown}"
    elif outcome in (Outcome.REFUSED, Outcome.HIDDEN):
        assert not done, f"expected it refused, but it was done: {said}"
        changed = {change.table for change in seen.changes}
        assert changed <= LEDGER_TABLES, f"a refusal changed {changed}"
        told = polite_no or (surface.says_gone and bool(seen.text.strip()))
        if outcome is Outcome.REFUSED:
            assert told, f"nobody was told no: {said}"
            assert not contact_shown, f"phone or email shown: {contact_shown}"
    else:
        assert not done, f"another workspace reached ours: {said}"


def test_cells_counted(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    """Runs after this database's cells (pytest keeps a module fixture's tests together)."""
    kind = world.engine.dialect.name
    tally = TALLIES[kind]
    took = time.monotonic() - tally.started
    with capsys.disabled():
        print(f"\npermission matrix on {kind}: {tally.cells} cells checked in {took:.1f} s")


def check_every_cell(cell: Cell, seen: Seen) -> None:
    """What holds whatever the surface: no crash; nothing of ours changes for, or is said to,
    another workspace; a rep never reads the phone or email of a customer they don't own."""
    assert seen.sent.reply.status == 200, seen.sent.reply
    assert msg.SOMETHING_WENT_WRONG not in seen.text, seen.text[:2000]
    if cell.who is Who.OUTSIDER:
        ours = [change for change in seen.changes if change.team_id == TEAM_ID]
        assert not ours, f"another workspace changed ours: {ours}"
        leaked = [
            secret
            for secret in cell.world.secrets_of_our_team()
            if secret in seen.text and secret not in seen.supplied
        ]
        assert not leaked, f"another workspace was shown {leaked}: {seen.text[:2000]}"
    if cell.who is Who.REP:
        for owner, account in cell.world.accounts.items():
            shown = [p for p in account.contact if p in seen.text and p not in seen.supplied]
            assert owner == REP or not shown, f"a rep was shown {owner}'s customer's {shown}"


# --- the matrix covers every surface -----------------------------------------------------------


class Registrations:
    """Stands in for the Bolt app to note what `handlers.register_all` registers, whatever the
    kind of listener (`command`, `action`, `view`, `event`, `shortcut`…)."""

    def __init__(self) -> None:
        self.found: list[tuple[str, str | re.Pattern[str]]] = []

    def __getattr__(self, kind: str) -> Callable[[str | re.Pattern[str]], Callable[[Any], Any]]:
        def note(key: str | re.Pattern[str]) -> Callable[[Any], Any]:
            self.found.append((kind, key))
            return lambda listener: listener

        return note


def test_every_surface_is_in_the_matrix() -> None:
    covered = {s.surface for s in SURFACES} | set(NOT_GUARDED) | set(GUARDED_ELSEWHERE)
    constants = {k: v for k, v in vars(ids).items() if k.isupper() and isinstance(v, str)}
    missing = {k: v for k, v in constants.items() if v not in covered}
    assert not missing, f"add these to SURFACES, or to NOT_GUARDED with why: {missing}"

    registered = Registrations()
    handlers.register_all(cast(App, registered))
    unmatched = []
    for kind, key in registered.found:
        if isinstance(key, re.Pattern):
            hit = any(key.match(ids.numbered(k, 0)) for k in covered)
        elif kind == "command":
            hit = any(k == key or k.startswith(key + " ") for k in covered)
        else:
            hit = key in covered
        if not hit:
            unmatched.append((kind, key))
    assert not unmatched, f"listeners in neither SURFACES nor NOT_GUARDED: {unmatched}"

    commands = [str(key) for kind, key in registered.found if kind == "command"]
    events = [str(key) for kind, key in registered.found if kind == "event"]
    for key in [*NOT_GUARDED, *GUARDED_ELSEWHERE]:
        real = key in constants.values() or key in events
        assert real or any(key.startswith(c + " ") for c in commands), f"{key!r} is gone"


def test_every_surface_has_expectations() -> None:
    assert len({s.name for s in SURFACES}) == len(SURFACES), "surface names must be unique"
    for surface in SURFACES:
        for who in Who:
            row = EXPECTED[surface.rule][ROW_OF.get(who, who)]
            assert any(row.get(t) for t in surface.targets), (surface.name, who)
