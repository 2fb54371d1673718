"""`/crm duplicates` (pairs that share a phone or email, each with Merge), what a merge
answers, and what `/crm export` says."""

from __future__ import annotations

from bot.catalog.texts.quality import text as t
from bot.customers.merge_results import DuplicatePair, Merged, MergeRefused
from bot.views import ids
from bot.views.blocks import Block, Message, context, message, plain, section
from bot.views.customer_modal import field_labels
from bot.views.formatting import customer_label, customer_with_owner, escape, truncate

MERGE_VALUE_SEPARATOR = " "


def duplicates_message(pairs: list[DuplicatePair], *, more: bool) -> Message:
    if not pairs:
        return message(t.DUPLICATES_TITLE, [section(t.DUPLICATES_NONE)])
    blocks: list[Block] = [section(t.DUPLICATES_HEADING)]
    for n, pair in enumerate(pairs):
        first, second = customer_with_owner(pair.first), customer_with_owner(pair.second)
        if pair.same == "name":
            text = t.DUPLICATES_PAIR_NAME.format(first=first, second=second, score=pair.score)
        else:
            what = t.DUPLICATES_SAME[pair.same]
            text = t.DUPLICATES_PAIR.format(first=first, second=second, what=what)
        blocks.append(section(text, accessory=_merge_button(pair, n)))
    footer = t.DUPLICATES_HINT
    if more:
        footer = t.DUPLICATES_MORE.format(shown=len(pairs)) + " " + footer
    blocks.append(context(footer))
    return message(t.DUPLICATES_TITLE, blocks)


def _merge_button(pair: DuplicatePair, n: int) -> Block:
    kept, gone = customer_label(pair.first), customer_label(pair.second)
    return {
        "type": "button",
        "text": plain(t.DUPLICATES_MERGE),
        "action_id": ids.numbered(ids.CUSTOMER_MERGE, n),
        "value": MERGE_VALUE_SEPARATOR.join((pair.first.code, pair.second.code)),
        "confirm": {
            "title": plain(t.DUPLICATES_CONFIRM_TITLE, 100),
            "text": {
                "type": "mrkdwn",
                "text": truncate(t.DUPLICATES_CONFIRM.format(gone=gone, kept=kept), 300),
            },
            "confirm": plain(t.DUPLICATES_CONFIRM_YES, 30),
            "deny": plain(t.DUPLICATES_CONFIRM_NO, 30),
        },
    }


def merged_message(merged: Merged) -> Message:
    kept = customer_label(merged.kept)
    gone_name = escape(merged.gone_name)
    lines = [
        t.MERGE_DONE.format(
            gone=gone_name,
            gone_code=merged.gone_code,
            kept=kept,
            followups=merged.moved.get("followups", 0),
            steps=merged.moved.get("steps", 0),
        )
    ]
    labels = field_labels()
    if merged.filled:
        fields = t.LIST_SEPARATOR_QUALITY.join(labels.get(f, f) for f in merged.filled)
        lines.append(t.MERGE_FILLED.format(gone=gone_name, fields=fields))
    if merged.conflicts:
        fields = t.LIST_SEPARATOR_QUALITY.join(labels.get(f, f) for f in merged.conflicts)
        lines.append(t.MERGE_CONFLICTS.format(kept=kept, fields=fields))
    said = "\n".join(lines)
    blocks = [
        section(said),
        context(t.MERGE_CODE_NOTE.format(gone_code=merged.gone_code, kept=kept)),
    ]
    return message(t.MERGE_DONE_TITLE.format(gone=gone_name), blocks)


def merge_answer(result: Merged | MergeRefused) -> Message:
    if isinstance(result, MergeRefused):
        said = f":no_entry: {escape(result.reason)}"
        return message(said, [section(said)])
    return merged_message(result)


def export_sent_message(filename: str, count: int) -> Message:
    said = t.EXPORT_SENT.format(filename=filename, count=count)
    return message(said, [section(said)])


def export_unknown_message(words: tuple[str, ...]) -> Message:
    shown = t.LIST_SEPARATOR_QUALITY.join(f"“{escape(truncate(w, 40))}”" for w in words[:5])
    said = t.EXPORT_UNKNOWN.format(words=shown)
    return message(said, [section(said)])
