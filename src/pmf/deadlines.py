"""The business-planning deadlines as rules over the plan data (``pmf check``).

Each finding names the file, the person it falls to and the date it was due. Overdue is
an error (exit 1); something due soon is a warning, which never fails a check.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pmf.deadline_findings import Finding, placed
from pmf.errors import relative
from pmf.fields import DONE, MeasureType, RiskStatus
from pmf.i18n import english_date, english_month
from pmf.performance import _update_in_window, unverified
from pmf.periods import Period, annual, financial_year_of, half, parse_period, shift_year
from pmf.schedule import (
    Occurrence,
    add_months,
    report_committee,
    sign_off_due,
    sign_off_warned_from,
    update_due,
    update_open,
)
from pmf.suggested import command
from pmf.trends import due_periods

if TYPE_CHECKING:
    from pmf.portfolio import Portfolio

__all__ = ["Finding", "check_deadlines", "placed"]


def check_deadlines(portfolio: Portfolio, as_of: dt.date) -> list[Finding]:
    """Every deadline of the business-planning framework that is overdue or close on ``as_of``."""
    findings = _sign_off(portfolio, as_of) + _targets(portfolio, as_of)
    year = financial_year_of(as_of)
    last_year = shift_year(year, -1)
    # The mid-year update is due by 31 October; the year-end update by 30 April (or as pmf.yaml moves them).
    _, mid_due = update_due(portfolio.settings, half(year, 1))
    _, end_due = update_due(portfolio.settings, annual(last_year))
    # A year before the repository's first plan was reported before the council kept its plans
    # here: its figures (loaded for trends) and risks are not chased, as its sign-off is not.
    first = _first_year(portfolio, year)
    if as_of >= update_open(mid_due) and year >= first:
        findings += _updates(portfolio, year, "mid-year", mid_due, as_of)
        findings += _unverified(portfolio, half(year, 1), "mid-year", mid_due, as_of)
    if as_of >= update_open(end_due) and last_year >= first:
        findings += _updates(portfolio, last_year, "year-end", end_due, as_of)
        findings += _unverified(portfolio, annual(last_year), "year-end", end_due, as_of)
    findings += _assessments(portfolio, as_of, first)
    findings += _standing(portfolio, as_of)
    findings += _register_reviews(portfolio, as_of)
    findings += _plan_actions(portfolio, as_of)
    return sorted(set(findings))


def _unverified(portfolio: Portfolio, window: Period, name: str, due: dt.date, as_of: dt.date) -> list[Finding]:
    """Every figure of the window not yet verified against its source: due with the window's update."""
    periods: dict[str, list[str]] = {}
    first: dict[str, int] = {}
    for u in unverified(portfolio, window):
        periods.setdefault(u.measure.id, []).append(u.period)
        first.setdefault(u.measure.id, u.index)
    return [
        Finding(
            _name(portfolio, measure_id),
            due,
            portfolio.measures[measure_id].lead_officer or "the measure's lead officer",
            f"{measure_id}: {len(found)} {name} figure{'s' if len(found) > 1 else ''} not verified against "
            f"the source ({', '.join(found)}): add 'verified: {{by: <role>, date: <date>}}' once checked",
            _severity(due, as_of),
            ("outturns", first[measure_id]),
        )
        for measure_id, found in periods.items()
    ]


def _assessments(portfolio: Portfolio, as_of: dt.date, first: str) -> list[Finding]:
    """The self-assessment of each window with no file yet, from the month its update is due (October, April)
    to its committees (December, June, or pmf.yaml's days): a warning due the day before they meet, which
    names the command that drafts it. Never an error: ``pmf report`` writes the report without one."""
    found = []
    year = financial_year_of(as_of)
    for name, window_year in (("mid-year", year), ("year-end", shift_year(year, -1))):
        if window_year < first or (window_year, name) in portfolio.assessments:
            continue
        _, updates = update_due(portfolio.settings, annual(window_year) if name == "year-end" else half(year, 1))
        committee = report_committee(portfolio.settings, name, window_year)
        if not update_open(updates) <= as_of <= committee.end:
            continue
        found.append(
            Finding(
                f"assessments/{window_year}-{name}.yaml",
                committee.start - dt.timedelta(days=1),
                committee.who or "the Performance and Improvement Team",
                f"the {window_year} {name} Performance Self-Assessment is not drafted yet, for the committees "
                f"{_meeting(committee)}: start it with `{command(f'pmf new assessment {window_year}-{name}', dated=False)}`",
                "warning",
            )
        )
    return found


def _meeting(committee: Occurrence) -> str:
    """When the committees meet, as the calendar has it: in a month, or on a day."""
    return (
        f"on {english_date(committee.start)}"
        if committee.start == committee.end
        else f"in {english_month(committee.start)}"
    )


