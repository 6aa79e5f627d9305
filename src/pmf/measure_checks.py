"""The rules for one measure that need more than its file: its formula's inputs, the scheme's tolerances, its periods."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from pmf.calculated import in_words, worked_out
from pmf.fields import Aggregation, Benchmarking, DataType, Frequency, MeasureType, Polarity, StatusScheme
from pmf.findings import Findings
from pmf.formula import FormulaError, NoValue, problems
from pmf.models import MEASURE_TEMPLATE_FIELDS, Limits, Measure
from pmf.performance import reported_status
from pmf.periods import half, of_frequency, parse_period, under_way
from pmf.settings import Settings
from pmf.status import Basis, Status, judged_against, rounded
from pmf.trends import window_share

if TYPE_CHECKING:
    from pmf.portfolio import Portfolio


def check_measure(
    reading: Findings,
    portfolio: Portfolio,
    measure: Measure,
    settings: Settings | None,
    *,
    strict: bool,
    today: dt.date | None = None,
) -> None:
    path = portfolio.files[measure.id]
    percentage = measure.data_type is DataType.percentage
    if measure.polarity is None and measure.benchmarking is not Benchmarking.count_only:
        reading.add(
            path,
            ["polarity"],
            "is required unless the measure is Count Only: higher_is_better, lower_is_better or closer_is_better",
        )
    if measure.benchmarking is Benchmarking.count_only and measure.thresholds:
        reading.warn(
            path,
            ["thresholds"],
            "a Count Only measure has no target, so these thresholds are not used: remove them, "
            "or change benchmarking to national or local",
            at_key=True,
        )
    if measure.measure_type is MeasureType.trend and measure.thresholds:
        reading.warn(
            path,
            ["thresholds"],
            "a trend-type measure carries no target, so these thresholds are not used",
            at_key=True,
        )
    for text in problems(measure, portfolio.measures, reading.unreadable):
        reading.add(path, ["formula"] if measure.formula is not None else ["measure_type"], text)
    if measure.measure_type is MeasureType.calculated:
        _worked_out(reading, path, measure, portfolio)
    if measure.frequency is Frequency.biennial and measure.first_year is None:
        reading.add(
            path,
            ["frequency"],
            "a biennial measure needs 'first_year': the financial year it is first due (e.g. first_year: 2025-26)",
        )
    for year, limits in measure.thresholds.items():
        year_where: list[str | int] = ["thresholds", year]
        pairs: list[tuple[list[str | int], Limits]] = [(year_where, limits)]
        if limits.mid_year is not None:
            pairs.append(([*year_where, "mid-year"], limits.mid_year))
        for where, pair in pairs:  # the year's pair and its mid-year pair meet the same rules
            _check_limits(reading, path, where, pair, measure, settings, percentage)
    mid_year_rates(reading, path, measure)
    seen: dict[str, int] = {}
    for index, outturn in enumerate(measure.outturns):
        where = ["outturns", index, "period"]
        try:
            period = of_frequency(outturn.period, measure.frequency.value, measure.id)
        except ValueError as exc:
            reading.add(path, where, str(exc))
            continue
        if period.label in seen:
            reading.add(
                path,
                where,
                f"{period.label} is reported twice (also outturns[{seen[period.label]}]): keep one value per period",
            )
        seen[period.label] = index
        if percentage and outturn.value is not None and not Decimal(0) <= outturn.value <= Decimal(100):
            reading.add(
                path,
                ["outturns", index, "value"],
                f"{outturn.value} is not a percentage: percentages run from 0 to 100",
            )
        if strict and settings is not None and not (outturn.comment or "").strip():
            status = reported_status(portfolio, measure, outturn.value, period)
            if status is not None and status in {Status.red, Status.orange, Status.amber}:
                reading.add(
                    path, ["outturns", index], f"this {status.value} result needs a comment explaining it (--strict)"
                )
    if today is not None:
        figures_to_come(reading, path, measure, today)
    if strict:
        for name in MEASURE_TEMPLATE_FIELDS:
            if getattr(measure, name) is None:
                reading.add(path, [name], f"'{name}' is required by the measure template (--strict)", at_key=True)


def _worked_out(reading: Findings, path: Path, measure: Measure, portfolio: Portfolio) -> None:
    """A calculated measure's figures as its formula gives them, worked out once: a period whose divisor is 0
    has no value (warned of: the period is reported without a figure); one beyond what pmf takes is a problem;
    a percentage is within 0–100, as one written is."""
    for label, value, figures in worked_out(measure, portfolio.measures):
        inputs = in_words(figures)
        if isinstance(value, NoValue):
            reading.warn(
                path,
                ["formula"],
                f"no value for {label}: the formula divides by 0 ({inputs}), so reports show that period "
                "without a figure",
            )
        elif isinstance(value, FormulaError):
            reading.add(path, ["formula"], f"{value} for {label} ({inputs})")
        elif (
            measure.data_type is DataType.percentage
            and isinstance(value, Decimal)
            and not Decimal(0) <= (shown := rounded(value, measure.decimals)) <= Decimal(100)
        ):
            reading.add(
                path,
                ["formula"],
                f"{label} works out at {shown} ({inputs}), which is not a percentage: percentages run from "
                "0 to 100; check those figures, or the formula",
            )


# A unit's words for a share, and for a rate, in English or Welsh: "%", "per cent", "y cant";
# "per 1,000", "days per employee", "fesul".
_PERCENT_WORDS = re.compile(r"%|\bper\s?cent\b|\by\s+cant\b", re.IGNORECASE)
_RATE_WORDS = re.compile(r"\b(?:per|rate|ratio|fesul|cyfradd|cymhareb)\b", re.IGNORECASE)


def _rate_kind(measure: Measure) -> str | None:
    """'percentage' or 'rate' when the measure's figure is one, else None. Its data type decides first: a
    percentage or a ratio is one, a monetary figure never is (a sum of money is a total, as pro rata
    suits, whatever its unit's words: '£ business rate relief'); the unit's words decide the rest."""
    if measure.data_type is DataType.percentage:
        return "percentage"
    if measure.data_type is DataType.ratio:
        return "rate"
    if measure.data_type is DataType.monetary:
        return None
    unit = measure.unit
    words = f"{unit or ''} {getattr(unit, 'cy', None) or ''}"
    if _PERCENT_WORDS.search(words):
        return "percentage"
    return "rate" if _RATE_WORDS.search(words) else None


def mid_year_rates(reading: Findings, path: Path, measure: Measure) -> None:
    """A year-to-date percentage or rate whose year has thresholds and no mid-year pair (SPEC 2.6): it would be
    judged at mid-year pro rata (``status.judged_against``), which scales a total, not a rate, so the council
    is to give the pair."""
    kind = _rate_kind(measure)
    if measure.aggregation is not Aggregation.year_to_date or kind is None:
        return
    for year, limits in measure.thresholds.items():
        share = window_share(measure, half(year, 1))
        scaled, basis = judged_against(measure, year, True, share)
        if basis is not Basis.pro_rata or scaled is None:
            continue  # a mid-year pair, or an annual measure judged against the year's thresholds as they are
        part = "half" if share == Fraction(1, 2) else f"{share} of"
        tolerance = "null" if limits.tolerance is None else str(limits.tolerance)
        reading.warn(
            path,
            ["thresholds", year],
            f"a year-to-date {kind} with no mid-year pair is judged at mid-year against {part} the year's "
            f"thresholds ({_pair(scaled.target, scaled.tolerance)}), but pro rata scales a total, not a {kind}: "
            f"give what it should reach by the end of September, '{year}: {{target: {limits.target}, "
            f"tolerance: {tolerance}, mid-year: {{target: <by September>, tolerance: <by September>}}}}'",
            at_key=True,
        )


def _pair(target: Decimal, tolerance: Decimal | None) -> str:
    return f"target {target}" + ("" if tolerance is None else f", tolerance {tolerance}")


def figures_to_come(reading: Findings, path: Path, measure: Measure, today: dt.date) -> None:
    """A figure for a period that has not begun by ``today``, as ``pmf record`` refuses one (``periods.under_way``)."""
    for index, outturn in enumerate(measure.outturns):
        try:
            period = parse_period(outturn.period, measure.frequency.value)
        except ValueError:
            continue  # check_measure names a period written wrong
        try:
            under_way(period, today)
        except ValueError as exc:
            reading.add(path, ["outturns", index, "period"], str(exc))


def _check_limits(
    reading: Findings,
    path: Path,
    where: list[str | int],
    pair: Limits,
    measure: Measure,
    settings: Settings | None,
    percentage: bool,
) -> None:
    """A target and tolerance pair: a tolerance given (or null said), percentages within 0–100, the right side."""
    if (
        settings is not None
        and settings.status_scheme is StatusScheme.royg
        and "tolerance" not in pair.model_fields_set  # not written at all (null is No Tolerance, said)
    ):
        reading.warn(
            path,
            [*where, "tolerance"],  # placed at the pair; one written but cut away for its problem is not warned of
            message="no tolerance given, so this is read as No Tolerance (green or red only): "
            "give the tolerance threshold, or write 'tolerance: null' to say so",
        )
    if percentage:
        for name, number in (("target", pair.target), ("tolerance", pair.tolerance)):
            if number is not None and not Decimal(0) <= number <= Decimal(100):
                reading.add(path, [*where, name], f"{name} {number} is not a percentage: percentages run from 0 to 100")
    if pair.tolerance is not None and measure.polarity is not None:
        _check_tolerance_side(reading, path, where, measure.polarity, pair.target, pair.tolerance)


def _check_tolerance_side(
    reading: Findings, path: Path, where: Sequence[str | int], polarity: Polarity, target: Decimal, tolerance: Decimal
) -> None:
    key = [*where, "tolerance"]
    if polarity is Polarity.closer_is_better:
        if tolerance <= 0:
            reading.add(
                path,
                key,
                f"for a closer-is-better measure the tolerance is the distance from the target and must be above 0 (found {tolerance})",
            )
        return
    if tolerance == target:
        reading.warn(
            path, key, f"tolerance equals the target ({target}), so there is no yellow or orange: is that intended?"
        )
    elif polarity is Polarity.higher_is_better and tolerance > target:
        reading.add(
            path,
            key,
            f"must be below the target for a higher-is-better measure (target {target}, tolerance {tolerance})",
        )
    elif polarity is Polarity.lower_is_better and tolerance < target:
        reading.add(
            path,
            key,
            f"must be above the target for a lower-is-better measure (target {target}, tolerance {tolerance})",
        )
