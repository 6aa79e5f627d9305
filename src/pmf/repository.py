"""Where a plans repository is, which files it holds, and reading them ahead in other processes.

Cheap to import, so the reading can start before pmf loads its models.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import signal
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pmf.yamlio import Document, YamlProblem

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


def _cores() -> int:
    """The cores this process may use (its affinity), not all the machine has."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


PARALLEL_FROM = 300  # files: fewer are read faster in one process than by starting others
PIECE = 64  # files a reader takes at a time


def _outcome(path: Path) -> Document | YamlProblem | OSError:
    from pmf.yamlio import Document, YamlProblem

    try:
        return Document.load(path)
    except (YamlProblem, OSError) as exc:
        return exc


def _load_chunk(paths: list[Path]) -> list[tuple[Any, ...]]:
    """In a worker: each file as plain, picklable parts (a problem keeps its line and column)."""
    from pmf.yamlio import Document, YamlProblem

    out: list[tuple[Any, ...]] = []
    for path in paths:
        result = _outcome(path)
        if isinstance(result, Document):
            out.append(("doc", result.text, result.data))
        elif isinstance(result, YamlProblem):
            out.append(("yaml", result.message, result.line, result.col))
        else:
            out.append(("os", result.errno, result.strerror, result.filename))
    return out


def _revive(path: Path, result: tuple[Any, ...]) -> Document | YamlProblem | OSError:
    from pmf.yamlio import Document, YamlProblem

    if result[0] == "doc":
        return Document(path, result[1], result[2])
    if result[0] == "yaml":
        return YamlProblem(result[1], result[2], result[3])
    return OSError(result[1], result[2], result[3])


_SIGNALS = {
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
}  # not all on Windows


class _Reader:
    """A forked process reading every ``step``-th piece from ``first``: each into its own file in
    ``folder``, then its number on a pipe, so it never waits for this process to take it."""

    def __init__(self, pieces: list[list[Path]], first: int, step: int, folder: str):
        import pickle

        signals, done = os.pipe()
        parent = os.getpid()
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)  # no signal lands half-way through the fork
        try:
            self.pid = os.fork()
        except OSError:
            os.close(signals)
            os.close(done)
            raise
        finally:
            if os.getpid() == parent:
                signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        if self.pid == 0:  # the reader: it writes nothing else and runs nothing of its parent's at exit
            code = 1
            try:
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to answer: it stops us
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.signal(signal.SIGHUP, signal.SIG_DFL)
                signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
                gc.disable()  # the parent's garbage is not ours to collect (a file's flush, say)
                os.close(signals)
                for k in range(first, len(pieces), step):
                    if os.getppid() != parent:  # the parent has gone: nobody will read this
                        break
                    with open(os.path.join(folder, str(k)), "wb") as out:
                        pickle.dump(_load_chunk(pieces[k]), out, protocol=pickle.HIGHEST_PROTOCOL)
                    os.write(done, b"%d\n" % k)
                code = 0
            finally:
                os._exit(code)
        os.close(done)
        self.signals = os.fdopen(signals, "rb")
        self.finished: set[int] = set()

    def wait_for(self, piece: int) -> bool:
        """Whether the piece was read (False: the reader stopped first, so the caller reads it)."""
        while piece not in self.finished:
            line = self.signals.readline()
            if not line:
                return False
            self.finished.add(int(line))
        return True

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)  # it shares nothing to leave half-done: its own pipe and files
        with contextlib.suppress(OSError):
            os.waitpid(self.pid, 0)
        self.signals.close()


