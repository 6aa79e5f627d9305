"""Rules that span files or need the organisation's settings, run after every file is read."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from pmf.errors import dotted
from pmf.fields import BRAG_ACTIVITY_STATUSES, ROYG_ACTIVITY_STATUSES, Kind, RiskStatus, StatusScheme
from pmf.findings import Finding, Findings
from pmf.i18n import english_date
from pmf.measure_checks import check_measure
from pmf.models import Measure
from pmf.performance import UPDATE_GRACE
from pmf.periods import annual, parse_period
from pmf.settings import Settings

if TYPE_CHECKING:
    from pmf.portfolio import Portfolio


def check(
    portfolio: Portfolio,
    settings: Settings | None,
    *,
    strict: bool,
    unreadable: set[str] | None = None,
    today: dt.date | None = None,
) -> list[Finding]:
    """Run every cross-file rule over the checked models; return what they found.

    ``today``: the day by which every figure's period must have begun, and every plan's sign-off come (None: not asked).
    """
    reading = Findings(portfolio.root, unreadable or set())
    for measure in portfolio.measures.values():
        check_measure(reading, portfolio, measure, settings, strict=strict, today=today)
    _check_plans(reading, portfolio, settings)
    if today is not None:
        _sign_offs_to_come(reading, portfolio, today)
    if settings is not None:
        _check_required_outcomes(reading, portfolio, settings)
        _check_risks(reading, portfolio, settings)
        _check_assessments(reading, portfolio, settings, strict=strict)
    _check_panels(reading, portfolio)
    return reading.found


def _check_plans(reading: Findings, portfolio: Portfolio, settings: Settings | None) -> None:
    from pmf.errors import suggestion

    outcome_ids = [o.id for o in settings.outcomes] if settings else []
    activity_seen: dict[str, Path] = {}
    named: dict[tuple[str, str], set[str]] = defaultdict(set)
    allowed_status = (
        BRAG_ACTIVITY_STATUSES
        if settings and settings.status_scheme is StatusScheme.rag_variance
        else ROYG_ACTIVITY_STATUSES
    )
    required = settings.required_outcomes if settings else []
    for (service, year), plan in sorted(portfolio.plans.items()):
        path = portfolio.files[f"{service}/{year}"]
        carried = {o.outcome for o in plan.outcomes}
        for index, outcome_id in enumerate(required):
            if outcome_id not in carried and outcome_id in outcome_ids:  # (an unknown one is pmf.yaml's problem)
                reading.add(
                    path,
                    ["outcomes"],
                    f"every plan must carry the outcome '{outcome_id}' (pmf.yaml: required_outcomes[{index}]): "
                    "add it to outcomes",
                    at_key=True,
                )
        outcomes_seen: set[str] = set()
        listed: dict[str, str] = {}
        plan_year = annual(year)
        for o_index, outcome in enumerate(plan.outcomes):
            base: list[str | int] = ["outcomes", o_index]
            if settings and outcome.outcome not in outcome_ids:
                reading.add(
                    path,
                    [*base, "outcome"],
                    f"no outcome '{outcome.outcome}' in pmf.yaml{suggestion(outcome.outcome, outcome_ids)}",
                )
            if outcome.outcome in outcomes_seen:
                reading.add(
                    path,
                    [*base, "outcome"],
                    f"outcome '{outcome.outcome}' appears twice in this plan: list its measures and activities once",
                )
            outcomes_seen.add(outcome.outcome)
            for key, kind in (("indicators", Kind.indicator), ("performance_measures", Kind.performance_measure)):
                for m_index, measure_id in enumerate(getattr(outcome, key)):
                    where = [*base, key, m_index]
                    measure = portfolio.measures.get(measure_id)
                    if measure is None:
                        if measure_id in reading.unreadable:
                            continue  # its own file's problems are already reported
                        reading.add(
                            path,
                            where,
                            f"no measure '{measure_id}'{suggestion(measure_id, [*portfolio.measures, *reading.unreadable])}",
                        )
                        continue
                    if measure_id in listed:
                        reading.warn(
                            path,
                            where,
                            f"'{measure_id}' is already listed in this plan (at {listed[measure_id]}): "
                            "reports show it under the first outcome only",
                        )
                    listed.setdefault(measure_id, dotted(where))
                    named[(portfolio.service_of[measure_id], year)].add(measure_id)
                    if measure.kind is not kind:
                        other = "indicators" if measure.kind is Kind.indicator else "performance_measures"
                        article = "an indicator" if measure.kind is Kind.indicator else "a performance measure"
                        reading.warn(path, where, f"'{measure_id}' is {article}: list it under {other}")
            for a_index, activity in enumerate(outcome.activities):
                where = [*base, "activities", a_index]
                if activity.id in activity_seen or activity.id in portfolio.files:
                    other = reading.name(activity_seen.get(activity.id) or portfolio.files[activity.id])
                    reading.add(
                        path,
                        [*where, "id"],
                        f"id '{activity.id}' is already used in {other}: identifiers are unique across the repository (give a carried-over activity a new id)",
                    )
                activity_seen.setdefault(activity.id, path)
                for u_index, update in enumerate(activity.updates):
                    u_where = [*where, "updates", u_index]
                    if update.status.value not in allowed_status:
                        reading.add(
                            path,
                            [*u_where, "status"],
                            f"'{update.status.value}' is not an activity status under {settings.status_scheme.value if settings else 'royg'}: use one of {', '.join(sorted(allowed_status))}",
                        )
                    if update.date is not None and not (plan_year.start <= update.date <= plan_year.end + UPDATE_GRACE):
                        reading.add(
                            path,
                            [*u_where, "date"],
                            f"{update.date} is outside this plan's year ({year}, with updates accepted to the end of May)",
                        )
                    if update.period is not None:
                        try:
                            period = parse_period(update.period)
                        except ValueError as exc:
                            reading.add(path, [*u_where, "period"], str(exc))
                            continue
                        if period.financial_year != year:
                            reading.add(
                                path, [*u_where, "period"], f"{update.period} is not in this plan's year ({year})"
                            )
    of_service = portfolio.measures_by_service()
    for service, year in sorted(portfolio.plans):
        path = portfolio.files[f"{service}/{year}"]
        for measure in of_service[service]:
            has = _held_for(measure, year)
            if has and measure.id not in named[(service, year)]:
                key = "indicators" if measure.kind is Kind.indicator else "performance_measures"
                drop = f", or remove its {year} thresholds" if has == "a target" else ""
                reading.warn(
                    path,
                    ["outcomes"],
                    f"measure '{measure.id}' has {has} for {year} but this plan does not name it: "
                    f"list it under an outcome's {key}{drop}",
                    at_key=True,
                )


def _held_for(measure: Measure, year: str) -> str:
    """What a measure's file holds for ``year``, in words ("a target", "figures", both), or "" for nothing."""
    held = [
        word
        for word, found in (
            ("a target", year in measure.thresholds),
            ("figures", any(o.period.startswith(year) for o in measure.outturns)),
        )
        if found
    ]
    return " and ".join(held)


