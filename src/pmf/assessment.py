"""The assessment file: what the performance officer writes beside the data for one window."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from pmf.bilingual import Prose, Text
from pmf.models import FinancialYear, Flag, GovernanceArea, Identifier, Record
from pmf.periods import WindowName


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
    lead: Text
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

    @model_validator(mode="after")
    def _reason_when_declined(self) -> CommitteeRecommendation:
        if not self.accepted and not (self.reason_not_accepted or "").strip():
            raise ValueError("a recommendation not accepted needs 'reason_not_accepted': the Act requires the reason")
        return self


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
