"""What importing a spreadsheet from Slack says: `/crm import` and a file shared in the bot's
DM with the comment `import` (bot/views/imports.py)."""

from __future__ import annotations

from bot.catalog.catalog import Catalog


class ImportTexts(Catalog):
    IMPORT_HOW_TITLE = "Import customers from a spreadsheet"
    IMPORT_HOW = (
        "*Import customers from a spreadsheet*\n"
        "1. Open your DM with crmbot and attach a CSV or XLSX file (up to {megabytes} MB).\n"
        "2. Write `import` as the message with it (or `导入`), and send.\n"
        "3. I check every row first and change nothing: you get what would be created, "
        "updated and skipped, and the rows with problems. *Apply* imports it, *Cancel* "
        "drops it."
    )
    IMPORT_HOW_OPTIONS = (
        "*How rows find their customer:* `import` updates customers with the same name and "
        "creates the others. Add a mode, `create` (only new customers) or `update` (only "
        "existing ones), and `match code`, `match phone` or `match email`, e.g. "
        "`import upsert match phone`. Rows without an owner become yours."
    )
    IMPORT_HOW_HEADERS = (
        "*Columns I understand* (English or Chinese headers): {columns}. A column I don't "
        "know is named in the check, not silently dropped."
    )
    IMPORT_MANAGERS_ONLY = "Only managers and admins can import customers."
    IMPORT_WORKING = ":hourglass_flowing_sand: Checking `{filename}`… nothing is imported yet."
    IMPORT_APPLYING = ":hourglass_flowing_sand: Importing… this message shows the result when done."
    IMPORT_PREVIEW_TITLE = "Import check: {filename}"
    IMPORT_DONE_TITLE = "Imported {filename}"
    IMPORT_PREVIEW_HEADING = (
        "*Import check* — `{filename}` ({rows} rows, {mode}, matched by {match}). "
        "Nothing has changed yet."
    )
    IMPORT_DONE_HEADING = (
        ":white_check_mark: *Imported* `{filename}` ({rows} rows, {mode}, matched by {match})."
    )
    IMPORT_COUNTS_WOULD = (
        "Would create *{created}*, update *{updated}*, skip *{skipped}*; "
        "*{unchanged}* unchanged; *{bad}* rows with problems."
    )
    IMPORT_COUNTS_DID = (
        "Created *{created}*, updated *{updated}*, skipped *{skipped}*; "
        "*{unchanged}* unchanged; *{bad}* rows with problems (not imported)."
    )
    IMPORT_ERRORS_HEADING = "*Rows with problems* (these are left out):"
    IMPORT_ERROR_LINE = "• Row {row}, {column}: {reason}"
    IMPORT_ERRORS_MORE = "…and {count} more."
    IMPORT_UNKNOWN_COLUMNS = "Columns I don't know (ignored): {columns}"
    IMPORT_APPLY = "Apply"
    IMPORT_CANCEL = "Cancel"
    IMPORT_APPLY_HINT = "*Apply* imports the rows without problems; *Cancel* imports nothing."
    IMPORT_NOTHING_TO_DO = (
        "Nothing in this file would change the customers, so there is nothing to apply."
    )
    IMPORT_CANCELLED = ":wastebasket: Cancelled: nothing from this file was imported."
    IMPORT_CANCELLED_TITLE = "Import cancelled"
    IMPORT_MODES = {"create": "create only", "upsert": "create or update", "update": "update only"}
    IMPORT_MATCHES = {"code": "code", "name": "name", "phone": "phone", "email": "email"}
    IMPORT_REFUSED = {
        "not_allowed": "Only managers and admins can import customers. Ask one to import the "
        "file for you.",
        "not_a_spreadsheet": "I can only import CSV or XLSX files; `{filename}` is neither. "
        "Save it as .csv or .xlsx and share it again with `import`.",
        "too_large": "`{filename}` is larger than {megabytes} MB, the most I import from Slack. "
        "Split it into smaller files, or ask an admin to run `crm-bot import`.",
        "no_file": "To import, attach a CSV or XLSX file to the message with `import`.",
        "many_files": "Please share one file at a time with `import`.",
        "gone": "I couldn't get `{filename}` from Slack (it may have been deleted). Share it "
        "again with `import`.",
        "unreadable": "I couldn't read `{filename}` as a spreadsheet. Check that it opens in "
        "Excel, then share it again.",
        "no_name_column": "`{filename}` has no customer name column. Add one called "
        "`Customer name` (or `客户名称`) and share it again.",
        "unknown_words": "I don't know {words}. Write `import`, optionally with `create`, "
        "`update` or `upsert` and `match code|name|phone|email`, e.g. "
        "`import upsert match phone`.",
        "already_done": "This file was already imported or cancelled; nothing was done again. "
        "To import it again, share it again with `import`.",
    }
    IMPORT_LIST_SEPARATOR = ", "

    IMPORT_HELP = (
        "Data in and out: share a CSV or XLSX with me in a DM with `import` (`/crm import` says "
        "how), `/crm export`, `/crm duplicates`, `/crm merge KEEP_CODE GONE_CODE` and "
        "`/crm audit` for the data's problems."
    )
    IMPORT_HELP_ADMIN = (
        "Admins erase a contact's personal data on request from the card's *Contacts*."
    )

    # Why a row is skipped or refused (the planner's reasons, in summaries and the CLI)
    IMPORT_ROW_SAME_AS = "same {column} as row {row}"
    IMPORT_ROW_BAD_CODE = "not a customer code like C20240520001"
    IMPORT_ROW_MATCHES_MANY = "matches {count} customers"
    IMPORT_ROW_NAME_TAKEN = "another customer ({code}) has this name"
    IMPORT_ROW_CODE_TAKEN = "customer code {code} belongs to another customer"
    IMPORT_ROW_OWN_CODE = "this customer's code is {code}"
    IMPORT_ROW_EXISTS = "already exists as {code}"
    IMPORT_ROW_NO_MATCH = "no customer with this {column}"
    IMPORT_ROW_BAD_DATE = "not a date like 2024-05-20"
    IMPORT_ROW_ARCHIVED = "{code} is archived: restore it with /crm unarchive {code} first"


text = ImportTexts()
