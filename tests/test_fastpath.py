"""The cached answer of `pmf validate`: reused only while nothing it depends on has changed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PMF = str(Path(sys.executable).parent / "pmf")


def run(repo: Path, cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    env.pop("PMF_NO_CACHE", None)
    return subprocess.run(
        [PMF, "validate", "--root", str(repo), *args], capture_output=True, text=True, env=env, check=False
    )


def test_warm_answers_equal_cold_and_change_with_the_files(repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = run(repo, cache)
    assert (cold.returncode, cold.stderr) == (0, "No problems found.\n")
    assert len(list((cache / "pmf").glob("validate-*.json"))) == 1
    warm = run(repo, cache)
    assert (warm.returncode, warm.stdout, warm.stderr) == (cold.returncode, cold.stdout, cold.stderr)

    measure = repo / "plans/waste/measures/WST-01.yaml"
    measure.write_text(measure.read_text().replace("polarity: higher_is_better", "polarity: upwards"))
    broken = run(repo, cache)
    assert broken.returncode == 1
    assert "plans/waste/measures/WST-01.yaml:5:11: polarity: must be one of" in broken.stderr
    again = run(repo, cache)
    assert (again.returncode, again.stderr) == (1, broken.stderr)
    uncached = run(repo, cache, "--no-cache", "--format", "json")
    assert uncached.returncode == 1 and '"polarity"' not in uncached.stderr
    assert len(list((cache / "pmf").glob("validate-*.json"))) == 2  # --no-cache kept nothing


def test_validate_without_the_command_line_parser_answers_as_the_parser_does(repo: Path, tmp_path: Path) -> None:
    """`pmf validate` in its plain forms skips loading the command-line parser; the answers are the same."""
    from typer.testing import CliRunner

    from pmf.cli import app
    from pmf.fastpath import plain_validate

    measure = repo / "plans/waste/measures/WST-01.yaml"
    measure.write_text(measure.read_text().replace("polarity: higher_is_better", "polarity: upwards"))
    runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
    cases = [
        ["validate", "--root", str(repo)],
        ["validate", f"--root={repo}", "--format", "json"],
        ["validate", "--root", str(repo), "--format=github", "--strict"],
        ["validate", str(measure), "--no-strict", "--lang", "cy"],
        ["validate", str(repo / "plans")],
        ["validate", "--root", str(tmp_path / "nowhere")],
        ["validate", str(tmp_path)],
        ["validate", str(measure), str(repo / "pmf.yaml")],
    ]
    for args in cases:
        assert plain_validate(args) is not None, args
        env = {**os.environ, "PMF_NO_CACHE": "1"}
        fast = subprocess.run([PMF, *args], capture_output=True, text=True, env=env, check=False)
        parsed = runner.invoke(app, args)
        assert (fast.returncode, fast.stdout, fast.stderr) == (parsed.exit_code, parsed.stdout, parsed.stderr), args
    for args in (["validate", "--help"], ["validate", "--format", "yaml"], ["validate", "-x"], ["status"]):
        assert plain_validate(args) is None, args  # left to the command line, which explains


def test_mistyped_options_are_explained_with_the_cache_on(repo: Path, tmp_path: Path) -> None:
    for args in (["--lang", "both"], ["--format", "bad"], ["--strict=1"], ["--format=", "json"]):
        result = run(repo, tmp_path / "cache", *args)
        assert result.returncode == 2, (args, result.stderr)
        assert "Traceback" not in result.stderr and "Error: " in result.stderr, (args, result.stderr)


def test_the_cache_follows_root_written_with_equals_and_every_folder_pmf_reads(repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    env.pop("PMF_NO_CACHE", None)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def validate(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([PMF, "validate", *args], capture_output=True, text=True, env=env, cwd=elsewhere)

    assert validate(f"--root={repo}").returncode == 0
    plan = repo / "plans/waste/plan-2025-26.yaml"
    plan.write_text(plan.read_text().replace("head_of_service:", "head_of_servise:"))
    assert validate(f"--root={repo}").returncode == 1  # not the cached "No problems found"
    plan.write_text(plan.read_text().replace("head_of_servise:", "head_of_service:"))
    assert validate(f"--root={repo}").returncode == 0
    regulators = repo / "regulators"
    regulators.mkdir(exist_ok=True)
    (regulators / "AW-1.yaml").write_text("id: AW-1\n", encoding="utf-8")
    assert validate(f"--root={repo}").returncode == 1  # a new regulator file is read, not a stale answer
