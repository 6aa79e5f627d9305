"""pmf import --definitions reads cells as officers fill them: the labels reports show, figures with
their signs, percentage-formatted cells, and a threshold column whose pair is missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from pmf.cli import app
from pmf.yamlio import load_fast

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
HEADER = ["Service", "ID", "Kind", "Title", "Data type", "Frequency", "Polarity", "Benchmarking"]
HEADER += ["Target 2026/27", "Tolerance 2026/27"]


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, " ".join(result.stderr.split())


@pytest.fixture
def council(tmp_path: Path) -> Path:
    """A repository as `pmf init` writes it: one service, `example`."""
    code, _, err = run("init", str(tmp_path / "council"), "--organisation", "Test Council", "--as-of", "2026-02-01")
    assert code == 0, err
    return tmp_path / "council"


def workbook(path: Path, rows: list[list[object]], header: list[str] = HEADER, percent: str = "") -> Path:
    """A definitions workbook under a title row; cells in the columns ``percent`` names are formatted 0%."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Corporate measures 2026-27"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for index, name in enumerate(header, start=1):
        if name in percent.split(","):
            for cells in sheet.iter_rows(min_row=3, min_col=index, max_col=index):
                cells[0].number_format = "0%"
    book.save(path)
    return path


def thresholds(council: Path, ident: str) -> object:
    return load_fast((council / f"plans/example/measures/{ident}.yaml").read_text())["thresholds"]


def test_a_percentage_formatted_cell_gives_the_percentage_it_shows(council: Path, tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["example", "EX-10", "Performance measure", "Recycling", "percentage", "quarterly", "Higher is better"]
    ]
    rows[0] += ["local", 0.7, 0.655]
    path = workbook(tmp_path / "defs.xlsx", rows, percent="Target 2026/27,Tolerance 2026/27")
    code, _, err = run("import", "--definitions", str(path), "--root", str(council))
    assert code == 0, err
    assert thresholds(council, "EX-10") == {"2026-27": {"target": 70, "tolerance": 65.5}}


def test_a_percentage_formatted_cell_for_another_data_type_is_refused(council: Path, tmp_path: Path) -> None:
    rows: list[list[object]] = [["example", "EX-10", "Indicator", "Fly-tipping", "number", "monthly"]]
    rows[0] += ["Lower is better", "local", 0.7, 0.8]
    path = workbook(tmp_path / "defs.xlsx", rows, percent="Target 2026/27")
    code, _, err = run("import", "--definitions", str(path), "--root", str(council))
    assert code == 1
    assert (
        "defs.xlsx:3:9: Target 2026/27: the cell shows 70%, a percentage, but the measure's data_type is number: "
        "give data_type percentage, or write the figure as a plain number"
    ) in err
    assert not (council / "plans/example/measures/EX-10.yaml").exists()


def test_the_labels_reports_show_and_figures_with_their_signs_are_read(council: Path, tmp_path: Path) -> None:
    common = ["example", None, "Performance measure", None, None, "annual", "Lower is better"]
    rows: list[list[object]] = [
        [*common[:1], "EX-20", *common[2:3], "Recycling", "percentage", *common[5:6], "Higher is better"],
        [*common[:1], "EX-21", *common[2:3], "Cost per tonne", "monetary", *common[5:]],
        [*common[:1], "EX-22", *common[2:3], "Bins collected", "number", *common[5:]],
    ]
    rows[0] += ["Benchmarked Nationally", "70%", "65%"]
    rows[1] += ["benchmarked_locally", "£1,200.00", "£1,350.00"]
    rows[2] += ["Count Only", None, None]
    path = workbook(tmp_path / "defs.xlsx", rows)
    code, _, err = run("import", "--definitions", str(path), "--root", str(council))
    assert code == 0, err
    read = {i: load_fast((council / f"plans/example/measures/{i}.yaml").read_text()) for i in ("EX-20", "EX-21")}
    assert read["EX-20"]["benchmarking"] == "national" and read["EX-21"]["benchmarking"] == "local"
    assert read["EX-20"]["thresholds"] == {"2026-27": {"target": 70, "tolerance": 65}}
    assert read["EX-21"]["thresholds"] == {"2026-27": {"target": 1200, "tolerance": 1350}}
    text = (council / "plans/example/measures/EX-22.yaml").read_text()
    assert load_fast(text)["benchmarking"] == "count_only"


def test_a_percentage_written_for_a_number_measure_is_named(council: Path, tmp_path: Path) -> None:
    rows: list[list[object]] = [["example", "EX-10", "Indicator", "Fly-tipping", "number", "monthly"]]
    rows[0] += ["Lower is better", "local", "70%", "80%"]
    code, _, err = run("import", "--definitions", str(workbook(tmp_path / "d.xlsx", rows)), "--root", str(council))
    assert code == 1
    assert "d.xlsx:3:9: Target 2026/27: '70%' is a percentage, but the measure's data_type is number" in err


