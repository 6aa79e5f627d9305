"""A negative figure on the command line (a net fall, a budget variance) is a value, not an option."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmf.cli import app

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


@pytest.fixture
def numbers(initialised_in_november: Path) -> Path:
    """`pmf init`'s measure EX-01 made a number to one decimal (a net change can fall below 0)."""
    path = initialised_in_november / "plans/example/measures/EX-01.yaml"
    text = path.read_text().replace("data_type: percentage", "data_type: number", 1)
    path.write_text(text.replace("  2026-27: {target: 70.0, tolerance: 65.0}", "  2026-27: {target: 0, tolerance: -5}"))
    return initialised_in_november


@pytest.mark.parametrize(("typed", "written"), [("-2.5", "-2.5"), ("-.5", "-0.5"), ("-1,200", "-1200")])
def test_record_takes_a_negative_figure_as_the_value(numbers: Path, typed: str, written: str) -> None:
    result = runner.invoke(
        app,
        ["record", "EX-01", "2026-27 Q2", typed, "--comment", "-3 on Q1: fewer households placed",
         "--as-of", "2026-10-10", "--root", str(numbers)],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "EX-01: added the outturn for 2026-27 Q2\n"
    text = (numbers / "plans/example/measures/EX-01.yaml").read_text()
    assert f'  - period: 2026-27 Q2\n    value: {written}\n    comment: "-3 on Q1: fewer households placed"\n' in text


@pytest.mark.parametrize("figure", ["-2.5", "2.5"])
def test_an_option_pmf_does_not_know_is_still_refused_in_clicks_words(numbers: Path, figure: str) -> None:
    before = (numbers / "plans/example/measures/EX-01.yaml").read_bytes()
    result = runner.invoke(
        app, ["record", "EX-01", "2026-27 Q2", figure, "--comit", "Net fall", "--root", str(numbers)]
    )
    assert result.exit_code == 2
    assert "Error: No such option: --comit (Possible options: --comment, --comment-cy, --root)" in result.stderr
    assert (numbers / "plans/example/measures/EX-01.yaml").read_bytes() == before


@pytest.mark.parametrize("typed", ["-£5,000", "-£ 5,000", "£-5,000"])
def test_record_takes_a_negative_sum_of_money_written_with_its_pound_sign(numbers: Path, typed: str) -> None:
    """A budget variance typed as a finance officer writes it: the sign before or after the £, as pmf import
    reads it from a sheet."""
    path = numbers / "plans/example/measures/EX-01.yaml"
    path.write_text(path.read_text().replace("data_type: number", "data_type: monetary", 1))
    result = runner.invoke(
        app, ["record", "EX-01", "2026-27 Q2", typed, "--as-of", "2026-10-10", "--root", str(numbers)]
    )
    assert (result.exit_code, result.stderr) == (0, "EX-01: added the outturn for 2026-27 Q2\n")
    assert "  - period: 2026-27 Q2\n    value: -5000\n" in path.read_text()
