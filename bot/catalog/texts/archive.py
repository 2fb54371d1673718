"""What archiving and restoring customers says: `/crm archive`, `/crm unarchive`, the card's
Archive and Restore buttons, and an archived customer met elsewhere (bot/views/archive.py)."""

from __future__ import annotations

from bot.catalog.catalog import Catalog


class ArchiveTexts(Catalog):
    ARCHIVE_USAGE = (
        "Archive a customer with `/crm archive CODE_OR_NAME`, and bring one back with "
        "`/crm unarchive CODE_OR_NAME`. Archived customers leave lists, nudges and digests; "
        "their follow-ups and history stay on their card (`/customer CODE`)."
    )
    ARCHIVE_NOT_ALLOWED = "Only managers and admins can archive or restore customers."
    ARCHIVE_NO_SUCH_CUSTOMER = "I couldn't find a customer called {typed}."
    ARCHIVE_WHICH_ONE = (
        "More than one customer could be {typed}: {choices}. Use the code, e.g. "
        "`/crm archive {code}`."
    )
    ARCHIVE_ALREADY = "{customer} is already archived. Restore it with `/crm unarchive {code}`."
    ARCHIVE_NOT_ARCHIVED = "{customer} isn't archived: it is in lists, nudges and digests."
    ARCHIVE_DONE = (
        ":file_cabinet: Archived {customer}. It leaves lists, nudges and digests; its "
        "follow-ups stay on its card (`/customer {code}`)."
    )
    ARCHIVE_RESTORED = (
        ":leftwards_arrow_with_hook: Restored {customer}: it is back in lists, nudges and digests."
    )
    ARCHIVE_RESTORE_BUTTON = "Restore"
    ARCHIVE_BUTTON = "Archive"
    ARCHIVE_CONFIRM_TITLE = "Archive this customer?"
    ARCHIVE_CONFIRM = (
        "{customer} leaves lists, nudges and digests. Its follow-ups and history stay, and a "
        "manager or admin can restore it."
    )
    ARCHIVE_CONFIRM_YES = "Archive"
    ARCHIVE_CONFIRM_NO = "Cancel"
    ARCHIVE_CARD_LINE = (
        ":file_cabinet: Archived {when} by {who}. Restore it with `/crm unarchive {code}`."
    )
    ARCHIVE_FOLLOWUP_REFUSED = (
        ":file_cabinet: {customer} is archived, so nothing was logged. A manager or admin can "
        "restore it with `/crm unarchive {code}`."
    )
    ARCHIVE_MERGE_REFUSED = (
        "{code} is archived. Restore it with `/crm unarchive {code}` before merging."
    )
    ARCHIVE_HELP = (
        "Managers and admins archive a customer with `/crm archive CODE_OR_NAME` (it leaves "
        "lists, nudges and digests; its history stays) and bring it back with "
        "`/crm unarchive CODE_OR_NAME`."
    )
    ARCHIVE_LIST_SEPARATOR = ", "


text = ArchiveTexts()
