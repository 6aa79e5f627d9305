"""The exception report: exactly the measures at red or orange and the slipping activities, each with since when."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmf.cli import app

ROOT = Path(__file__).parent.parent
AS_OF = "2026-11-23"
runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


def git(repo: Path, *args: str, when: str = "2026-06-01T09:00:00+01:00") -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Performance and Improvement Officer",
        "GIT_AUTHOR_EMAIL": "performance@example.gov.uk",
        "GIT_COMMITTER_NAME": "Performance and Improvement Officer",
        "GIT_COMMITTER_EMAIL": "performance@example.gov.uk",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """The demo council in a git repository of its own: first committed on 1 June 2026."""
    repo = tmp_path / "demo"
    repo.mkdir()
    for name in ("pmf.yaml", "plans", "assessments", "regulators", "panel"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name)
        elif source.exists():
            shutil.copy(source, repo / name)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "The plans as signed off")
    return repo


def report(repo: Path, *extra: str) -> str:
    result = runner.invoke(
        app,
        ["report", "exceptions", "--root", str(repo), "--as-of", AS_OF, "--out", str(repo / "out"), *extra],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    return (repo / "out" / "2026-27-mid-year-exceptions.md").read_text(encoding="utf-8")


def rows(md: str, heading: str) -> dict[str, list[str]]:
    """The table under a heading: each row's cells keyed by the id that starts its first cell."""
    section = md[md.index(heading) :].split("\n## ")[0]
    lines = [line for line in section.splitlines() if line.startswith("| ") and ": " in line.split(" | ")[0]]
    return {line.split(":")[0].lstrip("| "): [c.strip() for c in line.strip("|").split(" | ")] for line in lines}


def test_exactly_the_measures_status_shows_at_red_or_orange(demo: Path) -> None:
    status = runner.invoke(app, ["status", "--root", str(demo), "--as-of", AS_OF, "--format", "json"])
    expected = {r["id"]: r["status"] for r in json.loads(status.stdout) if r["status"] in {"red", "orange"}}
    listed = rows(report(demo), "## Measures")
    assert sorted(listed) == sorted(expected)
    assert {i: cells[3].split("(")[-1].rstrip(")") for i, cells in listed.items()} == expected
    # From the periods: ASC-08 was red in Q1 and Q2; CHS-05 orange from July; EDU-03 orange since last year's H2.
    assert listed["ASC-08"][4] == "Red since 2026-27 Q1"
    assert listed["CHS-05"][4] == "Orange since 2026-07"
    assert listed["EDU-03"][4] == "Orange since 2025-26 H2"


def test_an_activity_slipped_since_the_commit_that_first_set_its_status(demo: Path) -> None:
    plan = demo / "plans/housing/plan-2026-27.yaml"
    text = plan.read_text(encoding="utf-8")
    start = text.index("      - id: HSG-A12")
    at = text.index("            status: green", start)
    plan.write_text(text[:at] + "            status: orange" + text[at + len("            status: green") :])
    git(demo, "commit", "-q", "-am", "HSG-A12 at risk: fewer landlords signed up", when="2026-07-14T16:30:00+01:00")
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("Private landlord incentive scheme", "Landlord incentives")
    )
    git(demo, "commit", "-q", "-am", "A shorter title", when="2026-08-02T10:00:00+01:00")
    sha = subprocess.run(
        ["git", "-C", str(demo), "log", "-1", "--format=%h", "--abbrev=10", "HEAD~1"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    listed = rows(report(demo), "## Activities")
    assert listed["HSG-A12"][4:] == ["At risk", f"since 14 July 2026 (commit {sha})"]
    assert listed["WST-A13"][4].startswith("Off track")
    assert listed["WST-A13"][5].startswith("since 1 June 2026 (commit ")
    assert listed["PPL-A13"][4:] == ["Past its end date", "since 1 September 2026"]
    assert "HSG-A11" not in listed  # on track, and its end is to come


def test_without_git_the_update_itself_dates_it(tmp_path: Path) -> None:
    repo = tmp_path / "plain"
    shutil.copytree(ROOT / "plans", repo / "plans")
    shutil.copy(ROOT / "pmf.yaml", repo / "pmf.yaml")
    md = report(repo, "--format", "md")
    assert rows(md, "## Activities")["WST-A13"][5] == "since 2026-27 H1"
    assert "The plans are not in a git repository" in md


def test_welsh_exceptions(demo: Path) -> None:
    runner.invoke(
        app, ["report", "exceptions", "--root", str(demo), "--as-of", AS_OF, "--out", str(demo / "out"), "--lang", "cy"]
    )
    md = (demo / "out" / "2026-27-mid-year-exceptions.cy.md").read_text(encoding="utf-8")
    assert "Coch ers Ch1 2026-27" in md
    assert "Exceptions" not in md


def test_amber_under_rag_variance(tmp_path: Path) -> None:
    example = ROOT / "examples" / "rag-variance"
    args = ["report", "exceptions", "--root", str(example), "--year", "2025-26", "--window", "mid-year"]
    result = runner.invoke(app, [*args, "--as-of", "2025-11-20", "--out", str(tmp_path), "--format", "md"])
    assert result.exit_code == 0, result.stderr
    listed = rows((tmp_path / "2025-26-mid-year-exceptions.md").read_text(encoding="utf-8"), "## Measures")
    assert {i: cells[3] for i, cells in listed.items()} == {
        "FIN-02": "▲ Near target (amber)",
        "FIN-03": "■ Off target (red)",
    }


def test_a_year_to_date_measure_is_red_since_the_window_not_since_its_first_small_month(demo: Path) -> None:
    """Each month of a year-to-date measure is a running total, never judged against the year's target alone."""
    path = next(demo.glob("plans/*/measures/REV-01.yaml"))
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("  - period: 2026-09\n    value: 57.3", "  - period: 2026-09\n    value: 50.0"), "utf-8"
    )
    assert "value: 50.0" in path.read_text(encoding="utf-8")
    assert rows(report(demo), "## Measures")["REV-01"][4] == "Red since 2026-27 H1"


def test_an_activity_past_its_end_date_wears_red_with_its_square(tmp_path: Path) -> None:
    """'overdue' is not a status: the badge shows it in red's class and shape (pmf.status.SHOWN_AS)."""
    repo = tmp_path / "plain"
    shutil.copytree(ROOT / "plans", repo / "plans")
    shutil.copy(ROOT / "pmf.yaml", repo / "pmf.yaml")
    report(repo, "--format", "both")
    html = (repo / "out" / "2026-27-mid-year-exceptions.html").read_text(encoding="utf-8")
    overdue = '<span class="badge s-red"><span aria-hidden="true">■ </span>Past its end date</span>'
    assert html.count(overdue) >= 1
    assert 'class="badge s-overdue"' not in html
    assert '<span class="badge s-orange"><span aria-hidden="true">▲ </span>At risk</span>' in html
