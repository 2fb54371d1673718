from __future__ import annotations

import pytest

from bot.followups.text import clean_slack_text, infer_method, split_followup_line
from storage.models import FollowUpMethod


@pytest.mark.parametrize(
    ("text", "subject", "next_text"),
    [
        (
            "ACME called re: quote, next: send pricing fri",
            "ACME called re: quote",
            "send pricing fri",
        ),
        ("Acme met CFO; next step: prepare proposal", "Acme met CFO", "prepare proposal"),
        ("Acme emailed then: call tmrw", "Acme emailed", "call tmrw"),
        ("华为 拜访了张总，下一步：下周三发报价", "华为 拜访了张总", "下周三发报价"),
        ("华为 拜访了张总 下一步:下周三发报价。", "华为 拜访了张总", "下周三发报价"),
        ("Acme NEXT: demo", "Acme", "demo"),
        ("Acme re: renewal", "Acme re: renewal", None),
        ("Acme nextgen platform talk", "Acme nextgen platform talk", None),
        ("Acme called, next:", "Acme called", None),
    ],
)
def test_split_followup_line(text: str, subject: str, next_text: str | None) -> None:
    line = split_followup_line(text)
    assert (line.subject, line.next_text) == (subject, next_text)


@pytest.mark.parametrize(
    ("text", "method"),
    [
        ("called re: quote", FollowUpMethod.CALL),
        ("rang the buyer", FollowUpMethod.CALL),
        ("电话沟通了价格", FollowUpMethod.CALL),
        ("visited the plant", FollowUpMethod.VISIT),
        ("拜访了张总", FollowUpMethod.VISIT),
        ("emailed the contract", FollowUpMethod.EMAIL),
        ("发了邮件", FollowUpMethod.EMAIL),
        ("zoom with procurement", FollowUpMethod.MEETING),
        ("开会讨论方案", FollowUpMethod.MEETING),
        ("texted on wechat", FollowUpMethod.MESSAGE),
        ("called, then emailed", FollowUpMethod.CALL),
        ("sent samples", FollowUpMethod.OTHER),
        ("recalled the order", FollowUpMethod.OTHER),
    ],
)
def test_infer_method(text: str, method: FollowUpMethod) -> None:
    assert infer_method(text) is method


def test_clean_slack_text_unescapes() -> None:
    assert clean_slack_text("  AT&amp;T &lt;b&gt; ") == "AT&T <b>"
