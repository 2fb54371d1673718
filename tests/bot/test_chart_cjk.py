"""The digest chart draws Chinese: tier names, rep names and (for a Chinese channel) every
label, with no glyph missing from the fonts it draws with."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import matplotlib.pyplot as plt
import pytest
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.text import Text

from bot.catalog.language import Language, speaking
from bot.catalog.texts.reports import text as t
from bot.digest.results import DigestData, Sample
from bot.views import chart
from bot.views.chart import cjk_font_family, digest_chart_png

END = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
TIERS = ["战略客户", "重点客户", "成长客户", "标准客户"]
REPS = {
    f"U{n:02d}": name
    for n, name in enumerate(
        ["李雷", "韩梅梅", "王小明", "Sam Lee", "张伟", "刘洋", "陈静", "Ana Ruiz", "赵磊", "周婷"]
    )
}


@pytest.fixture
def cjk_font() -> str:
    family = cjk_font_family()
    if family is None:
        pytest.skip(
            "no CJK font installed (Noto Sans CJK, WenQuanYi, Source Han, …): "
            "apt-get install fonts-noto-cjk"
        )
    return family


def _digest() -> DigestData:
    reps = [(user, 20 - n) for n, user in enumerate(REPS)]
    return DigestData(
        week="2026-W48",
        start=END - timedelta(days=7),
        end=END,
        tiers=TIERS,
        per_tier=dict(zip(TIERS, [3, 12, 30, 140], strict=True)),
        per_tier_last_week=dict(zip(TIERS, [2, 12, 28, 150], strict=True)),
        per_status={"customer": 100, "lead": 85},
        followups_per_rep=Sample(len(reps) + 3, reps),
    )


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Figure]]:
    """The figures the chart drew, kept as they are closed."""
    figures: list[Figure] = []
    close = plt.close

    def keep(figure: Any = None) -> None:
        if isinstance(figure, Figure):
            figures.append(figure)
        close(figure)

    monkeypatch.setattr(plt, "close", keep)
    yield figures


def _render(language: Language) -> tuple[bytes, list[str]]:
    """The PNG, and the 'Glyph … missing from font' warnings drawing it gave."""
    with speaking(language), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = digest_chart_png(_digest(), REPS)
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    return png, missing


def _strings(figure: Figure) -> str:
    return "".join(text.get_text() for text in figure.findobj(Text))


def test_a_chinese_chart_has_every_glyph(cjk_font: str, drawn: list[Figure]) -> None:
    png, missing = _render(Language.ZH)
    assert png.startswith(b"\x89PNG") and len(png) > 10_000
    assert missing == []

    [figure] = drawn
    shown = _strings(figure)
    with speaking(Language.ZH):
        for label in (t.CHART_TITLE.format(week="2026-W48"), t.CHART_PER_TIER, t.CHART_THIS_WEEK):
            assert label in shown
    assert all(name in shown for name in [*TIERS, "李雷", "韩梅梅"])

    # The font chosen covers every CJK character drawn (DejaVu Sans, behind it, the rest).
    entry = next(e for e in font_manager.fontManager.ttflist if e.name == cjk_font)
    cmap = TTFont(entry.fname, fontNumber=entry.index).getBestCmap()
    uncovered = {c for c in shown if ord(c) > 0x2E7F and ord(c) not in cmap}
    assert uncovered == set()


def test_an_english_chart_keeps_english_labels_and_chinese_names(
    cjk_font: str, drawn: list[Figure]
) -> None:
    _, missing = _render(Language.EN)
    assert missing == []
    shown = _strings(drawn[0])
    assert "Customers per tier" in shown and "Customer digest · 2026-W48" in shown
    assert "战略客户" in shown


def test_the_warnings_are_caught_when_a_glyph_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without a CJK font, drawing Chinese warns: the checks above would see it."""
    monkeypatch.setattr(chart, "font_families", lambda: [chart.LATIN_FALLBACK])
    monkeypatch.setattr(chart, "cjk_font_family", lambda: "pretend")  # keep the warnings on
    _, missing = _render(Language.ZH)
    assert missing
