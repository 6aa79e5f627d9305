"""Pydantic models of the plan files: pmf.yaml, service plans, measures and risks.

Single-record rules live here; rules that need other files (or the organisation's
settings) live in ``loader.py``. Unknown keys are rejected everywhere, so a typo in a
key name is caught rather than silently ignored.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from pmf.bilingual import Prose, Text
from pmf.i18n import N_, _
from pmf.periods import check_financial_year

IDENTIFIER = r"^[A-Za-z0-9_-]+$"

Identifier = Annotated[
    str,
    StringConstraints(pattern=IDENTIFIER, min_length=1, max_length=80),
    Field(description="Letters, digits, '-' and '_'; unique across the repository."),
]


def _year_text(value: Any) -> Any:
    """A year written without quotes (2025) is read as a number; check it as the text it was."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _number(value: Any, info: ValidationInfo) -> Any:
    """In a plan file, numbers are written as numbers: quoted text and true/false are mistakes.

    (Python callers may pass text such as "68.0": only files read with ``FROM_FILE`` are strict.)
    """
    if (type(value) is int or type(value) is float) and -LARGEST <= value <= LARGEST:
        return value  # the usual figure, settled at once (NaN and infinity fail the comparison)
    if isinstance(value, bool) or (isinstance(value, str) and (info.context or {}).get("file")):
        shown = f"'{value}'" if isinstance(value, str) else str(value).lower()
        raise ValueError(f"must be a number; found {shown}" + (" (write it without quotes)" if _numeric(value) else ""))
    if isinstance(value, int | float | Decimal):
        _within_range(value)
    elif _numeric(value):  # text from a Python caller, such as "68.0"
        _within_range(Decimal(value.strip()))
    return value


LARGEST = 10**12  # far beyond any council's figure (a budget in pence); docs/files.md


def _within_range(value: int | float | Decimal) -> None:
    """A figure pmf can compute with: finite, and at most 10¹² either side of zero."""
    if not isinstance(value, int) and not math.isfinite(value):
        shown = {"inf": ".inf", "-inf": "-.inf"}.get(str(value).lower(), ".nan")
        raise ValueError(f"must be a number; found {shown} (infinity and 'not a number' cannot be compared)")
    if abs(Decimal(value)) > LARGEST:
        digits = len(str(abs(value))) if isinstance(value, int) else 0
        shown = f"a number of {digits} digits" if digits > 16 else f"{value:,}" if digits else f"{value:g}"
        side = "too large: pmf takes numbers up to " if value > 0 else "too far below zero: pmf takes numbers down to -"
        raise ValueError(f"{shown} is {side}1,000,000,000,000 (10¹²)")


def _numeric(value: Any) -> bool:
    try:
        return isinstance(value, str) and Decimal(value.strip()).is_finite()
    except ArithmeticError:
        return False


def _whole(value: Any, info: ValidationInfo) -> Any:
    if isinstance(value, float) and value.is_integer():
        _within_range(value)
        return value
    return _number(value, info)


FROM_FILE = {"file": True}


# Words that are codes, the same in every language: a period ("2025-26 Q1"), a category, a reference.
Code = Annotated[str, StringConstraints(min_length=1)]
Number = Annotated[Decimal, BeforeValidator(_number)]
Whole = Annotated[int, BeforeValidator(_whole)]
Flag = Annotated[bool, Field(strict=True)]

FinancialYear = Annotated[
    str,
    BeforeValidator(_year_text),
    AfterValidator(check_financial_year),
    Field(description="A financial year written YYYY-YY, e.g. 2025-26.", examples=["2025-26"]),
]


class Record(BaseModel):
    """Base of every file model: unknown keys are errors; values are not coerced from text."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False, defer_build=True)


# --- enumerations -----------------------------------------------------------------


class StatusScheme(StrEnum):
    royg = "royg"
    rag_variance = "rag-variance"


class VarianceMode(StrEnum):
    relative = "relative"
    points = "points"


class PartialValues(StrEnum):
    """Whether a window's partial figure is judged (SPEC 2.6): by default it is held back."""

    withhold = "withhold"
    judge = "judge"


