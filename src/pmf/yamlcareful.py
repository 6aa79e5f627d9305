"""The careful reader (ruamel.yaml, loaded only when needed): reads what yaml-rs would read otherwise,
and says what is wrong with a file in plain words (pmf.wording), at the line and column it is about."""

from __future__ import annotations

import re
import warnings
from typing import TYPE_CHECKING, Any

from pmf.conflicts import conflict_in
from pmf.yamlclues import duplicate_key, nbsp_indented
from pmf.yamlscreen import (
    ANCHOR,
    LINE_END,
    DuplicateKey,
    YamlProblem,
    may_hold_long_number,
    may_nest_deeply,
    refuse_deep,
    too_deep,
)

if TYPE_CHECKING:
    from ruamel.yaml import YAML


_NOT_PLAIN = {f"tag:yaml.org,2002:{name}" for name in ("set", "omap", "pairs", "binary")}


def safe() -> YAML:
    """ruamel.yaml's YAML 1.2 reader in Python, whose complaints pmf words plainly; never libyaml's C parser,
    which ruamel.yaml takes where ruamel.yaml.clib is installed (YAML 1.1, other complaints, other places)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import SafeConstructor
    from ruamel.yaml.resolver import VersionedResolver

    class Resolver(VersionedResolver):
        """ruamel.yaml's resolver without YAML 1.1's '=' (a "value key"): in YAML 1.2 '=' is text."""

        @property
        def versioned_resolver(self) -> Any:
            found = super().versioned_resolver
            found.pop("=", None)
            return found

    class Constructor(SafeConstructor):
        """ruamel.yaml's constructor for plain values only: '!!set', '!!omap', '!!pairs' and '!!binary'
        (an unordered set, tuples, bytes) are refused as an unknown tag is."""

    Constructor.yaml_constructors = {
        tag: build for tag, build in SafeConstructor.yaml_constructors.items() if tag not in _NOT_PLAIN
    }

    yaml = YAML(typ="safe", pure=True)
    yaml.Resolver = Resolver
    yaml.Constructor = Constructor
    yaml.allow_duplicate_keys = False
    return yaml


def parse(yaml: YAML, text: str) -> Any:
    """``text`` loaded by ``yaml``; text it refuses is a ``YamlProblem`` in plain words, a merge conflict
    git left named as one."""
    try:
        return _parse(yaml, text)
    except YamlProblem as exc:
        raise conflict_in(text) or exc from None


def _parse(yaml: YAML, text: str) -> Any:
    from ruamel.yaml.error import MarkedYAMLError, ReusedAnchorWarning, YAMLError
    from ruamel.yaml.reader import ReaderError

    try:
        with warnings.catch_warnings():
            # A reused anchor name: the later one wins, as libyaml reads it; no need to shout.
            warnings.simplefilter("ignore", ReusedAnchorWarning)
            return yaml.load(text)
    except ReaderError as exc:  # a character YAML does not allow, e.g. a pasted control code
        line, col = line_col(text, exc.position)
        raise YamlProblem(
            f"unacceptable character #x{exc.character:04x} (a control character): delete it", line, col
        ) from None
    except MarkedYAMLError as exc:
        directive = _DIRECTIVE.search(text)
        if directive and str(exc.problem or "").startswith("expected '<document start>'"):
            raise _misplaced_directive(text, directive.start()) from None
        mark = exc.problem_mark
        if indented := nbsp_indented(text, mark.line + 1 if mark is not None else len(text)):
            raise YamlProblem(*indented) from None  # the cause, at its line, not what it led the reader to
        if type(exc).__name__ == "DuplicateKeyError" and (twice := duplicate_key(text, mark, exc.context_mark)):
            raise DuplicateKey(twice[0], mark.line + 1, mark.column + 1) from None
        raise YamlProblem(*_plain(exc, text)) from None
    except YAMLError as exc:
        raise YamlProblem(f"YAML syntax error: {exc}") from None
    except RecursionError:
        raise too_deep(text) from None
    except Exception:
        raise _unreadable(text) from None


def line_col(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of ``text[index]``, lines ended as YAML ends them (CR alone too)."""
    line, start = 1, 0
    for end in LINE_END.finditer(text, 0, index):
        line, start = line + 1, end.end()
    return line, index - start + 1


_DIRECTIVE = re.compile("(?:\\A|(?<=[\r\n\x85\u2028\u2029]))%")  # '%' first on a line
_MISPLACED_DIRECTIVE = (
    "a line starting with '%' is a YAML directive, which may stand only above the first line of "
    "the file's content, with a '---' line after it: delete it, or indent it under its key"
)
_CONTENT = re.compile(r"^[ \t]*[^\s#%]", re.MULTILINE)  # a line holding more than a comment or a directive


