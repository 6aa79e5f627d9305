"""pmf export --format xlsx as a spreadsheet user meets it: columns sized to their content, a filter row, real dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from typer.testing import CliRunner

from pmf.cli import app

ROOT = Path(__file__).parent.parent
runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


def test_workbook_columns_fit_filters_and_dates(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    args = ["export", "--format", "xlsx", "--root", str(ROOT), "--window", "mid-year", "--year", "2026-27"]
    result = runner.invoke(app, [*args, "--as-of", "2026-11-23", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    book = load_workbook(tmp_path / "pmf-export.xlsx")
    for sheet in book:
        assert sheet.auto_filter.ref == sheet.dimensions, sheet.title  # a filter button on every header
        header = [c.value for c in sheet[1]]
        for index, name in enumerate(header, start=1):
            letter = sheet.cell(1, index).column_letter
            width = sheet.column_dimensions[letter].width
            longest = max(len(str(c.value)) for (c,) in sheet.iter_rows(min_col=index, max_col=index) if c.value)
            assert 8 <= width <= 60, (sheet.title, name, width)
            assert width >= min(60, longest + 2) or isinstance(sheet.cell(2, index).value, dt.datetime), (name, width)
    activities = book["activities"]
    header = [c.value for c in activities[1]]
    start = activities.cell(2, header.index("start") + 1)
    assert isinstance(start.value, dt.datetime) and start.number_format == "yyyy-mm-dd"
    assert activities.column_dimensions[activities.cell(1, header.index("title") + 1).column_letter].width > 30
    outturns = book["outturns"]
    columns = [c.value for c in outturns[1]]
    assert isinstance(outturns.cell(2, columns.index("period_end") + 1).value, dt.datetime)
    assert isinstance(outturns.cell(2, columns.index("period") + 1).value, str)  # '2024-25 Q1' stays text


def test_csv_export_writes_true_and_false_as_status_csv_and_json_do(tmp_path: Path) -> None:
    """Power BI and Excel read `true`/`false` as the same values in every table pmf writes."""
    import csv

    args = ["--root", str(ROOT), "--window", "mid-year", "--year", "2026-27", "--as-of", "2026-11-23"]
    assert runner.invoke(app, ["export", *args, "--out", str(tmp_path)]).exit_code == 0
    status = runner.invoke(app, ["status", "--format", "csv", *args])
    assert status.exit_code == 0, status.stderr
    exported = list(csv.DictReader((tmp_path / "measures.csv").read_text(encoding="utf-8").splitlines()))
    shown = list(csv.DictReader(status.stdout.splitlines()))
    assert {row["partial"] for row in exported} == {row["partial"] for row in shown} == {"true", "false"}
    for table in ("measures", "outturns", "activities", "risks"):
        lines = (tmp_path / f"{table}.csv").read_text(encoding="utf-8").splitlines()
        cells = {cell for row in csv.reader(lines) for cell in row}
        assert not cells & {"True", "False"}, table
