"""`pmf validate` as a plain function: the command line runs it, and so does the start-up fast path."""

from __future__ import annotations

from pathlib import Path

from pmf.errors import EXIT_OK, EXIT_PROBLEMS, UsageError, relative


def validate(path: Path | None, root: Path | None, *, strict: bool, fmt: str, lang: str) -> int:
    """Check the repository that holds ``path`` (or ``root``); print every problem; return the exit code."""
    from pmf import console
    from pmf.loader import check_portfolio, find_root

    if path is not None and not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    if root is not None and not root.is_dir():
        raise UsageError(f"--root {root}: no such folder")
    found = find_root(root or path)
    if path is not None and not path.resolve().is_relative_to(found):
        raise UsageError(f"{path} is not inside the plans repository {found}")
    _, problems = check_portfolio(found, strict=strict, lang=lang)
    if path is not None and path.is_file():
        name = relative(path, found)
        problems = [p for p in problems if p.path == name]
    console.print_problems(problems, fmt)
    return EXIT_PROBLEMS if any(p.severity == "error" for p in problems) else EXIT_OK
