"""What archiving shows, as pure builders: the answers, the card's line and buttons, help for
managers, and the export words that ask for archived customers too."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.access.permissions import Role
from bot.catalog.language import Language, speaking
from bot.customers.archive_results import (
    AlreadyArchived,
    ArchiveAnswer,
    ArchiveChanged,
    ArchiveUsage,
    NoCustomerToArchive,
    NotArchived,
    WhichCustomerToArchive,
)
from bot.dataio.slack_export import read_export_words
from bot.views import ids
from bot.views.archive import archive_answer, archive_button, archived_line
from bot.views.crm import help_message
from storage.models import Customer

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 18, 2, 0, tzinfo=UTC)


def _customer(n: int = 1, **fields: Any) -> Customer:
    base: dict[str, Any] = {
        "id": n,
        "team_id": "T1",
        "code": f"C20261118{n:03d}",
        "name": f"<Customer> {n}",
        "name_key": f"customer {n}",
        "owner_id": "U1",
        "created_by": "U1",
        "created_at": NOW,
        "updated_by": "U1",
        "updated_at": NOW,
    }
    return Customer(**(base | fields))


def _text(answer: ArchiveAnswer) -> str:
    return archive_answer(answer).text


def test_archiving_answers_with_restore_as_its_undo() -> None:
    customer = _customer(7)
    message = archive_answer(ArchiveChanged(customer, archived=True))
    assert "Archived *&lt;Customer&gt; 7* (`C20261118007`)" in message.text
    [restore] = message.blocks[-1]["elements"]
    assert (restore["action_id"], restore["value"]) == (ids.CUSTOMER_UNARCHIVE, "7")
    restored = archive_answer(ArchiveChanged(customer, archived=False))
    assert "Restored" in restored.text and len(restored.blocks) == 1


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (AlreadyArchived(_customer()), "already archived. Restore it with `/crm unarchive C2026"),
        (NotArchived(_customer()), "isn't archived"),
        (NoCustomerToArchive("<!channel>"), "couldn't find a customer called *&lt;!channel&gt;*"),
        (NoCustomerToArchive(None), "That customer no longer exists."),
        (ArchiveUsage(), "`/crm archive CODE_OR_NAME`"),
        (
            WhichCustomerToArchive([_customer(1), _customer(2)], "Cust"),
            "e.g. `/crm archive C20261118001`",
        ),
    ],
)
def test_what_cannot_be_done_is_said(answer: ArchiveAnswer, says: str) -> None:
    assert says in _text(answer)


def test_the_card_line_names_who_and_when_and_how_to_restore() -> None:
    assert archived_line(_customer(), zone=SHANGHAI) == ""
    archived = _customer(archived_at=NOW, archived_by="U0MGR0001")
    line = archived_line(archived, zone=SHANGHAI)
    assert "<!date^" in line and "by <@U0MGR0001>" in line
    assert "`/crm unarchive C20261118001`" in line


def test_the_archive_button_asks_first() -> None:
    button = archive_button(_customer(3))
    assert button["action_id"] == ids.CUSTOMER_ARCHIVE and button["value"] == "3"
    assert button["confirm"]["style"] == "danger"
    assert "&lt;Customer&gt; 3" in button["confirm"]["text"]["text"]


def test_help_mentions_archiving_to_managers_and_admins_only() -> None:
    def said(role: Role) -> str:
        return "\n".join(
            str(b.get("text", {}).get("text") or b.get("elements", [{}])[0].get("text", ""))
            for b in help_message(role).blocks
        )

    assert "/crm archive" in said(Role.MANAGER) and "/crm archive" in said(Role.ADMIN)
    assert "/crm archive" not in said(Role.REP)
    with speaking(Language.ZH):
        assert "/crm 归档" in said(Role.MANAGER)


@pytest.mark.parametrize(
    ("word", "archived"), [("archived", True), ("已归档", True), ("csv", False)]
)
def test_export_words_ask_for_archived_customers(word: str, archived: bool) -> None:
    asked = read_export_words([word], tier_names={}, language=Language.EN)
    assert asked.archived is archived and not asked.unknown
