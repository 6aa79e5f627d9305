"""The other packs from the same data: the Service Performance Review and the service plan for sign-off."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pmf import i18n
from pmf.assessment import Swot
from pmf.bilingual import localised
from pmf.fields import Polarity
from pmf.i18n import _, long_date
from pmf.i18n import text as tx
from pmf.models import Limits, Plan
from pmf.performance import activity_results, measure_results
from pmf.periods import Period
from pmf.report import judgement
from pmf.risks import RiskRow, risk_summary
from pmf.rows import FREQUENCIES, ActivityRow, MeasureRow, activity_row, measure_row, scheme_of

if TYPE_CHECKING:
    from pmf.improvement import ActionRow
    from pmf.portfolio import Portfolio


@dataclass(frozen=True)
class ReviewPack:
    organisation: str
    service: str
    title: str
    head_of_service: str
    year: str
    window_label: str
    period_words: str
    as_of: str
    summary: str
    swot: Swot | None
    judgement: str
    measures: list[MeasureRow]
    activities: list[ActivityRow]
    risks: list[RiskRow]
    lang: str = "en-GB"
    withheld: str = ""  # how many exempt risks the register leaves out, in a sentence (pmf.exempt)


def service_review(portfolio: Portfolio, service: str, window: Period, as_of: dt.date) -> ReviewPack:
    """The Service Performance Review pack: the service's SWOT, plan progress and risk register."""
    from pmf.exempt import withheld, withheld_sentence

    plan = plan_of(portfolio, service, window.financial_year)
    results = [r for r in measure_results(portfolio, window) if r.service == service]
    activities = [a for a in activity_results(portfolio, window, as_of) if a.service == service]
    name = tx(portfolio.service_title(service, window.financial_year))
    arows = [activity_row(a, name) for a in activities]
    review = portfolio.reviews.get((service, window.financial_year))
    return ReviewPack(
        organisation=tx(portfolio.settings.organisation),
        service=service,
        title=tx(plan.title),
        head_of_service=tx(plan.head_of_service),
        year=window.financial_year,
        window_label=i18n.period_words(window.label),
        period_words=window.describe(),
        as_of=long_date(as_of),
        summary=tx(review.summary) if review else "",
        swot=localised(review.swot) if review else None,
        judgement=judgement(results, arows),
        measures=[measure_row(r, window, name, scheme_of(portfolio.settings)) for r in results],
        activities=arows,
        risks=[r for r in risk_summary(portfolio, as_of).all if r.service == service],
        lang=i18n.HTML_LANG[i18n.current()],
        withheld=withheld_sentence(withheld(portfolio, service)),
    )


@dataclass(frozen=True)
class PlanMeasure:
    id: str
    title: str
    benchmarking: str
    target: str
    tolerance: str
    frequency: str
    lead: str
    mid_year: str | None = None  # the year's mid-year pair, when it has one (SPEC 2.6)


@dataclass(frozen=True)
class PlanOutcomeView:
    title: str
    indicators: list[PlanMeasure]
    measures: list[PlanMeasure]
    activities: list[dict[str, str]]


@dataclass(frozen=True)
class PlanPack:
    organisation: str
    plan: Plan
    year_words: str
    outcomes: list[PlanOutcomeView]
    signed: str
    lang: str = "en-GB"


