"""Pydantic models of the plan files: service plans, measures and risks (pmf.yaml's model is
``pmf.settings``; their field types and enumerations are ``pmf.fields``).

Single-record rules live here; rules that need other files (or the organisation's
settings) live in ``loader.py``. Unknown keys are rejected everywhere, so a typo in a
key name is caught rather than silently ignored.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BeforeValidator, ConfigDict, Field, field_validator, model_validator

from pmf.bilingual import Prose, Text
from pmf.fields import (
    ActivityStatus,
    Aggregation,
    Benchmarking,
    Code,
    DataType,
    FinancialYear,
    Flag,
    Frequency,
    GovernanceArea,
    Identifier,
    Kind,
    MeasureType,
    Number,
    Polarity,
    Record,
    RiskLevel,
    RiskStatus,
    Whole,
)
from pmf.roles import OptionalRole, Role
from pmf.settings import Settings

# --- measures ---------------------------------------------------------------------


class Limits(Record):
    """A target and tolerance threshold (``tolerance: null`` = No Tolerance)."""

    target: Number
    tolerance: Number | None = None


class Verification(Record):
    """Who checked a figure against its source before it was reported, and when."""

    by: Role = Field(
        description="The role that checked the figure, e.g. 'Performance and Improvement Officer'; never a name."
    )
    date: dt.date


class Thresholds(Limits):
    """A financial year's target and tolerance, and the pair used at mid-year if the council sets one."""

    model_config = ConfigDict(populate_by_name=True)

    mid_year: Limits | None = Field(
        default=None,
        alias="mid-year",
        description="The target and tolerance used only in the mid-year window (SPEC 2.6).",
    )


class Outturn(Record):
    """The value reported for one period, with the service's commentary."""

    period: Code
    value: Number | None = Field(default=None, description="null when the figure is not available for the period.")
    comment: Prose = None
    verified: Verification | None = Field(
        default=None, description="Set once the figure is checked against its source."
    )


# Fields of the indicator / performance measure template that --strict requires.
MEASURE_TEMPLATE_FIELDS = (
    "description",
    "scope_and_definition",
    "source",
    "calculation",
    "data_type",
    "validation",
    "lead_officer",
    "date",
    "next_review_date",
)


class Measure(Record):
    """An indicator or performance measure (the Indicator / Performance Measure Template)."""

    id: Identifier
    kind: Kind
    title: Text
    description: Prose = None
    scope_and_definition: Prose = None
    source: Prose = None
    calculation: Prose = None
    data_type: DataType | None = None
    unit: Prose = Field(default=None, description="Shown after values, e.g. 'days', 'tonnes'.")
    decimals: Whole = Field(default=0, ge=0, le=6)
    aggregation: Aggregation = Aggregation.normal
    measure_type: MeasureType = MeasureType.normal
    frequency: Frequency
    first_year: FinancialYear | None = Field(
        default=None, description="A biennial measure's first year due; it is due every second year from it."
    )
    formula: str | None = Field(
        default=None,
        description="A calculated measure's arithmetic over other measures' ids, e.g. '100 * HSG-05 / HSG-06'.",
    )
    polarity: Polarity | None = None
    benchmarking: Benchmarking
    benchmark_code: str | None = Field(
        default=None, description="The measure's code in national datasets, e.g. PAM/030 (default: its id)."
    )
    validation: Prose = None
    lead_officer: OptionalRole = None
    date: dt.date | None = None
    next_review_date: dt.date | None = None
    governance_areas: list[GovernanceArea] = Field(default_factory=list)
    thresholds: dict[FinancialYear, Thresholds] = Field(default_factory=dict)
    outturns: list[Outturn] = Field(default_factory=list)

    @property
    def has_status(self) -> bool:
        """Count Only and trend-type measures never carry a status (SPEC 2.1)."""
        return self.benchmarking is not Benchmarking.count_only and (self.measure_type is not MeasureType.trend)


# --- service plans ----------------------------------------------------------------


class ActivityUpdate(Record):
    """A lead's update on an activity: for a period (``2025-26 H1``) or on a date."""

    period: str | None = None
    date: dt.date | None = None
    status: ActivityStatus
    comment: Prose = None

    @model_validator(mode="after")
    def _period_or_date(self) -> ActivityUpdate:
        if self.period is None and self.date is None:
            raise ValueError("an update needs a 'period' (e.g. 2025-26 H1) or a 'date'")
        return self


