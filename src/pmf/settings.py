"""``pmf.yaml``: the organisation's settings, its outcomes, risk matrix and calendar (pydantic models)."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from pmf.bilingual import Prose, Text
from pmf.fields import (
    Code,
    Identifier,
    Number,
    OnTolerance,
    PartialValues,
    Record,
    StatusScheme,
    VarianceMode,
)
from pmf.i18n import MONTHS


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

    @field_validator("day")
    @classmethod
    def _day_in_month(cls, day: int | None, info: ValidationInfo) -> int | None:
        """A day each of its months has (29 February falls on the 28th in a common year)."""
        months = info.data.get("months") or ([info.data["month"]] if info.data.get("month") else [])
        longest = {m: calendar.monthrange(2000, m)[1] for m in months}  # 2000: a leap year, 29 February
        short = [m for m in months if day is not None and day > longest[m]]
        if short:
            month = short[0]
            raise ValueError(f"{MONTHS[month - 1]} has {longest[month]} days: give a day from 1 to {longest[month]}")
        return day


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

    @model_validator(mode="after")
    def _unique_outcomes(self) -> Settings:
        """An outcome id listed again is a problem at the second id; the first stands, so a file with the problem
        still has the outcome (its plans' references to it are not also wrong)."""
        seen: dict[str, int] = {}
        twice: list[InitErrorDetails] = []
        for index, outcome in enumerate(self.outcomes):
            if outcome.id in seen:
                said = f"outcome id '{outcome.id}' is listed twice (also outcomes[{seen[outcome.id]}]): give each outcome its own id, or delete the copy"
                twice.append(
                    InitErrorDetails(
                        type=PydanticCustomError("value_error", said), loc=("outcomes", index, "id"), input=outcome.id
                    )
                )
            seen.setdefault(outcome.id, index)
        if twice:
            raise ValidationError.from_exception_data(type(self).__name__, twice)
        return self