def _plan_actions(portfolio: Portfolio, as_of: dt.date) -> list[Finding]:
    """Regulator, panel and improvement plan actions past their due date and not complete."""
    from pmf.improvement import panel_actions, plan_actions, regulator_actions

    rows = regulator_actions(portfolio, as_of) + panel_actions(portfolio, as_of) + plan_actions(portfolio, as_of)
    return [
        Finding(
            row.file, row.due, row.lead, f"{row.id}: {row.title} is overdue ({row.label})", "error", ("due",), row.id
        )
        for row in rows
        if row.overdue
    ]


def _register_reviews(portfolio: Portfolio, as_of: dt.date) -> list[Finding]:
    """The Corporate Risk Register's spring (April) and autumn (November) reviews, raised in their month."""
    season = {4: "spring", 11: "autumn (with the review of risk appetite)"}.get(as_of.month)
    if season is None:
        return []
    corporate = [r for r in portfolio.risks.values() if r.level.value == "corporate" and r.status is RiskStatus.open]
    due = add_months(as_of.replace(day=1), 1) - dt.timedelta(days=1)
    return [
        Finding(
            "pmf.yaml",
            due,
            "the Corporate Management Team",
            f"Corporate Risk Register {season} review due this month ({len(corporate)} open corporate risks)",
            "warning",
        )
    ]


def _severity(due: dt.date, as_of: dt.date) -> str:
    return "error" if as_of > due else "warning"


def _name(portfolio: Portfolio, key: str) -> str:
    return relative(portfolio.files[key], portfolio.root)


def _first_year(portfolio: Portfolio, default: str) -> str:
    """The year of the repository's first plan: years before it are before the council kept its plans here."""
    return min((y for _, y in portfolio.plans), default=default)


def _plan_years(portfolio: Portfolio, as_of: dt.date) -> list[tuple[str, dt.date, str]]:
    """The plan years whose sign-off is checked on ``as_of``: each with its day and the finding's severity.

    The year under way and the next, each from two months before its sign-off day (pmf.yaml's, as
    ``pmf calendar`` shows it): a warning until the day, an error after. Years before the earliest
    plan in the repository are not checked.
    """
    year = financial_year_of(as_of)
    first = _first_year(portfolio, year)
    found = []
    for check_year in (year, shift_year(year, 1)):
        due = sign_off_due(portfolio.settings, check_year)
        if check_year >= first and as_of >= sign_off_warned_from(due):
            found.append((check_year, due, _severity(due, as_of)))
    return found


def _sign_off(portfolio: Portfolio, as_of: dt.date) -> list[Finding]:
    """Every service has a plan for the year signed off by 31 March (or pmf.yaml's day); before it, a warning."""
    found = []
    for check_year, due, severity in _plan_years(portfolio, as_of):
        left = (due - as_of).days
        when = (
            ("due today" if left == 0 else f"{left} day{'s' if left > 1 else ''} left")
            if severity == "warning"
            else "overdue"
        )
        for service in portfolio.services:
            latest = max(
                (p for (s, _), p in portfolio.plans.items() if s == service),
                key=lambda p: p.financial_year,
                default=None,
            )
            owner = latest.head_of_service if latest else f"the head of the {service} service"
            plan = portfolio.plan(service, check_year)
            path = f"plans/{service}/plan-{check_year}.yaml"
            if plan is None:
                found.append(
                    Finding(path, due, owner, f"{service}: no service plan for {check_year} ({when})", severity)
                )
            elif plan.sign_off is None:  # at the top of the file, as pmf validate places a key left out
                said = f"{service}: the {check_year} plan is not signed off by the Cabinet Member ({when})"
                found.append(Finding(path, due, owner, said, severity, ("sign_off",), at_key=True))
            elif plan.sign_off.date > as_of:  # a year typed wrong: not taken as the day it was signed off
                said = (
                    f"{service}: the {check_year} plan's sign-off is dated {english_date(plan.sign_off.date)}, a day not "
                    f"yet come, so it is not taken as signed off ({when}): check the year ({command('pmf validate')} names it)"
                )
                found.append(Finding(path, due, owner, said, severity, ("sign_off", "date")))
            elif plan.sign_off.date > due:
                said = f"{service}: the {check_year} plan was signed off late, on {english_date(plan.sign_off.date)}"
                found.append(Finding(path, due, owner, said, "error", ("sign_off", "date")))
    return found


