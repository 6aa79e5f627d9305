"""pmf import on a council's own sheet, in a repository pmf init wrote: which of its columns is read
as which, and what a message says where a row or a header falls short."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from typer.testing import CliRunner

from pmf.cli import app

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def council(tmp_path: Path) -> Path:
    """pmf init's repository: EX-01, a quarterly percentage measure, as its template writes it."""
    root = tmp_path / "council"
    code, _, err = run("init", str(root), "--as-of", "2026-02-03")
    assert code == 0, err
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def workbook(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def imported(root: Path, path: Path, *args: str) -> tuple[int, str, str]:
    return run("import", str(path), "--root", str(root), "--as-of", "2026-10-20", *args)


# A figure not available: n/a written, and the comment saying why left out


def test_n_a_without_a_comment_is_asked_for_the_comment_at_the_comment_cell(council: Path, tmp_path: Path) -> None:
    path = tmp_path / "returns.csv"
    path.write_text("measure,period,value,comment\nEX-01,2026-27 Q2,n/a,\nEX-01,2026-27 Q1,,\n", encoding="utf-8")
    before = snapshot(council)
    code, _, err = imported(council, path)
    assert code == 1
    assert err.splitlines() == [
        "returns.csv:2:4: EX-01 2026-27 Q2: 'n/a' needs a comment saying why the figure is not available",
        "returns.csv:3:3: EX-01 2026-27 Q1: no value: write n/a as the value and leave a comment saying why the "
        "figure is not available",
        "2 problems in 1 file",
    ]
    assert snapshot(council) == before
    path.write_text("measure,period,value,comment\nEX-01,2026-27 Q2,n/a,Survey not run\n", encoding="utf-8")
    code, out, err = imported(council, path, "--dry-run")
    assert code == 0, err
    assert "+  - period: 2026-27 Q2\n+    value: null\n+    comment: Survey not run\n" in out


def test_n_a_in_a_workbook_with_no_comment_column_says_to_add_one(council: Path, tmp_path: Path) -> None:
    rows: list[list[object]] = [["Measure", "Period", "Actual"], ["EX-01", "2026-27 Q2", "N/A"]]
    code, _, err = imported(council, workbook(tmp_path / "q2.xlsx", rows))
    assert code == 1
    assert err.splitlines()[0] == (
        "q2.xlsx:2:3: EX-01 2026-27 Q2: 'N/A' needs a comment saying why the figure is not available: "
        "add a column headed Comment for it"
    )


# The measure's id under a council's own header, and the headers offered for a column the sheet lacks


@pytest.mark.parametrize("heading", ["PI Ref", "PI ref", "PI_Ref", "PI Code", "KPI Ref", "KPI code", "Ref"])
def test_a_councils_performance_indicator_reference_is_read_as_the_measure(
    council: Path, tmp_path: Path, heading: str
) -> None:
    rows: list[list[object]] = [[heading, "Period", "Value", "Comment"], ["EX-01", "2026-27 Q2", 68.4, "Garden waste"]]
    code, out, err = imported(council, workbook(tmp_path / "q2.xlsx", rows), "--dry-run")
    assert code == 0, err
    assert "+  - period: 2026-27 Q2\n+    value: 68.4\n+    comment: Garden waste\n" in out


@pytest.mark.parametrize(
    ("header", "said"),
    [
        # a header sharing only some letters with the column's name is never offered for it
        (["Indicator", "Period", "Value"], "no column for measure; its columns are Indicator, Period, Value"),
        (["Measure", "Period", "Target Value"], "no column for value; its columns are Measure, Period, Target Value"),
        # a slip of a letter, or the column's name with a word before it, is
        (
            ["Mesure", "Period", "Value"],
            "no column for measure (measure: did you mean 'Mesure'?); its columns are Mesure, Period, Value",
        ),
        (
            ["Measure", "Quarter", "Actual Value"],
            "no column for period, value (value: did you mean 'Actual Value'?); its columns are Measure, Quarter, "
            "Actual Value",
        ),
    ],
)
def test_a_header_is_offered_for_a_missing_column_only_where_it_may_be_meant(
    council: Path, tmp_path: Path, header: list[object], said: str
) -> None:
    rows: list[list[object]] = [header, ["EX-01", "2026-27 Q2", 68.4]]
    code, _, err = imported(council, workbook(tmp_path / "q2.xlsx", rows))
    assert code == 2
    assert err.startswith(f"pmf: q2.xlsx: {said}. Name them with --columns"), err


def test_docs_list_the_headers_read_as_each_column() -> None:
    """docs/importing.md's table of headers is the list pmf import reads, no more and no less."""
    import re

    from pmf.import_columns import ALIASES

    docs = (Path(__file__).parent.parent / "docs/importing.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| (\w+) \| (`.+`) \|$", docs, re.MULTILINE))

    def folded(name: str) -> str:
        return " ".join(name.replace("_", " ").split()).casefold()

    assert {field: sorted(folded(h) for h in re.findall(r"`([^`]+)`", table[field])) for field in table} == {
        field: sorted(folded(h) for h in names) for field, names in ALIASES.items()
    }


