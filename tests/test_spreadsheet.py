"""Cells a spreadsheet opens: every CSV pmf writes and the Excel export keep formula-like text inert."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from pmf.spreadsheet import csv_text, is_formula_like, neutral

PMF = str(Path(sys.executable).parent / "pmf")
HOSTILE = ["=1+2", "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")']


def pmf(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([PMF, *args], capture_output=True, text=True, check=False, env=env)


@given(st.text())
def test_neutral_text_never_starts_a_formula(text: str) -> None:
    shown = neutral(text)
    assert shown in {text, "'" + text}
    assert not is_formula_like(shown)
    assert (shown != text) == is_formula_like(text)


@given(st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False)))
def test_numbers_stay_numbers(number: float) -> None:
    assert neutral(number) == number
    assert neutral(str(number)) == str(number)  # -5.2 written as text is still a number


def test_csv_text_reads_back_as_written_but_inert() -> None:
    rows = [{"id": "A", "title": text, "value": -5} for text in HOSTILE]
    read = list(csv.DictReader(io.StringIO(csv_text(rows, ["id", "title", "value"]))))
    assert [r["title"] for r in read] == ["'" + t.replace("\r", "\n") for t in HOSTILE]
    assert {r["value"] for r in read} == {"-5"}


def hostile(repo: Path) -> None:
    """A measure, an activity and a risk whose titles a spreadsheet would run; a negative figure."""
    measure = repo / "plans/waste/measures/WST-02.yaml"
    text = measure.read_text().replace("title: Tonnes of waste sent to landfill", "title: '=1+2 tonnes'")
    measure.write_text(text.replace("{period: 2025-05, value: 95}", "{period: 2025-05, value: -5}"))
    risk = repo / "plans/waste/risks/RSK-01.yaml"
    risk.write_text(risk.read_text().replace("title: Loss of the recycling contract", "title: '@SUM(1) loss'"))
    plan = repo / "plans/waste/plan-2025-26.yaml"
    plan.write_text(plan.read_text().replace("title: Replace the collection fleet", "title: '-2+3 fleet'"))


WINDOW = ("--year", "2025-26", "--window", "mid-year", "--as-of", "2025-11-01")


def test_status_and_risks_csv_are_inert(repo: Path) -> None:
    hostile(repo)
    status = pmf("status", "--format", "csv", "--root", str(repo), *WINDOW)
    assert status.returncode == 0, status.stderr
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(status.stdout))}
    assert rows["WST-02"]["title"] == "'=1+2 tonnes"
    assert rows["WST-01"]["title"] == "Percentage of waste reused, recycled or composted"
    risks = pmf("risks", "--format", "csv", "--root", str(repo), "--as-of", "2025-11-01")
    assert risks.returncode == 0, risks.stderr
    assert [r["title"] for r in csv.DictReader(io.StringIO(risks.stdout))] == ["'@SUM(1) loss"]


def test_export_csv_and_xlsx_are_inert_and_numbers_stay_numbers(repo: Path, tmp_path: Path) -> None:
    hostile(repo)
    out = tmp_path / "out"
    done = pmf("export", "--format", "csv", "--root", str(repo), "--out", str(out), *WINDOW)
    assert done.returncode == 0, done.stderr
    outturns = list(csv.DictReader(io.StringIO((out / "outturns.csv").read_text())))
    assert "-5" in [r["value"] for r in outturns]  # a number, as its file writes it: no apostrophe before it
    titles = {r["title"] for r in csv.DictReader(io.StringIO((out / "activities.csv").read_text()))}
    assert "'-2+3 fleet" in titles

    done = pmf("export", "--format", "xlsx", "--root", str(repo), "--out", str(out), *WINDOW)
    assert done.returncode == 0, done.stderr
    book = load_workbook(out / "pmf-export.xlsx")
    cells = [c for row in book["measures"].iter_rows() for c in row] + [
        c for row in book["activities"].iter_rows() for c in row
    ]
    written = {c.value: c for c in cells}
    for text in ("=1+2 tonnes", "-2+3 fleet"):
        cell = written[text]  # the text itself, no apostrophe in the cell
        assert cell.data_type == "s" and cell.quotePrefix, text
    assert not [c for c in cells if c.data_type == "f"]
    values = [c.value for row in book["outturns"].iter_rows(min_row=2) for c in row]
    assert -5 in values


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_translation_files_keep_formula_like_text_inert_and_read_it_back_as_written(
    repo: Path, tmp_path: Path, suffix: str
) -> None:
    hostile(repo)
    table = tmp_path / f"welsh{suffix}"
    done = pmf("translate", "export", str(table), "--root", str(repo))
    assert done.returncode == 0, done.stderr
    if suffix == ".csv":
        with table.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        assert {"'=1+2 tonnes", "'-2+3 fleet"} <= {r[2] for r in rows}
        for row in rows[1:]:
            row[3] = "Cymraeg"
        with table.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(rows)
    else:
        book = load_workbook(table)
        cells = {c.value: c for row in book.active.iter_rows(min_row=2) for c in row}
        assert cells["=1+2 tonnes"].data_type == "s" and cells["-2+3 fleet"].data_type == "s"
        for row in book.active.iter_rows(min_row=2):
            row[3].value = "Cymraeg"
        book.save(table)
    done = pmf("translate", "import", str(table), "--root", str(repo))
    assert done.returncode == 0, done.stderr
    measure = (repo / "plans/waste/measures/WST-02.yaml").read_text()
    assert "en: '=1+2 tonnes'\n  cy: Cymraeg" in measure, measure
    assert pmf("validate", str(repo)).returncode == 0


CELL = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"], exclude_characters="\x00"), max_size=30)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(CELL, CELL, CELL), min_size=1, max_size=6))
def test_a_csv_pmf_writes_reads_back_cell_for_cell_whatever_its_text_holds(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, str, str]]
) -> None:
    """Semicolons, tabs, quotes and line breaks in the text never make the separator look like another."""
    from pmf.spreadsheet import read_table

    text = csv_text([{"measure": a, "period": b, "value": c} for a, b, c in rows], ["measure", "period", "value"])
    path = tmp_path_factory.mktemp("csv") / "table.csv"
    path.write_text(text, encoding="utf-8", newline="")
    assert [list(row) for row in read_table(path)] == list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("Measure;Period;Value;Comment\nWST-01;2026-27 Q1;67,5;Q1\nWST-01;2026-27 Q2;68,1;Q2\n", ";"),
        ("Measure\tPeriod\tValue\nWST-01\t2026-27 Q1\t66.1\n", "\t"),
        ('Title\n"Source: a, b; c"\n\nMeasure,Period,Value\nWST-01,2026-27 Q1,"1;2"\n', ","),
        ("Measure,Comment\nWST-01,up; then down; then up\nWST-02,a; b\n", ","),
        ("measure,period,value\n'\t,\"'\n0\",'\t\n'\t,\"'\n0\",'\t\n", ","),
    ],
    ids=["semicolon-decimal-comma", "tab", "title-lines", "semicolons-in-text", "tabs-and-quoted-line-breaks"],
)
def test_the_separator_is_the_one_that_splits_the_rows_alike(text: str, mark: str) -> None:
    from pmf.spreadsheet import separator

    assert separator(text) == mark
