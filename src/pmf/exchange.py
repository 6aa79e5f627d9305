"""Data in: bulk outturns from CSV or Excel (``pmf import``), every figure checked before any is written."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmf.errors import PmfError, Problem, UsageError
from pmf.fields import MeasureType
from pmf.nodes import read_for_edit
from pmf.periods import Period, of_frequency, parse_period, period_dated, under_way
from pmf.record import NOT_AVAILABLE, Change, edited, outturn_text, parse_value, read_for

if TYPE_CHECKING:
    from pmf.models import Measure, Outturn
    from pmf.portfolio import Portfolio

FIELDS = ("measure", "period", "value", "comment", "verified_by")
ALIASES = {
    "measure": ("measure", "id", "measure_id", "code"),
    "period": ("period",),
    "value": ("value", "outturn", "actual"),
    "comment": ("comment", "commentary", "note", "notes"),
    "verified_by": ("verified_by", "checked_by"),  # headers match whatever their case, spaces and underscores
}


@dataclass(frozen=True)
class Row:
    number: int
    measure: str
    period: str
    value: str
    comment: str | None
    shown: bool = False  # read from a percentage-formatted cell as the percentage it shows
    verified_by: str | None = None  # the role that checked the figure against its source


# How far down a sheet its header row is looked for: a council's workbook often opens with a
# title, a merged banner, the date it was run or a blank row above the column names.
HEADER_SEARCH = 20


def read_records(path: Path, sheet: str | None, known: Callable[[list[str]], int]) -> tuple[int, list[dict[str, Any]]]:
    """The header's row number (1-based) and the rows under it as dicts keyed by header.

    The header is the row of the top :data:`HEADER_SEARCH` that names the most columns the
    reader knows (``known`` counts them; the first such row on a tie), row 1 when none names
    any: title rows above it are passed over, and a heading over groups of columns loses to
    the row that names each column.
    """
    from pmf.spreadsheet import read_table

    values = read_table(path, sheet, _shown)
    counts = [known(_names(row)) for row in values[:HEADER_SEARCH]]
    at = counts.index(max(counts)) if counts and max(counts) > 0 else 0
    header = _names(values[at])
    first: dict[str, int] = {}
    for number, name in enumerate(header, start=1):
        if name and (earlier := first.setdefault(name.casefold(), number)) != number:
            raise UsageError(
                f"{path}: columns {earlier} and {number} are both headed '{name}', and only one could be read: "
                "rename or delete one"
            )
    if len(values) < at + 2:
        raise UsageError(f"{path}: no rows under the header")
    return at + 1, [dict(zip(header, row, strict=False)) for row in values[at + 1 :]]


def _names(row: tuple[Any, ...]) -> list[str]:
    return [str(h).strip() if h is not None else "" for h in row]


def _shown(cell: Any) -> Any:
    """A cell's value; a number formatted as a percentage (it holds 0.955, shows 95.5%) is marked so."""
    from pmf.publications import PercentCell

    value = cell.value
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
        return PercentCell(value)
    return value


def _cell(value: Any, frequency: str | None = None) -> str:
    """A cell as text; a date in a period column (``frequency`` given) as the period it names."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date) and frequency is not None:
        day = value.date() if isinstance(value, dt.datetime) else value
        return period_dated(day, frequency).label
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass(frozen=True)
class Cell:
    """One figure to import: where it sits in the sheet and what the sheet says of it."""

    row: int
    col: int  # the figure's column in a wide table; 0 in a long one, where the row names it
    measure: str
    period: Any
    value: Any
    comment: str
    verified_by: str = ""


# Words that may stand beside a period in a wide table's header (value_2017_2018, 2024-25 actual).
_VALUE_WORDS = {"value", "values", "actual", "actuals", "outturn", "outturns", "result", "results", "fy", "year"}


def _long_cells(records: list[dict[str, Any]], names: dict[str, str | None], first: int) -> Iterator[Cell]:
    """One cell per row; ``first`` is the sheet's number for the first row under the header."""
    for number, record in enumerate(records, start=first):
        if not any(_cell(v) for v in record.values()):
            continue  # a blank line
        comment = _cell(record.get(names["comment"] or "")) if names["comment"] else ""
        period, value = record.get(names["period"] or ""), record.get(names["value"] or "")
        checked = _cell(record.get(names["verified_by"] or "")) if names["verified_by"] else ""
        yield Cell(number, 0, _cell(record.get(names["measure"] or "")), period, value, comment, checked)


