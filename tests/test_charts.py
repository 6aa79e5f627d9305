"""Charts: a cumulative measure draws its running total against the target it is judged by (SPEC 2.6)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pmf.charts import running_total_chart, trend_chart
from pmf.models import Measure
from pmf.periods import window

MID = window("2026-27", "mid-year")


def landfill(**fields: Any) -> Measure:
    months = dict(zip([f"2026-{m:02d}" for m in range(4, 10)], [196, 188, 201, 179, 213, 185], strict=True))
    data: dict[str, Any] = {
        "id": "WST-02",
        "kind": "indicator",
        "title": "Tonnes of municipal waste sent to landfill",
        "unit": "tonnes",
        "frequency": "monthly",
        "aggregation": "cumulative",
        "polarity": "lower_is_better",
        "benchmarking": "local",
        "thresholds": {"2026-27": {"target": 2300, "tolerance": 2600}},
        "outturns": [{"period": "2026-03", "value": 196}, *({"period": p, "value": v} for p, v in months.items())],
    }
    data.update(fields)
    return Measure.model_validate(data)


def test_running_total_rises_through_the_window_to_the_value_judged() -> None:
    chart = running_total_chart(landfill(), MID, Decimal(1150), "pro rata")
    assert chart is not None
    assert chart.alt == (
        "Line chart of the running total of Tonnes of municipal waste sent to landfill, 6 periods from 2026-04 "
        "to 2026-09: from 196 tonnes to 1,162 tonnes; target 1,150 tonnes (pro rata) shown as a dashed line."
    )
    heights = [y for _, y in chart.dots]
    assert heights == sorted(heights, reverse=True)  # SVG y grows downwards: every point higher than the last
    assert chart.target_y is not None and heights[-1] < chart.target_y  # 1,162 above the 1,150 line


def test_year_to_date_figures_are_already_totals() -> None:
    ytd = landfill(
        aggregation="year_to_date", outturns=[{"period": "2026-04", "value": 100}, {"period": "2026-05", "value": 210}]
    )
    chart = running_total_chart(ytd, MID, Decimal(1150), "")
    assert chart is not None and "from 100 tonnes to 210 tonnes; target 1,150 tonnes shown" in chart.alt


def test_the_recent_values_chart_is_unchanged_for_other_measures() -> None:
    chart = trend_chart(landfill(aggregation="normal"), MID)
    assert chart is not None and "7 periods from 2026-03 to 2026-09" in chart.alt and "target 2,300 tonnes" in chart.alt
