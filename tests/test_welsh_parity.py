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


def _search(browser, page: Path, words: str) -> list[str]:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    browser.get(page.as_uri())
    box = browser.find_element(By.ID, "search")
    box.clear()
    box.send_keys(words)
    return [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#search-results li") if li.is_displayed()]


def test_site_search_finds_welsh_words_typed_without_their_accents(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    result = runner.invoke(app, ["site", "--root", str(ROOT), "--out", str(tmp_path), "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.stderr
    accented = _search(browser, tmp_path / "index.cy.html", "hŷn")
    assert accented and all("hŷn" in text for text in accented)
    assert _search(browser, tmp_path / "index.cy.html", "HYN") == accented  # no circumflex, any case
    assert browser.find_element(By.ID, "search-count").text.startswith(f"{len(accented)} ")
    # the accent typed where the page has none finds it too, and English pages search the same way
    english = _search(browser, tmp_path / "index.html", "over")
    assert english and _search(browser, tmp_path / "index.html", "ôver") == english
