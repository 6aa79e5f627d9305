"""Print the oldest Python on this machine that pyproject.toml admits, when it is older than this one.

Every python3 and python3.N on PATH is asked its version (Debian's /usr/bin/python3 too); nothing
is printed when this Python is already the oldest, so `make test-oldest` has nothing to do.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def candidates() -> set[str]:
    """Each interpreter once, by its real path (/bin/python3 and /usr/bin/python3 are often one file)."""
    found = {os.path.realpath("/usr/bin/python3")} if Path("/usr/bin/python3").is_file() else set()
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        for path in Path(folder or ".").glob("python3*"):
            if re.fullmatch(r"python3(\.\d+)?", path.name) and os.access(path, os.X_OK):
                found.add(os.path.realpath(path))
    return found


def version(python: str) -> tuple[int, ...] | None:
    try:
        done = subprocess.run(
            [python, "-c", "import sys; print(*sys.version_info[:3])"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return tuple(int(n) for n in done.stdout.split()) if done.returncode == 0 and done.stdout.strip() else None


def main() -> None:
    wanted = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    least = tuple(int(n) for n in re.search(r">=\s*([\d.]+)", wanted).group(1).split("."))  # type: ignore[union-attr]
    admitted = [(v, p) for p in sorted(candidates()) if (v := version(p)) and v >= least]
    if admitted:
        oldest, path = min(admitted)
        if oldest < sys.version_info[:3]:
            print(path)


if __name__ == "__main__":
    main()