class OnTolerance(StrEnum):
    """Which band a value exactly on the tolerance threshold falls in."""

    worse = "worse"
    better = "better"


class Kind(StrEnum):
    indicator = "indicator"
    performance_measure = "performance_measure"


class DataType(StrEnum):
    percentage = "percentage"
    number = "number"
    monetary = "monetary"
    days = "days"
    ratio = "ratio"


class Aggregation(StrEnum):
    normal = "normal"
    cumulative = "cumulative"
    average = "average"
    year_to_date = "year_to_date"  # each outturn is already the total so far this year (SPEC 2.6)


class MeasureType(StrEnum):
    normal = "normal"
    trend = "trend"
    calculated = "calculated"


class Frequency(StrEnum):
    weekly = "weekly"
    monthly = "monthly"
    quarterly = "quarterly"
    biannual = "biannual"
    annual = "annual"
    biennial = "biennial"  # an annual figure due every second year from ``first_year``


class Polarity(StrEnum):
    higher_is_better = "higher_is_better"
    lower_is_better = "lower_is_better"
    closer_is_better = "closer_is_better"


class Benchmarking(StrEnum):
    national = "national"
    local = "local"
    count_only = "count_only"

    @property
    def label(self) -> str:
        return _(BENCHMARKING[self.value])


class GovernanceArea(StrEnum):
    """The seven governance areas the self-assessment must cover."""

    corporate_planning = "corporate_planning"
    financial_planning = "financial_planning"
    workforce_planning = "workforce_planning"
    procurement = "procurement"
    assets = "assets"
    risk_management = "risk_management"
    performance_management = "performance_management"

    @property
    def label(self) -> str:
        return _(GOVERNANCE_AREAS[self.value])


BENCHMARKING = {
    "national": N_("Benchmarked Nationally"),
    "local": N_("Benchmarked Locally"),
    "count_only": N_("Count Only"),
}
GOVERNANCE_AREAS = {
    "corporate_planning": N_("Corporate planning"),
    "financial_planning": N_("Financial planning"),
    "workforce_planning": N_("Workforce planning"),
    "procurement": N_("Procurement"),
    "assets": N_("Assets"),
    "risk_management": N_("Risk management"),
    "performance_management": N_("Performance management"),
}


class ActivityStatus(StrEnum):
    """Activity status: the four colours of the project methodology, BRAG's blue and amber."""

    green = "green"
    yellow = "yellow"
    orange = "orange"
    red = "red"
    amber = "amber"
    blue = "blue"
    complete = "complete"
    not_started = "not_started"


ROYG_ACTIVITY_STATUSES = frozenset({"green", "yellow", "orange", "red", "complete", "not_started"})
BRAG_ACTIVITY_STATUSES = frozenset({"blue", "green", "amber", "red", "complete", "not_started"})


class RiskLevel(StrEnum):
    service = "service"
    corporate = "corporate"


class RiskStatus(StrEnum):
    open = "open"
    closed = "closed"


# --- pmf.yaml ---------------------------------------------------------------------


class Outcome(Record):
    id: Identifier
    title: Text
    description: Prose = None


class RiskMatrix(Record):
    """How risks are scored: the scales, named bands, appetite and the escalation score."""

    likelihood: int = Field(default=5, ge=2, le=10)
    impact: int = Field(default=5, ge=2, le=10)
    bands: dict[Annotated[str, StringConstraints(min_length=1)], int] = Field(
        default_factory=lambda: {"low": 1, "medium": 5, "high": 10, "very_high": 20},
        description="The lowest score in each band, e.g. {low: 1, medium: 5, high: 10, very_high: 20}.",
    )
    appetite: dict[str, int] = Field(
        default_factory=dict,
        description="Highest acceptable residual score per risk category.",
    )
    escalate_at: int | None = Field(
        default=15,
        ge=1,
        description="A service risk at or above this residual score belongs on the Corporate Risk Register.",
    )
    review_months: int = Field(default=6, ge=1, le=24, description="Months between reviews at most.")


