"""A file read past its keys written twice: the first of each read, the later ones told, so one such slip does
not hide the file's other problems (docs/files.md). Only for a file the readers refused for that alone."""

from __future__ import annotations

from typing import Any

from pmf.yamlcareful import careful, safe
from pmf.yamlclues import duplicate_key
from pmf.yamlscreen import DuplicateKey, YamlProblem

_TWICE = "duplicate key: each key may appear once"


def past_duplicates(text: str) -> tuple[Any, list[YamlProblem]]:
    """``text`` read past its keys written twice (``DuplicateKey``): the first of each is read; and the problem of
    each later one, in file order. Any other problem is raised as ``careful`` raises it. Two list items run
    together (a '- ' forgotten) are one problem, at the second item's first key."""
    yaml, found, items = safe(), list[YamlProblem](), set[int]()

    class Recording(yaml.Constructor):  # type: ignore[name-defined,misc]
        def check_mapping_key(self, node: Any, key_node: Any, mapping: Any, key: Any, value: Any) -> bool:
            if key in mapping and id(node) not in items:
                # the first key node written as this one (none where written otherwise: 1 and 1.0)
                earlier = next((k for k, _ in node.value if k.value == key_node.value and k is not key_node), None)
                first = (earlier.start_mark.line + 1, earlier.start_mark.column + 1) if earlier is not None else None
                said, item = duplicate_key(text, key_node.start_mark, node.start_mark, first) or (_TWICE, False)
                found.append(DuplicateKey(said, key_node.start_mark.line + 1, key_node.start_mark.column + 1))
                if item:
                    items.add(id(node))
            return key not in mapping  # the first stands

    yaml.Constructor = Recording
    return careful(text, yaml), sorted(found, key=lambda p: (p.line, p.col))
