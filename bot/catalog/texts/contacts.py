"""A customer's contacts: the card's "N more", the contacts list, the Add contact form, making
one primary and erasing one's personal data (bot/views/contacts.py)."""

from __future__ import annotations

from bot.catalog.catalog import Catalog


class ContactTexts(Catalog):
    CONTACTS_MORE_ONE = "+1 more contact"
    CONTACTS_MORE_MANY = "+{count} more contacts"
    CONTACTS_WECHAT = "WeChat {wechat}"
    CONTACTS_BUTTON = "Contacts"
    CONTACTS_ADD_BUTTON = "Add contact"
    CONTACTS_TITLE = "Contacts"
    CONTACTS_HEADING = "*Contacts* — {customer}"
    CONTACTS_PRIMARY = "Primary"
    CONTACTS_NONE = "No contact yet. Add one with *Add contact*."
    CONTACTS_NOTES = "Notes: {notes}"
    CONTACTS_MAKE_PRIMARY = "Make primary"
    CONTACTS_ERASE = "Erase personal data"
    CONTACTS_ERASE_CONFIRM_TITLE = "Erase this contact's data?"
    CONTACTS_ERASE_CONFIRM = (
        "Their name, phone, email, WeChat ID and notes are removed from the customer and from "
        "the audit log's records. Follow-up texts are kept. This cannot be undone."
    )
    CONTACTS_ERASE_YES = "Erase"
    CONTACTS_CANCEL = "Cancel"
    CONTACTS_CLOSE = "Close"
    CONTACTS_UNNAMED = "(no name)"
    CONTACTS_ERASED_NAME = "(personal data erased)"

    # The Add contact form
    CONTACTS_FORM_TITLE = "Add contact"
    CONTACTS_FORM_SAVE = "Save"
    CONTACTS_LABEL_NAME = "Name"
    CONTACTS_LABEL_TITLE = "Title"
    CONTACTS_LABEL_NOTES = "Notes"
    CONTACTS_LABEL_PRIMARY = "Primary contact"
    CONTACTS_PRIMARY_OPTION = "Make this the primary contact"
    CONTACTS_ERR_EMPTY = "Give at least a name, phone, email or WeChat ID."

    # What comes back
    CONTACTS_ADDED = ":bust_in_silhouette: Added a contact to {customer}."
    CONTACTS_ADDED_PRIMARY = (
        ":bust_in_silhouette: {contact} is now the primary contact of {customer}; the previous "
        "one is kept among its contacts."
    )
    CONTACTS_NOW_PRIMARY = (
        ":bust_in_silhouette: {contact} is now the primary contact of {customer}."
    )
    CONTACTS_ERASED = (
        ":wastebasket: Erased the personal data of a contact at {customer} ({fields}). The audit "
        "log keeps that it happened, without the values."
    )
    CONTACTS_NOTHING_TO_ERASE = "That contact holds no personal data any more."
    CONTACTS_GONE = "That contact is no longer there; open the card again."
    CONTACTS_ADMINS_ERASE = "Only admins can erase a contact's personal data."
    CONTACTS_FIELD_NAMES = {
        "contact_name": "name",
        "phone": "phone",
        "email": "email",
        "wechat_id": "WeChat ID",
        "notes": "notes",
    }
    CONTACTS_LIST_SEPARATOR = ", "


text = ContactTexts()
