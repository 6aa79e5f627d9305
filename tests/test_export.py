"""pmf export's figures as a spreadsheet user reads them: each as written, and read back by pmf import unchanged."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

from typer.testing import CliRunner

from pmf.cli import app

ROOT = Path(__file__).parent.parent
runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stderr


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def outturns(folder: Path) -> dict[tuple[str, str], str]:
    """outturns.csv's value column as its text says it: (measure, period) to the figure."""
    with (folder / "outturns.csv").open(encoding="utf-8", newline="") as file:
        return {(row["measure"], row["period"]): row["value"] for row in csv.DictReader(file)}


def test_a_count_goes_out_as_a_whole_number_and_comes_back_unchanged(
    initialised_in_november: Path, tmp_path: Path
) -> None:
    """On a repository pmf init and pmf new wrote: a count (4200), a percentage of one decimal (66.2, and
    67 as typed), a figure worked out by a formula (rounded to its decimals: 621, never 621.0)."""
    root = initialised_in_november
    at = ("--root", str(root), "--as-of", "2026-11-26")
    for ident in ("EX-02", "EX-03"):
        assert run("new", "measure", ident, "--service", "example", *at)[0] == 0
    count = root / "plans/example/measures/EX-02.yaml"
    text = count.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^data_type: percentage.*$", "data_type: number", text)
    text = re.sub(r"(?m)^decimals: 1.*$", "decimals: 0", text)
    count.write_text(text.replace("{target: 70.0, tolerance: 65.0}", "{target: 4000, tolerance: 3800}"))
    worked = root / "plans/example/measures/EX-03.yaml"
    worked.write_text(
        count.read_text(encoding="utf-8")
        .replace("id: EX-02", "id: EX-03")
        .replace("measure_type: normal", "measure_type: calculated\nformula: EX-02 / 7")
        .replace("{target: 4000, tolerance: 3800}", "{target: 600, tolerance: 550}")
    )
    for measure, period, value in [
        ("EX-01", "2026-27 Q1", "66.2"),
        ("EX-01", "2026-27 Q2", "67"),
        ("EX-02", "2026-27 Q1", "4200"),
        ("EX-02", "2026-27 Q2", "4,350"),
    ]:
        code, err = run("record", measure, period, value, *at)
        assert code == 0, err
    before = snapshot(root)
    out = tmp_path / "export"
    code, err = run("export", "--out", str(out), *at)
    assert code == 0, err
    assert outturns(out) == {
        ("EX-01", "2026-27 Q1"): "66.2",
        ("EX-01", "2026-27 Q2"): "67",
        ("EX-02", "2026-27 Q1"): "4200",
        ("EX-02", "2026-27 Q2"): "4350",
        ("EX-03", "2026-27 Q1"): "600",
        ("EX-03", "2026-27 Q2"): "621",
    }
    assert run("export", "--format", "json", "--out", str(out), *at)[0] == 0
    figures = json.loads((out / "pmf-export.json").read_text(encoding="utf-8"))["outturns"]
    assert [f["value"] for f in figures if f["measure"] == "EX-02"] == [4200, 4350]
    code, err = run("import", str(out / "outturns.csv"), *at)
    assert (code, err.splitlines()[-1]) == (0, "changed 0 measure files"), err
    assert snapshot(root) == before


def test_the_demo_exports_no_figure_with_places_its_file_does_not_write(tmp_path: Path) -> None:
    """Every figure written in the demo's files goes out with the places it is written with: 842 as 842,
    100.0 as 100.0 (tests/test_edits.py imports the demo's table back)."""
    root = tmp_path / "demo"
    shutil.copytree(ROOT / "plans", root / "plans")
    shutil.copy(ROOT / "pmf.yaml", root / "pmf.yaml")
    at = ("--root", str(root), "--as-of", "2026-11-26")
    code, err = run("export", "--out", str(tmp_path / "out"), *at)
    assert code == 0, err
    exported = outturns(tmp_path / "out")
    assert exported[("ASC-06", "2024-04")] == "842"
    written = re.findall(
        r"(?m)^    value: ([0-9.]+)$", (root / "plans/adult-social-care/measures/ASC-06.yaml").read_text()
    )
    assert [v for (m, _), v in exported.items() if m == "ASC-06"] == written
