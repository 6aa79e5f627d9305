"""The cached answer of `pmf validate`: reused only while nothing it depends on has changed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_a_link_is_followed_into_the_cached_answer(repo: Path, tmp_path: Path) -> None:
    """A plan file that is a link: the answer changes when what it points at changes."""
    (repo / "shared").mkdir()
    outside = repo / "shared/WST-09.yaml"  # outside the folders pmf reads, inside the repository
    outside.write_text("id: [unclosed\n", encoding="utf-8")
    (repo / "plans/waste/measures/WST-09.yaml").symlink_to(outside)
    cache = tmp_path / "cache"
    first = run(repo, cache)
    outside.write_text("id: WST-09\n", encoding="utf-8")
    second = run(repo, cache)
    assert "flow sequence" in first.stderr and "flow sequence" not in second.stderr, second.stderr
    assert first.stderr != second.stderr
    assert second.stderr == run(repo, cache, "--no-cache").stderr


def test_commands_that_read_the_plans_start_reading_them_first(tmp_path: Path) -> None:
    from pmf.fastpath import _plans_read_by

    repo = tmp_path / "council"
    (repo / "plans").mkdir(parents=True)
    (repo / "pmf.yaml").write_text("council: Test\n", encoding="utf-8")
    assert _plans_read_by(["report", "mid-year", "--root", str(repo)]) == repo.resolve()
    assert _plans_read_by(["status", f"--root={repo / 'plans'}"]) == repo.resolve()
    assert _plans_read_by(["report", "mid-year", "--root", str(repo), "--help"]) is None
    assert _plans_read_by(["new", "--root", str(repo)]) is None  # writes a plan; reads none first
    assert _plans_read_by(["--help"]) is None
    assert _plans_read_by([]) is None


def test_plans_read_before_the_command_line_loads_give_the_same_answers(council: Path) -> None:
    """`pmf status` with its files read ahead answers as `python -m pmf status`, which reads them later."""
    import json

    measure = next(council.glob("plans/*/measures/*.yaml"))
    measure.write_text(measure.read_text(encoding="utf-8").replace("polarity:", "polarty:"), encoding="utf-8")
    args = ["status", "--root", str(council), "--as-of", "2026-10-15", "--format", "json"]
    early = subprocess.run([PMF, *args], capture_output=True, text=True, check=False)
    late = subprocess.run([sys.executable, "-m", "pmf", *args], capture_output=True, text=True, check=False)
    assert (early.returncode, early.stdout, early.stderr) == (late.returncode, late.stdout, late.stderr)
    assert early.returncode == 1 and "polarty" in early.stderr
    measure.write_text(measure.read_text(encoding="utf-8").replace("polarty:", "polarity:"), encoding="utf-8")
    fixed = subprocess.run([PMF, *args], capture_output=True, text=True, check=False)
    assert fixed.returncode == 0 and len(json.loads(fixed.stdout)) > 700


def test_a_mistyped_command_does_not_wait_for_the_files_read_ahead(council: Path) -> None:
    result = subprocess.run(
        [PMF, "report", "mid-year", "--bogus", "--root", str(council)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,  # a guard against hanging on the readers, not a timing
    )
    assert result.returncode == 2 and "No such option: --bogus" in result.stderr


def test_reading_begun_early_is_used_only_for_the_files_there_now(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pmf import repository
    from pmf.yamlio import Document

    monkeypatch.setattr(repository, "PARALLEL_FROM", 1)  # read by other processes, even this few files
    repository.start_reading(repo)
    added = repo / "plans/waste/measures/WST-09.yaml"
    added.write_text("id: WST-09\n", encoding="utf-8")
    found = repository.read_ahead(repo).result()
    assert sorted(found) == sorted(repository.plan_files(repo))
    assert isinstance(found[added], Document) and found[added].data == {"id": "WST-09"}

    repository.start_reading(repo)
    same = repository.read_ahead(repo).result()
    assert {path: doc.data for path, doc in same.items()} == {path: doc.data for path, doc in found.items()}  # type: ignore[union-attr]
    repository.start_reading(repo)
    repository.stop_reading()
    assert sorted(repository.read_ahead(repo).result()) == sorted(repository.plan_files(repo))
