"""Files written whole (a reader sees the old file or the new, never half of one), and read no further than a limit."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import BinaryIO


def new_file_mode() -> int:
    """The mode a new file gets under the process's umask (0644 under 022), as ``open`` would give it."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_temp(path: Path, data: str | bytes) -> Path:
    """Write ``data`` (text as UTF-8) to a temporary file beside ``path`` (``.NAME.*.tmp``), on disk,
    with the mode ``path`` has (or a new file's mode), ready to be renamed over it."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:  # name the file being written, not the temporary one
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            os.fsync(handle.fileno())
        mode = path.stat().st_mode & 0o777 if path.exists() else new_file_mode()
        os.chmod(tmp, mode)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` so a reader sees the old file or the new, never half of one.

    A new file follows the umask (mkstemp alone would make it 0600); a rewritten one keeps its mode.
    """
    tmp = write_temp(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def read_at_most(handle: BinaryIO, limit: int) -> bytes:
    """The bytes of an open file, but no more than ``limit + 1`` (so a caller sees one too large).

    The file's size and one byte more are asked for first: asking for ``limit + 1`` bytes at once
    costs a buffer of that size for every file (5 MB for a plan file: 30 ms over a council's
    1,164 files, a twentieth of `pmf validate`). A file grown since its size was taken, or one that
    tells no size, reads on to the limit.
    """
    size = os.fstat(handle.fileno()).st_size
    raw = handle.read(min(size, limit) + 1)
    if size < len(raw) <= limit:
        raw += handle.read(limit + 1 - len(raw))
    return raw
