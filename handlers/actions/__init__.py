"""Buttons."""

from __future__ import annotations

import re

from slack_bolt import App

from bot.views import ids
from handlers.actions import contacts, customer, followup, history, home, imports, nudge, rules


def register(app: App) -> None:
    app.action(ids.FOLLOWUP_UNDO)(followup.undo)
    app.action(re.compile(ids.numbered_pattern(ids.FOLLOWUP_PICK)))(followup.pick_customer)
    app.action(ids.FOLLOWUP_CREATE_CUSTOMER)(followup.create_customer_for_followup)
    app.action(ids.NEXT_STEP_EDIT)(followup.edit_next_step)
    app.action(ids.NEXT_STEP_ADD)(followup.add_next_step)
    app.action(re.compile(ids.numbered_pattern(ids.CUSTOMER_OPEN)))(customer.open_card)
    app.action(ids.CUSTOMER_EDIT)(customer.edit)
    app.action(ids.CUSTOMER_LOG_FOLLOWUP)(customer.log_followup)
    app.action(re.compile(ids.numbered_pattern(ids.CUSTOMER_OPEN_EXISTING)))(
        customer.open_existing_from_modal
    )
    app.action(ids.CUSTOMER_SET_RISK)(customer.set_risk)
    app.action(ids.CUSTOMER_CONTACTS)(contacts.show_contacts)
    app.action(ids.CUSTOMER_ADD_CONTACT)(contacts.add_contact)
    app.action(ids.CONTACT_MAKE_PRIMARY)(contacts.promote)
    app.action(ids.CONTACT_ERASE)(contacts.erase)
    app.action(re.compile(ids.numbered_pattern(ids.CUSTOMER_MERGE)))(customer.merge_pair)
    app.action(ids.CUSTOMER_ARCHIVE)(customer.archive)
    app.action(ids.CUSTOMER_UNARCHIVE)(customer.unarchive)
    app.action(re.compile(ids.numbered_pattern(ids.RULES_RESTORE)))(rules.restore)
    for nudge_action in (ids.NUDGE_DONE, ids.NUDGE_SNOOZE, ids.NUDGE_RESCHEDULE):
        app.action(nudge_action)(nudge.act)
    app.action(ids.NUDGE_LOG)(nudge.log_followup)
    for todo_action in (ids.TODO_DONE, ids.TODO_SNOOZE, ids.TODO_RESCHEDULE):
        app.action(todo_action)(nudge.act_on_todo_item)
    for page_action in (ids.CUSTOMER_LIST_PREV, ids.CUSTOMER_LIST_NEXT):
        app.action(page_action)(customer.turn_list_page)
    app.action(ids.FOLLOWUP_HISTORY)(history.show)
    for history_action in (ids.FOLLOWUP_HISTORY_PREV, ids.FOLLOWUP_HISTORY_NEXT):
        app.action(history_action)(history.turn_page)
    app.action(re.compile(ids.numbered_pattern(ids.FOLLOWUP_EDIT)))(history.edit)
    app.action(re.compile(ids.numbered_pattern(ids.FOLLOWUP_DELETE)))(history.delete)
    app.action(ids.HOME_MORE)(home.show_more)
    app.action(ids.HOME_NEW_CUSTOMER)(home.new_customer)
    app.action(ids.HOME_LOG_FOLLOWUP)(home.log_followup)
    app.action(ids.HOME_FIND_CUSTOMER)(home.find_customer)
    app.action(ids.IMPORT_APPLY)(imports.apply)
    app.action(ids.IMPORT_CANCEL)(imports.cancel)
    # The edit modal is submitted to the handler beside its button.
    app.view(ids.FOLLOWUP_EDIT_MODAL)(history.submit_edit)
