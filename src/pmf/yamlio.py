"""The YAML parsers: fast loading (yaml-rs), and loading with positions (ruamel.yaml, loaded only when
needed). What yaml-rs reads otherwise, and the limits, are pmf.yamlscreen; the careful reader and its
plain words are pmf.yamlcareful. Composing a file for edits is pmf.nodes; writing a file atomically is
pmf.atomic."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmf.atomic import read_at_most
from pmf.yamlcareful import careful, key_text, line_col, parse, string_keys
from pmf.yamlpast import past_duplicates
from pmf.yamlscreen import (
    ANCHOR,
    MAX_BYTES,
    MAX_VALUES,
    DuplicateKey,
    YamlProblem,
    check_expansion,
    may_nest_deeply,
    ordinary,
    refuse_deep,
)

if TYPE_CHECKING:
    from ruamel.yaml import YAML

    from pmf.cache import Cache

Key = str | int


def _round_trip(*, allow_duplicates: bool = False) -> YAML:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = allow_duplicates  # (the first of a key written twice is read)
    yaml.preserve_quotes = True
    return yaml


def read_bytes(path: Path) -> bytes:
    """A plan file's bytes, refusing one over ``MAX_BYTES`` before reading it (or as it grows)."""
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        raw = read_at_most(handle, MAX_BYTES) if size <= MAX_BYTES else b""
    if size > MAX_BYTES or len(raw) > MAX_BYTES:
        raise YamlProblem(
            f"the file is {max(size, len(raw)) / 1_000_000:.1f} MB: plan files are small text files, "
            "and this is too large to be one",
            1,
            1,
        )
    return raw


UTF16 = "this file is saved as UTF-16 (Notepad's 'Unicode'): save it as UTF-8"
_UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")


def _utf16_pattern(head: bytes) -> bool:
    """Whether ``head`` reads as UTF-16 text without its mark: a NUL beside every (ASCII) character, on
    the same side of each pair, and hardly any NUL on the other."""
    even, odd = head[0::2].count(0), head[1::2].count(0)
    pairs = len(head) // 2
    return pairs > 0 and max(even, odd) * 4 >= pairs * 3 and min(even, odd) * 8 <= pairs


def decode(raw: bytes) -> str:
    """A plan file's bytes as UTF-8 text, refusing binary and empty files with a clear reason."""
    if raw[:2] in _UTF16_MARKS or b"\x00" in raw:
        if raw[:2] in _UTF16_MARKS or _utf16_pattern(raw[:200]):
            raise YamlProblem(UTF16, 1, 1)
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


_NESTED = {dict, list}


def _text_keys(value: Any) -> Any:
    """yaml-rs's data with every key as text, changed in place where it must be (rarely)."""
    if type(value) is dict:
        for k in value:
            if type(k) is not str:
                return string_keys(value)
        for k, v in value.items():
            if type(v) in _NESTED:
                value[k] = _text_keys(v)
    elif type(value) is list:
        for i, v in enumerate(value):
            if type(v) in _NESTED:
                value[i] = _text_keys(v)
    return value


def load_fast(text: str) -> Any:
    """Read YAML 1.2 text quickly (yaml-rs); anything unusual, or a problem, is read by ruamel.yaml,
    which explains problems with their line. Either way a key comes back as text: a year or a date as
    written (``2025``, ``2025-07-15``), any other as YAML reads it (``0x10:`` as '16', ``True:`` as 'true'); a
    file whose aliases expand beyond reason is refused."""
    data: Any = None
    if ordinary(text):
        import yaml_rs

        try:
            data = yaml_rs.loads(text)
        except Exception:  # the careful reader below says what is wrong, and where
            data = careful(text)
        else:
            if may_nest_deeply(text):
                refuse_deep(data, text)
            try:
                data = _text_keys(data)
            except Exception:  # two keys that read as one, say: the careful reader places it
                data = careful(text)
    else:
        data = careful(text)
    return _checked(data, text)


def read_past_duplicates(text: str) -> tuple[Any, list[YamlProblem]]:
    """Text ``load_fast`` refuses for a key written twice (``DuplicateKey``), read past it: the first of each such
    key read, and the problem of each later one. Only then: the careful reader is slower."""
    data, duplicates = past_duplicates(text)
    return _checked(data, text), duplicates


def _checked(data: Any, text: str) -> Any:
    """``data`` read from ``text``, refused if its aliases expand beyond reason or a value starts with a lone '!'."""
    if ("&" in text and ANCHOR.search(text)) or len(text) > 2 * MAX_VALUES:
        check_expansion(data, text)  # only aliases, or a huge text, make more values than a plan file holds
    if "!" in text and _LONE_BANG.search(text):
        _refuse_lone_bang(text)
    return data


# A '!' on its own, as a value may start (after a space, a bracket or a comma, before a space or the end)
_LONE_BANG = re.compile(r"(?:^|(?<=[\s\[{,]))!(?=[\s\]},]|$)")


