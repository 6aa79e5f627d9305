"""The statutory documents' plain data: the s.91 conclusions, the panel response, recommendations to committee."""

from __future__ import annotations

import datetime as dt
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pmf import i18n
from pmf.i18n import N_, _, long_date
from pmf.i18n import text as tx
from pmf.improvement import ActionRow, counts, panel_actions

if TYPE_CHECKING:
    from pmf.assessment import Assessment, Citation, PanelAssessment
    from pmf.portfolio import Portfolio

# The performance requirements in the words of s.89 of the Local Government and Elections (Wales) Act 2021.
REQUIREMENTS = {
    "functions": N_("The extent to which the council is exercising its functions effectively"),
    "resources": N_("The extent to which the council is using its resources economically, efficiently and effectively"),
    "governance": N_("The extent to which the council's governance is effective for securing these"),
}
ACCEPTED = {"yes": N_("Accepted"), "partly": N_("Partly accepted"), "no": N_("Not accepted")}


@dataclass(frozen=True)
class Evidence:
    text: str
    label: str  # what is cited, in words: "WST-01: Percentage of waste recycled"; empty for plain text
    href: str  # where the HTML document links it; empty for none


@dataclass(frozen=True)
class RequirementView:
    id: str
    requirement: str  # the Act's words
    conclusion: str
    evidence: list[Evidence]


@dataclass(frozen=True)
class NextYearView:
    id: str
    title: str
    lead: str
    due: str
    requirement: str


@dataclass(frozen=True)
class Statutory:
    """What an assessment file adds to the self-assessment report beyond the narrative."""

    recommendations_to_committee: list[str] = field(default_factory=list)
    requirements: list[RequirementView] = field(default_factory=list)
    actions_next_year: list[NextYearView] = field(default_factory=list)


def statutory(
    portfolio: Portfolio, assessment: Assessment | None, anchors: AbstractSet[str] = frozenset()
) -> Statutory:
    """The recommendations to committee, and at year-end the conclusions on each requirement and next year's actions.

    ``anchors``: the parts of the report that evidence may link to (``measure-WST-01``, ``regulatory``).
    """
    if assessment is None:
        return Statutory()
    found = assessment.performance_requirements
    return Statutory(
        recommendations_to_committee=[tx(r) for r in assessment.recommendations_to_committee],
        requirements=[
            RequirementView(
                name,
                _(words),
                tx(getattr(found, name).conclusion),
                [_evidence(portfolio, e, anchors) for e in getattr(found, name).evidence],
            )
            for name, words in REQUIREMENTS.items()
        ]
        if found
        else [],
        actions_next_year=[
            NextYearView(
                a.id,
                tx(a.title),
                tx(a.lead),
                long_date(a.due),
                _(REQUIREMENTS[a.requirement]) if a.requirement else "",
            )
            for a in assessment.actions_next_year
        ],
    )


def _evidence(portfolio: Portfolio, evidence: Citation, anchors: AbstractSet[str]) -> Evidence:
    """A piece of evidence with what it cites named in words and linked where the reader can follow it."""
    from pmf.render import file_name

    text = tx(evidence.text)
    cited = evidence.cited
    if evidence.kind == "measure":
        measure = portfolio.measures.get(cited)
        label = f"{cited}: {tx(measure.title)}" if measure else cited
        return Evidence(text, label, f"#measure-{cited}" if f"measure-{cited}" in anchors else "")
    if evidence.kind == "regulator":
        report = portfolio.regulators.get(cited)
        label = f"{tx(report.regulator)}: {tx(report.title)}" if report else cited
        return Evidence(text, label, "#regulatory" if "regulatory" in anchors else "")
    if evidence.kind == "report":
        stem = f"panel-response-{cited.removeprefix('panel-')}" if cited.startswith("panel-") else cited
        return Evidence(text, _report_name(cited), file_name(stem, i18n.current(), "html"))
    return Evidence(text, "", "")


def _report_name(cited: str) -> str:
    if cited.startswith("panel-"):
        return _("Response to the Panel Performance Assessment %(year)s") % {"year": cited.removeprefix("panel-")}
    year, _dash, window = cited[:7], cited[7], cited[8:]
    words = _("Mid-year") if window == "mid-year" else _("Year-end")
    return _("Performance Self-Assessment, %(window)s %(year)s") % {"window": words, "year": year}


@dataclass(frozen=True)
class PanelRecommendationView:
    id: str
    text: str
    accepted: str  # yes, partly or no
    decision: str  # in words
    reason: str
    actions: list[ActionRow]


@dataclass(frozen=True)
class PanelResponse:
    """``pmf report panel-response``: the council's response to the Panel Performance Assessment (s.93)."""

    organisation: str
    year: str
    received: str
    panel: str
    conclusions: list[str]
    response_to_conclusions: str
    recommendations: list[PanelRecommendationView]
    counts: list[tuple[str, str, int]]
    as_of: str
    lang: str


def panel_response(portfolio: Portfolio, year: str, as_of: dt.date) -> PanelResponse:
    """The response to the panel's report for ``year``: conclusions accepted, each recommendation, its actions."""
    panel = panel_of(portfolio, year)
    rows = panel_actions(portfolio, as_of)
    return PanelResponse(
        organisation=tx(portfolio.settings.organisation),
        year=year,
        received=long_date(panel.received),
        panel=tx(panel.panel),
        conclusions=[tx(c) for c in panel.conclusions],
        response_to_conclusions=tx(panel.response_to_conclusions),
        recommendations=[
            PanelRecommendationView(
                r.id,
                tx(r.text),
                r.response.accepted,
                _(ACCEPTED[r.response.accepted]),
                tx(r.response.reason),
                [row for row in rows if row.file == f"panel/{year}.yaml" and row.ref == r.id],
            )
            for r in panel.recommendations
        ],
        counts=counts([row for row in rows if row.file == f"panel/{year}.yaml"]),
        as_of=long_date(as_of),
        lang=i18n.HTML_LANG[i18n.current()],
    )


def panel_of(portfolio: Portfolio, year: str) -> PanelAssessment:
    """The panel assessment for ``year``, or a usage error saying which years have one."""
    from pmf.errors import UsageError

    panel = portfolio.panels.get(year)
    if panel is None:
        have = ", ".join(sorted(portfolio.panels)) or "none yet"
        raise UsageError(f"no panel assessment for {year} (panel/{year}.yaml); the panel assessments: {have}")
    return panel
