"""The only home of ruamel.yaml: fast loading, loading with positions, and atomic writes."""

from __future__ import annotations

import os
import re
import tempfile
import warnings
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, ReusedAnchorWarning, YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

Key = str | int


class YamlProblem(Exception):
    """A file that cannot be read as YAML; ``line`` and ``col`` are 1-based (0 when unknown)."""

    def __init__(self, message: str, line: int = 0, col: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


def _safe() -> YAML:
    yaml = YAML(typ="safe")
    yaml.allow_duplicate_keys = False
    return yaml


def _round_trip() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    yaml.preserve_quotes = True
    return yaml


def read_text(path: Path) -> str:
    """Read a plan file as UTF-8 text, refusing binary and empty files with a clear reason."""
    if path.stat().st_size > MAX_BYTES:
        size = path.stat().st_size / 1_000_000
        raise YamlProblem(
            f"the file is {size:.1f} MB: plan files are small text files, and this is too large to be one", 1, 1
        )
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise YamlProblem("this is a binary file, not YAML text", 1, 1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(
            f"this file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
            line,
            exc.start - raw.rfind(b"\n", 0, exc.start),
        ) from None
    if not text.strip():
        raise YamlProblem("the file is empty", 1, 1)
    return text


def _parse(yaml: YAML, text: str) -> Any:
    try:
        with warnings.catch_warnings():
            # A reused anchor name: the later one wins, as libyaml reads it; no need to shout.
            warnings.simplefilter("ignore", ReusedAnchorWarning)
            return yaml.load(text)
    except ReaderError as exc:  # a character YAML does not allow, e.g. a pasted control code
        line, col = _line_col(text, exc.position)
        raise YamlProblem(
            f"unacceptable character #x{exc.character:04x} (a control character): delete it", line, col
        ) from None
    except MarkedYAMLError as exc:
        raise YamlProblem(*_plain(exc, text)) from None
    except YAMLError as exc:
        raise YamlProblem(f"YAML syntax error: {exc}") from None
    except RecursionError:
        raise YamlProblem("the file nests too deeply to read") from None
    except Exception:
        raise _bad_scalar(text) from None


MAX_VALUES = 200_000  # far beyond any plan file; an alias bomb expands to billions
MAX_BYTES = 5_000_000


def _check_expansion(data: Any, text: str) -> None:
    """Refuse a file whose aliases (``*name``) repeat so much that reading it would never end."""
    sizes: dict[int, int] = {}

    def size(value: Any) -> int:
        key = id(value)
        if key in sizes:
            return sizes[key]
        total = 1
        if isinstance(value, dict):
            total += sum(size(k) + size(v) for k, v in value.items())
        elif isinstance(value, list):
            total += sum(size(v) for v in value)
        sizes[key] = total
        if total > MAX_VALUES:
            raise OverflowError
        return total

    try:
        size(data)
    except OverflowError:
        alias = _first_alias(text)
        if alias is None:
            raise YamlProblem(
                f"the file holds more than {MAX_VALUES:,} values: far more than a plan file", 1, 1
            ) from None
        name, line, col = alias
        raise YamlProblem(
            f"the file repeats references (aliases such as '{name}') so often that it would "
            f"expand to more than {MAX_VALUES:,} values: write the values out instead",
            line,
            col,
        ) from None
    except RecursionError:
        raise YamlProblem("the file nests too deeply to read") from None


def _may_nest_deeply(text: str) -> bool:
    """Whether text could nest deep enough to matter: many brackets, a run of '- ', or deep indentation.

    Plain string searches, so a plan file costs almost nothing to clear.
    """
    return text.count("[") + text.count("{") > 30 or "- - - - -" in text or "\n" + " " * 60 in text


_ALIAS = re.compile(r"(?:(?<=[\s\[,{])|^)\*[A-Za-z0-9_.-]+")


def _first_alias(text: str) -> tuple[str, int, int] | None:
    """The first alias (``*name``) outside comments, with its 1-based line and column."""
    for number, line in enumerate(text.splitlines(), start=1):
        code = "" if line.lstrip().startswith("#") else line.split(" #")[0]
        if match := _ALIAS.search(code):
            return match.group(0), number, match.start() + 1
    return None


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _bad_scalar(text: str) -> YamlProblem:
    """Build each value on its own to find the one that cannot be read, and say why."""
    yaml = YAML(typ="safe", pure=True)
    constructor = yaml.constructor
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReusedAnchorWarning)
        stack = [yaml.compose(text)]
    while stack:
        node = stack.pop(0)
        if isinstance(node, ScalarNode):
            try:
                constructor.construct_object(node, deep=True)
            except Exception:
                tag = str(node.tag).rsplit(":", 1)[-1]
                why = {
                    "bool": "is not true or false",
                    "int": "is not a whole number",
                    "float": "is not a number",
                    "timestamp": "is not a real date: check the day and month",
                }.get(tag, f"cannot be read as {tag}")
                return YamlProblem(f"'{node.value}' {why}", node.start_mark.line + 1, node.start_mark.column + 1)
        elif isinstance(node, MappingNode):
            stack.extend(item for pair in node.value for item in pair)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return YamlProblem("a value cannot be read")


def _plain(exc: MarkedYAMLError, text: str) -> tuple[str, int, int]:
    """The reader's complaint in plain words (pmf.wording), placed where it is about."""
    from pmf.wording import Mark, Said, yaml_problem

    lines = text.splitlines()

    def mark(at: Any) -> Mark | None:
        if at is None:
            return None
        return Mark(at.line + 1, at.column + 1, lines[at.line] if at.line < len(lines) else "")

    return yaml_problem(Said(exc.context or "", exc.problem or "", mark(exc.context_mark), mark(exc.problem_mark)))


def _fast_loader() -> Any:
    """libyaml's C parser (PyYAML's CSafeLoader) taught YAML 1.2, as ruamel.yaml reads it.

    The resolvers are ruamel.yaml's own YAML 1.2 patterns and integers are built by its
    1.2 rules (``010`` is ten, ``0o10`` eight), so a value means the same on either path;
    a duplicate key or anything unusual falls back to ruamel.yaml, which places the error.
    """
    try:
        import yaml as pyyaml
        from ruamel.yaml.resolver import implicit_resolvers

        base = pyyaml.CSafeLoader
    except (ImportError, AttributeError):  # no libyaml here: ruamel.yaml reads everything
        return None

    class FastLoader(base):  # type: ignore[misc, valid-type]
        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            """Keys as text, and a duplicate key refused (ruamel.yaml then places it)."""
            if any(k.tag == "tag:yaml.org,2002:merge" for k, _ in node.value):
                self.flatten_mapping(node)
            mapping: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = self.construct_object(key_node, deep=deep)
                if isinstance(key, list | dict):  # a complex key: ruamel.yaml reads it, as it always does
                    raise pyyaml.constructor.ConstructorError(None, None, "complex key", node.start_mark)
                if not isinstance(key, str):
                    key = key_text(key)
                if key in mapping:
                    raise pyyaml.constructor.ConstructorError(None, None, "duplicate key", node.start_mark)
                mapping[key] = self.construct_object(value_node, deep=deep)
            return mapping

    def construct_int(loader: Any, node: Any) -> int:
        text = loader.construct_scalar(node).replace("_", "")
        sign = -1 if text.startswith("-") else 1
        text = text.lstrip("+-")
        for prefix, radix in (("0b", 2), ("0x", 16), ("0o", 8)):
            if text.startswith(prefix):
                return sign * int(text[2:], radix)
        return sign * int(text)

    FastLoader.yaml_implicit_resolvers = {}
    FastLoader.yaml_constructors = dict(base.yaml_constructors)
    for versions, tag, pattern, first in implicit_resolvers:
        if (1, 2) in versions:
            compiled = re.compile(pattern.pattern, pattern.flags)  # ruamel's patterns are lazy proxies
            for char in first:
                FastLoader.yaml_implicit_resolvers.setdefault(char, []).append((tag, compiled))
    FastLoader.yaml_constructors["tag:yaml.org,2002:int"] = construct_int
    for tag in ("tag:yaml.org,2002:value", "tag:yaml.org,2002:yaml"):
        FastLoader.yaml_constructors.pop(tag, None)
    return FastLoader


_FAST = _fast_loader()


def load_fast(text: str) -> Any:
    """Read YAML quickly; on anything unusual read it with ruamel.yaml, which explains problems.

    Either way keys come back as the text they were written as (``2025``, ``2025-07-15``).
    """
    if _FAST is not None:
        import yaml as pyyaml

        try:
            return pyyaml.load(text, Loader=_FAST)
        except Exception:  # the careful reader below reports it
            pass
    return string_keys(_parse(_safe(), text))


def string_keys(value: Any, seen: dict[int, Any] | None = None) -> Any:
    """Keys as the text they were written as: a key like 2025 or 2025-07-15 is read as text.

    A value shared through an alias is converted once and stays shared, so a file full of
    aliases costs no more than its text.
    """
    seen = {} if seen is None else seen
    if not isinstance(value, dict | list):
        return value
    if id(value) in seen:
        return seen[id(value)]
    if isinstance(value, dict):
        out: Any = {}
        seen[id(value)] = out
        for k, v in value.items():
            out[k if isinstance(k, str) else key_text(k)] = string_keys(v, seen)
        return out
    items: list[Any] = []
    seen[id(value)] = items
    items.extend(string_keys(v, seen) for v in value)
    return items


def key_text(key: Any) -> str:
    if key is None:
        return "null"
    if isinstance(key, bool):
        return str(key).lower()
    if hasattr(key, "isoformat"):
        return str(key.isoformat())
    return str(key)


class Document:
    """One YAML file: its data (read fast) and, only when a problem must be placed, positions."""

    def __init__(self, path: Path, text: str, data: Any):
        self.path = path
        self.text = text
        self.data = data

    @classmethod
    def load(cls, path: Path) -> Document:
        text = read_text(path)
        data = load_fast(text)
        if "&" in text or len(text) > 2 * MAX_VALUES or _may_nest_deeply(text):
            _check_expansion(data, text)  # plain files, flat and without anchors, need no walk
        return cls(path, text, data)

    @cached_property
    def tree(self) -> Any:
        """The round-trip tree, which knows where every key and value sits."""
        try:
            return _parse(_round_trip(), self.text)
        except YamlProblem:
            return None

    @cached_property
    def nodes(self) -> Any:
        """The file's nodes as libyaml composes them, each knowing where it starts; None when the
        file uses anchors, merges, tags or complex keys, which only the round-trip tree places."""
        if _FAST is None or any(mark in self.text for mark in ("&", "*", "<<", "!", "? ")):
            return None
        import yaml as pyyaml

        try:
            return pyyaml.compose(self.text, Loader=_FAST)
        except Exception:  # the round-trip reader places it, or says why not
            return None

    def locate(self, key_path: Sequence[Key], *, at_key: bool = False) -> tuple[int, int]:
        """Return the 1-based (line, col) of the deepest node of ``key_path`` that exists.

        Points at the value unless ``at_key``; a missing key points at its parent. Found from
        libyaml's nodes when they can say (a file with many problems costs little more than
        its reading), from the round-trip tree otherwise.
        """
        found = _locate_in_nodes(self.nodes, key_path, at_key=at_key) if self.nodes is not None else None
        return found or self._locate_in_tree(key_path, at_key=at_key)

    def _locate_in_tree(self, key_path: Sequence[Key], *, at_key: bool) -> tuple[int, int]:
        node = self.tree
        line, col = 1, 1
        for i, key in enumerate(key_path):
            last = i == len(key_path) - 1
            lc = getattr(node, "lc", None)
            if isinstance(node, dict) and key not in node:
                key = next((k for k in node if key_text(k) == str(key)), key)
            if isinstance(node, dict) and key in node and lc is not None:
                pos = _position(lc, key, at_key=at_key and last)
                if pos:
                    line, col = pos[0] + 1, pos[1] + 1
                node = node[key]
            elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node) and lc:
                pos = lc.item(key)
                if pos and pos[0] is not None:
                    line, col = pos[0] + 1, pos[1] + 1
                node = node[key]
            else:
                break
        return line, col


