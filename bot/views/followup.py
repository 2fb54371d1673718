"""Messages about logging follow-ups."""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import ZoneInfo

from bot.catalog.messages import msg
from bot.dates.checks import DueConcern
from bot.followups.results import (
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

USAGE_TEXT = (
    "*Log a follow-up in one line:*\n"
    "`/followup &lt;customer&gt; &lt;what happened&gt;, next: &lt;next step&gt;`\n\n"
    "*Examples*\n"
    "• `/followup ACME called re: quote, next: send pricing fri`\n"
    "• `/followup C20240501001 emailed the contract, next step: call back next monday 9am`\n"
    '• `/followup "Acme Trading" visited the plant`\n'
    "• `/followup 华为 拜访了张总，下一步：下周三发报价`\n\n"
    "The customer can be a code, a name or part of one. Dates like `tomorrow`, `eod`, `next fri`, "
    "`Dec 5`, `明天下午3点` are read in your own time zone."
)
METHOD_VERBS = {
    "call": "a call with",
    "visit": "a visit to",
    "email": "an email to",
    "meeting": "a meeting with",
    "message": "a message to",
    "other": "a note on",
}
_QUOTE_LIMIT = 2800


def usage_message(word: str = "") -> Message:
    blocks = [section(USAGE_TEXT)]
    if word:
        note = msg.FOLLOWUP_NOT_A_NAME.format(word=escape(word))
        blocks.insert(0, section(note))
    return message("How to use /followup", blocks)


def confirm_message(*, draft_id: str, customer: Customer, name_guess: str, typed: str) -> Message:
    """One customer could be meant by what was typed, but not surely: ask before logging."""
    text = msg.FOLLOWUP_DID_YOU_MEAN.format(
        typed=escape(typed), customer=customer_with_owner(customer)
    )
    return message(
        f"Did you mean {escape(customer.name)}?",
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
                    button(
                        f"Create {truncate(name_guess, 60)}",
                        ids.FOLLOWUP_CREATE_CUSTOMER,
                        draft_id,
                    ),
                ]
            ),
        ],
    )


def step_line(step: NextStep, zone: ZoneInfo) -> str:
    when = (
        f"due {slack_date(step.due_at, has_time=step.due_has_time, zone=zone)}"
        if step.due_at
        else "_no date_"
    )
    return f"{escape(truncate(step.description, 1500))} — {when}"


def followup_logged_message(
    *,
    customer: Customer,
    followup: FollowUp,
    step: NextStep | None,
    zone: ZoneInfo,
    concerns: tuple[DueConcern, ...] = (),
    repeated: bool = False,
) -> Message:
    verb = METHOD_VERBS.get(followup.method, METHOD_VERBS["other"])
    headline = f":white_check_mark: Logged {verb} {customer_label(customer)}"
    blocks: list[dict[str, Any]] = [section(headline)]
    if repeated:
        when = slack_date(followup.created_at, has_time=True, zone=zone)
        blocks.append(context(msg.ALREADY_LOGGED.format(when=when)))
    if followup.text:
        blocks.append(
            section("> " + escape(truncate(followup.text, _QUOTE_LIMIT)).replace("\n", "\n> "))
        )
    buttons = [button("Undo", ids.FOLLOWUP_UNDO, str(followup.id), style="danger")]
    if step is not None:
        blocks.append(section(f"*Next step:* {step_line(step, zone)}"))
        buttons.append(button("Edit next step", ids.NEXT_STEP_EDIT, str(step.id)))
        blocks += [context(_concern_text(concern)) for concern in concerns]
    else:
        buttons.append(button("Add next step", ids.NEXT_STEP_ADD, str(customer.id)))
    blocks.append(actions(buttons))
    return message(f"Logged {verb} {escape(customer.name)} ({customer.code})", blocks)


def _concern_text(concern: DueConcern) -> str:
    phrase = escape(truncate(concern.phrase, 200))
    if concern.kind == "past":
        return msg.DATE_IN_THE_PAST.format(phrase=phrase)
    return msg.DATE_NOT_UNDERSTOOD.format(phrase=phrase)


def followup_undone_message(*, customer: Customer, removed_steps: int) -> Message:
    extra = ""
    if removed_steps == 1:
        extra = " and its next step"
    elif removed_steps > 1:
        extra = f" and its {removed_steps} next steps"
    text = (
        f":leftwards_arrow_with_hook: Undone: the follow-up on {customer_label(customer)}"
        f"{extra} was removed."
    )
    return message(f"Undone: follow-up on {escape(customer.name)} removed", [section(text)])


def pick_value(draft_id: str, customer_id: int) -> str:
    return json.dumps({"draft": draft_id, "customer": customer_id}, separators=(",", ":"))


def candidates_message(
    *, draft_id: str, customers: list[Customer], name_guess: str, typed: str
) -> Message:
    blocks: list[dict[str, Any]] = [
        section(f"More than one customer could be *{escape(typed)}*. Which one did you mean?")
    ]
    for n, customer in enumerate(customers):
        blocks.append(
            section(
                customer_with_owner(customer),
                accessory=button(
                    "Log it here",
                    ids.numbered(ids.FOLLOWUP_PICK, n),
                    pick_value(draft_id, customer.id or 0),
                ),
            )
        )
    blocks.append(
        context(f"None of these? You can create *{escape(name_guess)}* as a new customer.")
    )
    blocks.append(
        actions(
            [button(f"Create {truncate(name_guess, 60)}", ids.FOLLOWUP_CREATE_CUSTOMER, draft_id)]
        )
    )
    return message(f"Which customer did you mean by {escape(typed)}?", blocks)


def not_found_message(*, draft_id: str, name_guess: str) -> Message:
    text = (
        f":mag: I couldn't find a customer called *{escape(name_guess)}*. "
        "Create it and I'll log this follow-up on it."
    )
    return message(
        f"No customer called {escape(name_guess)}",
        [
            section(text),
            actions(
                [
                    button(
                        f"Create {truncate(name_guess, 60)}",
                        ids.FOLLOWUP_CREATE_CUSTOMER,
                        draft_id,
                        style="primary",
                    )
                ]
            ),
            context(
                "Tip: put a name in quotes to use it exactly, "
                'e.g. `/followup "Acme Trading" called`.'
            ),
        ],
    )


def unknown_code_message(code: str) -> Message:
    return message(
        f"No customer with code {escape(code)}",
        [
            section(
                f":mag: No customer has the code `{escape(code)}`. Check the code, or use the name."
            )
        ],
    )


def nothing_happened_message(customer: Customer) -> Message:
    text = (
        f"What happened with {customer_label(customer)}? For example:\n"
        f"`/followup {escape(customer.code)} called about the renewal, next: send quote fri`"
    )
    return message(f"What happened with {escape(customer.name)}?", [section(text)])


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
    if isinstance(reply, DraftExpired):
        return plain_message(msg.DRAFT_GONE)
    return usage_message()
