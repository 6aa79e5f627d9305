"""One mistake never hides another: every problem a file has is reported in one run."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pmf.cli import app
from pmf.loader import check_portfolio

ROOT = Path(__file__).parent.parent
MEASURE = "plans/waste/measures/WST-01.yaml"
runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


@pytest.fixture
def council(tmp_path: Path) -> Path:
    folder = tmp_path / "council"
    shutil.copytree(ROOT / "plans", folder / "plans")
    shutil.copy(ROOT / "pmf.yaml", folder / "pmf.yaml")
    return folder


def _edit(folder: Path, *changes: tuple[str, str]) -> list[str]:
    path = folder / MEASURE
    text = path.read_text(encoding="utf-8")
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text.splitlines()


def _validate(folder: Path) -> tuple[int, list[str]]:
    result = runner.invoke(app, ["validate", "--no-cache", "--root", str(folder)])
    return result.exit_code, result.stderr.splitlines()


def _line(lines: list[str], text: str) -> int:
    return next(i for i, line in enumerate(lines, start=1) if text in line)


def test_a_demo_file_broken_three_ways_reports_all_three_in_one_run(council: Path) -> None:
    lines = _edit(
        council,
        ("polarity: higher_is_better", "polarty: higher_is_better"),
        ("2025-26: {target: 70.0", "2025-26: {target: '75%'"),
        ("period: 2025-26 Q1", "period: Q1 2025"),
    )
    code, err = _validate(council)
    assert code == 1
    typo, target, period = _line(lines, "polarty:"), _line(lines, "'75%'"), _line(lines, "Q1 2025")
    assert err == [
        f"{MEASURE}:1:1: polarity: is required unless the measure is Count Only: "
        "higher_is_better, lower_is_better or closer_is_better",
        f"{MEASURE}:{typo}:1: polarty: unknown key 'polarty' (did you mean 'polarity'?)",
        f"{MEASURE}:{target}:21: thresholds.2025-26.target: must be a number; found '75%' "
        "(write the figure alone, without '£', '%' or commas: 75)",
        f"{MEASURE}:{period}:13: outturns[4].period: 'Q1 2025' is not a period: write a quarter as 2025-26 Q2",
        "4 problems in 1 file",
    ]


def test_a_bad_target_does_not_hide_a_bad_period_or_a_missing_polarity(council: Path) -> None:
    lines = _edit(
        council,
        ("polarity: higher_is_better\n", ""),
        ("2025-26: {target: 70.0", "2025-26: {target: '75%'"),
        ("period: 2025-26 Q1", "period: Q1 2025"),
    )
    code, err = _validate(council)
    assert code == 1
    assert f"{MEASURE}:1:1: polarity: is required unless the measure is Count Only: " in err[0]
    target = _line(lines, "'75%'")
    assert (
        f"{MEASURE}:{target}:21: thresholds.2025-26.target: must be a number; found '75%' (write the figure alone, without '£', '%' or commas: 75)"
        in err
    )
    assert any(e.startswith(f"{MEASURE}:{_line(lines, 'Q1 2025')}:13: outturns[4].period: 'Q1 2025'") for e in err)
    assert err[-1] == "3 problems in 1 file"


def test_a_value_written_wrong_is_not_also_reported_missing(council: Path) -> None:
    _edit(council, ("polarity: higher_is_better", "polarity: upwards"))
    code, err = _validate(council)
    assert code == 1
    assert [e.split(": ", 1)[1] for e in err[:-1]] == [
        "polarity: must be one of 'higher_is_better', 'lower_is_better' or 'closer_is_better'; found 'upwards'"
    ]


def test_a_plan_naming_a_measure_with_problems_does_not_say_it_is_missing(council: Path) -> None:
    _edit(council, ("period: 2025-26 Q1\n    value: 68.8", "period: 2025-26 Q1\n    value: sixty"))
    _, problems = check_portfolio(council)
    assert [p.path for p in problems if p.severity == "error"] == [MEASURE]


OUTTURNS = [m.start() for m in re.finditer(r"  - period: ", (ROOT / MEASURE).read_text(encoding="utf-8"))]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(0, len(OUTTURNS) - 1), min_size=2, max_size=2, unique=True))
def test_two_broken_outturns_are_both_reported(council: Path, which: list[int]) -> None:
    """Any two outturns, one with a value that is not a number and one with a period that is not a period."""
    path = council / MEASURE
    original = (ROOT / MEASURE).read_text(encoding="utf-8")
    text = original
    for i, broken in sorted(zip(which, ("value", "period"), strict=True), reverse=True):
        entry = text[OUTTURNS[i] :]
        if broken == "period":
            entry = re.sub(r"period: \S+ ?\S*", "period: sometime", entry, count=1)
        else:
            entry = re.sub(r"value: \S+", "value: sixty", entry, count=1)
        text = text[: OUTTURNS[i]] + entry
    path.write_text(text, encoding="utf-8")
    try:
        _, problems = check_portfolio(council)
    finally:
        path.write_text(original, encoding="utf-8")
    said = [p.text() for p in problems if p.path == MEASURE]
    value_at, period_at = which
    assert any(f"outturns[{value_at}].value: must be a number; found 'sixty'" in s for s in said), said
    assert any(f"outturns[{period_at}].period: 'sometime' is not a period" in s for s in said), said


def test_an_outcome_copied_in_pmf_yaml_is_told_once_and_its_plans_still_find_it(initialised: Path) -> None:
    """An outcome copied and its id not yet changed is still listed: the copy is the one problem, where every plan
    naming the outcome and required_outcomes were told it was missing too."""
    assert runner.invoke(app, ["new", "service", "waste", "--root", str(initialised)]).exit_code == 0
    config = initialised / "pmf.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - id: healthy", "  - id: resilient"), "utf-8")
    result = runner.invoke(app, ["validate", "--no-cache", "--root", str(initialised)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if "still to write" not in line]
    lines = config.read_text(encoding="utf-8").splitlines()
    second = [number for number, line in enumerate(lines, start=1) if line == "  - id: resilient"][1]
    assert errors[0] == (
        f"pmf.yaml:{second}:9: outcomes[1].id: outcome id 'resilient' is listed twice (also outcomes[0]): "
        "give each outcome its own id, or delete the copy"
    )
    assert re.fullmatch(r"1 problem and \d+ warnings in \d+ files", errors[-1])
    assert len(errors) == 2
