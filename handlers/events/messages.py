"""A message in the bot's DM: a CSV or XLSX shared with the comment `import` gets a dry run
of the import, with Apply and Cancel. Any other message there is left alone.

Bolt answers Slack's event at once, so the download and the dry run run after the answer."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.access.identity import Asker
from bot.dataio.import_choice import ImportChoice, NotImported, Refusal
from bot.dataio.slack_import import preview_shared, read_import_words
from bot.followups.text import clean_slack_text
from bot.slack.files import file_from
from bot.views.blocks import Message
from bot.views.imports import import_counts_message, import_refused_message, import_working_message
from handlers.common import apology, services


def on_message(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    if event.get("channel_type") != "im" or event.get("bot_id") or not event.get("user"):
        return
    if event.get("subtype") not in (None, "file_share"):
        return
    asked = read_import_words(clean_slack_text(event.get("text") or ""))
    if asked is None:
        return
    crm = services(context)
    channel = str(event.get("channel") or "")
    with apology(None, "checking a shared import file"):
        files = [f for f in event.get("files") or [] if isinstance(f, dict)]
        if asked.unknown or len(files) != 1:
            reason = Refusal.UNKNOWN_WORDS if asked.unknown else Refusal.NO_FILE
            if not asked.unknown and files:
                reason = Refusal.MANY_FILES
            _post(client, channel, import_refused_message(NotImported(reason, words=asked.unknown)))
            return
        file = file_from(files[0])
        working = _post(client, channel, import_working_message(file.name))
        asker = Asker(str(context.team_id or ""), str(event["user"]), crm.settings, crm.people)
        result = preview_shared(
            engine=crm.engine,
            client=client,
            asker=asker,
            file=file,
            choice=ImportChoice(file.id, asked.mode, asked.match),
            now=crm.clock(),
        )
        shown = (
            import_refused_message(result)
            if isinstance(result, NotImported)
            else import_counts_message(result)
        )
        client.chat_update(channel=channel, ts=working, text=shown.text, blocks=shown.blocks)


def _post(client: WebClient, channel: str, message: Message) -> str:
    posted = client.chat_postMessage(channel=channel, text=message.text, blocks=message.blocks)
    return str(posted.get("ts") or "")
