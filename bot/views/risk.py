"""The small modal for setting a customer's risk by hand."""

from __future__ import annotations

import json
from typing import Any

from bot.catalog.messages import msg
from bot.views import ids
from bot.views.blocks import context, option, plain
from bot.views.formatting import customer_label
from storage.models import Customer

RISK = "risk"
AUTOMATIC = "automatic"


def risk_modal(customer: Customer, *, response_url: str | None) -> dict[str, Any]:
    options = [option("Automatic (from the hints)", AUTOMATIC)]
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
        "title": plain("Set risk", 24),
        "submit": plain("Save", 24),
        "close": plain("Cancel", 24),
        "private_metadata": json.dumps({"customer_id": customer.id, "url": response_url}),
        "blocks": [
            context(customer_label(customer)),
            {"type": "input", "block_id": RISK, "label": plain("Risk"), "element": element},
        ],
    }
