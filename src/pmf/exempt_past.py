"""The risks exempt now, found wherever pmf site may show them: the pages built from an older commit leave each
off under the file it had there, followed through git's renames, where the risk stood then.

A risk is exempt now where it names ``exempt:`` in the files as they are, in the last commit, or in the commit
the site is built from, or where a commit deleted its file while it was exempt. Each such file is followed back
through the commits that changed it (``git log --follow``), so a page built from a commit leaves off the risk
in the file that was this one there, whatever its id was then, and never a risk in another file that happens
to hold one of its ids, before it or since (docs/risks.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmf.snapshot import Committed

# 'exempt:' at the start of a line of a risk file that does not read, in its bytes
_EXEMPT_WORD = re.compile(rb"^\s*exempt\s*:", re.MULTILINE)

# Where one file stood in each commit that changed it, newest first: the commit, its name after it (None: deleted)
History = list[tuple[str, str | None]]


@dataclass(frozen=True)
class ExemptNow:
    """The ids of the risks exempt in the files as they are or the last commit (``ids``: left off the pages
    built from the files as they are), and the history of each exempt risk's file (``files``)."""

    ids: set[str] = field(default_factory=set)
    files: list[History] = field(default_factory=list)

    def withheld_in(self, root: Path, committed: Committed) -> set[str]:
        """The ids of the risks in the plans as ``committed`` whose files are those of risks exempt now."""
        from pmf.snapshot import ancestors

        portfolio = committed.portfolio
        if portfolio is None or not self.files:
            return set()
        before = ancestors(root, committed.commit)
        there = {next((name for commit, name in history if commit in before), None) for history in self.files}
        from pmf.errors import relative

        return {
            i for i, path in portfolio.files.items() if i in portfolio.risks and relative(path, portfolio.root) in there
        }


def exempt_now(root: Path, source: Committed) -> ExemptNow:
    """The risks exempt now in the plans in ``root``, the site being built from ``source``. The last commit is read
    as the files are: plainly, so that a problem elsewhere in it never loses its exempt risks; where the site is
    built from it, from the folder it was unpacked into for the site."""
    from pmf.scratch import scratch_folder
    from pmf.snapshot import held, last_committed, renamed_since

    found = _exempt_in_files(root)
    with scratch_folder() as scratch:
        last = source.snapshot if source.latest else last_committed(root, scratch)
        in_last = _exempt_in_files(last) if last is not None else {}
        older = _exempt_in_files(source.snapshot) if source.snapshot is not None and not source.latest else {}
        moved = renamed_since(root, set(found), last)
    files = [held(root, moved.get(path, path)) for path in found]  # under its name in the last commit
    files += [held(root, path) for path in in_last]
    files += [held(root, path, source.commit) for path in older]
    files += _deleted_exempt(root)
    ids = set(found.values()) | set(in_last.values()) | set(older.values())
    return ExemptNow(ids, [history for history in files if history])


def _deleted_exempt(root: Path) -> list[History]:
    """The history of each risk's file a commit deleted while the risk was exempt: deleting a risk is not a
    decision to publish it."""
    from pmf.snapshot import committed_text, deleted, held

    found = []
    for commit, path in deleted(root):
        if Path(path).parent.name != "risks" or Path(path).suffix not in (".yaml", ".yml"):
            continue
        raw = committed_text(root, f"{commit}^", path)
        if raw is not None and _exempt(raw):
            found.append([(commit, None), *held(root, path, f"{commit}^")])
    return found


def _exempt(raw: bytes) -> bool:
    """Whether the risk file ``raw`` names ``exempt:``, read plainly; one that does not read judged by its words."""
    return _exempt_id(raw, "") is not None


def _exempt_id(raw: bytes, stem: str) -> str | None:
    """The id of the risk file ``raw`` (named ``stem``) where it names ``exempt:``, read plainly so that a problem
    elsewhere in it still counts, else None; a file that does not read (a merge conflict, UTF-16, not text) is
    judged by its words, its bytes searched (its NULs dropped, UTF-16 text reads as its letters), and its name."""
    from pmf.yamlio import decode, load_fast
    from pmf.yamlscreen import YamlProblem

    try:
        data = load_fast(decode(raw))
    except YamlProblem:
        return stem if _EXEMPT_WORD.search(raw.replace(b"\x00", b"")) else None
    if isinstance(data, dict) and data.get("exempt") is not None:
        return str(data.get("id") or stem)
    return None


def _exempt_in_files(root: Path) -> dict[str, str]:
    """The files in ``root`` (named from it) of the risks that name ``exempt:`` as they are now, each with its
    risk's id (``_exempt_id``)."""
    from pmf.repository import plan_files

    found: dict[str, str] = {}
    for path in (p for p in plan_files(root) if p.parent.name == "risks"):  # files alone: never a pipe
        try:
            raw = path.read_bytes()
        except OSError:  # gone or locked since it was listed: pmf validate tells it
            continue
        if (ident := _exempt_id(raw, path.stem)) is not None:
            found[path.relative_to(root).as_posix()] = ident
    return found
