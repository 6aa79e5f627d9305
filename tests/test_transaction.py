"""Writing edited plan files: all or nothing across files, new files as the umask says, a lock that follows no link."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmf.cli import app

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})

ROWS = 'measure,period,value,comment\nWST-01,2025-26 Q3,67.4,"Caddies, bags and leaflets"\nWST-02,2025-06,90,\n'

KILLED_AT = """\
import os, signal, sys
from pathlib import Path

real_replace, real_mkstemp = os.replace, __import__("tempfile").mkstemp
when, after = sys.argv[1], int(sys.argv[2])
counts = {"rename": 0, "write": 0}


def replace(source, target):
    if str(target).endswith(".yaml"):
        counts["rename"] += 1
        if when == "rename" and counts["rename"] > after:
            os.kill(os.getpid(), signal.SIGKILL)
    return real_replace(source, target)


def mkstemp(*args, **kwargs):
    if str(kwargs.get("suffix", "")) == ".tmp" and str(kwargs.get("prefix", "")).endswith(".yaml."):
        counts["write"] += 1
        if when == "write" and counts["write"] > after:
            os.kill(os.getpid(), signal.SIGKILL)
    return real_mkstemp(*args, **kwargs)


os.replace = replace
__import__("tempfile").mkstemp = mkstemp
from pmf.cli import app

