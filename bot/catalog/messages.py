"""Every sentence the bot says, in English. A Chinese catalogue will sit beside this one."""

from __future__ import annotations

# Customer modal: field labels, in the order the modal shows them (a public contract).
LABEL_NAME = "Customer name"
LABEL_TYPE = "Customer type"
LABEL_INDUSTRY = "Industry"
LABEL_CONTACT = "Contact name"
LABEL_TITLE = "Title"
LABEL_PHONE = "Phone"
LABEL_EMAIL = "Email"
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
ERR_MONEY = "Enter a non-negative amount, e.g. 250000, 250k, $1.2m or 50万."
ERR_MONEY_TOO_LARGE = "That amount is too large to store."
ERR_BAD_CHOICE = "Please pick one of the options."
ERR_TOO_MANY_NEEDS = "Please list at most {limit} needs."
ERR_STEP_BLANK = "Please describe the next step."
ERR_FOLLOWUP_BLANK = "Please write what happened."

# General
SOMETHING_WENT_WRONG = (
    ":warning: Sorry, something went wrong on our side and nothing was saved. Please try again."
)
CUSTOMER_GONE = "That customer no longer exists."
FOLLOWUP_GONE = "That follow-up was already removed."
STEP_GONE = "That next step no longer exists."
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
