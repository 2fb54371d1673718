"""`/customer list`: a page of the team's customers with Prev/Next, and `/customer` alone when
the person owns none."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.access.permissions import mask_email, mask_phone
from bot.catalog.messages import msg
from bot.catalog.texts.customers import text as t
from bot.catalog.tiers import tier_label
from bot.customers.filters import ListFilters
from bot.customers.list_results import CustomerPage, CustomerRow, OwnCustomers
from bot.views import ids
from bot.views.blocks import Block, Message, actions, button, context, message, section
from bot.views.formatting import (
    customer_label,
    display_phone,
    escape,
    mention,
    slack_date,
    truncate,
)

_NAME_LIMIT = 150


def customer_page_message(page: CustomerPage, *, zone: ZoneInfo) -> Message:
    """At most PAGE_SIZE + 6 blocks (15 rows: 21), each text well under 3,000 characters."""
    blocks: list[Block] = [section(f"*{msg.LIST_TITLE}*" + _filters_text(page.filters))]
    notes = [msg.LIST_NOT_UNDERSTOOD.format(what=escape(", ".join(page.filters.not_understood)))]
    notes = notes if page.filters.not_understood else []
    notes += [msg.LIST_UNKNOWN_OWNER.format(name=escape(n)) for n in page.unknown_owners]
    if notes:
        blocks.append(context("\n".join(notes)))
    if not page.rows:
        blocks.append(section(msg.LIST_NONE))
        blocks.append(context(msg.LIST_NONE_HINT))
        return message(msg.LIST_NONE, blocks)
    for n, row in enumerate(page.rows):
        open_button = button(
            msg.LIST_OPEN, ids.numbered(ids.CUSTOMER_OPEN, n), str(row.customer.id)
        )
        blocks.append(section(_row_text(row, zone), accessory=open_button))
    blocks.append(context(_footer(page)))
    paging: list[Block] = []
    if page.has_prev:
        paging.append(button(msg.LIST_PREV, ids.CUSTOMER_LIST_PREV, page.previous_page().dump()))
    if page.has_next:
        paging.append(button(msg.LIST_NEXT, ids.CUSTOMER_LIST_NEXT, page.next_page().dump()))
    if paging:
        blocks.append(actions(paging))
    return message(msg.LIST_TITLE, blocks)


def _filters_text(filters: ListFilters) -> str:
    statuses, activities, risks = msg.STATUS_NAMES, msg.ACTIVITY_NAMES, msg.RISK_NAMES
    parts = [t.FILTER_TIER.format(tier=escape(tier_label(tier))) for tier in filters.tiers]
    parts += [statuses.get(s, s) for s in filters.statuses]
    parts += [
        t.FILTER_ACTIVITY.format(level=activities.get(a, a).lower()) for a in filters.activities
    ]
    parts += [t.FILTER_RISK.format(level=risks.get(r, r).lower()) for r in filters.risks]
    parts += [t.FILTER_MINE] if filters.mine else []
    parts += [t.FILTER_OWNER.format(owner=mention(o)) for o in filters.owners]
    parts += [t.FILTER_OWNER.format(owner="@" + escape(o)) for o in filters.owner_names]
    parts += [t.FILTER_REGION.format(region=escape(r)) for r in filters.regions]
    parts += [t.FILTER_INDUSTRY.format(industry=escape(i)) for i in filters.industries]
    parts += [t.FILTER_OVERDUE] if filters.overdue else []
    if filters.quiet_days is not None:
        parts.append(t.FILTER_QUIET.format(days=filters.quiet_days))
    parts += [t.FILTER_NAME.format(word=escape(truncate(w, 60))) for w in filters.words]
    sort = msg.LIST_SORTED_NEWEST if filters.newest_first else msg.LIST_SORTED_OLDEST
    shown = " · ".join(parts)
    return (f" · {truncate(shown, 1500)}" if shown else "") + f"\n_{sort}_"


def _row_text(row: CustomerRow, zone: ZoneInfo) -> str:
    customer = row.customer
    status = msg.STATUS_NAMES.get(customer.status, customer.status)
    name = (
        customer_label(customer)
        if len(customer.name) <= _NAME_LIMIT
        else (f"*{escape(truncate(customer.name, _NAME_LIMIT))}* (`{customer.code}`)")
    )
    last = (
        msg.LIST_LAST_CONTACT.format(
            when=slack_date(customer.last_activity_at, has_time=False, zone=zone)
        )
        if customer.last_activity_at
        else msg.LIST_NEVER_CONTACTED
    )
    tier = escape(tier_label(row.tier))
    first = f"{name} · {status} · {tier} · {mention(customer.owner_id)} · {last}"
    contact = [escape(truncate(customer.contact_name, 80))] if customer.contact_name else []
    if customer.phone:
        contact.append(
            display_phone(customer.phone) if row.show_contact else mask_phone(customer.phone)
        )
    if customer.email:
        contact.append(escape(customer.email if row.show_contact else mask_email(customer.email)))
    return first + ("\n" + " · ".join(contact) if contact else "")


def _footer(page: CustomerPage) -> str:
    if page.counts is None:
        return msg.LIST_PAGE_ALONE.format(page=page.page) + " · " + msg.LIST_FILTER_HINT
    total = sum(page.counts.values())
    pages = max((total + page.page_size - 1) // page.page_size, 1)
    statuses = msg.STATUS_NAMES
    by_status = " · ".join(
        f"{statuses.get(s, s)} {n}"
        for s, n in sorted(page.counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    counts = msg.LIST_COUNTS.format(total=total) + (f" ({by_status})" if by_status else "")
    return f"{counts} · " + msg.LIST_PAGE.format(page=page.page, pages=pages)


def no_own_customers_message(own: OwnCustomers) -> Message:
    """`/customer` for someone who owns no customers: never a dead end."""
    if own.team_total is not None:
        text = msg.OWN_NONE_TEAM.format(total=own.team_total)
    else:
        text = msg.OWN_NONE
    return message(text, [section(text), context(msg.OWN_NONE_NEXT)])


def list_help_message() -> Message:
    return message(t.HELP_TITLE, [section(msg.CUSTOMER_USAGE), section(msg.LIST_FILTERS_HELP)])
