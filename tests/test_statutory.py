"""The statutory cycle: the s.91 conclusions, recommendations to committee, the panel response, verified figures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmf.cli import app

ROOT = Path(__file__).parent.parent
runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
ACT = [
    "The extent to which the council is exercising its functions effectively",
    "The extent to which the council is using its resources economically, efficiently and effectively",
    "The extent to which the council's governance is effective for securing these",
]


def pmf(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_year_end_report_opens_its_conclusions_with_each_requirement(tmp_path: Path) -> None:
    code, _, err = pmf(
        "report", "year-end", "--year", "2025-26", "--as-of", "2026-06-01", "--root", str(ROOT), "--out", str(tmp_path)
    )
    assert code == 0, err
    md = (tmp_path / "2025-26-year-end.md").read_text(encoding="utf-8")
    start = md.index("## Conclusions on the performance requirements")
    assert md.index("## Executive summary") < start < md.index("## Outcome:")
    places = [md.index(f"### {words}\n\nThe council", start) for words in ACT]
    assert places == sorted(places)
    assert "- WST-01: Percentage of municipal waste reused, recycled or composted (PAM/030): The recycling rate" in md
    assert "| NY-2627-01: Bring long-term empty homes back into use" in md
    html = (tmp_path / "2025-26-year-end.html").read_text(encoding="utf-8")
    assert '<a href="#measure-WST-01">WST-01: ' in html and '<tr id="measure-WST-01">' in html
    assert '<a href="#regulatory">Audit Wales: Springing Forward' in html and 'id="regulatory"' in html


def test_welsh_year_end_report_gives_the_requirements_in_welsh(tmp_path: Path) -> None:
    pmf(
        "report",
        "year-end",
        "--year",
        "2025-26",
        "--as-of",
        "2026-06-01",
        "--root",
        str(ROOT),
        "--out",
        str(tmp_path),
        "--lang",
        "cy",
    )
    md = (tmp_path / "2025-26-year-end.cy.md").read_text(encoding="utf-8")
    assert "### Y graddau y mae'r cyngor yn arfer ei swyddogaethau'n effeithiol\n\nMae'r cyngor yn arfer" in md
    assert ACT[0] not in md


@pytest.mark.parametrize(
    ("window", "year", "first"),
    [
        ("mid-year", "2026-27", "notes the mid-year position"),
        ("year-end", "2025-26", "notes the council's performance in 2025-26"),
    ],
)
def test_recommendations_to_committee_come_before_the_summary(
    tmp_path: Path, window: str, year: str, first: str
) -> None:
    pmf("report", window, "--year", year, "--as-of", "2026-11-23", "--root", str(ROOT), "--out", str(tmp_path))
    md = (tmp_path / f"{year}-{window}.md").read_text(encoding="utf-8")
    assert md.index("## Recommendations\n\n1. That the Committee " + first) < md.index("## Executive summary")
    html = (tmp_path / f"{year}-{window}.html").read_text(encoding="utf-8")
    assert html.index('<h2 id="to-committee">Recommendations</h2>\n<ol>\n<li>That the Committee') < html.index(
        'id="summary"'
    )


def test_panel_response_in_both_languages(tmp_path: Path) -> None:
    code, _, err = pmf(
        "report",
        "panel-response",
        "--root",
        str(ROOT),
        "--as-of",
        "2027-01-10",
        "--out",
        str(tmp_path),
        "--lang",
        "both",
    )
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "panel-response-2026-27.cy.html",
        "panel-response-2026-27.cy.md",
        "panel-response-2026-27.html",
        "panel-response-2026-27.md",
    ]
    md = (tmp_path / "panel-response-2026-27.md").read_text(encoding="utf-8")
    assert "| PPA-R3: Publish the performance figures of every service every month. | Not accepted |" in md
    assert (
        "### PPA-R3: Not accepted\n\nPublish the performance figures of every service every month.\n\n**Reason:** Most figures"
        in md
    )
    assert (
        "| PPA-R2-A1 | Ask the residents' panel to comment on the local targets before sign-off | Performance and Improvement Manager | 31 December 2026 (overdue) |"
        in md
    )
    welsh = (tmp_path / "panel-response-2026-27.cy.md").read_text(encoding="utf-8")
    assert "| PPA-R3: Cyhoeddi ffigurau perfformiad pob gwasanaeth bob mis. | Ni dderbyniwyd |" in welsh
    assert "(in English)" not in welsh and "(yn Saesneg)" not in welsh


def test_panel_response_for_a_year_without_one_is_a_usage_error(tmp_path: Path) -> None:
    code, out, err = pmf("report", "panel-response", "--year", "2025-26", "--root", str(ROOT), "--out", str(tmp_path))
    assert (code, out) == (2, "")
    assert "no panel assessment for 2025-26 (panel/2025-26.yaml); the panel assessments: 2026-27" in err
    assert not tmp_path.exists() or not any(tmp_path.iterdir())


def test_panel_actions_are_in_the_improvement_plan_and_check_follows_their_dates(tmp_path: Path) -> None:
    pmf("report", "improvement-plan", "--root", str(ROOT), "--as-of", "2027-01-10", "--out", str(tmp_path))
    md = (tmp_path / "improvement-plan-2027-01-10.md").read_text(encoding="utf-8")
    assert "## Panel Performance Assessment recommendations" in md
    assert "| PPA-R2 | Panel Performance Assessment 2026-27 | PPA-R2-A1: Ask the residents' panel" in md
    early = pmf("check", "--root", str(ROOT), "--as-of", "2026-12-31")[2]
    late = pmf("check", "--root", str(ROOT), "--as-of", "2027-01-01")[2]
    line = "panel/2026-27.yaml:58:16: PPA-R2-A1: Ask the residents' panel to comment on the local targets before sign-off is overdue"
    assert line not in early
    assert line in late and "falls to Performance and Improvement Manager" in late


@pytest.fixture
def base(repo: Path) -> Path:
    """The small repository in git-free form, with WST-01's 2025-26 Q1 figure verified."""
    measure = repo / "plans/waste/measures/WST-01.yaml"
    text = measure.read_text(encoding="utf-8")
    text = text.replace(
        "    comment: Garden waste season.\n",
        "    comment: Garden waste season.\n    verified: {by: Performance and Improvement Officer, date: 2025-07-20}\n",
    )
    measure.write_text(text, encoding="utf-8")
    return repo


