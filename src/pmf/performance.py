"""Each measure's and activity's position for a reporting window: the engine behind status and reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pmf.calculated import divides_by_zero, resolved
from pmf.fields import DONE, ActivityStatus, Aggregation, PartialValues
from pmf.models import Activity, ActivityUpdate, Limits, Measure, Outturn, Plan
from pmf.numbers import json_number
from pmf.periods import Period, half, parse_period
from pmf.status import Basis, Status, judge, judged_against, measure_status, rounded
from pmf.trends import ANNUAL_LIKE, Trend, WindowValue, measure_trend, window_share, window_value

if TYPE_CHECKING:
    from pmf.portfolio import Portfolio

# A dated update counts for a window when made in it or in the two months after it closes,
# when services write their mid-year (October) and year-end (April) updates.
UPDATE_GRACE = dt.timedelta(days=61)


@dataclass(frozen=True)
class MeasureResult:
    """A measure's window value, the thresholds it is judged against (and their basis), status and trend."""

    measure: Measure
    service: str
    outcome: str | None
    window: Period
    current: WindowValue
    previous: WindowValue
    thresholds: Limits | None
    status: Status | None
    trend: Trend | None
    basis: Basis | None = None

    @property
    def partial(self) -> bool:
        """The value lacks a due period of the window (SPEC 2.6)."""
        return self.current.partial

    @property
    def withheld(self) -> bool:
        """A partial value left unjudged: out of headline counts, improvements and judgements."""
        return self.partial and self.status is None and self.trend is None

    @property
    def value(self) -> Decimal | None:
        v = self.current.value
        return None if v is None else rounded(v, self.measure.decimals)

    @property
    def missing(self) -> bool:
        return self.current.value is None

    @property
    def not_due(self) -> bool:
        """No period of the measure's frequency falls due in the window, and none came before it."""
        return self.current.value is None and not self.current.missing

    def as_json(self) -> dict[str, Any]:
        """The SPEC section 5 object: stable keys (:data:`JSON_KEYS`), numbers as numbers, null when absent."""
        values = (
            self.measure.id,
            self.service,
            self.measure.kind.value,
            self.measure.title,
            self.current.label,
            json_number(self.value),
            json_number(self.thresholds.target if self.thresholds else None),
            json_number(self.thresholds.tolerance if self.thresholds else None),
            self.status.value if self.status else None,
            self.trend.value if self.trend else None,
            self.partial,
            self.basis.value if self.basis else None,
            self.divided_by_zero,
        )
        return dict(zip(JSON_KEYS, values, strict=True))

    @property
    def divided_by_zero(self) -> list[str]:
        """The window's periods without a figure because the measure's formula divides by 0 there, in order."""
        unworked = divides_by_zero(self.measure)
        return [p.label for p in self.current.missing if p.label in unworked]


JSON_KEYS = (
    "id",
    "service",
    "kind",
    "title",
    "period",
    "value",
    "target",
    "tolerance",
    "status",
    "trend",
    "partial",
    "basis",
    "divides_by_zero",
)


def measure_results(portfolio: Portfolio, window: Period) -> list[MeasureResult]:
    """Every measure named by the window's plans (then any others), in plan order."""
    year = window.financial_year
    results: list[MeasureResult] = []
    placed: set[str] = set()
    for plan in portfolio.plans_for(year):
        for outcome in plan.outcomes:
            for measure_id in (*outcome.indicators, *outcome.performance_measures):
                measure = portfolio.measures.get(measure_id)
                if measure is None or measure_id in placed:
                    continue
                placed.add(measure_id)
                results.append(evaluate(portfolio, measure, window, outcome.outcome))
    for measure_id, measure in sorted(portfolio.measures.items()):
        if measure_id not in placed:
            results.append(evaluate(portfolio, measure, window, None))
    return results


def evaluate(portfolio: Portfolio, measure: Measure, window: Period, outcome: str | None) -> MeasureResult:
    """One measure in ``window`` (SPEC 2.5, 2.6): a calculated measure is worked out from its formula;
    a partial value gets no status and no trend unless the organisation judges partial values."""
    measure = resolved(measure, portfolio.measures)
    current = window_value(measure, window)
    trend, previous = measure_trend(measure, window, current)
    mid_year = window == half(window.financial_year, 1) and current.year == window.financial_year
    thresholds, basis = judged_against(measure, current.year, mid_year, window_share(measure, window))
    status = judge(measure, current.value, thresholds, portfolio.settings)
    if current.partial and portfolio.settings.partial_values is not PartialValues.judge:
        status, trend = None, None
    return MeasureResult(
        measure, portfolio.service_of[measure.id], outcome, window, current, previous, thresholds, status, trend, basis
    )


@dataclass(frozen=True)
class ActivityResult:
    """An activity's latest status in the window and what needs flagging."""

    activity: Activity
    service: str
    outcome: str
    update: ActivityUpdate | None
    overdue: bool
    no_update: bool

    @property
    def status(self) -> ActivityStatus | None:
        return self.update.status if self.update else None