def _wide_cells(
    records: list[dict[str, Any]], names: dict[str, str | None], notes: list[str], source: str, first: int
) -> Iterator[Cell]:
    """One cell per measure and period column: each column whose header names a period holds its figures."""
    from pmf.publications import columns_named, period_label

    header = list(records[0]) if records else []
    periods: dict[str, tuple[int, str]] = {}
    ignored = []
    for index, name in enumerate(header, start=1):
        label = period_label(name) if name else None
        words = set(re.findall(r"[a-z]+", re.sub(r"\b[qh]\d\b", "", name.casefold()))) - _VALUE_WORDS - {"to"}
        if label and not words:
            periods[name] = (index, label)
        elif name not in (names["measure"], names["comment"], names["verified_by"]) and name:
            ignored.append(f"'{name}'" + (" (it names a period, but also other words)" if label else ""))
    if not periods:
        raise UsageError(
            f"{source}: no column names a financial year or period (such as 2024-25, 2024/25, value_2024_2025 "
            f"or Q2 2025-26); {columns_named(header)}"
        )
    if ignored:
        notes.append(f"{source}: columns ignored (no period in the header): {', '.join(ignored)}")
    for number, record in enumerate(records, start=first):
        if not any(_cell(v) for v in record.values()):
            continue
        measure = _cell(record.get(names["measure"] or ""))
        comment = _cell(record.get(names["comment"] or "")) if names["comment"] else ""
        checked = _cell(record.get(names["verified_by"] or "")) if names["verified_by"] else ""
        for name, (index, label) in periods.items():
            value = record.get(name)
            if _cell(value):
                yield Cell(number, index, measure, label, value, comment, checked)


