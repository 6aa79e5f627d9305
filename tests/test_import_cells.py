"""pmf import on the sheets councils and colleagues send: how each cell's figure and period is read,
and where each problem is placed, on a repository pmf init and pmf new wrote."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from typer.testing import CliRunner

from pmf.cli import app

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
AS_OF = "2027-01-10"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def council(tmp_path: Path) -> Path:
    """pmf init's repository with WST-01 (quarterly percentage, 1 decimal, as pmf new writes it) and
    WST-02 (a monthly cumulative count of incidents, no decimals)."""
    root = tmp_path / "council"
    for args in (
        ("init", str(root), "--as-of", "2026-11-27"),
        ("new", "service", "waste", "--root", str(root), "--as-of", "2026-11-27"),
        ("new", "measure", "WST-01", "--service", "waste", "--root", str(root), "--as-of", "2026-11-27"),
        ("new", "measure", "WST-02", "--service", "waste", "--root", str(root), "--as-of", "2026-11-27"),
    ):
        code, _, err = run(*args)
        assert code == 0, err
    path = root / "plans/waste/measures/WST-02.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in (
        ("data_type: percentage", "data_type: number"),
        ("decimals: 1 ", "unit: incidents\ndecimals: 0 "),
        ("aggregation: normal", "aggregation: cumulative"),
        ("frequency: quarterly", "frequency: monthly"),
        ("polarity: higher_is_better", "polarity: lower_is_better"),
        ("{target: 70.0, tolerance: 65.0}", "{target: 400, tolerance: 450}"),
    ):
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    code, _, err = run("validate", "--root", str(root))
    assert code == 0, err
    return root


def values(root: Path, measure: str) -> dict[str, str]:
    """Each outturn's period and value as the measure's file writes them."""
    text = (root / f"plans/waste/measures/{measure}.yaml").read_text(encoding="utf-8")
    return dict(re.findall(r"^  - period: (.+)\n    value: (.+)$", text, re.MULTILINE))


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def workbook(
    path: Path, rows: list[list[object]], formats: dict[str, str] | None = None, merged: tuple[str, ...] = ()
) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    for at, number_format in (formats or {}).items():
        sheet[at].number_format = number_format
    for cells in merged:
        sheet.merge_cells(cells)
    book.save(path)
    return path


def imported(root: Path, path: Path, *args: str) -> tuple[int, str]:
    code, _, err = run("import", str(path), "--root", str(root), "--as-of", AS_OF, *args)
    return code, err


# 1. A dot between thousands, as much of Europe writes them


def test_a_typed_figure_with_a_dot_between_thousands_is_refused_for_a_whole_number_measure(
    council: Path, tmp_path: Path
) -> None:
    path = workbook(tmp_path / "edge.xlsx", [["Measure", "Period", "Value"], ["WST-02", "2026-11", "4.200"]])
    before = snapshot(council)
    code, err = imported(council, path)
    assert code == 1
    assert err.splitlines()[0] == (
        "edge.xlsx:2:3: WST-02 2026-11: '4.200' may have a dot between thousands: write 4200 if 4,200 is meant, or 4.2"
    )
    assert snapshot(council) == before
    code, _, err = run("record", "WST-02", "2026-11", "4.200 incidents", "--root", str(council), "--as-of", AS_OF)
    assert (code, "write 4200 if 4,200 is meant, or 4.2" in err) == (2, True), err


def test_a_negative_figure_with_a_dot_between_thousands_is_quoted_as_written_and_keeps_its_sign(
    council: Path, tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "minus.xlsx", [["Measure", "Period", "Value"], ["WST-02", "2026-11", "-4.200 incidents"]]
    )
    code, err = imported(council, path)
    assert code == 1
    assert err.splitlines()[0] == (
        "minus.xlsx:2:3: WST-02 2026-11: '-4.200 incidents' may have a dot between thousands: "
        "write -4200 if -4,200 is meant, or -4.2"
    )
    code, _, err = run("record", "WST-02", "2026-11", "--root", str(council), "--as-of", AS_OF, "--", "-4.200")
    assert code == 2
    assert "pmf: '-4.200' may have a dot between thousands: write -4200 if -4,200 is meant, or -4.2" in err, err


def test_decimal_commas_in_a_file_separated_by_semicolons_are_read_where_they_read_one_way(
    council: Path, tmp_path: Path
) -> None:
    """What Excel saves as CSV where a comma is the decimal mark: semicolons between cells."""
    path = tmp_path / "continental.csv"
    path.write_text(
        "Measure;Period;Value;Comment\nWST-01;2026-27 Q1;66,2;\nWST-01;2026-27 Q2;67,25 %;12,5\n"
        "WST-02;2026-04;1.234,5;\nWST-02;2026-05;0,75;1,234\n",
        encoding="utf-8",
    )
    code, err = imported(council, path)
    assert code == 0, err
    assert values(council, "WST-01") == {"2026-27 Q1": "66.2", "2026-27 Q2": "67.25"}
    written = (council / "plans/waste/measures/WST-01.yaml").read_text() + (
        council / "plans/waste/measures/WST-02.yaml"
    ).read_text()
    assert "comment: 12,5\n" in written and "comment: 1,234\n" in written  # a comment is text, kept as written
    assert values(council, "WST-02") == {"2026-04": "1234.5", "2026-05": "0.75"}


def test_a_figure_reading_two_ways_in_a_file_separated_by_semicolons_is_refused_saying_both(
    council: Path, tmp_path: Path
) -> None:
    path = tmp_path / "continental.csv"
    path.write_text("Measure;Period;Value\nWST-02;2026-04;412\nWST-02;2026-05;1,234\nWST-01;2026-27 Q1;12,345 %\n")
    before = snapshot(council)
    code, err = imported(council, path)
    assert (code, err.splitlines()) == (
        1,
        [
            "continental.csv:3:3: WST-02 2026-05: '1,234' reads two ways in a file separated by semicolons: "
            "1234 (a comma between thousands) or 1.234 (a decimal comma): write 1234 or 1.234, with no comma",
            "continental.csv:4:3: WST-01 2026-27 Q1: '12,345 %' reads two ways in a file separated by semicolons: "
            "12345 (a comma between thousands) or 12.345 (a decimal comma): write 12345 or 12.345, with no comma",
            "2 problems in 1 file",
        ],
    )
    assert snapshot(council) == before


def test_a_file_separated_by_commas_keeps_its_rules_for_a_comma_in_a_figure(council: Path, tmp_path: Path) -> None:
    path = tmp_path / "commas.csv"
    path.write_text('Measure,Period,Value\nWST-02,2026-04,"1,234"\nWST-01,2026-27 Q1,"66,2"\n')
    code, err = imported(council, path)
    assert (code, err.splitlines()[:1]) == (
        1,
        [
            "commas.csv:3:3: WST-01 2026-27 Q1: '66,2' has a comma that does not separate thousands: "
            "write the figure with a decimal point"
        ],
    )
    path.write_text('Measure,Period,Value\nWST-02,2026-04,"1,234"\n')
    code, err = imported(council, path)
    assert code == 0, err
    assert values(council, "WST-02") == {"2026-04": "1234"}


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=0, max_value=10**9),
    st.one_of(st.none(), st.text(alphabet="0123456789", min_size=1, max_size=6)),
    st.booleans(),
    st.sampled_from(["", "-", "£", "-£", "€ "]),
    st.sampled_from(["", "%", " days", " (p)"]),
)
def test_a_decimal_comma_reads_as_the_point_it_stands_for_or_is_refused_when_it_could_be_thousands(
    whole: int, decimals: str | None, grouped: bool, before: str, after: str
) -> None:
    """In a file separated by semicolons: with a comma (``1.234,5``) or without one (``1.500``, ``412``)."""
    from decimal import Decimal

    from pmf.sheetcells import figure_cell
    from pmf.spreadsheet import CommaDecimal

    digits = f"{whole:,}".replace(",", ".") if grouped else str(whole)
    written = f"{before}{digits}{'' if decimals is None else ',' + decimals}{after}"
    if decimals is None:
        two_ways = digits.count(".") == 1  # 1.500: 1500, or 1.5
    else:
        two_ways = "." not in digits and 0 < whole < 1000 and len(decimals) == 3  # 1,234: 1234, or 1.234
    try:
        number = figure_cell(CommaDecimal(written)).removeprefix(before).removesuffix(after)
    except ValueError as exc:
        assert two_ways, exc
        assert str(exc).startswith(f"'{written.strip()}' reads two ways in a file separated by semicolons: ")
    else:
        assert not two_ways, number
        assert Decimal(number) == Decimal(f"{whole}.{decimals or 0}")
    assert figure_cell(written) == written  # text from any other file is as written


def test_a_number_cell_or_a_measure_with_decimals_is_read_as_written(council: Path, tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Measure", "Period", "Value"],
        ["WST-02", "2026-11", 4200],
        ["WST-01", "2026-27 Q2", "66.250"],
    ]
    code, err = imported(council, workbook(tmp_path / "ok.xlsx", rows))
    assert code == 0, err
    assert values(council, "WST-02") == {"2026-11": "4200"}
    assert values(council, "WST-01") == {"2026-27 Q2": "66.250"}


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_every_one_dot_three_digits_figure_is_refused_only_without_decimals(whole: int, part: int) -> None:
    from pmf.models import Measure
    from pmf.outturn_values import parse_value

    written = f"{whole}.{part:03d}"
    count = Measure.model_construct(data_type=None, unit=None, decimals=0)
    with pytest.raises(ValueError, match=f"write {whole}{part:03d} if"):
        parse_value(written, count)
    assert parse_value(written, count, typed=False) == parse_value(
        written, Measure.model_construct(data_type=None, unit=None, decimals=1)
    )


# 2. A percentage written as a fraction


def test_a_percentage_written_as_a_fraction_is_refused_at_its_cell(council: Path, tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text("Measure,Period,Value\nWST-01,2026-27 Q1,0.675\nWST-01,2026-27 Q2,68.1%\n", encoding="utf-8")
    before = snapshot(council)
    code, err = imported(council, path)
    assert (code, err.splitlines()) == (
        1,
        [
            "mixed.csv:2:3: WST-01 2026-27 Q1: 0.675 looks like a fraction: write 67.5 for 67.5%; if 0.675% "
            f"is meant, record it with `pmf record WST-01 '2026-27 Q1' 0.675 --root {council} --as-of {AS_OF}`",
            "1 problem in 1 file",
        ],
    )
    assert snapshot(council) == before
    path.write_text("Measure,Period,Value\nWST-01,2026-27 Q1,0.5\n", encoding="utf-8")  # the target (70) is above 1
    assert imported(council, path)[0] == 1
    assert snapshot(council) == before
    path.write_text("Measure,Period,Value\nWST-01,2026-27 Q1,67.5\nWST-01,2026-27 Q2,68.1%\n", encoding="utf-8")
    code, err = imported(council, path)
    assert code == 0, err
    assert values(council, "WST-01") == {"2026-27 Q1": "67.5", "2026-27 Q2": "68.1"}


def test_a_whole_percentage_of_1_beside_a_target_of_70_is_refused(council: Path, tmp_path: Path) -> None:
    path = tmp_path / "one.csv"
    path.write_text("Measure,Period,Value\nWST-01,2026-27 Q1,1\n", encoding="utf-8")
    code, err = imported(council, path)
    assert code == 1, err
    assert "one.csv:2:3: WST-01 2026-27 Q1: 1 looks like a fraction: write 100 for 100%;" in err
    assert values(council, "WST-01") == {}


# was: exit 0, "warning: ... 0.695 looks like a fraction", and the file's 69.5 replaced by 0.695 (shown 0.7%, red)
def test_a_fraction_in_a_general_cell_does_not_replace_a_recorded_percentage(council: Path, tmp_path: Path) -> None:
    code, _, err = run("record", "WST-01", "2026-27 Q1", "69.5", "--root", str(council), "--as-of", AS_OF)
    assert code == 0, err
    before = snapshot(council)
    rows: list[list[object]] = [["Measure", "Period", "Value"], ["WST-01", "2026-27 Q1", 0.695]]
    code, err = imported(council, workbook(tmp_path / "general.xlsx", rows))
    assert (code, err.splitlines()) == (
        1,
        [
            "general.xlsx:2:3: WST-01 2026-27 Q1: 0.695 looks like a fraction: write 69.5 for 69.5%, or format the "
            f"cell as a percentage; if 0.695% is meant, record it with `pmf record WST-01 '2026-27 Q1' 0.695 --root "
            f"{council} --as-of {AS_OF}`",
            "1 problem in 1 file",
        ],
    )
    assert snapshot(council) == before
    code, err = imported(council, workbook(tmp_path / "formatted.xlsx", rows, {"C2": "0.0%"}))
    assert (code, err.splitlines()) == (0, ["1 figure unchanged: the files hold it already", "changed 0 measure files"])
    assert values(council, "WST-01") == {"2026-27 Q1": "69.5"}


def test_a_percentage_cell_showing_a_small_percentage_is_imported_with_a_warning(council: Path, tmp_path: Path) -> None:
    """A cell formatted as a percentage is read as the percentage Excel shows: 0.01 showing 1.0% is 1, which
    the sheet's reader saw as 1%, so it is written, with the warning alone."""
    rows: list[list[object]] = [["Measure", "Period", "Value"], ["WST-01", "2026-27 Q1", 0.01]]
    code, err = imported(council, workbook(tmp_path / "small.xlsx", rows, {"C2": "0.0%"}))
    assert code == 0, err
    assert "small.xlsx:2:3: warning: WST-01 2026-27 Q1: 1 looks like a fraction: write 100 for 100%" in err
    assert values(council, "WST-01") == {"2026-27 Q1": "1"}


