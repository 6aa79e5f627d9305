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


NOT_UTF8 = {
    "record --comment": (["record", "WST-01", "2025-26 Q3", "67.0", "--comment", b"bad \xff byte"], "--comment"),
    "record MEASURE": (["record", b"WST-\xe2\x82", "2025-26 Q3", "67.0"], "MEASURE"),
    "update-activity --comment": (
        ["update-activity", "WST-A01", "--status", "green", "--comment", b"half \xc3", "--period", "2025-26 H1"],
        "--comment",
    ),
    "new ID": (["new", "measure", b"WST-\xff", "--service", "waste"], "ID"),
    "import --columns": (["import", "data.csv", "--columns", b"comment=Not\xe9s"], "--columns"),
    "status --service": (["status", "--service", b"w\xffste"], "--service"),
    "report --out": (["report", "mid-year", "--out", b"rep\xf6rts"], "--out"),
}


@pytest.mark.parametrize("case", list(NOT_UTF8), ids=list(NOT_UTF8))
def test_an_argument_that_is_not_utf8_is_refused_before_any_work(repo: Path, case: str) -> None:
    args, name = NOT_UTF8[case]
    (repo / "data.csv").write_text("measure,period,value,comment\nWST-01,2025-26 Q3,67.0,Fine\n", encoding="utf-8")
    before = files(repo)
    done = pmf(*args, cwd=repo)
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert err.startswith(f"pmf: {name}: '") and "' is not UTF-8 text (byte 0x" in err, err
    assert "save what it was copied from as UTF-8" in err and "Traceback" not in err
    assert done.stdout == b"" and files(repo) == before


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [
        ("validate", "--format", "json"),
        ("validate", "--format", "json", "--no-cache"),
        ("status", "--format", "json", "--as-of", "2025-11-20"),
        ("status", "--format", "csv", "--as-of", "2025-11-20"),
        ("risks", "--format", "csv"),
    ],
    ids=" ".join,
)
def test_a_full_disk_on_stdout_is_a_message_not_a_traceback(repo: Path, tmp_path: Path, args: tuple[str, ...]) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("PMF_NO_CACHE", None)
    first = subprocess.run([PMF, *args], capture_output=True, cwd=repo, env=env, check=False)
    assert first.returncode == 0 and first.stdout  # validate keeps this answer: the next run replays it
    with open("/dev/full", "wb") as full:
        done = subprocess.run([PMF, *args], stdout=full, stderr=subprocess.PIPE, cwd=repo, env=env, check=False)
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert err.strip().endswith("pmf: No space left on device") and "Traceback" not in err, err


def test_a_calculated_measure_beyond_what_pmf_takes_is_a_problem_not_a_crash(repo: Path) -> None:
    (repo / "plans/waste/measures/WST-03.yaml").write_text(
        "id: WST-03\nkind: performance_measure\ntitle: Landfill scaled up\nfrequency: monthly\n"
        "measure_type: calculated\nformula: WST-02 * 1000000000000\npolarity: lower_is_better\n"
        "benchmarking: local\ndata_type: number\n",
        encoding="utf-8",
    )
    done = pmf("validate", str(repo))
    err = done.stderr.decode()
    assert done.returncode == 1, err
    assert (
        "plans/waste/measures/WST-03.yaml:6:10: formula: a result of 9.50e+13, beyond the 1,000,000,000,000 (10¹²) "
        "pmf takes for 2025-05 (WST-02 is 95)"
    ) in err
    for args in (("status", "--root", str(repo), *WINDOW), ("export", "--root", str(repo), *WINDOW)):
        done = pmf(*args, cwd=repo)
        assert done.returncode == 1 and "Traceback" not in done.stderr.decode(), done.stderr.decode()
