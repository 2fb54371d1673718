"""Messages about logging follow-ups."""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import ZoneInfo

from bot.catalog.messages import msg
from bot.catalog.texts.archive import text as archive_text
from bot.catalog.texts.followups import text as t
from bot.dates.checks import DueConcern
from bot.followups.results import (
    ArchivedCustomerNamed,
    AskWhichCustomer,
    ConfirmCustomer,
    DraftExpired,
    FollowUpReply,
    LoggedFollowUp,
    NothingToLog,
    OfferNewCustomer,
    ShowUsage,
    UnknownCode,
)
from bot.views import ids
from bot.views.blocks import Message, actions, button, context, message, section
from bot.views.formatting import (
    customer_label,
    customer_with_owner,
    escape,
    slack_date,
    truncate,
)
from storage.models import Customer, FollowUp, NextStep

_QUOTE_LIMIT = 2800


def usage_message(word: str = "") -> Message:
    blocks = [section(t.FOLLOWUP_USAGE)]
    if word:
        note = msg.FOLLOWUP_NOT_A_NAME.format(word=escape(word))
        blocks.insert(0, section(note))
    return message(t.FOLLOWUP_USAGE_TITLE, blocks)


def confirm_message(*, draft_id: str, customer: Customer, name_guess: str, typed: str) -> Message:
    """One customer could be meant by what was typed, but not surely: ask before logging."""
    text = msg.FOLLOWUP_DID_YOU_MEAN.format(
        typed=escape(typed), customer=customer_with_owner(customer)
    )
    return message(
        t.FOLLOWUP_DID_YOU_MEAN_TITLE.format(name=escape(customer.name)),
        [
            section(text),
            actions(
                [
                    button(
                        msg.FOLLOWUP_YES_LOG_IT,
                        ids.numbered(ids.FOLLOWUP_PICK, 0),
                        pick_value(draft_id, customer.id or 0),
                        style="primary",
                    ),
                    button(_create_label(name_guess), ids.FOLLOWUP_CREATE_CUSTOMER, draft_id),
                ]
            ),
        ],
    )


def _create_label(name_guess: str) -> str:
    return t.FOLLOWUP_CREATE_NAMED.format(name=truncate(name_guess, 60))


def step_line(step: NextStep, zone: ZoneInfo) -> str:
    if step.due_at:
        due = slack_date(step.due_at, has_time=step.due_has_time, zone=zone)
        when = t.FOLLOWUP_STEP_DUE.format(when=due)
    else:
        when = t.FOLLOWUP_STEP_NO_DATE
    return t.FOLLOWUP_STEP_LINE.format(step=escape(truncate(step.description, 1500)), when=when)


def followup_logged_message(
    *,
    customer: Customer,
    followup: FollowUp,
    step: NextStep | None,
    zone: ZoneInfo,
    concerns: tuple[DueConcern, ...] = (),
    repeated: bool = False,
) -> Message:
    verbs = t.FOLLOWUP_METHOD_VERBS
    verb = verbs.get(followup.method, verbs["other"])
    headline = t.FOLLOWUP_LOGGED.format(what=verb.format(customer=customer_label(customer)))
    blocks: list[dict[str, Any]] = [section(headline)]
    if repeated:
        when = slack_date(followup.created_at, has_time=True, zone=zone)
        blocks.append(context(msg.ALREADY_LOGGED.format(when=when)))
    if followup.text:
        blocks.append(
            section("> " + escape(truncate(followup.text, _QUOTE_LIMIT)).replace("\n", "\n> "))
        )
    buttons = [button(t.FOLLOWUP_UNDO, ids.FOLLOWUP_UNDO, str(followup.id), style="danger")]
    if step is not None:
        blocks.append(section(t.FOLLOWUP_NEXT_STEP.format(step=step_line(step, zone))))
        buttons.append(button(t.FOLLOWUP_EDIT_STEP, ids.NEXT_STEP_EDIT, str(step.id)))
        blocks += [context(_concern_text(concern)) for concern in concerns]
    else:
        buttons.append(button(t.FOLLOWUP_ADD_STEP, ids.NEXT_STEP_ADD, str(customer.id)))
    blocks.append(actions(buttons))
    title = verb.format(customer=f"{escape(customer.name)} ({customer.code})")
    return message(t.FOLLOWUP_LOGGED_TITLE.format(what=title), blocks)


def _concern_text(concern: DueConcern) -> str:
    phrase = escape(truncate(concern.phrase, 200))
    if concern.kind == "past":
        return msg.DATE_IN_THE_PAST.format(phrase=phrase)
    return msg.DATE_NOT_UNDERSTOOD.format(phrase=phrase)


