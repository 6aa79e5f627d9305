"""Parsed plan files kept between runs, each under a hash of the very bytes that were parsed.

An entry is found only by the content that produced it, so it can never be stale: an edited
file has a new hash, a file edited while pmf reads it is stored under the hash of the
bytes pmf actually read, and a new version of the code that parses (or words a problem) reads
into a folder of its own. Entries live in the user's cache folder (``platformdirs``), are
written atomically, are no larger than a plan file may be, and one that cannot be read back
whole, or that holds another key's value (copied or moved under this name), is ignored (and replaced).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

FORMAT = 2  # raised whenever what an entry holds changes shape


def user_folder() -> Path:
    """pmf's folder in the user's cache (``$XDG_CACHE_HOME/pmf`` on Linux)."""
    import platformdirs

    return platformdirs.user_cache_path("pmf", appauthor=False)


class Cache:
    """Values kept in files named by a key: missing, damaged or unwritable entries cost a re-parse, never an error."""

    def __init__(self, folder: Path, limit: int):
        self.folder = folder
        self.limit = limit

    @classmethod
    def for_parsed_files(cls, limit: int, reader: str) -> Cache:
        """The cache of parsed plan files, one folder per entry format and ``reader`` (the code that parses)."""
        return cls(user_folder() / f"parsed-{FORMAT}-{reader}", limit)

    @staticmethod
    def key(raw: bytes) -> str:
        return hashlib.blake2b(raw, digest_size=20).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key[2:]

    def get(self, key: str) -> Any:
        """The value kept under ``key``; None when there is none or it cannot be read back whole."""
        try:
            with open(self._path(key), "rb") as handle:
                blob = handle.read(self.limit + 1)
            if len(blob) > self.limit:
                return None
            kept, value = pickle.loads(blob)
            # an entry copied or moved under another file's name holds that file's content: not this one
            return value if kept == key else None
        except Exception:  # missing, truncated or damaged: parsed again and written afresh
            return None

    def put(self, key: str, value: Any) -> None:
        """Keep ``value`` under ``key``, atomically; a value larger than the limit, or a read-only cache, keeps nothing."""
        blob = pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)
        if len(blob) > self.limit:
            return
        path = self._path(key)
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(blob)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
