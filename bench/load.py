"""What people do in Slack, timed end to end: a request goes out signed, and the clock stops
when the reply reaches the stand-in Slack (the HTTP ack alone is not the reply)."""

from __future__ import annotations

import itertools
import json
import random
import re
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from bench.serving import ADMIN, REQUEST_TIMEOUT, post_signed, view_of
from bench.stats import Samples
from bot.sandbox.harness import text_of
from bot.sandbox.signed import (
    block_actions_payload,
    interaction_body,
    slash_command_body,
    view_submission_payload,
)
from bot.sandbox.standin import Call, StandInSlack
from bot.seed.vocabulary import CN_PLACES
from bot.views import ids

_LATIN_SUFFIX = re.compile(
    r",?\s+(Inc\.?|Ltd|LLC|Corp|Co\., Ltd|Co\.|GmbH|AG|plc|Limited|Pte Ltd)$", re.IGNORECASE
)
_CJK_SUFFIXES = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "公司")
_CJK_REGIONS = tuple(prefix for prefix, _ in CN_PLACES)


def typed_name(name: str, rng: random.Random) -> str:
    """How a rep might type `name`: whole, shortened, misspelled or in lower case."""
    roll = rng.random()
    if roll < 0.35:
        return name
    short = _shorten(name, rng)
    if roll < 0.7:
        return short
    if roll < 0.9:
        return _misspell(short, rng)
    return short.lower()


def _shorten(name: str, rng: random.Random) -> str:
    if name.isascii():
        return _LATIN_SUFFIX.sub("", name) or name
    for suffix in _CJK_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            name = name[: -len(suffix)]
            break
    if name.startswith(_CJK_REGIONS) and len(name) > 4 and rng.random() < 0.5:
        name = name[2:]
    return name


def _misspell(name: str, rng: random.Random) -> str:
    """Two neighbouring letters swapped in the longest word (or characters, in Chinese)."""
    words = name.split(" ")
    longest = max(range(len(words)), key=lambda n: len(words[n]))
    word = words[longest]
    if len(word) < 4:
        return name
    at = rng.randrange(1, len(word) - 2)
    words[longest] = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return " ".join(words)


def run_phase(
    one: Callable[[int], float], *, concurrency: int, count: int, budget: float, minimum: int = 10
) -> Samples:
    """`count` requests from `concurrency` workers; stops starting new ones after `budget`
    seconds (once `minimum` are done), so a slow build still finishes the run."""
    samples = Samples()
    lock = threading.Lock()
    numbers = itertools.count()
    started = time.monotonic()

    def worker() -> None:
        while True:
            with lock:
                n = next(numbers)
            late = time.monotonic() - started > budget
            if n >= count or (late and n >= minimum):
                return
            try:
                seconds = one(n)
            except Exception as problem:
                with lock:
                    samples.fail(f"{type(problem).__name__}: {problem}")
                continue
            with lock:
                samples.add(seconds)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=budget + REQUEST_TIMEOUT * 2)
    return samples


def reply_kind(call: Call) -> str:
    """What a reply did, from its buttons: logged (Undo), asked which customer (pick),
    offered to create one, showed a card (Edit / Log follow-up), or something else."""
    found = json.dumps(call.params.get("blocks") or [])
    for action_id, kind in (
        (ids.FOLLOWUP_UNDO, "logged"),
        (ids.FOLLOWUP_PICK, "asked which"),
        (ids.FOLLOWUP_CREATE_CUSTOMER, "offered to create"),
        (ids.CUSTOMER_LOG_FOLLOWUP, "card"),
        (ids.CUSTOMER_OPEN, "choices"),
    ):
        if f'"{action_id}' in found:
            return kind
    return "other"


