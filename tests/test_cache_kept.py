"""The cache as it lives on a user's disk: damaged entries, a folder someone else can write, old versions, --no-cache."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pmf.cache import Cache
from pmf.yamlio import Document
from pmf.yamlscreen import MAX_BYTES

PMF = str(Path(sys.executable).parent / "pmf")
MONTH = 30 * 24 * 3600


def pmf(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PMF, *args], capture_output=True, text=True)


def entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


def test_an_entry_damaged_on_disk_is_never_served(tmp_path: Path) -> None:
    """One flipped bit in a kept figure (3.58 read back as 2.58) is caught by the entry's digest."""
    path = tmp_path / "m.yaml"
    path.write_text("id: M-1\nvalue: 3.58\n", encoding="utf-8")
    cache = Cache(tmp_path / "cache", MAX_BYTES)
    Document.load(path, cache)
    [entry] = entries(tmp_path / "cache")
    blob = bytearray(entry.read_bytes())
    at = blob.index(struct.pack(">d", 3.58))  # the float as pickle writes it
    blob[at + 1] ^= 0x08
    entry.write_bytes(bytes(blob))
    assert Document.load(path, cache).data == {"id": "M-1", "value": 3.58}


@pytest.mark.parametrize("kept", [(), 5, ("x", "y")], ids=["empty", "number", "two"])
def test_an_entry_of_another_shape_is_parsed_afresh(tmp_path: Path, kept: object) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("id: M-1\n", encoding="utf-8")
    cache = Cache(tmp_path / "cache", MAX_BYTES)
    cache.put(Cache.key(path.read_bytes()), kept)
    assert Document.load(path, cache).data == {"id": "M-1"}


def test_a_cache_folder_others_can_write_to_is_emptied_and_one_another_user_owns_is_not_used(
    repo: Path, own_cache: Path
) -> None:
    """An entry is a pickle: one planted by another user would run as code."""
    shared = own_cache / "pmf"
    shared.mkdir()
    shared.chmod(0o777)  # the user's own, made under a umask of 002 or by hand: anyone could have written here
    planted = shared / "parsed-3-0123" / "ab"
    planted.mkdir(parents=True)
    (planted / "cdef").write_bytes(b"planted")
    assert pmf("validate", "--root", str(repo)).returncode == 0
    assert not planted.exists() and shared.stat().st_mode & 0o777 == 0o700
    assert entries(shared)  # then used
    if os.geteuid() == 0:  # only root can give a folder away
        for kept in entries(shared):
            kept.unlink()
        os.chown(shared, 65534, 65534)
        assert pmf("validate", "--root", str(repo)).returncode == 0
        assert entries(shared) == []


def test_what_no_run_has_used_for_a_month_is_deleted_once_a_day(repo: Path, own_cache: Path) -> None:
    assert pmf("validate", "--root", str(repo)).returncode == 0
    top = own_cache / "pmf"
    [current] = [p for p in top.iterdir() if p.name.startswith("parsed-")]
    long_ago = time.time() - MONTH - 3600
    old_version = top / "parsed-2-0123456789abcdef"  # a pmf since upgraded
    (old_version / "ab").mkdir(parents=True)
    (old_version / "ab" / "cdef").write_bytes(b"x")
    retired = top / "validate-0.1.0.json"
    retired.write_text("{}", encoding="utf-8")
    [sub, *_] = [p for p in current.iterdir() if p.is_dir()]
    stale, half, writing = sub / ("0" * 38), sub / ".half.tmp", sub / ".now.tmp"
    for path in (stale, half, writing):
        path.write_bytes(b"x")
    for path in (old_version, retired, stale):
        os.utime(path, (long_ago, long_ago))
    os.utime(half, (time.time() - 7200,) * 2)
    os.utime(top / ".looked-over", (time.time() - 2 * 24 * 3600,) * 2)
    kept = entries(current)
    assert pmf("validate", "--root", str(repo)).returncode == 0
    assert not old_version.exists() and not retired.exists() and not stale.exists() and not half.exists()
    assert writing.exists()  # perhaps another run's, still being written
    assert entries(current) == [p for p in kept if p != stale]  # what is in use stays
    retired.write_text("{}", encoding="utf-8")
    os.utime(retired, (long_ago, long_ago))
    assert pmf("validate", "--root", str(repo)).returncode == 0
    assert retired.exists()  # looked over today already


def test_no_cache_keeps_no_compiled_template_either(repo: Path, own_cache: Path) -> None:
    out = repo.parent / "out"
    done = pmf("report", "mid-year", "--root", str(repo), "--out", str(out), "--as-of", "2025-11-20", "--no-cache")
    assert done.returncode == 0, done.stderr
    assert not (own_cache / "pmf").exists() or entries(own_cache / "pmf") == []
    assert pmf("report", "mid-year", "--root", str(repo), "--out", str(out), "--as-of", "2025-11-20").returncode == 0
    assert any(p.name.startswith("templates-") for p in (own_cache / "pmf").iterdir())


def test_pmf_new_takes_no_cache(repo: Path, own_cache: Path) -> None:
    done = pmf("new", "measure", "WST-77", "--service", "waste", "--root", str(repo), "--no-cache")
    assert done.returncode == 0, done.stderr
    assert (repo / "plans/waste/measures/WST-77.yaml").is_file()
    assert not (own_cache / "pmf").exists() or entries(own_cache / "pmf") == []


@pytest.mark.parametrize("fails", ["chmod", "rmtree"])
def test_a_cache_folder_that_cannot_be_made_the_users_alone_is_not_used(
    own_cache: Path, monkeypatch: pytest.MonkeyPatch, fails: str
) -> None:
    """A mode that chmod cannot change (a CIFS home), or a folder inside that another user owns and the user
    cannot empty: its entries might be anyone's, so nothing is read from it."""
    from pmf import cache

    top = own_cache / "pmf"
    planted = top / "parsed-3-0123" / "ab"
    planted.mkdir(parents=True)
    top.chmod(0o777)
    if fails == "chmod":
        monkeypatch.setattr(cache.os, "chmod", lambda *_args: None)
    else:
        monkeypatch.setattr(cache.shutil, "rmtree", lambda *_args, **_kw: None)
    assert cache.private_folder("parsed-3-0123") is None


def test_a_link_to_its_own_folder_is_told_as_a_link_that_leads_back(repo: Path) -> None:
    risks = repo / "plans/waste/risks"
    for kept in risks.iterdir():
        kept.unlink()
    risks.rmdir()
    risks.symlink_to(risks)
    done = pmf("validate", "--root", str(repo))
    assert "Traceback" not in done.stderr
    assert "plans/waste/risks: a link that leads back to itself" in done.stderr
