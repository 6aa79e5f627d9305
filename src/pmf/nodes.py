"""A plan file composed, not loaded: each node knows its exact span in the text (pmf.edits edits by them).

With pmf.yamlio and pmf.yamlcareful, the only homes of ruamel.yaml: every other module takes the node kinds from here.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import ReusedAnchorWarning
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode as MappingNode
from ruamel.yaml.nodes import Node as Node
from ruamel.yaml.nodes import ScalarNode as ScalarNode
from ruamel.yaml.nodes import SequenceNode as SequenceNode

from pmf.conflicts import conflict_in
from pmf.yamlclues import LANGUAGES, TEXT_KEYS
from pmf.yamlio import decode, read_bytes


class AliasNode(Node):
    """An alias (``*name``) where it is written: its own span, and the node it refers to."""

    id = "alias"

    def __init__(self, target: Node, start_mark: Any, end_mark: Any, name: str):
        super().__init__(target.tag, target.value, start_mark, end_mark)
        self.target = target
        self.name = name


class _Composer(Composer):
    """ruamel.yaml's composer, except that an alias is a node of its own rather than its target's node,
    so an edit at an alias changes the alias and never the anchored value it points to."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            event = self.parser.peek_event()
            target = super().compose_node(parent, index)
            return AliasNode(target, event.start_mark, event.end_mark, str(event.anchor))
        return super().compose_node(parent, index)


def compose(text: str) -> MappingNode:
    yaml = YAML(typ="rt")
    yaml.Composer = _Composer
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReusedAnchorWarning)
        node = yaml.compose(text)
    if not isinstance(node, MappingNode):
        raise ValueError("the file does not hold keys and values")
    return node


class Unreadable(ValueError):
    """Text the YAML parser refuses, at its 1-based line and column (0 when unknown)."""

    def __init__(self, message: str, line: int = 0, column: int = 0):
        super().__init__(message)
        self.line, self.column = line, column


def compose_readable(text: str) -> MappingNode:
    """``compose``, with text the parser refuses raised as ``Unreadable`` at the parser's line."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return compose(text)
    except YAMLError as exc:
        if conflict := conflict_in(text):
            raise Unreadable(conflict.message, conflict.line, conflict.col) from None
        mark = exc.problem_mark if isinstance(exc, MarkedYAMLError) else None
        said = (exc.problem or str(exc)) if isinstance(exc, MarkedYAMLError) else str(exc)
        raise Unreadable(said, mark.line + 1 if mark else 0, mark.column + 1 if mark else 0) from None


def resolved(node: Node) -> Node:
    while isinstance(node, AliasNode):
        node = node.target
    return node


def child(mapping: MappingNode, key: str) -> tuple[ScalarNode, Node] | None:
    for k, v in mapping.value:
        if isinstance(k, ScalarNode) and k.value == key:
            return k, v
    return None


def read_for_edit(path: Path) -> str:
    """A plan file's text for editing: as :func:`read_text`, keeping a byte order mark (as U+FEFF) so it
    is written back."""
    raw = read_bytes(path)
    text = decode(raw)
    return "\ufeff" + text if raw.startswith(b"\xef\xbb\xbf") else text


def scalar_at(mapping: MappingNode, key: str) -> str | None:
    """The scalar written at ``mapping``'s ``key`` (through an alias), or None."""
    found = child(mapping, key)
    value = resolved(found[1]) if found is not None else None
    return str(value.value) if isinstance(value, ScalarNode) else None


def written_value(node: ScalarNode) -> str:
    """A scalar's text as it reads (ruamel.yaml marks where a folded scalar was folded with U+0007)."""
    return str(node.value).replace("\a", "") if node.style == ">" else str(node.value)


def two_languages(node: Node) -> bool:
    """Whether ``node`` is text written as ``{en: ..., cy: ...}`` (or one of them alone)."""
    if not isinstance(node, MappingNode) or not node.value:
        return False
    keys = [k.value for k, _ in node.value if isinstance(k, ScalarNode)]
    return len(keys) == len(node.value) and set(keys) <= set(TEXT_KEYS) and bool(set(LANGUAGES) & set(keys))
