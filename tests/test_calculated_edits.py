"""A calculated measure's figures as users meet them through `pmf record`, `pmf import`, `validate` and reports,
on files `pmf init` and `pmf new` write: a quarter dividing by 0, a percentage worked out beyond 100."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmf.cli import app
from pmf.formula import FormulaError
from pmf.models import Measure

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
MEASURES = "plans/example/measures"


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--root", str(root)])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def council(tmp_path: Path, write_guidance: Callable[[Path], None]) -> Path:
    """`pmf init`, then `pmf new measure` three times, their guidance written: EX-02 and EX-03 counts,
    EX-04 = 100 * EX-02 / EX-03 (a percentage, as `pmf new` writes a measure)."""
    root = tmp_path / "council"
    assert runner.invoke(app, ["init", str(root), "--as-of", "2026-06-01"]).exit_code == 0
    for ident in ("EX-02", "EX-03", "EX-04"):
        code, _, err = run(root, "new", "measure", ident, "--service", "example", "--as-of", "2026-06-01")
        assert code == 0, err
    write_guidance(root)
    for ident in ("EX-02", "EX-03"):
        path = root / MEASURES / f"{ident}.yaml"
        text = re.sub(r"(?m)^data_type: .*", "data_type: number", path.read_text())
        text = re.sub(r"(?m)^benchmarking: .*", "benchmarking: count_only", text)
        text = re.sub(r"(?m)^polarity: .*\n", "", text)
        path.write_text(re.sub(r"(?m)^thresholds:.*\n  2026-27: .*\n", "", text))
    path = root / MEASURES / "EX-04.yaml"
    path.write_text(
        re.sub(r"(?m)^measure_type: .*", "measure_type: calculated\nformula: 100 * EX-02 / EX-03", path.read_text())
    )
    code, out, err = run(root, "validate", "--as-of", "2026-11-10")
    assert code == 0, out + err
    return root


def _first_quarter(council: Path, bookings: str, places: str) -> None:
    """EX-02's and EX-03's 2026-27 Q1 figures, written into their files as a lead writes them."""
    for ident, figure in (("EX-02", bookings), ("EX-03", places)):
        path = council / MEASURES / f"{ident}.yaml"
        path.write_text(path.read_text() + f"outturns:\n  - period: 2026-27 Q1\n    value: {figure}\n")


def _refused_at_the_formula(council: Path, message: str) -> None:
    """`pmf validate` exits 1 with ``message`` at EX-04's formula."""
    code, out, err = run(council, "validate", "--as-of", "2026-11-10")
    assert code == 1
    assert f"{MEASURES}/EX-04.yaml:14:10: formula: {message}" in out + err


def test_a_quarter_with_no_bookings_leaves_the_rate_without_a_value_and_the_report_says_why(council: Path) -> None:
    """0 of 0 is real (a quarter with no bookings): that quarter has no value, said so, and nothing is blocked."""
    for ident in ("EX-02", "EX-03"):
        for quarter, figure in (("Q1", "0"), ("Q2", "0")):
            code, _, err = run(council, "record", ident, f"2026-27 {quarter}", figure, "--as-of", "2026-10-10")
            assert code == 0, err
    code, out, err = run(council, "validate", "--as-of", "2026-11-10")
    assert code == 0, out + err
    assert (
        f"{MEASURES}/EX-04.yaml:14:10: warning: formula: no value for 2026-27 Q2: the formula divides by 0 "
        "(EX-02 is 0, EX-03 is 0), so reports show that period without a figure"
    ) in out + err
    code, out, err = run(council, "status", "--as-of", "2026-11-10", "--format", "json")
    assert code == 0, err
    assert next(row for row in json.loads(out) if row["id"] == "EX-04")["value"] is None
    code, _, err = run(council, "report", "mid-year", "--as-of", "2026-11-10", "--out", str(council / "out"))
    assert code == 0, err
    report = (council / "out/2026-27-mid-year.md").read_text()
    assert "No figure for 2026-27 Q2: the formula divides by 0 (EX-02 is 0, EX-03 is 0)" in report


