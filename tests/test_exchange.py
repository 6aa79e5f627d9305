"""pmf import (CSV and real Excel files) and pmf export (CSV, Excel, Parquet, JSON)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from pmf.cli import app
from pmf.periods import parse_period
from pmf.publications import read_period

ROOT = Path(__file__).parent.parent
runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def snapshot(repo: Path) -> dict[str, bytes]:
    return {str(p.relative_to(repo)): p.read_bytes() for p in sorted(repo.rglob("*.yaml"))}


def test_csv_import_adds_and_replaces(repo: Path, tmp_path: Path) -> None:
    data = tmp_path / "q3.csv"
    data.write_text(
        "measure,period,value,comment\n"
        "WST-01,2025-26 Q3,67.4,Food waste caddies delivered.\n"
        "WST-01,2025-26 Q1,66.0,\n"
        "WST-02,2025-06,90,\n"
        "\n",
        encoding="utf-8",
    )
    before = snapshot(repo)
    code, _, err = run("import", str(data), "--root", str(repo))
    assert code == 0, err
    assert "WST-01: 1 added, 1 replaced" in err and "changed 2 measure files" in err
    after = snapshot(repo)
    assert [k for k in before if before[k] != after[k]] == [
        "plans/waste/measures/WST-01.yaml",
        "plans/waste/measures/WST-02.yaml",
    ]
    code, out, _ = run("status", "--root", str(repo), "--format", "json", "--window", "year-end", "--year", "2025-26")
    rows = {r["id"]: r for r in json.loads(out)}
    assert (rows["WST-01"]["period"], rows["WST-01"]["value"]) == ("2025-26 Q3", 67.4)
    assert rows["WST-02"]["value"] == 100 + 95 + 90


def test_a_bad_row_writes_nothing(repo: Path, tmp_path: Path) -> None:
    data = tmp_path / "bad.csv"
    data.write_text(
        "measure,period,value\nWST-01,2025-26 Q3,67.4\nWST-01,2025-09,60\nWST-9,2025-26 Q3,1\nWST-01,2025-26 Q4,abc\n",
        encoding="utf-8",
    )
    before = snapshot(repo)
    code, _, err = run("import", str(data), "--root", str(repo))
    assert code == 1
    assert (
        "bad.csv:3:2: WST-01 2025-09: '2025-09' is a monthly period but WST-01 is quarterly: write periods like 2025-26 Q2"
        in err
    )
    assert "bad.csv:4:1: measure: no measure 'WST-9'" in err
    assert "bad.csv:5:3: WST-01 2025-26 Q4: 'abc' is not a number" in err
    assert "3 problems in 1 file" in err
    assert snapshot(repo) == before


def test_excel_import_with_the_performance_systems_column_names(repo: Path, tmp_path: Path) -> None:
    import datetime as dt

    book = Workbook()
    sheet = book.active
    sheet.title = "Export"
    sheet.append(["KPI Code", "Reporting Period", "Actual", "Notes"])
    sheet.append(["WST-01", "2025-26 Q3", 67.4, "From the system"])
    sheet.append(["WST-02", dt.datetime(2025, 6, 1), 90, None])
    path = tmp_path / "export.xlsx"
    book.save(path)
    columns = "measure=KPI Code,period=Reporting Period,value=Actual,comment=Notes"
    code, out, err = run("import", str(path), "--columns", columns, "--dry-run", "--root", str(repo))
    assert code == 0, err
    assert "+  - period: 2025-26 Q3\n+    value: 67.4\n+    comment: From the system" in out
    assert "+  - period: 2025-06\n+    value: 90\n" in out
    assert "would change 2 measure files" in err
    code, _, err = run("import", str(path), "--root", str(repo))
    assert code == 2
    assert err == (
        "pmf: export.xlsx: no column for period (period: did you mean 'Reporting Period'?); its columns are "
        'KPI Code, Reporting Period, Actual, Notes. Name them with --columns "period=HEADER"\n'
    )


def test_excel_import_finds_the_header_under_a_councils_title_rows(repo: Path, tmp_path: Path) -> None:
    """A council's workbook opens with a merged title, a subtitle and a blank row; figures are text."""
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "Example County Borough Council"
    sheet.merge_cells("A1:E1")
    sheet["A2"] = "Waste figures, April to June 2025 (provisional)"
    sheet.merge_cells("A2:E2")
    sheet.append([])
    sheet.append(["KPI Code", "Period", "Actual", "Income £", "Notes"])
    sheet.append(["WST-02", "2025-06", "1,090", "£1,200", "Tunelli; tonnes"])
    sheet.append([])
    sheet.append(["WST-01", "2025-26 Q3", "67.4", None, None])
    path = tmp_path / "council.xlsx"
    book.save(path)
    code, out, err = run("import", str(path), "--columns", "measure=KPI Code", "--root", str(repo), "--dry-run")
    assert code == 0, err
    assert "+  - period: 2025-06\n+    value: 1090\n+    comment: Tunelli; tonnes" in out
    assert "+  - period: 2025-26 Q3\n+    value: 67.4" in out
    sheet["C7"] = "sixty"
    book.save(path)
    code, _, err = run("import", str(path), "--columns", "measure=KPI Code", "--root", str(repo))
    assert code == 1
    assert "council.xlsx:7:3: WST-01 2025-26 Q3: 'sixty' is not a number" in err  # the sheet's own row


