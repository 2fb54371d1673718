"""The digest chart: customers per tier this week vs last, and follow-ups per rep (PNG).

Names, tiers and (in Chinese) every label may be CJK, so the chart draws with a CJK font found
among the installed ones, and DejaVu Sans (matplotlib's own) behind it for anything that font
lacks."""

from __future__ import annotations

import io
import logging
import warnings
from functools import cache

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from bot.catalog.messages import msg
from bot.catalog.texts.reports import text as t
from bot.catalog.tiers import tier_label
from bot.digest.results import DigestData

logger = logging.getLogger(__name__)
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)

CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "SimHei",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
    "Source Han Sans",
    "Noto Serif CJK SC",
)
"""CJK-capable families, best first (simplified Chinese sans-serif ones before the others)."""
LATIN_FALLBACK = "DejaVu Sans"
_THIS_WEEK = "#1d4e89"
_LAST_WEEK = "#9db4d3"
_REPS_SHOWN = 12


def _installed_cjk_family() -> str | None:
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in installed), None)


@cache
def cjk_font_family() -> str | None:
    """The best CJK family installed, or None. matplotlib keeps its font list in a cache
    (~/.cache/matplotlib), so a font installed after that list was made is added here from the
    system's font files."""
    found = _installed_cjk_family()
    if found is None:
        known = {entry.fname for entry in font_manager.fontManager.ttflist}
        for path in font_manager.findSystemFonts():
            if path not in known:
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):  # a file FreeType cannot read
                    continue
        found = _installed_cjk_family()
    if found is None:
        logger.warning("no CJK font installed: Chinese in digest charts shows as boxes")
    return found


def font_families() -> list[str]:
    """The families the chart draws with, in order: the CJK one (if any), then DejaVu Sans."""
    cjk = cjk_font_family()
    return [cjk, LATIN_FALLBACK] if cjk else [LATIN_FALLBACK]


def digest_chart_png(data: DigestData, rep_names: dict[str, str]) -> bytes:
    """The chart in the language being written; tier and rep names as they are."""
    with plt.rc_context({"font.family": "sans-serif", "font.sans-serif": font_families()}):
        figure, (tiers_axis, reps_axis) = plt.subplots(1, 2, figsize=(11, 4.5), dpi=110)
        try:
            _draw_tiers(tiers_axis, data)
            _draw_reps(reps_axis, data, rep_names)
            figure.suptitle(t.CHART_TITLE.format(week=data.week), fontweight="bold")
            figure.tight_layout()
            buffer = io.BytesIO()
            with warnings.catch_warnings():
                if cjk_font_family() is None:  # every CJK glyph would warn; said once above
                    warnings.simplefilter("ignore")
                figure.savefig(buffer, format="png")
            return buffer.getvalue()
        finally:
            plt.close(figure)


def _draw_tiers(axis: Axes, data: DigestData) -> None:
    positions = list(range(len(data.tiers)))
    width = 0.38
    last = [data.per_tier_last_week.get(tier, 0) for tier in data.tiers]
    now = [data.per_tier.get(tier, 0) for tier in data.tiers]
    axis.bar(
        [p - width / 2 for p in positions], last, width, label=t.CHART_LAST_WEEK, color=_LAST_WEEK
    )
    bars = axis.bar(
        [p + width / 2 for p in positions], now, width, label=t.CHART_THIS_WEEK, color=_THIS_WEEK
    )
    axis.bar_label(bars, padding=2, fontsize=8)
    axis.set_xticks(positions, [tier_label(tier) for tier in data.tiers])
    axis.set_title(t.CHART_PER_TIER)
    axis.legend(frameon=False)
    axis.spines[["top", "right"]].set_visible(False)
    axis.yaxis.set_major_locator(MaxNLocator(integer=True))


def _draw_reps(axis: Axes, data: DigestData, rep_names: dict[str, str]) -> None:
    reps = data.followups_per_rep.shown[:_REPS_SHOWN][::-1]
    labels = [rep_names.get(user, user) for user, _ in reps]
    counts = [n for _, n in reps]
    others = data.followups_per_rep.total - len(reps)
    if reps:
        rep_bars = axis.barh(labels, counts, color=_THIS_WEEK)
        axis.bar_label(rep_bars, padding=2, fontsize=8)
    else:
        axis.text(0.5, 0.5, t.CHART_NO_FOLLOWUPS, ha="center", va="center")
        axis.set_yticks([])
    axis.set_title(t.CHART_FOLLOWUPS)
    if others > 0:
        axis.set_xlabel(msg.DIGEST_CHART_OTHER_REPS.format(count=others))
    axis.spines[["top", "right"]].set_visible(False)
    axis.xaxis.set_major_locator(MaxNLocator(integer=True))
