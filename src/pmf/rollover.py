"""Next year's service plan drafted from this year's: what carries over, and what each plan keeps alone.

A service has one plan a year (SPEC 4.3). In January the Head of Service starts next year's
from this year's: the same title, people, well-being statement, responsibilities,
implications, outcomes and measures. What belongs to one year stays with it: the sign-off
(next year's is still to come) and the activities with their half-yearly updates (an
activity id is unique across the repository, so one carried over is written again with a new
id). The draft names the activities not complete, to carry over or drop.
"""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from string import Template

from pmf import edits
from pmf.fields import DONE
from pmf.i18n import english_date
from pmf.nodes import MappingNode, Node, ScalarNode, SequenceNode, child, compose_readable, scalar_at
from pmf.scalars import Raw


def next_plan(text: str, old_year: str, new_year: str, due: dt.date) -> tuple[str, list[str]]:
    """``text`` (the plan for ``old_year``) as the draft for ``new_year``, its sign-off due by ``due``, and
    the activities to carry over.

    Comments, order and formatting stay as written; comment lines naming the old year name the
    new one, and the header's sign-off day and the commented sign-off line give ``due``. Each
    activity not complete is listed, as a comment where the activities were.
    """
    root = compose_readable(text)
    # Each form of the year is written alike in both years (2026-27, 2027-28), so the text keeps every position.
    forms = list(zip(_year_forms(old_year), _year_forms(new_year), strict=True))
    inside = _inside_texts(root)
    lines = text.splitlines(keepends=True)
    for number, line in enumerate(lines):
        if line.lstrip().startswith("#") and number not in inside:
            for old, new in forms:
                line = line.replace(old, new)
            line = _SIGN_OFF_DAY.sub(f"\\g<1>{english_date(due)}", line)
            lines[number] = _sign_off_line(due) if line.startswith("# sign_off:") else line
    text = "".join(lines)
    changes = [edits.set_key(text, root, "financial_year", Raw(new_year))]
    if child(root, "sign_off") is not None:
        gone = edits.remove_key(text, root, "sign_off")
        changes.append(edits.Edit(gone.start, gone.end, _sign_off_line(due)))
    carried: list[str] = []
    outcomes = child(root, "outcomes")
    for outcome in outcomes[1].value if outcomes and isinstance(outcomes[1], SequenceNode) else []:
        found = child(outcome, "activities") if isinstance(outcome, MappingNode) else None
        if found is None or not isinstance(outcome, MappingNode):
            continue
        indent = " " * found[0].start_mark.column
        open_ones = _not_complete(found[1])
        carried += open_ones
        lines = [f"{indent}# activities: {old_year}'s are in plan-{old_year}.yaml with their updates."]
        if open_ones:
            lines.append(f"{indent}# Not complete there: carry each over with a new id (ids are unique), or drop it:")
            lines += [f"{indent}#   {each}" for each in open_ones]
        gone = edits.remove_key(text, outcome, "activities")
        changes.append(edits.Edit(gone.start, gone.end, "\n".join(lines) + "\n"))
    return edits.apply(text, changes), carried


def _year_forms(year: str) -> list[str]:
    """The ways a plan's comments write a financial year: 2026-2027 and 2026/2027 before 2026-27 and 2026/27."""
    first, last = int(year[:4]), int(year[:4]) + 1
    return [f"{first} to {last}", f"{first}-{last}", f"{first}/{last}", year, f"{first}/{str(last)[2:]}"]


def _inside_texts(node: Node) -> set[int]:
    """The lines (0-based) inside a text written over several lines: a | or > block, or a quoted text."""
    found: set[int] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, MappingNode):
            stack += [part for pair in item.value for part in pair]
        elif isinstance(item, SequenceNode):
            stack += item.value
        elif isinstance(item, ScalarNode):
            last = item.end_mark.line - (1 if item.end_mark.column == 0 else 0)
            found.update(range(item.start_mark.line + 1, last + 1))
    return found


# The template's header: "Sign-off by the Cabinet\n# Member is due by 31 March 2026 (the council's calendar...)".
_SIGN_OFF_DAY = re.compile(r"^(#.*\bis due by )\d{1,2} [A-Z][a-z]+ \d{4}(?= \(the council's calendar)")


def _sign_off_line(due: dt.date) -> str:
    """The template's sign-off line, commented until the plan is signed (pmf/data/new/plan.yaml), due by ``due``."""
    text = resources.files("pmf").joinpath("data/new/plan.yaml").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines(keepends=True) if line.startswith("# sign_off:"))
    return Template(line).substitute(sign_off_iso=due.isoformat())


def _not_complete(activities: object) -> list[str]:
    """Each activity whose latest update is not complete: its id, title and latest status."""
    found = []
    for item in activities.value if isinstance(activities, SequenceNode) else []:
        if not isinstance(item, MappingNode):
            continue
        updates = child(item, "updates")
        entries = updates[1].value if updates and isinstance(updates[1], SequenceNode) else []
        latest = scalar_at(entries[-1], "status") if entries and isinstance(entries[-1], MappingNode) else None
        if latest in DONE:
            continue
        said = f"{scalar_at(item, 'id')}: {_english(item, 'title')}"
        found.append(f"{said} (latest: {latest})" if latest else f"{said} (no update)")
    return found


def _english(item: MappingNode, key: str) -> str | None:
    """A text field as written, or its English where it is written in both languages."""
    found = child(item, key)
    if found is not None and isinstance(found[1], MappingNode):
        return scalar_at(found[1], "en")
    return scalar_at(item, key)


def plan_year_of(name: str) -> str | None:
    """The financial year in a plan's file name (``plan-2026-27.yaml``), or None."""
    matched = re.fullmatch(r"plan-(\d{4}-\d{2})\.yaml", name)
    return matched.group(1) if matched else None
