"""Words a YAML note took from a free-text field: ``comment: Figures late # supplier strike`` holds
only "Figures late".

In YAML a ``#`` after a space starts a note (a comment), which no reader keeps, so a service lead
who writes a ``#`` in the middle of a comment loses the words after it without a word. ``pmf
validate`` warns at the ``#`` for the prose fields written through the year (docs/files.md, "Words
after ' #'"): there the words were plainly meant as text. Titles and descriptions are left alone:
``pmf init`` writes its own notes after them. A ``#`` glued to a word straight after a key's colon
(``title: #1 priority``) took the whole value, in any text field: ``emptied`` finds it (the loader
tells it as the error where the text is required).

Only a file whose text holds such a key and `` #`` after words on some line is composed (ruamel.yaml's
round-trip reader, through pmf.nodes), to tell a note from a ``#`` inside quotes or a block.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pmf.yamlclues import LANGUAGES
from pmf.yamlio import Key

if TYPE_CHECKING:
    from pmf.nodes import Node, ScalarNode

# The free-text fields of updates and commentary (each a `Prose` field of the models), found by their key.
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
# Prose fields found by their key within the items of a list: a key other records use for required text
# (a regulator's or the panel's recommendation 'text'), and the item itself when written as text.
PROSE_WITHIN = {"evidence": frozenset({"text"})}  # an assessment's evidence: 'text' of a citation
# Prose fields written once, after which pmf init and pmf new write their own notes: only a note that
# took the whole value (`source: #1 priority`) is told.
WRITTEN_ONCE = frozenset(
    {"description", "scope_and_definition", "source", "calculation", "unit", "validation", "lead_officer", "role"}
)
# A file that may lose words: one holding such a key (at a line's start, or within '{ }'), and a ' #'
# after words on some line (a plain comment runs on over lines, so the '#' may be lines below its key,
# or the value below the key).
_PROSE_KEY = re.compile(
    rf"(?:^[ \t-]*|[{{,][ \t]*)(?:{'|'.join(sorted(PROSE_KEYS | set(PROSE_WITHIN)))})[ \t]*:", re.MULTILINE
)
_EMPTY_NOTE = re.compile(r":[ \t]+#\S")  # a note that may have taken a whole value
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
    emptied: bool = False  # whether the note took the whole value ('title: #1 priority')

    @property
    def message(self) -> str:
        field = self.field.replace("_", " ")
        if self.emptied:
            return (
                f"the '#' starts a YAML note, so the words after it ({self.words}) were dropped and the {field} "
                f"is empty: put the whole {field} in quotes to keep them"
            )
        return (
            f"the words after ' #' ({self.words}) are a YAML note, not part of the {field}: "
            f"put the whole {field} in quotes to keep them"
        )


def lost_words(text: str) -> list[LostWords]:
    """Every prose field of ``text`` whose words after ``' #'`` YAML reads as a note."""
    if not _note_after_words(text) or not (_PROSE_KEY.search(text) or _EMPTY_NOTE.search(text)):
        return []  # most files hold no ' #' after words: a quick look
    from pmf.nodes import compose_readable  # ruamel.yaml is imported only for a file that may have lost words

    try:
        tree = compose_readable(text)
    except ValueError:  # Unreadable, or not keys and values: the loader names the file's problem
        return []
    lines = text.splitlines()
    found = []
    for key_path, field, scalar, key, whole in _prose(tree, (), PROSE_KEYS):
        if scalar.value == "":  # nothing before the note: it may have taken the whole value
            at = key.start_mark
            if lost := emptied(text, at.line + 1, at.column + 1, key_path):
                found.append(lost)
            continue
        end = scalar.end_mark
        note = _NOTE.match(lines[end.line], end.column) if end.line < len(lines) else None
        if note is not None and note[2] and not whole:
            column = end.column + len(note[1]) + 1
            found.append(LostWords(end.line + 1, column, key_path, field, note[2]))
    return found


def noted_texts(tree: Node) -> list[ScalarNode]:
    """The plain texts in ``tree`` (composed) whose words after ``' #'`` pmf validate warns of."""
    return [scalar for _, _, scalar, _, whole in _prose(tree, (), PROSE_KEYS) if not whole]


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


# key path, field, its value, the key or item, and whether only a note that took the whole value is told
Found = tuple[tuple[Key, ...], str, "ScalarNode", "Node", bool]


def _prose(node: Node, path: tuple[Key, ...], keys: frozenset[str]) -> Iterator[Found]:
    """The plain (unquoted) values of prose fields under ``node``, each with its key path, field and key;
    ``keys``: the prose fields' keys here."""
    from pmf.nodes import MappingNode, ScalarNode, SequenceNode, two_languages

    if path and two_languages(node):  # any text in two languages: 'title: {en: ..., cy: #1 ...}', or an item
        yield from _texts(node, path, next((str(k) for k in reversed(path) if isinstance(k, str)), ""), node, True)
        return
    if isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            yield from _prose(item, (*path, index), keys)
        return
    if not isinstance(node, MappingNode):
        return
    for key, value in node.value:
        if not isinstance(key, ScalarNode):
            continue
        name = str(key.value)
        here = (*path, name)
        if name in keys or name in WRITTEN_ONCE:
            yield from _texts(value, here, name, key, name not in keys)
        elif name in PROSE_WITHIN and isinstance(value, SequenceNode):
            for index, item in enumerate(value.value):  # each item: text, or keys among which are prose
                yield from _texts(item, (*here, index), name, item, False)
                if not two_languages(item):  # its versions are its texts, just found
                    yield from _prose(item, (*here, index), PROSE_KEYS | PROSE_WITHIN[name])
        else:
            yield from _prose(value, here, PROSE_KEYS)


