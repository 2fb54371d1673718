"""Apply and Cancel under an import's dry run (in the person's DM with the bot).

Both answer Slack first. Apply then takes the file's one import (a second click finds it taken
and changes nothing, bot.dataio.slack_import), takes the buttons off the message
("Importing…"), fetches the file again and imports it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.dataio.import_choice import ImportChoice, NotImported, Refusal
from bot.dataio.slack_import import apply_shared, cancel_shared
from bot.views.blocks import Message
from bot.views.imports import (
    import_applying_message,
    import_counts_message,
    import_refused_message,
)
from handlers.common import action_value, apology, asker_of, reply, services


def apply(
    ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext
) -> None:
    crm = services(context)
    ack()
    with apology(respond, "applying an import"):
        choice = ImportChoice.load(action_value(body))
        where = _message_of(body)

        def applying() -> None:  # the buttons go, so the message can't be clicked again
            if where is not None:
                _update(client, respond, where, import_applying_message())

        result = apply_shared(
            engine=crm.engine,
            client=client,
            asker=asker_of(crm, body),
            choice=choice,
            now=crm.clock(),
            on_claimed=applying,
        )
        if isinstance(result, NotImported) and result.reason is Refusal.ALREADY_DONE:
            reply(respond, import_refused_message(result))  # the first click tells the result
            return
        shown = (
            import_refused_message(result)
            if isinstance(result, NotImported)
            else import_counts_message(result)
        )
        _update(client, respond, where, shown)


def cancel(
    ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext
) -> None:
    crm = services(context)
    ack()
    with apology(respond, "cancelling an import"):
        choice = ImportChoice.load(action_value(body))
        result = cancel_shared(
            engine=crm.engine, asker=asker_of(crm, body), choice=choice, now=crm.clock()
        )
        if result.reason is not Refusal.CANCELLED:
            reply(respond, import_refused_message(result))
            return
        _update(client, respond, _message_of(body), import_refused_message(result))


def _message_of(body: dict[str, Any]) -> tuple[str, str] | None:
    """(channel, ts) of the bot's message that was clicked; None for an ephemeral one."""
    container = body.get("container") or {}
    channel, ts = container.get("channel_id"), container.get("message_ts")
    if container.get("is_ephemeral") or not (isinstance(channel, str) and isinstance(ts, str)):
        return None
    return channel, ts


def _update(
    client: WebClient, respond: Respond, where: tuple[str, str] | None, shown: Message
) -> None:
    if where is None:
        reply(respond, shown, replace=True)
        return
    channel, ts = where
    client.chat_update(channel=channel, ts=ts, text=shown.text, blocks=shown.blocks)