@pytest.mark.parametrize(
    ("dropped", "message"),
    [
        (
            "Mid-year tolerance 2026/27",
            "defs.xlsx:2:11: Mid-year target 2026/27: no 'mid-year tolerance 2026-27' column beside it",
        ),
        ("Tolerance 2026/27", "defs.xlsx:2:9: Target 2026/27: no 'tolerance 2026-27' column beside it"),
    ],
)
def test_a_target_column_without_its_tolerance_column_is_refused(
    council: Path, tmp_path: Path, dropped: str, message: str
) -> None:
    header = [*HEADER, "Mid-year target 2026/27", "Mid-year tolerance 2026/27"]
    row: list[object] = ["example", "EX-10", "Indicator", "Fly-tipping", "number", "monthly", "Lower is better"]
    row += ["local", 2300, 2600, 1150, 1300]
    keep = [i for i, name in enumerate(header) if name != dropped]
    path = workbook(tmp_path / "defs.xlsx", [[row[i] for i in keep]], [header[i] for i in keep])
    code, _, err = run("import", "--definitions", str(path), "--root", str(council))
    assert code == 1
    assert (
        f"{message}: add one, leaving a cell blank where a measure has No Tolerance "
        "(a missing column is not read as No Tolerance for every measure)"
    ) in err
    assert not (council / "plans/example/measures/EX-10.yaml").exists()


def test_a_header_on_another_sheet_is_named_and_the_sheet_read_in_any_case(council: Path, tmp_path: Path) -> None:
    path = workbook(tmp_path / "defs.xlsx", [["example", "EX-10", "Indicator", "Fly-tipping", "number", "monthly"]])
    book = load_workbook(path)
    book.active.title = "Measures"
    notes = book.create_sheet("Read me", 0)
    notes.append(["How to fill in this sheet"])
    book.save(path)
    code, _, err = run("import", "--definitions", str(path), "--root", str(council))
    assert code == 2
    hint = "(in the sheet 'Read me'; the workbook's other sheets are 'Measures': choose one with --sheet)"
    assert f"defs.xlsx: no rows under the header {hint}" in err
    notes.append(["One row per measure."])
    book.save(path)
    code, _, err = run("import", "--definitions", str(path), "--root", str(council))
    assert code == 1
    assert f"no column for service, id, kind, title, frequency, benchmarking: every measure needs one {hint}" in err
    code, _, err = run("import", "--definitions", str(path), "--sheet", "measures", "--root", str(council))
    assert code == 1 and "Read me" not in err  # the row lacks its benchmarking: the sheet was read
    assert "defs.xlsx:3:8: Benchmarking: is empty: every measure needs a benchmarking" in err


def test_thresholds_with_decimal_commas_in_a_file_separated_by_semicolons(council: Path, tmp_path: Path) -> None:
    path = tmp_path / "defs.csv"
    lines = [
        ";".join(HEADER),
        "example;EX-10;Performance measure;Recycling;percentage;quarterly;Higher is better;local;70,5 %;65,25",
    ]
    path.write_text("\n".join(lines) + "\n")
    code, _, err = run("import", "--definitions", str(path), "--root", str(council))
    assert code == 0, err
    assert thresholds(council, "EX-10") == {"2026-27": {"target": 70.5, "tolerance": 65.25}}
    path.write_text("\n".join([lines[0], lines[1].replace("EX-10", "EX-11").replace("70,5 %", "1,070")]) + "\n")
    code, _, err = run("import", "--definitions", str(path), "--root", str(council))
    assert code == 1
    assert "defs.csv:2:9: Target 2026/27: '1,070' reads two ways in a file separated by semicolons" in err, err


def test_a_threshold_with_a_dot_between_thousands_and_no_comma_is_refused_in_a_file_separated_by_semicolons(
    council: Path, tmp_path: Path
) -> None:
    path = tmp_path / "defs.csv"
    row = "example;EX-12;Performance measure;Recycling;number;quarterly;Higher is better;local;4.200;3.900,5"
    path.write_text(f"{';'.join(HEADER)}\n{row}\n")
    code, _, err = run("import", "--definitions", str(path), "--root", str(council))
    assert code == 1
    assert (
        "defs.csv:2:9: Target 2026/27: '4.200' reads two ways in a file separated by semicolons: "
        "4200 (a dot between thousands) or 4.2 (a decimal point): write 4200 or 4,2"
    ) in err, err
    path.write_text(f"{';'.join(HEADER)}\n{row.replace(';4.200;', ';4200;')}\n")
    code, _, err = run("import", "--definitions", str(path), "--root", str(council))
    assert code == 0, err
    assert thresholds(council, "EX-12") == {"2026-27": {"target": 4200, "tolerance": 3900.5}}
