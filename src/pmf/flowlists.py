"""A list or mapping written in brackets (``[a, b]``, ``{a: 1}``) written out in block style, one entry a
line, its comments kept: pmf adds to a list only in block style (pmf.edits).

A comment inside the brackets (``measures: [PM01,  # the main one`` then ``PM02]``) stays with the
entry it follows, at the end of that entry's line; a comment on a line of its own stays on a line of
its own, before the entry below it (or after the last). A comment after the closing bracket of a list
over several lines goes with its last entry; after a list on one line it stays on the key's line
(``outturns: []  # ...`` becomes ``outturns:  # ...``), as does the first comment inside empty brackets;
the others there, and one after their closing bracket, each go on a line of its own before the first entry.
A comment written as a note after a text pmf checks for words after ' #' (pmf.yamlnotes), with a comma
or a closing bracket between them, goes on a line of its own below it, indented as it, so it stays with
its entry; one that follows the words directly (``comment: Late # strike``) stays beside them, where
pmf validate still warns of the words it took. Each entry keeps its text as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pmf.nodes import AliasNode, MappingNode, Node, ScalarNode, SequenceNode
from pmf.scalars import scalar_text
from pmf.splice import Edit, EditRefused, apply, line_end
from pmf.yamlnotes import noted_texts

# A comment between the entries in brackets: nothing but spaces, commas and colons stand there
_COMMENT = re.compile(r"#[^\r\n]*")
_CLOSED = re.compile(r"[,\]}]")  # a comma or a closing bracket between a text and a '#': a note meant as one
_LEAD = re.compile(r"[ ]*(?:- )*")  # a block line's indent and dashes, up to its text


@dataclass
class _Lines:
    """Block lines being written, and the comments waiting for the next entry's line."""

    text: str
    texts: frozenset[int]  # the texts pmf validate checks for words after ' #' (their ids)
    lines: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)  # comments on lines of their own, before the next entry
    text_end: int = -1  # where the text the last line ends with ends, when it is one of ``texts``

    def gap(self, start: int, end: int, col: int, *, opened: bool = False) -> None:
        """The comments between two entries (``text[start:end]``): one on the line the last entry ended on
        goes at the end of that entry's line, or on a line of its own below it when that entry is a text
        and a comma or closing bracket stands between them; the rest, and any just after an opening
        bracket (``opened``), on lines of their own, before the next entry."""
        for comment in _COMMENT.finditer(self.text, start, end):
            note = comment[0].rstrip()
            if opened or not self.lines or "\n" in self.text[start : comment.start()]:
                self.waiting.append(f"{' ' * col}{note}")
            elif self.text_end >= 0 and _CLOSED.search(self.text, self.text_end, comment.start()):
                self.lines.append(f"{' ' * _LEAD.match(self.lines[-1]).end()}{note}")  # type: ignore[union-attr]
            else:
                self.lines[-1] += f"  {note}"

    def add(self, *lines: str, text: Node | None = None) -> None:
        """``lines`` after the comments waiting for them; ``text``: the value the last line ends with."""
        self.lines += [*self.waiting, *lines]
        self.waiting = []
        self.text_end = text.end_mark.index if text is not None and id(text) in self.texts else -1


def block_lines(text: str, node: Node, col: int, until: int, texts: frozenset[int]) -> list[str]:
    """A flow collection written out in block style at column ``col``, its scalars as written and its comments
    up to ``until`` (at or past its closing bracket) kept; the lines end with no line break. ``texts``: the
    ids of the texts within it that pmf validate checks for words after ' #'."""
    out = _Lines(text, texts)
    _write_nested(out, node, col, until)
    out.add()
    return out.lines


