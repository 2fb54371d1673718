"""Every command, click and form is answered in time, and only once its work is saved.

Slack wants an answer within 3 seconds. A listener does its work first and is answered after
(a command's first reply travels in the answer itself), so a process that dies after the answer
has nothing left to lose. When the work runs past `DEADLINE_S` (a database that does not answer),
the person is told that nothing was saved and the work's transactions are refused from then on
(`storage.deadline`); work that already saved something is answered plainly and its reply
follows. A reply that cannot reach its response URL goes to the person's DM through the
delivery ledger.
"""

from __future__ import annotations

import contextvars
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_bolt.context.ack import Ack

from bot.catalog.messages import msg
from bot.slack.response_url import post_reply
from bot.views.blocks import Message
from bot.wiring.services import Services
from scheduler.outbox import send_dm_through_ledger
from storage.deadline import Deadline, working_to

logger = logging.getLogger(__name__)

DEADLINE_S = 2.4
"""Slack gives up at 3 s; this leaves time for the answer's own round trip."""
ANSWERED_KINDS = frozenset({"command", "block_actions", "view_submission", "block_suggestion"})

_answer: contextvars.ContextVar[Answer | None] = contextvars.ContextVar("crm_answer", default=None)


class Answer:
    """One request's answer: the real `ack` and `respond`, given to the listener as proxies."""

    def __init__(
        self, crm: Services, context: BoltContext, body: dict[str, Any], *, in_answer: bool = True
    ) -> None:
        self._crm = crm
        self._in_answer = in_answer
        self._ack: Ack = context.ack
        self._response_url = _response_url_of(body)
        self._kind = _kind_of(body)
        self._body = body
        self._team_id = str(context.team_id or "")
        self._user_id = str(context.user_id or "")
        self._lock = threading.Lock()
        self.deadline = Deadline(DEADLINE_S)
        self._timer = threading.Timer(DEADLINE_S, self._out_of_time)
        self._timer.daemon = True
        self.ack = _AckProxy(self)
        self.respond = _RespondProxy(self)

    @property
    def acked(self) -> bool:
        return self._ack.response is not None

    def start(self) -> None:
        self._timer.start()

    def acknowledge(self, **answer: Any) -> bool:
        """Send the answer Slack waits for, once; False when it was sent already."""
        with self._lock:
            if self.acked:
                return False
            self._timer.cancel()
            self._ack(**answer)
            self.deadline.answered()
            return True

    def finish(self) -> None:
        """The listener is done: answer now if it did not."""
        self.acknowledge()

    def reply(self, **message: Any) -> None:
        """A message for the person: in the answer itself for a command not yet answered,
        otherwise through the response URL (or, failing that, a DM through the ledger)."""
        first = (
            self._in_answer
            and self._kind == "command"
            and not message.get("replace_original")
            and not message.get("delete_original")
        )
        if first and self.acknowledge(
            text=message.get("text", ""),
            blocks=message.get("blocks"),
            response_type=message.get("response_type") or "ephemeral",
        ):
            return
        self.acknowledge()
        self._post(message)

    def _post(self, message: dict[str, Any]) -> None:
        reply_or_dm(
            self._crm,
            response_url=self._response_url,
            team_id=self._team_id,
            user_id=self._user_id,
            message=message,
        )

    def _out_of_time(self) -> None:
        if self.acked:
            return
        if not self.deadline.give_up():
            logger.warning("a %s is slow; it saved its work, so its reply will follow", self._kind)
            self.acknowledge()
            return
        logger.warning("a %s ran out of time; nothing it did was saved", self._kind)
        if self._kind == "command":
            self.acknowledge(text=msg.TOO_SLOW, response_type="ephemeral")
        elif self._kind == "view_submission" and (field := _first_input(self._body)):
            self.acknowledge(response_action="errors", errors={field: msg.TOO_SLOW})
        elif self._kind == "block_suggestion":
            self.acknowledge(options=[])
        else:
            self.acknowledge()
            if self._kind == "block_actions":
                self._post({"text": msg.TOO_SLOW, "response_type": "ephemeral"})


