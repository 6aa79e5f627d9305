"""A merge conflict git left in a plan file (``<<<<<<< HEAD`` ... ``>>>>>>> lead``), named as one.

Looked for only where the YAML parser has refused the text already (pmf.yamlcareful, pmf.nodes): text
that reads as YAML is never called a conflict, however its lines begin (a quoted value running onto a
line ``>>>>>>> ...`` reads), and a file that reads costs no search.
"""

from __future__ import annotations

import re

from pmf.errors import listed
from pmf.yamlscreen import YamlProblem

# The lines git writes around a merge conflict: seven marks at the start of a line, then a space or its end
_CONFLICT_LINE = re.compile(r"^(<{7}|\|{7}|={7}|>{7})(?:[ \t].*)?\r?$", re.M)


def conflict_in(text: str) -> YamlProblem | None:
    """The problem of a merge conflict left in ``text``, named at its first line, where YAML would say the
    first marker has no colon; None when there is none. A ``=======`` with no ``>>>>>>>`` after it is not
    one: it could be text."""
    if "<<<<<<<" not in text and ">>>>>>>" not in text:
        return None
    conflicts: list[list[tuple[str, int]]] = []
    open_: list[tuple[str, int]] = []
    for found in _CONFLICT_LINE.finditer(text):
        mark = (found.group(1), text.count("\n", 0, found.start()) + 1)
        if mark[0][0] == "<":
            if open_ and open_[0][0][0] == "<":
                conflicts.append(open_)  # one left open: its '>>>>>>>' was deleted
            open_ = [mark]
        elif mark[0][0] == ">":
            conflicts.append([*open_, mark])
            open_ = []
        else:
            open_.append(mark)  # (one whose '<<<<<<<' was deleted starts at its '=======')
    if open_ and open_[0][0][0] == "<":
        conflicts.append(open_)
    if not conflicts:
        return None
    first = conflicts[0]
    start, end = first[0][1], first[-1][1]
    lines = f"line {start}" if start == end else f"lines {start}-{end}"
    more = f"; {len(conflicts) - 1} more below" if len(conflicts) > 1 else ""
    left = [f"'{m}'" for m in ("<<<<<<<", "|||||||", "=======", ">>>>>>>") if m in {mark for mark, _ in first}]
    named = f"the line{'s' if len(left) > 1 else ''} {listed(left)}"
    return YamlProblem(
        f"a merge conflict is left in this file ({lines}{more}): keep one side's lines and delete {named}",
        start,
        1,
    )
