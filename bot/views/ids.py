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
CUSTOMER_CONTACTS = "customer_contacts"  # value: the customer id
CUSTOMER_ADD_CONTACT = "customer_add_contact"  # value: the customer id
CONTACT_MAKE_PRIMARY = "contact_make_primary"  # value: the contact id
CONTACT_ERASE = "contact_erase"  # value: {"c": customer id, "k": contact id or null (primary)}

# Modals (callback_id)
CUSTOMER_MODAL = "customer_modal"
NEXT_STEP_MODAL = "next_step_modal"
FOLLOWUP_MODAL = "followup_modal"
CUSTOMER_CARD_MODAL = "customer_card_modal"
RISK_MODAL = "risk_modal"
CONTACT_MODAL = "contact_modal"
CONTACTS_MODAL = "contacts_modal"
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

# `/customer list` pages (value: a PageAt as JSON)
CUSTOMER_LIST_PREV = "customer_list_prev"
CUSTOMER_LIST_NEXT = "customer_list_next"

# `/crm todo` (block_id of each item's actions block: todo_<step id>_<whose list>)
TODO_DONE = "todo_done"
TODO_SNOOZE = "todo_snooze"
TODO_RESCHEDULE = "todo_reschedule"

# A customer's whole follow-up history. FOLLOWUP_HISTORY is the card's "All follow-ups" button
# (value: the customer id); the page buttons carry {"c": customer id, "p": page}.
FOLLOWUP_HISTORY = "followup_history"
FOLLOWUP_HISTORY_PREV = "followup_history_prev"
FOLLOWUP_HISTORY_NEXT = "followup_history_next"
FOLLOWUP_EDIT = "followup_edit"  # followed by _<n>; value {"f": follow-up id, "p": page}
FOLLOWUP_DELETE = "followup_delete"  # followed by _<n>; same value
FOLLOWUP_EDIT_MODAL = "followup_edit_modal"

# /crm settings and /crm me
SETTINGS_MODAL = "team_settings_modal"
ME_MODAL = "my_settings_modal"

# /crm duplicates
CUSTOMER_MERGE = "customer_merge"  # followed by _<n>; value "KEEP_CODE GONE_CODE"

# Archiving (the card's Archive, behind a confirm; Restore on the card and after archiving);
# value: the customer id
CUSTOMER_ARCHIVE = "customer_archive"
CUSTOMER_UNARCHIVE = "customer_unarchive"
# A spreadsheet shared in the bot's DM with `import` (value: an ImportChoice, "FILE MODE MATCH")
IMPORT_APPLY = "import_apply"
IMPORT_CANCEL = "import_cancel"

# The App Home tab. Its next steps carry the `/crm todo` buttons (TODO_…); "Show more" carries
# the page sizes to draw (a HomePages as JSON).
HOME_MORE = "home_more"
HOME_NEW_CUSTOMER = "home_new_customer"
HOME_LOG_FOLLOWUP = "home_log_followup"
HOME_FIND_CUSTOMER = "home_find_customer"
HOME_FIND_MODAL = "home_find_modal"
# Shortcuts (callback_id; the names are declared in manifest.yml) and the customer picker
# (the action_id of every customer external_select, served by the options listener)
SHORTCUT_LOG_AS_FOLLOWUP = "log_as_followup"  # message shortcut "Log as follow-up"
SHORTCUT_NEW_CUSTOMER = "new_customer"  # global shortcut "New customer"
SHORTCUT_LOG_FOLLOWUP = "log_followup"  # global shortcut "Log follow-up"
CUSTOMER_PICKER = "customer_picker"
