"""A zh-CN rep in Shanghai and an en-US rep in New York run the same script — create a customer
with a local phone number and `80万`, log a follow-up, open the card, ask for help, get the
morning nudge, read the digest — and each reads every message in their own language, with
their own number and money formats."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlmodel import select

from bot.sandbox.harness import Harness, text_of
from bot.sandbox.standin import dm_channel as dm
from scheduler.jobs import job_context, tick
from storage.models import Customer, DigestChannel, NextStep
from tests.conftest import ADMIN

CHANNEL = "C0DIGEST1"
_CODE_SPAN = re.compile(r"`[^`]*`|<[^>]*>|:[a-z0-9_+\-]+:|https?://\S+")
_ENGLISH_RUN = re.compile(r"\b[A-Za-z][a-z]+(?:[ '’-]+[A-Za-z][a-z]+)+\b")


@dataclass(frozen=True)
class Rep:
    user: str
    locale: str
    zone: str
    name: str
    phone: str
    stored_phone: str
    followup: str
    help_word: str
    money: str
    """How the card shows 800,000 CNY to them."""
    nudge_at: datetime
    """Friday 09:00 in their zone: the step due that day is in that morning's nudge."""


ZH = Rep(
    user="U0REPZH01",
    locale="zh-CN",
    zone="Asia/Shanghai",
    name="华信贸易有限公司",
    phone="138-0013-8000",
    stored_phone="+8613800138000",
    followup="华信 电话沟通了报价，下一步：周五发报价单",
    help_word="帮助",
    money="¥800,000",
    nudge_at=datetime(2026, 11, 20, 1, 0, tzinfo=UTC),
)
EN = Rep(
    user="U0REPEN01",
    locale="en-US",
    zone="America/New_York",
    name="Hudson Trading",
    phone="(212) 555-0143",
    stored_phone="+12125550143",
    followup="Hudson called re: quote, next: send pricing fri",
    help_word="help",
    money="CN¥800,000",
    nudge_at=datetime(2026, 11, 20, 14, 0, tzinfo=UTC),
)


def english_left(text: str, *, allowed: tuple[str, ...] = ()) -> list[str]:
    """Runs of two or more English words outside code, Slack tokens, emoji and `allowed`."""
    for word in allowed:
        text = text.replace(word, " ")
    return _ENGLISH_RUN.findall(_CODE_SPAN.sub(" ", text))


def _say(crm: Harness, rep: Rep, command: str, text: str) -> str:
    return text_of(crm.command_reply(command, text, user=rep.user))


def _run_script(crm: Harness, rep: Rep) -> list[str]:
    """The same steps for either rep; returns every text the rep read, in order."""
    crm.slack.add_user(rep.user, tz=rep.zone, name=rep.user, locale=rep.locale)
    read: list[str] = []

    reply, _ = crm.command("/customer", f"new {rep.name}", user=rep.user)
    assert reply.status == 200
    form = crm.opened_view()
    read.append(text_of(form) + "\n" + _labels(form))
    values = {"phone": rep.phone, "annual_value": "80万", "owner": rep.user}
    answer = crm.submit(form, values, user=rep.user)
    assert answer.status == 200 and not answer.body.strip(), answer.body
    read.append(text_of(crm.slack.wait_for("response_url")[-1].params))

    read.append(_say(crm, rep, "/followup", rep.followup))
    read.append(_say(crm, rep, "/customer", rep.name))
    read.append(_say(crm, rep, "/crm", rep.help_word))

    tick(job_context(crm.settings, crm.engine), rep.nudge_at)
    [nudge] = crm.slack.posted(dm(rep.user))
    read.append(text_of(nudge))
    return read


def _labels(view: dict[str, Any]) -> str:
    parts = [view["title"]["text"], view["submit"]["text"]]
    for block in view["blocks"]:
        if block.get("type") == "input":
            parts.append(block["label"]["text"])
            for option in block["element"].get("options", []):
                parts.append(option["text"]["text"])
    return "\n".join(parts)


@pytest.mark.parametrize("rep", [ZH, EN], ids=["zh-CN", "en-US"])
def test_each_rep_reads_the_same_script_in_their_language(crm: Harness, rep: Rep) -> None:
    read = _run_script(crm, rep)

    with crm.session() as session:
        [customer] = session.exec(select(Customer))
        [step] = session.exec(select(NextStep))
    assert customer.phone == rep.stored_phone
    assert (customer.annual_value, customer.currency) == (Decimal("800000.00"), "CNY")
    assert step.due_at is not None

    form, created, logged, card, helped, nudge = read
    assert rep.money in card
    if rep is ZH:
        for text in read:
            assert re.search(r"[\u4e00-\u9fff]", text), text
            assert english_left(text, allowed=("Slack", "Slack 语言")) == [], text
        assert "客户名称" in form and "新建客户" in form
        assert "下一步" in logged and "|2026-11-20>" in logged  # Friday, as a Slack date
        assert "crmbot" in helped
    else:
        assert "Customer name" in form and "New customer" in form
        assert "Created *Hudson Trading*" in created
        assert "send pricing" in logged
        assert "*Code*" in card and "*Annual value*" in card
        assert "crmbot commands" in helped
        assert "thing" in nudge and "send pricing" in nudge
        for text in read:
            assert not re.search(
                r"[\u4e00-\u9fff]", text.replace("中文", "").replace("80万", "")
            ), text


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_channel_reads_the_digest_in_its_language(crm: Harness, language: str) -> None:
    from tests.support.factories import add_customer

    start = datetime(2026, 11, 18, 2, 0, tzinfo=UTC)
    add_customer(crm.engine, "华信贸易", owner=ZH.user, now=start, annual_value=Decimal(800_000))
    add_customer(crm.engine, "Hudson Trading", owner=EN.user, now=start)
    _, url = crm.command("/crm", "digest", user=ADMIN)
    view = crm.opened_view()
    values: dict[str, Any] = {"channel": CHANNEL, "zone": "Asia/Shanghai", "tiers": []}
    if any(b.get("block_id") == "language" for b in view["blocks"]):
        values["language"] = language
    assert crm.submit(view, values, user=ADMIN).status == 200
    crm.reply_to(url)
    with crm.session() as session:
        [channel] = session.exec(select(DigestChannel))
    assert channel.language == language

    monday_0900 = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    tick(job_context(crm.settings, crm.engine), monday_0900)
    digest, _chart = crm.slack.posted(CHANNEL)
    text = text_of(digest)
    if language == "zh":
        assert re.search(r"[\u4e00-\u9fff]{4}", text)
        assert english_left(text, allowed=("Hudson Trading",)) == [], text
    else:
        assert "Weekly customer digest" in text
