"""What the shortcuts (Log as follow-up, New customer, Log follow-up) and the customer picker
in forms say (bot/views/pickers.py, bot/views/step_modals.py, handlers/views/steps.py)."""

from __future__ import annotations

from bot.catalog.catalog import Catalog


class ShortcutTexts(Catalog):
    SHORTCUT_CUSTOMER_LABEL = "Customer"
    SHORTCUT_CUSTOMER_PLACEHOLDER = "Type a name or code"
    SHORTCUT_CUSTOMER_HINT = (
        "A name or its start, a code, a nickname, 中文 or pinyin; small typos are fine."
    )
    SHORTCUT_LOGGED_ON = "Date"
    SHORTCUT_FROM_MESSAGE = ":link: The link to the message is kept with the follow-up."
    SHORTCUT_PICK_CUSTOMER = "Choose the customer this follow-up is about."
    SHORTCUT_CUSTOMER_GONE = "I can't find that customer. Choose another one."
    SHORTCUT_CUSTOMER_ARCHIVED = (
        "That customer is archived. Restore it with /crm unarchive first, or choose another one."
    )
    SHORTCUT_FUTURE_DATE = "A follow-up can't be dated in the future."
    SHORTCUT_BAD_DATE = "That isn't a date I can use."
    SHORTCUT_OWNER = "owner {owner}"
    SHORTCUT_SEPARATOR = " · "


text = ShortcutTexts()
