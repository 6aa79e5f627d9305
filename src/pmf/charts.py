"""Small trend charts: a measure's recent values (or its running total through the year), laid out for an inline SVG."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pmf.i18n import _, after_from, after_to, period_words, text
from pmf.models import Measure
from pmf.numbers import with_unit
from pmf.periods import Period
from pmf.status import rounded
from pmf.trends import running_totals, series

WIDTH, HEIGHT, PAD = 160, 48, 6
MAX_POINTS = 8


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    points: str  # SVG polyline points
    dots: list[tuple[float, float]]
    target_y: float | None
    alt: str


def trend_chart(measure: Measure, window: Period, limit: int = MAX_POINTS) -> Chart | None:
    """The last few values up to the window's end, with the target as a dashed line.

    The text alternative says what the chart shows: the periods, first and last value,
    the highest and lowest, and the current target.
    """
    data = [(p, v) for p, (v, _) in sorted(series(measure).items()) if v is not None and p.end <= window.end]
    thresholds = measure.thresholds.get(window.financial_year)
    return _chart(measure, data[-limit:], thresholds.target if thresholds else None, "")


def running_total_chart(measure: Measure, window: Period, target: Decimal | None, basis: str) -> Chart | None:
    """A cumulative or year-to-date measure's total so far, period by period through the window's
    year, against the target it is judged by there: pro rata or mid-year at mid-year (SPEC 2.6)."""
    data = [
        (period, total)
        for period, total in running_totals(measure)
        if period.financial_year == window.financial_year and window.contains(period)
    ]
    return _chart(measure, data, target, basis, running=True)


def _chart(
    measure: Measure, data: list[tuple[Period, Decimal]], target: Decimal | None, basis: str, running: bool = False
) -> Chart | None:
    if len(data) < 2:
        return None
    values = [v for _, v in data] + ([target] if target is not None else [])
    low, high = min(values), max(values)
    span = (high - low) or Decimal(1)

    def y(value: Decimal) -> float:
        return round(float(HEIGHT - PAD - (value - low) / span * (HEIGHT - 2 * PAD)), 1)

    step = (WIDTH - 2 * PAD) / (len(data) - 1)
    dots = [(round(PAD + i * step, 1), y(v)) for i, (_, v) in enumerate(data)]

    def show(value: Decimal) -> str:
        return with_unit(
            rounded(value, measure.decimals),
            measure.decimals,
            measure.data_type.value if measure.data_type else None,
            measure.unit,
        )

    first, last = data[0], data[-1]
    shown = [v for _, v in data]
    words = {
        "title": text(measure.title),
        "count": len(data),
        "first_period": after_from(period_words(first[0].label, first[0].frequency)),
        "last_period": after_to(period_words(last[0].label, last[0].frequency)),
        "first": show(first[1]),
        "last": show(last[1]),
        "highest": show(max(shown)),
        "lowest": show(min(shown)),
        "target": (show(target) + (f" ({basis})" if basis else "")) if target is not None else "",
    }
    if running:
        alt = (
            _(
                "Line chart of the running total of %(title)s, %(count)s periods from %(first_period)s to "
                "%(last_period)s: from %(first)s to %(last)s; target %(target)s shown as a dashed line."
            )
            if target is not None
            else _(
                "Line chart of the running total of %(title)s, %(count)s periods from %(first_period)s to "
                "%(last_period)s: from %(first)s to %(last)s."
            )
        ) % words
    else:
        alt = (
            _(
                "Line chart of %(title)s, %(count)s periods from %(first_period)s to %(last_period)s: "
                "from %(first)s to %(last)s; highest %(highest)s, lowest %(lowest)s; "
                "target %(target)s shown as a dashed line."
            )
            if target is not None
            else _(
                "Line chart of %(title)s, %(count)s periods from %(first_period)s to %(last_period)s: "
                "from %(first)s to %(last)s; highest %(highest)s, lowest %(lowest)s."
            )
        ) % words
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        points=" ".join(f"{a},{b}" for a, b in dots),
        dots=dots,
        target_y=y(target) if target is not None else None,
        alt=alt,
    )
