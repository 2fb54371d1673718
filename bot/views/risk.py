"""Risk: the hints on the customer card, in words, and the small modal for setting a
customer's risk by hand."""

from __future__ import annotations

import json
from typing import Any

from bot.catalog.messages import msg
from bot.catalog.texts.reports import text as t
from bot.catalog.tiers import tier_label
from bot.rules.model import HintKind, RiskHint
from bot.views import ids
from bot.views.blocks import context, option, plain
from bot.views.formatting import customer_label
from storage.models import Customer

RISK = "risk"
AUTOMATIC = "automatic"


def hint_text(hint: RiskHint) -> str:
    """A hint as a rep reads it (plain text: escape it before putting it in mrkdwn)."""
    if hint.kind is HintKind.OVERDUE_STEPS:
        said = t.HINT_OVERDUE_ONE if hint.count == 1 else t.HINT_OVERDUE_MANY
        return said.format(count=hint.count)
    if hint.kind is HintKind.NO_CONTACT:
        return t.HINT_NO_CONTACT.format(
            days=hint.count, tier=tier_label(hint.tier), cadence=hint.cadence_days
        )
    if hint.kind is HintKind.CHURN_SIGNALS:
        return t.HINT_CHURN_SIGNALS.format(words=t.REPORTS_LIST_SEPARATOR.join(hint.words))
    return t.HINT_MARKED_CHURNED


def hints_text(hints: list[RiskHint]) -> str:
    """Every hint on one line."""
    return t.HINTS_SEPARATOR.join(hint_text(hint) for hint in hints)


def risk_modal(customer: Customer, *, response_url: str | None) -> dict[str, Any]:
    options = [option(t.RISK_AUTOMATIC_OPTION, AUTOMATIC)]
    options += [option(name, key) for key, name in msg.RISK_NAMES.items()]
    current = customer.risk or AUTOMATIC
    element = {
        "type": "static_select",
        "action_id": "value",
        "options": options,
        "initial_option": next(o for o in options if o["value"] == current),
    }
    return {
        "type": "modal",
        "callback_id": ids.RISK_MODAL,
        "title": plain(t.RISK_TITLE, 24),
        "submit": plain(t.REPORTS_SAVE, 24),
        "close": plain(t.REPORTS_CANCEL, 24),
        "private_metadata": json.dumps({"customer_id": customer.id, "url": response_url}),
        "blocks": [
            context(customer_label(customer)),
            {"type": "input", "block_id": RISK, "label": plain(t.RISK_LABEL), "element": element},
        ],
    }


def risk_set_text(customer: Customer, risk: str | None) -> str:
    """The answer once a risk is set by hand (`risk`), or handed back to the hints (None)."""
    shown = t.RISK_AUTOMATIC if risk is None else msg.RISK_NAMES[risk].lower()
    return t.RISK_SET.format(customer=customer_label(customer), risk=shown)