def test_a_header_not_fully_recognised_is_named_with_its_own_columns(repo: Path, tmp_path: Path) -> None:
    """Under a council's title rows, a header whose measure column pmf does not know: the message
    lists that header's columns and asks for the one column missing, not the title's words."""
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "Example County Borough Council"
    sheet.merge_cells("A1:D1")
    sheet["A2"] = "Waste figures, April to June 2025"
    sheet.append([])
    sheet.append(["Indicator", "Period", "Actual", "Notes"])
    sheet.append(["WST-01", "2025-26 Q1", 55, None])
    path = tmp_path / "kpi.xlsx"
    book.save(path)
    code, _, err = run("import", str(path), "--root", str(repo), "--dry-run")
    assert code == 2
    assert err == (
        "pmf: kpi.xlsx: no column for measure; its columns are Indicator, Period, Actual, Notes. "
        'Name them with --columns "measure=HEADER"\n'
    )


def test_a_wide_sheet_takes_the_row_naming_each_period_under_a_heading_over_them(repo: Path, tmp_path: Path) -> None:
    """A heading row over the figures ('Figures by year') loses to the row below naming each year."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Measure", "Figures from 2025-26 Q1", None])
    sheet.append(["Measure", "2025-26 Q1", "2025-26 Q2"])
    sheet.append(["WST-01", 61, 62.5])
    path = tmp_path / "wide.xlsx"
    book.save(path)
    code, out, err = run("import", str(path), "--wide", "--root", str(repo), "--dry-run")
    assert code == 0, err
    assert "+    value: 61\n" in out
    assert "+    value: 62.5\n" in out


def test_headers_match_as_benchmark_matches_them(repo: Path, tmp_path: Path) -> None:
    """'Measure ID' is the measure_id column whatever its case and spaces, as in pmf benchmark."""
    data = tmp_path / "figures.csv"
    data.write_text("Measure ID,PERIOD,Value\nWST-01,2025-26 Q3,67.4\n", encoding="utf-8")
    code, _, err = run("import", str(data), "--dry-run", "--root", str(repo))
    assert code == 0, err
    assert "would change 1 measure file" in err


def test_export_round_trips_through_pandas(repo: Path, tmp_path: Path) -> None:
    plan = repo / "plans/waste/plan-2025-26.yaml"
    plan.write_text(
        plan.read_text().replace("title: Replace the collection fleet", "title: '=HYPERLINK(\"http://x\")'")
    )
    args = (
        "--root",
        str(repo),
        "--window",
        "mid-year",
        "--year",
        "2025-26",
        "--as-of",
        "2025-11-01",
        "--out",
        str(tmp_path),
    )
    assert run("export", "--format", "csv", *args)[0] == 0
    measures = pd.read_csv(tmp_path / "measures.csv")
    assert set(measures["id"]) == {"WST-01", "WST-02"}
    assert measures.set_index("id").loc["WST-01", "status"] == "orange"
    outturns = pd.read_csv(tmp_path / "outturns.csv")
    assert len(outturns) == 7 and set(outturns.columns) >= {"measure", "period", "period_start", "value", "comment"}
    activities = pd.read_csv(tmp_path / "activities.csv")
    assert activities.loc[0, "title"].startswith("'=HYPERLINK")

    assert run("export", "--format", "parquet", *args)[0] == 0
    assert pd.read_parquet(tmp_path / "outturns.parquet")["value"].sum() == outturns["value"].sum()

    assert run("export", "--format", "xlsx", *args)[0] == 0
    book = load_workbook(tmp_path / "pmf-export.xlsx")
    assert book.sheetnames == ["measures", "outturns", "activities", "risks"]
    sheet = book["measures"]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    status = sheet.cell(row=[c.value for c in sheet["A"]].index("WST-01") + 1, column=header.index("status") + 1)
    assert status.value == "orange" and status.fill.start_color.rgb.endswith("F8CBAD")
    title = book["activities"]["D"][1]
    assert title.value == '=HYPERLINK("http://x")' and title.data_type == "s"  # text, no apostrophe
    frames = pd.read_excel(tmp_path / "pmf-export.xlsx", sheet_name=None)
    assert len(frames["outturns"]) == 7

    assert run("export", "--format", "json", *args)[0] == 0
    data = json.loads((tmp_path / "pmf-export.json").read_text())
    assert [r["id"] for r in data["risks"]] == ["RSK-01"]


def test_a_csv_saved_in_another_encoding_is_a_clear_message(repo: Path, tmp_path: Path) -> None:
    data = tmp_path / "latin1.csv"
    data.write_bytes("measure,period,value,comment\nWST-01,2025-26 Q3,67,Caf\u00e9\n".encode("latin-1"))
    code, _, err = run("import", str(data), "--root", str(repo))
    assert code == 2
    assert "latin1.csv: not UTF-8 text (byte 0xe9); save it as 'CSV UTF-8'" in err


# --- published shapes: wide tables, units in cells, Excel percentages, commas ----------

ANNUAL = """\
id: {id}
kind: indicator
title: {title}
frequency: {frequency}
polarity: {polarity}
benchmarking: local
data_type: {data_type}
decimals: 2
{unit}thresholds: {{}}
outturns: []
"""


def published_measures(repo: Path) -> None:
    """Measures as a social services department publishes them: a percentage, days, and tonnes."""
    folder = repo / "plans/waste/measures"
    for ident, title, data_type, unit, frequency in (
        ("SSM-18", "Adult protection enquiries completed within 7 days", "percentage", "", "annual"),
        ("SSM-19", "Average days to deliver a disabled facilities grant", "days", "", "annual"),
        ("SSM-20", "Waste collected", "number", "unit: tonnes\n", "annual"),
    ):
        polarity = "lower_is_better" if data_type != "percentage" else "higher_is_better"
        text = ANNUAL.format(
            id=ident, title=title, frequency=frequency, polarity=polarity, data_type=data_type, unit=unit
        )
        (folder / f"{ident}.yaml").write_text(text, encoding="utf-8")


def outturns_of(repo: Path, ident: str) -> list[dict[str, object]]:
    from pmf.yamlio import load_fast

    data = load_fast((repo / f"plans/waste/measures/{ident}.yaml").read_text(encoding="utf-8"))
    return [{k: v for k, v in o.items()} for o in data["outturns"]]


def test_wide_table_one_column_per_year_with_units_in_cells(repo: Path, tmp_path: Path) -> None:
    published_measures(repo)
    data = tmp_path / "published.csv"
    data.write_text(
        "PI code,Description,value_2021_2022,2022/23,2023-2024,Target 2024-25,Notes\n"
        "SSM-18,Enquiries within 7 days,9.85%,97.2 %,,90,\n"
        "SSM-19,Days to deliver a grant,642.24 days,512 Days,480,400,Backlog cleared\n"
        'SSM-20,Tonnes collected,"1,234 tonnes",1100,,,\n',
        encoding="utf-8",
    )
    columns = "measure=PI code,comment=Notes"
    code, _, err = run("import", str(data), "--wide", "--columns", columns, "--root", str(repo))
    assert code == 0, err
    assert (
        "published.csv: columns ignored (no period in the header): 'Description', "
        "'Target 2024-25' (it names a period, but also other words)"
    ) in err
    assert "changed 3 measure files" in err
    assert outturns_of(repo, "SSM-18") == [{"period": "2021-22", "value": 9.85}, {"period": "2022-23", "value": 97.2}]
    assert outturns_of(repo, "SSM-19") == [
        {"period": "2021-22", "value": 642.24, "comment": "Backlog cleared"},
        {"period": "2022-23", "value": 512, "comment": "Backlog cleared"},
        {"period": "2023-24", "value": 480, "comment": "Backlog cleared"},
    ]
    assert outturns_of(repo, "SSM-20") == [{"period": "2021-22", "value": 1234}, {"period": "2022-23", "value": 1100}]
    code, out, _ = run("validate", "--root", str(repo))
    assert code == 0, out


def test_wide_table_quarter_columns(repo: Path, tmp_path: Path) -> None:
    data = tmp_path / "quarters.csv"
    data.write_text("Measure,Q3 2025-26,Q4 2025/26\nWST-01,67.4%,69\n", encoding="utf-8")
    code, _, err = run("import", str(data), "--wide", "--root", str(repo))
    assert code == 0, err
    assert {"period": "2025-26 Q3", "value": 67.4} in [
        {k: o[k] for k in ("period", "value")} for o in outturns_of(repo, "WST-01")
    ]


def test_wide_table_bad_cells_name_their_row_and_column_and_write_nothing(repo: Path, tmp_path: Path) -> None:
    published_measures(repo)
    data = tmp_path / "published.csv"
    data.write_text(
        'PI code,value_2022_2023,value_2023_2024\nSSM-19,12 kg,480 days\nSSM-20,"9,05",£12\nSSM-99,1,2\nWST-01,60,61\n',
        encoding="utf-8",
    )
    before = snapshot(repo)
    code, _, err = run("import", str(data), "--wide", "--columns", "measure=PI code", "--root", str(repo))
    assert code == 1
    assert err.splitlines() == [
        "published.csv:2:2: SSM-19 2022-23: '12 kg' is not a number",
        "published.csv:3:2: SSM-20 2022-23: '9,05' has a comma that does not separate thousands: "
        "write the figure with a decimal point",
        "published.csv:3:3: SSM-20 2023-24: '£12' is not a number (write the figure alone, without '£', '%' or "
        "commas: 12)",
        "published.csv:4:1: PI code: no measure 'SSM-99' (did you mean 'SSM-19'?)",
        "published.csv:5:2: WST-01 2022-23: '2022-23' is an annual period but WST-01 is quarterly: "
        "write periods like 2025-26 Q2",
        "published.csv:5:3: WST-01 2023-24: '2023-24' is an annual period but WST-01 is quarterly: "
        "write periods like 2025-26 Q2",
        "6 problems in 1 file",
    ]
    assert snapshot(repo) == before


def test_a_wide_table_with_no_period_columns_says_what_it_looked_for(repo: Path, tmp_path: Path) -> None:
    data = tmp_path / "published.csv"
    data.write_text("measure,value,notes\nWST-01,60,\n", encoding="utf-8")
    code, _, err = run("import", str(data), "--wide", "--root", str(repo))
    assert code == 2
    assert "no column names a financial year or period (such as 2024-25, 2024/25, value_2024_2025" in err


def test_a_column_heading_written_twice_is_refused_not_half_read(repo: Path, tmp_path: Path) -> None:
    published_measures(repo)
    for name, text, args in (
        ("wide.csv", "measure,2019-20,2019-20\nSSM-18,10,20\n", ("--wide",)),
        ("long.csv", "measure,period,value,Value\nSSM-18,2019-20,10,20\n", ()),
    ):
        data = tmp_path / name
        data.write_text(text, encoding="utf-8")
        before = snapshot(repo)
        code, _, err = run("import", str(data), *args, "--root", str(repo))
        assert code == 2
        assert "are both headed" in err and "rename or delete one" in err
        assert snapshot(repo) == before


def test_a_sheet_the_workbook_does_not_have_is_named_with_those_it_has(repo: Path, tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "Figures"
    book.active.append(["measure", "period", "value"])
    book.active.append(["WST-01", "2025-26 Q1", 60])
    data = tmp_path / "figures.xlsx"
    book.save(data)
    code, _, err = run("import", str(data), "--sheet", "Nope", "--root", str(repo))
    assert code == 2
    assert f"pmf: {data}: no sheet 'Nope'; its sheets are Figures" in err
    assert "Traceback" not in err


def test_a_comma_that_is_not_a_thousands_separator_is_an_error(repo: Path, tmp_path: Path) -> None:
    data = tmp_path / "q3.csv"
    data.write_text('measure,period,value\nWST-01,2025-26 Q3,"9,05"\nWST-02,2025-09,"1,234"\n', encoding="utf-8")
    code, _, err = run("import", str(data), "--root", str(repo))
    assert code == 1
    assert err.splitlines() == [
        "q3.csv:2:3: WST-01 2025-26 Q3: '9,05' has a comma that does not separate thousands: "
        "write the figure with a decimal point",
        "1 problem in 1 file",
    ]
    data.write_text('measure,period,value\nWST-02,2025-09,"1,234"\n', encoding="utf-8")
    code, _, err = run("import", str(data), "--root", str(repo))
    assert code == 0, err
    assert {"period": "2025-09", "value": 1234} in outturns_of(repo, "WST-02")


def test_percentage_formatted_excel_cells_import_as_the_percentage_they_show(repo: Path, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["measure", "period", "value"])
    sheet.append(["WST-01", "2025-26 Q3", 0.955])
    sheet["C2"].number_format = "0.0%"  # shows 95.5%
    sheet.append(["WST-01", "Q4 2025/26", 67.25])  # a plain number, and a period in a publication's form
    sheet.append(["WST-02", "2025-09", 0.5])
    sheet["C4"].number_format = "0%"  # a percentage format on a number measure: the number as it is
    path = tmp_path / "q3.xlsx"
    book.save(path)
    code, _, err = run("import", str(path), "--root", str(repo))
    assert code == 0, err
    assert (
        "WST-01: 2 added, 0 replaced; 1 from percentage-formatted cells, read as the percentages they show "
        "(0.955 as 95.5)"
    ) in err
    values = {o["period"]: o["value"] for o in outturns_of(repo, "WST-01")}
    assert values["2025-26 Q3"] == 95.5 and values["2025-26 Q4"] == 67.25
    assert {"period": "2025-09", "value": 0.5} in outturns_of(repo, "WST-02")


YEAR_TO_DATE = """\
id: {id}
kind: performance_measure
title: {title}
frequency: quarterly
aggregation: year_to_date
polarity: {polarity}
benchmarking: local
data_type: number
decimals: 1
thresholds:
  2025-26: {{target: {target}, tolerance: {tolerance}}}