def _check_required_outcomes(reading: Findings, portfolio: Portfolio, settings: Settings) -> None:
    """Every outcome pmf.yaml requires of a plan is one of its outcomes: a problem at the id in required_outcomes."""
    from pmf.errors import suggestion
    from pmf.repository import CONFIG

    known = [o.id for o in settings.outcomes]
    for index, outcome_id in enumerate(settings.required_outcomes):
        if outcome_id not in known:
            reading.add(
                portfolio.root / CONFIG,
                ["required_outcomes", index],
                f"no outcome '{outcome_id}' among the outcomes listed here{suggestion(outcome_id, known)}: "
                "add it to outcomes, or take it out of required_outcomes",
            )


def _check_risks(reading: Findings, portfolio: Portfolio, settings: Settings) -> None:
    size = settings.risk_matrix
    for risk_id, risk in portfolio.risks.items():
        path = portfolio.files[risk_id]
        scores = [("inherent", risk.inherent), ("residual", risk.residual), ("target", risk.target)]
        scores += [(f"reviews.{i}.residual", review.residual) for i, review in enumerate(risk.reviews)]
        for name, score in scores:
            keys: list[str | int] = [int(k) if k.isdigit() else k for k in name.split(".")]
            if score.likelihood > size.likelihood:
                reading.add(
                    path,
                    [*keys, "likelihood"],
                    f"likelihood {score.likelihood} is off the {size.likelihood}×{size.impact} risk matrix (1 to {size.likelihood})",
                )
            if score.impact > size.impact:
                reading.add(
                    path,
                    [*keys, "impact"],
                    f"impact {score.impact} is off the {size.likelihood}×{size.impact} risk matrix (1 to {size.impact})",
                )
        target, residual = risk.target.score, risk.residual.score
        if target > residual and not risk.reviewed_to_target:
            reading.add(
                path,
                ["target"],
                f"the target score ({target}) is worse than the residual score ({residual}): "
                "the target is where the controls and actions should bring the risk, at or below today's score: "
                "lower the target, or record the review that brought the risk down with pmf review-risk",
            )
        elif target > residual and risk.status is RiskStatus.open:  # reviews brought it there, or it was raised
            reading.warn(
                path,
                ["target"],
                f"the target score ({target}) is above the residual score ({residual}) the last review recorded: "
                "the risk is already below its target, so the target no longer says where the actions should "
                f"bring it: set a target at or below {residual}, or close the risk (status: closed) if it needs "
                "no more managing",
            )