def reply_or_dm(
    crm: Services,
    *,
    response_url: str | None,
    team_id: str,
    user_id: str,
    message: dict[str, Any],
) -> None:
    """A reply through `response_url`; without one, or when it fails, the same message as a
    DM through the delivery ledger (sent now, or by the scheduler's next run)."""
    if response_url:
        problem = post_reply(response_url, message)
        if problem is None:
            return
        logger.warning("a reply could not use its response URL (%s); sending a DM", problem)
    if message.get("delete_original") or not user_id:
        return
    dm = Message(text=str(message.get("text") or ""), blocks=list(message.get("blocks") or []))
    try:
        send_dm_through_ledger(
            engine=crm.engine,
            clients=crm.clients,
            people=crm.people,
            team_id=team_id,
            user_id=user_id,
            message=dm,
            now=crm.clock(),
        )
    except Exception:
        logger.exception("a reply could not be sent as a DM either")


class _AckProxy:
    """What a listener calls `ack`; Bolt reads `.response` to know the request is answered."""

    def __init__(self, answer: Answer) -> None:
        self._answer = answer

    @property
    def response(self) -> Any:
        return self._answer._ack.response

    def __call__(self, text: str | dict[str, Any] = "", **answer: Any) -> None:
        if text:
            answer["text"] = text
        if not self._answer.acknowledge(**answer) and (answer.get("text") or answer.get("blocks")):
            self._answer.reply(**answer)


class _RespondProxy:
    def __init__(self, answer: Answer) -> None:
        self._answer = answer
        self.response_url = answer._response_url

    def __call__(self, text: str = "", **message: Any) -> None:
        self._answer.reply(text=text, **message)


class AnsweringApp(App):
    """A Bolt app whose listeners are answered in time: `dispatch` puts `Answer` proxies in
    place of `ack` and `respond` and binds the listener's work to the request's deadline.
    (Bolt runs listeners after its middleware has returned, so this cannot be a middleware.)"""

    replies_in_answer = True
    """Over HTTP a command's first reply travels in the answer itself; Socket Mode turns
    this off (`bot.wiring.socket_mode`)."""

    def __init__(self, crm: Services, **options: Any) -> None:
        super().__init__(**options)
        self._crm = crm

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        """Each request in a context of its own: what it sets (the language it answers in, the
        team's tier names) never outlives it in the thread that served it."""
        return contextvars.copy_context().run(self._dispatch, req)

    def _dispatch(self, req: BoltRequest) -> BoltResponse:
        if _kind_of(req.body) not in ANSWERED_KINDS:
            return super().dispatch(req)
        answer = Answer(self._crm, req.context, req.body, in_answer=self.replies_in_answer)
        req.context["ack"] = answer.ack
        req.context["respond"] = answer.respond
        token = _answer.set(answer)
        try:
            with working_to(answer.deadline):
                answer.start()
                response = super().dispatch(req)
        finally:
            _answer.reset(token)
        answered = answer.ack.response
        if not response.body and isinstance(answered, BoltResponse) and answered.body:
            # A middleware answered through `respond` and returned an empty response of its
            # own (Bolt's authorization, for a workspace that uninstalled the app): what it
            # said is the answer.
            return answered
        return response


class ListenerExecutor(ThreadPoolExecutor):
    """Runs listeners in the context they were started from (so their transactions know the
    request's deadline), and answers for a listener that returns without answering."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        context = contextvars.copy_context()
        return super().submit(context.run, _run_then_answer, fn, args, kwargs)


def _run_then_answer(fn: Callable[..., Any], args: Any, kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    finally:
        answer = _answer.get()
        if answer is not None:
            answer.finish()


def _kind_of(body: dict[str, Any]) -> str:
    if "command" in body:
        return "command"
    return str(body.get("type") or "")


def _response_url_of(body: dict[str, Any]) -> str | None:
    url = body.get("response_url")
    if not url:
        urls = body.get("response_urls") or []
        url = urls[0].get("response_url") if urls and isinstance(urls[0], dict) else None
    return str(url) if url else None


def _first_input(body: dict[str, Any]) -> str | None:
    for block in (body.get("view") or {}).get("blocks") or []:
        if isinstance(block, dict) and block.get("type") == "input" and block.get("block_id"):
            return str(block["block_id"])
    return None
