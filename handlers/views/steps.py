"""The next-step and log-follow-up modals."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext

from bot.catalog.messages import msg
from bot.catalog.texts.shortcuts import text as s
from bot.followups.intake import FutureDate, due_from_pickers, occurred_from_picker
from bot.followups.results import LoggedFollowUp
from bot.followups.steps import CustomerArchived, Gone, log_followup_from_modal, save_next_step
from bot.followups.text import keep_link
from bot.nudges.actions import redraw_nudge
from bot.views.followup import followup_logged_message, plain_message, step_saved_message
from bot.views.pickers import CUSTOMER, picked_customer
from bot.views.reminders import redrawn_dm
from bot.views.step_modals import (
    DUE_DATE,
    DUE_TIME,
    LOGGED_ON,
    METHOD,
    STEP,
    WHAT,
    StepModalState,
    read_modal_values,
)
from bot.wiring.home_tab import refresh_homes
from handlers.common import (
    Replier,
    Unreadable,
    asker_of,
    id_from,
    modal_guard,
    modal_state,
    services,
    team_of,
    user_of,
)


def submit_next_step(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    crm = services(context)
    user_id = user_of(body)
    state = modal_state(ack, StepModalState, view, field=STEP)
    if state is None:
        return

    later = Replier(crm, body, state.response_url)

    with modal_guard(ack, action="saving a next step", field=STEP, later=later) as answer:
        if state.customer_id is None:
            raise Unreadable("a next step without its customer")
        values = read_modal_values(view["state"]["values"])
        description = (values.get(STEP) or "").strip()
        if not description:
            answer(response_action="errors", errors={STEP: msg.ERR_STEP_BLANK})
            return
        zone = crm.people.zone_of(user_id)
        now = crm.clock()
        try:
            due = due_from_pickers(values.get(DUE_DATE), values.get(DUE_TIME), zone=zone, now=now)
        except ValueError:
            answer(response_action="errors", errors={DUE_DATE: msg.ERR_BAD_DUE})
            return
        result = save_next_step(
            engine=crm.engine,
            asker=asker_of(crm, body),
            customer_id=state.customer_id,
            step_id=state.step_id,
            description=description,
            due=due,
            now=now,
        )
        answer()
        if isinstance(result, Gone):
            gone = msg.STEP_GONE if result.what == "next step" else msg.CUSTOMER_GONE
            later(plain_message(gone))
            return
        later(
            step_saved_message(
                customer=result.customer, step=result.step, created=result.created, zone=zone
            )
        )
        owners = (user_id, result.step.owner_id, result.customer.owner_id)
        refresh_homes(crm, team_id=team_of(body), user_ids=owners)


def submit_followup(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    crm = services(context)
    user_id = user_of(body)
    state = modal_state(ack, StepModalState, view, field=WHAT)
    if state is None:
        return

    later = Replier(crm, body, state.response_url)

    with modal_guard(ack, action="logging a follow-up", field=WHAT, later=later) as answer:
        state_values = view["state"]["values"]
        values = read_modal_values(state_values)
        customer_id = state.customer_id
        if customer_id is None:  # picked in the form: whatever was sent is checked again
            if not _has_block(view, CUSTOMER):
                raise Unreadable("a follow-up form without its customer")
            chosen = picked_customer(state_values)
            if chosen is None:
                answer(response_action="errors", errors={CUSTOMER: s.SHORTCUT_PICK_CUSTOMER})
                return
            try:
                customer_id = id_from(chosen)
            except Unreadable:
                answer(response_action="errors", errors={CUSTOMER: s.SHORTCUT_CUSTOMER_GONE})
                return
        what = keep_link((values.get(WHAT) or "").strip(), state.permalink)
        if not what:
            answer(response_action="errors", errors={WHAT: msg.ERR_FOLLOWUP_BLANK})
            return
        zone = crm.people.zone_of(user_id)
        now = crm.clock()
        try:
            due = due_from_pickers(values.get(DUE_DATE), values.get(DUE_TIME), zone=zone, now=now)
        except ValueError:
            answer(response_action="errors", errors={DUE_DATE: msg.ERR_BAD_DUE})
            return
        try:
            occurred = occurred_from_picker(values.get(LOGGED_ON), zone=zone, now=now)
        except ValueError as wrong:
            said = s.SHORTCUT_FUTURE_DATE if isinstance(wrong, FutureDate) else s.SHORTCUT_BAD_DATE
            answer(response_action="errors", errors={LOGGED_ON: said})
            return
        result = log_followup_from_modal(
            engine=crm.engine,
            asker=asker_of(crm, body),
            customer_id=customer_id,
            what=what,
            method=values.get(METHOD),
            step=values.get(STEP),
            due=due,
            now=now,
            picked=state.customer_id is None,
            occurred_at=occurred,
        )
        if state.customer_id is None and not isinstance(result, LoggedFollowUp):
            said = (
                s.SHORTCUT_CUSTOMER_ARCHIVED
                if isinstance(result, CustomerArchived)
                else s.SHORTCUT_CUSTOMER_GONE
            )
            answer(response_action="errors", errors={CUSTOMER: said})
            return
        answer()
        if isinstance(result, LoggedFollowUp):
            owners = (user_id, result.customer.owner_id)
            refresh_homes(crm, team_id=team_of(body), user_ids=owners)
        if state.dm_channel and state.dm_ts:
            redrawn = redraw_nudge(
                engine=crm.engine,
                team_id=team_of(body),
                channel=state.dm_channel,
                ts=state.dm_ts,
                now=crm.clock(),
            )
            if redrawn is not None:
                dm = redrawn_dm(
                    redrawn.kind,
                    redrawn.lines,
                    more=redrawn.more,
                    zone=redrawn.zone,
                    now=crm.clock(),
                )
                crm.client.chat_update(
                    channel=state.dm_channel, ts=state.dm_ts, text=dm.text, blocks=dm.blocks
                )
            return
        if isinstance(result, LoggedFollowUp):
            later(
                followup_logged_message(
                    customer=result.customer,
                    followup=result.followup,
                    step=result.next_step,
                    zone=zone,
                )
            )
        else:
            later(plain_message(msg.CUSTOMER_GONE))


def _has_block(view: dict[str, Any], block_id: str) -> bool:
    blocks = view.get("blocks")
    return isinstance(blocks, list) and any(
        isinstance(block, dict) and block.get("block_id") == block_id for block in blocks
    )
