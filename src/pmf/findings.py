"""What a rule found: a message about a value in a file, which the loader places at its line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pmf.errors import Severity, relative


@dataclass(frozen=True)
class Finding:
    """A rule's finding: a message about the value at ``key_path`` in a file (the loader places it)."""

    path: Path
    key_path: tuple[str | int, ...]
    message: str
    at_key: bool = False
    severity: Severity = "error"


@dataclass
class Findings:
    """What the rules found, in order; ``unreadable``: ids whose files failed, so no knock-on finding."""

    root: Path
    unreadable: set[str]
    found: list[Finding] = field(default_factory=list)

    def name(self, path: Path) -> str:
        return relative(path, self.root)

    def add(
        self,
        path: Path,
        key_path: Sequence[str | int],
        message: str,
        *,
        at_key: bool = False,
        severity: Severity = "error",
    ) -> None:
        self.found.append(Finding(path, tuple(key_path), message, at_key, severity))

    def warn(self, path: Path, key_path: Sequence[str | int], message: str, *, at_key: bool = False) -> None:
        self.add(path, key_path, message, at_key=at_key, severity="warning")