class ReadAhead:
    """Files being read by other processes while this one gets on (loading pmf's models, say).

    :meth:`pop` gives one file's outcome as :meth:`Document.load` gives it: a document, or
    the problem that stopped it; the same however many processes read the files. It waits
    only for the piece of files that holds the one asked for, and pieces are read in order,
    so the first files can be checked while later ones are still being read. Fewer than
    ``PARALLEL_FROM`` files, one core, or no ``fork``: they are read here, when asked.
    """

    def __init__(self, paths: Sequence[Path]):
        self.paths = list(paths)
        self._waiting = set(self.paths)  # not yet handed out
        self._done: dict[Path, Document | YamlProblem | OSError] = {}
        self._piece_of: dict[Path, int] = {}
        self._pieces: list[list[Path]] = []
        self._readers: list[_Reader] = []
        self._folder: str | None = None
        workers = min(_cores(), 4)
        if len(self.paths) < PARALLEL_FROM or workers < 2 or not hasattr(os, "fork"):
            return
        import tempfile

        import pmf.yamlio  # noqa: F401  (loaded once here, before the readers fork, not in each of them)

        self._pieces = [self.paths[i : i + PIECE] for i in range(0, len(self.paths), PIECE)]
        _reading.add(self)  # from the first fork on, stopped at exit whatever happens
        try:
            if os.path.realpath(tempfile.gettempdir()) == os.path.realpath(os.getcwd()):
                raise OSError("no temporary folder but this one")  # never leave pieces among the plans
            self._folder = tempfile.mkdtemp(prefix="pmf-reading-")
            for first in range(workers):
                self._readers.append(_Reader(self._pieces, first, workers, self._folder))
        except OSError:  # no processes (or no temporary folder) to be had here: read in this one
            self.close()
            return
        except BaseException:
            self.close()
            raise
        self._piece_of = {path: i for i, piece in enumerate(self._pieces) for path in piece}

    def pop(self, path: Path, default: None = None) -> Document | YamlProblem | OSError | None:
        """The outcome of reading ``path`` (once); ``default`` for a file not among those being read."""
        if path not in self._waiting:
            return default
        self._waiting.discard(path)
        if path not in self._done:
            piece = self._piece_of.get(path)
            if piece is None:
                return _outcome(path)
            self._collect(piece)
        return self._done.pop(path)

    def result(self) -> dict[Path, Document | YamlProblem | OSError]:
        """Every file's outcome, all read."""
        found = {path: self.pop(path) for path in list(self.paths)}
        self.close()
        return {path: outcome for path, outcome in found.items() if outcome is not None}

    def _collect(self, piece: int) -> None:
        import pickle

        results = None
        if self._readers and self._folder and self._readers[piece % len(self._readers)].wait_for(piece):
            try:
                with open(os.path.join(self._folder, str(piece)), "rb") as handle:
                    results = pickle.load(handle)
            except Exception:  # a piece that did not come back whole: read it here
                results = None
        for i, path in enumerate(self._pieces[piece]):
            self._done[path] = _outcome(path) if results is None else _revive(path, results[i])

    def close(self) -> None:
        """Let the readers go: those still reading are stopped; anything asked for later is read here."""
        for reader in self._readers:
            reader.stop()
        self._readers = []
        if self._folder is not None:
            import shutil

            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
        _reading.discard(self)


_reading: set[ReadAhead] = set()  # readers still running: stopped at exit, however pmf stops (Ctrl-C, say)


@atexit.register
def _stop_all() -> None:
    for ahead in list(_reading):
        ahead.close()


_early: dict[Path, ReadAhead] = {}


def start_reading(root: Path) -> None:
    """Begin reading ``root``'s files now, before the command line has loaded, for :func:`read_ahead`."""
    _early[root] = ReadAhead(plan_files(root))


def read_ahead(root: Path) -> ReadAhead:
    """``root``'s files being read: by the readers :func:`start_reading` began, if they read these files."""
    paths = plan_files(root)
    early = _early.pop(root, None)
    stop_reading()  # any other reading begun early guessed the wrong repository
    if early is not None and early.paths == paths:
        return early
    if early is not None:
        early.close()
    return ReadAhead(paths)


def stop_reading() -> None:
    """Stop any reading begun early that no command took up, so pmf exits without waiting for it."""
    while _early:
        _early.popitem()[1].close()