"""
EXAMPLES = Path(__file__).parent.parent / "examples" / "importing"


def test_year_to_date_figures_per_quarter_import_as_published(repo: Path) -> None:
    """A district council's KPI return: each quarter's figure is the total so far this year, with notes."""
    folder = repo / "plans/waste/measures"
    for ident, title, polarity, target, tolerance in (
        ("ENV-07", "Fly-tipping incidents cleared within 2 working days", "higher_is_better", 800, 700),
        ("ENV-08", "Missed bins per 100000 collections", "lower_is_better", 45, 50),
    ):
        text = YEAR_TO_DATE.format(id=ident, title=title, polarity=polarity, target=target, tolerance=tolerance)
        (folder / f"{ident}.yaml").write_text(text, encoding="utf-8")
    columns = "measure=KPI code,period=Quarter,value=Year to date,comment=Comments"
    code, _, err = run("import", str(EXAMPLES / "quarterly-ytd.csv"), "--columns", columns, "--root", str(repo))
    assert code == 0, err
    assert outturns_of(repo, "ENV-07") == [
        {"period": "2025-26 Q1", "value": 212, "comment": "Two crews, one vehicle off the road in May"},
        {"period": "2025-26 Q2", "value": 431, "comment": "On profile"},
    ]
    args = ("status", "--root", str(repo), "--format", "json", "--window", "mid-year", "--year", "2025-26")
    code, out, _ = run(*args)
    rows = {r["id"]: r for r in json.loads(out)}
    # The window's value is the last year-to-date figure, not a sum of the quarters, judged pro rata.
    assert (rows["ENV-07"]["value"], rows["ENV-07"]["basis"], rows["ENV-07"]["target"]) == (431, "pro-rata", 400)
    assert rows["ENV-08"]["value"] == 47.9


def test_the_wide_worked_example_imports_into_the_demo(tmp_path: Path) -> None:
    import shutil

    demo = Path(__file__).parent.parent
    shutil.copytree(demo / "plans", tmp_path / "plans")
    shutil.copy(demo / "pmf.yaml", tmp_path / "pmf.yaml")
    code, _, err = run(
        "import", str(EXAMPLES / "wide-annual.csv"), "--wide", "--columns", "measure=PI code", "--root", str(tmp_path)
    )
    assert code == 0, err
    assert "changed 4 measure files" in err
    assert run("validate", "--root", str(tmp_path))[0] == 0


@pytest.mark.parametrize("command", [["import"], ["import", "--wide"], ["benchmark"]])
def test_a_header_with_no_rows_under_it_says_so(repo: Path, tmp_path: Path, command: list[str]) -> None:
    data = tmp_path / "figures.csv"
    data.write_text("measure,period,value,year,authority\n", encoding="utf-8")
    code, _, err = run(command[0], str(data), *command[1:], "--root", str(repo))
    assert code == 2
    assert err.strip() == f"pmf: {data}: no rows under the header"


def test_rows_for_a_calculated_measure_are_named_not_skipped_silently(tmp_path: Path) -> None:
    import shutil

    demo = Path(__file__).parent.parent
    shutil.copytree(demo / "plans", tmp_path / "plans")
    shutil.copy(demo / "pmf.yaml", tmp_path / "pmf.yaml")
    formula = (tmp_path / "plans/adult-social-care/measures/ASC-04.yaml").read_bytes()
    long = tmp_path / "figures.csv"
    long.write_text("period,measure,value\n2026-27 Q3,ASC-10,412\n2026-27 Q3,ASC-04,14.2\n", encoding="utf-8")
    code, _, err = run("import", str(long), "--root", str(tmp_path))
    assert code == 0, err
    assert err.splitlines()[0] == (
        "figures.csv:3:2: warning: ASC-04 is calculated from its formula: its figures are not imported"
    )
    assert "ASC-10: 1 added, 0 replaced" in err
    wide = tmp_path / "wide.csv"
    wide.write_text("PI code,2026-27 Q2,2026-27 Q3\nASC-04,14.2,14.0\n", encoding="utf-8")
    code, _, err = run("import", str(wide), "--wide", "--columns", "measure=PI code", "--root", str(tmp_path))
    assert code == 0, err
    assert err.splitlines() == [
        "wide.csv:2:1: warning: ASC-04 is calculated from its formula: its figures are not imported",
        "changed 0 measure files",
    ]
    assert (tmp_path / "plans/adult-social-care/measures/ASC-04.yaml").read_bytes() == formula


def test_csv_saved_from_excel_with_months_as_dates_and_n_a(repo: Path, tmp_path: Path) -> None:
    """Excel writes a date cell out to CSV as it shows it (Oct-25, 01/11/2025); n/a marks a missing figure."""
    data = tmp_path / "from-excel.csv"
    data.write_text(
        "Measure,Period,Value,Comment\r\n"
        "WST-02,Oct-25,90,\r\n"
        "WST-02,01/11/2025,85,\r\n"
        "WST-02,Rhagfyr 2025,n/a,Weighbridge out of action\r\n"
        "WST-02,Jan-26,n/a,\r\n",
        encoding="utf-8",
    )
    code, _, err = run("import", str(data), "--root", str(repo))
    assert code == 1
    assert err.splitlines() == [
        "from-excel.csv:5:4: WST-02 Jan-26: 'n/a' needs a comment saying why the figure is not available",
        "1 problem in 1 file",
    ]
    data.write_text(data.read_text(encoding="utf-8").replace("Jan-26,n/a,", "Jan-26,80,"), encoding="utf-8")
    code, out, err = run("import", str(data), "--root", str(repo), "--dry-run")
    assert code == 0, err
    assert "+  - period: 2025-10\n+    value: 90\n+  - period: 2025-11\n+    value: 85\n" in out
    assert "+  - period: 2025-12\n+    value: null\n+    comment: Weighbridge out of action\n" in out
    assert "+  - period: 2026-01\n+    value: 80\n" in out


def test_a_sheet_whose_top_rows_name_no_column_is_asked_for_a_header(repo: Path, tmp_path: Path) -> None:
    """Rows of empty cells: no header to name with --columns, so the message asks for one."""
    data = tmp_path / "blank.csv"
    data.write_text(",,\n,,\n,,\n", encoding="utf-8")
    code, _, err = run("import", str(data), "--root", str(repo), "--dry-run")
    assert (code, err) == (
        2,
        "pmf: blank.csv: no column for measure, period, value; none of its top rows names a column: "
        "add a header row above the figures\n",
    )


WEEK_SPELLINGS = (
    "{y}-W{w:02d}",
    "W{w} {y}",
    "{y} W{w}",
    "Week {w} {y}",
    "wk {w} {y}",
    "Wythnos {w} {y}",
    "WK{w:02d}-{y}",
)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(2001, 1, 8), max_value=dt.date(2998, 12, 20)), st.sampled_from(WEEK_SPELLINGS))
def test_every_spelling_of_an_iso_week_is_that_week(day: dt.date, spelling: str) -> None:
    year, number, _ = day.isocalendar()
    written = spelling.format(y=year, w=number)
    assert read_period(written, "weekly") == parse_period(f"{year}-W{number:02d}")


@given(st.integers(2001, 2998), st.sampled_from(WEEK_SPELLINGS))
def test_a_week_past_the_years_last_is_refused(year: int, spelling: str) -> None:
    last = dt.date(year, 12, 28).isocalendar().week
    with pytest.raises(ValueError, match=rf"{year} has no ISO week {last + 1} \(its weeks are W01 to W{last}\)"):
        read_period(spelling.format(y=year, w=last + 1), "weekly")


def test_import_and_record_read_a_week_as_a_council_sheet_writes_it(
    initialised_in_november: Path, tmp_path: Path
) -> None:
    """A weekly measure on a repository pmf init wrote: every way of writing week 41 onwards is read, as pmf record reads it."""
    root = initialised_in_november
    measure = root / "plans/example/measures/EX-01.yaml"
    measure.write_text(measure.read_text().replace("frequency: quarterly", "frequency: weekly"))
    sheet = tmp_path / "weeks.csv"
    sheet.write_text(
        "measure,period,value\nEX-01,2026-W41,61\nEX-01,W42 2026,62\nEX-01,2026 W43,63\n"
        "EX-01,Week 44 2026,64\nEX-01,wk 45 2026,65\nEX-01,Wythnos 46 2026,66\n"
    )
    code, _, err = run("import", str(sheet), "--root", str(root), "--as-of", "2026-11-26")
    assert code == 0, err
    code, _, err = run("record", "EX-01", "W47 2026", "67", "--root", str(root), "--as-of", "2026-11-26")
    assert code == 0 and "added the outturn for 2026-W47" in err
    written = measure.read_text()
    assert [line.split(": ")[1] for line in written.splitlines() if line.startswith("  - period: ")] == [
        f"2026-W{n}" for n in range(41, 48)
    ]
    assert run("validate", "--root", str(root))[0] == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("measure,period,value\nEX-01,W54 2026,1\nEX-01,Week 53 2027,2\n")
    code, _, err = run("import", str(bad), "--root", str(root), "--as-of", "2028-11-26")
    assert code == 1 and measure.read_text() == written
    assert err.splitlines()[:2] == [
        "bad.csv:2:2: EX-01 W54 2026: '2026-W54' is not a week: 2026 has no ISO week 54 (its weeks are W01 to W53)",
        "bad.csv:3:2: EX-01 Week 53 2027: '2027-W53' is not a week: 2027 has no ISO week 53 (its weeks are W01 to W52)",
    ]
    code, _, err = run("record", "EX-01", "wk 53 2027", "1", "--root", str(root), "--as-of", "2028-11-26")
    assert (code, err.strip()) == (
        2,
        "pmf: '2027-W53' is not a week: 2027 has no ISO week 53 (its weeks are W01 to W52)",
    )


def _import(root: Path, sheet: Path, day: str) -> tuple[int, str]:
    code, out, err = run("import", str(sheet), "--root", str(root), "--as-of", day)
    assert out == ""
    return code, err


def test_a_figure_checked_again_unchanged_is_counted_unchanged_and_its_file_left_alone(
    initialised_in_november: Path, tmp_path: Path
) -> None:
    """On a repository pmf init wrote: the sheet of a quarter's figures, checked and imported, then checked
    again a month later with one figure revised and one added. The same figure checked by the same role
    is no replacement, and a file holding only such figures is not written at all (not even its day)."""
    root = initialised_in_november
    measure = root / "plans/example/measures/EX-01.yaml"
    sheet = tmp_path / "figures.csv"
    checked = "measure,period,value,verified_by\n"
    sheet.write_text(checked + "EX-01,2026-27 Q1,66.2,Head of Finance\nEX-01,2026-27 Q2,67,Head of Finance\n")
    assert _import(root, sheet, "2026-11-26") == (
        0,
        "EX-01: 2 added, 0 replaced\nchanged 1 measure file\n",
    )
    written = measure.read_bytes()
    stat = measure.stat()
    assert _import(root, sheet, "2026-12-27") == (
        0,
        "2 figures unchanged: the files hold them already\nchanged 0 measure files\n",
    )
    assert (measure.read_bytes(), measure.stat().st_ino, measure.stat().st_mtime_ns) == (
        written,
        stat.st_ino,
        stat.st_mtime_ns,
    )
    assert b"date: 2026-11-26}" in written and b"2026-12-27" not in written
    sheet.write_text(checked + "EX-01,2026-27 Q1,66.2,Head of Finance\nEX-01,2026-27 Q2,67.5,Head of Finance\n")
    assert _import(root, sheet, "2026-12-27") == (
        0,
        "EX-01: 0 added, 1 replaced, 1 unchanged\nchanged 1 measure file\n",
    )
    text = measure.read_text()
    assert "value: 66.2\n    verified: {by: Head of Finance, date: 2026-11-26}" in text
    assert "value: 67.5\n    verified: {by: Head of Finance, date: 2026-12-27}" in text


def test_the_demo_checked_again_is_counted_unchanged(tmp_path: Path) -> None:
    """WST-03's figures as the demo holds them, each checked by the Performance and Improvement Officer,
    and a sheet with one of them checked by someone else and one with no check named."""
    root = tmp_path / "demo"
    shutil.copytree(ROOT / "plans", root / "plans")
    shutil.copy(ROOT / "pmf.yaml", root / "pmf.yaml")
    before = snapshot(root)
    sheet = tmp_path / "wst.csv"
    officer = "Performance and Improvement Officer"
    sheet.write_text(f"measure,period,value,verified_by\nWST-03,2024-25 Q1,412,{officer}\nWST-03,2024-25 Q2,468,\n")
    assert _import(root, sheet, "2026-11-26") == (
        0,
        "2 figures unchanged: the files hold them already\nchanged 0 measure files\n",
    )
    assert snapshot(root) == before
    sheet.write_text(
        f"measure,period,value,verified_by\nWST-03,2024-25 Q1,412,{officer}\nWST-03,2024-25 Q2,468,Head of Waste Services\n"
    )
    assert _import(root, sheet, "2026-11-26") == (
        0,
        "WST-03: 0 added, 0 replaced, 1 re-checked (its figure unchanged), 1 unchanged; 2024-25 Q2: checked by "
        f"Head of Waste Services, where it was checked by {officer} on 2024-10-12\nchanged 1 measure file\n",
    )


def test_a_check_added_to_a_figure_never_checked_is_reported_as_a_check_and_not_made_twice(
    initialised_in_november: Path, tmp_path: Path
) -> None:
    """A quarter's figures recorded by hand, then the sheet they came from imported with the role that
    checked them: the figures stand, so none is replaced; the same sheet again changes nothing."""
    root = initialised_in_november
    measure = root / "plans/example/measures/EX-01.yaml"
    for period, value in (("2026-27 Q1", "66.2"), ("2026-27 Q2", "67")):
        result = runner.invoke(app, ["record", "EX-01", period, value, "--root", str(root), "--as-of", "2026-11-26"])
        assert result.exit_code == 0, result.stderr
    sheet = tmp_path / "figures.csv"
    sheet.write_text("Measure,Period,Value,Checked by\nEX-01,2026-27 Q1,66.2,Head of Finance\nEX-01,2026-27 Q2,67,\n")
    assert _import(root, sheet, "2026-11-27") == (
        0,
        "EX-01: 0 added, 0 replaced, 1 now checked (its figure unchanged), 1 unchanged\nchanged 1 measure file\n",
    )
    written = measure.read_bytes()
    assert b"value: 66.2\n    verified: {by: Head of Finance, date: 2026-11-27}\n" in written
    assert _import(root, sheet, "2026-12-01") == (
        0,
        "2 figures unchanged: the files hold them already\nchanged 0 measure files\n",
    )
    assert measure.read_bytes() == written
    sheet.write_text(
        "Measure,Period,Value,Checked by\nEX-01,2026-27 Q1,66.2,Head of Finance\nEX-01,2026-27 Q2,68,Head of Finance\n"
    )
    assert _import(root, sheet, "2026-12-01") == (
        0,
        "EX-01: 0 added, 1 replaced, 1 unchanged\nchanged 1 measure file\n",
    )


def test_a_welsh_comment_column_is_written_as_pmf_record_comment_cy_writes_it(
    initialised_in_november: Path, tmp_path: Path
) -> None:
    """On a repository pmf init wrote: the Welsh of a comment from a sheet lands as pmf record's --comment-cy
    lands it; an English changed without its Welsh marks the Welsh out of date, and changed with it does not."""
    root = initialised_in_november
    measure = root / "plans/example/measures/EX-01.yaml"
    twin = tmp_path / "twin"
    shutil.copytree(root, twin)
    code, _, err = run("record", "EX-01", "2026-27 Q1", "66.2", "--comment", "Up on Q4.", "--root", str(root))
    assert code == 0, err
    recorded = [
        "record", "EX-01", "2026-27 Q1", "66.2", "--comment", "Up on Q4.", "--comment-cy", "I fyny ar Ch4.",
        "--root", str(twin),
    ]  # fmt: skip
    assert run(*recorded)[0] == 0
    sheet = tmp_path / "q1.csv"
    sheet.write_text("Measure,Period,Value,Comment,Comment (Welsh)\nEX-01,2026-27 Q1,66.2,Up on Q4.,I fyny ar Ch4.\n")
    assert _import(root, sheet, "2026-11-27") == (0, "EX-01: 0 added, 1 replaced\nchanged 1 measure file\n")
    assert measure.read_bytes() == (twin / "plans/example/measures/EX-01.yaml").read_bytes()
    assert "comment: {en: Up on Q4., cy: I fyny ar Ch4.}\n" in measure.read_text()
    assert _import(root, sheet, "2026-11-28") == (
        0,
        "1 figure unchanged: the files hold it already\nchanged 0 measure files\n",
    )

    sheet.write_text("Measure,Period,Value,Comment\nEX-01,2026-27 Q1,66.2,Up on Q4 again.\n")
    assert _import(root, sheet, "2026-11-27") == (
        0,
        "EX-01: 0 added, 1 replaced; 2026-27 Q1: its Welsh comment, kept, was written for the old words and is "
        f"marked out_of_date: cy (pmf translate export <file> --root {root} lists it)\nchanged 1 measure file\n",
    )
    assert "comment: {en: Up on Q4 again., cy: I fyny ar Ch4., out_of_date: cy}\n" in measure.read_text()
    sheet.write_text("Measure,Period,Value,Comment,Sylwadau\nEX-01,2026-27 Q1,66.2,Up once more.,I fyny unwaith eto.\n")
    assert _import(root, sheet, "2026-11-27") == (0, "EX-01: 0 added, 1 replaced\nchanged 1 measure file\n")
    assert "comment: {en: Up once more., cy: I fyny unwaith eto.}\n" in measure.read_text()
    code, _, err = run("validate", "--root", str(root), "--lang", "cy")
    assert code == 0, err


@pytest.mark.parametrize(
    "heading", ["comment_cy", "Comment CY", "Comment (Welsh)", "Welsh comment", "Sylw", "SYLWADAU"]
)
def test_the_welsh_comment_column_may_be_headed_in_english_or_welsh(
    initialised_in_november: Path, tmp_path: Path, heading: str
) -> None:
    root = initialised_in_november
    sheet = tmp_path / "wide.csv"
    sheet.write_text(f"Measure,2026-27 Q1,2026-27 Q2,{heading}\nEX-01,66.2,67,Yn gyson.\n")
    code, _, err = run("import", str(sheet), "--wide", "--root", str(root), "--as-of", "2026-11-27")
    assert code == 0, err
    assert "columns ignored" not in err
    text = (root / "plans/example/measures/EX-01.yaml").read_text()
    assert text.count("comment: {cy: Yn gyson.}\n") == 2


def _demo(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    shutil.copytree(ROOT / "plans", root / "plans")
    shutil.copy(ROOT / "pmf.yaml", root / "pmf.yaml")
    return root


OFFICER = "Performance and Improvement Officer"
REV_02 = "plans/revenues-benefits/measures/REV-02.yaml"  # 2026-09: 15.9, checked by the officer on 2026-10-12


def test_a_figure_checked_again_by_the_same_role_with_a_new_comment_keeps_its_check_day_in_record_and_import(
    tmp_path: Path,
) -> None:
    root = _demo(tmp_path)
    sheet = tmp_path / "rev.csv"
    sheet.write_text(f"Measure,Period,Value,Comment,Verified By\nREV-02,2026-09,15.9,Words from the sheet,{OFFICER}\n")
    code, err = _import(root, sheet, "2027-02-15")
    assert (code, err) == (0, "REV-02: 0 added, 1 replaced\nchanged 1 measure file\n")
    text = (root / REV_02).read_text()
    assert f"comment: Words from the sheet\n    verified: {{by: {OFFICER}, date: 2026-10-12}}" in text
    code, _, err = run(
        "record", "REV-02", "2026-09", "15.9", "--comment", "Words typed", "--verified-by", OFFICER,
        "--root", str(root), "--as-of", "2027-02-16",
    )  # fmt: skip
    assert code == 0, err
    assert f"comment: Words typed\n    verified: {{by: {OFFICER}, date: 2026-10-12}}" in (root / REV_02).read_text()


def test_a_check_by_another_role_replaced_names_the_check_it_replaces(tmp_path: Path) -> None:
    root = _demo(tmp_path)
    sheet = tmp_path / "rev.csv"
    sheet.write_text("Measure,Period,Value,Verified By\nREV-02,2026-09,15.9,Head of Housing\n")
    assert _import(root, sheet, "2027-02-15") == (
        0,
        "REV-02: 0 added, 0 replaced, 1 re-checked (its figure unchanged); 2026-09: checked by Head of Housing, "
        f"where it was checked by {OFFICER} on 2026-10-12\nchanged 1 measure file\n",
    )
    assert "verified: {by: Head of Housing, date: 2027-02-15}" in (root / REV_02).read_text()


def test_a_sheet_with_english_and_welsh_comment_columns_writes_both(tmp_path: Path) -> None:
    root = _demo(tmp_path)
    sheet = tmp_path / "rev.csv"
    for english in ("Comment (English)", "English comment", "comment_en"):
        sheet.write_text(f"Measure,Period,Value,{english},Comment (Welsh)\nREV-02,2026-09,15.9,On target,Ar y targed\n")
        code, err = _import(root, sheet, "2027-02-15")
        assert code == 0, err
        assert "comment: {en: On target, cy: Ar y targed}" in (root / REV_02).read_text(), english
        shutil.copy(ROOT / REV_02, root / REV_02)


def test_a_sheet_with_only_a_welsh_comment_column_says_the_english_is_left_as_it_was(tmp_path: Path) -> None:
    root = _demo(tmp_path)
    sheet = tmp_path / "rev.csv"
    sheet.write_text("Measure,Period,Value,Comment (Welsh)\nREV-02,2026-09,15.9,Ar y targed\n")
    code, err = _import(root, sheet, "2027-02-15")
    assert code == 0
    assert err.splitlines()[0] == (
        "rev.csv: the column 'Comment (Welsh)' gives comments in Welsh, and no column gives them in English: "
        'the English comments are left as they were (name its column with --columns "comment=HEADER")'
    )


@pytest.mark.parametrize(
    ("named", "said"),
    [
        ("comment_cy=Cymraeg", "no column for comment_cy ('Cymraeg')"),
        ("comment=Nope", "no column for comment ('Nope')"),
        ("comment=Verified", "no column for comment ('Verified') (comment: did you mean 'Verified By'?)"),
    ],
)
def test_a_header_named_in_columns_that_the_sheet_lacks_is_refused(tmp_path: Path, named: str, said: str) -> None:
    root = _demo(tmp_path)
    before = snapshot(root)
    sheet = tmp_path / "rev.csv"
    sheet.write_text("Measure,Period,Value,Verified By\nREV-02,2026-09,15.9,Head of Housing\n")
    code, _, err = run("import", str(sheet), "--root", str(root), "--as-of", "2027-02-15", "--columns", named)
    assert code == 2
    assert err == (
        f"pmf: rev.csv: {said}; its columns are Measure, Period, Value, Verified By. "
        f'Name them with --columns "{named.split("=")[0]}=HEADER"\n'
    )
    assert snapshot(root) == before
