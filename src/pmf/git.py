"""The only caller of the ``git`` program: the history pmf reads and the commits it makes.

Each caller turns the two ways git can fail into its own words: ``OSError`` when git is
not installed (or the folder is gone), :class:`Refused` when git ran and said no.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import cast


class Refused(Exception):
    """git ran in a folder and exited with an error; ``why`` is the last line it wrote to stderr."""

    def __init__(self, args: tuple[str, ...], returncode: int, stdout: str, stderr: str):
        lines = stderr.strip().splitlines()
        self.why = lines[-1] if lines else f"exit status {returncode}"
        self.stdout, self.stderr = stdout, stderr
        super().__init__(f"git {' '.join(args)}: {self.why}")


def run(folder: Path, *args: str) -> str:
    """What ``git -C folder args...`` prints, as text."""
    return cast(str, _run(folder, args, text=True))


def run_bytes(folder: Path, *args: str) -> bytes:
    """What ``git -C folder args...`` prints, as bytes (``git archive``)."""
    return cast(bytes, _run(folder, args, text=False))


def _run(folder: Path, args: tuple[str, ...], text: bool) -> str | bytes:
    done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=text, check=False)
    if done.returncode != 0:
        stderr = done.stderr if text else done.stderr.decode(errors="replace")
        raise Refused(args, done.returncode, done.stdout if text else "", stderr)
    return done.stdout  # type: ignore[no-any-return]
