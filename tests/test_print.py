"""How documents look: printed on A4, BRAG badges, summary cards, units against their figures."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from pmf.cli import app
from pmf.numbers import with_unit
from pmf.render import grid_columns

ROOT = Path(__file__).parent.parent
AS_OF = "2026-11-23"
runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


def _mid_year(out: Path, lang: str = "en") -> Path:
    args = ["report", "mid-year", "--year", "2026-27", "--as-of", AS_OF, "--root", str(ROOT), "--out", str(out)]
    result = runner.invoke(app, [*args, "--no-audit", "--format", "html", "--lang", lang])
    assert result.exit_code == 0, result.stderr
    return out / ("2026-27-mid-year.html" if lang == "en" else "2026-27-mid-year.cy.html")


@given(st.integers(min_value=1, max_value=60), st.integers(min_value=2, max_value=6))
def test_summary_cards_never_leave_one_alone_on_a_row(cards: int, widest: int) -> None:
    columns = grid_columns(cards, widest)
    assert 1 <= columns <= widest
    possible = cards <= widest or any(cards % c != 1 for c in range(2, widest + 1))
    assert not possible or cards <= columns or cards % columns != 1
    assert columns == max((c for c in range(2, widest + 1) if cards % c != 1), default=widest) or cards <= widest


def test_a_percentage_unit_is_written_against_its_figure() -> None:
    assert with_unit(Decimal("100.0"), 1, "ratio", "% of budget") == "100.0% of budget"
    assert with_unit(Decimal("66.2"), 1, "percentage", "%") == "66.2%"
    assert with_unit(Decimal("8.5"), 1, "days", "days") == "8.5 days"


def test_brag_badges_give_blue_its_own_colour_and_shape(tmp_path: Path) -> None:
    example = ROOT / "examples" / "rag-variance"
    args = ["report", "improvement-plan", "--root", str(example), "--as-of", "2025-11-20", "--out", str(tmp_path)]
    assert runner.invoke(app, [*args, "--format", "html"]).exit_code == 0
    html = (tmp_path / "improvement-plan-2025-11-20.html").read_text(encoding="utf-8")
    badges = re.findall(r'<span class="badge s-(\w+)"><span aria-hidden="true">(.) </span>([^<]+)</span>', html)
    seen = {(cls, shape) for cls, shape, label in badges if label.startswith(("Blue", "Green"))}
    assert ("blue", "✓") in seen and ("green", "●") in seen
    assert not [label for cls, _, label in badges if label.startswith("Blue") and cls != "blue"]


def test_summary_cards_in_a_real_browser_leave_no_card_alone(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _mid_year(tmp_path)
    browser.get(page.as_uri())
    try:
        for width in (1280, 900, 700):
            browser.set_window_size(width, 900)
            tops = browser.execute_script(
                "return Array.from(document.querySelectorAll('.summary-grid li')).map(li => li.offsetTop)"
            )
            rows = Counter(tops)
            assert len(rows) > 1 and 1 not in rows.values(), (width, rows)
    finally:
        browser.set_window_size(1280, 900)


def test_printed_report_keeps_its_contents_and_no_forced_page_breaks(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _mid_year(tmp_path)
    html = page.read_text(encoding="utf-8")
    assert re.search(r"@page \{\s*size: A4;\s*margin: [^;]+;", html)
    assert "counter(page)" in html
    browser.get(page.as_uri())
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert browser.find_element("css selector", "nav").is_displayed()
        breaks = browser.execute_script(
            "return Array.from(document.querySelectorAll('h2')).map(h => getComputedStyle(h).breakBefore)"
        )
        assert "page" not in breaks
        header = browser.execute_script("return getComputedStyle(document.querySelector('thead')).display")
        assert header == "table-header-group"
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
