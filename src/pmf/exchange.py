"""Data in and out: bulk outturns from CSV or Excel (``pmf import``) and flat tables (``pmf export``)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmf.errors import PmfError, Problem, UsageError
from pmf.periods import Period, parse_period
from pmf.record import Change, keeping_line_ends, outturn_text, parse_value
from pmf.yamlio import read_text

if TYPE_CHECKING:
    from pmf.loader import Portfolio

FIELDS = ("measure", "period", "value", "comment")
ALIASES = {
    "measure": ("measure", "id", "measure_id", "code"),
    "period": ("period",),
    "value": ("value", "outturn", "actual"),
    "comment": ("comment", "commentary", "note", "notes"),
}


@dataclass(frozen=True)
class Row:
    number: int
    measure: str
    period: str
    value: str
    comment: str | None


def read_rows(path: Path, columns: dict[str, str], sheet: str | None = None) -> list[dict[str, Any]]:
    """The rows of a CSV file or an Excel sheet as dicts keyed by header (row 1 is the header)."""
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
            raise UsageError(f"{path}: cannot read this workbook ({exc})") from None
        ws = book[sheet] if sheet else book.worksheets[0]
        values = list(ws.iter_rows(values_only=True))
        book.close()
    elif path.suffix.lower() == ".csv":
        try:
            with open(path, encoding="utf-8-sig", newline="") as handle:
                values = [tuple(row) for row in csv.reader(handle)]
        except UnicodeDecodeError as exc:
            raise UsageError(
                f"{path}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x}); save it as 'CSV UTF-8'"
            ) from None
        except csv.Error as exc:
            raise UsageError(f"{path}: cannot read this CSV file ({exc})") from None
    else:
        raise UsageError(f"{path}: pmf imports .csv and .xlsx files")
    if not values:
        raise UsageError(f"{path}: the file is empty")
    header = [str(h).strip() if h is not None else "" for h in values[0]]
    return [dict(zip(header, row, strict=False)) for row in values[1:]]


def _column(header: list[str], field: str, columns: dict[str, str]) -> str | None:
    wanted = [columns[field]] if field in columns else list(ALIASES[field])
    lower = {h.lower(): h for h in header}
    return next((lower[w.lower()] for w in wanted if w.lower() in lower), None)


def _cell(value: Any, monthly: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date) and monthly:
        return f"{value.year}-{value.month:02d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def plan_import(portfolio: Portfolio, path: Path, columns: dict[str, str], sheet: str | None = None) -> list[Change]:
    """Check every row, then work out the edits; raise with every bad row and write nothing."""
    from pmf.loader import suggestion

    records = read_rows(path, columns, sheet)
    header = list(records[0]) if records else []
    names = {field: _column(header, field, columns) for field in FIELDS}
    for field in ("measure", "period", "value"):
        if names[field] is None:
            raise UsageError(
                f"{path.name}: no '{columns.get(field, field)}' column (columns: {', '.join(header)}); name it with --columns {field}=HEADER"
            )
    problems: list[Problem] = []
    rows: list[tuple[Row, Period]] = []
    seen: dict[tuple[str, Period], int] = {}
    for number, record in enumerate(records, start=2):
        measure_id = _cell(record.get(names["measure"] or ""))
        if not any(_cell(v) for v in record.values()):
            continue  # a blank line
        measure = portfolio.measures.get(measure_id)

        def problem(key: str, message: str, number: int = number) -> Problem:
            return Problem(path.name, number, 0, key, message)

        if measure is None:
            problems.append(
                problem(
                    names["measure"] or "",
                    f"no measure '{measure_id}'{suggestion(measure_id, list(portfolio.measures))}",
                )
            )
            continue
        monthly = measure.frequency.value == "monthly"
        period_text = _cell(record.get(names["period"] or ""), monthly)
        value_text = _cell(record.get(names["value"] or ""))
        comment = _cell(record.get(names["comment"] or "")) if names["comment"] else ""
        try:
            period = parse_period(period_text, measure.frequency.value)
            if period.frequency != measure.frequency.value:
                raise ValueError(
                    f"'{period_text}' is a {period.frequency} period but {measure_id} is {measure.frequency.value}"
                )
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
        rows.append((Row(number, measure_id, period.label, value_text, comment or None), period))
    if problems:
        raise PmfError(problems)
    by_measure: dict[str, list[Row]] = defaultdict(list)
    for row, _ in rows:
        by_measure[row.measure].append(row)
    changes = []
    for measure_id, items in by_measure.items():
        measure = portfolio.measures[measure_id]
        file = portfolio.files[measure_id]

        def redo(text: str, measure: Any = measure, items: list[Row] = items) -> str:
            for row in items:
                value = parse_value(row.value, measure) if row.value else None
                text = outturn_text(text, measure, row.period, value, row.comment)[0]
            return text

        before = read_text(file)
        after = keeping_line_ends(redo)(before)
        existing = {o.period for o in measure.outturns}
        replaced = sum(1 for row in items if row.period in existing)
        summary = f"{measure_id}: {len(items) - replaced} added, {replaced} replaced"
        if after != before:
            changes.append(Change(file, before, after, summary, keeping_line_ends(redo)))
    return changes


# --- export ----------------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutral(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def tables(portfolio: Portfolio, window: Period, as_of: dt.date) -> dict[str, list[dict[str, Any]]]:
    """The flat tables: measures (window status and trend), outturns (long form), activities, risks."""
    from pmf.performance import activity_results, measure_results
    from pmf.risks import register

    measures = []
    for r in measure_results(portfolio, window):
        m = r.measure
        measures.append(
            {
                **r.as_json(),
                "outcome": r.outcome,
                "benchmarking": m.benchmarking.value,
                "polarity": m.polarity.value if m.polarity else None,
                "aggregation": m.aggregation.value,
                "frequency": m.frequency.value,
                "data_type": m.data_type.value if m.data_type else None,
                "unit": m.unit,
                "partial": r.current.partial,
                "window": window.label,
            }
        )
    outturns = []
    for measure_id, m in sorted(portfolio.measures.items()):
        for o in m.outturns:
            p = parse_period(o.period, m.frequency.value)
            outturns.append(
                {
                    "measure": measure_id,
                    "service": portfolio.service_of[measure_id],
                    "period": p.label,
                    "period_start": p.start.isoformat(),
                    "period_end": p.end.isoformat(),
                    "financial_year": p.financial_year,
                    "value": float(o.value) if o.value is not None else None,
                    "comment": o.comment,
                }
            )
    activities = [
        {
            "id": a.activity.id,
            "service": a.service,
            "outcome": a.outcome,
            "title": a.activity.title,
            "lead": a.activity.lead,
            "start": a.activity.start.isoformat(),
            "end": a.activity.end.isoformat(),
            "status": a.status.value if a.status else None,
            "overdue": a.overdue,
            "no_update": a.no_update,
            "comment": a.update.comment if a.update else None,
        }
        for a in activity_results(portfolio, window, as_of)
    ]
    risks = [r.as_json() for r in register(portfolio, as_of)]
    return {"measures": measures, "outturns": outturns, "activities": activities, "risks": risks}


STATUS_FILLS = {"green": "C6EFCE", "yellow": "FFEB9C", "orange": "F8CBAD", "amber": "F8CBAD", "red": "FFC7CE"}


def export(data: dict[str, list[dict[str, Any]]], out: Path, fmt: str) -> list[Path]:
    """Write the tables as CSV files, one JSON file, an Excel workbook or Parquet files."""
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "json":
        path = out / "pmf-export.json"
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return [path]
    if fmt == "xlsx":
        return [_xlsx(data, out / "pmf-export.xlsx")]
    written = []
    for name, rows in data.items():
        if fmt == "csv":
            path = out / f"{name}.csv"
            with open(path, "w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["id"])
                writer.writeheader()
                writer.writerows({k: neutral(v) for k, v in row.items()} for row in rows)
        else:
            import pandas as pd

            path = out / f"{name}.parquet"
            pd.DataFrame(rows).to_parquet(path, index=False)
        written.append(path)
    return written


def _xlsx(data: dict[str, list[dict[str, Any]]], path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    book.remove(book.active)
    for name, rows in data.items():
        sheet = book.create_sheet(name)
        header = list(rows[0]) if rows else ["id"]
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([neutral(row.get(k)) for k in header])
        sheet.freeze_panes = "A2"
        if "status" in header:
            column = header.index("status") + 1
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                fill = STATUS_FILLS.get(str(cell.value))
                if fill:
                    cell.fill = PatternFill("solid", start_color=fill, end_color=fill)
        for index, key in enumerate(header, start=1):
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(60, max(10, len(key) + 2))
    book.save(path)
    return path
