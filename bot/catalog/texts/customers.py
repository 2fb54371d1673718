"""What the customer views say: the card, the form, lists of customers and the 'which one?'
answers. Chinese in `bot/catalog/locale/zh/customers.po`.

Read through `text` (`from bot.catalog.texts.customers import text as t`) when drawing, never
at import time, so each reader gets their own language.
"""

from __future__ import annotations

from bot.catalog.catalog import Catalog


class CustomerTexts(Catalog):
    # Industries people commonly type, by key: shown in the reader's language when a stored
    # industry is one of them in either language (bot/views/industries.py).
    INDUSTRY_NAMES = {
        "manufacturing": "Manufacturing",
        "retail": "Retail",
        "wholesale": "Wholesale",
        "software": "Software",
        "internet": "Internet",
        "finance": "Finance",
        "banking": "Banking",
        "insurance": "Insurance",
        "healthcare": "Healthcare",
        "pharma": "Pharmaceuticals",
        "education": "Education",
        "construction": "Construction",
        "real_estate": "Real estate",
        "logistics": "Logistics",
        "energy": "Energy",
        "automotive": "Automotive",
        "telecom": "Telecommunications",
        "media": "Media",
        "hospitality": "Hospitality",
        "agriculture": "Agriculture",
        "government": "Government",
        "consulting": "Consulting",
        "chemicals": "Chemicals",
        "electronics": "Electronics",
        "food": "Food and beverage",
        "trading": "Trading",
    }

    # The card (bot/views/customer_card.py)
    CARD_TITLE = "Customer"
    CARD_BACK = "Back"
    CARD_FIELDS = {
        "code": "Code",
        "status": "Status",
        "owner": "Owner",
        "tier": "Tier",
        "activity": "Activity",
        "risk": "Risk",
        "contact": "Contact",
        "phone": "Phone",
        "email": "Email",
        "annual_value": "Annual value",
    }
    CARD_FIELD = "*{label}*\n{value}"
    CARD_RISK_BY_HAND = "{risk} (set by hand)"
    CARD_RISK_BY_HAND_HINTS = "{risk} (set by hand; hints say {computed})"
    CARD_CADENCE = "{tier} tier: contact every {days} days"
    CARD_NEVER_CONTACTED = "Never contacted · {cadence}"
    CARD_LAST_CONTACT = "Last contact {ago} · {cadence}"
    CARD_LAST_CONTACT_LATE = ":hourglass: Last contact {ago} — {late} days past cadence · {cadence}"
    CARD_AGO_TODAY = "today"
    CARD_AGO_ONE_DAY = "1 day ago"
    CARD_AGO_DAYS = "{days} days ago"
    CARD_NEEDS = "Needs: {needs}"
    CARD_SIZE = "Size: {size}"
    CARD_SOURCE = "Source: {source}"
    CARD_NOTES = "Notes: {notes}"
    CARD_RECENT_FOLLOWUPS = "*Recent follow-ups*"
    CARD_NO_FOLLOWUPS = "_None yet._"
    CARD_OPEN_STEPS = "*Open next steps*"
    CARD_NO_STEPS = "_None._"
    CARD_LOG_FOLLOWUP = "Log follow-up"
    CARD_ADD_STEP = "Add next step"
    CARD_EDIT = "Edit"
    CARD_SET_RISK = "Set risk"

    # `/customer` alone: the person's own customers
    OWN_TITLE = "Your customers ({total})"
    OWN_HEADING = "*Your customers* ({total})"
    OWN_NEVER_CONTACTED = "last contact never"
    OWN_MORE = "Showing the {shown} most recently active of {total}. Use `/customer &lt;name&gt;`."
    OWN_NONE_TITLE = "You don't own any customers yet"
    OWN_NONE_CREATE = (
        "You don't own any customers yet. Create one with `/customer new &lt;name&gt;`."
    )

    # `/customer <name>` answering with several customers, or none
    CHOICES_TITLE = "Which customer did you mean by {typed}?"
    CHOICES_HEADING = "More than one customer could be *{typed}*. Which one?"
    NOT_FOUND_TITLE = "No customer matches {typed}"
    NOT_FOUND = ":mag: No customer matches *{typed}*. Create it with `/customer new {name}`."
    WITH_OWNER = "{customer} · owner {owner}"

    # After the form is saved, and when a customer changes hands
    CREATED = ":white_check_mark: Created *{name}* — customer code `{code}`."
    CREATED_TITLE = "Created {name} ({code})"
    SAVED = ":white_check_mark: Saved *{name}* — customer code `{code}`."
    SAVED_TITLE = "Saved {name} ({code})"
    GIVEN_TO_YOU = ":inbox_tray: {by} gave you {customer} (previously {previous}).{steps}"
    GIVEN_TO_YOU_TITLE = "You now own {name}"
    MOVED_AWAY = ":outbox_tray: {by} moved {customer} to {owner}.{steps}"
    MOVED_AWAY_TITLE = "{name} moved to a new owner"
    MOVED_ONE_STEP = " Its 1 open next step moved with it."
    MOVED_STEPS = " Its {count} open next steps moved with it."

    # The customer form (bot/views/customer_modal.py); its labels are in `msg` (LABEL_*)
    FORM_NEW_TITLE = "New customer"
    FORM_EDIT_TITLE = "Edit customer"
    FORM_CREATE = "Create"
    FORM_CREATE_ANYWAY = "Create anyway"
    FORM_SAVE = "Save"
    FORM_CANCEL = "Cancel"
    FORM_PLACEHOLDERS = {
        "name": "e.g. Acme Corporation or 华为技术有限公司",
        "aliases": "Short or other names, comma-separated: 浦发, SPDB",
        "industry": "e.g. Manufacturing",
        "contact_title": "e.g. Head of Procurement",
        "phone": "e.g. +1 415 555 0100",
        "email": "e.g. jane@acme.com",
        "region": "e.g. East China, EMEA",
        "annual_value": "e.g. 250000, $1.2m or 50万",
        "needs": "Comma-separated, e.g. CRM, training, support",
    }
    COMPANY_SIZE_NAMES = {
        "1-10": "1-10",
        "11-50": "11-50",
        "51-200": "51-200",
        "201-1000": "201-1000",
        "1001-5000": "1001-5000",
        "5000+": "5000+",
    }
    DUPLICATE_WARNING = (
        ":warning: *This looks like a customer you already have.* Nothing is saved yet."
    )
    DUPLICATE_OPEN = "Open existing"
    DUPLICATE_HINT = "Open the existing customer, or press *Create anyway* to add a new one."
    DUPLICATE_SAME = {"name": "same name", "phone": "same phone", "email": "same email"}
    DUPLICATE_SAME_JOIN = ", "
    DUPLICATE_SIMILAR = "similar"

    # `/customer list`: the filters in force, said back (bot/views/customer_list.py)
    FILTER_TIER = "tier {tier}"
    FILTER_ACTIVITY = "activity {level}"
    FILTER_RISK = "risk {level}"
    FILTER_MINE = "mine"
    FILTER_OWNER = "owner {owner}"
    FILTER_REGION = "region “{region}”"
    FILTER_INDUSTRY = "industry “{industry}”"
    FILTER_OVERDUE = "overdue next steps"
    FILTER_QUIET = "no contact for {days}+ days"
    FILTER_NAME = "name contains “{word}”"
    HELP_TITLE = "How to use /customer"


text = CustomerTexts()