def test_a_small_percentage_among_small_targets_is_not_taken_for_a_fraction(council: Path, tmp_path: Path) -> None:
    path = council / "plans/waste/measures/WST-01.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in (
        ("polarity: higher_is_better", "polarity: lower_is_better"),
        ("{target: 70.0, tolerance: 65.0}", "{target: 2.0, tolerance: 3.0}"),
    ):
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    sheet = tmp_path / "small.csv"
    sheet.write_text("Measure,Period,Value\nWST-01,2026-27 Q1,0.8\nWST-01,2026-27 Q2,1\n", encoding="utf-8")
    code, err = imported(council, sheet)
    assert code == 0, err
    assert "fraction" not in err, err
    assert values(council, "WST-01") == {"2026-27 Q1": "0.8", "2026-27 Q2": "1"}


# 3. A percent sign written into a number format as text


@pytest.mark.parametrize("number_format", ['0.0"%"', "0.0\\%"])
def test_a_cell_formatted_with_a_literal_percent_sign_gives_the_figure_it_holds(
    council: Path, tmp_path: Path, number_format: str
) -> None:
    rows: list[list[object]] = [
        ["Measure", "Period", "Value"],
        ["WST-01", "2026-27 Q1", 66.5],
        ["WST-01", "2026-27 Q2", 0.681],
    ]
    path = workbook(tmp_path / "pct.xlsx", rows, {"C2": number_format, "C3": "0.0%"})
    code, err = imported(council, path)
    assert code == 0, err
    assert values(council, "WST-01") == {"2026-27 Q1": "66.5", "2026-27 Q2": "68.1"}