def _texts(value: Node, here: tuple[Key, ...], field: str, key: Node, whole: bool) -> Iterator[Found]:
    """A prose field's plain value, or its plain versions in each language; ``whole``: whether only a note
    that took the whole value is told there."""
    from pmf.nodes import MappingNode, ScalarNode

    if _plain(value):
        yield here, field, value, key, whole  # type: ignore[misc]
    elif isinstance(value, MappingNode):
        for language, version in value.value:
            if isinstance(language, ScalarNode) and language.value in LANGUAGES and _plain(version):
                yield (*here, str(language.value)), field, version, language, whole


def _plain(node: Node) -> bool:
    """A plain value with words, or with nothing before a note (not '~' or 'null': a null meant)."""
    from pmf.nodes import ScalarNode

    return isinstance(node, ScalarNode) and node.style is None and node.value not in _NULLS - {""}


# A '#' glued to a word straight after a key's ':' or a list item's '-' ('title: #1 priority', '- #2'): a
# note that took the whole value. A note of a reader's own has a space after its '#' ('# to come'), as
# every note pmf writes has.
_EMPTIED = re.compile(r"(?:[^\r\n]*?[:-])?[ \t]+#(?=\S)([^\r\n]*?)[ \t]*$", re.MULTILINE)


def emptied(text: str, line: int, col: int, key_path: tuple[Key, ...]) -> LostWords | None:
    """The note that took the whole (empty) value of the key or list item at ``line``, ``col`` (1-based)."""
    start = _line_start(text, line) + col - 1
    found = _EMPTIED.match(text, start) if start >= 0 else None
    if found is None:
        return None
    column = found.start(1) - _line_start(text, line)  # the '#', 1-based
    keys = [k for k in key_path if not (isinstance(k, str) and k in LANGUAGES)]
    field = str(keys[-1]) if keys and isinstance(keys[-1], str) else "item"
    if key_path and key_path[-1] in LANGUAGES:  # title: {en: #1 Waste}
        field = f"{'English' if key_path[-1] == 'en' else 'Welsh'} {field}"
    words = re.split(r"[ \t]+#", found[1], maxsplit=1)[0]  # not a note of its own after them
    return LostWords(line, column, key_path, str(field), words, emptied=True)


def _line_start(text: str, line: int) -> int:
    """Where 1-based ``line`` of ``text`` starts (-1 past its end)."""
    at = 0
    for _ in range(line - 1):
        at = text.find("\n", at) + 1
        if at == 0:
            return -1
    return at
