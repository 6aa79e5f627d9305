"""Where a plans repository is and which files it holds: cheap to import, so reading can start early."""

from __future__ import annotations

import os
from pathlib import Path

from pmf.errors import UsageError

CONFIG = "pmf.yaml"
FOLDERS = ("plans", "assessments", "regulators", "improvement")


def find_root(start: Path | None = None) -> Path:
    """Return the nearest folder at or above ``start`` that holds ``pmf.yaml``."""
    start = (start or Path.cwd()).resolve()
    if not start.exists():
        raise UsageError(f"{start}: no such file or folder")
    here = start if start.is_dir() else start.parent
    for folder in (here, *here.parents):
        if (folder / CONFIG).is_file():
            return folder
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