# 4. Each problem at its cell


def test_each_problem_is_placed_at_its_cell(council: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "Comment,Measure,Period,Value\n,WST-01,2026-27 Q1,seventy\n,WST-01,2026-09,60\n,WST-9,2026-27 Q1,60\n",
        encoding="utf-8",
    )
    code, err = imported(council, path)
    assert code == 1
    assert err.splitlines()[:3] == [
        "bad.csv:2:4: WST-01 2026-27 Q1: 'seventy' is not a number: for a figure not available, write n/a as the "
        "value and say why in the comment",
        "bad.csv:3:3: WST-01 2026-09: '2026-09' is a monthly period but WST-01 is quarterly: write periods like 2025-26 Q2",
        "bad.csv:4:2: Measure: no measure 'WST-9' (did you mean 'WST-02'?)",
    ]


def test_a_wide_tables_second_figure_for_a_period_names_the_first_ones_column(council: Path, tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("Measure,Actual 2026-27 Q1,Outturn 2026-27 Q1\nWST-01,66,67\n", encoding="utf-8")
    code, _, err = run("import", str(path), "--wide", "--root", str(council), "--as-of", AS_OF)
    assert code == 1
    assert "wide.csv:2:3: WST-01: 2026-27 Q1 is also in column 2 ('Actual 2026-27 Q1') of row 2" in err


# 5. Marks, withheld figures, unsaved formulas and notes under the table


def test_a_revised_or_provisional_mark_is_taken_off_and_said(council: Path, tmp_path: Path) -> None:
    path = tmp_path / "marked.csv"
    path.write_text("Measure,Period,Value\nWST-02,2026-05,398 (r)\nWST-02,2026-06,405 [p]\n", encoding="utf-8")
    code, err = imported(council, path)
    assert code == 0, err
    assert values(council, "WST-02") == {"2026-05": "398", "2026-06": "405"}
    assert "marked.csv:2:3: warning: WST-02 2026-05: read 398, marked revised ('398 (r)'); the mark is left off" in err
    assert "marked.csv:3:3: warning: WST-02 2026-06: read 405, marked provisional ('405 [p]')" in err


def test_a_withheld_mark_or_an_excel_error_says_how_to_record_a_figure_not_available(
    council: Path, tmp_path: Path
) -> None:
    path = tmp_path / "withheld.csv"
    path.write_text("Measure,Period,Value\nWST-02,2026-05,[x]\nWST-02,2026-06,#N/A\n", encoding="utf-8")
    code, err = imported(council, path)
    assert code == 1
    how = "is not a number: for a figure not available, write n/a as the value and say why in the comment"
    assert err.splitlines()[:2] == [
        f"withheld.csv:2:3: WST-02 2026-05: '[x]' {how}",
        f"withheld.csv:3:3: WST-02 2026-06: '#N/A' {how}",
    ]


EXCEL_ERRORS = ["#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"]


def test_an_excel_error_or_a_figure_written_as_on_paper_says_how_to_mend_it(council: Path, tmp_path: Path) -> None:
    """Excel's error for a formula it cannot work out, and a figure with '£' and commas, are each told what to
    write, as pmf validate tells the same figure in YAML."""
    from openpyxl import load_workbook

    rows: list[list[object]] = [["Measure", "Period", "Value", "Comment"]]
    rows += [["WST-02", f"2026-{month:02d}", error, "no returns"] for month, error in enumerate(EXCEL_ERRORS, 4)]
    rows.append(["WST-02", "2026-10", "£1,200", None])
    path = workbook(tmp_path / "errors.xlsx", rows)
    assert [cell.data_type for cell in load_workbook(path).active["C"][1:7]] == ["e"] * 6  # Excel's error cells
    before = snapshot(council)
    code, err = imported(council, path)
    assert code == 1
    how = (
        "is not a number but Excel's error for a formula it cannot work out: mend the formula, or for a figure not "
        "available, write n/a as the value and say why in the comment"
    )
    plain = "(write the figure alone, without '£', '%' or commas: 1200)"
    assert err.splitlines() == [
        *(f"errors.xlsx:{n}:3: WST-02 2026-{n + 2:02d}: '{error}' {how}" for n, error in enumerate(EXCEL_ERRORS, 2)),
        f"errors.xlsx:8:3: WST-02 2026-10: '£1,200' is not a number {plain}",
        "7 problems in 1 file",
    ]
    assert snapshot(council) == before
    measure = council / "plans/waste/measures/WST-02.yaml"
    measure.write_text(measure.read_text("utf-8") + "outturns:\n  - period: 2026-10\n    value: £1,200\n", "utf-8")
    code, _, err = run("validate", "--root", str(council))
    assert code == 1 and f"outturns[0].value: must be a number; found '£1,200' {plain}\n" in err  # one wording


def test_pmf_record_tells_of_an_excel_error_without_reading_the_workbook_library(council: Path) -> None:
    """pmf record's message for '#DIV/0!' comes from pmf's own list of Excel's errors (the ones openpyxl knows, but
    #N/A): neither the command line's help nor that message loads openpyxl, where each such message imported it."""
    import subprocess
    import sys

    from openpyxl.cell.cell import ERROR_CODES

    from pmf.outturn_values import EXCEL_ERRORS as KNOWN

    assert KNOWN == set(ERROR_CODES) - {"#N/A"} == set(EXCEL_ERRORS)
    for args in (["--help"], ["record", "WST-02", "2026-06", "#DIV/0!", "--root", str(council), "--as-of", AS_OF]):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "pmf", *args], capture_output=True, text=True, check=False
        )
        loaded = [
            line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")
        ]
        assert "pmf.cli" in loaded and "openpyxl" not in loaded, done.stderr[-500:]
        assert args[0] == "--help" or "'#DIV/0!' is not a number but Excel's error" in done.stderr


