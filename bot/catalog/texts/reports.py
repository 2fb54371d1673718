"""Texts of the team-level reports: the customer rules (editor, preview, history), the weekly
digest (message, chart, setup), risk (hints on the card, the 'Set risk' modal) and what the
scheduler tells admins. Chinese in `bot/catalog/locale/zh/reports.po`.

Tier names are the team's own data and are shown as stored; activity levels and statuses come
from `msg.ACTIVITY_NAMES` and `msg.STATUS_NAMES`. Read through `text`
(`from bot.catalog.texts.reports import text as t`) when drawing, never at import time.
"""

from __future__ import annotations

from bot.catalog.catalog import Catalog


class ReportTexts(Catalog):
    # Buttons and titles shared by the rules, digest and risk modals (titles: 24 characters at
    # most)
    RULES_TITLE = "Customer rules"
    RULES_PREVIEW_TITLE = "Preview rules"
    REPORTS_PREVIEW = "Preview"
    REPORTS_APPLY = "Apply"
    REPORTS_BACK = "Back"
    REPORTS_CANCEL = "Cancel"
    REPORTS_CLOSE = "Close"
    REPORTS_SAVE = "Save"
    RULES_RESTORE = "Restore…"
    REPORTS_LIST_SEPARATOR = ", "

    # The rules as text (`/crm rules` for non-admins, and the preview)
    RULES_TIERS_HEADING = "*Value tiers* (by annual value)"
    RULES_TIER_LINE = "• *{name}* — {floor} · contact every {days} days"
    RULES_TIER_FLOOR = "{amount} or more"
    TIER_BUILT_IN_NAMES = {
        "Strategic": "Strategic",
        "Key": "Key",
        "Growth": "Growth",
        "Standard": "Standard",
    }
    """The default tiers' names; other languages name them in the .po file."""
    RULES_TIER_EVERYONE_ELSE = "everyone else"
    RULES_ACTIVITY_HEADING = "*Activity level* (follow-ups logged)"
    RULES_ACTIVITY_LINE = "• {level}: {count}+ in the last {days} days"
    RULES_ACTIVITY_BELOW = "• {level}: fewer than that in {days} days"
    RULES_DORMANCY = (
        "*Dormancy*: move to Dormant after {days} days without a follow-up ({dormant}); "
        "restore the previous status on the next follow-up ({restore})"
    )
    RULES_SWITCH_ON = "on"
    RULES_SWITCH_OFF = "off"
    RULES_HEADING = "*Customer rules* ({version})"
    RULES_VERSION = "version {version}"
    RULES_DEFAULTS = "the defaults"
    RULES_NOTE_READ_ONLY = (
        "Only CRM admins can change these. `/crm rules history` shows earlier versions."
    )
    RULES_NOTE_EDITABLE = "`/crm rules history` shows earlier versions."

    # The rules editor
    RULES_EDIT_TIERS_INTRO = (
        "*Value tiers* — by annual value in {currency}, highest first. A customer gets the "
        "first tier whose minimum it reaches; the last tier's minimum is 0. Empty a row's "
        "name to remove the tier, fill an empty row to add one. Give a tier a Chinese name "
        "after a slash, e.g. Key / 重点."
    )
    RULES_EDIT_TIER_NAME = "Tier {n}: name"
    RULES_EDIT_TIER_MINIMUM = "Tier {n}: minimum annual value"
    RULES_EDIT_TIER_CADENCE = "Tier {n}: contact every (days)"
    RULES_EDIT_ACTIVITY_INTRO = "*Activity level* — how many follow-ups in how many days."
    RULES_EDIT_ACTIVITY_COUNT = "{level}: at least this many follow-ups"
    RULES_EDIT_ACTIVITY_DAYS = "{level}: in the last … days"
    RULES_EDIT_DORMANCY_HEADING = "*Dormancy*"
    RULES_EDIT_DORMANCY_DAYS = "Days without a follow-up before Dormant"
    RULES_EDIT_DORMANCY_RULES = "Dormancy rules"
    RULES_EDIT_AUTO_DORMANT = "Move quiet customers to Dormant"
    RULES_EDIT_AUTO_RESTORE = "Restore their previous status on the next follow-up"

    # Problems with the rules typed in (shown under the field)
    RULES_ERR_TIER_NAME_OR_EMPTY = "Give the tier a name (or empty the whole row)."
    RULES_ERR_TIER_AMOUNT = "Enter an amount such as 100000, 100k or 10万."
    RULES_ERR_TIER_DAYS = "Enter a number of days, 1 or more."
    RULES_ERR_WHOLE_NUMBER = "Enter a whole number, 1 or more."
    RULES_ERR_KEEP_ONE_TIER = "Keep at least one tier."
    RULES_ERR_TIER_NAME = "Give the tier a name."
    RULES_ERR_TIER_NAME_TAKEN = "Each tier needs its own name."
    RULES_ERR_MINIMUMS_GO_DOWN = "Minimums must go down from one tier to the next."
    RULES_ERR_LAST_TIER_ZERO = (
        "The last tier takes everyone below the others: set its minimum to 0."
    )
    RULES_ERR_LOOK_FURTHER_BACK = "Each level must look further back than the one above it."

    # The preview
    RULES_PREVIEW_IMPACT = (
        "*If you apply these rules, {moved} of {customers} customers change tier:*"
    )
    RULES_PREVIEW_NO_IMPACT = "*No customer changes tier* ({customers} customers checked)."
    RULES_PREVIEW_MOVE_ONE = "• *{origin} → {tier}*: {count} customer ({examples})"
    RULES_PREVIEW_MOVE_MANY = "• *{origin} → {tier}*: {count} customers ({examples})"
    RULES_PREVIEW_EXAMPLES_AND_MORE = "{examples} and {count} more"
    RULES_PREVIEW_NO_TIER = "no tier"
    RULES_PREVIEW_CHANGES = "Changes: {summary}"
    RULES_CHANGED_MEANWHILE = (
        ":warning: Someone applied other rules while you were looking. Nothing was "
        "changed. Run `/crm rules` again to start from the rules now in force."
    )

    # What changed between two versions (the preview and the history)
    RULES_CHANGE_TIERS = "tiers {tiers}"
    RULES_CHANGE_TIER = "{name} ≥{minimum}/{days}d"
    RULES_CHANGE_ACTIVITY = {
        "high": "high activity {count} in {days}d",
        "medium": "medium activity {count} in {days}d",
        "low": "low activity {count} in {days}d",
    }
    RULES_CHANGE_DORMANCY = "dormancy {switch} after {days}d"
    RULES_CHANGES_SEPARATOR = "; "
    RULES_CHANGE_RESTORED = "restored version {version}"
    RULES_CHANGE_RESTORED_WITH = "restored version {version}: {summary}"
    RULES_NO_CHANGES = "no changes"

    # Applied, and the history
    RULES_APPLIED_BY_ONE = (
        ":white_check_mark: {person} applied customer rules version {version}: "
        "{moved} customer changed tier."
    )
    RULES_APPLIED_BY_MANY = (
        ":white_check_mark: {person} applied customer rules version {version}: "
        "{moved} customers changed tier."
    )
    RULES_APPLIED_NOTICE = "Customer rules version {version} applied"
    RULES_HISTORY_TITLE = "Customer rules history"
    RULES_HISTORY_VERSION = "*Version {version}*"
    RULES_HISTORY_IN_FORCE = "*in force*"
    RULES_HISTORY_DEFAULTS = "*Defaults* (version 0)"

    ONLY_MANAGERS_READ_DIGEST = "Only managers and admins read the team digest."

    # The weekly digest
    DIGEST_TITLE = "Weekly customer digest · {week}"
    DIGEST_SCOPE = "{total} customers · {scope} · the 7 days to this morning"
    DIGEST_ALL_TIERS = "all tiers"
    DIGEST_TIERS_ONLY = "{tiers} only"
    DIGEST_BY_STATUS = "*By status:* {statuses}"
    DIGEST_MOVES_HEADING = "*Tier movements*"
    DIGEST_MOVES = {"up": "up ({total}): {moves}", "down": "down ({total}): {moves}"}
    DIGEST_NO_MOVES = {"up": "up: none", "down": "down: none"}
    DIGEST_NEW = "*New customers* ({total}): {names}"
    DIGEST_WON = "*Won* ({total}): {names}"
    DIGEST_CHURNED = "*Churned* ({total}): {names}"
    DIGEST_NO_NAMES = "none"
    DIGEST_FOLLOWUPS_PER_REP = "*Follow-ups logged per rep*"
    DIGEST_OVERDUE_PER_OWNER = "*Overdue next steps per owner*"
    DIGEST_NO_PEOPLE = "_None._"
    DIGEST_PAST_CADENCE = "*{tier} accounts past cadence* ({total})"
    DIGEST_PAST_CADENCE_LINE = "• {name} (`{code}`) — {days} days since last contact"
    DIGEST_NONE_PAST_CADENCE = "_None — nicely done._"

    # The digest chart (and the file it is posted as)
    CHART_TITLE = "Customer digest · {week}"
    CHART_FILE_TITLE = "Customer digest {week}"
    CHART_PER_TIER = "Customers per tier"
    CHART_LAST_WEEK = "Last week"
    CHART_THIS_WEEK = "This week"
    CHART_FOLLOWUPS = "Follow-ups logged this week"
    CHART_NO_FOLLOWUPS = "No follow-ups this week"

    # `/crm digest`: where and when the digest goes, and in which language
    DIGEST_WEEKDAY_NAMES = {
        "0": "Monday",
        "1": "Tuesday",
        "2": "Wednesday",
        "3": "Thursday",
        "4": "Friday",
        "5": "Saturday",
        "6": "Sunday",
    }
    DIGEST_EVERY_WEEKDAY = {
        "0": "Mondays",
        "1": "Tuesdays",
        "2": "Wednesdays",
        "3": "Thursdays",
        "4": "Fridays",
        "5": "Saturdays",
        "6": "Sundays",
    }
    DIGEST_SETUP_TITLE = "Weekly digest"
    DIGEST_NO_CHANNELS = "No channel gets the weekly digest yet."
    DIGEST_CHANNELS_NOW = "Digests now: {channels}"
    DIGEST_CHANNEL_ITEM = "{channel} · {day} {time} {zone} · {tiers} · {language}"
    DIGEST_CHANNELS_SEPARATOR = "; "
    DIGEST_LABEL_CHANNEL = "Channel"
    DIGEST_LABEL_DAY = "Day"
    DIGEST_LABEL_TIME = "Time"
    DIGEST_LABEL_ZONE = "Time zone"
    DIGEST_HINT_ZONE = "A zone name such as Asia/Shanghai or America/New_York."
    DIGEST_LABEL_TIERS = "Tiers"
    DIGEST_ALL_TIERS_PLACEHOLDER = "All tiers"
    DIGEST_HINT_TIERS = "Leave empty for all tiers, e.g. pick Strategic and Key for #key-accounts."
    DIGEST_LABEL_LANGUAGE = "Language"
    DIGEST_HINT_LANGUAGE = "The digest and its chart are written in this language."
    DIGEST_LABEL_STOP = "Stop"
    DIGEST_STOP_OPTION = "Stop sending the digest to this channel"
    DIGEST_STOPPED = ":white_check_mark: {channel} will no longer get the weekly digest."
    DIGEST_SAVED = (
        ":white_check_mark: {channel} gets the weekly digest on {day} at {time} ({zone}) for "
        "{tiers}, in {language}. Make sure the app is in the channel (`/invite @crmbot`)."
    )
    DIGEST_ERR_PICK_CHANNEL = "Pick a channel."
    DIGEST_ERR_PICK_DAY = "Pick a day."
    DIGEST_ERR_PICK_TIME = "Pick a time."
    DIGEST_ERR_UNKNOWN_ZONE = "Unknown time zone; use a name such as Asia/Shanghai."
    DIGEST_ERR_PICK_LANGUAGE = "Pick a language."

    # `/crm nudges time …` / `escalate …`
    REPORTS_ERR_NUDGE_TIME = "Give the time as HH:MM, e.g. 08:30."
    REPORTS_ERR_ESCALATION_DAYS = "Escalate after 1 to 365 days."

    # To the admins, when a scheduled message cannot be delivered
    OUTBOUND_KINDS = {
        "digest": "digest",
        "chart": "chart",
        "nudge": "nudge",
        "escalation": "escalation",
        "message": "message",
    }
    DELIVERY_FAILED = (
        ":warning: crmbot could not deliver the {kind} for {where} (`{error}`) and will not "
        "retry it. If it is a channel, invite the app to it (`/invite @crmbot`) or pick another "
        "channel with `/crm digest`."
    )

    # Risk hints on the customer card (why the bot thinks a customer may be at risk)
    HINT_OVERDUE_ONE = "{count} next step overdue"
    HINT_OVERDUE_MANY = "{count} next steps overdue"
    HINT_NO_CONTACT = "no contact for {days} days ({tier}: every {cadence})"
    HINT_CHURN_SIGNALS = "churn signals: {words}"
    HINT_MARKED_CHURNED = "marked churned"
    HINTS_SEPARATOR = " · "

    # The 'Set risk' modal and its answer
    RISK_TITLE = "Set risk"
    RISK_LABEL = "Risk"
    RISK_AUTOMATIC_OPTION = "Automatic (from the hints)"
    RISK_AUTOMATIC = "automatic"
    RISK_SET = ":white_check_mark: Risk for {customer} is now {risk}."


text = ReportTexts()
