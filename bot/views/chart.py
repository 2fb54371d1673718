"""The digest chart: customers per tier this week vs last, and follow-ups per rep (PNG)."""

from __future__ import annotations

import io
import logging
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator

from bot.catalog.messages import msg
from bot.digest.results import DigestData

# Names may be Chinese: use a CJK font when the machine has one (e.g. Debian fonts-noto-cjk).
matplotlib.rcParams["font.sans-serif"] = [
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "Source Han Sans SC",
    "DejaVu Sans",
]
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
_THIS_WEEK = "#1d4e89"
_LAST_WEEK = "#9db4d3"
_REPS_SHOWN = 12


def digest_chart_png(data: DigestData, rep_names: dict[str, str]) -> bytes:
    figure, (tiers_axis, reps_axis) = plt.subplots(1, 2, figsize=(11, 4.5), dpi=110)
    try:
        positions = list(range(len(data.tiers)))
        width = 0.38
        last = [data.per_tier_last_week.get(t, 0) for t in data.tiers]
        now = [data.per_tier.get(t, 0) for t in data.tiers]
        tiers_axis.bar(
            [p - width / 2 for p in positions], last, width, label="Last week", color=_LAST_WEEK
        )
        bars = tiers_axis.bar(
            [p + width / 2 for p in positions], now, width, label="This week", color=_THIS_WEEK
        )
        tiers_axis.bar_label(bars, padding=2, fontsize=8)
        tiers_axis.set_xticks(positions, data.tiers)
        tiers_axis.set_title("Customers per tier")
        tiers_axis.legend(frameon=False)
        tiers_axis.spines[["top", "right"]].set_visible(False)
        tiers_axis.yaxis.set_major_locator(MaxNLocator(integer=True))

        reps = data.followups_per_rep.shown[:_REPS_SHOWN][::-1]
        labels = [rep_names.get(user, user) for user, _ in reps]
        counts = [n for _, n in reps]
        others = data.followups_per_rep.total - len(reps)
        if reps:
            rep_bars = reps_axis.barh(labels, counts, color=_THIS_WEEK)
            reps_axis.bar_label(rep_bars, padding=2, fontsize=8)
        else:
            reps_axis.text(0.5, 0.5, "No follow-ups this week", ha="center", va="center")
            reps_axis.set_yticks([])
        reps_axis.set_title("Follow-ups logged this week")
        if others > 0:
            reps_axis.set_xlabel(msg.DIGEST_CHART_OTHER_REPS.format(count=others))
        reps_axis.spines[["top", "right"]].set_visible(False)
        reps_axis.xaxis.set_major_locator(MaxNLocator(integer=True))
        figure.suptitle(f"Customer digest · {data.week}", fontweight="bold")
        figure.tight_layout()
        buffer = io.BytesIO()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # missing-glyph warnings when no CJK font is installed
            figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        plt.close(figure)
