"""Rules that span files or need the organisation's settings, run after every file is read."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from pmf.errors import Severity, dotted, relative
from pmf.formula import problems
from pmf.models import (
    BRAG_ACTIVITY_STATUSES,
    MEASURE_TEMPLATE_FIELDS,
    ROYG_ACTIVITY_STATUSES,
    Benchmarking,
    DataType,
    Frequency,
    Kind,
    Limits,
    Measure,
    MeasureType,
    Polarity,
    Settings,
    StatusScheme,
)
from pmf.performance import UPDATE_GRACE
from pmf.periods import annual, parse_period
from pmf.status import Status, measure_status

if TYPE_CHECKING:
    from pmf.portfolio import Portfolio


@dataclass(frozen=True)
class Finding:
    """A rule's finding: a message about the value at ``key_path`` in a file (the loader places it)."""

    path: Path
    key_path: tuple[str | int, ...]
    message: str
    at_key: bool = False
    severity: Severity = "error"


@dataclass
class Findings:
    """What the rules found, in order; ``unreadable``: ids whose files failed, so no knock-on finding."""

    root: Path
    unreadable: set[str]
    found: list[Finding] = field(default_factory=list)

    def name(self, path: Path) -> str:
        return relative(path, self.root)

    def add(
        self,
        path: Path,
        key_path: Sequence[str | int],
        message: str,
        *,
        at_key: bool = False,
        severity: Severity = "error",
    ) -> None:
        self.found.append(Finding(path, tuple(key_path), message, at_key, severity))

    def warn(self, path: Path, key_path: Sequence[str | int], message: str, *, at_key: bool = False) -> None:
        self.add(path, key_path, message, at_key=at_key, severity="warning")


def check(
    portfolio: Portfolio, settings: Settings | None, *, strict: bool, unreadable: set[str] | None = None
) -> list[Finding]:
    """Run every cross-file rule over the checked models; return what they found."""
    reading = Findings(portfolio.root, unreadable or set())
    for measure in portfolio.measures.values():
        _check_measure(reading, portfolio, measure, settings, strict=strict)
    _check_plans(reading, portfolio, settings)
    if settings is not None:
        _check_required_outcomes(reading, portfolio, settings)
        _check_risks(reading, portfolio, settings)
        _check_assessments(reading, portfolio, settings, strict=strict)
    _check_panels(reading, portfolio)
    return reading.found


def _check_measure(
    reading: Findings, portfolio: Portfolio, measure: Measure, settings: Settings | None, *, strict: bool
) -> None:
    path = portfolio.files[measure.id]
    percentage = measure.data_type is DataType.percentage
    if measure.polarity is None and measure.benchmarking is not Benchmarking.count_only:
        reading.add(
            path,
            ["polarity"],
            "is required unless the measure is Count Only: higher_is_better, lower_is_better or closer_is_better",
        )
    if measure.benchmarking is Benchmarking.count_only and measure.thresholds:
        reading.warn(
            path,
            ["thresholds"],
            "a Count Only measure has no target, so these thresholds are not used: remove them, "
            "or change benchmarking to national or local",
            at_key=True,
        )
    if measure.measure_type is MeasureType.trend and measure.thresholds:
        reading.warn(
            path,
            ["thresholds"],
            "a trend-type measure carries no target, so these thresholds are not used",
            at_key=True,
        )
    for text in problems(measure, portfolio.measures):
        reading.add(path, ["formula"] if measure.formula is not None else ["measure_type"], text)
    if measure.frequency is Frequency.biennial and measure.first_year is None:
        reading.add(
            path,
            ["frequency"],
            "a biennial measure needs 'first_year': the financial year it is first due (e.g. first_year: 2025-26)",
        )
    for year, limits in measure.thresholds.items():
        year_where: list[str | int] = ["thresholds", year]
        pairs: list[tuple[list[str | int], Limits]] = [(year_where, limits)]
        if limits.mid_year is not None:
            pairs.append(([*year_where, "mid-year"], limits.mid_year))
        for where, pair in pairs:  # the year's pair and its mid-year pair meet the same rules
            _check_limits(reading, path, where, pair, measure, settings, percentage)
    seen: dict[str, int] = {}
    for index, outturn in enumerate(measure.outturns):
        where = ["outturns", index, "period"]
        try:
            period = parse_period(outturn.period, measure.frequency.value)
        except ValueError as exc:
            reading.add(path, where, str(exc))
            continue
        if period.frequency != measure.frequency.value and not (
            period.frequency == "annual" and measure.frequency is Frequency.biennial
        ):
            reading.add(
                path,
                where,
                f"'{outturn.period}' is a {_frequency_word(period.frequency)} period but the measure is {measure.frequency.value}: write periods like {_example(measure.frequency.value)}",
            )
            continue
        if period.label in seen:
            reading.add(
                path,
                where,
                f"{period.label} is reported twice (also outturns[{seen[period.label]}]): keep one value per period",
            )
        seen[period.label] = index
        if percentage and outturn.value is not None and not Decimal(0) <= outturn.value <= Decimal(100):
            reading.add(
                path,
                ["outturns", index, "value"],
                f"{outturn.value} is not a percentage: percentages run from 0 to 100",
            )
        if strict and settings is not None and not (outturn.comment or "").strip():
            status = measure_status(measure, outturn.value, period.financial_year, settings)
            if status is not None and status in {Status.red, Status.orange, Status.amber}:
                reading.add(
                    path, ["outturns", index], f"this {status.value} result needs a comment explaining it (--strict)"
                )
    if strict:
        for name in MEASURE_TEMPLATE_FIELDS:
            if getattr(measure, name) is None:
                reading.add(path, [name], f"'{name}' is required by the measure template (--strict)", at_key=True)


