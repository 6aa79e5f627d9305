"""`pmf validate` as a plain function: check one or several repositories and print every problem."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from pmf.cache import Cache
from pmf.errors import EXIT_OK, EXIT_PROBLEMS, Problem, UsageError, relative


def validate(
    paths: Sequence[Path],
    root: Path | None,
    *,
    strict: bool,
    fmt: str,
    lang: str,
    cache: Cache | None,
    today: dt.date | None = None,
) -> int:
    """Check the repositories that hold ``paths`` (or ``root``); print every problem; return the exit code.

    ``today``: the day by which every figure's period must have begun (None: not checked; the
    command gives today's date, or ``--as-of``).

    A file asked for by name narrows the answer to that file. Several repositories (a region's
    councils, say) are checked in one run, each once, their problems named from here.
    """
    from pmf import console
    from pmf.loader import check_portfolio
    from pmf.repository import find_root, root_option

    root_option(root)
    asked: dict[Path, list[Path]] = {}
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
        found = find_root(root or path)
        if not path.resolve().is_relative_to(found):
            raise UsageError(f"{path} is not inside the plans repository {found}")
        asked.setdefault(found, []).append(path)
    if not asked:
        asked[find_root(root)] = []
    problems: list[Problem] = []
    for repository, named in asked.items():
        files = {relative(p, repository) for p in named} if named and all(p.is_file() for p in named) else None
        _, found_here = check_portfolio(repository, strict=strict, lang=lang, cache=cache, today=today, files=files)
        if len(asked) > 1:
            found_here = [replace(p, path=relative(repository / p.path, Path.cwd())) for p in found_here]
        problems += found_here
    if fmt == "text" and len(asked) == 1:
        problems = from_here(problems, next(iter(asked)))
    console.print_problems(problems, fmt)
    return EXIT_PROBLEMS if any(p.severity == "error" for p in problems) else EXIT_OK


def from_here(problems: list[Problem], repository: Path) -> list[Problem]:
    """Problems named from the current folder when it is inside ``repository`` below its root, so that an
    editor or terminal opens them from there (``EX-01.yaml:5:7``, ``../plan-2026-27.yaml:21:9``); from the
    root otherwise, and the folder it stands in from the root too (not as '.'). GitHub annotations and JSON
    always name them from the root (docs/files.md)."""
    import os

    here, top = Path.cwd().resolve(), repository.resolve()
    if here == top or not here.is_relative_to(top):
        return problems
    named = {p.path: Path(os.path.relpath(top / p.path, here)).as_posix() for p in problems if p.path}
    return [replace(p, path=named[p.path]) if named.get(p.path, ".") != "." else p for p in problems]
