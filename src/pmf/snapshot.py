"""The plans as committed on a day, for the site: the commit, its plans checked, or why they cannot be used.

``pmf site`` builds every page from one commit (docs/audit.md). Where there is none to use it
says why, in a word the command turns into a sentence: outside git, nothing committed, nothing
committed by the day, a commit without pmf.yaml (the plans never committed), or a commit whose
plans have problems.
"""

from __future__ import annotations

import datetime as dt
import tarfile
from collections.abc import Collection
from dataclasses import dataclass, field
from enum import StrEnum
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from pmf import git

if TYPE_CHECKING:
    from pmf.portfolio import Portfolio


class Unused(StrEnum):
    """Why the plans as committed on a day are not used."""

    outside_git = "outside git"
    no_commit = "no commit"  # a repository with no commit at all
    none_by_then = "none by then"  # every commit is after the day
    no_settings = "no pmf.yaml"  # the commit holds no pmf.yaml: the plans were never committed
    problems = "problems"  # the commit's plans do not load


@dataclass(frozen=True)
class Committed:
    """The plans as committed on ``day`` (``portfolio``), or None and why not."""

    day: dt.date
    portfolio: Portfolio | None = field(default=None, compare=False)
    commit: str = ""  # the commit read (its plans may have problems)
    why: Unused | None = None
    latest: bool = False  # the commit is the last (HEAD), so what differs from it is not committed
    snapshot: Path | None = field(default=None, compare=False)  # the folder the commit was unpacked into


def _read(root: Path, *args: str) -> bytes | None:
    try:
        return git.run_bytes(root, *args)
    except (OSError, git.Refused):
        return None


def as_committed(root: Path, day: dt.date, scratch: Path) -> Committed:
    """The plans in ``root`` as committed on ``day`` (the last commit on or before it), unpacked into
    ``scratch`` and checked; or why there are none to use."""
    from pmf.loader import check_portfolio

    top = _read(root, "rev-parse", "--show-toplevel")
    if not top:
        return Committed(day, why=Unused.outside_git)
    head = (_read(root, "rev-parse", "--verify", "--quiet", "HEAD") or b"").decode().strip()
    if not head:
        return Committed(day, why=Unused.no_commit)
    commit = (_read(root, "rev-list", "-1", f"--before={day}T23:59:59", "HEAD") or b"").decode().strip()
    if not commit:
        return Committed(day, why=Unused.none_by_then)
    snapshot = _unpack(root, top, commit, scratch)
    if snapshot is None or not (snapshot / "pmf.yaml").is_file():
        return Committed(day, commit=commit, why=Unused.no_settings, latest=commit == head, snapshot=snapshot)
    portfolio = check_portfolio(snapshot)[0]
    why = None if portfolio is not None else Unused.problems
    return Committed(day, portfolio, commit, why, commit == head, snapshot)


def last_committed(root: Path, scratch: Path) -> Path | None:
    """The files in ``root`` as last committed (HEAD), unpacked into ``scratch`` as they are, not checked: the
    folder that stands for ``root`` there; None outside git, before the first commit, or where it holds none."""
    top = _read(root, "rev-parse", "--show-toplevel")
    head = (_read(root, "rev-parse", "--verify", "--quiet", "HEAD") or b"").decode().strip() if top else ""
    return _unpack(root, top, head, scratch) if top and head else None


def _unpack(root: Path, top: bytes, commit: str, scratch: Path) -> Path | None:
    """The files in ``root`` (within the repository at ``top``) as ``commit`` holds them, unpacked into
    ``scratch``: the folder that stands for ``root`` there, or None where the commit holds nothing of it."""
    prefix = root.resolve().relative_to(Path(top.decode().strip()).resolve()).as_posix()
    archive = _read(root, "archive", "--format=tar", commit, *([prefix] if prefix != "." else []))
    if archive is None:
        return None
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        extract(tar, scratch)
    return scratch / prefix if prefix != "." else scratch


def has_data_filter() -> bool:
    """Whether this Python's tarfile has extraction filters (3.11.4 and later; 3.11.0 to 3.11.3 do not)."""
    return hasattr(tarfile, "data_filter")


def extract(tar: tarfile.TarFile, into: Path) -> None:
    """Unpack ``tar`` into ``into``, leaving out every member that could write elsewhere.

    With tarfile's ``data`` filter where this Python has it; where it does not, only plain files
    and folders whose names stay inside ``into`` are unpacked (no links, no absolute paths, no
    ``..``). A member left out is skipped, not fatal: the snapshot is only a past view of the plans.
    """
    if has_data_filter():

        def data(member: tarfile.TarInfo, dest: str) -> tarfile.TarInfo | None:
            try:
                return tarfile.data_filter(member, dest)
            except tarfile.FilterError:
                return None

        tar.extractall(into, filter=data)
        return
    target = into.resolve()
    safe = []
    for member in tar.getmembers():
        inside = (target / member.name).resolve()
        if not (member.isfile() or member.isdir()) or Path(member.name).is_absolute():
            continue
        if inside != target and target not in inside.parents:
            continue
        member.mode = (member.mode | 0o600) & 0o755 if member.isfile() else 0o755
        safe.append(member)
    tar.extractall(into, members=safe)