def _check_limits(
    reading: Findings,
    path: Path,
    where: list[str | int],
    pair: Limits,
    measure: Measure,
    settings: Settings | None,
    percentage: bool,
) -> None:
    """A target and tolerance pair: a tolerance given (or null said), percentages within 0–100, the right side."""
    if (
        settings is not None
        and settings.status_scheme is StatusScheme.royg
        and "tolerance" not in pair.model_fields_set  # not written at all (null is No Tolerance, said)
    ):
        reading.warn(
            path,
            [*where, "tolerance"],  # placed at the pair; one written but cut away for its problem is not warned of
            message="no tolerance given, so this is read as No Tolerance (green or red only): "
            "give the tolerance threshold, or write 'tolerance: null' to say so",
        )
    if percentage:
        for name, number in (("target", pair.target), ("tolerance", pair.tolerance)):
            if number is not None and not Decimal(0) <= number <= Decimal(100):
                reading.add(path, [*where, name], f"{name} {number} is not a percentage: percentages run from 0 to 100")
    if pair.tolerance is not None and measure.polarity is not None:
        _check_tolerance_side(reading, path, where, measure.polarity, pair.target, pair.tolerance)


def _check_tolerance_side(
    reading: Findings, path: Path, where: Sequence[str | int], polarity: Polarity, target: Decimal, tolerance: Decimal
) -> None:
    key = [*where, "tolerance"]
    if polarity is Polarity.closer_is_better:
        if tolerance <= 0:
            reading.add(
                path,
                key,
                f"for a closer-is-better measure the tolerance is the distance from the target and must be above 0 (found {tolerance})",
            )
        return
    if tolerance == target:
        reading.warn(
            path, key, f"tolerance equals the target ({target}), so there is no yellow or orange: is that intended?"
        )
    elif polarity is Polarity.higher_is_better and tolerance > target:
        reading.add(
            path,
            key,
            f"must be below the target for a higher-is-better measure (target {target}, tolerance {tolerance})",
        )
    elif polarity is Polarity.lower_is_better and tolerance < target:
        reading.add(
            path,
            key,
            f"must be above the target for a lower-is-better measure (target {target}, tolerance {tolerance})",
        )


def _frequency_word(frequency: str) -> str:
    return {
        "weekly": "weekly",
        "monthly": "monthly",
        "quarterly": "quarterly",
        "biannual": "half-yearly",
        "annual": "annual",
        "biennial": "biennial",
    }[frequency]


def _example(frequency: str) -> str:
    return {
        "weekly": "2026-W14",
        "monthly": "2025-09",
        "quarterly": "2025-26 Q2",
        "biannual": "2025-26 H1",
        "annual": "2025-26",
        "biennial": "2025-26",
    }[frequency]


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
    for service, year in sorted(portfolio.plans):
        path = portfolio.files[f"{service}/{year}"]
        for measure in portfolio.measures_of(service):
            has = _held_for(measure, year)
            if has and measure.id not in named[(service, year)]:
                reading.warn(
                    path,
                    ["outcomes"],
                    f"measure '{measure.id}' has {has} for {year} but this plan does not name it",
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
        if risk.target.score > risk.residual.score:
            reading.add(
                path,
                ["target"],
                f"the target score ({risk.target.score}) is worse than the residual score ({risk.residual.score}): "
                "the target is where the controls and actions should bring the risk",
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


def report_ids(portfolio: Portfolio) -> list[str]:
    """The reports evidence may cite: each assessment (``2025-26-mid-year``) and panel (``panel-2026-27``)."""
    return sorted(
        [f"{year}-{window}" for year, window in portfolio.assessments] + [f"panel-{y}" for y in portfolio.panels]
    )


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