@dataclass
class Workload:
    url: str
    slack: StandInSlack
    users: tuple[str, ...]
    names: list[str]
    """Seeded customer names to type."""
    customer_ids: list[int]
    replies: Counter[str] = field(default_factory=Counter)
    """What the replies did, per command (see `reply_kind`)."""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def user(self, n: int) -> str:
        return self.users[n % len(self.users)]

    # --- slash commands and buttons: the reply, in the answer or at the response_url ----------

    def command(
        self,
        command: str,
        text: str,
        *,
        user: str,
        final: Callable[[Call], bool] = lambda c: True,
        label: str | None = None,
    ) -> float:
        """Seconds from sending the command until the reply `final` accepts arrives."""
        key = uuid.uuid4().hex
        body = slash_command_body(
            command, text, user_id=user, response_url=self.slack.response_url(key)
        )
        return self._until_reply(body, key, final, label=label or command)

    def click(self, action_id: str, value: str, *, user: str) -> float:
        key = uuid.uuid4().hex
        payload = block_actions_payload(
            user_id=user,
            action_id=action_id,
            value=value,
            response_url=self.slack.response_url(key),
        )
        return self._until_reply(interaction_body(payload), key, lambda c: True, label=action_id)

    def _until_reply(
        self, body: str, key: str, final: Callable[[Call], bool], *, label: str
    ) -> float:
        path = f"/response/{key}"
        started = time.monotonic()
        answer = post_signed(self.url, body)
        if answer.status != 200:
            raise RuntimeError(f"HTTP {answer.status}: {str(answer.body)[:200]}")
        if isinstance(answer.body, dict) and (answer.body.get("text") or answer.body.get("blocks")):
            # A command's first reply travels in Slack's HTTP answer itself.
            in_answer = Call("answer", {**answer.body, "path": path}, {})
            if final(in_answer):
                with self._lock:
                    self.replies[f"{label}: {reply_kind(in_answer)}"] += 1
                return in_answer.at - started
        calls = self.slack.wait_for(
            "response_url",
            lambda c: c.params.get("path") == path and final(c),
            timeout=REQUEST_TIMEOUT,
        )
        with self._lock:
            self.replies[f"{label}: {reply_kind(calls[0])}"] += 1
        return calls[0].at - started

    # --- the rules editor: modal submissions ---------------------------------------------------

    def open_rules_editor(self) -> tuple[dict[str, Any], str]:
        """The editor `/crm rules` opens for an admin, and that command's response_url path."""
        key = uuid.uuid4().hex
        body = slash_command_body(
            "/crm", "rules", user_id=ADMIN, response_url=self.slack.response_url(key)
        )
        started = time.monotonic()
        answer = post_signed(self.url, body)
        if answer.status != 200:
            raise RuntimeError(f"/crm rules: HTTP {answer.status}")
        call = wait_any(
            self.slack,
            ("views.open",),
            lambda c: c.at >= started and view_of(c).get("callback_id") == ids.RULES_EDIT_MODAL,
        )
        return view_of(call), f"/response/{key}"

    def preview_rules(
        self, editor: dict[str, Any], values: dict[str, Any]
    ) -> tuple[float, float, dict[str, Any]]:
        """(seconds to the HTTP ack, seconds until the preview is shown, the preview view)."""
        payload = view_submission_payload(user_id=ADMIN, view=editor, values=values)
        started = time.monotonic()
        answer = post_signed(self.url, interaction_body(payload))
        ack = time.monotonic() - started
        view = _acked_view(answer.status, answer.body)
        if _is_preview(view):
            return ack, ack, view
        external_id = view.get("external_id")

        def shows_it(call: Call) -> bool:
            if call.at < started:
                return False
            if external_id:
                return bool(call.params.get("external_id") == external_id)
            return _is_preview(view_of(call))

        call = wait_any(self.slack, ("views.update", "views.push"), shows_it)
        shown = view_of(call)
        if not _is_preview(shown):
            raise RuntimeError(f"no preview but {str(shown)[:300]}")
        return ack, max(ack, call.at - started), shown

    def apply_rules(self, preview: dict[str, Any], command_path: str) -> tuple[float, float, str]:
        """(seconds to the HTTP ack, seconds until the result is shown or posted, what it
        says)."""
        preview = {**preview, "id": preview.get("id") or "V0BENCHPREVIEW"}
        payload = view_submission_payload(user_id=ADMIN, view=preview, values={})
        started = time.monotonic()
        answer = post_signed(self.url, interaction_body(payload))
        ack = time.monotonic() - started
        if answer.status != 200:
            raise RuntimeError(f"HTTP {answer.status}")
        acked = answer.body if isinstance(answer.body, dict) else {}
        external_id = (acked.get("view") or {}).get("external_id")

        def result(call: Call) -> bool:
            if call.at < started:
                return False
            if call.method == "response_url":
                return call.params.get("path") == command_path
            return bool(external_id) and call.params.get("external_id") == external_id

        call = wait_any(self.slack, ("views.update", "response_url", "chat.postMessage"), result)
        said = text_of(view_of(call) if call.method == "views.update" else call.params)
        return ack, max(ack, call.at - started), " ".join(said.split())[:200]


def _acked_view(status: int, body: Any) -> dict[str, Any]:
    if status != 200:
        raise RuntimeError(f"HTTP {status}")
    if not isinstance(body, dict):
        return {}
    if body.get("response_action") == "errors":
        raise RuntimeError(f"the editor refused the values: {body.get('errors')}")
    view = body.get("view")
    return dict(view) if isinstance(view, dict) else {}


def _is_preview(view: dict[str, Any]) -> bool:
    return view.get("callback_id") == ids.RULES_PREVIEW_MODAL and bool(view.get("submit"))


def wait_any(
    slack: StandInSlack,
    methods: Iterable[str],
    predicate: Callable[[Call], bool],
    *,
    timeout: float = REQUEST_TIMEOUT,
) -> Call:
    """The first call to any of `methods` that `predicate` accepts (polled every 5 ms)."""
    wanted = set(methods)
    deadline = time.monotonic() + timeout
    seen = 0
    while time.monotonic() < deadline:
        calls = list(slack.calls)
        for call in calls[seen:]:
            if call.method in wanted and predicate(call):
                return call
        seen = len(calls)
        time.sleep(0.005)
    raise TimeoutError(f"no {'/'.join(sorted(wanted))} within {timeout:.0f} s")


def digest_arrived(call: Call) -> bool:
    """The digest itself, not a "working on it" note before it: the digest has several blocks
    (or replaces that note)."""
    blocks = call.params.get("blocks") or []
    replaces = str(call.params.get("replace_original")).lower() == "true"
    return replaces or len(blocks) > 2
