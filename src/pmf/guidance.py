"""Each schema property's description in the guide's own terms, English and Welsh, with an example.

Editors (the YAML language server in VS Code, github.dev and Codespaces) show a property's
``markdownDescription`` when it has one and its ``description`` otherwise: ``description``
holds the English, for every tool; ``markdownDescription`` holds the English and the Welsh.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any


@functools.cache
def _table() -> dict[str, dict[str, Any]]:
    from pmf.yamlio import load_fast

    text = resources.files("pmf").joinpath("data/guidance.yaml").read_text(encoding="utf-8")
    table: dict[str, dict[str, Any]] = load_fast(text)
    return table


def _json(value: Any) -> Any:
    """An example as JSON has it: dates as YYYY-MM-DD text."""
    import datetime as dt

    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def describe(schema: dict[str, Any], model: str) -> None:
    """Give every property of ``schema`` (a model's, with its ``$defs``) its description and example."""
    for name, definition in schema.get("$defs", {}).items():
        _properties(definition, name)
    _properties(schema, model)


def _properties(node: Any, owner: str) -> None:
    """Describe the properties of ``node`` and of any object schema nested in it (text in two languages)."""
    if isinstance(node, list):
        for item in node:
            _properties(item, owner)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.get("properties", {}).items():
        entry = _table().get(f"{owner}.{key}") or _table().get(key)
        if entry is not None:
            value["description"] = entry["en"]
            value["markdownDescription"] = f"{entry['en']}\n\n*Cymraeg:* {entry['cy']}"
            if "examples" not in value and "example" in entry:
                value["examples"] = [_json(entry["example"])]
        _properties(value, owner)
    for key in ("anyOf", "items", "additionalProperties"):
        if key in node:
            _properties(node[key], owner)
