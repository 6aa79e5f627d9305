"""A period given as one cell or argument is read only when that is all it says (pmf record, pmf import)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmf.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    target = tmp_path / "demo"
    shutil.copytree(ROOT / "plans", target / "plans")
    shutil.copy(ROOT / "pmf.yaml", target / "pmf.yaml")
    return target


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


# Texts that mention a financial year but name some other period: each was once read as the year.
MENTIONS_A_YEAR = [
    "Month 6 2025/26",
    "Week 41 2025/26",
    "Apr-Jun 2025/26",
    "P6 2025/26",
    "Sep 2025/26",
    "Target 2025/26",
]
# How each measure's periods are written, as the message for a text that is no period says: its own frequency's form only.
WRITTEN = {
    "EDU-01": "a year as 2025-26",
    "ASC-03": "a month as 2025-09",
    "ASC-01": "a quarter as 2025-26 Q2",
    "HSG-09": "a week as 2026-W14",
    "CHS-07": "a half year as 2025-26 H1",
    "PPL-09": "a year as 2025-26",
    "EX-01": "a quarter as 2025-26 Q2",
}
NOT_A_WEEK = "is not a week pmf can read: write an ISO week as W41 2026, Week 41 2026 or 2026-W41"


@pytest.mark.parametrize("measure", ["EDU-01", "ASC-03", "ASC-01", "HSG-09"])  # annual, monthly, quarterly, weekly
@pytest.mark.parametrize("text", [*MENTIONS_A_YEAR, "Week 41 2026/27", "wk 41 of 2026"])
def test_record_refuses_a_text_that_only_mentions_a_year(demo: Path, measure: str, text: str) -> None:
    before = snapshot(demo)
    code, out, err = run("record", measure, text, "55", "--root", str(demo), "--as-of", "2026-11-26")
    said = NOT_A_WEEK if "w" in text.casefold().split()[0] else f"is not a period: write {WRITTEN[measure]}\n"
    assert (code, out, err.startswith(f"pmf: '{text}' {said}")) == (2, "", True), err
    assert "annual period" not in err
    assert snapshot(demo) == before


def test_the_verified_figure_is_not_replaced_by_a_month_of_the_year(demo: Path) -> None:
    """The run that found this: a month's figure given for an annual measure replaced the year's verified outturn."""
    code, out, err = run(
        "record", "EDU-01", "Month 6 2025/26", "55", "--root", str(demo), "--as-of", "2026-11-26", "--dry-run"
    )
    assert (code, "would change" in out) == (2, False)
    assert err == "pmf: 'Month 6 2025/26' is not a period: write a year as 2025-26\n"


def test_import_refuses_each_such_period_by_its_row_and_writes_nothing(demo: Path, tmp_path: Path) -> None:
    rows = [("EDU-01", text) for text in MENTIONS_A_YEAR] + [("HSG-09", "Week 41 2026/27")]
    data = tmp_path / "figures.csv"
    data.write_text("measure,period,value\n" + "".join(f"{m},{t},5\n" for m, t in rows), encoding="utf-8")
    before = snapshot(demo)
    code, out, err = run("import", str(data), "--root", str(demo), "--as-of", "2026-11-26")
    assert (code, out) == (1, "")
    lines = err.splitlines()
    for number, (measure, text) in enumerate(rows, start=2):
        said = NOT_A_WEEK if text.startswith("Week") else f"is not a period: write {WRITTEN[measure]}"
        assert any(line.startswith(f"figures.csv:{number}:2: {measure} {text}: '{text}' {said}") for line in lines), err
    assert snapshot(demo) == before


@pytest.mark.parametrize("measure", list(WRITTEN))
@pytest.mark.parametrize("text", ["Q5 2026", "2026-27 Q5", "sometime"])
def test_a_text_that_is_no_period_is_told_only_how_its_measures_periods_are_written(
    demo: Path, initialised_in_november: Path, tmp_path: Path, measure: str, text: str
) -> None:
    """Weekly, monthly, quarterly, half-yearly, annual and biennial measures of the demo, and the one pmf
    init writes: pmf record and pmf import each name the form of the measure's own frequency, not all five."""
    root = initialised_in_november if measure == "EX-01" else demo
    before = snapshot(root)
    said = f"'{text}' is not a period: write {WRITTEN[measure]}"
    code, out, err = run("record", measure, text, "12", "--root", str(root), "--as-of", "2026-11-26")
    assert (code, out, err) == (2, "", f"pmf: {said}\n")
    data = tmp_path / "figures.csv"
    data.write_text(f"measure,period,value\n{measure},{text},12\n", encoding="utf-8")
    code, out, err = run("import", str(data), "--root", str(root), "--as-of", "2026-11-26")
    assert (code, out, err.splitlines()[0]) == (1, "", f"figures.csv:2:2: {measure} {text}: {said}")
    assert snapshot(root) == before


