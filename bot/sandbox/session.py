"""A terminal conversation with the real app: what a person types becomes a signed request
into the Bolt app over HTTP, and what the app sends to the stand-in Slack is shown back,
rendered, with its buttons numbered."""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from rich.markup import escape

from bot.sandbox.forms import Form, form_for
from bot.sandbox.harness import Harness, MutableClock, settings_for_standin
from bot.sandbox.people import (
    CHANNELS,
    PERSONAS,
    Persona,
    add_people,
    channel_name,
    channel_named,
    persona_named,
)
from bot.sandbox.render import Control, Reader, Rendered, render_message, render_view
from bot.sandbox.signed import (
    HttpReply,
    element_payload,
    event_body,
    view_submission_payload,
)
from bot.sandbox.standin import Call, StandInSlack, dm_channel
from bot.wiring.settings import Settings

Say = Callable[[str], None]
"""Print one piece of rich markup."""
COMMANDS = ("/followup", "/customer", "/crm")
QUIET_S = 0.3
"""The app has finished answering once the stand-in has seen nothing new for this long."""
MOST_S = 10.0
TICK = timedelta(minutes=30)
"""`:advance` runs the scheduler at every half hour it passes (nudges and digests are set
on the hour or half hour), and at the moment it stops."""
LONGEST_ADVANCE = timedelta(days=62)
_DURATION = re.compile(r"(\d+)\s*(w|d|h|m)", re.IGNORECASE)
_SILENT = frozenset(
    {
        "auth.test",
        "users.info",
        "conversations.open",
        "files.getUploadURLExternal",
        "upload",
        "views.publish",
    }
)

HELP = """\
[bold]Type what you would type in Slack[/bold], e.g.
  /followup acme called re: quote, next: send pricing fri
  /customer new      /customer list      /crm todo      /crm rules      /crm help
[bold]A number[/bold] clicks the button (or opens the menu) shown with it: \\[1] Undo
[bold]Sandbox commands[/bold]
  :as rep | rep2 | manager | admin   be someone else (or a user ID)
  :who                               who you are, and everyone else
  :advance 3d | 2h | 1w 2d           move the clock on and run the scheduler's due jobs
  :time 2026-12-07 09:00             set the clock (in your time zone) and run due jobs
  :home                              your App Home tab
  :dms                               the bot's DMs to you
  :channel #sales                    what the bot posted in a channel
  :reset                             start again from the demo data
  :help   :quit
In a form: Enter keeps what is shown, - clears an optional field, :cancel closes the form."""


@dataclass
class Shown:
    """Controls of what was shown last; typing a number uses one."""

    controls: dict[int, Control] = field(default_factory=dict)

    def next_number(self) -> int:
        return max(self.controls, default=0) + 1

    def add(self, rendered: Rendered) -> None:
        for control in rendered.controls:
            self.controls[control.number] = control


@dataclass
class OpenView:
    view_id: str
    view: dict[str, Any]
    form: Form


