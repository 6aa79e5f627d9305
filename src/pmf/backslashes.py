"""A Windows path typed in double quotes: ``source: "C:\\new\\totals.xlsx"`` holds a line break and a tab.

Inside double quotes YAML reads a backslash as the start of a special character (an escape):
``\\n`` is a line break, ``\\t`` a tab. A service lead typing a path means backslashes.
``pmf validate`` warns at the backslash, naming what YAML read (docs/files.md, "Backslashes in
double quotes"). It warns rather than refuses, and only where the text looks like a path
(pmf.yamlclues.WINDOWS_PATH: a drive ``C:\\``, a share ``\\\\server``, two backslashes in one word
between names, or one before a file's name, ``Waste\\notes.xlsx``), because pmf writes ``"...\\n..."``
itself for a comment that holds a line break, and that must stay readable; where such a line break would
read as a path, pmf writes it by its code (pmf.scalars.double_quoted), so nothing pmf writes is warned of.

Only a file whose text holds a backslash in such a path is composed (ruamel.yaml's round-trip
reader, through pmf.nodes), to find the text in double quotes and where it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pmf.yamlcareful import line_col
from pmf.yamlclues import WINDOWS_PATH
from pmf.yamlio import Key

if TYPE_CHECKING:
    from pmf.nodes import Node, ScalarNode

# What YAML reads each escape as, in a service lead's words
_READ_AS = {
    "n": "a line break",
    "r": "a line break",
    "N": "a line break",
    "L": "a line break",
    "P": "a line break",
    "t": "a tab",
    "\t": "a tab",
    "b": "a backspace character",
    "f": "a page break",
    "v": "a vertical tab",
    "a": "a bell character",
    "e": "an escape character",
    "0": "an empty character",
    "_": "a non-breaking space",
    "x": "a character given by its code",
    "u": "a character given by its code",
    "U": "a character given by its code",
}
# A line break or tab by its code, which reads as the same character and is no path: as pmf writes one
_CODES = {"n": "\\x0A", "r": "\\x0D", "t": "\\x09"}
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


@dataclass(frozen=True)
class Backslash:
    """A backslash YAML read as a special character in a path in double quotes (1-based place)."""

    line: int
    column: int
    key_path: tuple[Key, ...]
    escape: str  # the character after the backslash

    @property
    def message(self) -> str:
        meant = _CODES.get(self.escape)  # text an older pmf wrote holds a line break meant as one ('file\nnotes')
        return (
            f"inside double quotes '\\{self.escape}' is read as {_READ_AS[self.escape]}, not as '\\' and "
            f"'{self.escape}': put the text in single quotes, or write '/' in place of each '\\'"
            + (
                f"; where {_READ_AS[self.escape]} is meant, write '{meant}' in place of '\\{self.escape}'"
                if meant
                else ""
            )
        )


def backslashes(text: str) -> list[Backslash]:
    """The first backslash read as a special character in each path written in double quotes in ``text``."""
    if "\\" not in text or not WINDOWS_PATH.search(text):
        return []  # most files hold no backslash: a quick look
    from pmf.nodes import compose_readable  # ruamel.yaml is imported only for a file that may hold a path

    try:
        tree = compose_readable(text)
    except ValueError:  # Unreadable, or not keys and values: the loader names the file's problem
        return []
    found = []
    for key_path, scalar in _double_quoted(tree, ()):
        escape = path_escape(text[scalar.start_mark.index : scalar.end_mark.index])
        if escape is not None:
            line, column = line_col(text, scalar.start_mark.index + escape.start())
            found.append(Backslash(line, column, key_path, escape[1]))
    return found


def path_escape(written: str) -> re.Match[str] | None:
    """The first backslash read as a special character in a word shaped as a path, in ``written``: one value
    in double quotes as a file holds it. pmf writes none (pmf.scalars.double_quoted)."""
    escapes = [e for e in _ESCAPE.finditer(written) if e[1] in _READ_AS]  # not '\\' or '\"', which are meant
    return next((e for word in _words(written) if (e := _in_path(written, escapes, word))), None)


def _words(written: str) -> Iterator[tuple[int, int]]:
    """Where each word shaped as a path starts and ends in ``written``."""
    return (_word(written, path.start()) for path in WINDOWS_PATH.finditer(written))


def _in_path(written: str, escapes: list[re.Match[str]], word: tuple[int, int]) -> re.Match[str] | None:
    """The first escape in a word shaped as a path, when one of its escapes runs on into a name, as the
    rest of a folder's or file's name follows its letter ('\\new', '\\totals'). A line break pmf writes
    in double quotes starts a line, after which a capital, a figure or a mark comes ('Late\\nStaff')."""
    inside = [e for e in escapes if word[0] <= e.start() < word[1]]
    named = any(written[e.end() : e.end() + 1].islower() for e in inside)
    return inside[0] if named else None


def _word(written: str, at: int) -> tuple[int, int]:
    """Where the word (a run without spaces or quotation marks) holding ``written[at]`` starts and ends."""
    start = max(written.rfind(c, 0, at) for c in ' "\t\n') + 1
    ends = [end for end in (written.find(c, at + 1) for c in ' "\t\n') if end >= 0]
    return start, min(ends, default=len(written))


def _double_quoted(node: Node, path: tuple[Key, ...]) -> Iterator[tuple[tuple[Key, ...], ScalarNode]]:
    """The values in double quotes under ``node``, each with its key path."""
    from pmf.nodes import MappingNode, ScalarNode, SequenceNode

    if isinstance(node, ScalarNode) and node.style == '"':
        yield path, node
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            yield from _double_quoted(item, (*path, index))
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            yield from _double_quoted(value, (*path, str(key.value) if isinstance(key, ScalarNode) else "?"))
