"""Data out: the flat tables (``pmf export``) for Power BI and Excel, as CSV, JSON, an Excel workbook or Parquet."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmf.periods import Period, parse_period

if TYPE_CHECKING:
    from pmf.portfolio import Portfolio


def tables(portfolio: Portfolio, window: Period, as_of: dt.date) -> dict[str, list[dict[str, Any]]]:
    """The flat tables: measures (window status and trend), outturns (long form), activities, risks."""
    from pmf.calculated import divides_by_zero, resolved
    from pmf.fields import MeasureType
    from pmf.numbers import json_number
    from pmf.performance import activity_results, measure_results
    from pmf.risks import register
    from pmf.status import rounded

    measures = []
    for r in measure_results(portfolio, window):
        m = r.measure
        measures.append(
            {
                **r.as_json(),
                "divides_by_zero": ", ".join(r.divided_by_zero) or None,  # a flat table: one cell, its periods
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
        # A calculated figure is worked out to as many places as Decimal gives: it goes out rounded
        # to the measure's decimals, as the reports show it and measures.csv gives it. A figure
        # written in the file goes out as written, a whole number as one (4200, not 4200.0), so
        # pmf import of the table changes nothing.
        worked = m.measure_type is MeasureType.calculated
        figures = resolved(m, portfolio.measures)
        unworked = divides_by_zero(figures)
        for o in figures.outturns:
            p = parse_period(o.period, m.frequency.value)
            outturns.append(
                {
                    "measure": measure_id,
                    "service": portfolio.service_of[measure_id],
                    "period": p.label,
                    "period_start": p.start.isoformat(),
                    "period_end": p.end.isoformat(),
                    "financial_year": p.financial_year,
                    "value": json_number(rounded(o.value, m.decimals) if worked and o.value is not None else o.value),
                    "comment": o.comment,
                    "divides_by_zero": o.period in unworked,  # no value: the formula divides by 0 there
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


def export(data: dict[str, list[dict[str, Any]]], out: Path, fmt: str) -> list[Path]:
    """Write the tables as CSV files, one JSON file, an Excel workbook or Parquet files.

    Text files are made whole in memory first and each written atomically: a failure leaves
    no half-written file.
    """
    from pmf.atomic import write_atomic
    from pmf.spreadsheet import csv_text

    out.mkdir(parents=True, exist_ok=True)
    if fmt == "json":
        path = out / "pmf-export.json"
        write_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return [path]
    if fmt == "xlsx":
        return [_xlsx(data, out / "pmf-export.xlsx")]
    if fmt == "csv":
        texts = {
            out / f"{name}.csv": csv_text(rows, list(rows[0]) if rows else ["id"], line_end="\r\n")
            for name, rows in data.items()
        }
        for path, text in texts.items():
            write_atomic(path, text)
        return list(texts)
    import pandas as pd

    written = []
    for name, rows in data.items():
        path = out / f"{name}.parquet"
        pd.DataFrame(rows).to_parquet(path, index=False)
        written.append(path)
    return written


def _xlsx(data: dict[str, list[dict[str, Any]]], path: Path) -> Path:
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from pmf.atomic import write_atomic
    from pmf.spreadsheet import text_cells
    from pmf.status import LOOKS

    book = Workbook()
    book.remove(book.active)
    for name, rows in data.items():
        sheet = book.create_sheet(name)
        header = list(rows[0]) if rows else ["id"]
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([row.get(k) for k in header])
            text_cells(sheet[sheet.max_row])
        sheet.freeze_panes = "A2"
        if "status" in header:
            column = header.index("status") + 1
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                shown = LOOKS.get(str(cell.value))
                if shown and (fill := shown.fill):
                    cell.fill = PatternFill("solid", start_color=fill, end_color=fill)
        _dates_as_dates(sheet, len(rows))
        _fit_columns(sheet)
        sheet.auto_filter.ref = sheet.dimensions  # a filter button on every column's header
    made = BytesIO()  # the whole workbook first, then written atomically: a failure leaves no half-written file
    book.save(made)
    write_atomic(path, made.getvalue())
    return path


_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _dates_as_dates(sheet: Any, count: int) -> None:
    """A column whose every value is an ISO date holds real dates, which sort and filter as dates."""
    for column in sheet.iter_cols(min_row=2, max_row=count + 1):
        values = [c.value for c in column if c.value not in (None, "")]
        if not values or not all(isinstance(v, str) and _ISO_DATE.match(v) for v in values):
            continue
        for cell in column:
            if isinstance(cell.value, str) and cell.value:
                cell.value = dt.date.fromisoformat(cell.value)
                cell.number_format = "yyyy-mm-dd"


def _fit_columns(sheet: Any, widest: int = 60) -> None:
    """Each column as wide as its longest entry (a date 12), at least 8 and at most ``widest`` characters."""
    for column in sheet.iter_cols():
        longest = max(
            (12 if isinstance(c.value, dt.date) else max((len(line) for line in str(c.value).splitlines()), default=0))
            for c in column
            if c.value is not None
        )
        sheet.column_dimensions[column[0].column_letter].width = min(widest, max(8, longest + 2))
