"""Pure rules for a measure's value in a reporting window and its trend (SPEC 2.4 and 2.5)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from itertools import groupby

from pmf.fields import Aggregation, Frequency, Polarity
from pmf.i18n import N_, _
from pmf.models import Measure
from pmf.periods import Period, fy_start_year, parse_period, periods_of, previous_period, same_window_last_year
from pmf.status import rounded


class Trend(StrEnum):
    better = "better"
    same = "same"
    worse = "worse"

    @property
    def arrow(self) -> str:
        return {"better": "↑", "same": "→", "worse": "↓"}[self.value]

    @property
    def label(self) -> str:
        return _(TREND_LABELS[self.value])


TREND_LABELS = {"better": N_("Better"), "same": N_("Same"), "worse": N_("Worse")}


@dataclass(frozen=True)
class WindowValue:
    """A measure's value for a window: where it came from and what is missing from it."""

    value: Decimal | None
    period: Period | None
    year: str
    periods: tuple[Period, ...] = ()
    missing: tuple[Period, ...] = ()
    comment: str | None = None
    aggregated: bool = False  # a sum or mean of the window's periods (cumulative, average)

    @property
    def partial(self) -> bool:
        """A value missing a due period of the window (SPEC 2.6): a sum or mean lacking one of
        its periods, or a latest figure shown while the window's last due period has none."""
        return self.value is not None and bool(self.missing)

    @property
    def incomplete(self) -> bool:
        """A sum or mean that lacks some of the window's periods (SPEC 2.5)."""
        return self.aggregated and self.partial

    @property
    def latest_missing(self) -> bool:
        """A latest-period value shown while later periods of the window have no figure."""
        return not self.aggregated and self.partial

    @property
    def label(self) -> str | None:
        return self.period.label if self.period else None


def series(measure: Measure) -> dict[Period, tuple[Decimal | None, str | None]]:
    """The measure's outturns keyed by period (values may be None: not available)."""
    frequency = measure.frequency.value
    return {parse_period(o.period, frequency): (o.value, o.comment) for o in measure.outturns}


ANNUAL_LIKE = (Frequency.annual, Frequency.biennial)


def due_periods(measure: Measure, year: str) -> list[Period]:
    """The measure's periods due in financial year ``year``, in order.

    Every period of its frequency, except that a biennial measure is due only every second
    year from its ``first_year`` (SPEC 2.6): its off year has no period, so nothing is missing.
    """
    if measure.frequency is Frequency.biennial and measure.first_year is not None:
        gap = fy_start_year(year) - fy_start_year(measure.first_year)
        if gap < 0 or gap % 2:
            return []
    return periods_of(measure.frequency.value, year)


def expected_periods(measure: Measure, window: Period) -> list[Period]:
    """The due periods that count in ``window``: those ending inside it (a week: its Sunday)."""
    return [p for p in due_periods(measure, window.financial_year) if window.contains(p)]


def window_share(measure: Measure, window: Period) -> Fraction:
    """The share of the year's due periods that ``window`` holds: 6 of 12 months at mid-year (0 if none due)."""
    year = due_periods(measure, window.financial_year)
    return Fraction(len(expected_periods(measure, window)), len(year)) if year else Fraction(0)


def window_value(measure: Measure, window: Period) -> WindowValue:
    """The value shown for ``window`` by the measure's aggregation method (SPEC 2.5, 2.6).

    normal and year_to_date: the last due period ending inside the window that has a value
    (an annual measure at mid-year, or a biennial one in its off year, shows its latest
    figure, judged against that period's year); cumulative: the sum of the window's
    periods (financial year to date); average: their mean. Missing periods are listed,
    so a report can say so.
    """
    data = series(measure)
    if measure.aggregation in (Aggregation.normal, Aggregation.year_to_date) or measure.frequency in ANNUAL_LIKE:
        return _latest(measure, data, window)
    expected = expected_periods(measure, window)
    present = [p for p in expected if data.get(p, (None, None))[0] is not None]
    missing = tuple(p for p in expected if p not in present)
    if not present:
        return WindowValue(None, window, window.financial_year, (), missing, aggregated=True)
    values = [v for p in present if (v := data[p][0]) is not None]
    total = sum(values, Decimal(0))
    value = total if measure.aggregation is Aggregation.cumulative else total / len(values)
    comment = data[present[-1]][1]
    return WindowValue(value, window, window.financial_year, tuple(present), missing, comment, aggregated=True)


