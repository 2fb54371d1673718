"""What the handlers share: the services, who is asking, and replying when things go wrong."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from slack_bolt import Ack, BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.access.identity import Asker
from bot.access.permissions import NotAllowed
from bot.catalog.messages import msg
from bot.catalog.payloads import MAX_ID as MAX_ID
from bot.catalog.payloads import Unreadable as Unreadable
from bot.catalog.payloads import id_from as id_from
from bot.views.blocks import Message
from bot.views.customer_modal import CustomerModalState, customer_modal
from bot.views.followup import plain_message
from bot.views.modal_state import ModalState
from bot.wiring.answering import reply_or_dm
from bot.wiring.services import Services
from scheduler.outbox import send_dm_through_ledger
from storage.deadline import CommitUnknown, GaveUp, gave_up

logger = logging.getLogger(__name__)


def services(context: BoltContext) -> Services:
    found: Services = context["crm"]
    return found


def team_of(body: dict[str, Any]) -> str:
    team = body.get("team_id") or (body.get("team") or {}).get("id")
    if not team:
        team = (body.get("user") or {}).get("team_id")
    return str(team or "")


def user_of(body: dict[str, Any]) -> str:
    return str(body.get("user_id") or (body.get("user") or {}).get("id") or "")


def asker_of(crm: Services, body: dict[str, Any]) -> Asker:
    """Who is asking, from the payload; their role is read by the service they call, in the
    same transaction as the action."""
    return Asker(team_of(body), user_of(body), crm.settings, crm.people)


def action_value(body: dict[str, Any]) -> str:
    """The value of the button (or option) that was clicked."""
    try:
        action = body["actions"][0]
        value = action.get("value") or (action.get("selected_option") or {}).get("value")
    except (KeyError, IndexError, TypeError, AttributeError):
        raise Unreadable("no action in the payload") from None
    if not isinstance(value, str):
        raise Unreadable("the action carries no value")
    return value


def metadata_of(view: dict[str, Any]) -> dict[str, Any]:
    """A modal's private_metadata, as this app wrote it (a JSON object)."""
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except (ValueError, TypeError, AttributeError):
        raise Unreadable("private_metadata is not JSON") from None
    if not isinstance(data, dict):
        raise Unreadable("private_metadata is not an object")
    return data


def reply_url_of(view: dict[str, Any]) -> str | None:
    """The response URL a modal carries in its metadata (None: none, or unreadable)."""
    try:
        url = metadata_of(view).get("url")
    except Unreadable:
        return None
    return url if isinstance(url, str) else None


def refusal(reason: NotAllowed) -> Message:
    return plain_message(f":no_entry: {reason}")


def reply(respond: Respond, message: Message, *, replace: bool = False) -> None:
    """An ephemeral reply through the response URL (works in any channel and in DMs)."""
    respond(
        text=message.text,
        blocks=message.blocks,
        response_type="ephemeral",
        replace_original=replace,
    )


def reply_later(
    crm: Services,
    *,
    response_url: str | None,
    team_id: str,
    user_id: str,
    message: Message,
    replace: bool = False,
) -> None:
    """Reply after a modal closes: through the response URL the modal was opened from
    (replacing the message it was opened from, if `replace`), or, without one (or when it
    fails), in the person's DM with the app."""
    reply_or_dm(
        crm,
        response_url=response_url,
        team_id=team_id,
        user_id=user_id,
        message={
            "text": message.text,
            "blocks": message.blocks,
            "response_type": "ephemeral",
            "replace_original": replace or None,
        },
    )


class Replier:
    """`later(message)` for a form: a reply through `response_url` (or the person's DM)."""

    def __init__(self, crm: Services, body: dict[str, Any], response_url: str | None) -> None:
        self._crm, self._response_url = crm, response_url
        self._team_id, self._user_id = team_of(body), user_of(body)

    def __call__(self, message: Message, *, replace: bool = False) -> None:
        reply_later(
            self._crm,
            response_url=self._response_url,
            team_id=self._team_id,
            user_id=self._user_id,
            message=message,
            replace=replace,
        )


def send_dm(crm: Services, team_id: str, user_id: str, message: Message) -> None:
    """A direct message from the app, through the delivery ledger: what Slack refuses now is
    sent by the scheduler later, once. A failure is logged, never shown to the person acting."""
    try:
        send_dm_through_ledger(
            engine=crm.engine,
            clients=crm.clients,
            people=crm.people,
            team_id=team_id,
            user_id=user_id,
            message=message,
            now=crm.clock(),
        )
    except Exception:
        logger.exception("could not queue a direct message")


