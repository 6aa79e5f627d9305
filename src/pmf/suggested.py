"""The commands pmf suggests (``pmf validate lists it``), carrying the ``--root`` and ``--as-of`` the user gave.

A suggestion pasted as printed runs on the same repository and day as the command that printed it: each is
written through ``command``, which adds the options the running command was given (``options.guarded``
sets them for the run). A command's own options are given by the command that suggests it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shlex
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

_GIVEN: ContextVar[tuple[str | None, str | None]] = ContextVar("given", default=(None, None))


@contextlib.contextmanager
def given(root: Path | str | None, as_of: str | None) -> Iterator[None]:
    """For the run of one command: the ``--root`` and ``--as-of`` it was given (None: not given)."""
    token = _GIVEN.set((None if root is None else str(root), as_of))
    try:
        yield
    finally:
        _GIVEN.reset(token)


def command(text: str, *, dated: bool = True, from_day: dt.date | None = None) -> str:
    """``text`` (``pmf validate``, a command with its own options) with the ``--root`` given, and for a command
    that takes ``--as-of`` (``dated``) the ``--as-of`` given; a command to run from a day to come
    (``from_day``) is given that day, when a day was given, so that it runs when pasted."""
    root, as_of = _GIVEN.get()
    parts = [text]
    if root is not None:
        parts.append(f"--root {quoted(root)}")
    if dated and as_of is not None:
        parts.append(f"--as-of {from_day.isoformat() if from_day is not None else as_of.strip()}")
    return " ".join(parts)


def quoted(path: str) -> str:
    """``path`` as a shell reads it pasted: in Windows' double quotes there (where a POSIX shell's single quotes
    are read as part of the name), and quoted only where it needs it."""
    if os.name == "nt":  # (a Windows path holds no '"')
        return path if re.fullmatch(r"[\w.:\\/-]+", path) else f'"{path}"'
    return shlex.quote(path)
