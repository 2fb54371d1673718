"""Every sentence the bot says, in English; `locale/zh/*.po` has them in Chinese.

Read them through `msg` (`from bot.catalog.messages import msg`): `msg.LIST_TITLE` is in the
language of whoever is being written to (see `bot.catalog.language`).
"""

from __future__ import annotations

from bot.catalog.catalog import Catalog


class Messages(Catalog):
    # Customer modal: field labels, in the order the modal shows them (a public contract).
    LABEL_NAME = "Customer name"
    LABEL_ALIASES = "Also known as"
    LABEL_TYPE = "Customer type"
    LABEL_INDUSTRY = "Industry"
    LABEL_CONTACT = "Contact name"
    LABEL_TITLE = "Title"
    LABEL_PHONE = "Phone"
    LABEL_EMAIL = "Email"
    LABEL_WECHAT = "WeChat ID"
    LABEL_REGION = "Region"
    LABEL_SIZE = "Company size"
    LABEL_SOURCE = "Source"
    LABEL_VALUE = "Annual value"
    LABEL_STATUS = "Status"
    LABEL_OWNER = "Owner"
    LABEL_NEEDS = "Needs"
    LABEL_NOTES = "Notes"

    TYPE_NAMES = {"company": "Company", "individual": "Individual"}
    STATUS_NAMES = {
        "lead": "Lead",
        "prospect": "Prospect",
        "customer": "Customer",
        "churned": "Churned",
        "dormant": "Dormant",
    }
    SOURCE_NAMES = {
        "referral": "Referral",
        "website": "Website",
        "inbound": "Inbound call or email",
        "outbound": "Outbound prospecting",
        "event": "Event or trade show",
        "partner": "Partner",
        "advertising": "Advertising",
        "other": "Other",
    }
    RISK_NAMES = {"low": "Low", "medium": "Medium", "high": "High"}
    ACTIVITY_NAMES = {"high": "High", "medium": "Medium", "low": "Low", "dormant": "Dormant"}
    ROLE_NAMES = {"admin": "Admin", "manager": "Manager", "rep": "Rep"}
    METHOD_NAMES = {
        "call": "Call",
        "visit": "Visit",
        "email": "Email",
        "meeting": "Meeting",
        "message": "Message",
        "other": "Note",
    }

    # Validation
    ERR_NAME_BLANK = "Please enter the customer's name."
    ERR_OWNER_MISSING = "Please choose who owns this customer."
    ERR_PHONE = (
        "That doesn't look like a valid phone number. Try the full number, e.g. +1 415 555 0100."
    )
    ERR_EMAIL = "That doesn't look like a valid email address, e.g. name@example.com."
    ERR_WECHAT = "A WeChat ID has no spaces and at most 64 characters."
    ERR_MONEY = "Enter a non-negative amount, e.g. 250000, 250k, $1.2m or 50万."
    ERR_MONEY_TOO_LARGE = "That amount is too large to store."
    ERR_BAD_CHOICE = "Please pick one of the options."
    ERR_BAD_DUE = "Pick a date between 1900 and 2999 (and a time, if you like)."
    ERR_TOO_LONG = "Please keep this to {limit} characters or fewer."
    ERR_BAD_VALUE = "This value can't be stored; please check it."
    ERR_TOO_MANY_NEEDS = "Please list at most {limit} needs."
    ERR_TOO_MANY_ALIASES = "Please give at most {limit} other names."
    ERR_NAME_TAKEN = (
        "{name} ({code}) already has this name. Open it with /customer {code}, or give this "
        "customer a name that tells them apart, e.g. with the city."
    )
    ERR_NAME_TAKEN_NOW = (
        "A customer with this name was just added. Please give this one another name."
    )
    ERR_STEP_BLANK = "Please describe the next step."
    ERR_FOLLOWUP_BLANK = "Please write what happened."

    # General
    SOMETHING_WENT_WRONG = (
        ":warning: Sorry, something went wrong on our side and nothing was saved. Please try again."
    )
    TOO_SLOW = (
        ":hourglass: That took too long to answer, so nothing was saved. "
        "Please try again in a minute."
    )
    CUSTOMER_GONE = "That customer no longer exists."
    FOLLOWUP_GONE = "That follow-up was already removed."
    STEP_GONE = "That next step no longer exists."
    ALREADY_LOGGED = (
        "You already logged exactly this line ({when}), so it was not saved a second time. "
        "Change a word to log it again."
    )
    MAYBE_SAVED = (
        ":warning: The connection to the database broke while saving, so I can't tell whether "
        "this was saved. Please check (e.g. with `/customer` and the name) before trying again; "
        "the same /followup line sent again within 10 minutes is not logged twice."
    )
    OUT_OF_DATE = (
        "That button or form is out of date, so nothing was changed. Please run the command again."
    )
    NUDGE_GONE = (
        "That reminder is out of date, so nothing was changed. `/crm todo` shows what is open now."
    )
    DRAFT_GONE = "This choice has expired. Please run the command again."

    # Weekly digest and nudges at scale
    DIGEST_AND_MORE = "and {count} more"
    DIGEST_WORKING = ":hourglass_flowing_sand: Working on the digest…"
    ESCALATION_MORE = "…and {count} more overdue next steps not listed here."
    DIGEST_CHART_OTHER_REPS = "and {count} more reps not shown"

    # Customer rules: work done after the modal is acknowledged
    RULES_WORKING = ":hourglass_flowing_sand: Working out what would change…"
    RULES_APPLYING = ":hourglass_flowing_sand: Applying the new rules…"
    RULES_APPLIED = (
        ":white_check_mark: Customer rules version {version} are in force: "
        "{moved} customer{plural} changed tier."
    )
    RULES_NOT_APPLIED = ":warning: Sorry, the rules could not be applied. Nothing changed."
    RULES_PREVIEW_FAILED = (
        ":warning: Sorry, the preview could not be worked out. Nothing changed; please try again."
    )
    RULES_NEED_FIXING = "*These rules need fixing before they can be previewed:*"
    RULES_GO_BACK = "Go back to the editor to change them."
    RULES_NO_SUCH_VERSION = "There is no version {version} of the rules."

    # `/customer list` (bot/views/customer_list.py)
    LIST_TITLE = "Customers"
    LIST_SORTED_OLDEST = "Longest since last contact first (never contacted at the top)"
    LIST_SORTED_NEWEST = "Most recently contacted first"
    LIST_NONE = ":mag: No customers match."
    LIST_NONE_HINT = "Try fewer filters, or `/customer help` for the ones there are."
    LIST_NOT_UNDERSTOOD = ":warning: I didn't understand {what}, so it is not applied."
    LIST_UNKNOWN_OWNER = ":warning: Nobody called @{name} owns customers here."
    LIST_COUNTS = "*{total}* match"
    LIST_PAGE = "Page {page} of {pages}"
    LIST_PAGE_ALONE = "Page {page}"
    LIST_PREV = "‹ Prev"
    LIST_NEXT = "Next ›"
    LIST_OPEN = "Open"
    LIST_NEVER_CONTACTED = "never contacted"
    LIST_LAST_CONTACT = "last contact {when}"
    LIST_FILTER_HINT = (
        "Filter with words like `mine`, `@sam`, `lead`, `key`, `overdue`, `no-contact 30d`, "
        "`activity:low`, `risk:high`, `region:Shanghai`, `industry:retail`, `newest`, "
        "or part of a name."
    )
    OWN_NONE = "You don't own any customers yet."
    OWN_NONE_TEAM = "You don't own any customers yet; the team has *{total}*."
    OWN_NONE_NEXT = (
        "See the team's with `/customer list` (e.g. `/customer list overdue` or "
        "`/customer list @sam`), or add one with `/customer new &lt;name&gt;`."
    )
    CUSTOMER_USAGE = (
        "*Customers*\n"
        "• `/customer` — your customers, most recently active first\n"
        "• `/customer list [filters]` (or `/customer 列表`) — the team's customers, "
        "a page at a time\n"
        "• `/customer new [name]` — add a customer\n"
        "• `/customer history &lt;code or name&gt;` — every follow-up of a customer\n"
        "• `/customer &lt;code or name&gt;` — a customer's card, e.g. `/customer C20240501001` or "
        "`/customer acme`"
    )
    LIST_FILTERS_HELP = (
        "*Filters for `/customer list`* (combine any):\n"
        "• `mine`, `@sam` or `owner:@sam` — whose customers\n"
        "• `lead`, `prospect`, `customer`, `churned`, `dormant` or `status:lead` — status\n"
        "• a tier name (`key`, `tier:Strategic`) — value tier\n"
        "• `activity:low`, `risk:high` (risk as set by hand on the card)\n"
        '• `region:Shanghai`, `industry:"real estate"` — contains, any case\n'
        "• `overdue` — has an open next step past its due time\n"
        "• `no-contact 30d` — not contacted for 30 days or more (or never)\n"
        "• `newest` — most recently contacted first (the default is longest silent first)\n"
        "• any other word — must appear in the customer's name"
    )

    # `/crm todo` (bot/views/todo.py)
    TODO_TITLE_MINE = "Your open next steps"
    TODO_TITLE_OF = "Open next steps of {who}"
    TODO_OVERDUE = ":red_circle: *Overdue*"
    TODO_TODAY = ":large_yellow_circle: *Today*"
    TODO_THIS_WEEK = ":calendar: *Later this week*"
    TODO_NOTHING = ":tada: Nothing due this week."
    TODO_MORE = "…and {count} more not shown here."
    TODO_NOT_YOURS = (
        "Only managers and admins can see someone else's next steps. `/crm todo` shows yours."
    )
    TODO_DONE = "Done"
    TODO_SNOOZE = "Snooze"
    TODO_RESCHEDULE = "Reschedule"
    TODO_LOG = "Log follow-up"
    TODO_USAGE = (
        "`/crm todo` shows your open next steps; managers can add a person: `/crm todo @sam`."
    )

    # Follow-up history (bot/views/history.py)
    HISTORY_TITLE = "All follow-ups · {name}"
    HISTORY_NONE = "_No follow-ups yet._"
    HISTORY_EDIT = "Edit"
    HISTORY_DELETE = "Delete"
    HISTORY_DELETE_TITLE = "Delete this follow-up?"
    HISTORY_DELETE_TEXT = (
        "It is removed from the customer's history. Next steps it created stay, on their own."
    )
    HISTORY_DELETE_CONFIRM = "Delete"
    HISTORY_CANCEL = "Cancel"
    HISTORY_EDITED = ":pencil2: Follow-up on *{name}* updated."
    HISTORY_DELETED = ":wastebasket: Follow-up on *{name}* deleted."
    HISTORY_DELETED_STEPS = " Its {count} next step(s) stay open on their own."
    HISTORY_EDIT_TITLE = "Edit follow-up"
    HISTORY_EDIT_SAVE = "Save"
    HISTORY_EDIT_WHAT = "What happened"
    HISTORY_EDIT_HOW = "How"
    HISTORY_ORIGINAL = "Logged as: {raw}"
    HISTORY_NOT_ALLOWED = "Only the person who logged this follow-up or an admin can change it."
    HISTORY_USAGE = (
        "Show every follow-up of a customer with `/customer history &lt;code or name&gt;`."
    )
    HISTORY_AUTHOR = "by {who}"
    SUBCOMMAND_NOT_A_NAME = ":information_source: `{word}` is a command word, not a customer."

    # Names: asking before taking a customer that is only probably meant.
    FOLLOWUP_DID_YOU_MEAN = ":thinking_face: Did you mean {customer} by *{typed}*?"
    FOLLOWUP_YES_LOG_IT = "Yes, log it there"
    FOLLOWUP_NOT_A_NAME = (
        "*{word}* isn't a customer name here. Start with the customer, then what happened:"
    )
    DATE_IN_THE_PAST = (
        ":warning: *{phrase}* is already past, so the step is overdue now. "
        "Press *Edit next step* if you meant another day."
    )
    DATE_NOT_UNDERSTOOD = (
        ":warning: I didn't understand *{phrase}* as a date. "
        "Press *Edit next step* to give the step a date."
    )
    ALL_FOLLOWUPS = "All follow-ups"


msg = Messages()