# The measure's id beside its title: which column is read as the id


def test_a_measure_id_column_beside_the_measures_title_is_read_as_the_id(council: Path, tmp_path: Path) -> None:
    """A council's sheet gives the id and the title each a column: 'Measure' holds the title."""
    path = tmp_path / "q2.csv"
    path.write_text(
        "Measure ID,Measure,Period,Actual,Commentary\nEX-01,Recycling rate,2026-27 Q2,68.4,Garden waste up.\n",
        encoding="utf-8",
    )
    code, out, err = imported(council, path, "--dry-run")
    assert code == 0, err
    assert "+  - period: 2026-27 Q2\n+    value: 68.4\n+    comment: Garden waste up.\n" in out
    assert err.splitlines() == ["would change: EX-01: 1 added, 0 replaced", "would change 1 measure file"]


@pytest.mark.parametrize(
    "header",
    [
        ["Measure", "PI Ref", "Period", "Actual"],  # the title first
        ["PI Ref", "Measure", "Period", "Actual"],
        ["Ref", "Measure", "Period", "Actual"],
        ["Measure", "Code", "Period", "Actual"],  # 'Code' holding a publisher's code, 'Measure' the id
        ["Code", "Measure", "Period", "Actual"],
    ],
)
def test_of_two_columns_that_may_name_the_measure_the_one_holding_its_ids_is_read(
    council: Path, tmp_path: Path, header: list[object]
) -> None:
    cells = {"Measure": "Recycling rate", "PI Ref": "EX-01", "Ref": "EX-01", "Period": "2026-27 Q2", "Actual": 68.4}
    if "Code" in header:
        cells |= {"Measure": "EX-01", "Code": "PAM/030"}
    rows: list[list[object]] = [header, [cells[str(name)] for name in header]]
    code, out, err = imported(council, workbook(tmp_path / "q2.xlsx", rows), "--dry-run")
    assert code == 0, err
    assert "+  - period: 2026-27 Q2\n+    value: 68.4\n" in out


def test_a_wide_sheet_reads_the_measure_id_column_and_ignores_the_title(council: Path, tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Measure ID", "Measure", "2026-27 Q1", "2026-27 Q2"],
        ["EX-01", "Recycling rate", 66.2, 68.4],
    ]
    code, out, err = imported(council, workbook(tmp_path / "wide.xlsx", rows), "--wide", "--dry-run")
    assert code == 0, err
    assert "+  - period: 2026-27 Q1\n+    value: 66.2\n+  - period: 2026-27 Q2\n+    value: 68.4\n" in out
    assert "wide.xlsx: columns ignored (no period in the header): 'Measure'" in err