def test_a_formula_excel_has_not_saved_is_told_apart_from_an_empty_cell(council: Path, tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Measure", "Period", "Value"],
        ["WST-02", "2026-05", "=400+12"],
        ["WST-02", dt.datetime(2026, 6, 1), None],  # a date cell: named by the month it gives
    ]
    code, err = imported(council, workbook(tmp_path / "sums.xlsx", rows))
    assert code == 1
    assert err.splitlines()[:2] == [
        "sums.xlsx:2:3: WST-02 2026-05: the cell holds the formula =400+12, which Excel has not calculated and saved: "
        "open the workbook in Excel and save it, then import again",
        "sums.xlsx:3:3: WST-02 2026-06: no value: write n/a as the value and leave a comment saying why the figure is "
        "not available",
    ]


def test_a_formula_excel_has_not_saved_with_a_comment_beside_it_writes_nothing(council: Path, tmp_path: Path) -> None:
    """A comment beside an empty value records a figure not available; beside a formula, it must not."""
    before = values(council, "WST-02")
    rows: list[list[object]] = [["Measure", "Period", "Value", "Comment"], ["WST-02", "2026-05", "=400+12", "ok"]]
    code, err = imported(council, workbook(tmp_path / "sums.xlsx", rows))
    assert code == 1
    assert err.splitlines()[0].startswith("sums.xlsx:2:3: WST-02 2026-05: the cell holds the formula =400+12")
    assert values(council, "WST-02") == before


def test_notes_below_the_table_are_skipped_and_counted(council: Path, tmp_path: Path) -> None:
    path = tmp_path / "comments.csv"
    path.write_text(
        "Measure,Period,Value,Comment\nWST-02,2026-04,412,\nWST-02,2026-05,398,\nTotal,,810,\n\nSource: Flycapture,,,\n"
        "[x] = not available\n",
        encoding="utf-8",
    )
    code, err = imported(council, path)
    assert code == 0, err
    assert err.splitlines()[:2] == [
        "comments.csv: row 4 is a totals row: skipped",
        "skipped 2 note rows below the table",
    ]
    assert values(council, "WST-02") == {"2026-04": "412", "2026-05": "398"}


# was: return.csv:5:1: Measure: no measure 'Total' (exit 1), where a workbook's totals row holding a formula passed
@pytest.mark.parametrize("kind", ["csv", "xlsx", "wide xlsx"])
def test_a_totals_row_is_skipped_and_said_once_in_a_csv_and_a_workbook(
    council: Path, tmp_path: Path, kind: str
) -> None:
    """An Excel return with a sum under each service's figures and a grand total, typed or as formulas."""
    if kind == "wide xlsx":
        rows: list[list[object]] = [
            ["Measure", "2026-27 Q1", "2026-27 Q2"],
            ["WST-01", 66.2, 64.5],
            ["Total", "=SUM(B2:B2)", 64.5],
            ["Grand Total:", 66.2, "=SUM(C2:C2)"],
        ]
    else:
        rows = [
            ["Measure", "Period", "Value", "Comment"],
            ["WST-02", "2026-04", 412, None],
            ["TOTAL", None, 412, None],
            ["WST-02", "2026-05", 398, "Down"],
            ["cyfanswm", None, "=C2+C4" if kind == "xlsx" else 810, None],
        ]
    path = tmp_path / f"return.{kind.split()[-1]}"
    if kind == "csv":
        path.write_text("".join(",".join("" if c is None else str(c) for c in row) + "\r\n" for row in rows))
    else:
        workbook(path, rows)
    code, err = imported(council, path, *(["--wide"] if kind == "wide xlsx" else []))
    assert code == 0, err
    totals = "3, 4" if kind == "wide xlsx" else "3, 5"
    assert err.splitlines()[0] == f"{path.name}: rows {totals} are totals rows: skipped"
    assert err.count("totals") == 1
    wide = kind == "wide xlsx"
    assert values(council, "WST-01" if wide else "WST-02") == (
        {"2026-27 Q1": "66.2", "2026-27 Q2": "64.5"} if wide else {"2026-04": "412", "2026-05": "398"}
    )


def test_notes_between_the_rows_are_skipped_and_a_mistyped_id_is_still_reported(council: Path, tmp_path: Path) -> None:
    """A council's sheet with its source and a caveat written between the figures, and a service heading
    in a column pmf does not read: each is a note wherever it sits. A measure's id mistyped is never one,
    with a figure or without."""
    path = tmp_path / "returns.csv"
    path.write_text(
        "Service,Measure,Period,Value\nWaste,WST-02,2026-04,412\n,Source: Housing team returns,,\n"
        ",Note: Q2 figures provisional,,\nStreet scene,,,\nWaste,WST-02,2026-05,398\nWaste,WST-20,2026-06,401\n"
        "Waste,WST-O2,,\n",
        encoding="utf-8",
    )
    before = snapshot(council)
    code, err = imported(council, path)
    assert (code, err.splitlines()) == (
        1,
        [
            "returns.csv:7:2: Measure: no measure 'WST-20' (did you mean 'WST-02'?)",
            "returns.csv:8:2: Measure: no measure 'WST-O2' (did you mean 'WST-02'?)",
            "2 problems in 1 file",
        ],
    )
    assert snapshot(council) == before
    path.write_text(path.read_text(encoding="utf-8").replace("Waste,WST-20,2026-06,401\nWaste,WST-O2,,\n", ""))
    code, err = imported(council, path)
    assert code == 0, err
    assert "skipped 3 note rows naming no measure and holding no figure (rows 3, 4, 5)" in err
    assert values(council, "WST-02") == {"2026-04": "412", "2026-05": "398"}


