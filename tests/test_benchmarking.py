"""pmf benchmark: national quartiles by three methods, oriented by polarity, applied as thresholds."""

from __future__ import annotations

import difflib
import json
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pmf.benchmarking import quantile
from pmf.cli import app

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
AUTHORITIES = [
    "Blaenau Gwent",
    "Bridgend",
    "Caerphilly",
    "Cardiff",
    "Carmarthenshire",
    "Ceredigion",
    "Conwy",
    "Denbighshire",
    "Flintshire",
    "Gwynedd",
    "Isle of Anglesey",
    "Merthyr Tydfil",
    "Monmouthshire",
    "Neath Port Talbot",
    "Newport",
    "Pembrokeshire",
    "Powys",
    "Rhondda Cynon Taf",
    "Swansea",
    "Torfaen",
    "Vale of Glamorgan",
    "Wrexham",
]
RATES = [
    62.1,
    64.0,
    63.5,
    58.9,
    65.2,
    70.1,
    68.4,
    66.0,
    67.3,
    64.8,
    63.9,
    61.2,
    69.5,
    65.7,
    60.4,
    66.9,
    64.1,
    62.8,
    63.0,
    65.5,
    67.8,
    66.6,
]


def dataset(tmp_path: Path, values: list[float | str] = RATES, code: str = "PAM/030") -> Path:
    path = tmp_path / "pam.csv"
    lines = ["Authority,Measure,Year,Value"]
    lines += [f"{a},{code},2024-25,{v}" for a, v in zip(AUTHORITIES, values, strict=True)]
    lines += [f"{a},{code},2023-24,50" for a in AUTHORITIES]
    path.write_text("\n".join(lines) + "\n")
    return path


def coded(repo: Path) -> Path:
    measure = repo / "plans/waste/measures/WST-01.yaml"
    measure.write_text(
        measure.read_text().replace("benchmarking: national\n", "benchmarking: national\nbenchmark_code: PAM/030\n")
    )
    return measure


@pytest.mark.parametrize(
    ("method", "numpy_method"), [("inclusive", "linear"), ("exclusive", "weibull"), ("nearest-rank", "inverted_cdf")]
)
def test_quartiles_match_the_spreadsheet_definitions(method: str, numpy_method: str) -> None:
    values = [Decimal(str(v)) for v in RATES]
    for p in (1, 2, 3):
        expected = np.percentile(RATES, 25 * p, method=numpy_method)
        assert float(quantile(values, Decimal(p) / 4, method)) == pytest.approx(expected)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=-10_000, max_value=10_000), min_size=1, max_size=40))
def test_inclusive_quartiles_agree_with_numpy(values: list[int]) -> None:
    data = [Decimal(v) for v in values]
    for p in (1, 2, 3):
        assert float(quantile(data, Decimal(p) / 4)) == pytest.approx(np.percentile(values, 25 * p), abs=1e-9)


def test_benchmark_json_and_apply(repo: Path, tmp_path: Path) -> None:
    measure = coded(repo)
    path = dataset(tmp_path, [*RATES[:-1], ""])  # one authority's figure is blank: it is left out
    args = ("benchmark", str(path), "--root", str(repo), "--authority", "Conwy", "--format", "json")
    code, out = (r := runner.invoke(app, [*args, "--year", "2024-25"])).exit_code, r.stdout
    assert code == 0, r.stderr
    [row] = json.loads(out)
    values = RATES[:-1]
    assert row["authorities"] == 21
    assert row["median"] == pytest.approx(float(np.median(values)))
    assert row["upper_quartile"] == pytest.approx(float(np.percentile(values, 75)))
    assert (row["ours"], row["quartile"]) == (68.4, 1)
    assert row["target"] == round(np.percentile(values, 75), 1) and row["tolerance"] == round(np.median(values), 1)

    before = measure.read_text()
    result = runner.invoke(app, ["benchmark", str(path), "--root", str(repo), "--year", "2024-25", "--apply"])
    assert result.exit_code == 0, result.stderr
    diff = difflib.ndiff(before.splitlines(True), measure.read_text().splitlines(True))
    changed = [line for line in diff if line[:1] in "+-"]
    target, tolerance = row["target"], row["tolerance"]
    assert changed == [
        "-   2024-25: {target: 68.0, tolerance: 64.0}\n",
        f"+   2024-25: {{target: {target}, tolerance: {tolerance}}}\n",
    ]


def test_lower_is_better_takes_the_lower_quarter(repo: Path, tmp_path: Path) -> None:
    measure = coded(repo)
    measure.write_text(
        measure.read_text()
        .replace("higher_is_better", "lower_is_better")
        .replace("{target: 68.0, tolerance: 64.0}", "{target: 60.0, tolerance: 66.0}")
    )
    result = runner.invoke(
        app, ["benchmark", str(dataset(tmp_path)), "--root", str(repo), "--authority", "Conwy", "--format", "json"]
    )
    [row] = json.loads(result.stdout)
    assert row["upper_quartile"] == pytest.approx(float(np.percentile(RATES, 25)))
    assert row["quartile"] == 4  # 68.4 is among the highest, the worst quarter when lower is better
    assert row["year"] == "2024-25"  # the latest year in the dataset


def test_table_names_the_method(repo: Path, tmp_path: Path) -> None:
    coded(repo)
    result = runner.invoke(app, ["benchmark", str(dataset(tmp_path)), "--root", str(repo), "--method", "exclusive"])
    assert result.exit_code == 0
    assert "quartiles by the exclusive method" in result.stdout
    result = runner.invoke(app, ["benchmark", str(dataset(tmp_path)), "--root", str(repo), "--method", "median-ish"])
    assert result.exit_code == 2
