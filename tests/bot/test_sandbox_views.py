"""The sandbox's pure parts: Block Kit read out for a terminal, and a modal asked as a form."""

from __future__ import annotations

from datetime import UTC, datetime
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from rich.console import Console

from bot.sandbox.forms import form_for
from bot.sandbox.render import Reader, mrkdwn, render_blocks, render_message, render_view
from bot.views.blocks import button, section
from bot.views.formatting import slack_date

NEW_YORK = ZoneInfo("America/New_York")
# Monday 2026-11-23 09:00 in New York.
NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
NAMES = {"U0REP0001": "Emily Carter", "U0REP0002": "李雷"}


def reader(zone: ZoneInfo = NEW_YORK) -> Reader:
    return Reader(zone=zone, now=NOW, names=lambda uid: NAMES.get(uid, uid))


def shown(markup: str) -> str:
    """What a terminal shows of rich markup, without styles."""
    out = StringIO()
    Console(file=out, no_color=True, width=200, highlight=False).print(markup, soft_wrap=True)
    return out.getvalue().rstrip("\n")


@pytest.mark.parametrize(
    ("text", "seen"),
    [
        ("*Acme* owes _us_ ~nothing~ `C20261123001`", "Acme owes us nothing C20261123001"),
        ("owner <@U0REP0002>", "owner @李雷"),
        ("in <#C0SALES01|sales>", "in #sales"),
        ("<https://example.com/q|the quote>", "the quote (https://example.com/q)"),
        ("<mailto:anna@example.com|anna@example.com>", "anna@example.com"),
        ("a &lt;b&gt; &amp; c", "a <b> & c"),
        ("[bold]not markup[/bold] 5*3*2", "[bold]not markup[/bold] 5*3*2"),
        ("<!here> look", "@here look"),
    ],
)
def test_mrkdwn_reads_as_slack_shows_it(text: str, seen: str) -> None:
    assert shown(mrkdwn(text, reader())) == seen


def test_dates_show_in_the_readers_zone_and_relative_to_their_today() -> None:
    due = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)  # Tue 15:00 New York, Wed 04:00 Shanghai
    token = slack_date(due, has_time=True, zone=NEW_YORK)

    assert shown(mrkdwn(f"due {token}", reader())) == "due Tomorrow 3:00 PM"
    in_shanghai = reader(ZoneInfo("Asia/Shanghai"))
    assert shown(mrkdwn(f"due {token}", in_shanghai)) == "due Nov 25 4:00 AM"
    broken = "<!date^nonsense^{date_short_pretty}|2026-11-24>"
    assert shown(mrkdwn(broken, reader())) == "2026-11-24"


def test_controls_are_numbered_in_reading_order_from_the_first_number() -> None:
    blocks: list[dict[str, Any]] = [
        section("*Acme*"),
        {
            "type": "actions",
            "block_id": "b2",
            "elements": [
                button("Done", "step_done", "7"),
                {
                    "type": "overflow",
                    "action_id": "step_snooze",
                    "options": [
                        {"text": {"type": "plain_text", "text": "1 day"}, "value": "1"},
                        {"text": {"type": "plain_text", "text": "1 week"}, "value": "7"},
                    ],
                },
                {"type": "datepicker", "action_id": "step_move", "initial_date": "2026-11-30"},
            ],
        },
        {"type": "divider"},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "_tip_"}]},
    ]

    rendered = render_blocks(blocks, reader(), source={"ts": "1.2"}, first_number=4)

    assert [shown(line) for line in rendered.lines] == [
        "Acme",
        "[4] Done   [5] ⋯ more   [6] 📅 2026-11-30",
        "─" * 40,
        "tip",
    ]
    done, snooze, move = rendered.controls
    assert (done.number, done.kind, done.action_id, done.value) == (4, "button", "step_done", "7")
    assert [o.value for o in snooze.options] == ["1", "7"]
    assert move.kind == "datepicker" and move.block_id == "b2"
    assert done.source == {"ts": "1.2"}


def test_a_message_without_blocks_shows_its_text_and_a_view_its_title() -> None:
    assert [shown(x) for x in render_message({"text": "*hi*"}, reader()).lines] == ["hi"]
    view = {"type": "modal", "title": {"type": "plain_text", "text": "New customer"}, "blocks": []}
    assert shown(render_view(view, reader()).lines[0]).strip() == "New customer"


def _input(block_id: str, element: dict[str, Any], *, optional: bool = False) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": {"type": "plain_text", "text": block_id.title()},
        "element": {"action_id": block_id, **element},
    }


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": text}, "value": value}


STATUS = [_option("Lead", "lead"), _option("Customer", "customer")]
VIEW: dict[str, Any] = {
    "type": "modal",
    "title": {"type": "plain_text", "text": "New customer"},
    "submit": {"type": "plain_text", "text": "Create"},
    "blocks": [
        _input("name", {"type": "plain_text_input"}),
        _input("status", {"type": "static_select", "options": STATUS}, optional=True),
        _input("needs", {"type": "multi_static_select", "options": STATUS}, optional=True),
        _input("due", {"type": "datepicker"}, optional=True),
        _input("owner", {"type": "users_select", "initial_user": "U0REP0001"}),
    ],
}


def lookup(text: str) -> str | None:
    return {"rep2": "U0REP0002", "#sales": "C0SALES01"}.get(text)


def test_a_form_asks_each_field_and_refuses_what_slack_would_not_take() -> None:
    form = form_for(VIEW)

    assert form.answer("", lookup) == "This field is required."
    assert form.answer("Acme", lookup) is None
    assert form.answer("9", lookup) == "Pick one of 1–2."
    assert form.answer("customer", lookup) is None  # an option's name works as well as its number
    assert form.answer("1, 2", lookup) is None
    assert form.answer("next friday", lookup) == "Type a date as YYYY-MM-DD, e.g. 2026-12-04."
    assert form.answer("2026-12-04", lookup) is None
    assert form.answer("nobody", lookup) == "No person called 'nobody' here."
    assert form.answer("rep2", lookup) is None

    assert form.current is None
    assert form.values == {
        "name": "Acme",
        "status": "customer",
        "needs": ["lead", "customer"],
        "due": "2026-12-04",
        "owner": "U0REP0002",
    }
    summary = form.details(lambda uid: NAMES.get(uid, uid))
    assert "5. Owner: 李雷" in summary
    assert summary[-1] == "Create? y = create, n = cancel, a number = change that field"


def test_the_apps_inline_errors_ask_those_fields_again() -> None:
    form = form_for(VIEW)
    for typed in ("Acme", "", "", "", ""):
        form.answer(typed, lookup)

    form.refused({"due": "Pick a date after today."})

    assert form.current is not None and form.current.block_id == "due"
    assert form.details()[0] == "⚠ Pick a date after today."
    assert form.answer("2026-12-24", lookup) is None
    assert form.current is None
    assert form.values["due"] == "2026-12-24"


def test_a_form_with_everything_filled_opens_on_its_summary() -> None:
    filled = {
        **VIEW,
        "blocks": [
            _input("name", {"type": "plain_text_input", "initial_value": "Acme"}),
            *VIEW["blocks"][1:],
        ],
    }
    form = form_for(filled)

    assert form.current is None
    assert form.change(1)
    assert form.current is not None and form.current.block_id == "name"
    assert form.answer("Acme Ltd", lookup) is None
    assert form.current is None
    assert form.values["name"] == "Acme Ltd"
    assert not form.change(6)
