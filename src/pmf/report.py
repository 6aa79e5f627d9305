"""Build the Performance Self-Assessment report's plain data from the engine's results.

Every judgement here is made by a written rule (docs/report.md), never by hand:
an outcome's overall judgement and the biggest improvements and concerns (what the
data-quality section lists is ``pmf.quality``'s).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from pmf import i18n
from pmf.assessment import Assessment, ImprovementAction
from pmf.fields import GovernanceArea
from pmf.i18n import N_, _, long_date
from pmf.i18n import text as tx
from pmf.improvement import counts as action_counts
from pmf.improvement import regulator_actions
from pmf.performance import ActivityResult, MeasureResult, activity_results, measure_results, unverified
from pmf.periods import Period, WindowName, annual, half
from pmf.placeholders import to_write
from pmf.quality import DataQuality, data_quality
from pmf.risks import RiskSummary, risk_summary
from pmf.rows import ActivityRow, MeasureRow, Scheme, activity_row, measure_row, scheme_of
from pmf.status import shape_of
from pmf.statutory import Statutory, statutory

if TYPE_CHECKING:
    from pmf.audit import AuditEntry
    from pmf.improvement import ActionRow
    from pmf.portfolio import Portfolio

# Points for an outcome's judgement (docs/report.md): the mean over its measures with a
# status and its activities with an update.
MEASURE_POINTS = {"green": 3, "yellow": 2, "orange": 1, "amber": 1.5, "red": 0}
ACTIVITY_POINTS = {"green": 3, "complete": 3, "blue": 3, "yellow": 2, "amber": 1.5, "orange": 1, "red": 0}
JUDGEMENTS = [
    (2.5, N_("Strong progress")),
    (1.75, N_("Good progress")),
    (1.0, N_("Progress with some concerns")),
    (0.0, N_("Significant concerns")),
]
NO_JUDGEMENT = N_("Not enough evidence to judge")
TOP = 5
# The words an assessment's improvement actions usually give as their status, in the catalogue.
ACTION_STATUSES = (  # in the catalogue, so text() translates them where an assessment writes them
    N_("not started"),
    N_("on track"),
    N_("experiencing issues"),
    N_("at risk"),
    N_("off track"),
    N_("complete"),
    N_("overdue"),
)


@dataclass(frozen=True)
class Counts:
    statuses: list[tuple[str, str, str, int]]  # (status, label, shape, count)
    trends: list[tuple[str, str, int]]  # (trend, arrow, count)
    no_status: int
    total: int
    partial: int = 0  # partial figures left unjudged: out of the status counts (SPEC 2.6)


@dataclass(frozen=True)
class OutcomeSection:
    id: str
    title: str
    narrative: str
    case_study: str
    judgement: str
    counts: Counts
    measures: list[MeasureRow]
    activities: list[ActivityRow]
    services: list[str]


@dataclass(frozen=True)
class AreaSection:
    id: str
    title: str
    assessment: str
    evidence: list[str]
    measures: list[MeasureRow]
    activities: list[ActivityRow]
    actions: list[dict[str, str]]


@dataclass(frozen=True)
class Report:
    organisation: str
    title: str
    window_name: str
    year: str
    period_words: str
    covers: str
    as_of: str
    lang: str
    overall: Counts
    outcomes: list[OutcomeSection]
    improvements: list[MeasureRow]
    concerns: list[MeasureRow]
    areas: list[AreaSection]
    actions: list[dict[str, str]]
    risks: RiskSummary
    quality: DataQuality
    appendix: list[MeasureRow]
    executive_summary: str = ""
    engagement: list[dict[str, str]] = field(default_factory=list)
    worked_well: list[str] = field(default_factory=list)
    to_improve: list[str] = field(default_factory=list)
    committee: str = ""
    recommendations: list[dict[str, str]] = field(default_factory=list)  # the committee's on this report
    carried_recommendations: list[dict[str, str]] = field(default_factory=list)  # made earlier: with a progress
    has_assessment: bool = False
    late_changes: list[dict[str, str]] = field(default_factory=list)
    regulator_actions: list[ActionRow] = field(default_factory=list)
    regulator_counts: list[tuple[str, str, int]] = field(default_factory=list)
    no_comment_heading: str = ""
    worse_words: str = ""  # "Orange or red": kept for council templates written before no_comment_heading
    untranslated: list[str] = field(default_factory=list)  # plan text shown in the other language (i18n.untranslated)
    untranslated_heading: str = ""  # "Plan text awaiting its Welsh version" (or English), and what it lists
    untranslated_sentence: str = ""
    untranslated_lang: str = ""  # the language each text listed there is written in: "cy", or "en-GB"
    statutory: Statutory = field(default_factory=Statutory)


def build_report(
    portfolio: Portfolio, window: Period, name: str, as_of: dt.date, changes: Sequence[AuditEntry] = ()
) -> Report:
    """Everything the report templates show, computed here so templates only loop and format."""
    settings = portfolio.settings
    results = measure_results(portfolio, window)
    activities = activity_results(portfolio, window, as_of)
    names = {s: tx(portfolio.service_title(s, window.financial_year)) for s in portfolio.services}
    scheme = scheme_of(settings)
    rows = {r.measure.id: measure_row(r, window, names[r.service], scheme) for r in results}
    arows = [activity_row(a, names[a.service]) for a in activities]
    assessment = portfolio.assessments.get((window.financial_year, name))
    outcomes = [
        _outcome(
            o.id,
            tx(o.title),
            [r for r in results if r.outcome == o.id],
            [a for a, res in zip(arows, activities, strict=True) if res.outcome == o.id],
            rows,
            assessment,
            scheme,
        )
        for o in sorted(settings.outcomes, key=lambda o: settings.outcome_rank(o.id))
    ]
    outcomes = [o for o in outcomes if o.measures or o.activities or o.narrative]
    in_plans = [r for r in results if r.outcome is not None]
    actions = [_action(a) for a in (assessment.improvement_actions if assessment else [])]
    regulators = regulator_actions(portfolio, as_of)
    figures_unverified = unverified(portfolio, window)
    report = Report(
        organisation=tx(settings.organisation),
        title=_("Performance Self-Assessment"),
        window_name=_("Mid-year") if name == "mid-year" else _("Year-end"),
        year=window.financial_year,
        period_words=window.describe(),
        covers=_covers(window, name),
        as_of=long_date(as_of),
        lang=i18n.HTML_LANG[i18n.current()],
        committee=_("Governance and Audit Committee"),
        overall=_counts(in_plans, scheme),
        no_comment_heading=scheme.no_comment,
        worse_words=scheme.worse,
        regulator_actions=regulators,
        regulator_counts=action_counts(regulators),
        outcomes=outcomes,
        improvements=[rows[r.measure.id] for r in improvements(in_plans)],
        concerns=[rows[r.measure.id] for r in concerns(in_plans)],
        areas=[_area(area, assessment, in_plans, activities, rows, arows, actions) for area in GovernanceArea],
        actions=actions,
        risks=risk_summary(portfolio, as_of),
        quality=data_quality(portfolio, results, activities, rows, arows, as_of, figures_unverified, names),
        statutory=statutory(
            portfolio,
            assessment,
            {f"measure-{r.measure.id}" for r in results} | ({"regulatory"} if regulators else set()),
        ),
        appendix=[rows[r.measure.id] for r in sorted(results, key=lambda r: (r.service, r.measure.id))],
        has_assessment=assessment is not None,
        late_changes=[
            {
                "date": long_date(c.commit.day),
                "commit": c.commit.sha[:10],
                "author": c.commit.author,
                "measure": c.measure,
                "change": c.what,
                **dict(zip(("old", "new"), c.shown(), strict=True)),
                "flag": str(c.flag) if c.flag else "",
            }
            for c in changes
            if c.flag and window.financial_year in c.what
        ],
    )
    if assessment is not None:
        report = _with_narrative(report, assessment, _made_before(portfolio, window.financial_year, name))
    return _awaiting(report, i18n.untranslated())


def _awaiting(report: Report, texts: list[str]) -> Report:
    """``report`` with the plan text shown in the other language, its heading, sentence and language; guidance
    still to write (``To write:``) awaits the council's words, not a translation, and is not listed."""
    texts = [words for words in texts if not to_write(words)]
    n, welsh = len(texts), i18n.current() == "cy"
    heading = _("Plan text awaiting its Welsh version") if welsh else _("Plan text awaiting its English version")
    sentence = (
        i18n.ngettext(
            "%(num)s piece of plan text has no Welsh version yet: it is shown in English, marked as such, "
            "and listed here.",
            "%(num)s pieces of plan text have no Welsh version yet: they are shown in English, marked as such, "
            "and listed here.",
            n,
        )
        if welsh
        else i18n.ngettext(
            "%(num)s piece of plan text has no English version yet: it is shown in Welsh, marked as such, "
            "and listed here.",
            "%(num)s pieces of plan text have no English version yet: they are shown in Welsh, marked as such, "
            "and listed here.",
            n,
        )
    ) % {"num": n}
    lang = i18n.HTML_LANG["en" if welsh else "cy"]
    return replace(
        report, untranslated=texts, untranslated_heading=heading, untranslated_sentence=sentence, untranslated_lang=lang
    )


