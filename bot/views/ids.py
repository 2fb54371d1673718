"""Action and callback IDs: the names that tie a button or modal back to its handler."""

from __future__ import annotations

# Buttons
FOLLOWUP_UNDO = "followup_undo"
FOLLOWUP_PICK = "followup_pick"  # followed by _<n>: one per candidate in a message
FOLLOWUP_CREATE_CUSTOMER = "followup_create_customer"
NEXT_STEP_EDIT = "next_step_edit"
NEXT_STEP_ADD = "next_step_add"
CUSTOMER_OPEN = "customer_open"  # followed by _<n>
CUSTOMER_EDIT = "customer_edit"
CUSTOMER_LOG_FOLLOWUP = "customer_log_followup"
CUSTOMER_SET_RISK = "customer_set_risk"
RULES_RESTORE = "rules_restore"  # followed by _<version>
CUSTOMER_OPEN_EXISTING = "customer_open_existing"  # followed by _<n>, inside the modal

# Modals (callback_id)
CUSTOMER_MODAL = "customer_modal"
NEXT_STEP_MODAL = "next_step_modal"
FOLLOWUP_MODAL = "followup_modal"
CUSTOMER_CARD_MODAL = "customer_card_modal"
RISK_MODAL = "risk_modal"
RULES_EDIT_MODAL = "rules_edit"
RULES_PREVIEW_MODAL = "rules_preview"


def numbered(action_id: str, n: int) -> str:
    return f"{action_id}_{n}"


def numbered_pattern(action_id: str) -> str:
    """A regex matching every numbered variant of `action_id`."""
    return rf"^{action_id}_\d+$"


# The morning nudge DM (block_id of each item's actions block: nudge_<kind>_<id>)
NUDGE_DONE = "nudge_done"
NUDGE_SNOOZE = "nudge_snooze"
NUDGE_RESCHEDULE = "nudge_reschedule"
NUDGE_LOG = "nudge_log"
DIGEST_MODAL = "digest_modal"
