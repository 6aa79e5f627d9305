"""A deadline ``pmf check`` finds missed or near, and the line of its file it is about."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmf.errors import Problem
from pmf.i18n import english_date

if TYPE_CHECKING:
    from pmf.yamlio import Document


@dataclass(frozen=True, order=True)
class Finding:
    """A deadline missed or near: ``where`` is the key path in ``path`` it is about (None: the file as a whole),
    inside the item of the list whose ``id`` is ``item`` when one is given (an activity, an action)."""

    path: str
    due: dt.date
    owner: str
    message: str
    severity: str = "error"
    where: tuple[str | int, ...] | None = None
    item: str = ""
    at_key: bool = False

    @property
    def overdue(self) -> bool:
        """An error: past its day. Anything else is due soon, a warning."""
        return self.severity == "error"

    @property
    def sentence(self) -> str:
        """The finding as ``pmf check`` and ``pmf calendar`` both say it: what, by when, and whose."""
        from pmf.placeholders import to_write

        whose = "its owner is still to write" if to_write(self.owner) else f"falls to {self.owner}"
        return f"{self.message} (due {english_date(self.due)}; {whose})"

    def problem(self, line: int = 0, col: int = 0) -> Problem:
        return Problem(self.path, line, col, "", self.sentence, "error" if self.overdue else "warning")


def placed(findings: list[Finding], root: Path) -> list[Problem]:
    """Each finding as a problem at the line it is about, placed as ``pmf validate`` places one
    (``Document.locate``); a file pmf cannot read again, or a finding about no place, stays unplaced."""
    from pmf.yamlio import Document
    from pmf.yamlscreen import YamlProblem

    docs: dict[str, Document | None] = {}
    problems = []
    for finding in findings:
        if finding.where is None:
            problems.append(finding.problem())
            continue
        if finding.path not in docs:
            try:
                docs[finding.path] = Document.load(root / finding.path)
            except (OSError, YamlProblem):
                docs[finding.path] = None
        doc = docs[finding.path]
        if doc is None:
            problems.append(finding.problem())
            continue
        inside = _path_to_id(doc.data, finding.item) if finding.item else ()
        key_path = [*(inside or ()), *finding.where]
        line = _commented(doc, key_path) if finding.at_key else 0
        problems.append(
            finding.problem(line, 1) if line else finding.problem(*doc.locate(key_path, at_key=finding.at_key))
        )
    return problems  # in the findings' order (by file, then by the day due), as pmf calendar lists them


def _commented(doc: Document, key_path: list[str | int]) -> int:
    """The line of a top-level key left out and commented where it belongs (``# outturns: ...``, ``# sign_off:``,
    as ``pmf new`` and ``pmf init`` write them), or 0."""
    if len(key_path) != 1 or not isinstance(doc.data, dict) or key_path[0] in doc.data:
        return 0
    found = re.search(rf"^# ?{re.escape(str(key_path[0]))}:", doc.text, re.MULTILINE)
    return doc.text.count("\n", 0, found.start()) + 1 if found else 0


def _path_to_id(data: Any, ident: str, path: tuple[str | int, ...] = ()) -> tuple[str | int, ...] | None:
    """The key path of the mapping in ``data`` whose ``id`` is ``ident`` (ids are unique in a repository)."""
    if isinstance(data, dict):
        if str(data.get("id")) == ident:
            return path
        pairs: Iterable[tuple[Any, Any]] = data.items()
    elif isinstance(data, list):
        pairs = enumerate(data)
    else:
        return None
    for key, value in pairs:
        if (found := _path_to_id(value, ident, (*path, key))) is not None:
            return found
    return None