app(sys.argv[3:], prog_name="pmf")
"""


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def plans(repo: Path) -> dict[str, bytes]:
    return {str(p.relative_to(repo)): p.read_bytes() for p in sorted((repo / "plans").rglob("*")) if p.is_file()}


def killed_import(repo: Path, tmp_path: Path, when: str, after: int) -> None:
    data = tmp_path / "rows.csv"
    data.write_text(ROWS, encoding="utf-8")
    script = tmp_path / "killed.py"
    script.write_text(KILLED_AT, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), when, str(after), "import", str(data), "--root", str(repo)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert "added" not in done.stderr


def test_an_import_killed_between_renames_is_finished_by_the_next_edit(repo: Path, tmp_path: Path) -> None:
    before = plans(repo)
    killed_import(repo, tmp_path, "rename", 1)  # one file renamed, the other still a temporary file
    midway = plans(repo)
    assert sum(midway.get(name) != text for name, text in before.items()) == 1
    assert any(".tmp" in name for name in midway)
    code, _, err = run("record", "WST-01", "2025-26 Q4", "68", "--root", str(repo))
    assert code == 0, err
    after = plans(repo)
    assert not any(".tmp" in name for name in after)
    assert b"Caddies, bags and leaflets" in after["plans/waste/measures/WST-01.yaml"]
    assert b"period: 2025-06\n    value: 90" in after["plans/waste/measures/WST-02.yaml"]
    assert run("validate", "--root", str(repo))[0] == 0


def test_an_import_killed_while_writing_changes_no_file_and_its_leftovers_go(repo: Path, tmp_path: Path) -> None:
    before = plans(repo)
    killed_import(repo, tmp_path, "write", 1)  # the first file's new text written, the second not begun
    midway = plans(repo)
    assert {name: text for name, text in midway.items() if ".tmp" not in name} == before
    assert any(".tmp" in name for name in midway)
    code, _, err = run("record", "WST-01", "2025-26 Q4", "68", "--root", str(repo))
    assert code == 0, err
    after = plans(repo)
    assert not any(".tmp" in name for name in after)
    assert after["plans/waste/measures/WST-02.yaml"] == before["plans/waste/measures/WST-02.yaml"]


def test_a_failing_rename_puts_back_the_files_already_renamed(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "rows.csv"
    data.write_text(ROWS, encoding="utf-8")
    before = plans(repo)
    real = os.replace
    calls: list[str] = []

    def replace(source: str | Path, target: str | Path) -> None:
        if str(target).endswith(".yaml") and ".tmp" in str(source):
            calls.append(str(target))
            if len(calls) == 2:
                raise PermissionError(13, "Permission denied", str(target))
        real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    code, _, err = run("import", str(data), "--root", str(repo))
    assert code == 2
    assert "Permission denied" in err and "added" not in err
    assert plans(repo) == before  # the first file is back as it was; no temporary file is left


def test_new_files_follow_the_umask_and_rewritten_files_keep_their_mode(repo: Path) -> None:
    old = os.umask(0o022)
    try:
        code, _, err = run("new", "measure", "WST-09", "--service", "waste", "--root", str(repo))
        assert code == 0, err
        assert stat.S_IMODE((repo / "plans/waste/measures/WST-09.yaml").stat().st_mode) == 0o644
        path = repo / "plans/waste/measures/WST-01.yaml"
        path.chmod(0o640)
        assert run("record", "WST-01", "2025-26 Q3", "67", "--root", str(repo))[0] == 0
        assert stat.S_IMODE(path.stat().st_mode) == 0o640
        out = repo / "out"
        assert run("report", "mid-year", "--year", "2025-26", "--out", str(out), "--root", str(repo))[0] == 0
        modes = {stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*") if p.is_file()}
        assert modes == {0o644}
    finally:
        os.umask(old)


def test_the_lock_follows_no_link_planted_in_its_place(repo: Path, tmp_path: Path) -> None:
    import hashlib
    import tempfile

    from pmf import transaction

    victim = tmp_path / "precious.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    key = hashlib.sha256(str(repo.resolve()).encode()).hexdigest()[:32]
    old_place = Path(tempfile.gettempdir()) / "pmf-locks"  # where locks used to be, open to every user
    old_place.mkdir(exist_ok=True)
    places = [transaction.state_folder() / f"{key}.lock"]
    places += [old_place / f"{hashlib.sha256(str(p.resolve()).encode()).hexdigest()[:32]}.lock" for p in
               [repo / "plans/waste/measures/WST-01.yaml"]]  # fmt: skip
    for place in places:
        place.unlink(missing_ok=True)
        place.symlink_to(victim)
    try:
        run("record", "WST-01", "2025-26 Q3", "67", "--root", str(repo))
        assert victim.read_text(encoding="utf-8") == "keep me\n"
    finally:
        for place in places:
            place.unlink(missing_ok=True)


def test_the_edit_commands_load_without_fcntl(repo: Path) -> None:
    """Windows has no fcntl: record, import and the lock must not need it."""
    script = (
        "import sys; sys.modules['fcntl'] = None\nimport pmf.record, pmf.exchange, pmf.transaction\nprint('loaded')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.stdout == "loaded\n", done.stderr


@pytest.mark.parametrize("kind", ["measure", "risk", "service"])
def test_pmf_new_takes_the_edit_lock_and_finishes_an_interrupted_import(repo: Path, tmp_path: Path, kind: str) -> None:
    killed_import(repo, tmp_path, "rename", 1)  # one file renamed, the other still a temporary file
    service = [] if kind == "service" else ["--service", "waste"]
    code, _, err = run("new", kind, "NEW-01", *service, "--root", str(repo), "--as-of", "2025-06-01")
    assert code == 0, err
    after = plans(repo)
    assert not any(".tmp" in name for name in after)
    assert b"period: 2025-06\n    value: 90" in after["plans/waste/measures/WST-02.yaml"]


def test_a_new_measure_and_its_plan_are_written_together_or_not_at_all(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = plans(repo)
    real = os.replace

    def replace(source: str | Path, target: str | Path) -> None:
        if str(target).endswith("plan-2025-26.yaml"):
            raise PermissionError(13, "Permission denied", str(target))
        real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    code, _, err = run("new", "measure", "WST-03", "--service", "waste", "--root", str(repo), "--as-of", "2025-06-01")
    assert code == 2 and "Permission denied" in err and "wrote" not in err
    assert plans(repo) == before  # the new measure, renamed first, is taken away again


def test_an_edit_beside_a_folder_nested_past_pythons_limit_still_writes(repo: Path) -> None:
    """Leftover temporary files are looked for where pmf writes, not down every folder (1,100 levels here)."""
    deep = repo / "plans/waste/notes"
    deep.mkdir()
    os.chdir(deep)  # built level by level: the whole path is longer than one call may take
    try:
        for _ in range(1100):
            os.mkdir("d")
            os.chdir("d")
    finally:
        os.chdir(repo)
    (repo / "plans/waste/measures/.WST-01.yaml.abc.tmp").write_text("half", encoding="utf-8")
    try:
        done = subprocess.run(
            [str(Path(sys.executable).parent / "pmf"), "record", "WST-01", "2025-26 Q2", "61", "--root", str(repo)],
            capture_output=True,
            text=True,
        )
    finally:  # taken down level by level: no tool that recurses (pytest's clean-up included) can
        os.chdir(deep)
        while os.path.isdir("d"):
            os.chdir("d")
        while os.getcwd() != str(deep):
            os.chdir("..")
            os.rmdir("d")
        os.chdir(repo)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert not (repo / "plans/waste/measures/.WST-01.yaml.abc.tmp").exists()