@contextmanager
def apology(respond: Respond | None, action: str) -> Iterator[None]:
    """Log any failure with its traceback and tell the person, instead of going silent."""
    try:
        yield
    except GaveUp:
        logger.info("%s ran out of time; the person was told nothing was saved", action)
    except Unreadable as problem:
        logger.info("%s: unreadable payload (%s)", action, problem)
        if respond is not None:
            reply(respond, plain_message(msg.OUT_OF_DATE))
    except CommitUnknown:
        logger.warning("%s: the database connection broke while committing", action)
        if respond is not None:
            reply(respond, plain_message(msg.MAYBE_SAVED))
    except NotAllowed as reason:
        logger.info("%s refused: %s", action, reason)
        if respond is not None:
            reply(respond, refusal(reason))
    except Exception as error:
        if gave_up():  # the person was already told that nothing was saved
            logger.warning("%s failed after its request ran out of time: %r", action, error)
            return
        logger.exception("%s failed", action)
        if respond is not None:
            try:
                respond(
                    text=msg.SOMETHING_WENT_WRONG, response_type="ephemeral", replace_original=False
                )
            except Exception:
                logger.exception("could not tell the person that %s failed", action)


def open_new_customer_modal(
    client: WebClient,
    trigger_id: str,
    user_id: str,
    name: str,
    response_url: str | None,
    draft_id: str | None = None,
) -> None:
    state = CustomerModalState(response_url=response_url, draft_id=draft_id)
    values: dict[str, str | None] = {"name": name or None, "owner": user_id, "status": "lead"}
    values["customer_type"] = "company"
    client.views_open(trigger_id=trigger_id, view=customer_modal(values=values, state=state))


S = TypeVar("S", bound=ModalState)


def modal_state(ack: Ack, kind: type[S], view: dict[str, Any], *, field: str) -> S | None:
    """The state the modal came back with, or None once the person has been told (on `field`)
    that the form is out of date."""
    try:
        return kind.load(view.get("private_metadata"))
    except Unreadable as problem:
        logger.info("a form came back unreadable (%s)", problem)
        ack(response_action="errors", errors={field: msg.OUT_OF_DATE})
        return None


class ModalAck:
    """A view submission's `ack`, remembering whether it has been used: before it, a problem
    is shown inside the modal; after it the modal is gone, so a problem is sent as a message."""

    def __init__(self, ack: Ack) -> None:
        self._ack = ack
        self.used = False

    def __call__(self, **answer: Any) -> None:
        self.used = True
        self._ack(**answer)


@contextmanager
def modal_guard(
    ack: Ack,
    *,
    action: str,
    field: str,
    later: Callable[[Message], None] | None = None,
    failed: str = msg.SOMETHING_WENT_WRONG,
) -> Iterator[ModalAck]:
    """The one place a modal submission's failures are handled: `NotAllowed` and unexpected
    errors (said as `failed`) become an inline error on `field` or, once acknowledged, a
    message through `later`; unexpected ones are logged with their traceback."""
    guarded = ModalAck(ack)
    try:
        yield guarded
    except GaveUp:
        logger.info("%s ran out of time; the person was told nothing was saved", action)
    except Unreadable as problem:
        logger.info("%s: unreadable payload (%s)", action, problem)
        said = msg.OUT_OF_DATE if failed == msg.SOMETHING_WENT_WRONG else failed
        _tell(guarded, field, said, later, plain_message(said))
    except CommitUnknown:
        logger.warning("%s: the database connection broke while committing", action)
        _tell(guarded, field, msg.MAYBE_SAVED, later, plain_message(msg.MAYBE_SAVED))
    except NotAllowed as reason:
        logger.info("%s refused: %s", action, reason)
        _tell(guarded, field, str(reason), later, refusal(reason))
    except Exception as error:
        if gave_up():  # the person was already told that nothing was saved
            logger.warning("%s failed after its request ran out of time: %r", action, error)
            return
        logger.exception("%s failed", action)
        _tell(guarded, field, failed, later, plain_message(failed))


def _tell(
    guarded: ModalAck,
    field: str,
    inline: str,
    later: Callable[[Message], None] | None,
    message: Message,
) -> None:
    if not guarded.used:
        guarded(response_action="errors", errors={field: inline})
        return
    if later is None:
        return
    try:
        later(message)
    except Exception:
        logger.exception("could not tell the person what went wrong")
