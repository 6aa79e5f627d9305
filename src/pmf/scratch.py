"""Temporary folders that a killed run does not leave behind for good.

``pmf site`` checks out the plans as committed into a temporary folder, and an edit is checked
in one. A run stopped by ``kill -9`` cannot remove its folder, so each run's folders live in
``$TMPDIR/pmf-<user id>/<process id>-*``, and a later run removes those of processes that no
longer run, once a day old (a folder shared by containers or hosts, where another's process
looks ended, is not emptied under a run). On Windows they are left, as the system's own
temporary folders are.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def scratch_folder() -> Iterator[Path]:
    """A temporary folder, removed afterwards; one a killed run left is removed by the next run."""
    base = _own_base()
    with tempfile.TemporaryDirectory(dir=base, prefix=f"{os.getpid()}-" if base else None) as folder:
        yield Path(folder)


def _own_base() -> Path | None:
    """pmf's folder in the system's temporary folder, cleared of dead runs' folders; None when it is not
    the user's alone (another user made it first): the temporary folder itself is used then."""
    owner = getattr(os, "getuid", None)
    base = Path(tempfile.gettempdir()) / f"pmf-{owner() if owner else 'scratch'}"
    try:
        base.mkdir(mode=0o700, exist_ok=True)
        found = os.lstat(base)
        if not stat.S_ISDIR(found.st_mode) or (owner and (found.st_uid != owner() or found.st_mode & 0o077)):
            return None
        day_ago = time.time() - 24 * 3600
        with os.scandir(base) as entries:
            left = [
                entry.path
                for entry in entries
                if not _running(entry.name.split("-")[0]) and entry.stat(follow_symlinks=False).st_mtime < day_ago
            ]
    except OSError:
        return None
    for folder in left:
        shutil.rmtree(folder, ignore_errors=True)
    return base


def _running(pid: str) -> bool:
    """Whether the process that made a folder (its id first in the name) still runs."""
    if not pid.isdigit() or os.name == "nt":  # not a folder pmf made; on Windows os.kill would end the process
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process, or no signals (Windows): perhaps running
        return True
    return True
