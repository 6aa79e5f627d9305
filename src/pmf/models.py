"""Pydantic models of the plan files: service plans, measures and risks (pmf.yaml's model is
``pmf.settings``; their field types and enumerations are ``pmf.fields``).

Single-record rules live here; rules that need other files (or the organisation's
settings) live in ``loader.py``. Unknown keys are rejected everywhere, so a typo in a
key name is caught rather than silently ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import BeforeValidator, Field, WithJsonSchema, field_validator, model_validator

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

    # Written 'mid-year:' (SPEC 2.6), the one spelling the files, the docs and the JSON Schema know:
    # 'mid_year:' is an unknown key, told so (did you mean 'mid-year'?), never taken as well.
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


# Schedule 12A to the Local Government Act 1972: the descriptions of exempt information, Part 1 (England, as the
# Local Government (Access to Information) (Variation) Order 2006 made it) and Part 4 (Wales, as the Local Government
# (Access to Information) (Variation) (Wales) Order 2007 made it), the same seven in the same order; and the three
# read in after paragraph 7 (England: SI 2006/87) and 18 (Wales: SI 2007/951) for a standards committee's meeting
# on a matter referred to it, written with their letters (7A, 18C).
_SEVEN = (
    "information relating to any individual",
    "information likely to reveal the identity of an individual",
    "information relating to the financial or business affairs of any particular person",
    "consultations or negotiations on a labour relations matter",
    "information subject to legal professional privilege",
    "a notice, order or direction the council proposes to give or make",
    "the prevention, investigation or prosecution of crime",
)
_STANDARDS = (
    "information subject to any obligation of confidentiality (a standards committee)",
    "matters concerning national security (a standards committee)",
    "a standards committee's deliberations in reaching a finding (a standards committee)",
)
EXEMPT_PARAGRAPHS: dict[int | str, str] = {
    **dict(zip(range(1, 8), _SEVEN, strict=True)),
    **dict(zip(("7A", "7B", "7C"), _STANDARDS, strict=True)),
    **dict(zip(range(12, 19), _SEVEN, strict=True)),
    **dict(zip(("18A", "18B", "18C"), _STANDARDS, strict=True)),
}


# In a schema: a paragraph's number, or its text (any case; a number in quotes too), the one rule
# _paragraph takes text by.
EXEMPT_PATTERN = r"^\s*(?:[1-7]|1[2-8]|(?:7|18)[A-Ca-c])\s*$"


def _paragraph(value: object) -> object:
    """A paragraph of Schedule 12A as a risk file writes it: a whole number (``14``), or text for a lettered one
    (``7A``, ``18c``; a number in quotes is that number), given as the number or the text in capitals."""
    written = value
    if isinstance(value, float) and value.is_integer():
        written = int(value)
    elif isinstance(value, str) and re.fullmatch(EXEMPT_PATTERN, value):  # the schema's rule: no '014'
        text = value.strip().upper()
        written = int(text) if text.isdigit() else text
    if isinstance(written, int | str) and not isinstance(value, bool) and written in EXEMPT_PARAGRAPHS:
        return written
    shown = f"'{value}'" if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else value
    raise ValueError(
        f"{shown} is not a paragraph of Schedule 12A describing exempt information: give 1 to 7, 7A, 7B or 7C "
        "(Part 1, councils in England) or 12 to 18, 18A, 18B or 18C (Part 4, councils in Wales), e.g. 14 for a "
        "council's financial or business affairs; the lettered ones are for a standards committee's meeting"
    )


Paragraph = Annotated[
    int | str,
    BeforeValidator(_paragraph),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "enum": sorted(p for p in EXEMPT_PARAGRAPHS if isinstance(p, int))},
                {"type": "string", "pattern": EXEMPT_PATTERN},
            ]
        }
    ),
]


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
    exempt: Paragraph | None = Field(
        default=None,
        description="The paragraph of Schedule 12A to the Local Government Act 1972 that makes the risk exempt "
        "information: kept out of pmf site and the published reports.",
    )

    @field_validator("reviews")
    @classmethod
    def _oldest_first(cls, reviews: list[RiskReview]) -> list[RiskReview]:
        dates = [r.date for r in reviews]
        if dates != sorted(dates):
            raise ValueError("reviews must be listed oldest first")
        return reviews

    @property
    def reviewed_to_target(self) -> bool:
        """Whether reviews brought the residual score down to its target or below: the last holds today's
        residual, and an earlier score (the inherent, or a review's) was above the target. The aim achieved
        (docs/risks.md), where a target worse than a residual no review recorded is a slip."""
        last = self.reviews[-1].residual if self.reviews else None
        if last is None or (last.likelihood, last.impact) != (self.residual.likelihood, self.residual.impact):
            return False
        earlier = [self.inherent.score, *(review.residual.score for review in self.reviews[:-1])]
        return self.reaches_target(earlier, self.residual.score)

    def reaches_target(self, earlier: list[int], score: int) -> bool:
        """The one rule of a risk reaching its target (docs/risks.md): a score ``earlier`` was above the
        target, and ``score`` now is at or below it."""
        return score <= self.target.score < max(earlier, default=score)


MODELS: dict[str, type[Record]] = {
    "pmf": Settings,
    "plan": Plan,
    "measure": Measure,
    "risk": Risk,
}