class Activity(Record):
    id: Identifier
    title: Text
    description: Prose = None
    lead: Role
    start: dt.date
    end: dt.date
    governance_areas: list[GovernanceArea] = Field(default_factory=list)
    updates: list[ActivityUpdate] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ends_after_start(self) -> Activity:
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self


class PlanOutcome(Record):
    outcome: Identifier
    indicators: list[Identifier] = Field(default_factory=list)
    performance_measures: list[Identifier] = Field(default_factory=list)
    activities: list[Activity] = Field(default_factory=list)


class Implications(Record):
    budgets_savings_assets: Text
    interdependencies: Text
    workforce_needs: Text


class SignOff(Record):
    approved_by: Annotated[
        list[Role],
        BeforeValidator(lambda v: [v] if isinstance(v, str | dict) else v, json_schema_input_type=list[Role] | Role),
    ] = Field(min_length=1, description="Who signed the plan off: one name or a list.")
    date: dt.date
    role: OptionalRole = Field(default=None, description="e.g. 'Cabinet Member for Environment'.")


class Plan(Record):
    """A service plan for one financial year (the Service Planning Template)."""

    id: Identifier
    title: Text
    financial_year: FinancialYear
    head_of_service: Role
    cabinet_members: list[Role] = Field(min_length=1)
    wellbeing_statement: Text
    areas_of_responsibility: list[Text] = Field(min_length=1)
    implications: Implications
    outcomes: list[PlanOutcome] = Field(min_length=1)
    sign_off: SignOff | None = None

    def measure_ids(self) -> list[str]:
        return [m for o in self.outcomes for m in (*o.indicators, *o.performance_measures)]

    def activities(self) -> list[Activity]:
        return [a for o in self.outcomes for a in o.activities]


# --- risks ------------------------------------------------------------------------


class Score(Record):
    likelihood: Whole = Field(ge=1)
    impact: Whole = Field(ge=1)

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


class RiskReview(Record):
    date: dt.date
    residual: Score
    comment: Prose = None


# Schedule 12A to the Local Government Act 1972: the descriptions of exempt information, Part 1 (England) and
# Part 4 (Wales, as the Local Government (Access to Information) (Variation) (Wales) Order 2007 made it).
EXEMPT_PARAGRAPHS = {
    **dict.fromkeys((1, 12), "information relating to any individual"),
    **dict.fromkeys((2, 13), "information likely to reveal the identity of an individual"),
    **dict.fromkeys((3, 14), "information relating to the financial or business affairs of any particular person"),
    **dict.fromkeys((4, 15), "consultations or negotiations on a labour relations matter"),
    **dict.fromkeys((5, 16), "information subject to legal professional privilege"),
    **dict.fromkeys((6, 17), "a notice, order or direction the council proposes to give or make"),
    **dict.fromkeys((7, 18), "the prevention, investigation or prosecution of crime"),
}


class Risk(Record):
    id: Identifier
    title: Text
    description: Text
    owner: Role
    category: Code = Field(description="A risk category, e.g. financial, operational, health-and-safety.")
    level: RiskLevel = RiskLevel.service
    inherent: Score
    residual: Score
    target: Score
    controls: list[Text] = Field(default_factory=list)
    actions: list[Text] = Field(default_factory=list)
    review_date: dt.date
    reviews: list[RiskReview] = Field(default_factory=list)
    status: RiskStatus = RiskStatus.open
    issue: Flag = False
    exempt: Whole | None = Field(
        default=None,
        description="The paragraph of Schedule 12A to the Local Government Act 1972 that makes the risk exempt "
        "information: kept out of pmf site and the published reports.",
        json_schema_extra={"enum": [*sorted(EXEMPT_PARAGRAPHS), None]},
    )

    @field_validator("exempt")
    @classmethod
    def _a_paragraph_of_schedule_12a(cls, paragraph: int | None) -> int | None:
        if paragraph is not None and paragraph not in EXEMPT_PARAGRAPHS:
            raise ValueError(
                f"{paragraph} is not a paragraph of Schedule 12A describing exempt information: give 1 to 7 "
                "(Part 1, councils in England) or 12 to 18 (Part 4, councils in Wales), e.g. 14 for a council's "
                "financial or business affairs"
            )
        return paragraph

    @field_validator("reviews")
    @classmethod
    def _oldest_first(cls, reviews: list[RiskReview]) -> list[RiskReview]:
        dates = [r.date for r in reviews]
        if dates != sorted(dates):
            raise ValueError("reviews must be listed oldest first")
        return reviews


MODELS: dict[str, type[Record]] = {
    "pmf": Settings,
    "plan": Plan,
    "measure": Measure,
    "risk": Risk,
}
