"""The assessment file: what the performance officer writes beside the data for one window."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from pmf.actions import Action
from pmf.bilingual import Prose, Text
from pmf.fields import FinancialYear, Flag, GovernanceArea, Identifier, Record
from pmf.periods import WindowName
from pmf.roles import Role


class OutcomeNarrative(Record):
    narrative: Text
    case_study: Prose = None


class AreaAssessment(Record):
    """The self-assessment of one governance area, with its evidence."""

    assessment: Text
    evidence: list[Text] = Field(default_factory=list)


class ImprovementAction(Record):
    id: Identifier
    title: Text
    lead: Role
    due: dt.date
    status: Text = Field(description="e.g. not started, on track, complete, overdue.")
    governance_area: GovernanceArea | None = None


class Engagement(Record):
    """A stakeholder engagement result: who was asked, and what they said."""

    title: Text
    summary: Text


class Lessons(Record):
    worked_well: list[Text] = Field(default_factory=list)
    to_improve: list[Text] = Field(default_factory=list)


class CommitteeRecommendation(Record):
    """A Governance and Audit Committee recommendation on the draft and the council's response."""

    id: Identifier
    recommendation: Text
    accepted: Flag
    response: Text
    reason_not_accepted: Prose = None
    progress: Prose = Field(
        default=None,
        description="How far the council has acted on it since: 'complete' once done, else e.g. 'on track: ...'. "
        "The next assessment's draft carries it, accepted and not complete, with its progress to write again.",
    )

    @model_validator(mode="after")
    def _reason_when_declined(self) -> CommitteeRecommendation:
        if not self.accepted and not (self.reason_not_accepted or "").strip():
            raise ValueError("a recommendation not accepted needs 'reason_not_accepted': the Act requires the reason")
        return self


class Citation(Record):
    """One piece of evidence: plain text, or a citation of something pmf knows by its id.

    Written as text (``- Data quality section of this report``) or as a citation of a measure,
    a regulator's report or another report, with text saying what it shows.
    """

    measure: Identifier | None = None
    regulator: Identifier | None = Field(default=None, description="A regulator's report: regulators/<ID>.yaml.")
    report: Identifier | None = Field(
        default=None, description="An assessment (e.g. 2025-26-mid-year) or a panel assessment (panel-2026-27)."
    )
    text: Prose = Field(default=None, description="What the evidence shows.")

    @model_validator(mode="after")
    def _one_citation(self) -> Citation:
        named = [k for k in CITED if getattr(self, k) is not None]
        if len(named) > 1:
            raise ValueError("cite one thing in each piece of evidence: 'measure', 'regulator' or 'report'")
        if not named and not (self.text or "").strip():
            raise ValueError("write the evidence as text, or cite a 'measure', 'regulator' or 'report'")
        return self

    @property
    def kind(self) -> str | None:
        return next((k for k in CITED if getattr(self, k) is not None), None)

    @property
    def cited(self) -> str:
        return str(getattr(self, self.kind)) if self.kind else ""


CITED = ("measure", "regulator", "report")


def _as_citation(value: Any) -> Any:
    """Evidence written as plain text (or ``{en, cy}``) is a citation of nothing, with that text."""
    if isinstance(value, str) or (isinstance(value, dict) and value and set(value) <= {"en", "cy"}):
        return {"text": value}
    return value


Evidence = Annotated[Citation, BeforeValidator(_as_citation, json_schema_input_type=Text | Citation)]


class Conclusion(Record):
    """The council's conclusion on one performance requirement, and the evidence for it."""

    conclusion: Text
    evidence: list[Evidence] = Field(default_factory=list)


class PerformanceRequirements(Record):
    """The three performance requirements of s.89 of the Local Government and Elections (Wales) Act 2021."""

    functions: Conclusion = Field(
        description="The extent to which the council is exercising its functions effectively."
    )
    resources: Conclusion = Field(
        description="The extent to which it is using its resources economically, efficiently and effectively."
    )
    governance: Conclusion = Field(description="The extent to which its governance is effective for securing these.")


Requirement = Literal["functions", "resources", "governance"]


class NextYearAction(Record):
    """An action to increase the extent to which the council will meet the performance requirements (s.91)."""

    id: Identifier
    title: Text
    lead: Role = Field(description="A role, e.g. 'Head of Finance'.")
    due: dt.date
    requirement: Requirement | None = None


class Assessment(Record):
    """``assessments/<year>-<window>.yaml``."""

    financial_year: FinancialYear
    window: WindowName
    executive_summary: Text
    outcomes: dict[Identifier, OutcomeNarrative] = Field(default_factory=dict)
    governance_areas: dict[GovernanceArea, AreaAssessment] = Field(default_factory=dict)
    improvement_actions: list[ImprovementAction] = Field(default_factory=list)
    engagement: list[Engagement] = Field(default_factory=list)
    lessons_learned: Lessons = Field(default_factory=Lessons)
    committee: str = "Governance and Audit Committee"
    recommendations: list[CommitteeRecommendation] = Field(default_factory=list)
    recommendations_to_committee: list[Text] = Field(
        default_factory=list, description="What the report asks the committee to do ('That the Committee notes ...')."
    )
    performance_requirements: PerformanceRequirements | None = Field(
        default=None, description="The year-end self-assessment's conclusions (s.91); required at year-end."
    )
    actions_next_year: list[NextYearAction] = Field(default_factory=list)


class Swot(Record):
    strengths: list[Text] = Field(default_factory=list)
    weaknesses: list[Text] = Field(default_factory=list)
    opportunities: list[Text] = Field(default_factory=list)
    threats: list[Text] = Field(default_factory=list)


class ServiceReview(Record):
    """``plans/<service>/review-<year>.yaml``: what the service writes for its Performance Review."""

    id: Identifier
    financial_year: FinancialYear
    swot: Swot
    summary: Prose = None


class PanelResponse(Record):
    accepted: Literal["yes", "partly", "no"]
    reason: Prose = Field(default=None, description="Required unless accepted is 'yes'.")
    actions: list[Action] = Field(default_factory=list)


class PanelRecommendation(Record):
    id: Identifier
    text: Text
    response: PanelResponse


class PanelAssessment(Record):
    """``panel/<year>.yaml``: the Panel Performance Assessment (s.93) and the council's response to it."""

    financial_year: FinancialYear
    received: dt.date
    panel: Text = Field(description="Who made up the panel, or its name.")
    conclusions: list[Text] = Field(min_length=1)
    response_to_conclusions: Prose = Field(default=None, description="How far the council accepts the conclusions.")
    recommendations: list[PanelRecommendation] = Field(default_factory=list)