def _made_before(portfolio: Portfolio, year: str, name: str) -> set[str]:
    """The ids of the recommendations the assessments before ``year``'s ``name`` window hold (docs/report.md)."""
    order = [w.value for w in WindowName]  # in the order of a year
    here = (year, order.index(name))
    return {
        r.id
        for (fy, window), earlier in portfolio.assessments.items()
        if (fy, order.index(window)) < here
        for r in earlier.recommendations
    }


def _with_narrative(report: Report, assessment: Assessment, made_before: set[str]) -> Report:
    report = replace(
        report,
        executive_summary=tx(assessment.executive_summary),
        engagement=[{"title": tx(e.title), "summary": tx(e.summary)} for e in assessment.engagement],
        worked_well=[tx(t) for t in assessment.lessons_learned.worked_well],
        to_improve=[tx(t) for t in assessment.lessons_learned.to_improve],
        committee=tx(assessment.committee) if assessment.committee else report.committee,
        recommendations=[
            {
                "id": r.id,
                "recommendation": tx(r.recommendation),
                "accepted": _("Accepted") if r.accepted else _("Not accepted"),
                "response": tx(r.response),
                "reason": tx(r.reason_not_accepted),
                "progress": tx(r.progress),
            }
            for r in assessment.recommendations
        ],
    )
    made = report.recommendations  # one an earlier assessment holds was made on an earlier report (docs/report.md)
    return replace(
        report,
        recommendations=[r for r in made if r["id"] not in made_before],
        carried_recommendations=[r for r in made if r["id"] in made_before],
    )


