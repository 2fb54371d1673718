"""Texts of the morning nudge DM, the managers' escalation, the admins' delivery report,
`/crm todo` lines and the App Home tab. The buttons shared by the nudge and `/crm todo` (Done,
Snooze, Reschedule, Log follow-up) and the `/crm todo` headings are `msg.TODO_…`."""

from __future__ import annotations

from bot.catalog.catalog import Catalog


class NudgeTexts(Catalog):
    # The morning DM (bot/views/nudge.py)
    NUDGE_TITLE_ONE = "Good morning! {count} thing needs you today"
    NUDGE_TITLE_MANY = "Good morning! {count} things need you today"
    NUDGE_ALL_DONE = "All done for today :tada:"
    NUDGE_MORE = "…and {count} more. Run `/customer` to see all your customers."
    NUDGE_REMOVED_CUSTOMER = "_a removed customer_"
    NUDGE_SNOOZE_FOR = {"1d": "1 day", "3d": "3 days", "7d": "1 week"}
    """The snooze choices, by the period `bot.nudges.items.SNOOZES` knows."""

    # One item of the DM, as it stands now
    NUDGE_OVERDUE_ONE = ":red_circle: *Overdue* · {who}: {what} — was due {due} ({days} day ago)"
    NUDGE_OVERDUE_MANY = ":red_circle: *Overdue* · {who}: {what} — was due {due} ({days} days ago)"
    NUDGE_DUE_TODAY = ":large_yellow_circle: *Due today* · {who}: {what} — {due}"
    NUDGE_PAST_CADENCE = (
        ":hourglass: *Time to get in touch* · {who} ({tier}): last contact {days} days ago, "
        "the tier asks for every {cadence} days"
    )
    NUDGE_DONE_LINE = ":white_check_mark: ~{what}~ · {who} — done"
    NUDGE_GET_IN_TOUCH = "get in touch"
    NUDGE_SNOOZED_LINE = ":zzz: {what} · {who} — snoozed until {until}"
    NUDGE_MOVED_LINE = ":calendar: {what} · {who} — moved to {due}"
    NUDGE_CONTACTED_LINE = ":white_check_mark: {who} — follow-up logged"
    NUDGE_GONE_LINE = "~{who}~ — no longer open"

    # The escalation to managers
    NUDGE_ESCALATION_TITLE_ONE = "{count} next step overdue more than {days} days"
    NUDGE_ESCALATION_TITLE_MANY = "{count} next steps overdue more than {days} days"
    NUDGE_ESCALATION_OWNER = "{owner} ({count})"
    NUDGE_ESCALATION_ROW = "• {customer}: {what} — {days} days"
    NUDGE_ESCALATION_OWNER_MORE = "…and {count} more"

    # To the admins, when a scheduled message cannot be delivered (scheduler/jobs.py)
    NUDGE_OUTBOUND_KINDS = {
        "digest": "digest",
        "chart": "chart",
        "nudge": "nudge",
        "escalation": "escalation",
        "message": "message",
    }
    NUDGE_DELIVERY_FAILED = (
        ":warning: crmbot could not deliver the {kind} for {where} (`{error}`) and will not "
        "retry it. If it is a channel, invite the app to it (`/invite @crmbot`) or pick another "
        "channel with `/crm digest`."
    )

    # A line of `/crm todo` (bot/views/todo.py)
    NUDGE_TODO_ITEM = "{who}: {what} — {due}"
    NUDGE_TODO_ITEM_LATE_ONE = "{who}: {what} — {due} ({days} day late)"
    NUDGE_TODO_ITEM_LATE_MANY = "{who}: {what} — {due} ({days} days late)"

    # The App Home tab (bot/views/home.py)
    HOME_TITLE = "crmbot"
    HOME_CUSTOMERS = (
        "*Customers*\n• `/customer` — your customers\n• `/customer new` — add one\n"
        "• `/customer &lt;code or name&gt;` — a customer's card"
    )
    HOME_FOOTER = "Everything you log is kept with your team's customers. `/crm help` for more."


text = NudgeTexts()