def _write(out: _Lines, node: Node, col: int) -> None:
    """The entries of ``node`` (not empty) onto ``out`` at column ``col``, with the comments between them."""
    if getattr(node, "anchor", None) is not None and not isinstance(node, AliasNode):
        raise EditRefused(
            "this list, written in [...], holds an anchor (&name): write it out one item a line first",
            node.start_mark.line + 1,
        )
    pad, text = " " * col, out.text
    after = node.start_mark.index + 1  # just past the '[' or '{'
    if isinstance(node, MappingNode):
        for key, value in node.value:
            out.gap(after, key.start_mark.index, col, opened=key is node.value[0][0])
            if _nested(value):
                out.add(f"{pad}{_span(text, key)}:")
                out.gap(key.end_mark.index, value.start_mark.index, col + 2)
                _write_nested(out, value, col + 2, value.end_mark.index)
            else:
                out.add(f"{pad}{_span(text, key)}: {_leaf(text, value)}", text=value)
                out.gap(key.end_mark.index, value.start_mark.index, col)
            after = value.end_mark.index
        return
    for item in node.value:
        out.gap(after, item.start_mark.index, col, opened=item is node.value[0])
        if _nested(item):
            out.add()
            start = len(out.lines)
            _write_nested(out, item, col + 2, item.end_mark.index)
            first = next(i for i in range(start, len(out.lines)) if not out.lines[i].lstrip().startswith("#"))
            out.lines[first] = f"{pad}- {out.lines[first][col + 2 :]}"  # its own comments stay above its '- '
        else:
            out.add(f"{pad}- {_leaf(text, item)}", text=item)
        after = item.end_mark.index


def _write_nested(out: _Lines, node: Node, col: int, until: int) -> None:
    """A collection within brackets: its entries, then the comments after its last entry, up to ``until``."""
    _write(out, node, col)
    last = node.value[-1][1] if isinstance(node, MappingNode) else node.value[-1]
    out.gap(last.end_mark.index, until, col)


def _nested(node: Node) -> bool:
    return isinstance(node, MappingNode | SequenceNode) and bool(node.value)


def _span(text: str, node: Node) -> str:
    return text[node.start_mark.index : node.end_mark.index]


def _leaf(text: str, node: Node) -> str:
    written = _span(text, node)
    if isinstance(node, ScalarNode) and "\n" in written:  # a scalar folded over lines inside [...]
        return scalar_text(node.value)
    return written


def to_block(text: str, tree: Node, holder: Node, flow: Node) -> str:
    """``text`` with the flow collection ``flow`` (a value in the block collection ``holder``, within the
    file's ``tree``) in block style."""
    if isinstance(holder, MappingNode):
        key = next(k for k, v in holder.value if v is flow)
        col = key.start_mark.column + 2
        start = key.end_mark.index
        start = text.index(":", start) + 1
    else:
        col = flow.start_mark.column
        start = flow.start_mark.index
    end = flow.end_mark.index
    if not flow.value:  # [] or {}: the key stays, and its first comment on its line; the rest below it
        if isinstance(holder, MappingNode):  # up to the end of the closing bracket's line, its comment too
            end = line_end(text, end)
        notes = [f"  {c[0].rstrip()}" if i == 0 else f"\n{' ' * col}{c[0].rstrip()}" for i, c in enumerate(
            _COMMENT.finditer(text, start, end))]  # fmt: skip
        return apply(text, [Edit(start, end, "".join(notes) + ("\n" if text[end - 1 : end] == "\n" else ""))])
    at = line_end(text, end)
    after = text[end:at].rstrip("\r\n")
    if "\n" in text[start:end] and after.lstrip().startswith("#"):  # '  PM02]  # ...': it goes with PM02
        end += len(after)
    lines = block_lines(text, flow, col, end, frozenset(map(id, noted_texts(tree))))
    if isinstance(holder, SequenceNode):  # - {a: 1, b: 2} becomes "- a: 1" and "  b: 2"
        return apply(text, [Edit(start, end, "\n".join([lines[0][col:], *lines[1:]]))])
    lead = "" if text[at - 1 : at] == "\n" else "\n"
    return apply(text, [Edit(start, end, ""), Edit(at, at, lead + "\n".join(lines) + "\n")])