def _latest(measure: Measure, data: dict[Period, tuple[Decimal | None, str | None]], window: Period) -> WindowValue:
    expected = expected_periods(measure, window)
    inside = sorted(p for p in data if window.contains(p))
    if not expected and measure.frequency in ANNUAL_LIKE:
        # No year of its own ends inside the window (an annual measure at mid-year, a biennial
        # one in its off year): show the latest figure up to the window, labelled with its year.
        inside = sorted(p for p in data if p.end <= window.end)
    with_value = [p for p in inside if data[p][0] is not None]
    if not with_value:
        missing = tuple(expected) or tuple(inside)
        # A figure recorded as not available usually says why: keep that for the report.
        why = next((data[p][1] for p in reversed(inside) if data[p][1]), None)
        return WindowValue(None, None, window.financial_year, (), missing, why)
    period = with_value[-1]
    missing = tuple(p for p in expected if p > period and data.get(p, (None, None))[0] is None)
    value, comment = data[period]
    return WindowValue(value, period, period.financial_year, (period,), missing, comment)


def compare(
    current: Decimal | None,
    previous: Decimal | None,
    polarity: Polarity | None,
    decimals: int,
    target: Decimal | None = None,
) -> Trend | None:
    """better / same / worse by polarity; equal after rounding to ``decimals`` is same.

    Closer-is-better compares the distances from ``target`` (no target, no trend).
    """
    if current is None or previous is None or polarity is None:
        return None
    now, before = rounded(current, decimals), rounded(previous, decimals)
    if polarity is Polarity.closer_is_better:
        if target is None:
            return None
        now, before = -abs(now - target), -abs(before - target)
    elif polarity is Polarity.lower_is_better:
        now, before = -now, -before
    if now > before:
        return Trend.better
    if now < before:
        return Trend.worse
    return Trend.same


def previous_value(measure: Measure, current: WindowValue, window: Period) -> WindowValue:
    """What the window's value is compared with (SPEC 2.4).

    normal: the previous available period (the latest earlier period with a figure);
    year_to_date: the same period of the previous year; cumulative: the same window of the previous financial year, like for like (only the
    periods present this year); average: the previous window of the same length.
    """
    data = series(measure)
    if measure.aggregation is Aggregation.year_to_date and measure.frequency not in ANNUAL_LIKE:
        # Each figure is the total so far: compare with the same period of last year (SPEC 2.6).
        if current.period is None:
            return WindowValue(None, None, current.year)
        same = same_window_last_year(current.period)
        return WindowValue(data.get(same, (None, None))[0], same, same.financial_year, (same,))
    if measure.aggregation is Aggregation.normal or measure.frequency in ANNUAL_LIKE:
        if current.period is None:
            return WindowValue(None, None, current.year)
        earlier = sorted(p for p, (v, _) in data.items() if v is not None and p.end < current.period.start)
        if not earlier:
            return WindowValue(None, None, current.year)
        period = earlier[-1]
        return WindowValue(data[period][0], period, period.financial_year, (period,))
    if measure.aggregation is Aggregation.cumulative:
        last_year = same_window_last_year(window)
        wanted = [same_window_last_year(p) for p in current.periods] or None
        before = window_value(measure, last_year)
        if wanted is None or before.value is None:
            return before
        values = [v for p in wanted if (v := data.get(p, (None, None))[0]) is not None]
        if len(values) < len(wanted):
            return WindowValue(None, last_year, last_year.financial_year, (), tuple(wanted))
        return WindowValue(sum(values, Decimal(0)), last_year, last_year.financial_year, tuple(wanted))
    return window_value(measure, previous_period(window))


def measure_trend(
    measure: Measure, window: Period, current: WindowValue | None = None
) -> tuple[Trend | None, WindowValue]:
    """The trend of ``measure`` for ``window`` and the value it was compared with.

    Count Only measures have no trend.
    """
    current = current or window_value(measure, window)
    previous = previous_value(measure, current, window)
    if measure.benchmarking.value == "count_only":
        return None, previous
    thresholds = measure.thresholds.get(current.year)
    target = thresholds.target if thresholds else None
    return compare(current.value, previous.value, measure.polarity, measure.decimals, target), previous


def gaps(measure: Measure) -> list[Period]:
    """The due periods with no figure that come before a later figure of their financial year, in order: a
    running total after one is partial (SPEC 2.5, 2.6), and a line through the figures passes over it."""
    have = sorted(p for p, (v, _) in series(measure).items() if v is not None)
    last = {p.financial_year: p for p in have}
    return [p for year, end in last.items() for p in due_periods(measure, year) if p < end and p not in have]


def running_totals(measure: Measure) -> list[tuple[Period, Decimal]]:
    """The measure's figures in order; a cumulative measure's as the running total of its financial year."""
    data = [(p, v) for p, (v, _) in sorted(series(measure).items()) if v is not None]
    if measure.aggregation is not Aggregation.cumulative:
        return data
    totals: list[tuple[Period, Decimal]] = []
    for _year, figures in groupby(data, key=lambda figure: figure[0].financial_year):
        total = Decimal(0)
        for period, value in figures:
            total += value
            totals.append((period, total))
    return totals