def _update_in_window(update: ActivityUpdate, window: Period) -> bool:
    if update.period is not None:
        try:
            return window.contains(parse_period(update.period))
        except ValueError:
            return False
    assert update.date is not None
    return window.start <= update.date <= window.end + UPDATE_GRACE


def _made_by(update: ActivityUpdate, as_of: dt.date) -> bool:
    """Whether an update could have been made by ``as_of``: its date, or its half year begun."""
    if update.date is not None:
        return update.date <= as_of
    try:
        return parse_period(update.period or "").start <= as_of
    except ValueError:
        return False


def activity_results(portfolio: Portfolio, window: Period, as_of: dt.date) -> list[ActivityResult]:
    """Activities of the window's plans: latest update in the window; overdue and silent ones flagged.

    Overdue: past its end date on ``as_of`` and not complete by then (the latest update made
    by ``as_of``, a later half year's included, decides). No update: started by the
    window's end but without an update for the half year just reported (at year-end, an
    April–September update alone is not enough), though the latest status is still shown.
    """
    results = []
    for plan in portfolio.plans_for(window.financial_year):
        for outcome in plan.outcomes:
            for activity in outcome.activities:
                results.append(_activity(plan, outcome.outcome, activity, window, as_of))
    return results


def _activity(plan: Plan, outcome: str, activity: Activity, window: Period, as_of: dt.date) -> ActivityResult:
    updates = [u for u in activity.updates if _update_in_window(u, window)]
    latest = updates[-1] if updates else None
    reported_half = half(window.financial_year, 2 if window.frequency == "annual" else 1)
    fresh = any(_update_in_window(u, reported_half) for u in updates)
    done = latest is not None and latest.status in DONE
    # Overdue is on ``as_of``: the latest update made by then decides (complete in January counts).
    made = [u for u in activity.updates if _made_by(u, as_of)]
    done_now = made[-1].status in DONE if made else done
    overdue = activity.end < as_of and not done_now
    finished = any(u.status in DONE for u in updates)
    no_update = not fresh and not finished and activity.start <= window.end
    return ActivityResult(activity, plan.id, outcome, latest, overdue, no_update)


@dataclass(frozen=True)
class Unverified:
    """A figure of the window reported without being checked against its source (no ``verified:``)."""

    measure: Measure
    service: str
    period: str
    index: int  # its place in the measure's outturns


def not_yet_verified(outturn: Outturn) -> bool:
    """Whether a figure is given but not yet checked against its source (it has no ``verified``)."""
    return outturn.value is not None and outturn.verified is None


def unverified_figures(measure: Measure) -> Iterator[tuple[int, Period]]:
    """Each of ``measure``'s own figures not yet verified (``not_yet_verified``): its place among the
    outturns and its period. A calculated measure has none of its own: its figures are worked out,
    and the figures it uses are listed under their own measures. The report's data-quality list
    and the site's mark both come from here."""
    for index, outturn in enumerate(measure.outturns):
        if not_yet_verified(outturn):
            with suppress(ValueError):
                yield index, parse_period(outturn.period, measure.frequency.value)


def unverified(portfolio: Portfolio, window: Period) -> list[Unverified]:
    """Every figure for a period ending inside ``window`` that has a value and no ``verified``."""
    return [
        Unverified(measure, portfolio.service_of[measure_id], period.label, index)
        for measure_id, measure in sorted(portfolio.measures.items())
        for index, period in unverified_figures(measure)
        if window.start <= period.end <= window.end
    ]


def reported_status(
    portfolio: Portfolio, measure: Measure, value: Decimal | None, period: Period, *, own_figure: bool = False
) -> Status | None:
    """The status the reports give an outturn's own figure, where they judge it (a comment is due then).

    A cumulative or year-to-date measure's figure is a total, or part of one, unless the period
    is the year (an annual or biennial measure: its figure is the total). Such a total is judged
    only where a report shows it as the half year's or the year's value (its mid-year pair or
    pro rata, a partial value as the scheme says), beside the comment of the window's last
    figure: that figure is asked, with the total's status (``pmf validate --strict``). With
    ``own_figure`` (``pmf history``, a status beside each figure) a cumulative month is part of
    the total and never judged alone; a year-to-date figure is the total. Any other figure is
    judged alone against its year's thresholds.
    """
    year = period.financial_year
    totals = measure.aggregation in (Aggregation.cumulative, Aggregation.year_to_date)
    if not totals or measure.frequency in ANNUAL_LIKE:
        return measure_status(measure, value, year, portfolio.settings)
    if own_figure and measure.aggregation is Aggregation.cumulative:
        return None
    shown = (evaluate(portfolio, measure, window, None) for window in (half(year, 1), parse_period(year)))
    return next((result.status for result in shown if result.current.periods[-1:] == (period,)), None)
