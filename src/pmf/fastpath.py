"""The ``pmf`` entry point: answer a repeated ``pmf validate`` from a cache before loading anything.

The cache key is a hash of every plan file's bytes, the command's arguments and pmf's own
code, so an answer is reused only when nothing it depends on has changed. The cache lives
outside the plans (``$XDG_CACHE_HOME/pmf``, or ``~/.cache/pmf``), is written atomically so
concurrent runs are safe, and ``--no-cache`` (or ``PMF_NO_CACHE=1``) turns it off.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pmf.repository import CONFIG, FOLDERS, nearest_root

# Commands that begin by reading every plan file: the reading starts before the command line loads.
READS_PLANS = frozenset(
    {
        "report", "status", "risks", "regulators", "calendar", "check", "record", "update-activity",
        "review-risk", "import", "export", "benchmark", "audit", "history", "site",
    }
)  # fmt: skip


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pmf"


def _root(options: dict[str, Any]) -> Path | None:
    """The one plans repository the validate command will read (None: several, or none found)."""
    paths = options["paths"]
    if len(paths) > 1:
        return None  # several repositories: each answer is worked out afresh
    return nearest_root(options["root"] or (paths[0] if paths else None))


def fingerprint(root: Path, args: list[str]) -> str | None:
    """A hash of everything a validate answer depends on: files, arguments and pmf's code.

    None when a folder cannot be listed: what lies below it could change unseen, so such a
    repository is checked afresh every time.
    """
    digest = hashlib.blake2b(digest_size=20)
    digest.update(json.dumps([str(root), str(Path.cwd()), args, sys.version]).encode())
    package = os.path.dirname(__file__)
    code = _entries(package, skip={"__pycache__"})
    if code is None:
        return None
    for path, kind in sorted(code):
        if kind == "file" and path.endswith((".py", ".j2", ".yaml", ".po")):
            stat = os.stat(path)
            digest.update(f"{path[len(package) :]}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    top = str(root)
    config = os.path.join(top, CONFIG)
    found = [(config, "link" if os.path.islink(config) else "file")]
    for name in (*FOLDERS, "templates"):
        below = _entries(os.path.join(top, name))
        if below is None:
            return None
        found += below
    for path, kind in sorted(found):
        digest.update(f"{path[len(top) :]}\0{kind}\0".encode())
        if kind == "link":
            digest.update(f"{os.readlink(path)}\0{os.path.realpath(path)}\0".encode())
        if kind == "file" or (kind == "link" and os.path.isfile(path)):
            try:
                with open(path, "rb") as handle:
                    digest.update(handle.read())
            except OSError as exc:
                digest.update(f"unreadable:{exc.errno}".encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _entries(folder: str, skip: set[str] | None = None) -> list[tuple[str, str]] | None:
    """Everything under ``folder`` as (path, kind): a file, folder, link or other (a pipe: never opened).

    Links to folders are followed, each folder once. A missing ``folder`` is itself an entry
    (so making it changes the answer); None if a folder below cannot be listed.
    """
    found: list[tuple[str, str]] = []
    folders, walked = [folder], set()
    while folders:
        here = folders.pop()
        if (real := os.path.realpath(here)) in walked:
            continue
        walked.add(real)
        try:
            with os.scandir(here) as listing:
                entries = list(listing)
        except OSError as exc:
            return [(folder, "missing")] if here == folder and isinstance(exc, FileNotFoundError) else None
        for entry in entries:
            if skip and entry.name in skip:
                continue
            if entry.is_symlink():
                found.append((entry.path, "link"))
                if os.path.isdir(entry.path):
                    folders.append(entry.path)
            elif entry.is_dir():
                found.append((entry.path, "folder"))
                folders.append(entry.path)
            else:
                found.append((entry.path, "file" if entry.is_file() else "other"))
    return found


def main() -> None:
    """Run pmf: a cached answer for an unchanged ``pmf validate``, otherwise the full command line."""
    _exit_cleanly_on_signals()
    args = sys.argv[1:]
    simple = plain_validate(args)
    if simple is None:  # anything else, help and mistakes included: the command line explains
        _run_command_line(args)
        return
    run = functools.partial(_validate, simple)
    key_file = None
    if (key := _cache_key(simple, args)) is not None:
        key_file = cache_dir() / f"validate-{key}.json"
        try:
            cached = json.loads(key_file.read_text(encoding="utf-8"))
            sys.stdout.write(cached["stdout"])
            sys.stderr.write(cached["stderr"])
            sys.exit(int(cached["code"]))
        except (OSError, ValueError, KeyError):
            pass
    if key_file is None:
        sys.exit(run())
    _run_and_store(run, key_file)


EXIT_INTERRUPTED = 130  # Ctrl-C, as the command line answers it


def _exit_cleanly_on_signals() -> None:
    """Being told to stop (SIGTERM, a closed terminal's SIGHUP) exits as Ctrl-C does: readers stopped, files removed."""

    def leave(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is signal.SIG_DFL:  # one ignored on purpose stays so
            signal.signal(number, leave)


def _cache_key(options: dict[str, Any], args: list[str]) -> str | None:
    """The cached answer's key; None when the cache is off or cannot be trusted here (the check runs afresh)."""
    if options["no_cache"] or os.environ.get("PMF_NO_CACHE"):
        return None
    try:
        root = _root(options)
        return fingerprint(root, args) if root is not None else None
    except (OSError, RuntimeError, ValueError):  # a vanished folder, a link loop: the check itself says so
        return None


def _run_command_line(args: list[str]) -> None:
    """The full command line, the plans it will read already being read (readers left over are stopped at exit)."""
    import contextlib

    from pmf import repository

    try:
        with contextlib.suppress(OSError, RuntimeError, ValueError):  # a link loop, a folder gone: the command says
            if (root := _plans_read_by(args)) is not None:
                repository.start_reading(root)
        from pmf.cli import app

        app()
    except KeyboardInterrupt:  # Ctrl-C before the command line has loaded: answered as the command line does
        sys.exit(EXIT_INTERRUPTED)


def _plans_read_by(args: list[str]) -> Path | None:
    """The repository whose plans the command will read first; None if it reads none, or asks for help."""
    if not args or args[0] not in READS_PLANS or any(a.startswith(("--help", "-h")) for a in args):
        return None
    root = None
    if "--" in args:
        args = args[: args.index("--")]
    for word, following in zip(args, [*args[1:], None], strict=True):
        if word == "--root" and following is not None:
            root = Path(following)
        elif word.startswith("--root="):
            root = Path(word.removeprefix("--root="))
    return nearest_root(root)


def plain_validate(args: list[str]) -> dict[str, Any] | None:
    """The options of a ``pmf validate`` written in the plain forms; None for anything else (help, a typo).

    Such a command gives the same answer run here as through the command line.
    """
    if args[:1] != ["validate"]:
        return None
    found: dict[str, Any] = {"paths": [], "root": None, "strict": False, "fmt": "text", "lang": "en", "no_cache": False}
    choices = {"--format": ("fmt", {"text", "json", "github"}), "--lang": ("lang", {"en", "cy"})}
    rest = list(args[1:])
    while rest:
        word = rest.pop(0)
        name, equals, value = word.partition("=") if word.startswith("--") else (word, "", "")
        if name in ("--strict", "--no-strict") and not equals:
            found["strict"] = name == "--strict"
        elif name == "--no-cache" and not equals:
            found["no_cache"] = True
        elif name in ("--format", "--lang", "--root"):
            if equals and not value:
                return None  # an empty value: the command line says what is wrong
            if not equals:
                if not rest:
                    return None
                value = rest.pop(0)
            if name == "--root":
                found["root"] = Path(value)
            elif value in choices[name][1]:
                found[choices[name][0]] = value
            else:
                return None
        elif not word.startswith("-") and word:
            found["paths"].append(Path(word))
        else:
            return None
    return found


def _validate(options: dict[str, Any]) -> int:
    from pmf import console
    from pmf.errors import PmfError
    from pmf.validation import validate

    try:
        return validate(
            options["paths"], options["root"], strict=options["strict"], fmt=options["fmt"], lang=options["lang"]
        )
    except (PmfError, OSError) as exc:
        return console.explain(exc)
    except KeyboardInterrupt:  # as the command line answers Ctrl-C (and never kept as an answer)
        return EXIT_INTERRUPTED


def _run_and_store(run: Callable[[], int], key_file: Path) -> None:
    """Run the command, capturing what it prints, then keep the answer for next time."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run()
    except Exception:  # a bug: let it show as it would without the cache
        sys.stdout.write(out.getvalue())
        sys.stderr.write(err.getvalue())
        raise
    sys.stdout.write(out.getvalue())
    sys.stderr.write(err.getvalue())
    if code in (0, 1):
        from pmf.yamlio import write_atomic

        try:
            key_file.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(key_file, json.dumps({"stdout": out.getvalue(), "stderr": err.getvalue(), "code": code}))
        except OSError:
            pass  # a read-only home: no cache, same answer
    sys.exit(code)
