"""pmf import (CSV and real Excel files) and pmf export (CSV, Excel, Parquet, JSON)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from pmf.cli import app

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
    assert "bad.csv:3:1: WST-01 2025-09: '2025-09' is a monthly period but WST-01 is quarterly" in err
    assert "bad.csv:4:1: measure: no measure 'WST-9'" in err
    assert "bad.csv:5:1: WST-01 2025-26 Q4: 'abc' is not a number" in err
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
    assert "+  - {period: 2025-06, value: 90}" in out
    assert "would change 2 measure files" in err
    code, _, err = run("import", str(path), "--root", str(repo))
    assert code == 2 and "no 'measure' column" in err


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
    titles = [c.value for c in book["activities"]["D"]]
    assert titles[1].startswith("'=")
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