def test_data_quality_counts_and_lists_unverified_figures(base: Path, tmp_path: Path) -> None:
    code, _, err = pmf(
        "report",
        "mid-year",
        "--year",
        "2025-26",
        "--as-of",
        "2025-11-20",
        "--root",
        str(base),
        "--out",
        str(tmp_path),
        "--no-audit",
    )
    assert code == 0, err
    md = (tmp_path / "2025-26-mid-year.md").read_text(encoding="utf-8")
    section = md[md.index("**Figures not yet verified against their source**") :].split("\n\n")[0]
    lines = section.splitlines()
    assert lines[0] == "**Figures not yet verified against their source** (3):"
    assert lines[1].startswith("- WST-01: Percentage of waste reused, recycled or composted") and lines[1].endswith(
        ": 2025-26 Q2"
    )
    assert lines[2] == "- WST-02: Tonnes of waste sent to landfill (Waste and Environment): 2025-04, 2025-05"
    assert len(lines) == 3  # 2024-25 figures are outside the window


def test_check_flags_unverified_figures_from_the_reporting_deadline(base: Path) -> None:
    plans = base / "plans/waste"  # 2024-25's plan is kept here too, so its year-end update is chased
    this_year = (plans / "plan-2025-26.yaml").read_text(encoding="utf-8")
    last_year = (
        this_year[: this_year.index("    activities:")] + this_year[this_year.index("  - outcome: environment") :]
    )
    (plans / "plan-2024-25.yaml").write_text(last_year.replace("2025-26", "2024-25"), encoding="utf-8")
    before = pmf("check", "--root", str(base), "--as-of", "2025-09-30")[2]
    on_the_day = pmf("check", "--root", str(base), "--as-of", "2025-10-31")[2]
    after = pmf("check", "--root", str(base), "--as-of", "2025-11-01")[2]
    assert "mid-year figure" not in before
    assert "WST-02: 2 year-end figures not verified against the source (2024-04, 2024-05)" in before  # 30 April passed
    assert "WST-01.yaml:19:5: warning: WST-01: 1 mid-year figure not verified" in on_the_day  # due, not yet overdue
    assert (
        "plans/waste/measures/WST-01.yaml:19:5: WST-01: 1 mid-year figure not verified against the source (2025-26 Q2): "
        "add 'verified: {by: <role>, date: <date>}' once checked (due 31 October 2025;" in after
    )
    measure = base / "plans/waste/measures/WST-01.yaml"
    measure.write_text(
        measure.read_text(encoding="utf-8").replace(
            "    comment: Lower garden waste tonnage in a dry summer.\n",
            "    comment: Lower garden waste tonnage in a dry summer.\n    verified: {by: Head of Waste Services, date: 2025-10-20}\n",
        ),
        encoding="utf-8",
    )
    assert "WST-01: 1 mid-year figure" not in pmf("check", "--root", str(base), "--as-of", "2025-11-01")[2]


def test_the_demo_passes_validate_strict_apart_from_its_known_gaps() -> None:
    """The demo's assessments carry recommendations to committee, so --strict finds nothing in them."""
    _, _, err = pmf("validate", "--strict", "--root", str(ROOT))
    assert "assessments/" not in err and "panel/" not in err