def test_a_row_of_figures_with_its_measure_cell_empty_is_named_by_its_row(council: Path, tmp_path: Path) -> None:
    """A row whose id was left out is told by its row, that its measure cell is empty and what to do, in a CSV,
    a workbook with title rows above its header and a wide table alike; a wholly blank row says nothing."""
    fix = "write the measure's id in it, or delete the row"
    path = tmp_path / "returns.csv"
    path.write_text("Measure,Period,Value,Comment\nWST-02,2026-04,412,\n,2026-05,398,\n,,,\n,,,Bins late\n")
    before = snapshot(council)
    code, err = imported(council, path)
    assert (code, err.splitlines()) == (
        1,
        [
            f"returns.csv:3:1: Measure: the measure cell of row 3 is empty, and the row has figures: {fix}",
            f"returns.csv:5:1: Measure: the measure cell of row 5 is empty, and the row has a comment: {fix}",
            "2 problems in 1 file",
        ],
    )
    assert snapshot(council) == before
    book = workbook(
        tmp_path / "returns.xlsx",
        [["Waste returns"], [], ["KPI Code", "Period", "Actual"], ["WST-02", "2026-04", 412], [None, "2026-05", 398]],
    )
    code, err = imported(council, book, "--columns", "measure=KPI Code")
    assert (code, err.splitlines()) == (
        1,
        [
            f"returns.xlsx:5:1: KPI Code: the measure cell of row 5 is empty, and the row has figures: {fix}",
            "1 problem in 1 file",
        ],
    )
    wide = tmp_path / "wide.csv"
    wide.write_text("Measure,Apr-26,May-26\nWST-02,412,398\n,,401\n")
    code, err = imported(council, wide, "--wide")
    assert (code, err.splitlines()) == (
        1,
        [
            f"wide.csv:3:1: Measure: the measure cell of row 3 is empty, and the row has figures: {fix}",
            "1 problem in 1 file",
        ],
    )
    path.write_text("Measure,Period,Value,Comment\nWST-02,2026-04,412,\n,,,\nWST-02,2026-05,398,\n")
    code, err = imported(council, path)
    assert code == 0, err
    assert "row" not in err
    assert values(council, "WST-02") == {"2026-04": "412", "2026-05": "398"}


def test_a_word_that_could_be_an_id_alone_among_the_rows_is_reported(council: Path, tmp_path: Path) -> None:
    """``ASC12`` alone between figures may be a measure the repository lacks: only below the table is it a note."""
    path = tmp_path / "returns.csv"
    path.write_text("Measure,Period,Value\nWST-02,2026-04,412\nASC12,,\nWST-02,2026-05,398\nTotal,,\n")
    code, err = imported(council, path)
    assert (code, err.splitlines()) == (1, ["returns.csv:3:1: Measure: no measure 'ASC12'", "1 problem in 1 file"])


# 6. Periods as spreadsheets write them


def test_a_wide_tables_months_may_be_headed_as_a_spreadsheet_writes_them(council: Path, tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Measure", "Apr-26", "May-26", dt.datetime(2026, 6, 1), "Jul 2026", "YTD"],
        ["WST-02", 412, 398, 401, 405, 1616],
    ]
    code, _, err = run(
        "import", str(workbook(tmp_path / "months.xlsx", rows)), "--wide", "--root", str(council), "--as-of", AS_OF
    )
    assert code == 0, err
    assert values(council, "WST-02") == {"2026-04": "412", "2026-05": "398", "2026-06": "401", "2026-07": "405"}
    assert "months.xlsx: columns ignored (no period in the header): 'YTD'" in err


@pytest.mark.parametrize(
    ("measure", "written", "label"),
    [
        ("WST-01", "30/09/2026", "2026-27 Q2"),
        ("WST-01", "Quarter 1 2026-27", "2026-27 Q1"),
        ("WST-01", "2026-27 Quarter 1", "2026-27 Q1"),
        ("WST-01", "Qtr 1 2026/27", "2026-27 Q1"),
        ("WST-02", "2026-10-01", "2026-10"),
    ],
)
def test_a_period_written_as_a_date_or_in_words_is_read(
    council: Path, tmp_path: Path, measure: str, written: str, label: str
) -> None:
    path = tmp_path / "dates.csv"
    path.write_text(f"Measure,Period,Value\n{measure},{written},61\n", encoding="utf-8")
    code, err = imported(council, path)
    assert code == 0, err
    assert values(council, measure) == {label: "61"}


def test_a_day_first_date_inside_a_quarter_is_refused_naming_the_quarter(council: Path, tmp_path: Path) -> None:
    path = tmp_path / "dates.csv"
    path.write_text("Measure,Period,Value\nWST-01,15/09/2026,61\n", encoding="utf-8")
    code, err = imported(council, path)
    assert (code, err.splitlines()[0]) == (
        1,
        "dates.csv:2:2: WST-01 15/09/2026: 15 September 2026 is not the first or last day of a quarter: write the "
        "period (2026-27 Q2), or the date it begins or ends (1 July 2026 or 30 September 2026)",
    )


# 7. Float noise


def test_a_number_cells_float_noise_is_not_written(council: Path, tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Measure", "Period", "Value"],
        ["WST-01", "2026-27 Q1", 200 / 3],
        ["WST-01", "2026-27 Q2", 0.1 + 0.2],
        ["WST-02", "2026-04", 101.4 + 155.3 + 155.3],
    ]
    code, err = imported(council, workbook(tmp_path / "floats.xlsx", rows, {"C3": "0.0%"}))
    assert code == 0, err
    assert values(council, "WST-01") == {"2026-27 Q1": "66.6666666666667", "2026-27 Q2": "30"}
    assert values(council, "WST-02") == {"2026-04": "412"}


def test_a_big_number_cell_keeps_every_digit_excel_holds_as_its_csv_does(council: Path, tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Measure", "Period", "Value"],
        ["WST-02", "2026-05", 312456789.45],
        ["WST-02", "2026-06", 123456789012.5],
    ]
    code, err = imported(council, workbook(tmp_path / "big.xlsx", rows, {"C2": "#,##0.00", "C3": "#,##0.00"}))
    assert code == 0, err
    from_cells = values(council, "WST-02")
    assert from_cells == {"2026-05": "312456789.45", "2026-06": "123456789012.5"}
    csv = tmp_path / "big.csv"
    csv.write_text(
        "Measure,Period,Value\nWST-02,2026-05,312456789.45\nWST-02,2026-06,123456789012.5\n", encoding="utf-8"
    )
    code, err = imported(council, csv)
    assert code == 0, err
    assert values(council, "WST-02") == from_cells


# 8. A workbook whose first sheet is not the figures


def test_a_workbooks_other_sheets_are_named_when_the_first_has_no_figures(council: Path, tmp_path: Path) -> None:
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Read me"
    notes.append(["Notes on this return"])
    for name, period, value in (("Q1", "2026-27 Q1", 66.1), ("Q2", "2026-27 Q2", 67.2)):
        sheet = book.create_sheet(name)
        sheet.append(["Measure", "Period", "Value"])
        sheet.append(["WST-01", period, value])
    path = tmp_path / "sheets.xlsx"
    book.save(path)
    code, err = imported(council, path)
    assert code == 2
    assert err == (
        f"pmf: {path}: no rows under the header (in the sheet 'Read me'; the workbook's other sheets are 'Q1', 'Q2': "
        "choose one with --sheet)\n"
    )
    code, err = imported(council, path, "--sheet", "q2")
    assert code == 0, err
    assert values(council, "WST-01") == {"2026-27 Q2": "67.2"}


