"""What archiving and restoring customers shows: the answers to `/crm archive` and
`/crm unarchive` (and their buttons), the card's archived line and buttons, and a `/followup`
that named an archived customer."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.catalog.messages import msg
from bot.catalog.texts.archive import text as t
from bot.customers.archive_results import (
    AlreadyArchived,
    ArchiveAnswer,
    ArchiveChanged,
    ArchiveUsage,
    NoCustomerToArchive,
    NotArchived,
    WhichCustomerToArchive,
)
from bot.views import ids
from bot.views.blocks import Block, Message, actions, button, message, plain, section
from bot.views.followup import plain_message
from bot.views.formatting import customer_label, escape, mention, slack_date, truncate
from storage.models import Customer

_CHOICES_SHOWN = 5


def archive_answer(result: ArchiveAnswer) -> Message:
    if isinstance(result, ArchiveChanged):
        return _changed_message(result)
    if isinstance(result, AlreadyArchived):
        customer = result.customer
        return plain_message(
            t.ARCHIVE_ALREADY.format(customer=customer_label(customer), code=customer.code)
        )
    if isinstance(result, NotArchived):
        return plain_message(
            t.ARCHIVE_NOT_ARCHIVED.format(customer=customer_label(result.customer))
        )
    if isinstance(result, WhichCustomerToArchive):
        shown = result.customers[:_CHOICES_SHOWN]
        choices = t.ARCHIVE_LIST_SEPARATOR.join(customer_label(c) for c in shown)
        said = t.ARCHIVE_WHICH_ONE.format(
            typed=_typed(result.typed), choices=choices, code=shown[0].code
        )
        return plain_message(said)
    if isinstance(result, NoCustomerToArchive):
        if result.typed is None:
            return plain_message(msg.CUSTOMER_GONE)
        return plain_message(t.ARCHIVE_NO_SUCH_CUSTOMER.format(typed=_typed(result.typed)))
    assert isinstance(result, ArchiveUsage)
    return plain_message(t.ARCHIVE_USAGE)


def _changed_message(result: ArchiveChanged) -> Message:
    customer = result.customer
    label = customer_label(customer)
    if not result.archived:
        said = t.ARCHIVE_RESTORED.format(customer=label)
        return message(said, [section(said)])
    said = t.ARCHIVE_DONE.format(customer=label, code=customer.code)
    undo = button(t.ARCHIVE_RESTORE_BUTTON, ids.CUSTOMER_UNARCHIVE, str(customer.id))
    return message(said, [section(said), actions([undo])])


def _typed(typed: str) -> str:
    return f"*{escape(truncate(typed, 80))}*"


def archived_line(customer: Customer, *, zone: ZoneInfo) -> str:
    """'Archived on … by …' on an archived customer's card (empty if it is not archived)."""
    if customer.archived_at is None:
        return ""
    who = mention(customer.archived_by) if customer.archived_by else "—"
    when = slack_date(customer.archived_at, has_time=False, zone=zone)
    return t.ARCHIVE_CARD_LINE.format(when=when, who=who, code=customer.code)


def archive_button(customer: Customer) -> Block:
    """The card's Archive, behind Slack's own confirmation (as Merge and Delete are)."""
    element = button(t.ARCHIVE_BUTTON, ids.CUSTOMER_ARCHIVE, str(customer.id))
    element["confirm"] = {
        "title": plain(t.ARCHIVE_CONFIRM_TITLE, 100),
        "text": {
            "type": "mrkdwn",
            "text": truncate(t.ARCHIVE_CONFIRM.format(customer=customer_label(customer)), 300),
        },
        "confirm": plain(t.ARCHIVE_CONFIRM_YES, 30),
        "deny": plain(t.ARCHIVE_CONFIRM_NO, 30),
        "style": "danger",
    }
    return element


def restore_button(customer: Customer) -> Block:
    return button(t.ARCHIVE_RESTORE_BUTTON, ids.CUSTOMER_UNARCHIVE, str(customer.id))