def test_a_copied_demo_without_the_year_end_conclusions_fails_validate(tmp_path: Path) -> None:
    copy = tmp_path / "demo"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", ".git", "tests", "src", "reports"))
    path = copy / "assessments/2025-26-year-end.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("performance_requirements:"), text.index("actions_next_year:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    code, _, err = pmf("validate", "--root", str(copy))
    assert code == 1
    assert err.startswith(
        "assessments/2025-26-year-end.yaml:3:9: window: a year-end assessment must give the council's conclusions"
    )


def test_record_verified_by_a_role_then_a_new_figure_drops_it(base: Path) -> None:
    measure = base / "plans/waste/measures/WST-01.yaml"
    args = ["record", "WST-01", "2025-26 Q2", "64.45", "--root", str(base)]
    code, _, err = pmf(*args, "--verified-by", "Head of Waste Services", "--as-of", "2025-10-20")
    assert code == 0, err
    lines = measure.read_text(encoding="utf-8").splitlines()
    at = lines.index("  - period: 2025-26 Q2")
    assert lines[at : at + 4] == [
        "  - period: 2025-26 Q2",
        "    value: 64.45",
        "    comment: Lower garden waste tonnage in a dry summer.",
        "    verified: {by: Head of Waste Services, date: 2025-10-20}",
    ]
    assert pmf("validate", "--root", str(base))[0] == 0
    assert "WST-01: 1 mid-year figure" not in pmf("check", "--root", str(base), "--as-of", "2025-11-02")[2]
    code, _, err = pmf("record", "WST-01", "2025-26 Q2", "64.9", "--root", str(base))
    assert code == 0, err
    text = measure.read_text(encoding="utf-8")
    assert "date: 2025-10-20" not in text  # the checked figure was 64.45, not 64.9
    assert "verified: {by: Performance and Improvement Officer, date: 2025-07-20}" in text  # Q1 untouched


def test_import_column_verified_by_marks_the_figures_it_names(base: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "figures.csv"
    sheet.write_text(
        "measure,period,value,verified_by\n"
        'WST-01,2025-26 Q3,66.0,"Waste Data Officer, Environment"\n'
        "WST-01,2025-26 Q4,65.1,\n",
        encoding="utf-8",
    )
    code, _, err = pmf("import", str(sheet), "--root", str(base), "--as-of", "2026-04-20")
    assert code == 0, err
    text = (base / "plans/waste/measures/WST-01.yaml").read_text(encoding="utf-8")
    assert (
        '  - period: 2025-26 Q3\n    value: 66.0\n    verified: {by: "Waste Data Officer, Environment", date: 2026-04-20}\n'
        "  - period: 2025-26 Q4\n    value: 65.1\n"
    ) in text
    assert text.endswith("value: 65.1\n")
    assert pmf("validate", "--root", str(base))[0] == 0


def test_evidence_cites_reports_by_id_and_links_them(base: Path, tmp_path: Path) -> None:
    folder = base / "assessments"
    folder.mkdir()
    (folder / "2025-26-mid-year.yaml").write_text(
        "financial_year: 2025-26\nwindow: mid-year\nexecutive_summary: A steady half year.\n", encoding="utf-8"
    )
    year_end = folder / "2025-26-year-end.yaml"
    year_end.write_text(
        "financial_year: 2025-26\n"
        "window: year-end\n"
        "executive_summary: A good year.\n"
        "performance_requirements:\n"
        "  functions:\n"
        "    conclusion: Effective.\n"
        "    evidence:\n"
        "      - {report: 2025-26-mid-year, text: The mid-year position.}\n"
        "  resources: {conclusion: Economic.}\n"
        "  governance:\n"
        "    conclusion: Effective.\n"
        "    evidence: [{report: 2024-25-year-end}]\n",
        encoding="utf-8",
    )
    code, _, err = pmf("validate", "--root", str(base))
    assert code == 1
    assert err.splitlines()[0] == (
        "assessments/2025-26-year-end.yaml:12:25: performance_requirements.governance.evidence[0].report: "
        "no report '2024-25-year-end' (reports are cited as 2025-26-year-end, 2026-27-mid-year or panel-2026-27)"
        " (did you mean '2025-26-year-end'?)"
    )
    year_end.write_text(year_end.read_text(encoding="utf-8").replace("[{report: 2024-25-year-end}]", "[]"))
    args = ["report", "year-end", "--year", "2025-26", "--as-of", "2026-06-01", "--root", str(base), "--no-audit"]
    code, _, err = pmf(*args, "--out", str(tmp_path), "--lang", "both", "--format", "html")
    assert code == 0, err
    html = (tmp_path / "2025-26-year-end.html").read_text(encoding="utf-8")
    assert (
        '<li><a href="2025-26-mid-year.html">Performance Self-Assessment, Mid-year 2025-26</a>: The mid-year position.</li>'
        in html
    )
    welsh = (tmp_path / "2025-26-year-end.cy.html").read_text(encoding="utf-8")
    assert '<a href="2025-26-mid-year.cy.html">Hunanasesiad Perfformiad, Canol blwyddyn 2025-26</a>' in welsh
