"""The mid-year pair (SPEC 2.6): pmf validate warns of a year-to-date percentage or rate without one, and names
the key as the files and docs write it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmf.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
WARNED = "with no mid-year pair is judged at mid-year"


def _validate(root: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["validate", "--root", str(root)])
    return result.exit_code, result.stdout + result.stderr


def _measure(root: Path, old: str, new: str) -> None:
    """EX-01 as a lead edits it: ``old`` (a line pmf init wrote) written as ``new``."""
    path = root / "plans" / "example" / "measures" / "EX-01.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


YEAR_TO_DATE = "aggregation: year_to_date  #"


def test_a_year_to_date_percentage_without_a_mid_year_pair_is_warned_of_at_its_year(
    initialised_in_november: Path,
) -> None:
    root = initialised_in_november
    _measure(root, "aggregation: normal  #", YEAR_TO_DATE)
    code, said = _validate(root)
    assert code == 0, said  # a warning, not a problem
    assert said == (
        "plans/example/measures/EX-01.yaml:23:3: warning: thresholds.2026-27: a year-to-date percentage with no "
        "mid-year pair is judged at mid-year against half the year's thresholds (target 35.0, tolerance 32.5), "
        "but pro rata scales a total, not a percentage: give what it should reach by the end of September, "
        "'2026-27: {target: 70.0, tolerance: 65.0, mid-year: {target: <by September>, tolerance: <by September>}}'\n"
        "1 warning in 1 file\n"
    )
    # the YAML it shows, with the council's own mid-year figures, ends the warning
    _measure(
        root,
        "  2026-27: {target: 70.0, tolerance: 65.0}",
        "  2026-27: {target: 70.0, tolerance: 65.0, mid-year: {target: 68.0, tolerance: 63.0}}",
    )
    assert _validate(root) == (0, "No problems found.\n")


@pytest.mark.parametrize(
    ("data_type", "unit", "warned"),
    [
        ("number", "days per employee", "rate"),
        ("days", "{en: days per FTE, cy: diwrnod fesul CALl}", "rate"),
        ("ratio", "", "rate"),
        ("number", '"% of budget"', "percentage"),
        ("number", "{en: share of homes, cy: y cant o gartrefi}", "percentage"),  # Welsh "per cent"
        ("monetary", '"£ business rate relief"', None),  # a sum of money: a total, whatever its words
        ("monetary", '"% of budget"', None),  # the data type decides first
        ("number", "tonnes", None),  # a total: pro rata is right
        ("days", "days", None),
    ],
)
def test_what_counts_as_a_rate(initialised_in_november: Path, data_type: str, unit: str, warned: str | None) -> None:
    root = initialised_in_november
    _measure(root, "aggregation: normal  #", YEAR_TO_DATE)
    _measure(
        root,
        "data_type: percentage  #",
        f"unit: {unit}\ndata_type: {data_type}  #" if unit else f"data_type: {data_type}  #",
    )
    code, said = _validate(root)
    assert code == 0, said
    found = re.findall(r"a year-to-date (\w+) with no mid-year pair", said)
    assert found == ([warned] if warned else []), said


def test_a_cumulative_or_annual_percentage_is_not_warned_of(initialised_in_november: Path) -> None:
    root = initialised_in_november
    _measure(root, "aggregation: normal  #", "aggregation: cumulative  #")  # a sum of the periods: a total
    assert WARNED not in _validate(root)[1]
    _measure(root, "aggregation: cumulative  #", YEAR_TO_DATE)
    _measure(root, "frequency: quarterly  #", "frequency: annual  #")  # judged on the year's figure alone
    assert WARNED not in _validate(root)[1]
    _measure(root, "benchmarking: local  #", "benchmarking: count_only  #")
    _measure(root, "frequency: annual  #", "frequency: quarterly  #")
    assert WARNED not in _validate(root)[1]  # no target, nothing to judge


def test_the_demo_gives_its_year_to_date_collection_rate_a_mid_year_pair_every_year(tmp_path: Path) -> None:
    code, said = _validate(ROOT)
    assert code == 0 and WARNED not in said, said
    root = tmp_path / "demo"
    shutil.copytree(ROOT / "plans", root / "plans")
    shutil.copy(ROOT / "pmf.yaml", root / "pmf.yaml")
    measure = root / "plans" / "revenues-benefits" / "measures" / "REV-01.yaml"
    text = measure.read_text(encoding="utf-8")
    line = "  2025-26: {target: 97.0, tolerance: 96.0, mid-year: {target: 57.0, tolerance: 56.0}}\n"
    assert line in text
    measure.write_text(text.replace(line, "  2025-26: {target: 97.0, tolerance: 96.0}\n"), encoding="utf-8")
    code, said = _validate(root)
    assert code == 0, said
    number = text.splitlines().index(line.rstrip("\n")) + 1
    assert f"plans/revenues-benefits/measures/REV-01.yaml:{number}:3: warning: thresholds.2025-26: " in said, said
    assert said.count(WARNED) == 1


@pytest.mark.parametrize("written", ["midyear", "mid_year", "Mid-year"])
def test_a_mid_year_key_misspelt_is_told_the_spelling_files_and_docs_use(initialised: Path, written: str) -> None:
    """'midyear:' was told "did you mean 'mid_year'?", a spelling no file or doc uses, which pmf then took
    while the JSON Schema refused it and pmf audit passed over its changes."""
    pair = f"{{target: 70.0, tolerance: 65.0, {written}: {{target: 68.0, tolerance: 63.0}}}}"
    _measure(initialised, "{target: 70.0, tolerance: 65.0}", pair)
    code, said = _validate(initialised)
    assert code == 1
    assert said.splitlines() == [
        f"plans/example/measures/EX-01.yaml:23:44: thresholds.2026-27.{written}: unknown key '{written}' "
        "(did you mean 'mid-year'?)",
        "1 problem in 1 file",
    ]