class Sandbox:
    """One sandbox run: the stand-in Slack, the app on a real HTTP server, a database, a
    clock, and who is typing."""

    def __init__(
        self,
        *,
        database: Path,
        files: Path,
        settings_for: Callable[[StandInSlack, str], Settings],
        engine_for: Callable[[str], Any],
        seed: Callable[[Sandbox], str] | None,
        now: datetime,
        say: Say,
    ) -> None:
        self.database = database
        self.files = files
        self._settings_for = settings_for
        self._engine_for = engine_for
        self._seed = seed
        self.clock = MutableClock(now)
        self.say = say
        self.me: Persona = PERSONAS[0]
        self.shown = Shown()
        self.views: list[OpenView] = []
        self.choosing: Control | None = None
        self.ended = False
        self._seen = 0
        self._file_names: dict[str, str] = {}
        self._elsewhere: dict[str, int] | None = None
        """While the clock runs: DMs to other people, counted rather than shown."""
        self._slack: StandInSlack | None = None
        self._harness: Harness | None = None

    # --- life -------------------------------------------------------------------------------

    @property
    def slack(self) -> StandInSlack:
        assert self._slack is not None, "the sandbox is not started"
        return self._slack

    @property
    def harness(self) -> Harness:
        assert self._harness is not None, "the sandbox is not started"
        return self._harness

    def start(self) -> str:
        """Start everything; returns a line about the data (seeded now, or kept)."""
        from storage.database import upgrade_database

        self.database.parent.mkdir(parents=True, exist_ok=True)
        self.files.mkdir(parents=True, exist_ok=True)
        new = not self.database.exists()
        slack = StandInSlack().start()
        add_people(slack)
        url = f"sqlite:///{self.database}"
        settings = self._settings_for(slack, url)
        engine = self._engine_for(url)
        upgrade_database(engine)
        self._slack = slack
        self._harness = Harness(
            slack=slack, engine=engine, clock=self.clock, settings=settings
        ).start()
        about = f"your data is kept in {self.database}"
        if new and self._seed is not None:
            about = self._seed(self) + f"; kept in {self.database}"
        self._seen = len(slack.calls)
        return about

    def stop(self) -> None:
        if self._harness is not None:
            self._harness.stop()
            self._harness.engine.dispose()
            self._harness = None
        if self._slack is not None:
            self._slack.stop()
            self._slack = None

    def reset(self) -> str:
        self.stop()
        for path in (self.database, Path(f"{self.database}-wal"), Path(f"{self.database}-shm")):
            path.unlink(missing_ok=True)
        shutil.rmtree(self.files, ignore_errors=True)
        self.views.clear()
        self.shown = Shown()
        self.choosing = None
        return self.start()

    @property
    def reader(self) -> Reader:
        chinese = self.me.locale.casefold().startswith("zh")
        return Reader(zone=self.me.tz, now=self.clock.now, names=self.name_of, chinese=chinese)

    def name_of(self, user_id: str) -> str:
        user = self.slack.users.get(user_id)
        return str(user["real_name"]) if user else user_id

    # --- what the person types --------------------------------------------------------------

    def prompt(self) -> str:
        if self.views:
            return f"  {self.views[-1].form.prompt()}"
        if self.choosing is not None:
            return "  pick: "
        return f"{self.me.key}> "

    def feed(self, line: str) -> None:
        """Do what one typed line asks."""
        text = line.strip()
        if text in (":quit", ":q", ":exit"):
            self.ended = True
            return
        if self.views:
            self._form_line(text)
            return
        if self.choosing is not None:
            self._choose(text)
            return
        if not text or text.startswith("#"):
            return
        if text.startswith(":"):
            self._sandbox_command(text)
        elif text.startswith("/"):
            self._slash(text)
        elif text.isdigit():
            self._use(int(text))
        else:
            self.say(
                "[yellow]Type a slash command such as /followup, a number to click, "
                "or :help.[/yellow]"
            )

    def _slash(self, text: str) -> None:
        command, _, rest = text.partition(" ")
        if command not in COMMANDS:
            known = ", ".join(COMMANDS)
            self.say(f"[yellow]{escape(command)} is not a command here; try {known}.[/yellow]")
            return
        reply, _url = self.harness.command(command, rest.strip(), user=self.me.user_id)
        self._after(reply, first_reply=True)

    def _sandbox_command(self, text: str) -> None:
        verb, _, rest = text[1:].partition(" ")
        rest = rest.strip()
        if verb == "help":
            self.say(HELP)
        elif verb == "as":
            self._become(rest)
        elif verb == "who":
            for persona in PERSONAS:
                mark = "→" if persona == self.me else " "
                self.say(f"{mark} :as {persona.key:<8} {escape(persona.describe())}")
        elif verb == "advance":
            self._advance(rest)
        elif verb == "time":
            self._set_time(rest)
        elif verb == "home":
            self._home()
        elif verb == "dms":
            self._show_channel(dm_channel(self.me.user_id), "your DMs with crmbot")
        elif verb == "channel":
            channel = channel_named(rest or "#sales")
            if channel is None:
                names = ", ".join(f"#{n}" for n in CHANNELS)
                self.say(f"[yellow]No channel {escape(rest)!r}; there are {names}.[/yellow]")
                return
            self._show_channel(channel, f"#{channel_name(channel)}")
        elif verb == "reset":
            self.say(escape(self.reset()))
        elif verb == "cancel":
            self.say("[yellow]No form is open.[/yellow]")
        else:
            self.say(f"[yellow]Unknown :{escape(verb)}; :help lists what works.[/yellow]")

    def _become(self, who: str) -> None:
        persona = persona_named(who)
        if persona is None:
            keys = ", ".join(p.key for p in PERSONAS)
            self.say(f"[yellow]Nobody called {escape(who)!r}; try {keys}.[/yellow]")
            return
        self.me = persona
        self.shown = Shown()
        self.say(f"You are now {escape(persona.describe())}.")

    # --- time -------------------------------------------------------------------------------

    def _advance(self, text: str) -> None:
        parts = _DURATION.findall(text)
        if not parts or _DURATION.sub("", text).strip():
            self.say("[yellow]Say how far, e.g. :advance 3d, :advance 2h, :advance 1w 2d.[/yellow]")
            return
        unit = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}
        delta = sum((timedelta(**{unit[u.lower()]: int(n)}) for n, u in parts), start=timedelta())
        self._run_until(self.clock.now + delta)

    def _set_time(self, text: str) -> None:
        try:
            moment = datetime.fromisoformat(text.replace(" ", "T", 1))
        except ValueError:
            self.say(
                "[yellow]Give a time as YYYY-MM-DD HH:MM, e.g. :time 2026-12-07 09:00.[/yellow]"
            )
            return
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=self.me.tz)
        self._run_until(moment.astimezone(UTC))

    def _run_until(self, end: datetime) -> None:
        from scheduler.jobs import job_context, tick

        start = self.clock.now
        if end < start:
            self.clock.now = end
            self.say(f"The clock is now {self._local(end)} (back in time: no jobs run).")
            return
        if end - start > LONGEST_ADVANCE:
            self.say("[yellow]That is more than two months; advance in smaller steps.[/yellow]")
            return
        ctx = job_context(self.harness.settings, self.harness.engine)
        moment = _next_tick(start)
        stops = []
        while moment < end:
            stops.append(moment)
            moment += TICK
        stops.append(end)
        self._elsewhere = {}
        for at in stops:
            self.clock.now = at
            tick(ctx, at)
            self._show_new(header=f"⏰ {self._local(at)}")
        if self._elsewhere:
            counts = ", ".join(f"{name} {n}" for name, n in sorted(self._elsewhere.items()))
            self.say(
                f"[dim](crmbot also sent DMs to others: {escape(counts)}; :as … then :dms)[/dim]"
            )
        self._elsewhere = None
        self.say(f"The clock is now {self._local(end)}.")

    def _local(self, at: datetime) -> str:
        local = at.astimezone(self.me.tz)
        return f"{local:%a %Y-%m-%d %H:%M} ({self.me.zone})"

    # --- Slack surfaces ---------------------------------------------------------------------

    def _home(self) -> None:
        event = {
            "type": "app_home_opened",
            "user": self.me.user_id,
            "channel": dm_channel(self.me.user_id),
            "tab": "home",
            "event_ts": f"{time.time():.6f}",
        }
        reply = self.harness.send_event(event_body(event))
        self._settle()
        published = [
            c
            for c in self.slack.calls_to("views.publish")
            if c.params.get("user_id") == self.me.user_id
        ]
        self._seen = len(self.slack.calls)
        if reply.status != 200 or not published:
            self.say("[yellow]The Home tab did not come (see the log).[/yellow]")
            return
        self.shown = Shown()
        self._show_view(_json(published[-1].params.get("view")), heading="Home")

    def _show_channel(self, channel: str, label: str) -> None:
        messages = self.slack.posted(channel)
        self.shown = Shown()
        if not messages:
            self.say(f"[dim]Nothing in {escape(label)} yet.[/dim]")
            return
        self.say(f"[bold]{escape(label)}[/bold] ({len(messages)} messages, oldest first)")
        for message in messages:
            self._show_message({**message, "channel": channel}, heading="")

    # --- clicking and picking ---------------------------------------------------------------

    def _use(self, number: int) -> None:
        control = self.shown.controls.get(number)
        if control is None:
            self.say(f"[yellow]There is no \\[{number}] on screen; :help says what works.[/yellow]")
            return
        if control.kind == "button":
            self._act(control, {"type": "button", "value": control.value or ""})
            return
        if control.kind in ("overflow", "static_select", "external_select") and not control.options:
            self.say("[yellow]That menu has no options.[/yellow]")
            return
        self.choosing = control
        if control.options:
            for n, option in enumerate(control.options, start=1):
                self.say(f"  {n}) {escape(option.text)}")
        else:
            self.say(f"  ({_pick_hint(control.kind)})")

    def _choose(self, text: str) -> None:
        control = self.choosing
        assert control is not None
        if text in ("", ":cancel"):
            self.choosing = None
            return
        action: dict[str, Any] = {"type": control.kind}
        if control.options:
            if not (text.isdigit() and 1 <= int(text) <= len(control.options)):
                self.say(f"[yellow]Pick 1–{len(control.options)} (Enter to leave it).[/yellow]")
                return
            option = control.options[int(text) - 1]
            action["selected_option"] = {
                "text": {"type": "plain_text", "text": option.text},
                "value": option.value,
            }
        elif control.kind == "datepicker":
            try:
                action["selected_date"] = datetime.strptime(text, "%Y-%m-%d").date().isoformat()
            except ValueError:
                self.say("[yellow]Type a date as YYYY-MM-DD.[/yellow]")
                return
        elif control.kind in ("users_select",):
            persona = persona_named(text)
            if persona is None:
                self.say("[yellow]Type rep, rep2, manager, admin or a user ID.[/yellow]")
                return
            action["selected_user"] = persona.user_id
        else:
            action["value"] = text
        self.choosing = None
        self._act(control, action)

    def _act(self, control: Control, action: dict[str, Any]) -> None:
        action = {**action, "action_id": control.action_id, "block_id": control.block_id}
        source = dict(control.source)
        response_url = self.slack.response_url()
        if source.get("type") in ("modal", "home"):
            view = dict(source)
            payload = element_payload(
                user_id=self.me.user_id, action=action, response_url=None, view=view
            )
        elif source.get("ts"):
            channel = str(source.get("channel") or "")
            message = {k: v for k, v in source.items() if k != "channel"}
            payload = element_payload(
                user_id=self.me.user_id,
                action=action,
                response_url=response_url,
                message=message,
                channel_id=channel,
            )
        else:
            payload = element_payload(
                user_id=self.me.user_id, action=action, response_url=response_url
            )
        self._after(self.harness.send(payload), first_reply=False)

    # --- forms ------------------------------------------------------------------------------

    def _open(self, view_id: str, view: dict[str, Any], *, replace: bool) -> None:
        if replace and self.views:
            self.views.pop()
        self.shown = Shown()
        form = form_for(view)
        shown_as = {**view, "id": view_id}
        self._show_view(shown_as, heading="", first_number=len(form.fields) + 1)
        if not form.fields and form.submit_label is None:
            self.views.clear()  # nothing to fill in or submit: it is read, then closed
            return
        self.views.append(OpenView(view_id, view, form))
        self._ask()

    def _ask(self) -> None:
        if not self.views:
            return
        for line in self.views[-1].form.details(self.name_of):
            self.say(escape("  " + line))

    def _form_line(self, text: str) -> None:
        top = self.views[-1]
        form = top.form
        if text == ":cancel":
            self.views.clear()
            self.say("[dim](form closed, nothing sent)[/dim]")
            return
        if text.startswith((":", "/")):
            self.say(
                f"[yellow]The form {escape(form.title)} is open: answer it, "
                "or :cancel to close it first.[/yellow]"
            )
            self._ask()
            return
        if form.current is not None:
            problem = form.answer(text, self._lookup)
            if problem:
                self.say(f"[yellow]⚠ {escape(problem)}[/yellow]")
            self._ask()
            return
        choice = text.lower()
        if choice in ("", "y", "yes"):
            self._submit(top)
        elif choice in ("n", "no"):
            self.views.clear()
            self.say("[dim](form closed, nothing sent)[/dim]")
        elif choice.isdigit() and form.change(int(choice)):
            self._ask()
        elif choice.isdigit() and int(choice) in self.shown.controls:
            self._use(int(choice))
        else:
            self.say(
                "[yellow]y submits, n cancels, a field's number changes it, "
                "a button's number clicks it.[/yellow]"
            )
            self._ask()

    def _submit(self, top: OpenView) -> None:
        self.shown = Shown()
        view = {**top.view, "id": top.view_id}
        payload = view_submission_payload(
            user_id=self.me.user_id, view=view, values=top.form.values
        )
        reply = self.harness.send(payload)
        answered = reply.json() if reply.status == 200 and reply.body.strip() else None
        answer: dict[str, Any] = answered if isinstance(answered, dict) else {}
        action = answer.get("response_action")
        if reply.status != 200:
            self.views.clear()
            self.say(f"[red]The app answered HTTP {reply.status}; nothing more to show.[/red]")
        elif action == "errors":
            top.form.refused(dict(answer.get("errors") or {}))
            self.say("[yellow]The form has problems:[/yellow]")
            self._ask()
        elif action == "update":
            self.views.pop()
            self._open(top.view_id, dict(answer.get("view") or {}), replace=False)
        elif action == "push":
            self._open(
                f"V{time.monotonic_ns() % 10**9:09d}", dict(answer.get("view") or {}), replace=False
            )
        elif action == "clear":
            self.views.clear()
        else:
            self.views.pop()
            if self.views:
                self._ask()
        self._after(None, first_reply=False, fresh=False)

    def _lookup(self, text: str) -> str | None:
        if text.startswith("#"):
            return channel_named(text)
        persona = persona_named(text)
        return persona.user_id if persona else None

    # --- what the app sent ------------------------------------------------------------------

    def _after(self, reply: HttpReply | None, *, first_reply: bool, fresh: bool = True) -> None:
        """Show the app's HTTP answer (a command's first reply) and everything it sent."""
        if reply is not None and reply.status != 200:
            self.say(f"[red]The app answered HTTP {reply.status}.[/red]")
        if fresh:
            self.shown = Shown()
        if reply is not None and first_reply and reply.status == 200 and reply.body.strip():
            self._show_message(
                dict(reply.json()), heading="crmbot [dim](only you can see this)[/dim]"
            )
        self._settle()
        self._show_new(header=None)

    def _settle(self) -> None:
        """Wait until the app has stopped talking to Slack."""
        deadline = time.monotonic() + MOST_S
        count, quiet_since = len(self.slack.calls), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now_count = len(self.slack.calls)
            if now_count != count:
                count, quiet_since = now_count, time.monotonic()
            elif time.monotonic() - quiet_since >= QUIET_S:
                return

    def _show_new(self, *, header: str | None) -> None:
        calls = self.slack.calls[self._seen :]
        self._seen += len(calls)
        shown_header = False
        for call in calls:
            if call.method in _SILENT or call.fault is not None:
                continue
            if self._elsewhere is not None and self._for_someone_else(call):
                name = self._dm_reader(str(call.params.get("channel")))
                self._elsewhere[name] = self._elsewhere.get(name, 0) + 1
                continue
            if header and not shown_header:
                self.say(f"[bold]{escape(header)}[/bold]")
                shown_header = True
            self._show_call(call)

    def _show_call(self, call: Call) -> None:
        params = call.params
        if call.method == "response_url":
            if params.get("delete_original"):
                self.say("[dim](crmbot removed its message)[/dim]")
                return
            note = " (replacing its message)" if params.get("replace_original") else ""
            self._show_message(params, heading=f"crmbot [dim](only you can see this){note}[/dim]")
        elif call.method == "chat.postMessage":
            self._show_post(call, updated=False)
        elif call.method == "chat.update":
            self._show_post(call, updated=True)
        elif call.method == "chat.postEphemeral":
            if params.get("user") == self.me.user_id:
                self._show_message(params, heading="crmbot [dim](only you can see this)[/dim]")
        elif call.method in ("views.open", "views.push"):
            view_id = self._view_id_of(call)
            self._open(view_id, _json(params.get("view")), replace=False)
        elif call.method == "views.update":
            self._updated_view(call)
        elif call.method == "files.completeUploadExternal":
            self._saved_files(call)
        elif call.method == "conversations.history":
            return  # the delivery ledger checking what it already sent
        else:
            self.say(f"[dim](crmbot called {escape(call.method)})[/dim]")

    def _dm_reader(self, channel: str) -> str:
        owner = next((p for p in PERSONAS if dm_channel(p.user_id) == channel), None)
        return owner.name if owner else channel

    def _for_someone_else(self, call: Call) -> bool:
        channel = str(call.params.get("channel") or "")
        return (
            call.method in ("chat.postMessage", "chat.update")
            and channel.startswith("D")
            and channel != dm_channel(self.me.user_id)
        )

    def _show_post(self, call: Call, *, updated: bool) -> None:
        channel = str(call.params.get("channel"))
        ts = (call.answer or {}).get("ts") or call.params.get("ts")
        stored = [m for m in self.slack.posted(channel) if m["ts"] == ts]
        message = {**(stored[0] if stored else call.params), "channel": channel}
        verb = "updated its message" if updated else "posted"
        if channel.startswith("D"):
            owner = next((p for p in PERSONAS if dm_channel(p.user_id) == channel), None)
            if owner is not None and owner != self.me:
                self.say(
                    f"[dim](crmbot {verb} in a DM to {escape(owner.name)}; "
                    f":as {owner.key} then :dms to read it)[/dim]"
                )
                return
            self._show_message(message, heading=f"crmbot {verb} [dim](DM to you)[/dim]")
            return
        self._show_message(message, heading=f"crmbot {verb} in #{escape(channel_name(channel))}")

    def _show_message(self, message: dict[str, Any], *, heading: str) -> None:
        if heading:
            self.say(f"[bold green]{heading}[/bold green]")
        rendered = render_message(message, self.reader, first_number=self.shown.next_number())
        self.shown.add(rendered)
        for line in rendered.lines:
            self.say(_indent(line))
        for item in message.get("files") or []:
            path = self._file_names.get(str(item.get("id")))
            self.say(_indent(f"📎 {escape(str(item.get('title') or item.get('name')))}: {path}"))

    def _show_view(
        self, view: dict[str, Any], *, heading: str, first_number: int | None = None
    ) -> None:
        if heading:
            self.say(f"[bold green]{escape(heading)}[/bold green]")
        first = first_number or self.shown.next_number()
        rendered = render_view(view, self.reader, first_number=first)
        self.shown.add(rendered)
        for line in rendered.lines:
            self.say(_indent(line))

    def _updated_view(self, call: Call) -> None:
        view = _json(call.params.get("view"))
        view_id = self._view_id_of(call)
        self.views = [v for v in self.views if v.view_id != view_id]
        self.say("[dim](the form changed)[/dim]")
        self._open(view_id, view, replace=False)

    def _view_id_of(self, call: Call) -> str:
        view_id = call.params.get("view_id")
        if view_id:
            return str(view_id)
        external = call.params.get("external_id") or _json(call.params.get("view")).get(
            "external_id"
        )
        if external:
            with_id = [
                vid for vid, v in self.slack.views.items() if v.get("external_id") == external
            ]
            if with_id:
                return with_id[-1]
        return f"V{len(self.slack.views):08d}"

    def _saved_files(self, call: Call) -> None:
        for entry in _json_list(call.params.get("files")):
            file_id = str(entry.get("id"))
            upload = self.slack.uploaded(file_id)
            if upload is None:
                continue
            name, content = upload
            path = self.files / _safe_name(name, file_id)
            path.write_bytes(content)
            self._file_names[file_id] = str(path)
            where = channel_name(str(call.params.get("channel_id") or ""))
            self.say(f"📎 crmbot shared {escape(name)} in #{escape(where)}; saved as {path}")