def _covers(window: Period, name: str) -> str:
    if name == "mid-year":
        return window.describe()
    second = half(window.financial_year, 2)
    return _("%(second_half)s, and the full year %(year)s") % {
        "second_half": second.describe(),
        "year": annual(window.financial_year).describe(),
    }


def _counts(results: list[MeasureResult], scheme: Scheme) -> Counts:
    """Headline counts; a partial figure left unjudged is counted apart, never as 'no status' (SPEC 2.6)."""
    statuses = Counter(r.status.value for r in results if r.status)
    trends = Counter(r.trend.value for r in results if r.trend)
    return Counts(
        statuses=[(s, scheme.labels[s], shape_of(s), statuses[s]) for s in scheme.columns],
        trends=[(t, {"better": "↑", "same": "→", "worse": "↓"}[t], trends[t]) for t in ("better", "same", "worse")],
        no_status=sum(1 for r in results if r.status is None and not r.withheld),
        total=len(results),
        partial=sum(1 for r in results if r.withheld),
    )


def judgement(results: list[MeasureResult], activities: list[ActivityRow]) -> str:
    """An outcome's overall judgement: the mean of its points (docs/report.md), in words."""
    points = [MEASURE_POINTS[r.status.value] for r in results if r.status]
    points += [ACTIVITY_POINTS[a.status] for a in activities if a.status in ACTIVITY_POINTS]
    if not points:
        return _(NO_JUDGEMENT)
    mean = sum(points) / len(points)
    return _(next(words for floor, words in JUDGEMENTS if mean >= floor))


