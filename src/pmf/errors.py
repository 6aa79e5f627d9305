"""Problems found in plan files, the one exception the core raises, and exit codes.

Exit codes (SPEC section 5):

* ``0`` all good;
* ``1`` the plans have problems (an invalid, unparseable, binary or empty plan file;
  a missed deadline in a check; a status at or past ``--fail-on``);
* ``2`` the command could not run (bad arguments, no ``pmf.yaml`` found, a path that
  does not exist);
* ``141`` what it printed was no longer read (``pmf audit | head -1``): the code a shell
  gives any command the closed pipe ended (128 + SIGPIPE), and nothing more is said.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_CLOSED_PIPE = 141

Severity = Literal["error", "warning", "notice"]  # a notice is a data-quality finding: never fails


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, placed at a 1-based line and column (0 when unknown)."""

    path: str
    line: int = 0
    col: int = 0
    key_path: str = ""
    message: str = ""
    severity: Severity = field(default="error", compare=False)

    def __post_init__(self) -> None:
        for name in ("path", "message"):  # a file name that is not UTF-8 (b'\xff'), written as its bytes
            value = getattr(self, name)
            if not value.isascii():
                object.__setattr__(self, name, printable(value))

    def location(self) -> str:
        """Return ``file:line:col`` (or less, when the position is unknown)."""
        if self.line:
            return f"{self.path}:{self.line}:{self.col or 1}"
        return self.path

    def text(self) -> str:
        """Return the one-line ``file:line:col: key.path: message`` form."""
        where = self.location()
        what = f"{self.key_path}: {self.message}" if self.key_path else self.message
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{where}: {prefix}{what}" if where else f"{prefix}{what}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.path,
            "line": self.line or None,
            "col": (self.col or 1) if self.line else None,
            "key_path": self.key_path or None,
            "message": self.message,
            "severity": self.severity,
        }


def dotted(key_path: Iterable[str | int]) -> str:
    """A key path as a service lead reads it: ``outcomes[0].performance_measures[2]``."""
    out = ""
    for key in key_path:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


class PmfError(Exception):
    """The plans (or the request) have problems; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem] | str, *, exit_code: int = EXIT_PROBLEMS):
        if isinstance(problems, str):
            problems = [Problem(path="", message=problems)]
        self.problems: list[Problem] = sorted(problems)
        self.exit_code = exit_code
        super().__init__("\n".join(p.text() for p in self.problems))


class UsageError(PmfError):
    """The command could not run: no ``pmf.yaml``, a path that does not exist, a bad option.

    (Exit 1 rather than 2 where the request was right but what it reads falls short, such as
    a git history cut short by a shallow clone.)
    """

    def __init__(self, message: str, *, exit_code: int = EXIT_USAGE):
        super().__init__([Problem(path="", message=message)], exit_code=exit_code)


def summary(problems: Iterable[Problem]) -> str:
    """Return black's closing line: ``3 problems in 2 files`` (warnings counted apart)."""
    problems = list(problems)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    notices = [p for p in problems if p.severity == "notice"]
    files = {p.path for p in problems}
    if not problems:
        return "No problems found."
    parts = []
    if errors:
        parts.append(_count(len(errors), "problem"))
    if warnings:
        parts.append(_count(len(warnings), "warning"))
    if notices:
        parts.append(_count(len(notices), "notice"))
    found = listed(parts)
    return f"{'No problems; ' if not errors and not warnings else ''}{found} in {_count(len(files), 'file')}"


def listed(parts: Sequence[str], last: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c`` (or ``a, b or c`` with ``last="or"``)."""
    return f"{', '.join(parts[:-1])} {last} {parts[-1]}" if len(parts) > 1 else "".join(parts)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def printable(text: str) -> str:
    """``text`` with the bytes of a name that is not UTF-8 written as ``\\xff``, which every output can hold.

    Python reads such a name's bytes as lone surrogates, which JSON, a terminal in UTF-8 and
    every file refuse.
    """
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate no file name's byte gives
        raw = text.encode("utf-8", "backslashreplace")
    return raw.decode("utf-8", "backslashreplace")


def relative(path: Path, root: Path) -> str:
    """Name a file as a service lead sees it: relative to the plans repository when inside it."""
    try:  # the folder is resolved, not the file: a link is named as the link, not its target
        return (path.parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def choices_named(values: Sequence[str]) -> str:
    """The values an option takes, for its message: ``a, b or c``."""
    return listed(values, "or")


def suggestion(word: str, choices: Sequence[str], cutoff: float = 0.5) -> str:
    """' (did you mean \'x\'?)' for the closest choice (``closest``), or nothing."""
    close = closest(word, choices, cutoff)
    return f" (did you mean '{close}'?)" if close is not None else ""


def closest(word: str, choices: Sequence[str], cutoff: float = 0.5) -> str | None:
    """The choice ``word`` was most likely meant to be: one that differs from it only by case and by
    characters read alike (O and 0, I, l and 1, S and 5, B and 8: ``EX-O1`` is ``EX-01``, never
    ``EX-61``), else one with two neighbouring characters the other way round (``EX-60`` is ``EX-06``),
    else the closest by spelling when at least ``cutoff`` alike, else None."""
    import difflib

    read = _as_read(word)
    # read alike first, then two neighbours typed the wrong way round (WST-60 is WST-06, not WST-08)
    swapped = {read[:i] + read[i + 1] + read[i] + read[i + 2 :] for i in range(len(read) - 1)} - {read}
    alike = [c for c in choices if _as_read(c) == read] or [c for c in choices if _as_read(c) in swapped]
    close = difflib.get_close_matches(word, alike or list(choices), n=1, cutoff=0 if alike else cutoff)
    return close[0] if close else None


_DIGITS = str.maketrans("OILSB", "01158")


def _as_read(word: str) -> str:
    """``word`` as the eye may read it: in capitals, each character read alike with a digit as that digit
    (``l`` as ``1``, so ``L`` too: case is not told apart)."""
    return word.upper().translate(_DIGITS)
