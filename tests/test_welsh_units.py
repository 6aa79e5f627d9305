"""Units and periods in Welsh documents: fixed text from the catalogue, periods as Welsh councils write them."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from pmf import i18n
from pmf.cli import app
from pmf.numbers import with_unit
from pmf.periods import half, month, quarter

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


def test_periods_are_written_as_welsh_councils_write_them() -> None:
    with i18n.language("cy"):
        assert i18n.period_words("2026-27 Q2") == "Ch2 2026-27"
        assert i18n.period_words("2026-27 H1") == "H1 2026-27"
        assert i18n.period_words("2026-09") == "Medi 2026"
        assert i18n.period_words("2026-W05") == "Wythnos 5 2026"
        assert i18n.period_words("2026-27") == "2026-27"
        assert i18n.period_words("2011-12") == "2011-12"  # a financial year...
        assert i18n.period_words("2011-12", "monthly") == "Rhagfyr 2011"  # ...unless the measure is monthly
    assert i18n.period_words("2026-27 Q2") == "2026-27 Q2"  # English keeps the plan files' codes


@given(st.integers(min_value=1990, max_value=2090), st.integers(min_value=1, max_value=4))
def test_no_period_code_is_left_in_welsh(start: int, number: int) -> None:
    year = f"{start}-{(start + 1) % 100:02d}"
    with i18n.language("cy"):
        words = [i18n.period_words(p.label, p.frequency) for p in (quarter(year, number), half(year, 1 + number % 2))]
        words.append(i18n.period_words(month(start, 3 + number).label, "monthly"))
    assert not any(re.search(r"\bQ[1-4]\b|\d H[12]\b|^\d{4}-\d{2}$", w) for w in words), words
    assert words[0] == f"Ch{number} {year}" and words[1].endswith(year)


def test_common_units_are_welsh_whether_written_or_from_the_data_type() -> None:
    with i18n.language("cy"):
        assert with_unit(Decimal(212), 0, "days", "days") == "212 diwrnod"
        assert not isinstance(with_unit(Decimal(212), 0, "days", "days"), i18n.English)
        assert with_unit(Decimal(212), 0, "days", None) == "212 diwrnod"
        assert with_unit(Decimal("4.5"), 1, "number", "per 1,000 population") == "4.5 fesul 1,000 o'r boblogaeth"
        assert with_unit(Decimal(3), 0, "number", "tonnes") == "3 tunnell"
        assert with_unit(Decimal("66.2"), 1, "percentage", "%") == "66.2%"
        assert with_unit(Decimal(1200), 0, "monetary", None) == "£1,200"
        assert with_unit(Decimal("100.0"), 1, "ratio", "% of budget") == "100.0% o'r gyllideb"
        assert isinstance(with_unit(Decimal(7), 0, "number", "skips emptied"), i18n.English)  # not a common unit
    assert with_unit(Decimal(212), 0, "days", None) == "212 days"


def test_a_welsh_report_writes_an_english_only_unit_in_welsh(repo: Path, tmp_path: Path) -> None:
    measure = repo / "plans/waste/measures/WST-02.yaml"
    assert "unit: tonnes\n" in measure.read_text(encoding="utf-8")  # English only, as a lead writes it
    args = ["report", "mid-year", "--year", "2025-26", "--as-of", "2025-11-20", "--root", str(repo)]
    result = runner.invoke(app, [*args, "--out", str(tmp_path), "--no-audit", "--lang", "cy", "--format", "md"])
    assert result.exit_code == 0, result.stderr
    md = (tmp_path / "2025-26-mid-year.cy.md").read_text(encoding="utf-8")
    assert re.search(r"\d tunnell", md)
    assert not re.search(r"tonnes _\(yn Saesneg\)_", md)
    assert not re.search(r"\b20\d\d-\d\d [QH][1-4]\b", md)  # periods in Welsh, not the codes
    notices = runner.invoke(app, ["validate", "--no-cache", "--lang", "cy", "--root", str(repo)]).stderr
    assert "WST-02.yaml" not in "\n".join(line for line in notices.splitlines() if ": unit:" in line)


def test_no_period_code_is_left_in_the_welsh_demo_documents(tmp_path: Path) -> None:
    root = Path(__file__).parent.parent
    for args in (
        ["report", "mid-year", "--year", "2026-27", "--no-audit"],
        ["report", "exceptions", "--year", "2026-27", "--window", "mid-year"],
    ):
        common = [
            "--root",
            str(root),
            "--as-of",
            "2026-11-23",
            "--out",
            str(tmp_path),
            "--lang",
            "cy",
            "--format",
            "md",
        ]
        result = runner.invoke(app, [*args, *common])
        assert result.exit_code == 0, result.stderr
    for document in tmp_path.glob("*.cy.md"):
        text = document.read_text(encoding="utf-8")
        codes = re.findall(r"\b20\d\d-\d\d [QH][1-4]\b|\b20\d\d-(?:0[1-9]|1[0-2])\b(?!-)", text)
        assert codes == [], (document.name, codes[:5])