def _locate_in_nodes(node: Any, key_path: Sequence[Key], *, at_key: bool) -> tuple[int, int] | None:
    """As :meth:`Document.locate`, from composed nodes; None where only the round-trip tree can tell
    (a key that may be written other than as its text, such as ``0x10``, or an empty value)."""
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode  # type: ignore[import-untyped]

    line, col = 1, 1
    for i, key in enumerate(key_path):
        last = i == len(key_path) - 1
        if isinstance(node, MappingNode) and not isinstance(key, int | str):
            return None
        if isinstance(node, MappingNode):
            pair = next(((k, v) for k, v in node.value if isinstance(k, ScalarNode) and k.value == str(key)), None)
            if pair is None:
                if all(k.tag == "tag:yaml.org,2002:str" for k, _ in node.value):
                    break  # every key is written as its text, so this one is missing: its parent is the place
                return None
            key_node, node = pair
            if isinstance(node, ScalarNode) and node.value == "" and not node.style:
                return None  # an empty value: where it sits is the round-trip tree's to say
            mark = key_node.start_mark if at_key and last else node.start_mark
        elif isinstance(node, SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
            node = node.value[key]
            if isinstance(node, ScalarNode) and node.value == "" and not node.style:
                return None
            mark = node.start_mark
        else:
            break
        line, col = mark.line + 1, mark.column + 1
    return line, col


def _position(lc: Any, key: Any, *, at_key: bool) -> tuple[int, int] | None:
    """The 0-based position of a key, or of its value (falling back to the key)."""
    for getter in [lc.key] if at_key else [lc.value, lc.key]:
        try:
            pos = getter(key)
        except (KeyError, TypeError, IndexError):
            continue
        if pos and pos[0] is not None:
            return int(pos[0]), int(pos[1])
    return None


def load_round_trip(path: Path) -> Any:
    """Load a file for rewriting: comments, order and quoting are kept."""
    return _parse(_round_trip(), read_text(path))


def dump_round_trip(data: Any) -> str:
    import io

    stream = io.StringIO()
    yaml = _round_trip()
    yaml.width = 4096
    yaml.dump(data, stream)
    return stream.getvalue()


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so a reader sees the old file or the new, never half of one."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
