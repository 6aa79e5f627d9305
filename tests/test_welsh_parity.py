"""Welsh treated no less favourably than English: periods, Welsh-only commentary, links and search."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from pmf.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def test_the_welsh_service_review_writes_its_half_year_as_welsh_does(tmp_path: Path) -> None:
    command = ["report", "service-review", "waste", "--root", str(ROOT), "--year", "2026-27", "--window", "mid-year"]
    result = runner.invoke(app, [*command, "--out", str(tmp_path), "--lang", "both", "--format", "both"])
    assert result.exit_code == 0, result.stderr
    welsh = (tmp_path / "2026-27-mid-year-review-waste.cy.md").read_text(encoding="utf-8").splitlines()[0]
    assert welsh.endswith("H1 2026-27") and "2026-27 H1" not in welsh
    page = (tmp_path / "2026-27-mid-year-review-waste.cy.html").read_text(encoding="utf-8")
    assert "H1 2026-27</title>" in page and "2026-27 H1" not in page
    english = (tmp_path / "2026-27-mid-year-review-waste.md").read_text(encoding="utf-8").splitlines()[0]
    assert english.endswith("Service Performance Review, 2026-27 H1")
