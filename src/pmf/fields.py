"""The building blocks of the plan files' models: field types, the base ``Record`` and the enumerations.

A field type checks a value as a plan file writes it: an identifier, a number written as a
number (within 10¹² of zero), a financial year. The enumerations are the words a key takes
(a measure's frequency and polarity, an activity's status), with their labels where documents show them.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationInfo

from pmf.fieldwording import IDENTIFIER
from pmf.i18n import N_, _
from pmf.periods import check_financial_year

Identifier = Annotated[
    str,
    StringConstraints(pattern=IDENTIFIER, min_length=1, max_length=80),
    Field(description="Letters A to Z without accents, digits, '-' and '_'; unique across the repository."),
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
        raise ValueError(f"must be a number; found {shown}" + (how_to_write(value) if isinstance(value, str) else ""))
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


def how_to_write(text: str) -> str:
    """How to write a figure typed as an officer would write it on paper: '70' quoted, '66,8', '£1,200,000', '66.8%'."""
    if _numeric(text) and "\xa0" in text:  # Word and e-mail paste one after a figure; no quotes to see
        figure = text.strip(" ")
        where = "ends in" if figure.endswith("\xa0") else "starts with" if figure.startswith("\xa0") else "holds"
        return f" (the figure {where} a non-breaking space, as Word and e-mail paste it: delete it)"
    if _numeric(text):
        return " (write it without quotes)"
    bare = text.strip().removeprefix("£").removesuffix("%").strip()
    if re.fullmatch(r"[-+]?\d+,\d{1,2}", bare):
        return f" (write a decimal point, not a comma: {bare.replace(',', '.')})"
    if bare != text.strip() or re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?", bare):
        plain = bare.replace(",", "")
        if _numeric(plain):
            return f" (write the figure alone, without '£', '%' or commas: {plain})"
    return ""


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


DONE = frozenset({ActivityStatus.complete, ActivityStatus.blue})  # an activity or action finished (blue: BRAG's)


# The words for the activity statuses every table names alike; each table has its own words for the
# colours (a report's "On track", the improvement plan's "Green: on track").
SHARED_ACTIVITY_LABELS = {
    "blue": N_("Blue: complete"),
    "complete": N_("Complete"),
    "not_started": N_("Not started"),
}
ROYG_ACTIVITY_STATUSES = frozenset({"green", "yellow", "orange", "red", "complete", "not_started"})
BRAG_ACTIVITY_STATUSES = frozenset({"blue", "green", "amber", "red", "complete", "not_started"})


class RiskLevel(StrEnum):
    service = "service"
    corporate = "corporate"


class RiskStatus(StrEnum):
    open = "open"
    closed = "closed"
