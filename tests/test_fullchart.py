"""A measure's full chart on its site page: axes, each year's target and tolerance, values, running totals."""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from pmf.cli import app
from pmf.fullchart import axis_ticks
from pmf.loader import load_portfolio
from pmf.trends import running_totals

ROOT = Path(__file__).parent.parent
runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = runner.invoke(app, ["site", "--root", str(ROOT), "--out", str(out), "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.stderr
    return out


def _svg(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    found = re.search(r'<figure class="full-chart">\s*(<svg.*?</svg>)', html, re.S)
    assert found, page
    return found.group(1)


def test_a_cumulative_measure_is_drawn_as_each_years_running_total() -> None:
    from pmf.trends import series

    measure = load_portfolio(ROOT).measures["WST-02"]
    expected, year, total = [], "", Decimal(0)
    for period, (value, _) in sorted(series(measure).items()):
        if value is None:
            continue
        year, total = period.financial_year, (total if period.financial_year == year else Decimal(0)) + value
        expected.append((period.label, total))
    assert [(p.label, v) for p, v in running_totals(measure)] == expected
    assert expected[-1] == ("2026-09", Decimal(1162))
    normal = load_portfolio(ROOT).measures["WST-01"]
    assert [v for _, v in running_totals(normal)] == [
        v for _, (v, _) in sorted(series(normal).items()) if v is not None
    ]


def test_the_measure_page_chart_has_axes_targets_values_and_a_table(site: Path) -> None:
    svg = _svg(site / "measures/WST-02.html")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "Period" in texts and "tonnes" in texts  # the axes' titles
    assert {"2024-25", "2025-26", "2026-27"} <= set(texts)  # each year named over its span
    assert svg.count('class="target"') == 3 and svg.count('class="tolerance"') == 3  # a pair for each year
    assert svg.count("<polyline") == 3  # the running total starts again each April
    values = re.findall(r'<text class="value"[^>]*>([^<]*)</text>', svg)
    assert values[-1] == "1,162" and len(values) >= 10
    assert "Target 2026-27: 2,300 tonnes" in re.search(r"<title[^>]*>([^<]*)</title>", svg).group(1)  # type: ignore[union-attr]
    html = (site / "measures/WST-02.html").read_text(encoding="utf-8")
    assert '<th scope="col">Running total for the year</th>' in html and "<td>1,162 tonnes</td>" in html
    normal = _svg(site / "measures/WST-01.html")
    assert normal.count("<polyline") == 1 and "%" in re.findall(r"<text[^>]*>([^<]*)</text>", normal)


def test_the_welsh_chart_speaks_welsh(site: Path) -> None:
    svg = _svg(site / "measures/WST-02.cy.html")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "Cyfnod" in texts and "tunnell" in texts and "Ebrill 2026" in texts
    title = re.search(r"<title[^>]*>([^<]*)</title>", svg).group(1)  # type: ignore[union-attr]
    assert title.startswith("Siart llinell o gyfanswm cronnus") and "Targed 2026-27: 2,300 tunnell" in title


@given(
    st.decimals(min_value=-1000, max_value=100000, places=2, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False),
)
def test_axis_ticks_are_round_even_steps_covering_every_value(low: Decimal, spread: Decimal) -> None:
    high = low + spread
    ticks = axis_ticks(low, high)
    assert ticks[0] <= low and ticks[-1] >= high
    steps = {b - a for a, b in pairwise(ticks)}
    assert len(steps) == 1 and 2 <= len(ticks) <= 12


def test_a_closer_is_better_tolerance_is_drawn_as_a_band_around_the_target() -> None:
    """WST-08 (budget spent, 100.0 ± 3.0% of budget): its tolerance lines are at 97 and 103, never at 3."""
    from pmf.fullchart import full_chart

    chart = full_chart(load_portfolio(ROOT).measures["WST-08"])
    assert chart is not None
    (y_low, low), (y_high, high) = ((y, float(words)) for y, words in (chart.y_ticks[0], chart.y_ticks[-1]))

    def value_at(y: float) -> float:
        return low + (y - y_low) / (y_high - y_low) * (high - low)

    tolerances = [level for level in chart.levels if level.kind == "tolerance" and "2026-27" in level.words]
    assert sorted(round(value_at(level.y)) for level in tolerances) == [97, 103]
    assert {level.words for level in tolerances} == {"Tolerance 2026-27: 100.0 ± 3.0% of budget"}
    assert low > 50  # the axis is about the figures and the band, not stretched down to 3
    assert chart.alt.count("± 3.0% of budget") == 3  # once a year, not once a line
