"""The App Home tab: the person's next steps with the `/crm todo` buttons, their customers by
tier, the team for managers and admins, and a short help footer. At most 100 blocks: each
section shows a page and says how many more there are, with "Show more"."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.catalog.messages import msg
from bot.catalog.texts.home import text as h
from bot.catalog.texts.nudges import text as t
from bot.catalog.tiers import tier_label
from bot.digest.results import Sample, TierMoveLine
from bot.home.results import HomeCustomer, HomeData, HomePages, Section, TeamSection
from bot.views import ids
from bot.views.blocks import (
    MAX_VIEW_BLOCKS,
    Block,
    actions,
    button,
    context,
    divider,
    header,
    plain,
    section,
)
from bot.views.formatting import MAX_TEXT, customer_label, escape, mention
from bot.views.pickers import customer_picker
from bot.views.todo import todo_item_blocks

_LINES_PER_BLOCK = 10


def home_view(data: HomeData, *, now: datetime, zone: ZoneInfo) -> dict[str, Any]:
    blocks: list[Block] = [
        header(h.HOME_HEADER),
        actions(
            [
                button(h.HOME_NEW_CUSTOMER, ids.HOME_NEW_CUSTOMER, "new", style="primary"),
                button(h.HOME_LOG_FOLLOWUP, ids.HOME_LOG_FOLLOWUP, "log"),
                button(h.HOME_FIND_CUSTOMER, ids.HOME_FIND_CUSTOMER, "find"),
            ]
        ),
        divider(),
        *_steps(data, now=now, zone=zone),
        divider(),
        *_customers(data),
    ]
    if data.team is not None:
        blocks += [divider(), *_team(data.team, data.pages)]
    blocks += [divider(), *home_footer()]
    if len(blocks) > MAX_VIEW_BLOCKS:  # the page sizes are chosen so that this never happens
        raise ValueError(f"a Home of {len(blocks)} blocks; Slack shows {MAX_VIEW_BLOCKS}")
    return {"type": "home", "blocks": blocks}


def home_footer() -> list[Block]:
    """The short help under everything (also the whole Home when it cannot be read)."""
    return [context(h.HOME_HELP), context(f"{t.HOME_CUSTOMERS}\n{t.HOME_FOOTER}")]


def _steps(data: HomeData, *, now: datetime, zone: ZoneInfo) -> list[Block]:
    todo = data.steps
    if todo.empty:
        return [section(msg.TODO_NOTHING)]
    listed = len(todo.overdue) + len(todo.today) + len(todo.this_week)
    week = max(listed + todo.more - data.overdue, 0)
    blocks = [section(h.HOME_STEPS_HEADING.format(overdue=data.overdue, week=week))]
    for heading, items in (
        (msg.TODO_OVERDUE, todo.overdue),
        (msg.TODO_TODAY, todo.today),
        (msg.TODO_THIS_WEEK, todo.this_week),
    ):
        if items:
            blocks.append(section(heading))
            for item in items:
                blocks.extend(todo_item_blocks(item, todo.owner_id, now=now, zone=zone))
    if todo.more:
        more = h.HOME_STEPS_MORE_ONE if todo.more == 1 else h.HOME_STEPS_MORE_MANY
        blocks.extend(_more(more.format(count=todo.more), data.pages, "steps"))
    return blocks


def _customers(data: HomeData) -> list[Block]:
    if not data.per_tier:
        return [section(h.HOME_CUSTOMERS_NONE)]
    counts = " · ".join(
        h.HOME_CUSTOMERS_TIER_COUNT.format(tier=escape(tier_label(tier)), count=n)
        for tier, n in data.per_tier
    )
    heading = h.HOME_CUSTOMERS_HEADING.format(total=data.customer_total, tiers=counts)
    if data.past_cadence:
        quiet = (
            h.HOME_CUSTOMERS_QUIET_ONE if data.past_cadence == 1 else h.HOME_CUSTOMERS_QUIET_MANY
        )
        heading += "\n" + quiet.format(count=data.past_cadence)
    else:
        heading += "\n" + h.HOME_CUSTOMERS_ALL_IN_TOUCH
    in_tier = dict(data.per_tier)
    lines: list[str] = []
    current = None
    for row in data.customers:
        if row.tier != current:
            current = row.tier
            lines.append(
                h.HOME_TIER_HEADING.format(
                    tier=escape(tier_label(row.tier)), count=in_tier.get(row.tier, 0)
                )
            )
        lines.append(_customer_line(row))
    blocks = [section(heading), *_packed(lines)]
    shown, total = len(data.customers), data.customer_total
    if shown < total:
        more = h.HOME_CUSTOMERS_MORE.format(shown=shown, total=total)
        blocks.extend(_more(more, data.pages, "customers"))
    return blocks


def _customer_line(row: HomeCustomer) -> str:
    who = customer_label(row.customer)
    if row.past_cadence:
        line = h.HOME_CUSTOMER_LATE
    elif row.days_since_contact == 0:
        line = h.HOME_CUSTOMER_TODAY
    else:
        line = h.HOME_CUSTOMER_ON_TIME
    return line.format(customer=who, days=row.days_since_contact, cadence=row.cadence_days)


def _team(team: TeamSection, pages: HomePages) -> list[Block]:
    blocks = [section(h.HOME_TEAM_HEADING)]
    if team.overdue_per_rep.total:
        rows = [
            h.HOME_TEAM_OVERDUE_ROW.format(rep=mention(rep), count=n)
            for rep, n in team.overdue_per_rep.shown
        ]
        blocks.append(section(_listing(h.HOME_TEAM_OVERDUE, rows, team.overdue_per_rep)))
    else:
        blocks.append(section(h.HOME_TEAM_OVERDUE_NONE))
    if team.past_cadence.total:
        rows = [
            h.HOME_TEAM_QUIET_ROW.format(customer=f"*{escape(q.name)}* (`{q.code}`)", days=q.days)
            for q in team.past_cadence.shown
        ]
        title = h.HOME_TEAM_QUIET.format(count=team.past_cadence.total)
        blocks.append(section(_listing(title, rows, team.past_cadence)))
    else:
        blocks.append(section(h.HOME_TEAM_QUIET_NONE))
    up, down = team.moved_up, team.moved_down
    if up.total or down.total:
        title = h.HOME_TEAM_MOVES.format(up=up.total, down=down.total)
        rows = [_move(m, ":arrow_up:") for m in up.shown] + [
            _move(m, ":arrow_down:") for m in down.shown
        ]
        extra = up.more + down.more
        text = title + "\n" + "\n".join(rows)
        if extra:
            text += "\n" + h.HOME_TEAM_MORE.format(count=extra)
        blocks.append(section(text))
    else:
        blocks.append(section(h.HOME_TEAM_MOVES_NONE))
    blocks.append(context(h.HOME_TEAM_LISTS))
    samples = (team.overdue_per_rep, team.past_cadence, up, down)
    if any(s.more for s in samples) and pages.can_grow("team"):
        blocks.append(_more_button(pages, "team"))
    return blocks


def _move(move: TierMoveLine, arrow: str) -> str:
    return f"{arrow} " + h.HOME_TEAM_MOVE_ROW.format(
        customer=f"*{escape(move.name)}* (`{move.code}`)",
        before=escape(tier_label(move.from_tier)),
        after=escape(tier_label(move.to_tier)),
    )


def _listing(title: str, rows: list[str], sample: Sample[Any]) -> str:
    text = title + "\n" + "\n".join(rows)
    if sample.more:
        text += "\n" + h.HOME_TEAM_MORE.format(count=sample.more)
    return text


def _packed(lines: list[str]) -> list[Block]:
    """Lines in sections of at most ten, each within Slack's 3,000 characters."""
    blocks: list[Block] = []
    chunk: list[str] = []
    size = 0
    for line in lines:
        if chunk and (len(chunk) == _LINES_PER_BLOCK or size + len(line) + 1 > MAX_TEXT):
            blocks.append(section("\n".join(chunk)))
            chunk, size = [], 0
        chunk.append(line)
        size += len(line) + 1
    if chunk:
        blocks.append(section("\n".join(chunk)))
    return blocks


def _more(note: str, pages: HomePages, part: Section) -> list[Block]:
    blocks = [context(note)]
    if pages.can_grow(part):
        blocks.append(_more_button(pages, part))
    return blocks


def _more_button(pages: HomePages, part: Section) -> Block:
    return actions(
        [button(h.HOME_SHOW_MORE, ids.HOME_MORE, pages.more(part).dump())],
        block_id=f"home_more_{part}",
    )


def find_customer_modal() -> dict[str, Any]:
    """A customer picker (codes, names, aliases, Chinese, typos, as `/followup` reads them);
    submitting it pushes the card."""
    return {
        "type": "modal",
        "callback_id": ids.HOME_FIND_MODAL,
        "title": plain(h.HOME_FIND_TITLE, 24),
        "submit": plain(h.HOME_FIND_SUBMIT, 24),
        "close": plain(h.HOME_FIND_CANCEL, 24),
        "blocks": [customer_picker()],
    }
