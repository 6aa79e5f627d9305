"""Temporary folders: one a killed run left behind is removed by the next run."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

PMF = str(Path(sys.executable).parent / "pmf")


@pytest.fixture
def own_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR afresh in this process too
    return folder


def test_what_a_killed_site_left_is_removed_by_the_next_run(repo: Path, tmp_path: Path, own_tmp: Path) -> None:
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = ended.stdout.strip()  # a process that has ended: its folders are left over
    base = own_tmp / f"pmf-{os.getuid()}"
    base.mkdir(mode=0o700)
    left = base / f"{dead_pid}-abc123"
    (left / "plans").mkdir(parents=True)
    (left / "plans" / "pmf.yaml").write_text("a checkout a killed run left\n", encoding="utf-8")
    today = base / f"{dead_pid}-ghi789"  # perhaps a live run's in another container sharing the folder
    today.mkdir()
    running = base / f"{os.getpid()}-def456"  # this test's own process still runs: its folder stays
    running.mkdir()
    for folder in (left, running):
        os.utime(folder, (time.time() - 2 * 24 * 3600,) * 2)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "x"], cwd=repo)
    done = subprocess.run(
        [PMF, "site", "--root", str(repo), "--out", str(tmp_path / "site"), "--as-of", "2026-11-27"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in base.iterdir()) == sorted([running.name, today.name])  # the site's own went too
    assert sorted(p.name for p in own_tmp.iterdir()) == [base.name]


def test_a_folder_another_user_made_first_is_not_used(own_tmp: Path) -> None:
    from pmf.scratch import scratch_folder

    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    base = own_tmp / f"pmf-{os.getuid()}"
    base.mkdir()
    base.chmod(0o777)  # anyone may write here: a folder pmf would clear is not trusted
    stranger = base / f"{ended.stdout.strip()}-planted"  # named as a run that has ended would name it
    stranger.mkdir()
    os.utime(stranger, (time.time() - 2 * 24 * 3600,) * 2)
    with scratch_folder() as folder:
        assert folder.parent == own_tmp
    assert stranger.exists()
