"""Parsed plan files kept between runs, each under a hash of the very bytes that were parsed.

An entry is found only by the content that produced it, so it can never be stale: an edited
file has a new hash, a file edited while pmf reads it is stored under the hash of the
bytes pmf actually read, and a new version of the code that parses (or words a problem) reads
into a folder of its own. Entries live in the user's cache folder (``platformdirs``), are
written atomically, are no larger than a plan file may be, and carry a digest of what they
hold: one that cannot be read back whole, that was damaged on disk, or that holds another
key's value (copied or moved under this name) is ignored (and replaced). A cache folder
another user owns is not used at all, and one that others could write to is emptied and made
the user's alone before it is used: an entry is a pickle, read back as trusted.
Entries not written for a month, and the folders of other versions not used for a month,
are deleted once a day, so the cache stays the size of what is in use.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import os
import pickle
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pmf.atomic import read_at_most

FORMAT = 3  # raised whenever what an entry holds changes shape
_DIGEST = 16  # bytes of BLAKE2b over an entry's pickle, written before it
_MONTH = 30 * 24 * 3600  # an entry or a folder unused for this long is deleted
_DAY = 24 * 3600  # how often the folders are looked over for it

_off: contextvars.ContextVar[bool] = contextvars.ContextVar("pmf_cache_off", default=False)


def user_folder() -> Path:
    """pmf's folder in the user's cache (``$XDG_CACHE_HOME/pmf`` on Linux)."""
    import platformdirs

    return platformdirs.user_cache_path("pmf", appauthor=False)


def wanted() -> bool:
    """Whether anything may be kept in the cache: not inside :func:`turned_off` (``--no-cache``, ``PMF_NO_CACHE``)."""
    return not _off.get()


@contextlib.contextmanager
def turned_off() -> Iterator[None]:
    """No cache inside the block (a command given ``--no-cache``): neither parsed files nor compiled templates."""
    token = _off.set(True)
    try:
        yield
    finally:
        _off.reset(token)


def private_folder(name: str) -> Path | None:
    """``name`` in pmf's cache folder, made if need be; None when pmf's folder is not the user's.

    An entry is read back as trusted code would be, so a folder another user owns (a cache
    folder set to a shared place) is never used: pmf then parses every file afresh. The user's
    own folder that others could write to (made under a umask of 002) is emptied and made the
    user's alone first.
    """
    top = user_folder()
    try:
        top.mkdir(mode=0o700, parents=True, exist_ok=True)
        found = os.lstat(top)
        if not stat.S_ISDIR(found.st_mode):
            return None
        owner = getattr(os, "geteuid", None)  # POSIX: on Windows a user's profile folders are the user's
        if owner is not None and found.st_uid != owner():
            return None
        if owner is not None and found.st_mode & 0o022:  # made under a umask of 002 (or by hand): start afresh
            os.chmod(top, 0o700)  # first, so nothing more is planted while it is emptied
            _empty(top)
            with os.scandir(top) as left:  # what another user's folder kept, or a chmod that did nothing
                if any(left) or os.lstat(top).st_mode & 0o022:
                    return None
        _prune(top, name)
        folder = top / name
        folder.mkdir(mode=0o700, exist_ok=True)
        os.utime(folder)  # in use: kept by the daily look over pmf's folder
        return folder if _alone(folder, owner) else None
    except OSError:  # a read-only home, a file where the folder should be: nothing is kept
        return None


def _alone(folder: Path, owner: Callable[[], int] | None) -> bool:
    """Whether ``folder`` is a folder (not a link) that no other user owns or can write to."""
    found = os.lstat(folder)
    mine = owner is None or (found.st_uid == owner() and not found.st_mode & 0o022)
    return stat.S_ISDIR(found.st_mode) and mine


def _empty(top: Path) -> None:
    """Delete all that ``top`` holds: what others could write there is not read back."""
    with os.scandir(top) as found:
        entries = list(found)
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def _prune(top: Path, using: str) -> None:
    """Once a day: delete what no run has used for a month (other versions' folders, old entries, half-writes)."""
    mark = top / ".looked-over"
    with contextlib.suppress(FileNotFoundError):
        if time.time() - mark.stat().st_mtime < _DAY:
            return
    mark.touch()
    old = time.time() - _MONTH
    with os.scandir(top) as found:
        entries = list(found)
    for entry in entries:
        with contextlib.suppress(OSError):
            if entry.name == mark.name:
                continue
            if entry.name != using and entry.stat(follow_symlinks=False).st_mtime < old:
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)
            elif entry.name.startswith("parsed-") and entry.is_dir(follow_symlinks=False):
                _prune_entries(Path(entry.path), old)


def _prune_entries(folder: Path, old: float) -> None:
    """Delete a folder's entries written before ``old``, and any half-written entry over an hour old."""
    unfinished = time.time() - 3600
    with os.scandir(folder) as found:
        subs = [sub.path for sub in found if sub.is_dir(follow_symlinks=False)]
    for sub in subs:
        with os.scandir(sub) as inside:
            entries = list(inside)
        for entry in entries:
            written = entry.stat(follow_symlinks=False).st_mtime
            if written < old or (entry.name.endswith(".tmp") and written < unfinished):
                os.unlink(entry.path)


class Cache:
    """Values kept in files named by a key: missing, damaged or unwritable entries cost a re-parse, never an error."""

    def __init__(self, folder: Path, limit: int):
        self.folder = folder
        self.limit = limit

    @classmethod
    def for_parsed_files(cls, limit: int, reader: str) -> Cache | None:
        """The cache of parsed plan files, one folder per entry format and ``reader`` (the code that parses);
        None when nothing may be kept (``--no-cache``, or a cache folder that is not the user's alone)."""
        if not wanted():
            return None
        folder = private_folder(f"parsed-{FORMAT}-{reader}")
        return cls(folder, limit) if folder else None

    @staticmethod
    def key(raw: bytes) -> str:
        return hashlib.blake2b(raw, digest_size=20).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key[2:]

    def get(self, key: str) -> Any:
        """The value kept under ``key``; None when there is none or it cannot be read back whole and unchanged."""
        try:
            with open(self._path(key), "rb") as handle:
                blob = read_at_most(handle, self.limit)
            digest, body = blob[:_DIGEST], blob[_DIGEST:]
            if len(blob) > self.limit or hashlib.blake2b(body, digest_size=_DIGEST).digest() != digest:
                return None  # damaged on disk since it was written
            kept, value = pickle.loads(body)
            # an entry copied or moved under another file's name holds that file's content: not this one
            return value if kept == key else None
        except Exception:  # missing, truncated or damaged: parsed again and written afresh
            return None

    def put(self, key: str, value: Any) -> None:
        """Keep ``value`` under ``key``, atomically; a value larger than the limit, or a read-only cache, keeps nothing."""
        body = pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)
        if len(body) + _DIGEST > self.limit:
            return
        path = self._path(key)
        with contextlib.suppress(OSError):
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(hashlib.blake2b(body, digest_size=_DIGEST).digest() + body)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
