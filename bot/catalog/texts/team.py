"""Texts of `/crm` itself: its usage lines, and what a person sets for themselves."""

from __future__ import annotations

from bot.catalog.catalog import Catalog


class TeamTexts(Catalog):
    NUDGES_USAGE = (
        "`/crm nudges` shows when nudges go out; admins change it with `/crm nudges time 08:30` "
        "(each owner's own morning) and `/crm nudges escalate 5` (days overdue before managers "
        "hear)."
    )
    ROLE_USAGE = (
        "Give someone a role with `/crm role @person manager` (or `rep`, `admin`). "
        "`/crm role` alone lists who has which role."
    )
    DIGEST_PREVIEW_NOTE = "Preview — the weekly digest also carries a chart."
    ESCALATE_DAYS = "Give the number of days, e.g. `/crm nudges escalate 5`."
    LANGUAGE_NOW = "I write to you in {language}{how}."
    LANGUAGE_HOW_SLACK = " (from your Slack language)"
    LANGUAGE_HOW_CHOSEN = " (you chose it)"
    LANGUAGE_USAGE = (
        "Choose with `/crm language en` (English), `/crm language zh` (中文) or "
        "`/crm language auto` (follow your Slack language)."
    )
    LANGUAGE_SET = ":white_check_mark: From now on I write to you in {language}."
    LANGUAGE_AUTO = ":white_check_mark: From now on I follow your Slack language ({language})."
    LANGUAGE_NAMES = {"en": "English", "zh": "中文"}

    # `/crm help`
    CRM_HELP_TITLE = "crmbot commands"
    HELP_EVERYONE = (
        "*crmbot commands*\n"
        "*Follow-ups*\n"
        "• `/followup &lt;customer&gt; &lt;what happened&gt;, next: &lt;next step&gt;` — "
        "log a follow-up (`/followup help` for examples)\n\n"
        "*Customers*\n"
        "• `/customer` — your customers, most recently active first\n"
        "• `/customer new [name]` — add a customer (you own it)\n"
        "• `/customer &lt;code or name&gt;` — a customer's card; *All follow-ups* pages through "
        "them\n"
        "• `/customer list [filters]` — the team's customers, e.g. `/customer list mine overdue` "
        "or `/customer list key no-contact 30d`\n"
        "• `/customer history &lt;code or name&gt;` — every follow-up, to correct or delete\n\n"
        "*Your day*\n"
        "• `/crm todo` — your open next steps: overdue, today, this week\n"
        "• `/crm audit` — what to fix in your customers' data (managers: the team's)\n\n"
        "*Team*\n"
        "• `/crm rules` — how customers are classified\n"
        "• `/crm rules history` — earlier versions of the rules\n"
        "• `/crm role` — who is a manager or admin\n"
        "• `/crm nudges` — when the morning nudges go out\n"
        "• `/crm language en|zh|auto` — the language I write to you in\n"
        "• `/crm me` — your own language, phone region and currency\n"
        "• `/crm help` — this list"
    )
    HELP_REP = "As a *rep* you edit your own customers and see contact details only on those."
    HELP_MANAGER = (
        "As a *manager* you see and edit every customer, reassign owners with the Owner field in "
        "*Edit*, read overdue escalations, see a rep's to-dos with `/crm todo @person`, and "
        "preview the weekly digest with `/crm digest preview`."
    )
    HELP_ADMIN = (
        "As an *admin* you also change the rules (`/crm rules` opens the editor; restore an "
        "earlier version from `/crm rules history`), grant roles with "
        "`/crm role @person manager|rep|admin`, choose digest channels with `/crm digest`, "
        "set nudge times with `/crm nudges time 08:30` / `/crm nudges escalate 7`, and change "
        "the team's language, currency, phone region and code prefix with `/crm settings`."
    )
    NUDGE_SETTINGS = (
        "*Nudges* go to each owner at {time} in their own Slack time zone: next steps "
        "overdue or due that day, and customers past their tier's cadence. Steps overdue more "
        "than {days} days also go to managers."
    )

    # `/crm role`
    ROLES_TITLE = "Roles"
    ROLES_HEADING = "*Roles*"
    ROLES_LINE = "• {role}: {names}"
    ROLES_PLURAL = {"admin": "Admins", "manager": "Managers"}
    ROLES_NOBODY = "_nobody yet_"
    ROLES_EVERYONE_ELSE = "• Everyone else is a rep."
    ROLES_NOTE = (
        "Slack workspace admins and owners are CRM admins too. Admins named in CRM_ADMINS "
        "stay admins whatever is granted here."
    )
    ROLE_GRANTED = ":white_check_mark: {person} is now a {role}."
    ROLE_GRANTED_WAS = ":white_check_mark: {person} is now a {role} (was {before})."

    # `/crm settings` (admins): the team's own settings
    SETTINGS_TITLE = "Team settings"
    SETTINGS_SAVE = "Save"
    SETTINGS_CANCEL = "Cancel"
    SETTINGS_INTRO = (
        "*Settings for this team.* People's own Slack language and time zone come first; these "
        "apply where Slack doesn't say."
    )
    SETTINGS_LABELS = {
        "language": "Default language",
        "zone": "Fallback time zone",
        "currency": "Team currency",
        "phone_region": "Default phone region",
        "nudge_time": "Nudge time",
        "escalation_days": "Escalate after (days overdue)",
        "code_prefix": "Customer code prefix",
        "rates": "Exchange rates",
    }
    SETTINGS_HINTS = {
        "language": "For people whose Slack language is neither English nor Chinese.",
        "zone": "e.g. Asia/Shanghai or America/New_York, for people Slack has no zone for.",
        "currency": "ISO 4217 code, e.g. CNY or USD. Tier thresholds are in this currency.",
        "phone_region": "Two letters, e.g. CN or US, for numbers typed without +country.",
        "nudge_time": "HH:MM in each owner's own time zone, e.g. 08:30.",
        "escalation_days": "Managers hear about next steps overdue this many days.",
        "code_prefix": "1-4 letters; new customers get codes like C20240501001.",
        "rates": (
            "What one unit of another currency is worth in the team currency, e.g. "
            "USD=7.2, EUR=7.8. Used to place customers in tiers; never looked up online."
        ),
    }
    SETTINGS_SAVED = ":white_check_mark: Team settings saved: {changed}."
    LIST_JOIN = ", "
    SETTINGS_UNCHANGED = "Team settings saved; nothing changed."
    SETTINGS_ERR_CURRENCY = "Give a three-letter ISO 4217 currency code, e.g. CNY, USD or EUR."
    SETTINGS_ERR_CURRENCY_NAME = "{typed} is not a currency code; write {code}."
    SETTINGS_ERR_REGION = "Give a two-letter region code, e.g. CN, US or GB."
    SETTINGS_ERR_ZONE = "Give a time zone name such as Asia/Shanghai or America/New_York."
    SETTINGS_ERR_TIME = "Give the time as HH:MM, e.g. 08:30."
    SETTINGS_ERR_DAYS = "Give a whole number of days from 1 to {limit}."
    SETTINGS_ERR_PREFIX = "Give 1 to 4 letters, e.g. C or KH."
    SETTINGS_ERR_RATES = (
        "Can't read “{typed}”: write each rate as CODE=rate, e.g. USD=7.2, separated by commas "
        "(not the team currency itself)."
    )
    SETTINGS_ERR_LANGUAGE = "Pick English or 中文."

    # `/crm me`: what a person sets for themselves
    ME_TITLE = "My settings"
    ME_INTRO = "*Your own settings.* Leave a field empty to follow Slack and your team."
    ME_LANGUAGE = "Language"
    ME_LANGUAGE_AUTO = "Follow my Slack language"
    ME_REGION = "Phone region"
    ME_REGION_HINT = (
        "For numbers typed without +country. Now: {region} ({how}). Two letters, e.g. CN or US."
    )
    ME_CURRENCY = "Currency"
    ME_CURRENCY_HINT = "For amounts typed without a currency. Now: {currency} ({how})."
    ME_HOW_CHOSEN = "you chose it"
    ME_HOW_SLACK = "from your Slack time zone or language"
    ME_HOW_TEAM = "the team's"
    ME_SAVED = (
        ":white_check_mark: Saved. I write to you in {language}; numbers without +country are "
        "read as {region}; amounts without a currency are {currency}."
    )


text = TeamTexts()
