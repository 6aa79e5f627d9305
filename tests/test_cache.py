"""Parsed files kept between runs: keyed by the bytes parsed, so never stale, and never in the way."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pmf import yamlio
from pmf.atomic import read_at_most
from pmf.cache import Cache
from pmf.yamlio import Document
from pmf.yamlscreen import MAX_BYTES, YamlProblem

PMF = str(Path(sys.executable).parent / "pmf")


def cache_in(folder: Path) -> Cache:
    return Cache(folder, MAX_BYTES)


def entries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")]


def test_a_file_edited_while_it_is_parsed_is_kept_under_the_bytes_that_were_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "WST-01.yaml"
    before, after = b"id: WST-01\ntitle: before\n", b"id: WST-01\ntitle: after\n"
    path.write_bytes(before)
    cache = cache_in(tmp_path / "cache")
    parse = yamlio.load_fast

    def edited_meanwhile(text: str) -> object:
        path.write_bytes(after)  # someone saves the file while pmf is parsing what it read
        return parse(text)

    monkeypatch.setattr(yamlio, "load_fast", edited_meanwhile)
    assert Document.load(path, cache).data == {"id": "WST-01", "title": "before"}
    monkeypatch.setattr(yamlio, "load_fast", parse)
    assert cache.get(Cache.key(before)) == ({"id": "WST-01", "title": "before"},)
    assert cache.get(Cache.key(after)) is None
    assert Document.load(path, cache).data == {"id": "WST-01", "title": "after"}  # the edit is seen next time
    assert cache.get(Cache.key(after)) == ({"id": "WST-01", "title": "after"},)


def test_an_unchanged_file_is_not_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("id: waste\nstart: 2025-04-01\n2025: x\n", encoding="utf-8")
    cache = cache_in(tmp_path / "cache")
    first = Document.load(path, cache).data
    assert first == Document.load(path).data  # the same as without a cache, dates and keys included

    def no_parsing(text: str) -> object:
        raise AssertionError("parsed again")

    monkeypatch.setattr(yamlio, "load_fast", no_parsing)
    assert Document.load(path, cache).data == first


def test_a_problem_is_kept_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: X\nvalues: [1, 2\n", encoding="utf-8")
    cache = cache_in(tmp_path / "cache")
    with pytest.raises(YamlProblem) as first:
        Document.load(path, cache)
    with pytest.raises(YamlProblem) as second:
        Document.load(path, cache)
    assert (second.value.message, second.value.line, second.value.col) == (
        first.value.message,
        first.value.line,
        first.value.col,
    )
    assert (first.value.line, first.value.col) == (2, 9)  # where the bracket opens


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05\x95"], ids=["empty", "garbage", "truncated"])
def test_a_damaged_entry_is_ignored_and_replaced(tmp_path: Path, damage: bytes) -> None:
    path = tmp_path / "m.yaml"
    raw = b"id: M-1\nvalue: 3\n"
    path.write_bytes(raw)
    folder = tmp_path / "cache"
    cache = cache_in(folder)
    Document.load(path, cache)
    [entry] = entries(folder)
    entry.write_bytes(damage)
    assert Document.load(path, cache).data == {"id": "M-1", "value": 3}
    assert cache.get(Cache.key(raw)) == ({"id": "M-1", "value": 3},)


def test_an_entry_moved_under_another_files_name_is_not_taken_for_it(tmp_path: Path) -> None:
    first, second = tmp_path / "M-1.yaml", tmp_path / "M-2.yaml"
    first.write_bytes(b"id: M-1\nvalue: 3\n")
    second.write_bytes(b"id: M-2\nvalue: 4\n")
    folder = tmp_path / "cache"
    cache = cache_in(folder)
    Document.load(first, cache)
    Document.load(second, cache)
    key_1, key_2 = Cache.key(first.read_bytes()), Cache.key(second.read_bytes())
    entry_1, entry_2 = (folder / k[:2] / k[2:] for k in (key_1, key_2))
    entry_1.write_bytes(entry_2.read_bytes())  # a sync or copy put M-2's entry in M-1's place
    assert Document.load(first, cache).data == {"id": "M-1", "value": 3}
    assert cache.get(key_1) == ({"id": "M-1", "value": 3},)


def test_entries_are_no_larger_than_a_plan_file_may_be(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache", limit=100)
    cache.put("ab" * 20, "x" * 200)
    assert entries(tmp_path / "cache") == []
    cache.put("cd" * 20, "small")
    assert cache.get("cd" * 20) == "small"
    [entry] = entries(tmp_path / "cache")
    entry.write_bytes(b"y" * 101)  # grown past the limit: not read
    assert cache.get("cd" * 20) is None


@pytest.mark.parametrize("size", [0, 1, 99, 100, 101, 5000])
def test_a_file_is_read_whole_up_to_one_byte_past_the_limit(tmp_path: Path, size: int) -> None:
    path = tmp_path / "f"
    path.write_bytes(bytes(range(256)) * 20)
    os.truncate(path, size)
    with open(path, "rb") as handle:
        assert read_at_most(handle, 100) == path.read_bytes()[:101]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
def test_a_file_that_tells_no_size_is_read_whole() -> None:
    with open("/proc/self/status", "rb") as handle:  # its size is 0; what it holds is hundreds of bytes
        held = read_at_most(handle, 100_000)
    assert os.stat("/proc/self/status").st_size == 0
    assert held.startswith(b"Name:") and b"\nPid:" in held


def test_a_cache_that_cannot_be_written_costs_nothing_but_time(tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would go", encoding="utf-8")
    path = tmp_path / "m.yaml"
    path.write_text("id: M-1\n", encoding="utf-8")
    assert Document.load(path, cache_in(blocked / "pmf")).data == {"id": "M-1"}


def run(*args: str, env: dict[str, str] | None = None, program: tuple[str, ...] = (PMF,)) -> tuple[int, str, str]:
    done = subprocess.run([*program, *args], capture_output=True, text=True, env=env or dict(os.environ))
    return done.returncode, done.stdout, done.stderr


def test_warm_answers_equal_cold_and_follow_every_edit(repo: Path, own_cache: Path) -> None:
    measure = repo / "plans/waste/measures/WST-01.yaml"
    cold = run("validate", "--root", str(repo), "--no-cache")
    assert cold == (0, "", "No problems found.\n")
    assert entries(own_cache) == []  # --no-cache keeps nothing
    assert run("validate", "--root", str(repo)) == cold
    kept = entries(own_cache)
    assert len(kept) == len(list(repo.rglob("*.yaml")))
    assert run("validate", "--root", str(repo)) == cold  # warm

    measure.write_text(measure.read_text().replace("polarity: higher_is_better", "polarity: upwards"))
    broken = run("validate", "--root", str(repo))
    assert broken[0] == 1 and "plans/waste/measures/WST-01.yaml:5:11: polarity: must be one of" in broken[2]
    assert run("validate", "--root", str(repo)) == broken
    assert run("validate", "--root", str(repo), "--no-cache") == broken
    assert len(entries(own_cache)) == len(kept) + 1  # one new entry: the edited file's new bytes
    no_cache = {**os.environ, "PMF_NO_CACHE": "1"}
    assert run("status", "--root", str(repo), "--as-of", "2025-10-15", env=no_cache)[0] == 1
    assert len(entries(own_cache)) == len(kept) + 1


def test_every_command_that_reads_the_plans_takes_no_cache() -> None:
    import typer.main

    from pmf.cli import app

    def commands(group: object, prefix: tuple[str, ...] = ()) -> list[tuple[str, object]]:
        found = []
        for name, command in getattr(group, "commands", {}).items():
            found += (
                commands(command, (*prefix, name))
                if hasattr(command, "commands")
                else [(" ".join((*prefix, name)), command)]
            )
        return found

    writes_only = {"schema", "translate import"}  # they read no plans through the cache
    missing = [
        name
        for name, command in commands(typer.main.get_command(app))
        if name not in writes_only
        and "--root" in {o for p in command.params for o in getattr(p, "opts", [])}  # type: ignore[attr-defined]
        and "--no-cache" not in {o for p in command.params for o in getattr(p, "opts", [])}  # type: ignore[attr-defined]
    ]
    assert missing == []


def test_python_m_pmf_is_the_same_program(repo: Path) -> None:
    measure = repo / "plans/waste/measures/WST-01.yaml"
    measure.write_text(measure.read_text().replace("polarity: higher_is_better", "polarity: upwards"))
    for args in (["validate", "--root", str(repo), "--format", "json"], ["--help"], ["validate", "--bogus"]):
        assert run(*args) == run(*args, program=(sys.executable, "-m", "pmf")), args


def test_a_link_is_read_through_to_its_target_each_time(repo: Path) -> None:
    (repo / "shared").mkdir()
    outside = repo / "shared/WST-09.yaml"  # outside the folders pmf reads, inside the repository
    outside.write_text("id: [unclosed\n", encoding="utf-8")
    (repo / "plans/waste/measures/WST-09.yaml").symlink_to(outside)
    first = run("validate", "--root", str(repo))
    outside.write_text("id: WST-09\n", encoding="utf-8")
    second = run("validate", "--root", str(repo))
    assert "WST-09.yaml:1:5:" in first[2] and "is required" not in first[2], first  # the bracket never closed
    assert "WST-09.yaml" in second[2] and "is required" in second[2], second  # read afresh through the link
    assert second == run("validate", "--root", str(repo), "--no-cache")


def test_a_pipe_or_a_folder_with_a_plan_files_name_is_told_and_never_opened(repo: Path) -> None:
    os.mkfifo(repo / "plans/waste/measures/WST-99.yaml")  # a name pmf reads: only what it is keeps it unopened
    (repo / "plans/waste/risks/RSK-09.yaml").mkdir()
    done = subprocess.run(
        [PMF, "validate", "--root", str(repo)],
        capture_output=True,
        text=True,
        timeout=120,  # a guard against waiting on the pipe, not a timing
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "plans/waste/measures/WST-99.yaml: not a file (a pipe, a socket or a device) with a plan file's name: "
        "pmf reads files here; rename it or move it",
        "plans/waste/risks/RSK-09.yaml: a folder with a plan file's name: pmf reads files here; rename it or move it",
        "2 problems in 2 files",
    ]


def test_a_link_to_a_folder_outside_the_repository_is_not_read(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    shutil.move(repo / "plans/waste/risks", outside)
    (repo / "plans/waste/risks").symlink_to(outside)
    code, _out, err = run("validate", "--root", str(repo))
    assert code == 1
    assert err.splitlines()[0] == (
        "plans/waste/risks: a link to a folder outside the plans repository: copy the folder in instead"
    )
    assert "RSK-01.yaml" not in err  # nothing in it was read


def test_results_and_problems_keep_their_order_in_one_stream(repo: Path) -> None:
    """Annotations on stdout come before the summary on stderr, even through a pipe."""
    measure = repo / "plans/waste/measures/WST-01.yaml"
    measure.write_text(measure.read_text().replace("polarity: higher_is_better", "polarity: upwards"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    result = subprocess.run(
        [PMF, "validate", "--root", str(repo), "--format", "github"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::error file=") and lines[-1] == "1 problem in 1 file", lines


@pytest.mark.parametrize("name", ["yamlio", "yamlcareful", "yamlscreen", "wording", "yamlclues"])
def test_a_new_version_of_the_reading_code_reads_into_a_folder_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """A problem's words are kept with the parsed file: new wording after an upgrade must not meet old entries.

    Each module that parses a file or words its problem is part of the folder's name.
    """
    import importlib

    from pmf import reading

    module = importlib.import_module(f"pmf.{name}")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    reading._reader.cache_clear()
    before = reading.parsed_cache().folder
    changed = tmp_path / f"{name}.py"
    changed.write_bytes(Path(module.__file__ or "").read_bytes() + b"\n# reworded\n")
    monkeypatch.setattr(module, "__file__", str(changed))
    reading._reader.cache_clear()
    after = reading.parsed_cache().folder
    reading._reader.cache_clear()
    assert before.parent == after.parent == tmp_path / "cache" / "pmf"
    assert before != after


@pytest.mark.parametrize("collecting", [True, False])
def test_reading_leaves_the_cycle_collector_as_it_found_it(repo: Path, collecting: bool) -> None:
    """A program that calls pmf.load_portfolio keeps its own collector setting, even after a problem."""
    import gc

    import pmf
    from pmf.errors import PmfError

    (gc.enable if collecting else gc.disable)()
    try:
        assert pmf.load_portfolio(repo).measures
        assert gc.isenabled() is collecting
        (repo / "pmf.yaml").write_text("organisation: [\n", encoding="utf-8")
        with pytest.raises(PmfError):
            pmf.load_portfolio(repo)
        assert gc.isenabled() is collecting
    finally:
        gc.enable()


def test_a_command_pauses_the_collector_while_it_works_and_puts_it_back(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from typer.testing import CliRunner

    from pmf import render
    from pmf.cli import app

    seen = []
    real = render.render
    monkeypatch.setattr(render, "render", lambda *a, **k: seen.append(gc.isenabled()) or real(*a, **k))
    for args in (
        ["report", "mid-year", "--root", str(repo), "--out", str(repo / "out"), "--as-of", "2025-11-20"],
        ["status", "--root", str(repo / "nowhere")],
    ):
        done = CliRunner().invoke(app, args)
        assert done.exit_code in (0, 2), done.output
        assert gc.isenabled(), args
    assert seen == [False, False]  # Markdown and HTML, both rendered with the collector paused