def followup_undone_message(*, customer: Customer, removed_steps: int) -> Message:
    label = customer_label(customer)
    if removed_steps == 1:
        text = t.FOLLOWUP_UNDONE_WITH_STEP.format(customer=label)
    elif removed_steps > 1:
        text = t.FOLLOWUP_UNDONE_WITH_STEPS.format(customer=label, count=removed_steps)
    else:
        text = t.FOLLOWUP_UNDONE.format(customer=label)
    title = t.FOLLOWUP_UNDONE_TITLE.format(name=escape(customer.name))
    return message(title, [section(text)])


def step_saved_message(
    *, customer: Customer, step: NextStep, created: bool, zone: ZoneInfo
) -> Message:
    said = t.FOLLOWUP_STEP_ADDED if created else t.FOLLOWUP_STEP_UPDATED
    return plain_message(said.format(name=escape(customer.name), step=step_line(step, zone)))


def pick_value(draft_id: str, customer_id: int) -> str:
    return json.dumps({"draft": draft_id, "customer": customer_id}, separators=(",", ":"))


def candidates_message(
    *, draft_id: str, customers: list[Customer], name_guess: str, typed: str
) -> Message:
    blocks: list[dict[str, Any]] = [section(t.FOLLOWUP_WHICH.format(typed=escape(typed)))]
    for n, customer in enumerate(customers):
        blocks.append(
            section(
                customer_with_owner(customer),
                accessory=button(
                    t.FOLLOWUP_LOG_HERE,
                    ids.numbered(ids.FOLLOWUP_PICK, n),
                    pick_value(draft_id, customer.id or 0),
                ),
            )
        )
    blocks.append(context(t.FOLLOWUP_NONE_OF_THESE.format(name=escape(name_guess))))
    blocks.append(
        actions([button(_create_label(name_guess), ids.FOLLOWUP_CREATE_CUSTOMER, draft_id)])
    )
    return message(t.FOLLOWUP_WHICH_TITLE.format(typed=escape(typed)), blocks)


def not_found_message(*, draft_id: str, name_guess: str) -> Message:
    text = t.FOLLOWUP_NOT_FOUND.format(name=escape(name_guess))
    return message(
        t.FOLLOWUP_NOT_FOUND_TITLE.format(name=escape(name_guess)),
        [
            section(text),
            actions(
                [
                    button(
                        _create_label(name_guess),
                        ids.FOLLOWUP_CREATE_CUSTOMER,
                        draft_id,
                        style="primary",
                    )
                ]
            ),
            context(t.FOLLOWUP_QUOTE_TIP),
        ],
    )


def unknown_code_message(code: str) -> Message:
    return message(
        t.FOLLOWUP_UNKNOWN_CODE_TITLE.format(code=escape(code)),
        [section(t.FOLLOWUP_UNKNOWN_CODE.format(code=escape(code)))],
    )


def nothing_happened_message(customer: Customer) -> Message:
    text = t.FOLLOWUP_WHAT_HAPPENED.format(
        customer=customer_label(customer), code=escape(customer.code)
    )
    title = t.FOLLOWUP_WHAT_HAPPENED_TITLE.format(name=escape(customer.name))
    return message(title, [section(text)])


def plain_message(text: str) -> Message:
    return message(text, [section(text)])


def followup_reply_message(reply: FollowUpReply, zone: ZoneInfo) -> Message:
    """The message for whatever came of a `/followup` line or a choice made after it."""
    if isinstance(reply, LoggedFollowUp):
        return followup_logged_message(
            customer=reply.customer,
            followup=reply.followup,
            step=reply.next_step,
            zone=zone,
            concerns=reply.date_concerns,
            repeated=reply.repeated,
        )
    if isinstance(reply, AskWhichCustomer):
        return candidates_message(
            draft_id=reply.draft_id,
            customers=reply.customers,
            name_guess=reply.name_guess,
            typed=reply.typed,
        )
    if isinstance(reply, OfferNewCustomer):
        return not_found_message(draft_id=reply.draft_id, name_guess=reply.name_guess)
    if isinstance(reply, ConfirmCustomer):
        return confirm_message(
            draft_id=reply.draft_id,
            customer=reply.customer,
            name_guess=reply.name_guess,
            typed=reply.typed,
        )
    if isinstance(reply, ShowUsage):
        return usage_message(reply.word)
    if isinstance(reply, UnknownCode):
        return unknown_code_message(reply.code)
    if isinstance(reply, NothingToLog):
        return nothing_happened_message(reply.customer)
    if isinstance(reply, ArchivedCustomerNamed):
        said = archive_text.ARCHIVE_FOLLOWUP_REFUSED.format(
            customer=customer_label(reply.customer), code=reply.customer.code
        )
        return plain_message(said)
    if isinstance(reply, DraftExpired):
        return plain_message(msg.DRAFT_GONE)
    return usage_message()
