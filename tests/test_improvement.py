"""Regulators' recommendations, the improvement plan and the second council's framework (rag-variance, BRAG)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from pmf.cli import app

EXAMPLE = Path(__file__).parent.parent / "examples" / "rag-variance"
runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


def test_regulator_actions_overdue_with_their_lead() -> None:
    result = runner.invoke(app, ["regulators", "--root", str(EXAMPLE), "--as-of", "2025-11-20", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    [action] = json.loads(result.stdout)
    assert (action["id"], action["lead"], action["status"], action["overdue"]) == (
        "AW-FIN-R1-A1",
        "Director of Finance",
        "amber",
        True,
    )
    early = json.loads(
        runner.invoke(app, ["regulators", "--root", str(EXAMPLE), "--as-of", "2025-09-01", "--format", "json"]).stdout
    )
    assert early[0]["overdue"] is False


def test_check_flags_overdue_actions() -> None:
    result = runner.invoke(app, ["check", "--root", str(EXAMPLE), "--as-of", "2025-11-20"])
    assert result.exit_code == 1
    assert (
        "improvement/IP-01.yaml:9:133: IP-01-02: Review fees and charges against neighbouring councils is overdue"
        in result.stderr
    )
    assert "falls to Head of Accountancy" in result.stderr
    assert "regulators/AW-2025-FIN.yaml:15:103: AW-FIN-R1-A1" in result.stderr
    assert "IP-01-01" not in result.stderr  # blue: complete


def test_improvement_plan_report(tmp_path: Path, golden: Callable[[str, str], None]) -> None:
    args = ["report", "improvement-plan", "--root", str(EXAMPLE), "--as-of", "2025-11-20", "--out", str(tmp_path)]
    assert runner.invoke(app, args).exit_code == 0
    md = (tmp_path / "improvement-plan-2025-11-20.md").read_text()
    assert (
        "| Blue: complete | 1 |\n| Green: on track | 1 |\n| Amber: mainly on track, minor issues | 1 |\n| Red: not on track, major issues | 1 |\n| Not started | 1 |"
        in md
    )
    assert "### Overdue actions (2)" in md
    golden("example-improvement-plan.md", md)
    golden("example-improvement-plan.html", (tmp_path / "improvement-plan-2025-11-20.html").read_text())


def test_rag_variance_example_speaks_its_scheme(tmp_path: Path) -> None:
    status = runner.invoke(
        app, ["status", "--root", str(EXAMPLE), "--year", "2025-26", "--window", "mid-year", "--format", "json"]
    )
    rows = {r["id"]: r for r in json.loads(status.stdout)}
    assert {k: rows[k]["status"] for k in rows} == {
        "FIN-01": "green",
        "FIN-02": "amber",
        "FIN-03": "red",
        "FIN-04": None,
        "FIN-05": None,
        "FIN-06": None,
    }
    args = [
        "report",
        "mid-year",
        "--root",
        str(EXAMPLE),
        "--year",
        "2025-26",
        "--as-of",
        "2025-11-20",
        "--out",
        str(tmp_path),
        "--no-audit",
    ]
    assert runner.invoke(app, args).exit_code == 0
    md = (tmp_path / "2025-26-mid-year.md").read_text()
    assert "▲ Near target (amber)" in md and "Blue: complete" in md and "Amber: minor issues" in md
    assert "Yellow" not in md and "Satisfactory" not in md
    assert "| ○ Measure not due |" in md
    missing = md[md.index("**No data for this period**") : md.index("## Stakeholder")]
    assert "FIN-05" in missing and "FIN-06" not in missing
    assert (
        "| FIN-05: Percentage of invoices paid electronically | Benchmarked Locally | 90% | "
        "Amber within 10% of the target | No data supplied<br>No data for this period | ○ No data supplied | – No trend | "
        "The payments system report was not available this quarter. |"
    ) in md
