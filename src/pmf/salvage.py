"""The rest of a record whose file has problems: the broken parts cut away, so the rules still run on it.

pydantic reports every field's problem at once, but a record with one bad value is not
built, and the rules that come after it (a period's form, polarity required, tolerance on
the right side) would see nothing: one mistake hid another. Here each problem's value is cut
away (a list entry as a whole, a key with its value) and the record is built again from what
is left, a few times over as later problems show; the rules then run on that. A list entry
cut away leaves the entries after it where the file has them: the rules' key paths are put
back into the file's own numbering (``Salvaged.original``). What was cut is where the file's
problems already are: a rule finding something missing there is not told again, and only
the first round's problems are the file's (later rounds find what the cutting left).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)
Key = str | int
Cut = tuple[Key, ...]
ROUNDS = 6  # each round cuts one level higher; records nest about four deep


class _Gone:
    """Stands in the file's data for a list entry cut away, so the entries after it keep their numbers."""


GONE = _Gone()


@dataclass
class Salvaged:
    """What was cut from a file's data (in the file's own numbering) and how its lists were renumbered."""

    cuts: set[Cut] = field(default_factory=set)
    kept: dict[Cut, list[int]] = field(default_factory=dict)  # a list's path -> the file's index of each entry kept

    def original(self, key_path: Sequence[Key]) -> list[Key]:
        """A key path in the built record, in the file's own numbering."""
        out: list[Key] = []
        for key in key_path:
            kept = self.kept.get(tuple(out))
            out.append(kept[key] if isinstance(key, int) and kept is not None and key < len(kept) else key)
        return out

    def covers(self, key_path: Sequence[Key]) -> bool:
        """Whether ``key_path`` (the file's numbering) lies in something cut away, or holds it (a rule
        on the record a value was cut from would only find it missing)."""
        path = tuple(key_path)
        return any(path[: len(cut)] == cut or (path and cut[: len(path)] == path) for cut in self.cuts)


def salvage(
    model: type[M], data: dict[str, Any], errors: Sequence[Any], context: dict[str, Any]
) -> tuple[M | None, Salvaged]:
    """Build ``model`` from ``data`` without the parts ``errors`` name (None when a required key is lost)."""
    data = copy.deepcopy(data)
    done = Salvaged()
    for _ in range(ROUNDS):
        cuts = [_cut_point(data, done, error["loc"]) for error in errors]
        done.cuts |= {c for c in cuts if c is not None}
        if any(cut is None for cut in cuts):
            return None, done  # the file's own top level is wrong, or a required key of it is missing
        for cut in cuts:
            assert cut is not None
            _remove(data, cut)
        done.kept = {}
        try:
            return model.model_validate(_without_gone(data, (), done.kept), context=context), done
        except ValidationError as exc:
            errors = exc.errors()
    return None, done


def _cut_point(data: Any, done: Salvaged, loc: Sequence[Any]) -> Cut | None:
    """Where to cut for one problem (the file's numbering): the list entry holding it, or the key itself.

    ``loc`` is pydantic's, numbered as the data it was given and with its union tags; None
    means the top level (a missing key of the file's own record, or no keys and values at all).
    """
    real: list[Key] = []
    node = data
    for key in loc:
        if isinstance(node, list) and isinstance(key, int):
            kept = done.kept.get(tuple(real))
            index = kept[key] if kept is not None and 0 <= key < len(kept) else key
            if 0 <= index < len(node):
                real.append(index)
                node = node[index]
        elif isinstance(node, dict) and key in node:
            real.append(key)
            node = node[key]
    if not real:
        return None
    entries = [i for i, key in enumerate(real) if isinstance(key, int)]
    return tuple(real[: entries[-1] + 1] if entries else real)


def _remove(data: Any, cut: Cut) -> None:
    node = data
    for key in cut[:-1]:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return
    last = cut[-1]
    if isinstance(node, dict):
        node.pop(last, None)
    elif isinstance(node, list) and isinstance(last, int) and 0 <= last < len(node):
        node[last] = GONE


def _without_gone(node: Any, path: Cut, kept: dict[Cut, list[int]]) -> Any:
    """The data as pydantic is given it: entries cut away left out, each list's numbering noted."""
    if isinstance(node, dict):
        return {key: _without_gone(value, (*path, key), kept) for key, value in node.items()}
    if isinstance(node, list):
        kept[path] = [i for i, item in enumerate(node) if item is not GONE]
        return [_without_gone(node[i], (*path, i), kept) for i in kept[path]]
    return node