def plan_pack(portfolio: Portfolio, service: str, year: str) -> PlanPack:
    """The service plan laid out as the Service Planning Template, for Cabinet Member sign-off."""
    from pmf.numbers import threshold_texts

    plan = plan_of(portfolio, service, year)
    titles = {o.id: tx(o.title) for o in portfolio.settings.outcomes}

    def row(measure_id: str) -> PlanMeasure:
        m = portfolio.measures[measure_id]
        limits = m.thresholds.get(year)
        pair = limits.mid_year if limits else None

        def texts(chosen: Limits | None) -> tuple[str | None, str | None]:
            return threshold_texts(
                chosen.target if chosen else None,
                chosen.tolerance if chosen else None,
                m.polarity is Polarity.closer_is_better,
                m.decimals,
                m.data_type.value if m.data_type else None,
                m.unit,
            )

        target, tolerance = texts(limits)
        half_target, half_tolerance = texts(pair)
        mid_year = (
            _("Mid-year target %(target)s; Tolerance Threshold: %(tolerance)s")
            % {"target": half_target, "tolerance": half_tolerance or _("No tolerance")}
            if half_target
            else None
        )
        return PlanMeasure(
            id=m.id,
            title=tx(m.title),
            benchmarking=m.benchmarking.label,
            target=target or _("None set"),
            tolerance=tolerance or (_("No tolerance") if target else _("None set")),
            frequency=_(FREQUENCIES[m.frequency.value]),
            lead=tx(m.lead_officer) or _("Not named"),
            mid_year=mid_year,
        )

    outcomes = [
        PlanOutcomeView(
            title=titles.get(o.outcome, o.outcome),
            indicators=[row(i) for i in o.indicators if i in portfolio.measures],
            measures=[row(i) for i in o.performance_measures if i in portfolio.measures],
            activities=[
                {
                    "id": a.id,
                    "title": tx(a.title),
                    "lead": tx(a.lead),
                    "start": f"{a.start:%d/%m/%Y}",
                    "end": f"{a.end:%d/%m/%Y}",
                }
                for a in o.activities
            ],
        )
        for o in sorted(plan.outcomes, key=lambda o: portfolio.settings.outcome_rank(o.outcome))
    ]
    if plan.sign_off is None:
        signed = _("Draft: not yet signed off by the Cabinet Member.")
    else:
        names = i18n.joined([tx(name) for name in plan.sign_off.approved_by])
        signed = _("Signed off by %(names)s on %(date)s.") % {"names": names, "date": long_date(plan.sign_off.date)}
    start = int(year[:4])
    return PlanPack(
        tx(portfolio.settings.organisation),
        localised(plan),
        _("%(first)s to %(last)s") % {"first": start, "last": start + 1},
        outcomes,
        signed,
        i18n.HTML_LANG[i18n.current()],
    )


@dataclass(frozen=True)
class AreaView:
    id: str
    title: str
    sponsor: str
    success_criteria: list[str]
    actions: list[ActionRow]


@dataclass(frozen=True)
class ImprovementPack:
    organisation: str
    as_of: str
    counts: list[tuple[str, str, int]]
    overdue: list[ActionRow]
    areas: list[AreaView]
    regulator_actions: list[ActionRow]
    lang: str = "en-GB"
    panel_actions: list[ActionRow] = field(default_factory=list)


def improvement_pack(portfolio: Portfolio, as_of: dt.date) -> ImprovementPack:
    """The corporate improvement plan as the second council lays it out, with regulators' actions."""
    from pmf.improvement import counts, panel_actions, plan_actions, regulator_actions

    rows = plan_actions(portfolio, as_of)
    areas = [
        AreaView(
            a.id, tx(a.title), tx(a.sponsor), [tx(c) for c in a.success_criteria], [r for r in rows if r.ref == a.id]
        )
        for a in sorted(portfolio.improvement.values(), key=lambda a: a.id)
    ]
    regs = regulator_actions(portfolio, as_of)
    panel = panel_actions(portfolio, as_of)
    return ImprovementPack(
        tx(portfolio.settings.organisation),
        long_date(as_of),
        counts(rows + regs + panel),
        [r for r in rows + regs + panel if r.overdue],
        areas,
        regs,
        i18n.HTML_LANG[i18n.current()],
        panel,
    )


def plan_of(portfolio: Portfolio, service: str, year: str) -> Plan:
    """The service's plan for ``year``, or a usage error naming what is wrong (service or year)."""
    from pmf.errors import UsageError, suggestion

    plan = portfolio.plan(service, year)
    if plan is None:
        if service not in portfolio.services:
            raise UsageError(f"no service '{service}'{suggestion(service, portfolio.services)}")
        raise UsageError(f"the {service} service has no plan for {year} (plans/{service}/plan-{year}.yaml)")
    return plan


def write_pack(
    root: Path, template: str, stem: str, build: Callable[[], object], out: Path, fmt: str, lang: str = "en"
) -> list[Path]:
    """Render a pack with ``<template>.md.j2`` / ``.html.j2`` into ``out/<stem>.md`` / ``.html`` (``.cy.`` in Welsh)."""
    from pmf.render import write_documents

    return write_documents(root, template, stem, out, fmt, lang, build, "pack")