@pytest.mark.parametrize(
    ("measure", "text", "label"),
    [
        ("EDU-01", "2024/25", "2024-25"),
        ("EDU-01", "2024_2025", "2024-25"),
        ("EDU-01", "2024-2025", "2024-25"),
        ("EDU-01", "2024 to 2025", "2024-25"),
        ("EDU-01", "value_2024_2025", "2024-25"),
        ("EDU-01", "FY 2024/25", "2024-25"),
        ("ASC-01", "Q2 2025/26", "2025-26 Q2"),
        ("ASC-01", "2025/26 Q2", "2025-26 Q2"),
        ("ASC-01", "q2 2025-2026", "2025-26 Q2"),
        ("ASC-03", "Oct-25", "2025-10"),
        ("ASC-03", "01/10/2025", "2025-10"),
        ("HSG-09", "Week 41 2026", "2026-W41"),
        ("HSG-09", "W41 2026", "2026-W41"),
        ("HSG-09", "2026 W41", "2026-W41"),
    ],
)
def test_the_documented_forms_still_read(demo: Path, measure: str, text: str, label: str) -> None:
    """Every form docs/importing.md names, given to pmf record and to pmf import."""
    code, _, err = run("record", measure, text, "5", "--root", str(demo), "--as-of", "2026-11-26", "--dry-run")
    assert (code, f"outturn for {label}\n" in err) == (0, True), err
    data = demo / "one.csv"
    data.write_text(f"measure,period,value\n{measure},{text},5\n", encoding="utf-8")
    code, out, err = run("import", str(data), "--root", str(demo), "--as-of", "2026-11-26", "--dry-run")
    assert (code, label in out + err) == (0, True), out + err


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("00/10/2026", "'00/10/2026' is not a date: October 2026 has days 1 to 31; check the day"),
        ("99/10/2026", "'99/10/2026' is not a date: October 2026 has days 1 to 31; check the day"),
        ("31/09/2026", "'31/09/2026' is not a date: September 2026 has days 1 to 30; check the day"),
        ("Oct-00", "'Oct-00' reads as October 2000, before the measure's first figure or target (2024-25)"),
        ("1/3/19", "'1/3/19' reads as March 2019, before the measure's first figure or target (2024-25)"),
        ("Oct-45", "'Oct-45' reads as October 1945 (a two-digit year from 30 is in the 1900s)"),
    ],
)
def test_a_month_from_a_slip_of_the_day_or_a_short_year_is_refused(
    demo: Path, tmp_path: Path, text: str, said: str
) -> None:
    """ASC-03 (monthly) has targets and figures from 2024-25: a date with no such day, or a two-digit
    year that reads as a month long before, is refused by pmf record and pmf import alike."""
    before = snapshot(demo)
    code, out, err = run("record", "ASC-03", text, "5", "--root", str(demo), "--as-of", "2026-11-26")
    assert (code, out, err.startswith(f"pmf: {said}")) == (2, "", True), err
    data = tmp_path / "months.csv"
    data.write_text(f"measure,period,value\nASC-03,{text},5\n", encoding="utf-8")
    code, out, err = run("import", str(data), "--root", str(demo), "--as-of", "2026-11-26")
    assert (code, out, err.startswith(f"months.csv:2:2: ASC-03 {text}: {said}")) == (1, "", True), err
    assert snapshot(demo) == before


def test_a_short_year_within_the_measures_years_is_read(demo: Path) -> None:
    code, _, err = run("record", "ASC-03", "Oct-26", "5", "--root", str(demo), "--as-of", "2026-11-26", "--dry-run")
    assert (code, err.endswith("outturn for 2026-10\n")) == (0, True), err


def test_record_help_says_a_week_is_an_iso_week() -> None:
    """Many councils number weeks from April: the help says which weeks pmf means."""
    code, out, _ = run("record", "--help")
    assert code == 0
    assert "an ISO week (Monday to Sunday, week 1 holds the year's first Thursday)" in " ".join(
        line.strip(" │") for line in out.splitlines()
    )


def test_benchmark_reads_its_year_only_when_that_is_all_it_says(demo: Path, tmp_path: Path) -> None:
    """A dataset's year cell and --year are single cells too: 'Target 2023/24' is not the year 2023-24."""
    dataset = tmp_path / "national.csv"
    dataset.write_text(
        "measure,year,authority,value\n"
        "WST-01,2023/24,Example,50\nWST-01,FY 2023/24,Other,60\nWST-01,Target 2023/24,Third,70\n",
        encoding="utf-8",
    )
    args = ("benchmark", str(dataset), "--authority", "Example", "--root", str(demo), "--format", "json")
    code, out, err = run(*args, "--year", "FY 2023/24")
    assert code == 0, err
    assert [(b["year"], b["authorities"]) for b in json.loads(out)] == [("2023-24", 2)]  # a target is no figure


def test_on_a_repository_pmf_init_wrote(initialised_in_november: Path) -> None:
    """EX-01 (quarterly, a target for 2026-27) as pmf init writes it: a month of the year is no quarter or year."""
    root = initialised_in_november
    before = snapshot(root)
    args = ("--root", str(root), "--as-of", "2026-11-26")
    for text in ("Month 6 2026/27", "Sep 2026/27", "Target 2026/27"):
        code, _, err = run("record", "EX-01", text, "55", *args)
        assert (code, err) == (2, f"pmf: '{text}' is not a period: write {WRITTEN['EX-01']}\n"), err
    assert snapshot(root) == before
    code, _, err = run("record", "EX-01", "Q2 2026/27", "55", *args)
    assert (code, err) == (0, "EX-01: added the outturn for 2026-27 Q2\n"), err
