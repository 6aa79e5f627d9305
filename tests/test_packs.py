"""The Service Performance Review pack and the service plan pack, through the command line."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from pmf.cli import app

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})

REVIEW = """\
id: waste
financial_year: 2025-26
summary: A steady half year with one concern.
swot:
  strengths: [Crews know their rounds]
  weaknesses: [Ageing fleet]
  opportunities: [New food waste grant]
  threats: ["<script>recycling market</script> prices"]
"""


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stderr


def test_service_review_pack(repo: Path, tmp_path: Path) -> None:
    (repo / "plans/waste/review-2025-26.yaml").write_text(REVIEW)
    code, err = invoke(
        "report",
        "service-review",
        "waste",
        "--root",
        str(repo),
        "--year",
        "2025-26",
        "--window",
        "mid-year",
        "--as-of",
        "2025-11-01",
        "--out",
        str(tmp_path),
    )
    assert code == 0, err
    md = (tmp_path / "2025-26-mid-year-review-waste.md").read_text()
    html = (tmp_path / "2025-26-mid-year-review-waste.html").read_text()
    assert "### Weaknesses\n\n- Ageing fleet" in md
    assert "| WST-01: Percentage of waste reused, recycled or composted |" in md
    assert "| RSK-01: Loss of the recycling contract | operational | Service | 16 | 9 | 6 | Medium |" in md
    assert "&lt;script&gt;recycling market&lt;/script&gt;" in html and "<script>" not in html


def test_review_without_swot_says_so(repo: Path, tmp_path: Path) -> None:
    code, _ = invoke(
        "report",
        "service-review",
        "waste",
        "--root",
        str(repo),
        "--year",
        "2025-26",
        "--window",
        "mid-year",
        "--out",
        str(tmp_path),
        "--format",
        "md",
    )
    assert code == 0
    md = (tmp_path / "2025-26-mid-year-review-waste.md").read_text()
    assert "The service has not written its SWOT for 2025-26 (plans/waste/review-2025-26.yaml)." in md


def test_plan_pack_follows_the_template(repo: Path, tmp_path: Path) -> None:
    code, err = invoke("report", "plan", "waste", "--root", str(repo), "--year", "2025-26", "--out", str(tmp_path))
    assert code == 0, err
    md = (tmp_path / "plan-2025-26-waste.md").read_text()
    headings = [line for line in md.splitlines() if line.startswith("#")]
    assert headings[:9] == [
        "# Waste and Environment: Service Plan 2025 to 2026",
        "## 1. Context",
        "### 1.1 Well-being Statement",
        "### 1.2 Areas of Responsibility",
        "## 2. Implications of the Plan",
        "### 2.1 Budgets, Savings and Assets",
        "### 2.2 Interdependencies with other service areas",
        "### 2.3 Workforce Needs",
        "## Outcome 1: The council is resilient",
    ]
    assert (
        "WST-01: Percentage of waste reused, recycled or composted – **Benchmarked Nationally** **Target 68.0%; Tolerance Threshold: 64.0%**"
        in md
    )
    assert "**Status:** Signed off by Cabinet Member for Environment on 20 March 2025." in md


def test_unknown_service_exits_2(repo: Path, tmp_path: Path) -> None:
    code, err = invoke("report", "plan", "wast", "--root", str(repo), "--year", "2025-26", "--out", str(tmp_path))
    assert code == 2
    assert "no service 'wast' (did you mean 'waste'?)" in err
    code, err = invoke("report", "plan", "waste", "--root", str(repo), "--year", "2027-28", "--out", str(tmp_path))
    assert code == 2
    assert "has no plan for 2027-28" in err


def test_the_plan_for_sign_off_shows_a_measures_mid_year_thresholds(tmp_path: Path) -> None:
    """The Cabinet Member signs off the mid-year target the measure will be judged against (SPEC 2.6)."""
    root = tmp_path / "council"
    code, err = invoke("init", str(root), "--as-of", "2026-03-02")
    assert code == 0, err
    measure = root / "plans/example/measures/EX-01.yaml"
    text = measure.read_text(encoding="utf-8")
    year = "2026-27: {target: 70.0, tolerance: 65.0}"
    assert year in text
    measure.write_text(
        text.replace(year, "2026-27: {target: 70.0, tolerance: 65.0, mid-year: {target: 66.0, tolerance: 60.0}}"),
        encoding="utf-8",
    )
    code, err = invoke("report", "plan", "example", "--root", str(root), "--out", str(tmp_path), "--lang", "both")
    assert code == 0, err
    english = (tmp_path / "plan-2026-27-example.md").read_text(encoding="utf-8")
    welsh = (tmp_path / "plan-2026-27-example.cy.md").read_text(encoding="utf-8")
    assert (
        "**Target 70.0%; Tolerance Threshold: 65.0%** **Mid-year target 66.0%; Tolerance Threshold: 60.0%**" in english
    )
    assert "**Targed canol blwyddyn 66.0%; Trothwy Goddefiant: 60.0%**" in welsh
    html = (tmp_path / "plan-2026-27-example.html").read_text(encoding="utf-8")
    assert "<strong>Mid-year target 66.0%; Tolerance Threshold: 60.0%</strong>" in html
