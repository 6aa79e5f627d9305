"""Risk registers: scores, bands, appetite, escalation, overdue reviews and direction (pmf risks)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmf import i18n
from pmf.cli import app
from pmf.risks import band, risk_sentence
from pmf.settings import RiskMatrix

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})

MATRIX = """
risk_matrix:
  likelihood: 4
  impact: 6
  bands: {minor: 1, moderate: 6, major: 12, severe: 18}
  appetite: {financial: 8, operational: 12}
  escalate_at: 12
"""


def risk(
    ident: str,
    *,
    level: str = "service",
    category: str = "financial",
    inherent: str = "{likelihood: 4, impact: 6}",
    residual: str = "{likelihood: 3, impact: 4}",
    target: str = "{likelihood: 1, impact: 4}",
    review_date: str = "2026-12-31",
    reviews: str = "[]",
    status: str = "open",
    issue: str = "false",
) -> str:
    return f"""id: {ident}
title: Risk {ident}
description: A test risk.
owner: Head of Finance
category: {category}
level: {level}
inherent: {inherent}
residual: {residual}
target: {target}
review_date: {review_date}
reviews: {reviews}
status: {status}
issue: {issue}
"""


@pytest.fixture
def risky(repo: Path) -> Path:
    (repo / "pmf.yaml").write_text((repo / "pmf.yaml").read_text() + MATRIX)
    folder = repo / "plans/waste/risks"
    (folder / "RSK-01.yaml").unlink()
    (folder / "R-ESC.yaml").write_text(
        risk(
            "R-ESC",
            reviews="[{date: 2026-01-10, residual: {likelihood: 2, impact: 4}}, {date: 2026-07-10, residual: {likelihood: 3, impact: 4}}]",
        )
    )
    (folder / "R-CORP.yaml").write_text(
        risk(
            "R-CORP",
            level="corporate",
            category="operational",
            residual="{likelihood: 4, impact: 4}",
            reviews="[{date: 2026-01-10, residual: {likelihood: 4, impact: 5}}, {date: 2026-07-10, residual: {likelihood: 4, impact: 4}}]",
        )
    )
    (folder / "R-LOW.yaml").write_text(
        risk(
            "R-LOW",
            category="operational",
            residual="{likelihood: 1, impact: 5}",
            target="{likelihood: 1, impact: 2}",
            review_date="2026-06-30",
            reviews="[{date: 2025-12-01, residual: {likelihood: 1, impact: 5}}, {date: 2026-06-01, residual: {likelihood: 1, impact: 5}}]",
        )
    )
    (folder / "R-SHUT.yaml").write_text(risk("R-SHUT", status="closed", review_date="2025-01-01"))
    (folder / "R-HAPPENED.yaml").write_text(
        risk("R-HAPPENED", category="operational", residual="{likelihood: 2, impact: 3}", issue="true")
    )
    return repo


def test_register_json(risky: Path) -> None:
    result = runner.invoke(app, ["risks", "--root", str(risky), "--as-of", "2026-11-23", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    rows = {r["id"]: r for r in json.loads(result.stdout)}
    assert [r["id"] for r in json.loads(result.stdout)][:2] == ["R-CORP", "R-ESC"]  # highest residual first
    esc = rows["R-ESC"]
    assert (esc["inherent_score"], esc["residual_score"], esc["target_score"]) == (24, 12, 4)
    assert (esc["inherent_band"], esc["residual_band"], esc["target_band"]) == ("Severe", "Major", "Minor")
    assert (esc["above_appetite"], esc["escalate"], esc["review_overdue"], esc["direction"]) == (
        True,
        True,
        False,
        "rising",
    )
    corp = rows["R-CORP"]
    assert (corp["residual_score"], corp["above_appetite"], corp["escalate"], corp["direction"]) == (
        16,
        True,
        False,
        "falling",
    )
    low = rows["R-LOW"]
    assert (low["residual_score"], low["residual_band"], low["above_appetite"], low["escalate"]) == (
        5,
        "Minor",
        False,
        False,
    )
    assert (low["review_overdue"], low["direction"]) == (True, "steady")
    assert rows["R-HAPPENED"]["issue"] is True and rows["R-HAPPENED"]["direction"] is None
    shut = rows["R-SHUT"]
    assert (shut["status"], shut["review_overdue"], shut["above_appetite"], shut["escalate"]) == (
        "closed",
        False,
        False,
        False,
    )


def test_register_filters_and_table(risky: Path) -> None:
    result = runner.invoke(app, ["risks", "--root", str(risky), "--level", "corporate", "--format", "json"])
    assert [r["id"] for r in json.loads(result.stdout)] == ["R-CORP"]
    result = runner.invoke(app, ["risks", "--root", str(risky), "--as-of", "2026-11-23"])
    assert result.exit_code == 0
    assert "Heat map: open risks by residual likelihood and impact" in result.stdout
    assert "Escalate to the Corporate Risk Register" in result.stdout
    assert result.stdout.rstrip().endswith(
        "4 open risks (1 of them has happened and is managed as an issue); 1 closed. 4 need attention."
    )
    result = runner.invoke(app, ["risks", "--root", str(risky), "--service", "wast"])
    assert result.exit_code == 2 and "did you mean 'waste'" in result.stderr


def test_target_worse_than_residual_is_an_error(risky: Path) -> None:
    """A target typed worse than a residual no review recorded (docs/risks.md: one a review brings down to
    its target is the aim achieved)."""
    path = risky / "plans/waste/risks/R-HAPPENED.yaml"
    path.write_text(
        path.read_text().replace("target: {likelihood: 1, impact: 4}", "target: {likelihood: 2, impact: 5}")
    )
    result = runner.invoke(app, ["validate", str(risky)])
    assert result.exit_code == 1
    assert (
        "plans/waste/risks/R-HAPPENED.yaml:9:9: target: the target score (10) is worse than the residual score (6)"
        in result.stderr
    )


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (1, "Low"),
        (4, "Low"),
        (5, "Medium"),
        (9, "Medium"),
        (10, "High"),
        (19, "High"),
        (20, "Very high"),
        (25, "Very high"),
    ],
)
def test_default_bands(score: int, expected: str) -> None:
    assert band(score, RiskMatrix()) == expected


def test_report_risk_section_has_heat_map_with_text_alternative(risky: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "report",
            "mid-year",
            "--root",
            str(risky),
            "--year",
            "2025-26",
            "--as-of",
            "2026-11-23",
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.stderr
    html = (tmp_path / "2025-26-mid-year.html").read_text()
    assert '<title id="heat-title">Heat map of 4 open risks by residual likelihood and impact' in html
    assert "<caption>Open risks by residual likelihood and impact (the heat map as a table)</caption>" in html


@pytest.mark.parametrize(
    ("open_", "issues", "closed", "english", "welsh"),
    [
        (0, 0, 0, "No open risks.", "Dim risgiau agored."),
        (0, 0, 2, "No open risks; 2 closed.", "Dim risgiau agored; 2 ar gau."),
        (1, 0, 0, "1 open risk.", "1 risg agored."),
        (
            1,
            1,
            0,
            "1 open risk (it has happened and is managed as an issue).",
            "1 risg agored (mae wedi digwydd ac yn cael ei rheoli fel mater).",
        ),
        (5, 0, 1, "5 open risks; 1 closed.", "5 o risgiau agored; 1 ar gau."),
        (
            5,
            1,
            0,
            "5 open risks (1 of them has happened and is managed as an issue).",
            "5 o risgiau agored (mae 1 ohonynt wedi digwydd ac yn cael ei rheoli fel mater).",
        ),
        (
            26,
            2,
            2,
            "26 open risks (2 of them have happened and are managed as issues); 2 closed.",
            "26 o risgiau agored (mae 2 ohonynt wedi digwydd ac yn cael eu rheoli fel materion); 2 ar gau.",
        ),
        (
            3,
            3,
            0,
            "3 open risks (all of them have happened and are managed as issues).",
            "3 risg agored (mae pob un ohonynt wedi digwydd ac yn cael ei rheoli fel mater).",
        ),
        # Welsh counts 2, 3 and 6 with the singular noun: the open count and the bracket each agree with their own number.
        (2, 0, 0, "2 open risks.", "2 risg agored."),
        (
            2,
            1,
            0,
            "2 open risks (1 of them has happened and is managed as an issue).",
            "2 risg agored (mae 1 ohonynt wedi digwydd ac yn cael ei rheoli fel mater).",
        ),
        (
            2,
            2,
            1,
            "2 open risks (all of them have happened and are managed as issues); 1 closed.",
            "2 risg agored (mae pob un ohonynt wedi digwydd ac yn cael ei rheoli fel mater); 1 ar gau.",
        ),
        (
            3,
            2,
            0,
            "3 open risks (2 of them have happened and are managed as issues).",
            "3 risg agored (mae 2 ohonynt wedi digwydd ac yn cael eu rheoli fel materion).",
        ),
        (
            6,
            1,
            0,
            "6 open risks (1 of them has happened and is managed as an issue).",
            "6 risg agored (mae 1 ohonynt wedi digwydd ac yn cael ei rheoli fel mater).",
        ),
        (
            6,
            3,
            2,
            "6 open risks (3 of them have happened and are managed as issues); 2 closed.",
            "6 risg agored (mae 3 ohonynt wedi digwydd ac yn cael eu rheoli fel materion); 2 ar gau.",
        ),
        (
            7,
            6,
            0,
            "7 open risks (6 of them have happened and are managed as issues).",
            "7 o risgiau agored (mae 6 ohonynt wedi digwydd ac yn cael eu rheoli fel materion).",
        ),
    ],
)
def test_the_risk_sentence_says_only_what_there_is(
    open_: int, issues: int, closed: int, english: str, welsh: str
) -> None:
    assert risk_sentence(open_, issues, closed) == english
    with i18n.language("cy"):
        assert risk_sentence(open_, issues, closed) == welsh


def test_a_new_repository_reports_its_one_risk_plainly(initialised_in_november: Path, tmp_path: Path) -> None:
    """pmf init writes one open risk; the report, in both languages, and pmf risks say so without noughts."""
    root = initialised_in_november

    def said() -> tuple[str, str, str]:
        out = tmp_path / "out"
        args = ["report", "mid-year", "--root", str(root), "--as-of", "2026-11-26", "--out", str(out)]
        result = runner.invoke(app, [*args, "--lang", "both"])
        assert result.exit_code == 0, result.stderr
        english = (out / "2026-27-mid-year.md").read_text().split("## Risk summary\n\n")[1].split("\n")[0]
        welsh = (out / "2026-27-mid-year.cy.md").read_text().split("## Crynodeb o'r risgiau\n\n")[1].split("\n")[0]
        terminal = runner.invoke(app, ["risks", "--root", str(root), "--as-of", "2026-11-26"]).stdout
        return english, welsh, terminal.rstrip().splitlines()[-1]

    assert said() == ("1 open risk.", "1 risg agored.", "1 open risk. 0 need attention.")
    risk_file = root / "plans/example/risks/RSK-EX-01.yaml"
    risk_file.write_text(risk_file.read_text().replace("issue: false", "issue: true"))
    closed = risk_file.read_text().replace("RSK-EX-01", "RSK-EX-02").replace("status: open", "status: closed")
    (risk_file.parent / "RSK-EX-02.yaml").write_text(closed)
    english, welsh, terminal = said()
    assert english == "1 open risk (it has happened and is managed as an issue); 1 closed."
    assert welsh == "1 risg agored (mae wedi digwydd ac yn cael ei rheoli fel mater); 1 ar gau."
    assert terminal.startswith(english + " ")