def _misplaced_directive(text: str, at: int) -> YamlProblem:
    """A directive ('%YAML 1.2') not followed by '---', or below the content; or a file holding only that."""
    from pmf.yamlclues import short

    if _CONTENT.search(text):
        return YamlProblem(_MISPLACED_DIRECTIVE, *line_col(text, at))
    written = LINE_END.split(text[at:], maxsplit=1)[0].strip()
    return YamlProblem(
        f"the file holds a YAML directive ('{short(written)}') and nothing else: write the file's keys and values "
        "below it, after a line '---', or delete it",
        *line_col(text, at),
    )


_ESCAPE_U = re.compile(r"\\U([0-9A-Fa-f]{8})")
_VERSION = re.compile(r"^%YAML[ \t]+(\S*)", re.MULTILINE)


def _unreadable(text: str) -> YamlProblem:
    """Why ruamel.yaml could not read ``text`` though it found no mistake it could mark."""
    try:
        return _bad_scalar(text)
    except Exception:  # the text cannot even be composed: a version or an escape ruamel.yaml trips on
        pass
    for version in _VERSION.finditer(text):
        if version[1] not in {"1.1", "1.2"}:
            line, col = line_col(text, version.start())
            return YamlProblem(
                f"'%YAML {version[1]}' asks for a YAML version pmf does not read: delete this line "
                "(pmf reads YAML 1.2)",
                line,
                col,
            )
    for escape in _ESCAPE_U.finditer(text):
        if int(escape[1], 16) > 0x10FFFF:
            line, col = line_col(text, escape.start())
            return YamlProblem(
                f"'{escape[0]}' is not a character (the last is \\U0010FFFF): write the character itself", line, col
            )
    return YamlProblem("YAML cannot read this file", 1, 1)


_UNSHOWABLE = 10**4300  # Python writes no whole number this large as digits (sys.get_int_max_str_digits)


def _bad_scalar(text: str) -> YamlProblem:
    """Build each value on its own to find the one that cannot be read, and say why."""
    from ruamel.yaml.error import ReusedAnchorWarning
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    yaml = safe()
    constructor = yaml.constructor
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReusedAnchorWarning)
        stack = [yaml.compose(text)]
    while stack:
        node = stack.pop(0)
        if isinstance(node, ScalarNode):
            too_large = YamlProblem(
                f"a number of {len(node.value):,} digits is too large: pmf takes numbers up to 1,000,000,000,000 (10¹²)",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
            )
            try:
                value = constructor.construct_object(node, deep=True)
            except Exception:
                tag = str(node.tag).rsplit(":", 1)[-1]
                why = {
                    "bool": "is not true or false",
                    "int": "is not a whole number",
                    "float": "is not a number",
                    "timestamp": "is not a real date: check the day and month",
                }.get(tag, f"cannot be read as {tag}")
                if tag in {"int", "float"} and len(node.value) > 100:  # past Python's 4,300-digit limit
                    return too_large
                return YamlProblem(f"'{node.value}' {why}", too_large.line, too_large.col)
            if type(value) is int and abs(value) >= _UNSHOWABLE:  # 0x or 0o digits past Python's limit
                return too_large
        elif isinstance(node, MappingNode):
            for key, _ in node.value:
                if isinstance(key, SequenceNode) and any(not isinstance(k, ScalarNode) for k in key.value):
                    return YamlProblem(
                        "a key cannot be a list holding lists or mappings: write the key as plain text, "
                        "or put it in quotes",
                        key.start_mark.line + 1,
                        key.start_mark.column + 1,
                    )
            stack.extend(item for pair in node.value for item in pair)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return YamlProblem("a value cannot be read")


def _plain(exc: Any, text: str) -> tuple[str, int, int]:
    """The reader's complaint in plain words (pmf.wording), placed where it is about."""
    from pmf.wording import yaml_problem
    from pmf.yamlclues import Mark, Said, Scalar

    lines = text.splitlines()

    def mark(at: Any) -> Mark | None:
        if at is None:
            return None
        return Mark(at.line + 1, at.column + 1, lines[at.line] if at.line < len(lines) else "")

    last, closed = None, False
    if exc.problem_mark is not None:
        scalar, before, closed = _read_up_to(text, exc.problem_mark.index, exc.context_mark)
        if scalar is not None:
            entry = type(before).__name__ in {"FlowMappingStartToken", "FlowSequenceStartToken", "FlowEntryToken"}
            last = Scalar(mark(scalar.start_mark) or Mark(1, 1, ""), scalar.style or "", entry, scalar.value)
    said = Said(
        exc.context or "", exc.problem or "", mark(exc.context_mark), mark(exc.problem_mark), lines, last, closed
    )
    return yaml_problem(said)


