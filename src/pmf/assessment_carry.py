"""What a self-assessment's draft carries from the last one: what to report progress on, and its lessons.

The Act asks each self-assessment to list the actions the council will take to improve (the
guide's Appendix 1), and the next one to say how far each has come: the draft carries every
improvement action not complete, and at mid-year the actions the year-end set for the year
(``actions_next_year``), written as they were (comments kept), each with its status to write
again. The committee's recommendations on the last one that the council accepted and has not
completed come with their progress to write again (docs/report.md). The lessons the last one
meant to learn (``lessons_learned.to_improve``) are named for review in a comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pmf.i18n import N_
from pmf.nodes import (
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    child,
    compose_readable,
    read_for_edit,
    two_languages,
)
from pmf.periods import WindowName
from pmf.splice import Edit, apply, line_end, line_start, newline_of

WINDOWS = [w.value for w in WindowName]  # in the order of a year: mid-year, year-end
CARRIED = ("improvement_actions", "actions_next_year", "recommendations")  # the lists whose items a draft carries
# The guidance a carried item's status or progress is given, in English and (from the catalogue) in Welsh.
PROGRESS = N_("its progress since the %(year)s %(window)s")
SET_FOR_THE_YEAR = N_("its progress since the %(year)s %(window)s set it for the year")
ACTED_ON = N_("how far the council has acted on it since the %(year)s %(window)s")
WHEN = N_("%(words)s, when it was %(said)s")
NOT_GIVEN = N_("not given")
WINDOW_WORDS = {"mid-year": "mid-year", "year-end": N_("year-end")}  # (mid-year: marked in pmf.status)


@dataclass
class Carried:
    """What the draft takes from ``source`` (the last assessment, named from the repository's top)."""

    source: str
    label: str  # "2026-27 mid-year"
    actions: list[str] = field(default_factory=list)  # block lines, each item as written there
    complete: list[str] = field(default_factory=list)  # "IA-2627-04: title", not carried
    lessons: list[str] = field(default_factory=list)  # what it meant to do differently
    recommendations: list[str] = field(default_factory=list)  # block lines: the committee's, still open
    settled: list[str] = field(default_factory=list)  # "GAC-2627-02 (not accepted)", not carried
    committee: str = ""  # the committee the last one named, when it named one
    newline: str = "\n"  # the last assessment's line end, which the draft keeps


def previous(root: Path, year: str, name: str) -> Path | None:
    """The latest assessment in ``assessments/`` before ``year``'s ``name`` window, if any."""
    here = (year, WINDOWS.index(name))
    found = []
    for path in (root / "assessments").glob("*.yaml"):
        named = re.fullmatch(r"(\d{4}-\d{2})-(mid-year|year-end)", path.stem)
        if named and (named[1], WINDOWS.index(named[2])) < here:
            found.append(((named[1], WINDOWS.index(named[2])), path))
    return max(found)[1] if found else None


def carried(path: Path, source: str) -> Carried:
    """What a new draft carries from the assessment at ``path``; ``Unreadable`` where its YAML is broken."""
    text, root = _in_block_style(read_for_edit(path).lstrip("\ufeff"))
    found = Carried(source, f"{path.stem[:7]} {path.stem[8:]}", newline=newline_of(text))  # "2026-27 mid-year"
    actions = _items(root, "improvement_actions")
    for item in actions:
        status = child(item, "status")
        said = _written(status)
        if said.casefold().startswith("complete"):
            found.complete.append(f"{_english(child(item, 'id'))}: {_english(child(item, 'title'))}")
            continue
        words = _guidance(PROGRESS, found.label, said, given=False)
        welsh = _guidance(PROGRESS, found.label, _written(status, "cy") or said, given=False, code="cy")
        found.actions.append(_to_write(text, item, "status", words, welsh=welsh if _both(status) else ""))
    if path.stem.endswith("year-end"):
        for item in _items(root, "actions_next_year"):
            words = _guidance(SET_FOR_THE_YEAR, found.label, "")
            found.actions.append(_to_write(text, item, "status", words, replacing="requirement"))
    _recommendations(found, text, root)
    lessons = child(root, "lessons_learned")
    if lessons and isinstance(lessons[1], MappingNode):
        to_improve = child(lessons[1], "to_improve")
        if to_improve and isinstance(to_improve[1], SequenceNode):
            found.lessons = [" ".join(_english(n).split()) for n in to_improve[1].value]
    return found


def _recommendations(found: Carried, text: str, root: MappingNode) -> None:
    """The committee's recommendations the council accepted and has not completed (a progress starting
    ``complete``), each with its progress to write again; the others named as settled."""
    committee = child(root, "committee")
    found.committee = _english(committee) if committee and isinstance(committee[1], ScalarNode) else ""
    for item in _items(root, "recommendations"):
        name, progress = _english(child(item, "id")), child(item, "progress")
        said = _written(progress)
        if _english(child(item, "accepted")).casefold() != "true":
            found.settled.append(f"{name} (not accepted)")
        elif said.casefold().startswith("complete"):
            found.settled.append(f"{name} (complete)")
        else:
            words = _guidance(ACTED_ON, found.label, said)
            # the Welsh guidance quotes the Welsh progress where written
            welsh = _guidance(ACTED_ON, found.label, _written(progress, "cy") or said, code="cy")
            both = _both(progress) or _both(child(item, "response"))
            found.recommendations.append(_to_write(text, item, "progress", words, welsh=welsh if both else ""))


def _guidance(message: str, label: str, said: str, *, given: bool = True, code: str = "en") -> str:
    """The guidance ``message`` for the assessment ``label`` ("2026-27 mid-year") in the language ``code`` (Welsh
    from the catalogue), quoting what it ``said`` then (unless ``given``: "not given" where it said nothing)."""
    from pmf.i18n import _, language

    year, window = label.split(" ", 1)
    with language(code):
        words = _(message) % {"year": year, "window": _(WINDOW_WORDS[window])}
        said = said or ("" if given else _(NOT_GIVEN))
        return _(WHEN) % {"words": words, "said": said} if said else words


def _written(found: tuple[ScalarNode, Node] | None, language: str = "en") -> str:
    """A key's text on one line (its English, or with ``cy`` its Welsh where it is written in both languages),
    or nothing where it is a draft's guidance never replaced."""
    from pmf.placeholders import drafted

    node = found[1] if found else None
    if language == "cy":
        welsh = child(node, "cy") if isinstance(node, MappingNode) else None
        said = " ".join(_english(welsh).split())
    else:
        said = " ".join(_english(node).split())
    return "" if drafted(said) else said


def _both(found: tuple[ScalarNode, Node] | None) -> bool:
    """Whether a key's text is written in English and Welsh."""
    return found is not None and two_languages(found[1])


def _in_block_style(text: str) -> tuple[str, MappingNode]:
    """``text`` composed, each list a draft carries that is written in brackets (``[{id: ...}, {id: ...}]``)
    written one item a line, its comments kept (pmf.flowlists), so that each item can be copied from its own
    lines: read once, and once more only when a list was written out (the last first, so that each list
    still stands where the one reading found it)."""
    from pmf.flowlists import to_block

    root = compose_readable(text)
    lists = [found[1] for found in (child(root, key) for key in CARRIED) if found]
    flow = [n for n in lists if isinstance(n, SequenceNode) and n.flow_style and n.value]
    for found in sorted(flow, key=lambda n: int(n.start_mark.index), reverse=True):
        text = to_block(text, root, root, found)
    return (text, compose_readable(text)) if flow else (text, root)


def _items(root: MappingNode, key: str) -> list[MappingNode]:
    found = child(root, key)
    items = found[1].value if found and isinstance(found[1], SequenceNode) else []
    return [item for item in items if isinstance(item, MappingNode)]


def _english(node: Node | tuple[ScalarNode, Node] | None) -> str:
    """A text as written, or its English where it is written in both languages."""
    if isinstance(node, tuple):
        node = node[1]
    if isinstance(node, MappingNode):
        node = (child(node, "en") or child(node, "cy") or (None, None))[1]
    return str(node.value).replace("\a", "") if isinstance(node, ScalarNode) else ""


def _quoted(words: str, mark: str) -> str:
    """Guidance after its ``mark`` (``To write:``, or its Welsh), quoted (pmf validate warns until it is
    replaced), as pmf writes any text: the words carried from the last assessment may hold a character single
    quotes cannot."""
    from pmf.scalars import single_quoted

    return single_quoted(f"{mark} {words}")


def _to_write(text: str, item: MappingNode, key: str, words: str, replacing: str = "", welsh: str = "") -> str:
    """The list item ``item`` as written in ``text`` (its comments kept, those on lines of their own just above
    it too, and its line ends), its ``key`` (``status``, ``progress``) given ``To write:`` guidance saying
    ``words``, in English and Welsh where ``welsh`` is given (``I'w ysgrifennu:`` and it): in place of the
    key's old value, else of the key ``replacing`` (left as a comment), else as its last key."""
    from pmf.placeholders import DRAFT, DRAFT_CY

    first = _item_start(text, item)
    last = _item_end(text, item)
    flow, pad = item.flow_style, " " * item.start_mark.column
    both = bool(welsh)
    said, welsh = _quoted(words, DRAFT), _quoted(welsh, DRAFT_CY)
    found = child(item, key)
    old = child(item, replacing) if replacing else None
    if found is not None and both and isinstance(found[1], MappingNode) and not found[1].flow_style:
        column = " " * found[1].start_mark.column  # the two languages where they were, a note after the key kept
        edit = Edit(found[1].start_mark.index, _node_end(found[1]), f"en: {said}\n{column}cy: {welsh}")
    else:
        if not both:
            new = f"{key}: {said}"
        elif flow:
            new = f"{key}: {{en: {said}, cy: {welsh}}}"
        else:
            new = f"{key}:\n{pad}  en: {said}\n{pad}  cy: {welsh}"
        if found is not None:
            edit = Edit(found[0].start_mark.index, _node_end(found[1]), new)
        elif old is not None and flow:
            edit = Edit(old[0].start_mark.index, _node_end(old[1]), new)
        elif old is not None:
            was = text[old[0].start_mark.index : _node_end(old[1])]
            edit = Edit(old[0].start_mark.index, _node_end(old[1]), f"{new}  # {was}")
        elif flow:
            edit = Edit(item.end_mark.index - 1, item.end_mark.index - 1, f", {new}")
        else:
            edit = Edit(last, last, f"\n{pad}{new}")
    written = apply(text, [edit])
    return written[first : last + len(written) - len(text)]


def _item_start(text: str, item: MappingNode) -> int:
    """The start of an item's first line, or of the comment lines just above it at its indent (``# agreed with
    the police in July`` above ``- id: IA-2627-02``), which are the item's."""
    first = line_start(text, item.start_mark.index)
    indent = _indent(text[first : line_end(text, first)])
    while first > 0:
        above = line_start(text, first - 1)
        line = text[above:first]
        if not line.lstrip().startswith("#") or _indent(line) != indent:
            break
        first = above
    return first


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _node_end(node: Node) -> int:
    """Where a node's own text ends: a block mapping's end mark is the start of what follows it."""
    if isinstance(node, MappingNode) and not node.flow_style and node.value:
        return _node_end(node.value[-1][1])
    return int(node.end_mark.index)


def _item_end(text: str, item: MappingNode) -> int:
    """The end of an item's last line of its own (a comment beside it kept), before what follows."""
    end = _node_end(item)
    newline = text.find("\n", end)
    while newline >= 0:  # comment lines under the item's keys are the item's
        following = text.find("\n", newline + 1)
        line = text[newline + 1 : len(text) if following < 0 else following]
        if not line.lstrip().startswith("#") or _indent(line) < item.start_mark.column:
            break
        newline = following
    end = len(text) if newline < 0 else newline
    return end - 1 if text[end - 1 : end] == "\r" else end  # before the line end, '\r' and all