def _targets(portfolio: Portfolio, as_of: dt.date) -> list[Finding]:
    """Every measure a plan names has a target for the plan's year, set with the plan by its sign-off.

    The year under way, and the coming year's plans from two months before their sign-off. A
    warning, never an error, before or after the sign-off day: a measure may be in a baseline year
    with no target yet (SPEC 2.1: no thresholds, no status).
    Count Only and trend-type measures carry no target; a biennial measure's off year has none due.
    """
    found = []
    for check_year, due, _ in _plan_years(portfolio, as_of):
        for plan in portfolio.plans_for(check_year):
            named = [portfolio.measures.get(i) for i in plan.measure_ids()]
            missing = [
                m.id
                for m in named
                if m is not None and m.has_status and check_year not in m.thresholds and due_periods(m, check_year)
            ]
            if missing:
                listed = [
                    ("outcomes", o, key, i)
                    for o, outcome in enumerate(plan.outcomes)
                    for key in ("indicators", "performance_measures")
                    for i, measure_id in enumerate(getattr(outcome, key))
                    if measure_id in missing
                ]
                found.append(
                    Finding(
                        _name(portfolio, f"{plan.id}/{check_year}"),
                        due,
                        plan.head_of_service,
                        f"{plan.id}: the {check_year} plan names {len(missing)} measure{'s' if len(missing) > 1 else ''} "
                        f"with no target for {check_year} ({', '.join(missing)}): add "
                        f"'{check_year}: {{target: ..., tolerance: ...}}' under thresholds in each, or leave a "
                        "baseline year without one",
                        "warning",
                        listed[0],  # where the plan names the first of them
                    )
                )
    return found


def _updates(portfolio: Portfolio, year: str, window: str, due: dt.date, as_of: dt.date) -> list[Finding]:
    """Outturns for every period ended, an update on every activity, a recent review of every open risk."""
    severity = _severity(due, as_of)
    part = half(year, 1) if window == "mid-year" else half(year, 2)
    ended = part.end
    found = []
    for plan in portfolio.plans_for(year):
        for measure_id in plan.measure_ids():
            measure = portfolio.measures.get(measure_id)
            if measure is None or measure.measure_type is MeasureType.calculated:
                continue  # a calculated measure's figures come from the measures it uses
            have = {
                parse_period(o.period, measure.frequency.value)
                for o in measure.outturns
                if o.value is not None or o.comment
            }
            wanted = [p for p in due_periods(measure, year) if p.end <= ended]  # a biennial off year: none
            missing = [p.label for p in wanted if p not in have]
            if missing:
                owner = measure.lead_officer or plan.head_of_service
                found.append(
                    Finding(
                        _name(portfolio, measure.id),
                        due,
                        owner,
                        f"{measure.id}: no {window} outturn for {', '.join(missing)}",
                        severity,
                        ("outturns",),
                        at_key=True,
                    )
                )
        for activity in plan.activities():
            if activity.start > ended:
                continue
            done_before = any(u.status in DONE and not _update_in_window(u, part) for u in activity.updates)
            if done_before or any(_update_in_window(u, part) for u in activity.updates):
                continue
            found.append(
                Finding(
                    _name(portfolio, f"{plan.id}/{year}"),
                    due,
                    activity.lead,
                    f"{activity.id}: no {window} update for {part.describe()}",
                    severity,
                    ("updates",),
                    activity.id,
                    at_key=True,
                )
            )
    months = portfolio.settings.risk_matrix.review_months
    since = add_months(due, -months)
    for risk_id, risk in sorted(portfolio.risks.items()):
        if risk.status is not RiskStatus.open:
            continue
        latest = max((r.date for r in risk.reviews), default=None)
        if latest is None or latest < since:
            last = f"last reviewed {english_date(latest)}" if latest else "never reviewed"
            found.append(
                Finding(
                    _name(portfolio, risk_id),
                    due,
                    risk.owner,
                    f"{risk_id}: no review in the {months} months before the {window} update ({last})",
                    severity,
                    ("reviews",),
                    at_key=True,
                )
            )
    return found


def _standing(portfolio: Portfolio, as_of: dt.date) -> list[Finding]:
    """Definitions past review, risks past review, activities past their end and not complete."""
    found = []
    for measure_id, measure in sorted(portfolio.measures.items()):
        if measure.next_review_date is not None and measure.next_review_date < as_of:
            owner = measure.lead_officer or "the measure's lead officer"
            found.append(
                Finding(
                    _name(portfolio, measure_id),
                    measure.next_review_date,
                    owner,
                    f"{measure_id}: the definition is past its review date",
                    where=("next_review_date",),
                )
            )
    for risk_id, risk in sorted(portfolio.risks.items()):
        if risk.status is RiskStatus.open and risk.review_date < as_of:
            found.append(
                Finding(
                    _name(portfolio, risk_id),
                    risk.review_date,
                    risk.owner,
                    f"{risk_id}: the risk is past its review date",
                    where=("review_date",),
                )
            )
    year = financial_year_of(as_of)
    for plan in portfolio.plans_for(year):
        for activity in plan.activities():
            latest = activity.updates[-1].status if activity.updates else None
            if activity.end < as_of and latest not in DONE:
                found.append(
                    Finding(
                        _name(portfolio, f"{plan.id}/{year}"),
                        activity.end,
                        activity.lead,
                        f"{activity.id}: past its end date and not complete",
                        where=("end",),
                        item=activity.id,
                    )
                )
    return found