def test_a_divisor_of_0_is_said_by_the_record_in_the_report_s_language_and_in_the_json_and_csv(council: Path) -> None:
    """The reason a quarter has no rate is a fact pmf knows, not English written in as a comment: the recording
    that makes the divisor 0 says what it causes at the formula; the Welsh report words it in Welsh, not marked
    '(yn Saesneg)'; `status --format json`, its CSV and the export name the period."""
    _first_quarter(council, "3", "4")
    code, _, err = run(council, "record", "EX-02", "2026-27 Q2", "0", "--as-of", "2026-10-10")
    assert code == 0, err
    assert "warning" not in err  # a numerator of 0 is a rate of 0
    code, _, err = run(council, "record", "EX-03", "2026-27 Q2", "0", "--as-of", "2026-10-10")
    assert code == 0, err
    assert err.splitlines() == [
        "EX-03: added the outturn for 2026-27 Q2",
        f"{MEASURES}/EX-04.yaml:14:10: warning: formula: no value for 2026-27 Q2: the formula divides by 0 "
        "(EX-02 is 0, EX-03 is 0), so reports show that period without a figure",
    ]
    code, _, err = run(council, "record", "EX-03", "2026-27 Q2", "0", "--as-of", "2026-10-10")
    assert (code, err) == (0, "EX-03: unchanged: already holds the outturn for 2026-27 Q2\n")  # said once
    out_folder = council / "out"
    code, _, err = run(council, "report", "mid-year", "--as-of", "2026-11-10", "--lang", "cy", "--out", str(out_folder))
    assert code == 0, err
    welsh = (out_folder / "2026-27-mid-year.cy.md").read_text()
    assert "Dim ffigur ar gyfer Ch2 2026-27: mae'r fformiwla yn rhannu â 0 (mae EX-02 yn 0, mae EX-03 yn 0) |" in welsh
    assert "divides" not in welsh
    code, out, err = run(council, "status", "--as-of", "2026-11-10", "--format", "json")
    row = next(row for row in json.loads(out) if row["id"] == "EX-04")
    assert (row["period"], row["partial"], row["divides_by_zero"]) == ("2026-27 Q1", True, ["2026-27 Q2"])
    assert next(row for row in json.loads(out) if row["id"] == "EX-02")["divides_by_zero"] == []
    code, out, err = run(council, "status", "--as-of", "2026-11-10", "--format", "csv")
    assert out.splitlines()[0].endswith(",partial,basis,divides_by_zero")
    assert next(line for line in out.splitlines() if line.startswith("EX-04,")).endswith(",2026-27 Q2")
    code, _, err = run(council, "export", "--as-of", "2026-11-10", "--out", str(out_folder))
    assert code == 0, err
    outturns = (out_folder / "outturns.csv").read_text().splitlines()
    assert outturns[0] == "measure,service,period,period_start,period_end,financial_year,value,comment,divides_by_zero"
    assert "EX-04,example,2026-27 Q2,2026-07-01,2026-09-30,2026-27,,,true" in outturns
    assert (
        "EX-04,example,2026-27 Q1,2026-04-01,2026-06-30,2026-27,75.0,,false" in outturns
    )  # to its decimals (pmf new: 1)
    code, _, err = run(council, "site", "--as-of", "2026-11-10", "--out", str(council / "site"))
    assert code == 0, err
    page = (council / "site/measures/EX-04.cy.html").read_text()
    said = "Dim ffigur ar gyfer Ch2 2026-27: mae&#39;r fformiwla yn rhannu â 0 (mae EX-02 yn 0, mae EX-03 yn 0)"
    assert f"<td>{said}</td>" in page


def test_a_percentage_worked_out_beyond_100_is_a_problem_at_the_formula_as_one_written_is(council: Path) -> None:
    _first_quarter(council, "250", "200")
    _refused_at_the_formula(
        council,
        "2026-27 Q1 works out at 125.0 (EX-02 is 250, EX-03 is 200), "
        "which is not a percentage: percentages run from 0 to 100; check those figures, or the formula",
    )


def test_a_measure_the_formula_needs_whose_file_has_a_problem_is_not_called_missing(council: Path) -> None:
    """A tab typed after `title:` in EX-03: its own problem is said once; the formula over it adds nothing."""
    path = council / MEASURES / "EX-03.yaml"
    path.write_text(path.read_text().replace("title: ", "title:\t", 1))
    code, out, err = run(council, "validate", "--as-of", "2026-11-10")
    assert code == 1
    assert (out + err).splitlines() == [
        f"{MEASURES}/EX-03.yaml:5:7: YAML takes spaces, not tabs, inside a line: replace the tab at column 7 with a space",
        "1 problem in 1 file",
    ]


