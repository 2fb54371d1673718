"""What `/crm audit` says about the team's data (bot/views/quality.py)."""

from __future__ import annotations

from bot.catalog.catalog import Catalog


class QualityTexts(Catalog):
    AUDIT_WORKING = ":hourglass_flowing_sand: Checking the customer data…"
    AUDIT_TITLE = "Customer data check"
    AUDIT_HEADING_TEAM = "*Customer data check* — the team's customers"
    AUDIT_HEADING_OWN = "*Customer data check* — your customers"
    AUDIT_ALL_GOOD = ":white_check_mark: Nothing to fix: every check came back clean."
    AUDIT_SUMMARY = "{count} things to look at."
    AUDIT_SUMMARY_ONE = "1 thing to look at."
    AUDIT_PROBLEMS = {
        "no_contact": "*No phone or email* ({count})",
        "bad_contact": "*Phone or email that can't be used* ({count})",
        "top_tier_quiet": "*{tier} customers not contacted in {days} days* ({count})",
        "long_overdue": "*Next steps overdue more than {days} days* ({count})",
        "no_owner": "*Owner left Slack or is missing* ({count})",
        "duplicates": "*Same phone or email as another customer* ({count})",
    }
    AUDIT_FIXES = {
        "no_contact": "Add a phone or email with *Edit* on the card.",
        "bad_contact": "Correct it with *Edit*; the form checks numbers and addresses.",
        "top_tier_quiet": "Log a follow-up, or add a next step.",
        "long_overdue": "Mark them done, or reschedule them from `/crm todo`.",
        "no_owner": "A manager gives them to someone with the Owner field in *Edit*.",
        "duplicates": "Open both; if they are one customer, keep one and correct the other.",
    }
    AUDIT_MORE = "…and {count} more."
    AUDIT_OPEN = "Open"
    AUDIT_OWN_NOTE = "Managers and admins see the whole team's data here."

    # `/crm duplicates` and `/crm merge`
    DUPLICATES_TITLE = "Possible duplicates"
    DUPLICATES_HEADING = (
        "*Possible duplicates* — customers with the same phone or email, or nearly the same name"
    )
    DUPLICATES_NONE = (
        ":white_check_mark: No two customers share a phone number or an email, or have nearly "
        "the same name."
    )
    DUPLICATES_PAIR = "{first}\n{second}\n_same {what}_"
    DUPLICATES_PAIR_NAME = "{first}\n{second}\n_similar names ({score}% alike)_"
    DUPLICATES_SAME = {"phone": "phone", "email": "email"}
    DUPLICATES_MERGE = "Merge"
    DUPLICATES_CONFIRM_TITLE = "Merge these customers?"
    DUPLICATES_CONFIRM = (
        "{gone} goes into {kept}: its follow-ups, next steps and history move, empty fields "
        "are filled from it, and its code finds {kept} from now on."
    )
    DUPLICATES_CONFIRM_YES = "Merge"
    DUPLICATES_CONFIRM_NO = "Cancel"
    DUPLICATES_MORE = "Showing the first {shown}. Merge these, then run `/crm duplicates` again."
    DUPLICATES_HINT = "Or merge by code: `/crm merge CODE_TO_KEEP CODE_TO_MERGE_AWAY`."
    MERGE_USAGE = (
        "Merge one customer into another with `/crm merge CODE_TO_KEEP CODE_TO_MERGE_AWAY`, "
        "e.g. `/crm merge C20240501001 C20240612003`. `/crm duplicates` lists likely pairs."
    )
    MERGE_MANAGERS_ONLY = "Only managers and admins can merge customers."
    MERGE_NO_SUCH_CODE = "No customer has the code {code}."
    MERGE_SAME_CUSTOMER = "Those two codes are the same customer."
    MERGE_DONE = (
        ":twisted_rightwards_arrows: Merged *{gone}* (`{gone_code}`) into {kept}. "
        "Moved: follow-ups {followups}, next steps {steps}."
    )
    MERGE_FILLED = "Filled from {gone}: {fields}."
    MERGE_CONFLICTS = "Kept {kept}'s own value where both had one: {fields}."
    MERGE_CODE_NOTE = "`{gone_code}` now finds {kept}."
    MERGE_DONE_TITLE = "Merged {gone}"

    # `/crm export`
    EXPORT_MANAGERS_ONLY = "Only managers and admins can export the team's customers."
    EXPORT_WORKING = ":hourglass_flowing_sand: Preparing your export…"
    EXPORT_SENT = (
        ":outbox_tray: Sent `{filename}` ({count} customers) to your DM with crmbot. "
        "It imports back unchanged with `crm-bot import`."
    )
    EXPORT_UNKNOWN = (
        "I don't know {words}. Try `/crm export`, `/crm export csv`, `/crm export zh`, or a tier "
        "and a status, e.g. `/crm export Key customer`."
    )
    EXPORT_COMMENT = "Customers exported by {who}."
    LIST_SEPARATOR_QUALITY = ", "


text = QualityTexts()