def _json(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        loaded = json.loads(value)
        return loaded if isinstance(loaded, dict) else {"items": loaded}
    return dict(value) if isinstance(value, dict) else {}


def _json_list(value: Any) -> list[dict[str, Any]]:
    loaded = json.loads(value) if isinstance(value, str) else value
    return [item for item in loaded or [] if isinstance(item, dict)]


def _indent(line: str) -> str:
    return "\n".join("  " + part for part in line.split("\n"))


def _next_tick(after: datetime) -> datetime:
    """The first half-hour mark after `after`."""
    base = after.replace(second=0, microsecond=0)
    base -= timedelta(minutes=base.minute % 30)
    return base + TICK


def _pick_hint(kind: str) -> str:
    return {
        "datepicker": "type a date as YYYY-MM-DD",
        "timepicker": "type a time as HH:MM",
        "users_select": "type rep, rep2, manager, admin or a user ID",
    }.get(kind, "type a value")


def _safe_name(name: str, file_id: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or file_id
    return cleaned


def sandbox_settings(slack: StandInSlack, database_url: str) -> Settings:
    admins = ",".join(p.user_id for p in PERSONAS if p.role == "admin")
    return settings_for_standin(slack, database_url, CRM_ADMINS=admins, CRM_CURRENCY="USD")