def _check_assessments(reading: Findings, portfolio: Portfolio, settings: Settings, *, strict: bool) -> None:
    from pmf.errors import suggestion

    outcome_ids = [o.id for o in settings.outcomes]
    for (year, window), assessment in portfolio.assessments.items():
        path = portfolio.files[f"assessment/{year}/{window}"]
        if window == "year-end" and assessment.performance_requirements is None:
            reading.add(
                path,
                ["window"],
                "a year-end assessment must give the council's conclusions on the performance requirements "
                "(s.91 of the 2021 Act): add 'performance_requirements:' with 'functions', 'resources' and "
                "'governance', each with its 'conclusion' and 'evidence'",
            )
        if strict and not assessment.recommendations_to_committee:
            reading.add(
                path,
                ["window"],
                "the report needs its recommendations to the committee (--strict): add "
                "'recommendations_to_committee:', e.g. '- That the Committee notes the mid-year position'",
            )
        requirements = assessment.performance_requirements
        for name in ("functions", "resources", "governance") if requirements else ():
            for index, evidence in enumerate(getattr(requirements, name).evidence):
                if evidence.kind is not None:
                    where: list[str | int] = ["performance_requirements", name, "evidence", index, evidence.kind]
                    _check_citation(reading, portfolio, path, where, evidence.kind, evidence.cited)
        for outcome in assessment.outcomes:
            if outcome not in outcome_ids:
                reading.add(
                    path,
                    ["outcomes", outcome],
                    f"no outcome '{outcome}' in pmf.yaml{suggestion(outcome, outcome_ids)}",
                    at_key=True,
                )


def _sign_offs_to_come(reading: Findings, portfolio: Portfolio, today: dt.date) -> None:
    """A plan signed off on a day after ``today`` (most often a year typed wrong), as a figure for a period not
    begun is refused; ``pmf check`` and ``pmf audit`` do not take it as the day the plan was signed off."""
    for (service, year), plan in sorted(portfolio.plans.items()):
        if plan.sign_off is not None and plan.sign_off.date > today:
            reading.add(
                portfolio.files[f"{service}/{year}"],
                ["sign_off", "date"],
                f"{english_date(plan.sign_off.date)} has not come: today is {english_date(today)}. Check the year: a "
                "sign-off is written once the Cabinet Member has approved the plan",
            )


def report_ids(portfolio: Portfolio) -> list[str]:
    """The reports evidence may cite: each window's report (``2025-26-mid-year``) of a year with a plan
    or an assessment, written by ``pmf report`` whether or not an assessment file gave it words, and
    each panel response (``panel-2026-27``)."""
    years = {year for _, year in portfolio.plans} | {year for year, _ in portfolio.assessments}
    windows = {f"{year}-{window}" for year in years for window in ("mid-year", "year-end")}
    return sorted(windows) + sorted(f"panel-{y}" for y in portfolio.panels)


def _check_citation(
    reading: Findings, portfolio: Portfolio, path: Path, where: list[str | int], kind: str, cited: str
) -> None:
    from pmf.errors import suggestion

    known = {
        "measure": [*portfolio.measures, *reading.unreadable],
        "regulator": list(portfolio.regulators),
        "report": report_ids(portfolio),
    }[kind]
    if cited not in known:
        words = {
            "measure": f"no measure '{cited}'",
            "regulator": f"no regulator's report '{cited}' in regulators/",
            "report": f"no report '{cited}' (reports are cited as 2025-26-year-end, 2026-27-mid-year or panel-2026-27)",
        }[kind]
        reading.add(path, where, words + suggestion(cited, known))


def _check_panels(reading: Findings, portfolio: Portfolio) -> None:
    """A panel recommendation not accepted in full needs the council's reason in its response."""
    for year, panel in sorted(portfolio.panels.items()):
        path = portfolio.files[f"panel/{year}"]
        for index, recommendation in enumerate(panel.recommendations):
            response = recommendation.response
            if response.accepted != "yes" and not (response.reason or "").strip():
                reading.add(
                    path,
                    ["recommendations", index, "response", "accepted"],
                    f"{recommendation.id} is {'only partly' if response.accepted == 'partly' else 'not'} accepted: "
                    "give the council's reason as 'reason:' beside 'accepted:' (the response must say why the "
                    "council will not follow a recommendation in full)",
                )
