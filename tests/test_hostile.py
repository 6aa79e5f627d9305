"""Hostile input through the real entry point: what validate passes, every command can handle."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PMF = str(Path(sys.executable).parent / "pmf")
WINDOW = ("--year", "2025-26", "--window", "mid-year", "--as-of", "2025-11-01")


def pmf(*args: str | bytes, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NO_COLOR": "1", "PMF_NO_CACHE": "1"}
    return subprocess.run([PMF, *args], capture_output=True, check=False, env=env, cwd=cwd)


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


PLACE = "plans/waste/measures/WST-01.yaml"
HOSTILE = {
    "huge value": (
        "value: 66.2",
        "value: 1e300",
        ":16:12: outturns[1].value: 1e+300 is too large: pmf takes numbers up to 1,000,000,000,000 (10¹²)",
    ),
    "400 digits": (
        "value: 66.2",
        "value: " + "9" * 400,
        ":16:12: outturns[1].value: a number of 400 digits is too large: pmf takes numbers up to 1,000,000,000,000",
    ),
    "huge tolerance": (
        "2025-26: {target: 68.0, tolerance: 64.0}",
        "2025-26: {target: 68.0, tolerance: 1e308}",
        ":11:38: thresholds.2025-26.tolerance: 1e+308 is too large",
    ),
    "infinite target": (
        "2025-26: {target: 68.0, tolerance: 64.0}",
        "2025-26: {target: .inf, tolerance: 64.0}",
        ":11:21: thresholds.2025-26.target: must be a number; found .inf",
    ),
    "lone surrogate": (
        "title: Percentage of waste reused, recycled or composted",
        'title: "Percentage of waste \\ud800 reused"',
        ":3:29: '\\ud800' is half of a UTF-16 pair, not a character: write the character itself",
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE), ids=list(HOSTILE))
def test_what_cannot_be_computed_or_written_is_refused_by_every_command(repo: Path, tmp_path: Path, case: str) -> None:
    old, new, problem = HOSTILE[case]
    measure = repo / "plans/waste/measures/WST-01.yaml"
    assert old in measure.read_text()
    measure.write_text(measure.read_text().replace(old, new, 1))
    out = tmp_path / "out"
    out.mkdir()
    commands: list[tuple[str, ...]] = [("validate", str(repo)), ("status", "--root", str(repo), *WINDOW)]
    if case in {"huge value", "lone surrogate"}:  # every command reads the plans the same way: two cases suffice
        commands += [
            ("status", "--format", "csv", "--root", str(repo), *WINDOW),
            (
                "report",
                "mid-year",
                "--year",
                "2025-26",
                "--as-of",
                "2025-11-01",
                "--root",
                str(repo),
                "--out",
                str(out),
            ),
            ("export", "--root", str(repo), "--out", str(out), *WINDOW),
            ("site", "--root", str(repo), "--out", str(out / "site"), "--as-of", "2025-11-01"),
        ]
    for args in commands:
        done = pmf(*args)
        err = done.stderr.decode()
        assert done.returncode == 1, f"{args[0]}: {err}"
        assert err.startswith(PLACE + problem), f"{args[0]}: {err}"
        assert "Traceback" not in err and done.stdout == b""
    assert [p for p in out.rglob("*") if p.is_file()] == []