def test_a_figure_that_would_break_a_formula_over_it_is_refused_at_that_formula_and_nothing_is_written(
    council: Path,
) -> None:
    """The rules across files run on the repository as it would be: an error the edit causes in another file
    (a percentage worked out beyond 100) refuses it, by `pmf record` and by `pmf import` alike."""
    code, _, err = run(council, "record", "EX-02", "2026-27 Q1", "250", "--as-of", "2026-07-10")
    assert code == 0, err
    before = {path.name: path.read_bytes() for path in (council / MEASURES).iterdir()}
    said = (
        f"{MEASURES}/EX-04.yaml:14:10: formula: 2026-27 Q1 works out at 125.0 (EX-02 is 250, EX-03 is 200), which is "
        "not a percentage: percentages run from 0 to 100; check those figures, or the formula "
        "(the change would leave this; nothing was written)"
    )
    code, out, err = run(council, "record", "EX-03", "2026-27 Q1", "200", "--as-of", "2026-07-10")
    assert (code, (out + err).splitlines()) == (1, [said, "1 problem in 1 file"])
    (council / "q1.csv").write_text("measure,period,value\nEX-03,2026-27 Q1,200\n")
    code, out, err = run(council, "import", str(council / "q1.csv"), "--as-of", "2026-07-10")
    assert (code, (out + err).splitlines()) == (1, [said, "1 problem in 1 file"])
    assert {path.name: path.read_bytes() for path in (council / MEASURES).iterdir()} == before
    code, out, err = run(council, "record", "EX-03", "2026-27 Q1", "300", "--as-of", "2026-07-10")
    assert code == 0, err
    assert "warning" not in out + err


def test_a_new_error_in_a_file_that_held_one_already_still_refuses_the_edit(council: Path) -> None:
    """EX-04's polarity is mistyped (the file still reads): a figure that makes its percentage 125 is a new error
    there all the same, refused at the formula, and the file's own slip is not said as the change's."""
    path = council / MEASURES / "EX-04.yaml"
    path.write_text(path.read_text().replace("polarity: higher_is_better", "polarity: higher", 1))
    code, _, err = run(council, "record", "EX-02", "2026-27 Q1", "250", "--as-of", "2026-07-10")
    assert code == 0, err
    before = {path.name: path.read_bytes() for path in (council / MEASURES).iterdir()}
    code, out, err = run(council, "record", "EX-03", "2026-27 Q1", "200", "--as-of", "2026-07-10")
    assert (code, (out + err).splitlines()) == (
        1,
        [
            f"{MEASURES}/EX-04.yaml:14:10: formula: 2026-27 Q1 works out at 125.0 (EX-02 is 250, EX-03 is 200), "
            "which is not a percentage: percentages run from 0 to 100; check those figures, or the formula "
            "(the change would leave this; nothing was written)",
            "1 problem in 1 file",
        ],
    )
    assert {path.name: path.read_bytes() for path in (council / MEASURES).iterdir()} == before
    code, out, err = run(council, "record", "EX-03", "2026-27 Q1", "300", "--as-of", "2026-07-10")
    assert (code, (out + err).splitlines()) == (
        0,
        [
            "EX-03: added the outturn for 2026-27 Q1",
            f"warning: 1 other file has a problem: pmf validate --root {council} --as-of 2026-07-10 lists it",
        ],
    )


def test_the_rules_work_a_calculated_measure_out_once(council: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`pmf validate` works EX-04's figures out once per run of the rules, where its formula's check worked them
    out a second time; a period beyond what pmf takes is still a problem at the formula."""
    from pmf import calculated, measure_checks

    calls: list[str] = []
    original = calculated.worked_out

    def counted(
        measure: Measure, measures: Mapping[str, Measure]
    ) -> list[tuple[str, Decimal | FormulaError, dict[str, Decimal]]]:
        calls.append(measure.id)
        return original(measure, measures)

    monkeypatch.setattr(calculated, "worked_out", counted)
    monkeypatch.setattr(measure_checks, "worked_out", counted)
    path = council / MEASURES / "EX-04.yaml"
    path.write_text(path.read_text().replace("formula: 100 * EX-02 / EX-03", "formula: 1000000000000 * EX-02 / EX-03"))
    _first_quarter(council, "2", "1")
    _refused_at_the_formula(
        council,
        "a result of 2.00e+12, beyond the 1,000,000,000,000 (10¹²) pmf takes for 2026-27 Q1 (EX-02 is 2, EX-03 is 1)",
    )
    assert calls == ["EX-04"]