def test_where_no_column_that_may_name_the_measure_holds_an_id_the_header_says_which_were_considered(
    council: Path, tmp_path: Path
) -> None:
    rows: list[list[object]] = [
        ["Measure ID", "Measure", "Period", "Actual"],
        ["PAM/030", "Recycling rate", "2026-27 Q2", 68.4],
        ["PAM/031", "Residual waste", "2026-27 Q2", 12],
    ]
    before = snapshot(council)
    code, _, err = imported(council, workbook(tmp_path / "q2.xlsx", rows))
    assert code == 1
    assert err.splitlines() == [
        "q2.xlsx:1:1: the columns 'Measure ID' and 'Measure' may each hold the measures' ids, and none of their "
        "cells is one; 'Measure ID' was read as the id: name the column of pmf ids with --columns \"measure=HEADER\"",
        "q2.xlsx:2:1: Measure ID: no measure 'PAM/030'",
        "q2.xlsx:3:1: Measure ID: no measure 'PAM/031'",
        "3 problems in 1 file",
    ]
    assert snapshot(council) == before
    code, _, err = imported(council, workbook(tmp_path / "q2.xlsx", rows), "--columns", "measure=Measure")
    assert code == 1
    assert err.splitlines()[0] == "q2.xlsx:2:2: Measure: no measure 'Recycling rate'"  # named: read as named


@settings(max_examples=40)
@given(
    order=st.permutations(["id", "title", "code"]),
    names=st.tuples(st.sampled_from(["Measure ID", "PI Ref", "KPI Code", "Ref", "ID"]), st.just("Measure")),
    ids=st.sampled_from(["id", "title", "code", "none"]),
)
def test_the_column_read_as_the_id_is_one_holding_ids_whatever_the_order(
    order: list[str], names: tuple[str, str], ids: str
) -> None:
    """Of the columns whose header may name the measure, the one holding ids is read; where none holds one, the
    first by header words (an id's, before 'Code' and 'Measure')."""
    from pmf.import_columns import id_column, measure_columns

    headers = {"id": names[0], "title": names[1], "code": "Code"}
    records = [{headers[c]: ("EX-01" if c == ids else f"not {c}") for c in order} for _ in range(3)]
    considered = measure_columns([headers[c] for c in order])
    assert sorted(considered) == sorted(headers.values())
    found = id_column(considered, records, lambda cell: cell if cell == "EX-01" else None)
    assert found == headers["id" if ids == "none" else ids]


@pytest.mark.parametrize(("one", "other"), [("Ref", "Code"), ("ID", "Measure ID"), ("Measure", "PI Ref")])
def test_two_columns_holding_different_ids_are_refused_at_the_header(
    council: Path, tmp_path: Path, one: str, other: str
) -> None:
    """A sheet with two columns of pmf ids that differ on a row: pmf cannot tell which measure the figure is for,
    so it writes nothing and says so at the header, where it read one of them by its header's rank. Two such
    columns that agree on every row are read."""
    code, _, err = run("new", "measure", "EX-02", "--service", "example", "--root", str(council))
    assert code == 0, err
    before = snapshot(council)
    rows: list[list[object]] = [
        [one, other, "Period", "Value"],
        ["EX-01", "EX-01", "2026-27 Q1", 70],
        ["EX-01", "EX-02", "2026-27 Q1", 71],
    ]
    code, _, err = imported(council, workbook(tmp_path / "q1.xlsx", rows))
    assert code == 1
    assert (
        f": the columns '{one}' and '{other}' both hold measures' ids, different ones on row 3 "
        "('EX-01' and 'EX-02'): name the column the figures are for with --columns \"measure=HEADER\""
    ) in err, err
    assert err.startswith("q1.xlsx:1:"), err
    assert snapshot(council) == before
    rows[2][1:3] = ["EX-01", "2026-27 Q2"]
    code, _, err = imported(council, workbook(tmp_path / "q1.xlsx", rows))
    assert (code, "both hold" in err) == (0, False), err