def plan_import(
    portfolio: Portfolio,
    path: Path,
    columns: dict[str, str],
    sheet: str | None = None,
    *,
    wide: bool = False,
    notes: list[str] | None = None,
    as_of: dt.date | None = None,
) -> list[Change]:
    """Check every figure, then work out the edits; raise with every bad one and write nothing.

    ``wide``: one row per measure, one column per period (a header naming the period). Notices
    (columns ignored) are added to ``notes``. A ``verified_by`` column marks each figure it names
    as checked by that role on ``as_of``.
    """
    from pmf.errors import suggestion
    from pmf.publications import figure, find_columns, match_columns, period_label

    notes = notes if notes is not None else []
    required = ("measure",) if wide else ("measure", "period", "value")

    def known(names: list[str]) -> int:
        """Columns of figures a row names: its fields, and in a wide table each period heading."""
        fields = sum(name is not None for name in match_columns(names, ALIASES, columns).values())
        return fields + (sum(period_label(name) is not None for name in names if name) if wide else 0)

    at, records = read_records(path, sheet, known)
    header = list(records[0])
    names = find_columns(header, ALIASES, columns, required, path.name)
    if as_of is None and names["verified_by"]:
        raise UsageError(f"{path.name}: a verified_by column needs the day the figures were checked (as_of)")
    cells = _wide_cells(records, names, notes, path.name, at + 1) if wide else _long_cells(records, names, at + 1)
    measure_col = header.index(names["measure"] or "") + 1 if wide else 0
    calculated: set[int] = set()
    problems: list[Problem] = []
    rows: list[tuple[Row, Period]] = []
    seen: dict[tuple[str, Period], int] = {}
    unknown: set[tuple[int, str]] = set()
    for cell in cells:
        measure_id, number = cell.measure, cell.row
        measure = portfolio.measures.get(measure_id)

        def problem(key: str, message: str, number: int = number, col: int = cell.col) -> Problem:
            return Problem(path.name, number, col, key, message)

        if measure is None:
            if (number, measure_id) not in unknown:
                unknown.add((number, measure_id))
                problems.append(
                    problem(
                        names["measure"] or "",
                        f"no measure '{measure_id}'{suggestion(measure_id, list(portfolio.measures))}",
                        col=measure_col,
                    )
                )
            continue
        if measure.measure_type is MeasureType.calculated:  # (an export lists its figures too)
            if number not in calculated:
                calculated.add(number)
                column = header.index(names["measure"] or "") + 1
                said = f"{measure_id} is calculated from its formula: its figures are not imported"
                notes.append(Problem(path.name, number, column, "", said, "warning").text())
            continue
        comment = cell.comment
        period_text = _cell(cell.period) if not isinstance(cell.period, dt.date) else f"{cell.period:%Y-%m-%d}"
        try:
            frequency = measure.frequency.value
            period_text = _cell(cell.period, frequency)
            period = of_frequency(period_text, frequency, measure_id, read=read_for(measure))
            if as_of is not None:
                under_way(period, as_of)
            data_type = measure.data_type.value if measure.data_type else None
            value_text, shown = figure(cell.value, data_type, measure.unit)
            if value_text.casefold() in NOT_AVAILABLE:
                value_text = ""  # recorded as null, as pmf record records n/a: the comment must say why
            if value_text:
                parse_value(value_text, measure)
            elif not comment:
                raise ValueError("no value: leave a comment saying why the figure is not available")
        except ValueError as exc:
            problems.append(problem(f"{measure_id} {period_text}".strip(), str(exc)))
            continue
        if (measure_id, period) in seen:
            problems.append(problem(measure_id, f"{period.label} is also on row {seen[(measure_id, period)]}"))
            continue
        seen[(measure_id, period)] = number
        rows.append(
            (
                Row(number, measure_id, period.label, value_text, comment or None, shown, cell.verified_by or None),
                period,
            )
        )
    if problems:
        raise PmfError(problems)
    by_measure: dict[str, list[tuple[Row, Outturn | None]]] = defaultdict(list)
    for row, period in rows:
        measure = portfolio.measures[row.measure]
        by_measure[row.measure].append((row, _held(measure, period)))
    changes = []
    left = 0  # figures of measures whose file is left as it is
    for measure_id, items in by_measure.items():
        measure = portfolio.measures[measure_id]
        file = portfolio.files[measure_id]
        pending = [(row, old) for row, old in items if not _holds(old, row, measure)]
        fresh = [row for row, _ in pending]

        def redo(text: str, measure: Any = measure, fresh: list[Row] = fresh) -> str:
            for row in fresh:
                value = parse_value(row.value, measure) if row.value else None
                checked = (row.verified_by, as_of or dt.date.min) if row.verified_by else None
                text = outturn_text(text, measure, row.period, value, row.comment, checked)[0]
            return text

        before = read_for_edit(file)
        after = edited(portfolio.root, file, before, redo) if fresh else before
        replaced = sum(1 for _, old in pending if old is not None)
        summary = f"{measure_id}: {len(fresh) - replaced} added, {replaced} replaced"
        if len(fresh) < len(items):
            summary += f", {len(items) - len(fresh)} unchanged"
        scaled = sum(1 for row, _ in items if row.shown)
        if scaled:
            summary += f"; {scaled} from percentage-formatted cells, read as the percentages they show (0.955 as 95.5)"
        if after != before:
            changes.append(Change(file, before, after, summary, redo))
        else:
            left += len(items)
    if left:
        notes.append(
            f"{left} figure{'s' if left != 1 else ''} unchanged: the files hold {'them' if left != 1 else 'it'} already"
        )
    return changes


def _held(measure: Measure, period: Period) -> Outturn | None:
    """The outturn the measure's file holds for ``period``, however its period is written; or None."""
    for outturn in measure.outturns:
        try:
            if parse_period(outturn.period, measure.frequency.value) == period:
                return outturn
        except ValueError:  # a period pmf validate refuses: no figure of this sheet's is for it
            continue
    return None


def _holds(old: Outturn | None, row: Row, measure: Measure) -> bool:
    """Whether the file's outturn ``old`` already says all ``row`` says: the same figure, the comment
    it gives (if any), and a check by the role it names (if any). Such a row changes nothing: a
    figure checked again by the same role keeps the day it was first checked."""
    if old is None or old.value != (parse_value(row.value, measure) if row.value else None):
        return False
    if row.comment is not None and row.comment != old.comment:
        return False
    return row.verified_by is None or (old.verified is not None and old.verified.by == row.verified_by)
