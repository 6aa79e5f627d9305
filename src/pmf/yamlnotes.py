"""Words a YAML note took from a free-text field: ``comment: Figures late # supplier strike`` holds
only "Figures late".

In YAML a ``#`` after a space starts a note (a comment), which no reader keeps, so a service lead
who writes a ``#`` in the middle of a comment loses the words after it without a word. ``pmf
validate`` warns at the ``#`` for the prose fields written through the year (docs/files.md, "Words
after ' #'"): there the words were plainly meant as text. Titles and descriptions are left alone:
``pmf init`` writes its own notes after them.

Only a file whose text holds such a key and `` #`` after words on some line is composed (ruamel.yaml's
round-trip reader, through pmf.nodes), to tell a note from a ``#`` inside quotes or a block.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pmf.yamlio import Key

if TYPE_CHECKING:
    from pmf.nodes import Node, ScalarNode

# The free-text fields of updates and commentary (each a `Prose` field of the models).
PROSE_KEYS = frozenset(
    {
        "comment",  # an outturn, an activity's update, a risk's review
        "progress",  # an improvement action
        "reason",
        "reason_not_accepted",
        "case_study",
        "summary",
        "response_to_conclusions",
    }
)
_LANGUAGES = ("en", "cy")  # a field written in both languages: comment: {en: ..., cy: ...}
# A file that may lose words: one holding such a key, and a ' #' after words on some line (a plain
# comment runs on over lines, so the '#' may be lines below its key, or the value below the key).
_PROSE_KEY = re.compile(rf"^[ \t-]*(?:{'|'.join(sorted(PROSE_KEYS))})[ \t]*:", re.MULTILINE)
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})  # YAML's null: no words, so a note after it is meant
_NOTE = re.compile(r"([ \t]+)#[ \t]*(.*?)[ \t]*$")


@dataclass(frozen=True)
class LostWords:
    """Words after ``' #'`` in a prose field: where the ``#`` is (1-based) and what it cut off."""

    line: int
    column: int
    key_path: tuple[Key, ...]
    field: str
    words: str

    @property
    def message(self) -> str:
        field = self.field.replace("_", " ")
        return (
            f"the words after ' #' ({self.words}) are a YAML note, not part of the {field}: "
            f"put the whole {field} in quotes to keep them"
        )


def lost_words(text: str) -> list[LostWords]:
    """Every prose field of ``text`` whose words after ``' #'`` YAML reads as a note."""
    if not _note_after_words(text) or not _PROSE_KEY.search(text):
        return []  # most files hold no ' #' after words: a quick look
    from pmf.nodes import compose_readable  # ruamel.yaml is imported only for a file that may have lost words

    try:
        tree = compose_readable(text)
    except ValueError:  # Unreadable, or not keys and values: the loader names the file's problem
        return []
    lines = text.splitlines()
    found = []
    for key_path, field, scalar in _prose(tree, ()):
        end = scalar.end_mark
        note = _NOTE.match(lines[end.line], end.column) if end.line < len(lines) else None
        if note is not None and note[2]:
            column = end.column + len(note[1]) + 1
            found.append(LostWords(end.line + 1, column, key_path, field, note[2]))
    return found


def _note_after_words(text: str) -> bool:
    """Whether a line of ``text`` holds ``' #'`` after words: a note on a line of its own loses none.

    A search by hand, as the demo's notes all stand on lines of their own: a regular expression
    for it took twice as long over the demo copied ten times (7.6 ms against 3.6 ms for 1,164 files).
    """
    for mark in (" #", "\t#"):
        at = text.find(mark)
        while at != -1:
            if text[text.rfind("\n", 0, at) + 1 : at].strip():
                return True
            at = text.find(mark, at + 1)
    return False


def _prose(node: Node, path: tuple[Key, ...]) -> Iterator[tuple[tuple[Key, ...], str, ScalarNode]]:
    """The plain (unquoted) scalars of prose fields under ``node``, each with its key path and field."""
    from pmf.nodes import MappingNode, ScalarNode, SequenceNode

    if isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            yield from _prose(item, (*path, index))
        return
    if not isinstance(node, MappingNode):
        return
    for key, value in node.value:
        if not isinstance(key, ScalarNode):
            continue
        here = (*path, str(key.value))
        if str(key.value) not in PROSE_KEYS:
            yield from _prose(value, here)
        elif _plain(value):
            yield here, str(key.value), value
        elif isinstance(value, MappingNode):
            for language, version in value.value:
                if isinstance(language, ScalarNode) and language.value in _LANGUAGES and _plain(version):
                    yield (*here, str(language.value)), str(key.value), version


def _plain(node: Node) -> bool:
    from pmf.nodes import ScalarNode

    return isinstance(node, ScalarNode) and node.style is None and node.value not in _NULLS