def _refuse_lone_bang(text: str) -> None:
    """Refuse a value starting with a '!' on its own (``title: ! Title``): YAML takes it for a mark of
    its own and drops it, so the text holds 'Title', where a service lead meant '! Title'."""
    from ruamel.yaml import YAML

    for event in YAML(typ="safe", pure=True).parse(text):
        if getattr(event, "tag", None) == "!":
            read = getattr(event, "value", None)
            kind = (
                "the list after it" if type(event).__name__.startswith("Sequence") else "the keys and values after it"
            )
            reads = f"'{read}'" if read else "nothing" if read is not None else kind
            mark = event.start_mark
            raise YamlProblem(
                f"YAML drops a '!' at the start of a value, so this reads as {reads}: put the whole text in "
                "quotes to keep the '!'",
                mark.line + 1,
                mark.column + 1,
            )


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

    def __init__(self, path: Path, text: str, data: Any, duplicates: Sequence[YamlProblem] = ()):
        self.path = path
        self.text = text
        self.data = data
        self.duplicates = duplicates  # the keys written twice the text was read past, the first of each read

    @classmethod
    def load(cls, path: Path, cache: Cache | None = None, *, past_duplicates: bool = False) -> Document:
        """Read ``path`` once; parse those bytes, or take their parsed data from ``cache``. With ``past_duplicates``,
        text refused for keys written twice alone is read past them (``duplicates``); else it is refused.

        The cache is keyed by a hash of the very bytes parsed, so a file edited while pmf reads
        it can never leave its old data under its new content's key. Text holding half of a
        UTF-16 pair is refused however the data was found.
        """
        raw = read_bytes(path)
        text = decode(raw)
        try:
            doc = cls(path, text, cls._parsed(raw, text, cache))
        except DuplicateKey:  # a file whose text is sound but for keys written twice: its other problems are told
            if not past_duplicates:
                raise
            doc = cls(path, text, *read_past_duplicates(text))
        if "\\" in doc.text and SURROGATE_ESCAPE.search(doc.text):
            doc._refuse_surrogates()
        return doc

    @staticmethod
    def _parsed(raw: bytes, text: str, cache: Cache | None) -> Any:
        """The data of ``text`` (decoded from ``raw``), from ``cache`` where it was parsed before."""
        if cache is None:
            return load_fast(text)
        key = cache.key(raw)
        found = cache.get(key)
        if isinstance(found, YamlProblem):
            raise found
        if type(found) is tuple and len(found) == 1:  # anything else kept under the key is parsed afresh
            return found[0]
        try:
            data = load_fast(text)
        except YamlProblem as exc:
            cache.put(key, exc)
            raise
        cache.put(key, (data,))
        return data

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
            line, col = line_col(self.text, escape.start())
            written = escape.group()
        raise YamlProblem(
            f"'{written}' is half of a UTF-16 pair, not a character: write the character itself", line, col
        )

    @cached_property
    def tree(self) -> Any:
        """The round-trip tree, which knows where every key and value sits (the first of a key written twice)."""
        try:
            return parse(_round_trip(allow_duplicates=bool(self.duplicates)), self.text)
        except YamlProblem:
            return None

    @cached_property
    def marks(self) -> Any:
        """The file composed by libyaml (PyYAML's C parser), whose nodes know where they start: twenty times
        faster than the round-trip tree. None for text libyaml might read otherwise than pmf (what the screen
        sends to the careful reader), or does not read at all: the round-trip tree places problems there."""
        if not ordinary(self.text):
            return None
        import yaml

        try:
            return yaml.compose(self.text, Loader=yaml.CSafeLoader)
        except (AttributeError, UnicodeError, yaml.YAMLError):  # no libyaml in this PyYAML, or text it refuses
            return None

    def locate(self, key_path: Sequence[Key], *, at_key: bool = False) -> tuple[int, int]:
        """Return the 1-based (line, col) of the deepest node of ``key_path`` that exists.

        Points at the value unless ``at_key``; a missing key points at its parent.
        """
        if self.marks is not None and (found := _located(self.marks, key_path, at_key=at_key)):
            return found
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


def _located(node: Any, key_path: Sequence[Key], *, at_key: bool) -> tuple[int, int] | None:
    """``Document.locate`` over composed nodes, each key found by the text it is written as; None for a path
    not there as written (a missing key, or ``0x10:``, which pmf reads as '16'): the round-trip tree places it."""
    line, col = 1, 1
    for i, key in enumerate(key_path):
        if node.id == "mapping":
            pair = next(((k, v) for k, v in node.value if k.id == "scalar" and k.value == str(key)), None)
            if pair is None:
                return None
            mark = pair[0].start_mark if at_key and i == len(key_path) - 1 else pair[1].start_mark
            node = pair[1]
        elif node.id == "sequence" and isinstance(key, int) and 0 <= key < len(node.value):
            node = node.value[key]
            mark = node.start_mark
        else:
            return None
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
