"""pmf import on a council's own sheet, in a repository pmf init wrote: which of its columns is read
as which, and what a message says where a row or a header falls short."""

from __future__ import annotations

from pathlib import Path

import pytest
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
