"""What a council publishes: the bilingual site and every report in both languages, checked by real clients.

axe-core runs in the one Chromium session (conftest's ``browser``); the W3C Nu HTML Checker
checks every page in one run of Java.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmf.cli import app

ROOT = Path(__file__).parent.parent
AS_OF = "2026-11-23"
runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out, demo = tmp_path_factory.mktemp("site"), tmp_path_factory.mktemp("demo")  # outside git: the files as they are
    for name in ("plans", "assessments", "regulators", "panel"):
        shutil.copytree(ROOT / name, demo / name)
    shutil.copy(ROOT / "pmf.yaml", demo / "pmf.yaml")
    result = runner.invoke(app, ["site", "--root", str(demo), "--out", str(out), "--as-of", AS_OF])
    assert result.exit_code == 0, result.stderr
    pages = len(list(out.rglob("*.html")))
    assert result.stderr.strip() == f"wrote {pages} pages into {out} (open {out / 'index.html'})"
    return out


def _twin(page: Path) -> Path:
    name = page.name.removesuffix(".cy.html") + ".html" if page.name.endswith(".cy.html") else page.stem + ".cy.html"
    return page.with_name(name)


def test_every_site_page_has_its_twin_and_links_it_with_hreflang(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    welsh = [p for p in pages if p.name.endswith(".cy.html")]
    assert len(pages) == 2 * len(welsh) == 2 * (1 + 3 + 8 + len(list(ROOT.glob("plans/*/measures/*.yaml"))))
    for page in pages:
        html = page.read_text(encoding="utf-8")
        code, other = ("cy", "en-GB") if page in welsh else ("en-GB", "cy")
        assert f'<html lang="{code}">' in html, page
        twin = _twin(page)
        assert twin.is_file(), page
        assert f'<link rel="alternate" hreflang="{other}" href="{twin.name}">' in html or page.parent.name == "reports"
        assert re.search(rf'<a href="{re.escape(twin.name)}" hreflang="{other}" lang="{other}">', html), page


def test_welsh_pages_link_within_welsh_and_speak_welsh(site: Path) -> None:
    index = (site / "index.cy.html").read_text(encoding="utf-8")
    assert 'href="measures/WST-01.cy.html"' in index and 'href="services/waste.cy.html"' in index
    assert "Hunanasesiad Perfformiad canol blwyddyn 2026-27" in index and "Diweddarwyd ar 23 Tachwedd 2026" in index
    measure = (site / "measures/WST-05.cy.html").read_text(encoding="utf-8")
    assert 'href="../index.cy.html"' in measure and 'href="../services/waste.cy.html"' in measure
    assert "<dt>Disgrifiad</dt>" in measure and "Description" not in measure
    assert "Mesur perfformiad" in measure and "Chwarterol" in measure
    service = (site / "services/waste.cy.html").read_text(encoding="utf-8")
    assert "Datganiad llesiant" in service and "Pennaeth Gwasanaethau Gwastraff" in service
    english = (site / "measures/WST-05.html").read_text(encoding="utf-8")
    assert "<dt>Description</dt>" in english and "yn Saesneg" not in english


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_site_in_one_language_has_no_twin_links(tmp_path: Path, lang: str) -> None:
    args = ["site", "--root", str(ROOT), "--out", str(tmp_path), "--as-of", AS_OF, "--lang", lang]
    assert runner.invoke(app, args).exit_code == 0
    pages = sorted(tmp_path.rglob("*.html"))
    assert len(pages) == 1 + 3 + 8 + len(list(ROOT.glob("plans/*/measures/*.yaml")))
    assert all(p.name.endswith(".cy.html") == (lang == "cy") for p in pages)
    assert not any("hreflang" in p.read_text(encoding="utf-8") for p in pages if p.parent.name != "reports")


def test_welsh_page_to_its_english_twin_and_back_in_a_real_browser(browser, site: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    browser.get((site / "measures/WST-01.cy.html").as_uri())
    assert browser.execute_script("return document.documentElement.lang") == "cy"
    link = browser.find_element(By.CSS_SELECTOR, 'a[hreflang="en-GB"]')
    assert link.text == "English"
    link.click()
    assert browser.current_url.endswith("/measures/WST-01.html")
    assert browser.execute_script("return document.documentElement.lang") == "en-GB"
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("WST-01: Percentage of municipal waste")
    back = browser.find_element(By.CSS_SELECTOR, 'a[hreflang="cy"]')
    assert back.text == "Cymraeg"
    back.click()
    assert browser.current_url.endswith("/measures/WST-01.cy.html")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("WST-01: Canran y gwastraff")


def test_every_site_page_passes_axe_in_a_real_browser(axe, site: Path) -> None:  # type: ignore[no-untyped-def]
    failures = [found for page in sorted(site.rglob("*.html")) if (found := axe(page))]
    assert failures == []


def test_every_site_page_passes_the_nu_html_checker(nu_checker: Callable[[list[Path]], list[str]], site: Path) -> None:
    assert nu_checker(sorted(site.rglob("*.html"))) == []


REPORTS = [
    ["report", "mid-year", "--year", "2026-27", "--no-audit"],
    ["report", "year-end", "--year", "2025-26", "--no-audit"],
    ["report", "service-review", "waste", "--year", "2026-27", "--window", "mid-year"],
    ["report", "plan", "housing", "--year", "2026-27"],
    ["report", "exceptions", "--year", "2026-27", "--window", "mid-year"],
    ["report", "panel-response", "--year", "2026-27"],
]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every kind of report, each in English and in Welsh, as HTML."""
    out = tmp_path_factory.mktemp("reports")
    example = ROOT / "examples" / "rag-variance"
    commands = [[*args, "--root", str(ROOT), "--as-of", AS_OF] for args in REPORTS] + [
        ["report", "improvement-plan", "--root", str(example), "--as-of", "2025-11-20"]
    ]
    for args in commands:
        result = runner.invoke(app, [*args, "--out", str(out), "--lang", "both", "--format", "html"])
        assert result.exit_code == 0, (args, result.stderr)
    pages = sorted(out.glob("*.html"))
    assert len(pages) == 2 * (len(REPORTS) + 1)
    return pages


def test_every_report_in_both_languages_passes_the_nu_html_checker(
    nu_checker: Callable[[list[Path]], list[str]], reports: list[Path]
) -> None:
    assert nu_checker(reports) == []


def test_every_report_in_both_languages_passes_axe(axe, reports: list[Path]) -> None:  # type: ignore[no-untyped-def]
    failures = [found for page in reports if (found := axe(page))]
    assert failures == []
