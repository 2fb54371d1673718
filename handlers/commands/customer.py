"""`/customer` (your customers), `/customer list [filters]`, `/customer new [name]`,
`/customer history <code or name>`, `/customer <code or name>`."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.catalog.messages import msg
from bot.customers.actions import look_up_customer
from bot.customers.list_results import PageAt
from bot.customers.listing import list_customers, own_customers
from bot.customers.results import CustomerChoices, CustomerFile
from bot.followups.history import history_of
from bot.followups.text import clean_slack_text
from bot.views.customer_card import (
    customer_card_message,
    customer_choices_message,
    customer_list_message,
    customer_not_found_message,
)
from bot.views.customer_list import (
    customer_page_message,
    list_help_message,
    no_own_customers_message,
)
from bot.views.followup import plain_message
from bot.views.history import history_message
from handlers.common import apology, asker_of, open_new_customer_modal, reply, services

NEW_WORDS = frozenset({"new", "add", "create", "新建", "添加"})
LIST_WORDS = frozenset({"list", "ls", "all", "列表", "全部", "所有"})
HELP_WORDS = frozenset({"help", "?", "？", "帮助"})
HISTORY_WORDS = frozenset({"history", "followups", "历史", "记录"})
FIND_WORDS = frozenset({"find", "search", "show", "open", "查找", "搜索"})
MINE_WORDS = frozenset({"mine", "我的"})
"""On their own (the whole text), these list the person's customers: "My Co" is a name."""
COMMAND_WORDS = frozenset(
    {"edit", "update", "delete", "remove", "todo", "undo", "rules", "role", "nudges", "digest"}
)
"""Words that are never a customer's name here: the reply explains the format instead."""


def customer_command(
    command: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext
) -> None:
    crm = services(context)
    user_id = command["user_id"]
    text = clean_slack_text(command.get("text") or "")
    first, _, rest = text.partition(" ")
    word, rest = first.casefold(), rest.strip()
    with apology(respond, "/customer"):
        if word in NEW_WORDS:
            open_new_customer_modal(
                client, command["trigger_id"], user_id, rest, command.get("response_url")
            )
            return
        zone = crm.people.zone_of(user_id)
        asker = asker_of(crm, command)
        now = crm.clock()
        if not text:
            own = own_customers(engine=crm.engine, asker=asker)
            if own.customers:
                message = customer_list_message(customers=own.customers, total=own.total, zone=zone)
            else:
                message = no_own_customers_message(own)
            reply(respond, message)
            return
        if word in HELP_WORDS:
            reply(respond, list_help_message())
            return
        if word in LIST_WORDS or text.casefold() in MINE_WORDS:
            query = rest if word in LIST_WORDS else text
            page = list_customers(engine=crm.engine, asker=asker, at=PageAt(query), now=now)
            reply(respond, customer_page_message(page, zone=zone))
            return
        if word in HISTORY_WORDS:
            if not rest:
                reply(respond, plain_message(msg.HISTORY_USAGE))
                return
            text = rest
            shown = history_of(engine=crm.engine, asker=asker, text=rest, page=1)
            if shown is not None and not isinstance(shown, CustomerChoices):
                reply(respond, history_message(shown, zone=zone))
                return
            found: object = shown
        elif word in COMMAND_WORDS:
            note = msg.SUBCOMMAND_NOT_A_NAME.format(word=first)
            reply(respond, plain_message(note + "\n\n" + msg.CUSTOMER_USAGE))
            return
        else:
            if word in FIND_WORDS and rest:
                text = rest
            found = look_up_customer(engine=crm.engine, asker=asker, text=text, now=now)
        if isinstance(found, CustomerFile):
            message = customer_card_message(found, zone=zone)
        elif isinstance(found, CustomerChoices):
            message = customer_choices_message(customers=found.customers, typed=found.typed)
        else:
            message = customer_not_found_message(text)
        reply(respond, message)