def _read_up_to(text: str, index: int, opened: Any) -> tuple[Any, Any, bool]:
    """The last text read before ``index`` and the token before it (anchors and tags passed over), and
    whether the bracket opened at ``opened`` (a mark) is closed further on in the text."""
    from ruamel.yaml import tokens as t
    from ruamel.yaml.error import MarkedYAMLError
    from ruamel.yaml.reader import ReaderError

    scalar = before = previous = None
    depth, counting = 0, False
    try:
        for token in safe().scan(text):
            if token.start_mark.index < index:
                if isinstance(token, t.ScalarToken):
                    scalar, before = token, previous
                if not isinstance(token, t.AnchorToken | t.TagToken):
                    previous = token
            elif not counting:
                break
            if isinstance(token, t.FlowMappingStartToken | t.FlowSequenceStartToken):
                counting = counting or (opened is not None and token.start_mark.index == opened.index)
                depth += counting
            elif counting and isinstance(token, t.FlowMappingEndToken | t.FlowSequenceEndToken):
                depth -= 1
                if depth == 0:
                    return scalar, before, True
    except (MarkedYAMLError, ReaderError):  # the reader's own complaint further on: what was read is enough
        pass
    return scalar, before, False


def careful(text: str, yaml: YAML | None = None) -> Any:
    """Read ``text`` with ruamel.yaml, keys as text; a problem keeps the line the parser gave.

    Two keys of one mapping that read as one text (``2025:`` and ``"2025":``) are placed at the
    second, found among the composed nodes (which keep their place) rather than by a search of the text.
    """
    data = parse(yaml or safe(), text)
    if "*" in text and "&" in text and ANCHOR.search(text):
        _refuse_self_holding(data, text)
    if may_nest_deeply(text):
        refuse_deep(data, text)
    if may_hold_long_number(text) and (huge := _bad_scalar(text)).line:
        raise huge  # a 0x or 0o number of thousands of digits, which ruamel.yaml reads
    try:
        return string_keys(data)
    except YamlProblem as exc:
        from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

        found: list[tuple[Any, str]] = []  # each key met again in its mapping, with the text it reads as
        yaml = safe()
        nodes, visited = [yaml.compose(text)], set()
        while nodes:
            node = nodes.pop()
            if id(node) in visited:  # (an alias: one node in two places)
                continue
            visited.add(id(node))
            if isinstance(node, MappingNode):
                written: set[str] = set()
                for key, value in node.value:
                    if isinstance(key, ScalarNode):
                        try:  # '.inf' and 'inf' are one key as text, though written otherwise
                            read = key_text(yaml.constructor.construct_object(key))
                        except Exception:
                            read = key.value
                        if read in written:
                            found.append((key, read))
                        written.add(read)
                    nodes += [key, value]
            elif isinstance(node, SequenceNode):
                nodes += node.value
        quoted = exc.message.split("'")[1] if exc.message.count("'") >= 2 else None
        twice = sorted((k.start_mark.index, k) for k, read in found if quoted in (None, read))
        line, col = (twice[0][1].start_mark.line + 1, twice[0][1].start_mark.column + 1) if twice else (0, 0)
        raise YamlProblem(exc.message, line, col) from None


def _refuse_self_holding(data: Any, text: str) -> None:
    """Refuse a value that holds itself through an alias (``a: &x {k: *x}``): it has no end, and
    reading it would never finish. The problem is placed at the alias."""
    finished: set[int] = set()
    path = {id(data)}
    stack = [(data, iter(_children(data)))]
    while stack:
        value, children = stack[-1]
        child = next(children, stack)  # the stack itself marks the end
        if child is stack:
            stack.pop()
            path.discard(id(value))
            finished.add(id(value))
        elif isinstance(child, dict | list) and id(child) not in finished:
            if id(child) in path:
                raise _self_holding(text)
            path.add(id(child))
            stack.append((child, iter(_children(child))))


def _children(value: Any) -> Any:
    return value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()


def _self_holding(text: str) -> YamlProblem:
    """The problem of a value holding itself, at the first alias inside the value its anchor names."""
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    path: set[int] = set()
    finished: set[int] = set()  # each node walked once, however many aliases share it

    def walk(node: Any) -> Any:
        if id(node) in path:
            return node
        if id(node) in finished or not isinstance(node, MappingNode | SequenceNode):
            return None
        path.add(id(node))
        kids = [n for pair in node.value for n in pair] if isinstance(node, MappingNode) else node.value
        for kid in kids:
            if (found := walk(kid)) is not None:
                return found
        path.discard(id(node))
        finished.add(id(node))
        return None

    held = walk(safe().compose(text))
    name = getattr(held, "anchor", None) or ""
    line, col = 1, 1
    if held is not None and name:
        anchored = held.start_mark.index
        alias = re.compile(r"\*" + re.escape(name) + r"(?![^\s,\]}])").search(text, anchored)
        line, col = line_col(text, alias.start()) if alias else (held.start_mark.line + 1, held.start_mark.column + 1)
    return YamlProblem(
        f"'*{name}' stands inside the very value '&{name}' names, so that value would hold itself "
        "without end: write the value out, or point to another",
        line,
        col,
    )


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
            if isinstance(k, tuple) and any(isinstance(i, tuple | frozenset) for i in k):  # so is '[[1]]: x'
                raise YamlProblem("a key cannot be a list holding lists or mappings")
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