def test_a_figure_with_a_dot_between_thousands_and_no_comma_is_refused_in_a_file_separated_by_semicolons(
    council: Path, tmp_path: Path
) -> None:
    """``1.500`` beside ``1.234,5``: the dot separates thousands there, but a file may as well use it as a point."""
    path = tmp_path / "continental.csv"
    path.write_text(
        "Measure;Period;Value\nWST-01;2026-27 Q1;1.500\nWST-01;2026-27 Q2;1.234,5 %\nWST-02;2026-04;134.500\n"
        "WST-02;2026-05;1.234.567\n"
    )
    before = snapshot(council)
    code, err = imported(council, path)
    assert (code, err.splitlines()) == (
        1,
        [
            "continental.csv:2:3: WST-01 2026-27 Q1: '1.500' reads two ways in a file separated by semicolons: "
            "1500 (a dot between thousands) or 1.5 (a decimal point): write 1500 or 1,5",
            "continental.csv:3:3: WST-01 2026-27 Q2: '1.234,5 %' is not a percentage: percentages run from 0 to 100",
            "continental.csv:4:3: WST-02 2026-04: '134.500' reads two ways in a file separated by semicolons: "
            "134500 (a dot between thousands) or 134.5 (a decimal point): write 134500 or 134,5",
            "3 problems in 1 file",
        ],
    )
    assert snapshot(council) == before
    path.write_text("Measure;Period;Value\nWST-01;2026-27 Q1;1,5\nWST-02;2026-04;134500\nWST-02;2026-05;1.234.567\n")
    code, err = imported(council, path)
    assert code == 0, err
    assert values(council, "WST-01") == {"2026-27 Q1": "1.5"}
    assert values(council, "WST-02") == {"2026-04": "134500", "2026-05": "1234567"}


def test_a_figure_in_a_file_separated_by_semicolons_is_quoted_as_written(council: Path, tmp_path: Path) -> None:
    path = tmp_path / "continental.csv"
    path.write_text("Measure;Period;Value\nWST-02;2026-04;€ 1.234,50\nWST-02;2026-05;+-1,5\n")
    code, err = imported(council, path)
    assert (code, err.splitlines()) == (
        1,
        [
            "continental.csv:2:3: WST-02 2026-04: '€ 1.234,50' is not a number",
            "continental.csv:3:3: WST-02 2026-05: '+-1,5' is not a number",
            "2 problems in 1 file",
        ],
    )
    path.write_text("Measure;Period;Value\nWST-01;2026-27 Q1;68,1\nWST-01;2026-27 Q2;0,955\n")
    code, err = imported(council, path)
    assert code == 1, err
    assert err.startswith(
        "continental.csv:3:3: WST-01 2026-27 Q2: 0,955 looks like a fraction: write 95.5 for 95.5%; if 0.955% is meant"
    ), err


# was: a.xlsx: no column names a financial year or period (...); its columns are Measure, Title, Outturn (exit 2),
# and for a year over its quarters: the measure cell of row 2 is empty, ... and '2026-27' is an annual period
@pytest.mark.parametrize(
    ("top", "bottom", "merged"),
    [
        (["Measure", "Title", "Outturn", None], [None, None, "2026-27 Q1", "2026-27 Q2"], ("C1:D1",)),
        (["Measure", "Title", "2026-27", None], [None, None, "Q1", "Q2"], ("C1:D1",)),
        (["Measure", "Title", "2026/27", None], ["", "", "Quarter 1", "Quarter 2"], ()),  # as a CSV holds it
    ],
    ids=["outturn-over-periods", "year-over-quarters", "year-over-quarters-unmerged"],
)
def test_a_wide_sheet_with_two_header_rows_is_read_as_one_header(
    council: Path, tmp_path: Path, top: list[object], bottom: list[object], merged: tuple[str, ...]
) -> None:
    rows = [["Waste returns, run 10 January 2027"], top, bottom, ["WST-01", "Recycling", 66.2, 64.5]]
    rows += [["WST-02", "Incidents", 400, "four hundred"]]
    path = workbook(tmp_path / "returns.xlsx", rows, merged=tuple(m.replace("1", "2") for m in merged))
    code, err = imported(council, path, "--wide")
    assert code == 1  # the second row's problems are placed at its own row and columns
    assert err.splitlines()[:2] == [
        "returns.xlsx:5:3: WST-02 2026-27 Q1: '2026-27 Q1' is a quarterly period but WST-02 is monthly: write periods like "
        "2025-09",
        "returns.xlsx:5:4: WST-02 2026-27 Q2: '2026-27 Q2' is a quarterly period but WST-02 is monthly: write periods like "
        "2025-09",
    ]
    workbook(path, rows[:-1], merged=tuple(m.replace("1", "2") for m in merged))
    code, err = imported(council, path, "--wide")
    assert code == 0, err
    assert values(council, "WST-01") == {"2026-27 Q1": "66.2", "2026-27 Q2": "64.5"}


def test_a_year_over_its_months_names_each_months_calendar_year(council: Path, tmp_path: Path) -> None:
    rows: list[list[object]] = [["Measure", "2026-27", None, None], [None, "Apr", "May", "Jan"]]
    path = workbook(tmp_path / "months.xlsx", [*rows, ["WST-02", 412, 398, 401]], merged=("B1:D1",))
    code, err = imported(council, path, "--wide")
    assert code == 0, err
    assert values(council, "WST-02") == {"2026-04": "412", "2026-05": "398", "2027-01": "401"}


@given(
    groups=st.lists(
        st.tuples(
            st.integers(2020, 2030), st.lists(st.sampled_from(["Q1", "Q2", "Q3", "Q4"]), min_size=1, unique=True)
        ),
        min_size=1,
        max_size=3,
        unique_by=lambda group: group[0],
    )
)
def test_each_year_over_its_quarters_names_their_periods(groups: list[tuple[int, list[str]]]) -> None:
    """Whatever years stand over whichever quarters, each column is named by the year over it (held by the
    group's first cell, as a merged cell is) and its quarter; the measure's column keeps its name."""
    from pmf.sheetcells import two_rows

    top, bottom, expected = ["Measure"], [""], ["Measure"]
    for year, quarters in groups:
        label = f"{year}-{(year + 1) % 100:02d}"
        top += [label] + [""] * (len(quarters) - 1)
        bottom += quarters
        expected += [f"{label} {quarter}" for quarter in quarters]
    assert two_rows(top, bottom) == expected


# 9. A CSV row whose cells do not fit its header