def changed_since(root: Path, commit: str = "HEAD") -> tuple[list[str], list[str]]:
    """The files pmf reads that differ in the folder from ``commit``, named from ``root``: those changed,
    added or new, and those deleted (which a site built from the commit still shows). Empty outside git."""
    from pmf.repository import CONFIG, FOLDERS

    try:
        changed = git.run(root, "diff", "--name-status", "--relative", commit, "--", CONFIG, *FOLDERS)
        new = git.run(root, "ls-files", "--others", "--exclude-standard", "--", CONFIG, *FOLDERS)
    except (OSError, git.Refused):
        return [], []
    rows = [line.split("\t") for line in changed.splitlines() if "\t" in line]
    gone = sorted({row[-1] for row in rows if row[0] == "D"})
    kept = {row[-1] for row in rows if row[0] != "D"} | {line for line in new.splitlines() if line.strip()}
    return sorted(kept), gone


def renamed_since(root: Path, paths: Collection[str], last: Path | None) -> dict[str, str]:
    """Of the files ``paths`` (named from ``root``), those renamed since the last commit, unpacked into ``last``,
    each with the name it has there, found by git's rename detection (a file at least half the same as one gone
    being taken for it), the rename committed or not, tracked or not (the folders compared, ``git diff
    --no-index -M``). Empty outside git."""
    moved = _renamed_since(root, last) if last is not None and paths else {}
    return {path: moved[path] for path in paths if path in moved}


def held(root: Path, path: str, start: str = "HEAD") -> list[tuple[str, str | None]]:
    """Where the file ``path`` (named from ``root``) as ``start`` holds it stood in each commit that changed it,
    newest first, back to the one that made it: the commit and the file's name after it, followed through its
    renames (``git log --follow``). A file deleted and made again under the same name is followed back to the
    second making only. Empty outside git, or where ``start`` holds no such file."""
    found: list[tuple[str, str | None]] = []
    for commit, line in _log(root, "--follow", "-M", "--relative", "--name-status", start, "--", path):
        if "\t" in line:
            status, *names = line.split("\t")
            if status == "D":  # an earlier file of the same name, deleted before this one was made
                break
            found.append((commit, names[-1]))
    return found


def deleted(root: Path) -> list[tuple[str, str]]:
    """Each file under ``plans/`` a commit deleted (never one renamed), newest first: the commit and the file's
    name from ``root``. Empty outside git."""
    return [(commit, line) for commit, line in _log(root, "-M", "--diff-filter=D", "--relative", "--name-only",
                                                     "HEAD", "--", "plans") if line.strip()]  # fmt: skip


def _log(root: Path, *args: str) -> list[tuple[str, str]]:
    """``git log`` with ``args``, each line it prints below a commit with that commit; none outside git."""
    try:
        printed = git.run(root, "-c", "core.quotePath=false", "log", "--format=commit %H", *args)
    except (OSError, git.Refused):
        return []
    found, commit = [], ""
    for line in printed.splitlines():
        if line.startswith("commit "):
            commit = line.removeprefix("commit ")
        else:
            found.append((commit, line))
    return found


def committed_text(root: Path, commit: str, path: str) -> bytes | None:
    """The file ``path`` (named from ``root``) as ``commit`` holds it; None where it holds none."""
    return _read(root, "show", f"{commit}:./{path}")


def ancestors(root: Path, commit: str) -> set[str]:
    """``commit`` and every commit before it (``git rev-list``). Empty outside git."""
    return set((_read(root, "rev-list", commit) or b"").decode().split())


def _renamed_since(root: Path, last: Path) -> dict[str, str]:
    """The files under ``plans/`` renamed since the commit unpacked into ``last``: new name, old name, from
    ``root``. (``-z``: names as they are, never quoted.)"""
    then, now = (last / "plans").resolve(), (root / "plans").resolve()
    try:
        named = git.run(root, "diff", "--no-index", "-M", "--name-status", "-z", "--", str(then), str(now))
    except git.Refused as differ:  # exit code 1: the folders differ, as they do where a file was renamed
        named = differ.stdout
    except OSError:
        return {}
    words, moved = iter(named.split("\0")), {}
    for status in words:
        if status.startswith(("R", "C")):
            old, new = next(words, ""), next(words, "")
            if status.startswith("R") and Path(new).is_relative_to(now) and Path(old).is_relative_to(then):
                moved[f"plans/{Path(new).relative_to(now).as_posix()}"] = (
                    f"plans/{Path(old).relative_to(then).as_posix()}"
                )
        else:
            next(words, "")
    return moved
