"""The YAML parsers: fast loading (yaml-rs), and loading with positions (ruamel.yaml, loaded only when
needed). Composing a file for edits is pmf.nodes; writing a file atomically is pmf.atomic."""

from __future__ import annotations

import datetime as dt
import os
import re
import warnings
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ruamel.yaml import YAML

    from pmf.cache import Cache

Key = str | int


class YamlProblem(Exception):
    """A file that cannot be read as YAML; ``line`` and ``col`` are 1-based (0 when unknown)."""

    def __init__(self, message: str, line: int = 0, col: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col

    def __reduce__(self) -> tuple[type[YamlProblem], tuple[str, int, int]]:
        return YamlProblem, (self.message, self.line, self.col)  # kept whole in the cache


def _safe() -> YAML:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    yaml.allow_duplicate_keys = False
    return yaml


def _round_trip() -> YAML:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    yaml.preserve_quotes = True
    return yaml


def read_bytes(path: Path) -> bytes:
    """A plan file's bytes, refusing one over ``MAX_BYTES`` before reading it (or as it grows)."""
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        raw = handle.read(MAX_BYTES + 1) if size <= MAX_BYTES else b""
    if size > MAX_BYTES or len(raw) > MAX_BYTES:
        raise YamlProblem(
            f"the file is {max(size, len(raw)) / 1_000_000:.1f} MB: plan files are small text files, "
            "and this is too large to be one",
            1,
            1,
        )
    return raw


def decode(raw: bytes) -> str:
    """A plan file's bytes as UTF-8 text, refusing binary and empty files with a clear reason."""
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


def read_text(path: Path) -> str:
    """Read a plan file as UTF-8 text, refusing huge, binary and empty files with a clear reason."""
    return decode(read_bytes(path))


def _parse(yaml: YAML, text: str) -> Any:
    from ruamel.yaml.error import MarkedYAMLError, ReusedAnchorWarning, YAMLError
    from ruamel.yaml.reader import ReaderError

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
        raise _too_deep(text) from None
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
        raise _too_deep(text) from None


MAX_DEPTH = 200  # levels of lists and mappings inside a file's keys; a plan file has under ten


def _refuse_deep(data: Any, text: str) -> None:
    """Refuse data nested more than ``MAX_DEPTH`` levels, where it gets that deep in the text.

    Level by level, each container once a level, so a file of aliases costs no more than its text.
    """
    level, here = 0, [data]  # level 0: the file's own mapping
    while here:
        level += 1
        if level > MAX_DEPTH + 1:
            raise _too_deep(text)
        seen: dict[int, Any] = {}
        for value in here:
            for item in value.values() if isinstance(value, dict) else value:
                if isinstance(item, dict | list):
                    seen[id(item)] = item
        here = list(seen.values())


def _too_deep(text: str) -> YamlProblem:
    """The problem of text nested too deeply, placed where its brackets, dashes or indentation pass the limit."""
    depth = 0
    for number, line in enumerate(text.split("\n"), start=1):
        body = line.lstrip(" ")
        block = len(line) - len(body)
        while body.startswith("- "):
            block, body = block + 1, body[2:].lstrip(" ")
        start = len(line) - len(body)
        if block + depth > MAX_DEPTH:
            return YamlProblem(_TOO_DEEP, number, start + 1)
        for col, char in enumerate(body, start=start + 1):
            if char == "#":
                break
            depth += (char in "[{") - (char in "]}")
            if block + depth > MAX_DEPTH:
                return YamlProblem(_TOO_DEEP, number, col)
    return YamlProblem(_TOO_DEEP, 1, 1)


_TOO_DEEP = (
    f"this value nests lists and mappings more than {MAX_DEPTH} levels deep: "
    "write it flatter (no plan file needs more than a few levels)"
)


def _may_nest_deeply(text: str) -> bool:
    """Whether text could nest deep enough to matter: many brackets, a run of '- ', or deep indentation.

    Plain string searches, so a plan file costs almost nothing to clear. Brackets nest no
    deeper than their count, and 200 levels are read, checked and placed like any other
    file (tests/test_yamlio.py); a weekly measure's figures with ``verified: {...}`` hold 80.
    """
    return text.count("[") + text.count("{") > 200 or "- - - - -" in text or "\n" + " " * 60 in text


# Where an anchor (``&name``) may stand: at a value's start, even straight after a quoted key's
# colon ({"a":&x 1}). "Housing & Care" and "Q&A" are no anchors; "a:&b" costs a walk.
_ANCHOR = re.compile(r"(?:(?<=[\s\[,{:])|^)&[^\s\[\]{},]")
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
    from ruamel.yaml import YAML
    from ruamel.yaml.error import ReusedAnchorWarning
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

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
                shown = f"'{node.value}'"
                if tag in {"int", "float"} and len(node.value) > 100:  # past Python's 4,300-digit limit
                    shown = f"a number of {len(node.value):,} digits"
                    why = "is too large: pmf takes numbers up to 1,000,000,000,000 (10¹²)"
                return YamlProblem(f"{shown} {why}", node.start_mark.line + 1, node.start_mark.column + 1)
        elif isinstance(node, MappingNode):
            stack.extend(item for pair in node.value for item in pair)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return YamlProblem("a value cannot be read")


def _plain(exc: Any, text: str) -> tuple[str, int, int]:
    """The reader's complaint in plain words (pmf.wording), placed where it is about."""
    from pmf.wording import Mark, Said, yaml_problem

    lines = text.splitlines()

    def mark(at: Any) -> Mark | None:
        if at is None:
            return None
        return Mark(at.line + 1, at.column + 1, lines[at.line] if at.line < len(lines) else "")

    return yaml_problem(Said(exc.context or "", exc.problem or "", mark(exc.context_mark), mark(exc.problem_mark)))


# What yaml-rs reads otherwise than pmf's YAML 1.2 (ruamel.yaml). Text holding any of it, even in a
# comment, is read by ruamel.yaml: slower, never different. Plain substring searches first (fast in C),
# then patterns that begin with a rare character, so clearing a plan file costs little beside parsing it.
# The characters YAML does not allow (the complement of its printable set), named one by one: a
# pattern of what is allowed, negated, takes 3 ms to compile, 40 times this one.
NOT_YAML = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
_MARKS = ("<<", "!", "0B", "0X", "\n---", "\n...")  # merge keys, tags, 0B/0X numbers, several documents
_ODD = [  # each its own pattern: one that begins with a literal or a set is searched for quickly
    re.compile(r":\d\d:\d\d"),  # a time, which yaml-rs reads as one
    re.compile(r": [|>][^\n]*[]},]"),  # '|' or '>' starting a plain value inside brackets
    re.compile(r"[\[{,] *[|>]"),
    re.compile(r'"\d{4}-\d\d-\d\d'),  # a date in quotes is text, but yaml-rs reads it as a date
    re.compile(r"'\d{4}-\d\d-\d\d"),
    re.compile(NOT_YAML),
]
_ODD_DAY = re.compile(r"-(?:\d\d-(?:29|3\d|[4-9]\d|00)|(?:00|1[3-9]|[2-9]\d)-\d\d)(?![\d-])")  # may not exist
_LAST_BLOCK = re.compile(r"[|>][0-9+-]*[ \t]*(?:#.*)?$")  # an empty block scalar ends the text: yaml-rs reads "\n"


def _ordinary(text: str) -> bool:
    """Whether yaml-rs reads ``text`` exactly as ruamel.yaml does (the case for plan files)."""
    if any(mark in text for mark in _MARKS) or text.startswith(("---", "...")):
        return False
    if _LAST_BLOCK.search(text.rstrip().rpartition("\n")[2]) or any(odd.search(text) for odd in _ODD):
        return False
    for odd in _ODD_DAY.finditer(text):  # the 29th to 31st, or an odd month: a real day?
        at = odd.start()
        year = text[at - 4 : at]
        if len(year) == 4 and year.isdigit() and (at == 4 or text[at - 5] not in "0123456789-"):
            try:
                dt.date(int(year), int(odd[0][1:3]), int(odd[0][4:6]))
            except ValueError:
                return False
    return True


def _text_keys(value: Any) -> Any:
    """yaml-rs's data with every key as text, changed in place where it must be (rarely)."""
    if type(value) is dict:
        if not all(type(k) is str for k in value):
            return string_keys(value)
        for k, v in value.items():
            if type(v) is dict or type(v) is list:
                value[k] = _text_keys(v)
    elif type(value) is list:
        for i, v in enumerate(value):
            if type(v) is dict or type(v) is list:
                value[i] = _text_keys(v)
    return value


def load_fast(text: str) -> Any:
    """Read YAML 1.2 text quickly (yaml-rs); anything unusual, or a problem, is read by ruamel.yaml,
    which explains problems with their line. Either way a key comes back as the text it was written
    as (``2025``, ``2025-07-15``), and a file whose aliases expand beyond reason is refused."""
    data: Any = None
    if _ordinary(text):
        import yaml_rs

        try:
            data = yaml_rs.loads(text)
        except Exception:  # the careful reader below says what is wrong, and where
            data = _careful(text)
        else:
            if _may_nest_deeply(text):
                _refuse_deep(data, text)
            try:
                data = _text_keys(data)
            except Exception:  # two keys that read as one, say: the careful reader places it
                data = _careful(text)
    else:
        data = _careful(text)
    if ("&" in text and _ANCHOR.search(text)) or len(text) > 2 * MAX_VALUES or _may_nest_deeply(text):
        _check_expansion(data, text)  # plain files, flat and without anchors, need no walk
    return data


def _careful(text: str) -> Any:
    """Read ``text`` with ruamel.yaml, keys as text; a problem keeps the line the parser gave.

    Two keys of one mapping that read as one text (``2025:`` and ``"2025":``) are placed at the
    second, found among the composed nodes (which keep their place) rather than by a search of the text.
    """
    data = _parse(_safe(), text)
    if _may_nest_deeply(text):
        _refuse_deep(data, text)
    try:
        return string_keys(data)
    except YamlProblem as exc:
        from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

        found: list[Any] = []  # each key written again in its mapping, as the text it was written as
        nodes, visited = [_safe().compose(text)], set()
        while nodes:
            node = nodes.pop()
            if id(node) in visited:  # (an alias: one node in two places)
                continue
            visited.add(id(node))
            if isinstance(node, MappingNode):
                written: set[str] = set()
                for key, value in node.value:
                    if isinstance(key, ScalarNode):
                        if key.value in written:
                            found.append(key)
                        written.add(key.value)
                    nodes += [key, value]
            elif isinstance(node, SequenceNode):
                nodes += node.value
        quoted = exc.message.split("'")[1] if exc.message.count("'") >= 2 else None
        twice = sorted((k.start_mark.index, k) for k in found if quoted in (None, k.value))
        line, col = (twice[0][1].start_mark.line + 1, twice[0][1].start_mark.column + 1) if twice else (0, 0)
        raise YamlProblem(exc.message, line, col) from None


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
            if isinstance(k, frozenset):  # yaml-rs takes a mapping as a key; pmf's YAML refuses it
                raise YamlProblem("a mapping cannot be a key")
            key = k if isinstance(k, str) else key_text(k)
            if key in out:  # two keys that read as one text: 2025 and '2025', or .nan twice
                raise YamlProblem(f"duplicate key {key!r}: each key may appear once")
            out[key] = string_keys(v, seen)
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


SURROGATE_ESCAPE = re.compile(r"\\(?:u|U0000)[dD][89a-fA-F][0-9a-fA-F]{2}")


def _first_surrogate(data: Any) -> tuple[list[Key], bool, str] | None:
    """The key path of the first text (in file order) holding half of a UTF-16 pair, whether it is a
    key, and that character; None when there is none."""
    seen: set[int] = set()
    stack: list[tuple[Any, list[Key], bool]] = [(data, [], False)]
    while stack:
        value, path, is_key = stack.pop()
        if isinstance(value, str):
            half = next((c for c in value if "\ud800" <= c <= "\udfff"), None)
            if half is not None:
                return path, is_key, half
        elif id(value) not in seen and isinstance(value, dict | list):
            seen.add(id(value))
            items = value.items() if isinstance(value, dict) else enumerate(value)
            children: list[tuple[Any, list[Key], bool]] = []
            for key, item in items:
                if isinstance(value, dict):
                    children.append((key, [*path, key_text(key)], True))
                children.append((item, [*path, key if isinstance(key, int) else key_text(key)], False))
            stack.extend(reversed(children))
    return None


def _writes(text: str, escape: re.Match[str], half: str) -> bool:
    """Whether ``escape`` writes ``half`` (not ``\\\\ud800``, a backslash then the letters)."""
    backslashes = len(text[: escape.start()]) - len(text[: escape.start()].rstrip("\\"))
    return backslashes % 2 == 0 and chr(int(escape.group()[-4:], 16)) == half


class Document:
    """One YAML file: its text, its data (read fast) and, only when a problem must be placed, positions."""

    def __init__(self, path: Path, text: str, data: Any):
        self.path = path
        self.text = text
        self.data = data

    @classmethod
    def load(cls, path: Path, cache: Cache | None = None) -> Document:
        """Read ``path`` once; parse those bytes, or take their parsed data from ``cache``.

        The cache is keyed by a hash of the very bytes parsed, so a file edited while pmf reads
        it can never leave its old data under its new content's key. Text holding half of a
        UTF-16 pair is refused however the data was found.
        """
        doc = cls._read(path, cache)
        if "\\" in doc.text and SURROGATE_ESCAPE.search(doc.text):
            doc._refuse_surrogates()
        return doc

    @classmethod
    def _read(cls, path: Path, cache: Cache | None) -> Document:
        raw = read_bytes(path)
        text = decode(raw)
        if cache is None:
            return cls(path, text, load_fast(text))
        key = cache.key(raw)
        found = cache.get(key)
        if isinstance(found, YamlProblem):
            raise found
        if found is not None:
            return cls(path, text, found[0])
        try:
            data = load_fast(text)
        except YamlProblem as exc:
            cache.put(key, exc)
            raise
        cache.put(key, (data,))
        return cls(path, text, data)

    def _refuse_surrogates(self) -> None:
        """Refuse text written with an escape such as ``"\\ud800"``: half of a UTF-16 pair, not a character.

        No file, page or spreadsheet can hold one, so every command after validate would fail on it.
        """
        found = _first_surrogate(self.data)
        if found is None:
            return  # '\\ud800' kept literally (single quotes, a comment)
        key_path, is_key, half = found
        line, col = self.locate(key_path, at_key=is_key)
        start = sum(len(row) for row in self.text.splitlines(keepends=True)[: line - 1]) + col - 1
        escape = next((m for m in SURROGATE_ESCAPE.finditer(self.text, start) if _writes(self.text, m, half)), None)
        written = f"\\u{ord(half):04x}"
        if escape is not None:
            line, col = _line_col(self.text, escape.start())
            written = escape.group()
        raise YamlProblem(
            f"'{written}' is half of a UTF-16 pair, not a character: write the character itself", line, col
        )

    @cached_property
    def tree(self) -> Any:
        """The round-trip tree, which knows where every key and value sits."""
        try:
            return _parse(_round_trip(), self.text)
        except YamlProblem:
            return None

    def locate(self, key_path: Sequence[Key], *, at_key: bool = False) -> tuple[int, int]:
        """Return the 1-based (line, col) of the deepest node of ``key_path`` that exists.

        Points at the value unless ``at_key``; a missing key points at its parent.
        """
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
