"""Surgical edits to plan files: change only the text that must change, keep every other byte.

The file is composed (not loaded) into nodes (pmf.nodes) so each node knows its exact span in
the text; an edit replaces a span or inserts lines, so comments, key order, quoting, blank
lines, a byte order mark and line ends elsewhere stay exactly as written. Every list pmf
adds to is written in block style, one field a line: a flow list (``[]`` or ``[{...}]``) is
turned into a block list first, its comments kept (pmf.flowlists), so a service lead's comment
can hold any character and a pull request's diff shows each figure on its own lines. The edits
themselves, by span, are pmf.splice's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from pmf.flowlists import to_block
from pmf.nodes import AliasNode, MappingNode, Node, ScalarNode, SequenceNode, child, compose, resolved
from pmf.scalars import Field as Field  # re-exported: the edit commands build fields with these
from pmf.scalars import Raw as Raw
from pmf.scalars import Versions, render, same
from pmf.scalars import scalar_text as scalar_text
from pmf.splice import Edit as Edit  # re-exported: the edit commands make and apply edits through pmf.edits
from pmf.splice import EditRefused as EditRefused
from pmf.splice import apply as apply
from pmf.splice import line_end as line_end
from pmf.splice import line_start as line_start

_NOTE_LINE = re.compile(r"([ \t]*)#[^\n]*(?:\n|$)")  # a comment on a line of its own


def _alias_refused(node: AliasNode, what: str) -> EditRefused:
    return EditRefused(
        f"{what} is an alias (*{node.name}) of one written elsewhere, so editing it here would change that "
        "one too: write it out in full, then run the command again",
        node.start_mark.line + 1,
    )


def replace_scalar(text: str, node: Node, new: str) -> Edit:
    """Replace a scalar's (or an alias's) text; a block scalar (``>-``, ``|``) keeps its line break."""
    if isinstance(node, MappingNode | SequenceNode) and not node.flow_style:
        raise EditRefused("a list or mapping written over several lines cannot be replaced by a value")
    start, end = node.start_mark.index, node.end_mark.index
    written = text[start:end]
    tail = "\r\n" if written.endswith("\r\n") else "\n" if written.endswith("\n") else ""
    return Edit(start, end - len(tail), new)


def after_node(text: str, node: Node) -> int:
    """The index just past the line on which ``node`` ends (block scalars already end a line).

    A block collection's own end mark lies at the next token, so its last scalar decides.
    """
    while not getattr(node, "flow_style", False) and isinstance(node, MappingNode | SequenceNode) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, MappingNode) else last
    end = int(node.end_mark.index)
    if end > 0 and text[end - 1] == "\n":
        return end
    return line_end(text, end)


def set_key(text: str, mapping: MappingNode, key: str, value: object) -> Edit:
    """Set ``key`` of a mapping: replace its value, or add it after the last key."""
    flow = bool(mapping.flow_style)
    new = render(value, flow=flow)
    found = child(mapping, key)
    if found is not None and isinstance(value, Versions) and (over := value.over(text, found[1], flow)) is not None:
        return Edit(*over)  # text in two languages: the other version kept (pmf.textedits)
    if found is not None and _block_collection(found[1]) and not flow:
        return _replace_block(text, found, new)
    if found is not None:
        return replace_scalar(text, found[1], new)
    last_key, last_value = mapping.value[-1]
    if flow:
        return Edit(last_value.end_mark.index, last_value.end_mark.index, f", {key}: {new}")
    at = after_node(text, last_value)
    return Edit(at, at, f"{' ' * last_key.start_mark.column}{key}: {new}\n")


def _block_collection(node: Node) -> bool:
    return isinstance(node, MappingNode | SequenceNode) and not node.flow_style and bool(node.value)


def _replace_block(text: str, found: tuple[Node, Node], new: str) -> Edit:
    """A key's value written over several lines (``residual:`` then ``likelihood: 3`` and ``impact: 3``, as
    pmf.flowlists writes out a list in brackets) replaced by ``new`` on the key's line; refused when a
    comment stands among its lines, which the new value would lose."""
    key, value = found
    start, end = text.index(":", key.end_mark.index) + 1, after_node(text, value)
    written = text[start:end]
    if "#" in written:  # (a '#' within a text too: refused rather than risk a comment)
        raise EditRefused(
            f"'{text[key.start_mark.index : key.end_mark.index]}' is written over several lines with a comment "
            "among them, which its new value would lose: write it on one line, in { }, then run the command again",
            key.start_mark.line + 1,
        )
    tail = "\r\n" if written.endswith("\r\n") else "\n" if written.endswith("\n") else ""
    return Edit(start, end, f" {new}{tail}")


def remove_key(text: str, mapping: MappingNode, key: str) -> Edit:
    """Remove ``key`` and its value from a mapping (nothing when it has no such key): in block style its
    lines, in flow style (``{date: ..., comment: ...}``) the entry and the comma before it (after it, first)."""
    found = child(mapping, key)
    if found is None:
        return Edit(0, 0, "")
    if mapping.flow_style:
        return _remove_entry(text, mapping, found)
    start = line_start(text, found[0].start_mark.index)
    return Edit(start, after_node(text, found[1]), "")


def _remove_entry(text: str, mapping: MappingNode, found: tuple[Node, Node]) -> Edit:
    """An entry of a mapping in { } removed with the comma after it (before it, when last); refused when a comment
    stands in what would be removed, as ``_replace_block`` refuses, rather than lose it."""
    key, value = found
    at = [k for k, _ in mapping.value].index(key)
    spans = [(key.start_mark.index, mapping.value[at + 1][0].start_mark.index)] if at + 1 < len(mapping.value) else []
    spans += [(mapping.value[at - 1][1].end_mark.index, value.end_mark.index)] if at else []
    spans = spans or [(key.start_mark.index, value.end_mark.index)]
    for start, end in spans:
        if "#" not in text[start:end]:  # (a '#' within a text too: refused rather than risk a comment)
            return Edit(start, end, "")
    raise EditRefused(
        f"'{text[key.start_mark.index : key.end_mark.index]}' is written in {{ }} beside a comment, which taking it "
        "off would lose: move the comment to a line of its own, then run the command again",
        key.start_mark.line + 1,
    )


def _block_item(fields: list[Field] | str, dash_col: int, key_col: int) -> str:
    """A list item in block style: a mapping, one field a line, or a single value (``- EX-02``)."""
    dash = " " * dash_col + "-" + " " * (key_col - dash_col - 1)
    if isinstance(fields, str):
        return f"{dash}{scalar_text(fields)}\n"
    lines = [f"{' ' * key_col}{k}: {render(v, flow=False)}\n" for k, v in fields]
    return dash + lines[0][key_col:] + "".join(lines[1:])


def insert_item(text: str, sequence: SequenceNode, index: int, fields: list[Field] | str) -> Edit:
    """Insert a block mapping (or a value) into a block sequence at ``index``, indented as its neighbours."""
    items = sequence.value
    dash_col = sequence.start_mark.column
    model = next((n for n in map(resolved, items) if isinstance(n, MappingNode) and not n.flow_style), None)
    key_col = model.start_mark.column if model is not None else dash_col + 2
    if index < len(items):
        at = line_start(text, items[index].start_mark.index)
    else:  # after the last item, and the comment lines indented under it (they are its own)
        at = _past_notes(text, after_node(text, items[-1]), dash_col)
    return Edit(at, at, _block_item(fields, dash_col, key_col))


def _past_notes(text: str, at: int, col: int) -> int:
    """Past the comment lines from ``at`` indented further than column ``col`` (the entry above's own)."""
    while (note := _NOTE_LINE.match(text, at)) and len(note[1]) > col:
        at = note.end()
    return at


# --- lists -------------------------------------------------------------------------------


def _walk(root: MappingNode, path: list[str | int]) -> tuple[Node, list[Node]]:
    """The node at ``path`` and the nodes passed on the way (the root first)."""
    node: Node = root
    passed: list[Node] = []
    for step in path:
        passed.append(node)
        if isinstance(node, AliasNode):
            raise _alias_refused(node, "this entry")
        if isinstance(step, int) and isinstance(node, SequenceNode) and step < len(node.value):
            node = node.value[step]
            continue
        found = child(node, str(step)) if isinstance(node, MappingNode) else None
        if found is None:
            raise ValueError(f"no '{step}' in the file")
        node = found[1]
    if isinstance(node, AliasNode):
        raise _alias_refused(node, "this entry")
    return node, passed


def _in_block_style(text: str, path: list[str | int], key: str) -> tuple[str, MappingNode]:
    """``text`` with the list ``path`` + ``key`` and every flow collection around it in block style, and
    that text composed."""
    while True:
        root = compose(text)
        mapping, passed = _walk(root, path)
        chain = [*passed, mapping]
        found = child(mapping, key) if isinstance(mapping, MappingNode) else None
        if found is not None and not isinstance(found[1], AliasNode):
            chain.append(found[1])
        flows = [i for i, node in enumerate(chain) if getattr(node, "flow_style", False)]
        if not flows:
            return text, root
        if flows[0] == 0:
            raise EditRefused("the whole file is written in {...}: write it out one key a line first", 1)
        text = to_block(text, root, chain[flows[0] - 1], chain[flows[0]])


def edit_list(
    text: str,
    path: list[str | int],
    key: str,
    match: Callable[[MappingNode], bool],
    fields: list[Field],
    order: Callable[[MappingNode], Any] | None = None,
    new_order: Any = None,
    *,
    last: bool = False,
) -> tuple[str, bool]:
    """Replace the fields of the item that ``match``es in the list at ``path`` + ``key``, or insert one;
    with ``last``, only the last item is tried (a list kept in order, whose match can only be its last).

    The list is written in block style first if it is not. Fields that already hold their new
    value are left as written. Returns the new text and whether an item was matched (rather than added).
    """
    text, mapping, found, sequence = _block_list(text, path, key)
    if sequence is None:
        return _add_list_key(text, mapping, key, found, fields), False
    for item in sequence.value[-1:] if last else sequence.value:
        if isinstance(item, AliasNode) and isinstance(item.target, MappingNode) and match(item.target):
            raise _alias_refused(item, "this entry")
        if isinstance(item, MappingNode) and match(item):
            changes = [set_key(text, item, k, v) for k, v in fields if not _has(text, item, k, v)]
            return apply(text, changes), True
    index = len(sequence.value)
    if order is not None:
        for i, item in enumerate(sequence.value):
            target = resolved(item)
            if isinstance(target, MappingNode) and order(target) > new_order:
                index = i
                break
    return apply(text, [insert_item(text, sequence, index, fields)]), False


def add_values(text: str, path: list[str | int], key: str, values: Sequence[str]) -> str:
    """``text`` with ``values`` added, in order, at the end of the list at ``path`` + ``key`` (a list of
    ids), written in block style; the list is made when the mapping has none. The file is read twice
    at most, however many values are added."""
    text, mapping, found, sequence = _block_list(text, path, key)
    if sequence is None:
        text = _add_list_key(text, mapping, key, found, values[0])
        if len(values) == 1:
            return text
        text, mapping, found, sequence = _block_list(text, path, key)
        values = values[1:]
    assert sequence is not None  # made just now
    at = insert_item(text, sequence, len(sequence.value), values[0]).start
    items = "".join(insert_item(text, sequence, len(sequence.value), value).text for value in values)
    return apply(text, [Edit(at, at, items)])


def _block_list(
    text: str, path: list[str | int], key: str
) -> tuple[str, MappingNode, tuple[ScalarNode, Node] | None, SequenceNode | None]:
    """``text`` with the list at ``path`` + ``key`` in block style; the mapping that holds it, its key and
    value as found, and the list itself (None when there is none yet, or only ``key:`` with nothing after it)."""
    text, root = _in_block_style(text, path, key)
    mapping, _ = _walk(root, path)
    if not isinstance(mapping, MappingNode):
        raise ValueError(f"no '{key}' list to add to")
    found = child(mapping, key)
    if found is None or (isinstance(found[1], ScalarNode) and same(text, resolved(found[1]), None)):
        return text, mapping, found, None
    if isinstance(found[1], AliasNode):
        raise _alias_refused(found[1], f"the list '{key}'")
    if not isinstance(found[1], SequenceNode):
        raise ValueError(f"'{key}' is not a list")
    return text, mapping, found, found[1]


def _has(text: str, item: MappingNode, key: str, value: object) -> bool:
    found = child(item, key)
    return found is not None and same(text, resolved(found[1]), value)


def _add_list_key(
    text: str, mapping: MappingNode, key: str, found: tuple[ScalarNode, Node] | None, fields: list[Field] | str
) -> str:
    """Give ``mapping`` the block list ``key`` holding one item: under ``key:`` if it is there and empty,
    else after the mapping's last entry (at the end of the file for the file's own keys)."""
    if found is not None:  # `key:` with nothing (or null) after it: the list follows that line
        col = found[0].start_mark.column
        return _under_key(text, *found, _block_item(fields, col + 2, col + 4))
    col = mapping.value[0][0].start_mark.column if mapping.value else 0
    block = f"{' ' * col}{key}:\n" + _block_item(fields, col + 2, col + 4)
    if col == 0:  # the file's own keys: at the end, after any closing comments
        lead = "" if not text or text.endswith("\n") else "\n"
        return apply(text, [Edit(len(text), len(text), lead + block)])
    at = after_node(text, mapping.value[-1][1])
    return apply(text, [Edit(at, at, block)])


def _under_key(text: str, key: Node, value: Node, lines: str) -> str:
    """``lines`` written under ``key:``, whose value is nothing or null (the null taken away), after the
    key's line and the comment lines indented under it; the key's own comment stays on its line."""
    edits = [] if value.start_mark.index == value.end_mark.index else [Edit(*_value_with_space(text, value), "")]
    at = line_end(text, key.end_mark.index)
    lead = "" if text[at - 1 : at] == "\n" else "\n"
    at = _past_notes(text, at, key.start_mark.column)  # at the file's end (lead "\n") nothing follows to pass
    return apply(text, [*edits, Edit(at, at, lead + lines)])


def _value_with_space(text: str, value: Node) -> tuple[int, int]:
    start = value.start_mark.index
    while start > 0 and text[start - 1] == " ":
        start -= 1
    return start, value.end_mark.index


def set_mapping_entry(text: str, parent: str, key: str, fields: dict[str, str]) -> str:
    """Set ``parent.key`` to a small mapping of ``fields``: update it in place, or add the entry
    before the first key that sorts after it (a year among years), else after the last."""
    root = compose(text)
    found = child(root, parent)
    flow = "{" + ", ".join(f"{k}: {v}" for k, v in fields.items()) + "}"
    if found is not None and isinstance(found[1], ScalarNode) and same(text, found[1], None):
        col = found[0].start_mark.column  # 'thresholds:  # per year' with nothing after it: where it stands
        return _under_key(text, *found, f"{' ' * (col + 2)}{key}: {flow}\n")
    if found is None:
        lead = "" if not text or text.endswith("\n") else "\n"
        return apply(text, [Edit(len(text), len(text), f"{lead}{parent}:\n  {key}: {flow}\n")])
    mapping = found[1]
    if not isinstance(mapping, MappingNode):
        raise ValueError(f"'{parent}' is not a mapping")
    entry = child(mapping, key)
    if entry is not None and isinstance(entry[1], MappingNode):
        return apply(text, [set_key(text, entry[1], k, Raw(v)) for k, v in fields.items()])
    if entry is not None:
        return apply(text, [replace_scalar(text, entry[1], flow)])
    if not mapping.value:
        return apply(text, [Edit(mapping.start_mark.index, mapping.end_mark.index, "{" + f"{key}: {flow}" + "}")])
    later = [(k, v) for k, v in mapping.value if str(k.value) > key]
    if not later:
        return apply(text, [set_key(text, mapping, key, Raw(flow))])
    at = mapping.value.index(later[0])
    floor = after_node(text, mapping.value[at - 1][1]) if at else 0
    return apply(text, [_entry_before(text, mapping, *later[0], key, fields, floor)])


def _entry_before(
    text: str, mapping: MappingNode, before: Node, value: Node, key: str, fields: dict[str, str], floor: int
) -> Edit:
    """A new ``key`` placed before the entry ``before`` (the first that sorts after it), in that entry's
    style, and above the comment lines directly over ``before`` (so a comment stays with its key);
    ``floor`` is where the entry before it ends."""
    body = ", ".join(f"{k}: {v}" for k, v in fields.items())
    if mapping.flow_style:
        return Edit(before.start_mark.index, before.start_mark.index, f"{key}: {{{body}}}, ")
    indent = " " * before.start_mark.column
    if getattr(value, "flow_style", True) or not isinstance(value, MappingNode):
        entry = f"{indent}{key}: {{{body}}}\n"
    else:
        inner = " " * value.value[0][0].start_mark.column
        entry = f"{indent}{key}:\n" + "".join(f"{inner}{k}: {v}\n" for k, v in fields.items())
    at = line_start(text, before.start_mark.index)
    while at > floor:
        above = line_start(text, at - 1)
        line = text[above:at]
        if not line.startswith(indent + "#"):
            break
        at = above
    return Edit(at, at, entry)