def _outcome(
    outcome_id: str,
    title: str,
    results: list[MeasureResult],
    activities: list[ActivityRow],
    rows: dict[str, MeasureRow],
    assessment: Assessment | None,
    scheme: Scheme,
) -> OutcomeSection:
    text = assessment.outcomes.get(outcome_id) if assessment else None
    return OutcomeSection(
        id=outcome_id,
        title=title,
        narrative=tx(text.narrative) if text else "",
        case_study=tx(text.case_study) if text else "",
        judgement=judgement(results, activities),
        counts=_counts(results, scheme),
        measures=[rows[r.measure.id] for r in results],
        activities=activities,
        services=sorted({rows[r.measure.id].service for r in results} | {a.service for a in activities}),
    )


def _change(r: MeasureResult) -> Decimal:
    now, before = r.current.value, r.previous.value
    if now is None or before is None or before == 0:
        return Decimal(0)
    return abs(now - before) / abs(before)


def _older(r: MeasureResult) -> bool:
    """Whether the figure is for a period before the window (an annual measure at mid-year)."""
    return r.current.period is not None and r.current.period.end < r.window.start


def improvements(results: list[MeasureResult]) -> list[MeasureResult]:
    """The biggest improvements: improving measures, figures from the window first, then best status, then the largest change."""
    better = [r for r in results if r.trend is not None and r.trend.value == "better"]
    return sorted(better, key=lambda r: (_older(r), r.status.rank if r.status else 4, -_change(r), r.measure.id))[:TOP]


def concerns(results: list[MeasureResult]) -> list[MeasureResult]:
    """The biggest concerns: figures from the window first; red, then orange or amber; declining first; the largest change."""
    worrying = [r for r in results if r.status is not None and r.status.rank >= 2]
    return sorted(
        worrying,
        key=lambda r: (
            _older(r),
            -r.status.rank if r.status else 0,
            0 if r.trend and r.trend.value == "worse" else 1,
            -_change(r),
            r.measure.id,
        ),
    )[:TOP]


def _action(action: ImprovementAction) -> dict[str, str]:
    return {
        "id": action.id,
        "title": tx(action.title),
        "lead": tx(action.lead),
        "due": long_date(action.due),
        "status": tx(action.status),
        "area": action.governance_area.label if action.governance_area else "",
    }


def _area(
    area: GovernanceArea,
    assessment: Assessment | None,
    results: list[MeasureResult],
    activities: list[ActivityResult],
    rows: dict[str, MeasureRow],
    arows: list[ActivityRow],
    actions: list[dict[str, str]],
) -> AreaSection:
    text = assessment.governance_areas.get(area) if assessment else None
    return AreaSection(
        id=area.value,
        title=area.label,
        assessment=tx(text.assessment) if text else "",
        evidence=[tx(e) for e in text.evidence] if text else [],
        measures=[rows[r.measure.id] for r in results if area in r.measure.governance_areas],
        activities=[row for row, a in zip(arows, activities, strict=True) if area in a.activity.governance_areas],
        actions=[a for a in actions if a["area"] == area.label],
    )


def write_report(
    portfolio: Portfolio,
    window: Period,
    name: str,
    as_of: dt.date,
    out: Path,
    fmt: str,
    changes: Sequence[AuditEntry] = (),
    lang: str = "en",
) -> list[Path]:
    """Render the report as Markdown and/or HTML, in English, Welsh or both, into ``out``; return the files."""
    from pmf.render import write_documents

    def build() -> Report:
        return build_report(portfolio, window, name, as_of, changes)

    stem = f"{window.financial_year}-{name}"
    return write_documents(portfolio.root, "report", stem, out, fmt, lang, build, "report")
