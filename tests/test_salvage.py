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


def _as_of_november(root: Path, *args: str) -> tuple[int, list[str]]:
    result = runner.invoke(app, ["validate", "--root", str(root), "--as-of", "2026-11-27", *args])
    return result.exit_code, [line for line in result.stderr.splitlines() if "still to write" not in line]


def test_a_key_written_twice_does_not_hide_the_files_other_problems(initialised: Path) -> None:
    """A key written twice stopped every later check of its file: a date written the British way and a figure
    with its '%' came one run later. The file is read past it (the first is read), and all are told in one run,
    read afresh or from the cache."""
    path = initialised / "plans/example/measures/EX-01.yaml"
    text = path.read_text(encoding="utf-8").replace("decimals: 1", "decimals: 1\ndecimals: 2", 1)
    text = re.sub(r"next_review_date: \S+", "next_review_date: 31/03/2027", text)
    path.write_bytes(
        ("\ufeff" + text + "outturns:\n  - period: 2026-27 Q1\n    value: 69.5%\n").encode().replace(b"\n", b"\r\n")
    )
    lines = text.splitlines()
    first, review = _line(lines, "decimals: 1"), _line(lines, "next_review_date:")
    told = [
        f"plans/example/measures/EX-01.yaml:{first + 1}:1: duplicate key 'decimals': each key may appear once "
        f"(pmf reads the first, on line {first})",
        f"plans/example/measures/EX-01.yaml:{review}:19: next_review_date: write dates as YYYY-MM-DD, e.g. 2027-03-31",
        f"plans/example/measures/EX-01.yaml:{len(lines) + 3}:12: outturns[0].value: must be a number; found '69.5%' "
        "(write the figure alone, without '£', '%' or commas: 69.5)",
        "3 problems in 1 file",
    ]
    assert _as_of_november(initialised, "--no-cache") == (1, told)
    assert _as_of_november(initialised) == (1, told)  # parsed, and kept in the cache
    assert _as_of_november(initialised) == (1, told)  # from the cache


def test_list_items_run_together_are_one_problem_and_the_rest_of_the_file_is_checked(initialised: Path) -> None:
    """A '- ' forgotten before an outturn's period gives the second item's keys to the first: one problem at the
    second period (not one more for its value), and the file's other problems with it."""
    path = initialised / "plans/example/measures/EX-01.yaml"
    text = path.read_text(encoding="utf-8").replace("polarity: higher_is_better", "polarity: higher_is_beter")
    text += "outturns:\n  - period: 2026-27 Q1\n    value: 66.2\n    period: 2026-27 Q2\n    value: 71.0\n"
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    code, told = _as_of_november(initialised, "--no-cache")
    assert (code, told[1:]) == (
        1,
        [
            f"plans/example/measures/EX-01.yaml:{len(lines) - 1}:5: a second 'period' in the same item of 'outturns': "
            "start a new item with '- ' (line it up with the '- ' above)",
            "2 problems in 1 file",
        ],
    )
    assert told[0].startswith(f"plans/example/measures/EX-01.yaml:{_line(lines, 'polarity:')}:11: polarity: must be")


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from("abcde"), st.integers(0, 9)), min_size=1, max_size=12), st.booleans())
def test_keys_written_twice_are_read_past_keeping_the_first(pairs: list[tuple[str, int]], flow: bool) -> None:
    """Whatever keys repeat, on lines of their own or in { } on one line, the text reads as the first value of each
    key, with one problem at each later one naming where the first is: its line, and its column when on the same."""
    from pmf.yamlpast import past_duplicates

    places, text = [], "{" if flow else ""
    for key, value in pairs:
        places.append((1, len(text) + 1) if flow else (len(places) + 1, 1))
        text += f"{key}: {value}" + (", " if flow else "\n")
    text = text.removesuffix(", ") + "}\n" if flow else text
    data, problems = past_duplicates(text)
    first: dict[str, int] = {}
    for key, value in pairs:
        first.setdefault(key, value)
    assert data == first
    told, seen = [], dict[str, tuple[int, int]]()
    for (key, _), (line, col) in zip(pairs, places, strict=True):
        if key in seen:
            at = f"on line {seen[key][0]}, column {seen[key][1]}" if flow else f"on line {seen[key][0]}"
            told.append((line, col, f"duplicate key '{key}': each key may appear once (pmf reads the first, {at})"))
        seen.setdefault(key, (line, col))
    assert [(p.line, p.col, p.message) for p in problems] == told
