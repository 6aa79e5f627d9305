"""Surgical edits to plan files: change only the text that must change, keep every other byte.

The file is composed (not loaded) with ruamel.yaml so each node knows its exact span in
the text; an edit replaces a span or inserts lines, so comments, key order, quoting and
blank lines elsewhere stay exactly as written.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import ReusedAnchorWarning
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pmf.yamlio import YamlProblem, _parse, _safe


def compose(text: str) -> MappingNode:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReusedAnchorWarning)
        node = YAML(typ="rt").compose(text)
    if not isinstance(node, MappingNode):
        raise ValueError("the file does not hold keys and values")
    return node


def child(mapping: MappingNode, key: str) -> tuple[ScalarNode, Node] | None:
    for k, v in mapping.value:
        if isinstance(k, ScalarNode) and k.value == key:
            return k, v
    return None


def scalar_text(value: object) -> str:
    """Write a value as a YAML scalar that reads back as the same thing: plain when safe, else quoted."""
    text = str(value)
    if text and "\n" not in text:
        try:
            if _parse(_safe(), f"k: {text}\n") == {"k": text}:
                return text
        except YamlProblem:  # anything odd is simply quoted
            pass
    return json.dumps(text, ensure_ascii=False)


@dataclass
class Edit:
    start: int
    end: int
    text: str


def apply(text: str, edits: list[Edit]) -> str:
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def replace_scalar(text: str, node: Node, new: str) -> Edit:
    """Replace a scalar's text; a block scalar (``>-``, ``|``) keeps its trailing line break."""
    start, end = node.start_mark.index, node.end_mark.index
    tail = "\n" if text[start:end].endswith("\n") else ""
    return Edit(start, end, new + tail)


def line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def line_end(text: str, index: int) -> int:
    end = text.find("\n", index)
    return len(text) if end == -1 else end + 1


def set_key(text: str, mapping: MappingNode, key: str, value: str) -> Edit:
    """Set ``key`` of a mapping to the scalar text ``value``: replace it, or add it after the last key."""
    found = child(mapping, key)
    if found is not None:
        return replace_scalar(text, found[1], value)
    last_key, last_value = mapping.value[-1]
    if mapping.flow_style:
        return Edit(last_value.end_mark.index, last_value.end_mark.index, f", {key}: {value}")
    indent = " " * last_key.start_mark.column
    at = _after_node(text, last_value)
    return Edit(at, at, f"{indent}{key}: {value}\n")


def _after_node(text: str, node: Node) -> int:
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


def insert_item(text: str, sequence: SequenceNode, index: int, fields: list[tuple[str, str]]) -> Edit:
    """Insert a mapping into a block or flow sequence at ``index``, in the style of its neighbours."""
    items = sequence.value
    model = items[min(index, len(items) - 1)] if items else None
    flow = bool(model is not None and getattr(model, "flow_style", False))
    body = ", ".join(f"{k}: {v}" for k, v in fields)
    if sequence.flow_style:
        if not items:
            return Edit(sequence.start_mark.index, sequence.end_mark.index, "[{" + body + "}]")
        anchor = items[index - 1].end_mark.index if index else items[0].start_mark.index
        return Edit(anchor, anchor, (", {" + body + "}") if index else ("{" + body + "}, "))
    dash_col = sequence.start_mark.column
    key_col = model.start_mark.column if model is not None else dash_col + 2
    dash = " " * dash_col + "-" + " " * (key_col - dash_col - 1)
    if flow:
        lines = f"{dash}{{{body}}}\n"
    else:
        first, *rest = fields
        lines = f"{dash}{first[0]}: {first[1]}\n" + "".join(f"{' ' * key_col}{k}: {v}\n" for k, v in rest)
    at = line_start(text, items[index].start_mark.index) if index < len(items) else _after_node(text, items[-1])
    return Edit(at, at, lines)


def add_list_key(text: str, key: str, fields: list[tuple[str, str]]) -> str:
    """Give a mapping a new block list ``key`` holding one mapping, at the end of the file."""
    first, *rest = fields
    block = f"{key}:\n  - {first[0]}: {first[1]}\n" + "".join(f"    {k}: {v}\n" for k, v in rest)
    return text + ("" if text.endswith("\n") else "\n") + block


def edit_list(
    text: str,
    path: list[str | int],
    key: str,
    match: Callable[[MappingNode], bool],
    fields: list[tuple[str, str]],
    order: Callable[[MappingNode], Any] | None = None,
    new_order: Any = None,
) -> tuple[str, bool]:
    """Replace the fields of the item that ``match``es in the list at ``path`` + ``key``, or insert one.

    Returns the new text and whether an item was replaced (rather than added).
    """
    root = compose(text)
    mapping: Any = root
    for step in path:
        if isinstance(step, int) and isinstance(mapping, SequenceNode) and step < len(mapping.value):
            mapping = mapping.value[step]
            continue
        found = child(mapping, str(step)) if isinstance(mapping, MappingNode) else None
        if found is None:
            raise ValueError(f"no '{step}' in the file")
        mapping = found[1]
    found = child(mapping, key)
    if found is None or (isinstance(found[1], ScalarNode) and found[1].value in ("", "~", "null")):
        if mapping is not root:
            raise ValueError(f"no '{key}' list to add to")
        if found is not None:  # `key:` with nothing after it: drop the line, add the list at the end
            start = found[0].start_mark.index
            text = apply(text, [Edit(start, line_end(text, found[1].end_mark.index), "")])
        return add_list_key(text, key, fields), False
    sequence = found[1]
    if not isinstance(sequence, SequenceNode):
        raise ValueError(f"'{key}' is not a list")
    for item in sequence.value:
        if isinstance(item, MappingNode) and match(item):
            return apply(text, [set_key(text, item, k, v) for k, v in fields]), True
    index = len(sequence.value)
    if order is not None:
        for i, item in enumerate(sequence.value):
            if isinstance(item, MappingNode) and order(item) > new_order:
                index = i
                break
    return apply(text, [insert_item(text, sequence, index, fields)]), False


def set_mapping_entry(text: str, parent: str, key: str, fields: dict[str, str]) -> str:
    """Set ``parent.key`` to a small mapping of ``fields``: update it in place, or add the entry."""
    root = compose(text)
    found = child(root, parent)
    flow = "{" + ", ".join(f"{k}: {v}" for k, v in fields.items()) + "}"
    if found is None or (isinstance(found[1], ScalarNode) and found[1].value in ("", "~", "null")):
        if found is not None:
            start = found[0].start_mark.index
            text = apply(text, [Edit(start, line_end(text, found[1].end_mark.index), "")])
        return text + ("" if text.endswith("\n") else "\n") + f"{parent}:\n  {key}: {flow}\n"
    mapping = found[1]
    if not isinstance(mapping, MappingNode):
        raise ValueError(f"'{parent}' is not a mapping")
    entry = child(mapping, key)
    if entry is not None and isinstance(entry[1], MappingNode):
        return apply(text, [set_key(text, entry[1], k, v) for k, v in fields.items()])
    if entry is not None:
        return apply(text, [replace_scalar(text, entry[1], flow)])
    if not mapping.value:
        return apply(text, [Edit(mapping.start_mark.index, mapping.end_mark.index, "{" + f"{key}: {flow}" + "}")])
    return apply(text, [set_key(text, mapping, key, flow)])