class CalendarEvent(Record):
    """An event of the business-planning timetable: every year in ``month``/``months``, or once on ``date``.

    Giving the id of a default event changes it (only the keys given); ``remove: true`` drops it.
    """

    id: Identifier
    title: str | None = None
    strand: Literal["financial", "service", "political", "committee"] | None = None
    who: str | None = None
    month: int | None = Field(default=None, ge=1, le=12)
    months: list[Annotated[int, Field(ge=1, le=12)]] | None = None
    day: int | None = Field(default=None, ge=1, le=31, description="Makes the event a dated deadline in its month.")
    date: dt.date | None = None
    kind: Literal["event", "deadline"] | None = None
    remove: bool = False


class CalendarSettings(Record):
    events: list[CalendarEvent] = Field(default_factory=list)


class Settings(Record):
    """``pmf.yaml``: the organisation's settings."""

    organisation: Text
    benchmark_authority: Code | None = Field(
        default=None,
        description="The council's name as national datasets write it, e.g. 'Darlington' (pmf benchmark; default: organisation).",
    )
    status_scheme: StatusScheme = StatusScheme.royg
    variance_percent: Number = Field(default=Decimal(10), gt=0, le=100)
    variance_mode: VarianceMode = VarianceMode.relative
    on_tolerance: OnTolerance = OnTolerance.worse
    partial_values: PartialValues = Field(
        default=PartialValues.withhold,
        description="withhold: a partial figure gets no status or trend; judge: it is judged, marked '(partial)'.",
    )
    outcomes: list[Outcome] = Field(default_factory=list)
    required_outcomes: list[Identifier] = Field(
        default_factory=list, description="Outcomes every plan must carry, listed first in documents."
    )
    risk_matrix: RiskMatrix = Field(default_factory=RiskMatrix)
    calendar: CalendarSettings = Field(default_factory=CalendarSettings)

    def outcome_rank(self, outcome_id: str) -> int:
        """Sort key putting required outcomes first, in their listed order (SPEC 2.6); others keep theirs."""
        required = self.required_outcomes
        return required.index(outcome_id) if outcome_id in required else len(required)

    @field_validator("outcomes")
    @classmethod
    def _unique_outcomes(cls, outcomes: list[Outcome]) -> list[Outcome]:
        seen: set[str] = set()
        for outcome in outcomes:
            if outcome.id in seen:
                raise ValueError(f"outcome id '{outcome.id}' is listed twice")
            seen.add(outcome.id)
        return outcomes


# --- measures ---------------------------------------------------------------------


class Limits(Record):
    """A target and tolerance threshold (``tolerance: null`` = No Tolerance)."""

    target: Number
    tolerance: Number | None = None


class Verification(Record):
    """Who checked a figure against its source before it was reported, and when."""

    by: Text = Field(
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
    lead_officer: Prose = None
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
    lead: Text
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
        list[Text],
        BeforeValidator(lambda v: [v] if isinstance(v, str | dict) else v, json_schema_input_type=list[str] | str),
    ] = Field(min_length=1, description="Who signed the plan off: one name or a list.")
    date: dt.date
    role: Prose = Field(default=None, description="e.g. 'Cabinet Member for Environment'.")


class Plan(Record):
    """A service plan for one financial year (the Service Planning Template)."""

    id: Identifier
    title: Text
    financial_year: FinancialYear
    head_of_service: Text
    cabinet_members: list[Text] = Field(min_length=1)
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


class Risk(Record):
    id: Identifier
    title: Text
    description: Text
    owner: Text
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


def plain(value: Any) -> Any:
    """Return ``value`` with ruamel's mapping and sequence types turned into plain ones."""
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