def test_a_figure_typed_with_a_comma_and_no_quotes_is_refused_and_nothing_is_written(
    council: Path, tmp_path: Path
) -> None:
    """1,200 unquoted is two cells, 1 and 200: the row is refused, where 1 was recorded and 200 dropped."""
    path = tmp_path / "figures.csv"
    path.write_text('Measure,Period,Value\nWST-02,2026-05,"1,150"\nWST-02,2026-06,1,200\n', encoding="utf-8")
    before = snapshot(council)
    code, err = imported(council, path)
    assert (code, err.splitlines()) == (
        1,
        [
            "figures.csv:3:4: WST-02: the row has 4 cells, more than the header's 3 (Measure, Period, Value): "
            """'1,200' is one figure split at its comma: write it 1200, or in quotes: "1,200\"""",
            "1 problem in 1 file",
        ],
    )
    assert snapshot(council) == before  # the good row above it is not written either: all or nothing


def test_a_figure_split_into_the_comment_beside_it_is_refused(council: Path, tmp_path: Path) -> None:
    path = tmp_path / "figures.csv"
    path.write_text("Measure,Period,Value,Comment\nWST-02,2026-06,1,200\n", encoding="utf-8")
    before = snapshot(council)
    code, err = imported(council, path)
    assert (code, err.splitlines()[0]) == (
        1,
        "figures.csv:2:4: WST-02: '1,200' is one figure split at its comma into the value and the comment: write it "
        '1200, or in quotes: "1,200" (a comment of a number alone is written in words)',
    )
    assert snapshot(council) == before


def test_a_comment_with_a_comma_and_no_quotes_is_refused(council: Path, tmp_path: Path) -> None:
    path = tmp_path / "figures.csv"
    path.write_text("Measure,Period,Value,Comment\nWST-02,2026-06,412,Up, after the new rota\n", encoding="utf-8")
    code, err = imported(council, path)
    assert (code, err.splitlines()[0]) == (
        1,
        "figures.csv:2:5: WST-02: the row has 5 cells, more than the header's 4 (Measure, Period, Value, Comment): a "
        'figure with a comma is written without it (1200) or in quotes ("1,200"), and text with a comma in quotes',
    )


def test_a_row_short_of_its_figure_is_refused_and_one_short_of_its_comment_is_read(
    council: Path, tmp_path: Path
) -> None:
    """A row may leave off the cells after its figure (a comment not given); one that ends before its value is
    refused, where the first such row made pmf say the file had no value column."""
    path = tmp_path / "short.csv"
    path.write_text("Measure,Period,Value,Comment\nWST-02,2026-06\nWST-02,2026-07,405\n", encoding="utf-8")
    code, err = imported(council, path)
    assert (code, err.splitlines()[0]) == (
        1,
        "short.csv:2:3: WST-02: the row has 2 cells, fewer than the header's 4 (Measure, Period, Value, Comment), and "
        "none under 'Value': write a cell for each column, an empty one as nothing between two commas",
    )
    path.write_text("Measure,Period,Value,Comment\nWST-02,2026-06,398\nWST-02,2026-07,405,fine\n", encoding="utf-8")
    code, err = imported(council, path)
    assert code == 0, err
    assert values(council, "WST-02") == {"2026-06": "398", "2026-07": "405"}


@settings(max_examples=15, deadline=None)
@given(st.integers(min_value=1000, max_value=10**9))
def test_every_figure_with_commas_typed_unquoted_is_refused_naming_it_whole(n: int) -> None:
    """Whatever the figure, written with commas between thousands and no quotes, nothing is recorded."""
    from pmf.sheetcells import Record, misfit

    header = ["Measure", "Period", "Value"]
    fields: dict[str, str | None] = {"measure": "Measure", "period": "Period", "value": "Value", "comment": None}
    found = misfit(Record(header, ("WST-02", "2026-06", *f"{n:,}".split(",")), ","), fields)
    assert found is not None and f"'{n:,}' is one figure split at its comma: write it {n}, or in quotes" in found[1]


SPLIT_1200 = """'1,200' is one figure split at its comma: write it 1200, or in quotes: "1,200\""""


# was: exit 0 and value 1 written (or 1 and the comment '200'): the header's trailing comma named a column ''
def test_a_trailing_comma_on_every_row_does_not_let_a_split_figure_through(council: Path, tmp_path: Path) -> None:
    path = tmp_path / "trailing.csv"
    before = snapshot(council)
    for header, row, said in (
        ("Measure,Period,Value,", "WST-02,2026-06,1,200,", "3 (Measure, Period, Value)"),
        ("Measure,Period,Value,Comment,", "WST-02,2026-06,1,200,ok,", "4 (Measure, Period, Value, Comment)"),
    ):
        path.write_text(f"{header}\n{row}\n", encoding="utf-8")
        code, err = imported(council, path)
        assert (code, err.splitlines()) == (
            1,
            [
                f"trailing.csv:2:4: WST-02: the row has {row.count(',')} cells, more than the header's {said}: "
                + SPLIT_1200,
                "1 problem in 1 file",
            ],
        )
        assert snapshot(council) == before
    path.write_text("Measure,Period,Value,\nWST-02,2026-06,412,,\nWST-02,2026-07,398,,note\n", encoding="utf-8")
    code, err = imported(council, path)
    assert (code, err.splitlines()[0]) == (
        1,
        "trailing.csv:3:5: WST-02: the row has 5 cells, more than the header's 3 (Measure, Period, Value): a figure "
        'with a comma is written without it (1200) or in quotes ("1,200"), and text with a comma in quotes',
    )


def test_an_export_with_a_trailing_comma_crlf_and_a_byte_order_mark_imports(council: Path, tmp_path: Path) -> None:
    """As Excel and other programs save a sheet: a byte-order mark, CRLF, a comma after every row's last cell,
    quotes round a figure or a comment with a comma, blank lines after the table."""
    path = tmp_path / "saved.csv"
    lines = ["Measure,Period,Value,Comment,", 'WST-02,2026-06,"1,200","Up, after the rota",', "WST-02,2026-07,405,,"]
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n,,,,\r\n\r\n").encode("utf-8"))
    code, err = imported(council, path)
    assert code == 0, err
    assert values(council, "WST-02") == {"2026-06": "1200", "2026-07": "405"}
    assert "comment: Up, after the rota" in (council / "plans/waste/measures/WST-02.yaml").read_text("utf-8")


# was: exit 0, value 1 and the comment '200': the check counted a header whose unnamed columns were run together
def test_a_header_with_unnamed_columns_places_each_cell_where_the_sheet_has_it(council: Path, tmp_path: Path) -> None:
    path = tmp_path / "gaps.csv"
    path.write_text("Measure,,Period,,Value,Comment\nWST-02,,2026-06,,1,200\n", encoding="utf-8")
    before = snapshot(council)
    code, err = imported(council, path)
    assert (code, err.splitlines()[0]) == (
        1,
        "gaps.csv:2:6: WST-02: '1,200' is one figure split at its comma into the value and the comment: write it "
        '1200, or in quotes: "1,200" (a comment of a number alone is written in words)',
    )
    assert snapshot(council) == before
    path.write_text("Measure,,Period,,Value,Comment\nWST-02,,2026-06,,lots,\n", encoding="utf-8")
    code, err = imported(council, path)
    assert err.startswith("gaps.csv:2:5: WST-02 2026-06: 'lots' is not a number"), err  # Value is column 5
    path.write_text("Measure,,Period,,Value,Comment\nWST-02,,2026-06,,412,fine\n", encoding="utf-8")
    code, err = imported(council, path)
    assert code == 0, err
    assert values(council, "WST-02") == {"2026-06": "412"}


