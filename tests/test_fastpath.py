"""The cached answer of `pmf validate`: reused only while nothing it depends on has changed."""

from __future__ import annotations

import os
import shutil
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
    import typer.main

    from pmf.cli import app
    from pmf.fastpath import READS_PLANS, _plans_read_by

    assert set(typer.main.get_command(app).commands) >= READS_PLANS  # type: ignore[attr-defined]  (no stale names)

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


def _fresh_and_cached_agree(repo: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    cached = run(repo, cache)
    fresh = run(repo, cache, "--no-cache")
    assert (cached.returncode, cached.stdout, cached.stderr) == (fresh.returncode, fresh.stdout, fresh.stderr)
    return cached


def _service_folder(repo: Path, name: str) -> None:
    shutil.copytree(repo / "plans/waste", repo / "plans" / name)


def _break_plan_in(repo: Path, name: str) -> None:
    (repo / "plans" / name / "plan-2025-26.yaml").write_text("id: [unclosed\n", encoding="utf-8")


CHANGES = {
    "a service folder named __pycache__": (
        lambda repo: _service_folder(repo, "__pycache__"),
        lambda repo: _break_plan_in(repo, "__pycache__"),
    ),
    "a folder that is not a service id": (lambda repo: None, lambda repo: (repo / "plans/bad name").mkdir()),
    "a service folder without a plan": (lambda repo: None, lambda repo: (repo / "plans/parks").mkdir()),
    "a top folder that becomes a link to itself": (
        lambda repo: None,
        lambda repo: (repo / "regulators").symlink_to("regulators"),
    ),
    "a service folder that is a link, edited through its target": (
        lambda repo: (
            shutil.copytree(repo / "plans/waste", repo / "shared/parks"),
            shutil.rmtree(repo / "shared/parks/measures"),
            shutil.rmtree(repo / "shared/parks/risks"),
            (repo / "plans/parks").symlink_to(repo / "shared/parks"),
        ),
        lambda repo: (repo / "shared/parks/plan-2025-26.yaml").write_text("id: [unclosed\n", encoding="utf-8"),
    ),
    "a link through a linked folder that is replaced by a copy": (
        lambda repo: (
            (repo.parent / "outside").mkdir(),
            shutil.copy(repo / "plans/waste/measures/WST-02.yaml", repo.parent / "outside/WST-02.yaml"),
            (repo / "shared").symlink_to(repo.parent / "outside"),
            (repo / "plans/waste/measures/WST-02.yaml").unlink(),
            (repo / "plans/waste/measures/WST-02.yaml").symlink_to("../../../shared/WST-02.yaml"),
        ),
        lambda repo: ((repo / "shared").unlink(), shutil.copytree(repo.parent / "outside", repo / "shared")),
    ),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_the_cached_answer_follows_every_change_to_what_pmf_reads(repo: Path, tmp_path: Path, change: str) -> None:
    before, after = CHANGES[change]
    before(repo)
    cache = tmp_path / "cache"
    first = _fresh_and_cached_agree(repo, cache)
    after(repo)
    second = _fresh_and_cached_agree(repo, cache)
    assert (first.returncode, first.stderr) != (second.returncode, second.stderr)


def test_a_pipe_among_the_plans_is_never_opened(repo: Path, tmp_path: Path) -> None:
    os.mkfifo(repo / "plans/waste/notes.pipe")
    result = subprocess.run(
        [PMF, "validate", "--root", str(repo)],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")},
        timeout=60,  # a guard against waiting on the pipe, not a timing
    )
    assert (result.returncode, result.stderr) == (0, "No problems found.\n")


def test_odd_entries_are_named_not_crashed_on(repo: Path, tmp_path: Path) -> None:
    (repo / "plans/loop").symlink_to("loop")
    assert _fresh_and_cached_agree(repo, tmp_path / "cache").returncode == 0
    (repo / "risky").symlink_to("risky")
    result = subprocess.run([PMF, "status", "--root", str(repo / "risky")], capture_output=True, text=True)
    assert result.returncode == 2 and "Traceback" not in result.stderr and "risky" in result.stderr
    shutil.copy(repo / "plans/waste/measures/WST-01.yaml", repo / "plans/waste/measures/..yaml")
    assert "..yaml" in _fresh_and_cached_agree(repo, tmp_path / "cache").stderr


def test_results_and_problems_keep_their_order_in_one_stream(repo: Path) -> None:
    """Annotations on stdout come before the summary on stderr, even through a pipe."""
    measure = repo / "plans/waste/measures/WST-01.yaml"
    measure.write_text(measure.read_text().replace("polarity: higher_is_better", "polarity: upwards"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    result = subprocess.run(
        [PMF, "validate", "--root", str(repo), "--format", "github", "--no-cache"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::error file=") and lines[-1] == "1 problem in 1 file", lines


def _stopped(args: list[str], tmp_path: Path, how: int, after: float) -> tuple[subprocess.CompletedProcess[str], Path]:
    """Run pmf with its own temporary folder and send it ``how`` after ``after`` seconds."""
    import time

    temp = tmp_path / "temp"
    temp.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(temp), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    process = subprocess.Popen([PMF, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    time.sleep(after)
    process.send_signal(how)  # to pmf alone, not its readers: pmf must stop them
    out, err = process.communicate(timeout=120)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err), temp


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_stopped_command_leaves_no_files_behind(council: Path, tmp_path: Path, name: str) -> None:
    import signal

    how = getattr(signal, name)
    args = ["report", "mid-year", "--year", "2026-27", "--as-of", "2026-10-15", "--root", str(council)]
    result, temp = _stopped([*args, "--out", str(tmp_path / "out")], tmp_path, how, 0.4)
    assert result.returncode in (0, 130, 128 + how), result.stderr  # 0: it finished first
    assert "Traceback" not in result.stderr
    assert list(temp.iterdir()) == []


def test_an_interrupted_validate_is_not_kept_as_the_answer(council: Path, tmp_path: Path) -> None:
    import signal

    first, _ = _stopped(["validate", "--root", str(council)], tmp_path, signal.SIGINT, 0.3)
    assert (first.returncode, first.stderr) == (130, "")  # stopped half way: over a thousand files take longer
    again = run(council, tmp_path / "cache")
    assert (again.returncode, again.stderr) == (0, "No problems found.\n")
