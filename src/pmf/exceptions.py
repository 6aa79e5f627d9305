"""The exception report: every measure at red or orange and every activity slipping, with how long it has been so.

A measure's "since" comes from its periods: the first of the unbroken run of reported
periods, ending with the window's, whose figure has the same status. An activity's comes
from the git history of its plan: the day the update that first set its status was
committed. Nothing else is listed (docs/report.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pmf import i18n
from pmf.fields import ActivityStatus, Aggregation
from pmf.i18n import N_, _, long_date, period_words
from pmf.i18n import text as tx
from pmf.models import ActivityUpdate
from pmf.performance import ActivityResult, MeasureResult, activity_results, measure_results
from pmf.rows import ACTIVITY_LABELS, scheme_of
from pmf.status import Status, measure_status
from pmf.trends import ANNUAL_LIKE, series

if TYPE_CHECKING:
    from pmf.audit import Commit
    from pmf.periods import Period
    from pmf.portfolio import Portfolio

EXCEPTION_STATUSES = {Status.red, Status.orange, Status.amber}
SLIPPING = {ActivityStatus.red, ActivityStatus.orange}
SLIPPING_WORDS = {**ACTIVITY_LABELS, "overdue": N_("Past its end date")}  # red: Off track; orange: At risk


@dataclass(frozen=True)
class MeasureException:
    id: str
    title: str
    service: str
    value: str
    period: str
    status: str
    status_label: str
    shape: str
    since: str  # a period label: "2025-26 Q4"


@dataclass(frozen=True)
class ActivityException:
    id: str
    title: str
    service: str
    lead: str
    end: str
    state: str  # red, orange or overdue
    words: str
    since: str  # a date in words, or "" where the history cannot say
    commit: str  # the commit that first set it, "" when not from git


@dataclass(frozen=True)
class Exceptions:
    organisation: str
    window_name: str
    year: str
    period_words: str
    as_of: str
    lang: str
    measures: list[MeasureException]
    activities: list[ActivityException]
    from_git: bool


def exceptions(
    portfolio: Portfolio, window: Period, name: str, as_of: dt.date, histories: dict[str, list[tuple[Commit, Any]]]
) -> Exceptions:
    """Measures at red or orange (amber), activities off track, at risk or past their end date.

    ``histories``: each plan file's committed versions, oldest first (``audit.file_histories``),
    keyed by ``<service>/<year>``; empty when the plans are not in git.
    """
    from pmf.rows import measure_row

    scheme = scheme_of(portfolio.settings)
    names = {s: tx(portfolio.service_title(s, window.financial_year)) for s in portfolio.services}
    measures = []
    for r in measure_results(portfolio, window):
        if r.status not in EXCEPTION_STATUSES:
            continue
        row = measure_row(r, window, names[r.service], scheme)
        assert r.status is not None
        measures.append(
            MeasureException(
                r.measure.id,
                row.title,
                row.service,
                row.value,
                row.period,
                r.status.value,
                row.status_label,
                row.shape,
                measure_since(r, portfolio),
            )
        )
    activities = [
        _activity(a, names[a.service], histories.get(f"{a.service}/{window.financial_year}", []))
        for a in activity_results(portfolio, window, as_of)
        if a.status in SLIPPING or a.overdue
    ]
    return Exceptions(
        organisation=tx(portfolio.settings.organisation),
        window_name=_("Mid-year") if name == "mid-year" else _("Year-end"),
        year=window.financial_year,
        period_words=window.describe(),
        as_of=long_date(as_of),
        lang=i18n.HTML_LANG[i18n.current()],
        measures=measures,
        activities=activities,
        from_git=bool(histories),
    )


def measure_since(result: MeasureResult, portfolio: Portfolio) -> str:
    """The first period of the unbroken run of figures at the window's status, ending with the window's figure.

    A figure over the window (cumulative, average, or a year-to-date total, each judged against the
    window's own thresholds) is judged as a whole: its run is the window.
    """
    measure, current = result.measure, result.current
    if current.period is None or (
        measure.aggregation is not Aggregation.normal and measure.frequency not in ANNUAL_LIKE
    ):
        return period_words(result.window.label, result.window.frequency)
    figures = sorted((p, v) for p, (v, _comment) in series(measure).items() if v is not None and p <= current.period)
    since = current.period
    for period, value in reversed(figures):
        if measure_status(measure, value, period.financial_year, portfolio.settings) is not result.status:
            break
        since = period
    return period_words(since.label, since.frequency)


def _activity(result: ActivityResult, service: str, history: list[tuple[Commit, Any]]) -> ActivityException:
    activity = result.activity
    if result.status in SLIPPING:
        assert result.status is not None
        state = result.status.value
        first = _first_of_run(activity.updates, result.status)
        commit = _committed(history, activity.id, first) if first else None
        since = long_date(commit.day) if commit else _update_day(first)
    else:
        state, commit, since = "overdue", None, long_date(activity.end + dt.timedelta(days=1))
    words = _(SLIPPING_WORDS[state])
    if result.overdue and state != "overdue":
        words = _("%(status)s, and past its end date") % {"status": words}
    return ActivityException(
        activity.id,
        tx(activity.title),
        service,
        tx(activity.lead),
        long_date(activity.end),
        state,
        words,
        since,
        commit.sha[:10] if commit else "",
    )


def _first_of_run(updates: list[ActivityUpdate], status: ActivityStatus) -> ActivityUpdate | None:
    """The earliest update of the unbroken run, ending with the latest, that gives ``status``."""
    first = None
    for update in reversed(updates):
        if update.status is not status:
            break
        first = update
    return first


def _update_day(update: ActivityUpdate | None) -> str:
    """Without git history: the update's own date, or its period."""
    if update is None:
        return ""
    return long_date(update.date) if update.date else period_words(str(update.period or ""))


def _committed(history: list[tuple[Commit, Any]], activity_id: str, update: ActivityUpdate) -> Commit | None:
    """The first commit whose plan file holds ``update`` (same period or date, same status) on the activity."""
    for commit, data in history:
        for found in _updates_in(data, activity_id):
            same_when = str(found.get("period")) == str(update.period) if update.period else _same_day(found, update)
            if same_when and str(found.get("status")) == update.status.value:
                return commit
    return None


def _same_day(found: dict[str, Any], update: ActivityUpdate) -> bool:
    return str(found.get("date")) == str(update.date)


def _updates_in(data: Any, activity_id: str) -> list[dict[str, Any]]:
    """An activity's updates in one committed version of its plan file (nothing when unreadable)."""
    if not isinstance(data, dict):
        return []
    for outcome in data.get("outcomes") or []:
        for activity in (outcome.get("activities") or []) if isinstance(outcome, dict) else []:
            if isinstance(activity, dict) and activity.get("id") == activity_id:
                return [u for u in activity.get("updates") or [] if isinstance(u, dict)]
    return []


def write_exceptions(
    portfolio: Portfolio,
    window: Period,
    name: str,
    as_of: dt.date,
    histories: dict[str, list[tuple[Commit, Any]]],
    out: Any,
    fmt: str,
    lang: str,
) -> list[Any]:
    """Render the exception report as Markdown and/or HTML, in English, Welsh or both."""
    from pmf.render import write_documents

    def build() -> Exceptions:
        return exceptions(portfolio, window, name, as_of, histories)

    stem = f"{window.financial_year}-{name}-exceptions"
    return write_documents(portfolio.root, "exceptions", stem, out, fmt, lang, build, "report")
