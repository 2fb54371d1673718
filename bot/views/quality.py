"""`/crm audit`'s answer: each kind of data problem with its count, the first few customers
(each with an Open button for its card) and how to fix it."""

from __future__ import annotations

from bot.catalog.texts.quality import text as t
from bot.catalog.tiers import tier_label
from bot.quality.results import Finding, Problem, QualityReport
from bot.views import ids
from bot.views.blocks import Block, Message, button, context, divider, message, section
from bot.views.formatting import customer_label


def quality_message(report: QualityReport) -> Message:
    heading = t.AUDIT_HEADING_OWN if report.own_only else t.AUDIT_HEADING_TEAM
    found = [finding for finding in report.findings if finding.count]
    if not found:
        blocks: list[Block] = [section(f"{heading}\n{t.AUDIT_ALL_GOOD}")]
        return message(t.AUDIT_TITLE, blocks)
    summary = t.AUDIT_SUMMARY_ONE if report.problems == 1 else t.AUDIT_SUMMARY
    blocks = [section(f"{heading}\n{summary.format(count=report.problems)}")]
    shown = 0
    for finding in found:
        blocks.append(divider())
        blocks.append(section(_title(finding, report)))
        for customer in finding.customers:
            action = ids.numbered(ids.CUSTOMER_OPEN, shown)
            shown += 1
            blocks.append(
                section(
                    customer_label(customer),
                    accessory=button(t.AUDIT_OPEN, action, str(customer.id)),
                )
            )
        extra = finding.count - len(finding.customers)
        note = t.AUDIT_FIXES[finding.problem.value]
        if extra > 0:
            note = f"{t.AUDIT_MORE.format(count=extra)} {note}"
        blocks.append(context(note))
    if report.own_only:
        blocks.append(context(t.AUDIT_OWN_NOTE))
    return message(t.AUDIT_TITLE, blocks)


def _title(finding: Finding, report: QualityReport) -> str:
    said = t.AUDIT_PROBLEMS[finding.problem.value]
    if finding.problem is Problem.TOP_TIER_QUIET:
        tier = tier_label(report.top_tier)
        return said.format(tier=tier, days=report.top_tier_days, count=finding.count)
    if finding.problem is Problem.LONG_OVERDUE:
        return said.format(days=report.overdue_days, count=finding.count)
    return said.format(count=finding.count)