def _without_dimension(path: Path) -> Path:
    """The workbook without its sheet's <dimension> record, as some programs write one: openpyxl then reads
    each row only as far as its last cell."""
    import zipfile

    data = {}
    with zipfile.ZipFile(path) as book:
        for name in book.namelist():
            data[name] = book.read(name)
    sheet = data["xl/worksheets/sheet1.xml"].decode("utf-8")
    assert "<dimension" in sheet
    data["xl/worksheets/sheet1.xml"] = re.sub(r"<dimension [^>]*/>", "", sheet).encode("utf-8")
    with zipfile.ZipFile(path, "w") as book:
        for name, content in data.items():
            book.writestr(name, content)
    return path


# was: exit 1, "the row has 5 cells, more than the header's 3 ...: a figure with a comma is written without it"
def test_a_note_right_of_a_workbooks_table_is_no_cell_split_at_a_comma(council: Path, tmp_path: Path) -> None:
    rows: list[list[object]] = [["Measure", "Period", "Value"], ["WST-02", "2026-06", 412, None, "checked, fine"]]
    path = _without_dimension(workbook(tmp_path / "noted.xlsx", rows))
    code, err = imported(council, path)
    assert code == 0, err
    assert values(council, "WST-02") == {"2026-06": "412"}


# was: exit 1, "'1,200' is one figure split at its comma into the value and the comment" in a file of semicolons
@pytest.mark.parametrize("name", ["continental.csv", "UP.CSV"])
def test_the_comma_checks_follow_the_files_separator_and_any_case_of_its_name(
    council: Path, tmp_path: Path, name: str
) -> None:
    """A file separated by semicolons keeps a comma inside its cells (66,2 is 66.2): a value of 1 beside a comment
    of 200 is read as written. A file named UP.CSV is checked as any .csv is, where it skipped every check."""
    path = tmp_path / name
    if name == "UP.CSV":
        path.write_text("Measure,Period,Value,Comment\nWST-02,2026-06,1,200\nWST-02,2026-07\n", encoding="utf-8")
        code, err = imported(council, path)
        assert (code, err.splitlines()) == (
            1,
            [
                "UP.CSV:2:4: WST-02: '1,200' is one figure split at its comma into the value and the comment: write it "
                '1200, or in quotes: "1,200" (a comment of a number alone is written in words)',
                "UP.CSV:3:3: WST-02: the row has 2 cells, fewer than the header's 4 (Measure, Period, Value, Comment), "
                "and none under 'Value': write a cell for each column, an empty one as nothing between two commas",
                "2 problems in 1 file",
            ],
        )
        assert values(council, "WST-02") == {}
        return
    path.write_text("Measure;Period;Value;Comment\nWST-02;2026-06;1;200\nWST-01;2026-27 Q1;66,2;\n", encoding="utf-8")
    code, err = imported(council, path)
    assert code == 0, err
    assert (values(council, "WST-02"), values(council, "WST-01")) == ({"2026-06": "1"}, {"2026-27 Q1": "66.2"})
    assert 'comment: "200"' in (council / "plans/waste/measures/WST-02.yaml").read_text("utf-8")
    path.write_text("Measure;Period;Value\nWST-02;2026-07;405;see; the note\n", encoding="utf-8")
    code, err = imported(council, path)
    assert (code, err.splitlines()[0]) == (
        1,
        "continental.csv:2:4: WST-02: the row has 5 cells, more than the header's 3 (Measure, Period, Value): text "
        "with a semicolon in it is written in quotes",
    )


# was: exit 1, "0.645 looks like a fraction: write 64.5 for 64.5%; if 0.645% is meant, record it with `pmf record`"
@pytest.mark.parametrize(("separator", "figure"), [(",", "0.645%"), (";", "0,645%")])
def test_a_figure_written_with_its_own_percent_sign_is_imported_with_a_warning_as_its_formatted_cell_is(
    council: Path, tmp_path: Path, separator: str, figure: str
) -> None:
    """Excel saves a cell formatted 0.000% holding 0.00645 as 0.645% in a CSV file: the % its writer wrote says the
    percentage meant, as the cell's format does in the workbook, so both import 0.645 with the warning alone."""
    path = tmp_path / "saved.csv"
    path.write_text(f"Measure{separator}Period{separator}Value\nWST-01{separator}2026-27 Q1{separator}{figure}\n")
    code, err = imported(council, path)
    assert (code, err.splitlines()) == (
        0,
        [
            f"saved.csv:2:3: warning: WST-01 2026-27 Q1: {figure} looks like a fraction: write 64.5 for 64.5%",
            "WST-01: 1 added, 0 replaced",
            "changed 1 measure file",
        ],
    )
    assert values(council, "WST-01") == {"2026-27 Q1": "0.645"}
    rows: list[list[object]] = [["Measure", "Period", "Value"], ["WST-01", "2026-27 Q2", 0.00645]]
    code, err = imported(council, workbook(tmp_path / "saved.xlsx", rows, {"C2": "0.000%"}))
    assert code == 0 and "saved.xlsx:2:3: warning: WST-01 2026-27 Q2: 0.645 looks like a fraction" in err, err
    path.write_text(f"Measure{separator}Period{separator}Value\nWST-01{separator}2026-27 Q3{separator}{figure[:-1]}\n")
    assert imported(council, path)[0] == 1  # without its % sign it is refused still


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    n=st.integers(min_value=1000, max_value=10**9),
    trailing=st.booleans(),
    gap=st.booleans(),
    comment=st.sampled_from([None, "", "ok", "Up, after the rota"]),
)
def test_every_figure_with_commas_typed_unquoted_is_refused_by_pmf_import_whatever_the_files_shape(
    council: Path, tmp_path: Path, n: int, trailing: bool, gap: bool, comment: str | None
) -> None:
    """Through the real import: a comma after every row, a column with no name in the header, a comment column
    left empty, given, or given with its own comma: the figure is named whole and nothing is written."""
    header = ["Measure", *([""] if gap else []), "Period", "Value", *(["Comment"] if comment is not None else [])]
    row = ["WST-02", *([""] if gap else []), "2026-06", f"{n:,}", *([comment] if comment is not None else [])]
    end = "," if trailing else ""
    path = tmp_path / "figures.csv"
    path.write_text(f"{','.join(header)}{end}\n{','.join(row)}{end}\n", encoding="utf-8")
    before = snapshot(council)
    code, err = imported(council, path)
    assert code == 1 and f"'{n:,}' is one figure split at its comma" in err, err
    assert snapshot(council) == before
