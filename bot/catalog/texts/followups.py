"""What the follow-up surfaces say: `/followup` and its answers, Undo, the next-step and
log-follow-up forms. Chinese in `bot/catalog/locale/zh/followups.po`; the history texts and
the shared ones (`FOLLOWUP_DID_YOU_MEAN`, `FOLLOWUP_GONE`, …) are in `msg`.

Read through `text` (`from bot.catalog.texts.followups import text as t`) when drawing, never
at import time, so each reader gets their own language.
"""

from __future__ import annotations

from bot.catalog.catalog import Catalog


class FollowupTexts(Catalog):
    # `/followup` alone, or `/followup help` (bot/views/followup.py; also the App Home)
    FOLLOWUP_USAGE_TITLE = "How to use /followup"
    FOLLOWUP_USAGE = (
        "*Log a follow-up in one line:*\n"
        "`/followup &lt;customer&gt; &lt;what happened&gt;, next: &lt;next step&gt;`\n\n"
        "*Examples*\n"
        "• `/followup ACME called re: quote, next: send pricing fri`\n"
        "• `/followup C20240501001 emailed the contract, next step: call back next monday 9am`\n"
        '• `/followup "Acme Trading" visited the plant`\n'
        "• `/followup 华为 拜访了张总，下一步：下周三发报价`\n\n"
        "The customer can be a code, a name or part of one. Dates like `tomorrow`, `eod`, "
        "`next fri`, `Dec 5`, `明天下午3点` are read in your own time zone."
    )

    # A follow-up logged: "Logged a call with *Acme* (`C…`)"
    FOLLOWUP_METHOD_VERBS = {
        "call": "a call with {customer}",
        "visit": "a visit to {customer}",
        "email": "an email to {customer}",
        "meeting": "a meeting with {customer}",
        "message": "a message to {customer}",
        "other": "a note on {customer}",
    }
    FOLLOWUP_LOGGED = ":white_check_mark: Logged {what}"
    FOLLOWUP_LOGGED_TITLE = "Logged {what}"
    FOLLOWUP_NEXT_STEP = "*Next step:* {step}"
    FOLLOWUP_STEP_LINE = "{step} — {when}"
    FOLLOWUP_STEP_DUE = "due {when}"
    FOLLOWUP_STEP_NO_DATE = "_no date_"
    FOLLOWUP_UNDO = "Undo"
    FOLLOWUP_EDIT_STEP = "Edit next step"
    FOLLOWUP_ADD_STEP = "Add next step"

    # Undo
    FOLLOWUP_UNDONE = ":leftwards_arrow_with_hook: Undone: the follow-up on {customer} was removed."
    FOLLOWUP_UNDONE_WITH_STEP = (
        ":leftwards_arrow_with_hook: Undone: the follow-up on {customer} and its next step "
        "was removed."
    )
    FOLLOWUP_UNDONE_WITH_STEPS = (
        ":leftwards_arrow_with_hook: Undone: the follow-up on {customer} and its {count} next "
        "steps was removed."
    )
    FOLLOWUP_UNDONE_TITLE = "Undone: follow-up on {name} removed"

    # Which customer was meant (the question itself is msg.FOLLOWUP_DID_YOU_MEAN)
    FOLLOWUP_DID_YOU_MEAN_TITLE = "Did you mean {name}?"
    FOLLOWUP_CREATE_NAMED = "Create {name}"
    FOLLOWUP_WHICH = "More than one customer could be *{typed}*. Which one did you mean?"
    FOLLOWUP_WHICH_TITLE = "Which customer did you mean by {typed}?"
    FOLLOWUP_LOG_HERE = "Log it here"
    FOLLOWUP_NONE_OF_THESE = "None of these? You can create *{name}* as a new customer."
    FOLLOWUP_NOT_FOUND = (
        ":mag: I couldn't find a customer called *{name}*. "
        "Create it and I'll log this follow-up on it."
    )
    FOLLOWUP_NOT_FOUND_TITLE = "No customer called {name}"
    FOLLOWUP_QUOTE_TIP = (
        'Tip: put a name in quotes to use it exactly, e.g. `/followup "Acme Trading" called`.'
    )
    FOLLOWUP_UNKNOWN_CODE = (
        ":mag: No customer has the code `{code}`. Check the code, or use the name."
    )
    FOLLOWUP_UNKNOWN_CODE_TITLE = "No customer with code {code}"
    FOLLOWUP_WHAT_HAPPENED = (
        "What happened with {customer}? For example:\n"
        "`/followup {code} called about the renewal, next: send quote fri`"
    )
    FOLLOWUP_WHAT_HAPPENED_TITLE = "What happened with {name}?"

    # A next step saved from its form (handlers/views/steps.py)
    FOLLOWUP_STEP_ADDED = ":white_check_mark: Added next step for *{name}*: {step}"
    FOLLOWUP_STEP_UPDATED = ":white_check_mark: Updated next step for *{name}*: {step}"

    # The next-step and log-follow-up forms (bot/views/step_modals.py)
    FOLLOWUP_STEP_FORM_ADD_TITLE = "Add next step"
    FOLLOWUP_STEP_FORM_EDIT_TITLE = "Edit next step"
    FOLLOWUP_STEP_FORM_STEP = "Next step"
    FOLLOWUP_STEP_FORM_DUE_DATE = "Due date"
    FOLLOWUP_STEP_FORM_DUE_TIME = "Due time"
    FOLLOWUP_STEP_FORM_DUE_TIME_HINT = "Optional. In your time zone ({zone})."
    FOLLOWUP_STEP_FORM_SAVE = "Save"
    FOLLOWUP_STEP_FORM_CANCEL = "Cancel"
    FOLLOWUP_FORM_TITLE = "Log follow-up"
    FOLLOWUP_FORM_LOG = "Log"
    FOLLOWUP_FORM_WHAT = "What happened"
    FOLLOWUP_FORM_HOW = "How"
    FOLLOWUP_FORM_HOW_HINT = "Leave empty and I'll guess from what you wrote."


text = FollowupTexts()
