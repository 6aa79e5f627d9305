"""Where a plans repository is (the nearest folder holding ``pmf.yaml``) and which files it holds."""

from __future__ import annotations

import os
from pathlib import Path

CONFIG = "pmf.yaml"
FOLDERS = ("plans", "assessments", "regulators", "improvement", "panel")


def nearest_root(start: Path | None = None) -> Path | None:
    """The nearest folder at or above ``start`` that holds ``pmf.yaml``, or None."""
    try:
        start = (start or Path.cwd()).resolve()
    except RuntimeError:  # a link that leads back to itself
        return None
    here = start if start.is_dir() else start.parent
    return next((folder for folder in (here, *here.parents) if (folder / CONFIG).is_file()), None)


def root_option(root: Path | None) -> Path | None:
    """``--root`` as given: a folder, or None to search upward from here; anything else is a usage error."""
    from pmf.errors import UsageError

    if root is not None and not root.is_dir():
        raise UsageError(f"--root {root}: no such folder")
    return root


def find_root(start: Path | None = None) -> Path:
    """Return the nearest folder at or above ``start`` that holds ``pmf.yaml``; say why there is none."""
    from pmf.errors import UsageError

    try:
        start = (start or Path.cwd()).resolve()
    except RuntimeError:
        raise UsageError(f"{start}: a link that leads back to itself") from None
    if not start.exists():
        raise UsageError(f"{start}: no such file or folder")
    found = nearest_root(start)
    if found is not None:
        return found
    here = start if start.is_dir() else start.parent
    raise UsageError(
        f"no {CONFIG} found in {here} or any folder above it; run pmf inside a plans repository or pass --root DIR"
    )


def plan_files(root: Path) -> list[Path]:
    """Every YAML file pmf reads in the repository, links left out (they are checked as they are read)."""
    paths = [root / CONFIG] if (root / CONFIG).is_file() else []
    for name in FOLDERS:
        for folder, dirs, files in os.walk(root / name):  # links to folders are not followed
            dirs.sort()
            paths += [Path(folder) / f for f in sorted(files) if f.endswith(".yaml")]
    return [p for p in paths if not p.is_symlink() and p.is_file()]
