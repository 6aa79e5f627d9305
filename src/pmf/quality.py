"""The report's data-quality section: which figures and activities it lists, each by a written rule (docs/report.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from pmf.fields import Frequency
from pmf.i18n import long_date, period_words
from pmf.i18n import text as tx
from pmf.periods import shift_year
from pmf.trends import due_periods

if TYPE_CHECKING:
    from pmf.performance import ActivityResult, MeasureResult, Unverified
    from pmf.portfolio import Portfolio
    from pmf.rows import ActivityRow, MeasureRow


@dataclass(frozen=True)
class DataQuality:
    missing: list[MeasureRow]
    partial: list[MeasureRow]
    not_reported: list[MeasureRow]
    older: list[MeasureRow]
    review_overdue: list[tuple[MeasureRow, str]]
    no_comment: list[MeasureRow]
    activities_no_update: list[ActivityRow]
    activities_overdue: list[ActivityRow]
    unverified: list[tuple[str, str, str, list[str]]] = field(default_factory=list)  # (id, title, service, periods)
    unverified_count: int = 0  # figures, not measures

    @property
    def clean(self) -> bool:
        return not any(vars(self).values())


def data_quality(
    portfolio: Portfolio,
    results: list[MeasureResult],
    activities: list[ActivityResult],
    rows: dict[str, MeasureRow],
    arows: list[ActivityRow],
    as_of: dt.date,
    figures: list[Unverified],
    names: dict[str, str],
) -> DataQuality:
    """What the data-quality section lists: figures missing, partial, not reported, old, unexplained or unverified;
    measures due a review; activities without an update or overdue."""
    return replace(
        _quality(results, activities, rows, arows, as_of),
        unverified=_unverified(portfolio, figures, names),
        unverified_count=len(figures),
    )


def _stale(r: MeasureResult) -> bool:
    """Whether data quality lists the figure as older than the period: one before the window, but
    not a biennial measure's figure for its last due year shown in its off year (SPEC 2.6)."""
    period, year = r.current.period, r.window.financial_year
    if period is None or period.end >= r.window.start:
        return False
    if r.measure.frequency is Frequency.biennial and not due_periods(r.measure, year):
        return period.financial_year < shift_year(year, -1)
    return True


def _quality(
    results: list[MeasureResult],
    activities: list[ActivityResult],
    rows: dict[str, MeasureRow],
    arows: list[ActivityRow],
    as_of: dt.date,
) -> DataQuality:
    def row(r: MeasureResult) -> MeasureRow:
        return rows[r.measure.id]

    return DataQuality(
        missing=[row(r) for r in results if r.missing and not r.not_due],
        partial=[row(r) for r in results if r.current.incomplete],
        not_reported=[row(r) for r in results if r.current.latest_missing],
        older=[row(r) for r in results if _stale(r)],
        review_overdue=[
            (row(r), long_date(r.measure.next_review_date))
            for r in results
            if r.measure.next_review_date is not None and r.measure.next_review_date < as_of
        ],
        no_comment=[
            row(r)
            for r in results
            if r.status is not None and r.status.rank >= 2 and not (r.current.comment or "").strip()
        ],
        activities_no_update=[arow for arow, a in zip(arows, activities, strict=True) if a.no_update],
        activities_overdue=[arow for arow, a in zip(arows, activities, strict=True) if a.overdue],
    )


def _unverified(
    portfolio: Portfolio, figures: list[Unverified], names: dict[str, str]
) -> list[tuple[str, str, str, list[str]]]:
    """The window's figures not yet verified, by measure."""
    by_measure: dict[str, list[str]] = {}
    for u in figures:
        by_measure.setdefault(u.measure.id, []).append(period_words(u.period, u.measure.frequency.value))
    measures = portfolio.measures
    return [(i, tx(measures[i].title), names[portfolio.service_of[i]], p) for i, p in by_measure.items()]
