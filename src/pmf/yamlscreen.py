"""What pmf reads with care, or refuses: text yaml-rs reads otherwise than YAML 1.2, and the limits.

The screen (``ordinary``) sends text yaml-rs would read otherwise to the careful reader
(pmf.yamlcareful); the limits refuse a file too large, nested too deeply, or whose aliases
expand beyond reason, each placed at its line and column. ``YamlProblem`` is the refusal.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any


class YamlProblem(Exception):
    """A file that cannot be read as YAML; ``line`` and ``col`` are 1-based (0 when unknown)."""

    def __init__(self, message: str, line: int = 0, col: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col

    def __reduce__(self) -> tuple[type[YamlProblem], tuple[str, int, int]]:
        return type(self), (self.message, self.line, self.col)  # kept whole in the cache


class DuplicateKey(YamlProblem):
    """A key written twice in one mapping: a file whose text is otherwise sound, which pmf reads past
    (the first of the two is read: ``yamlio.Document``), telling the second."""


LINE_END = re.compile(
    "\r\n|[\r\n\x85\u2028\u2029]"
)  # as YAML ends a line, so lines are counted as its marks count them
MAX_VALUES = 200_000  # far beyond any plan file; an alias bomb expands to billions
MAX_BYTES = 5_000_000


def check_expansion(data: Any, text: str) -> None:
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
        raise too_deep(text) from None


MAX_DEPTH = 200  # levels of lists and mappings inside a file's keys; a plan file has under ten


def refuse_deep(data: Any, text: str) -> None:
    """Refuse data nested more than ``MAX_DEPTH`` levels, where it gets that deep in the text.

    Level by level, each container once a level, so a file of aliases costs no more than its text.
    """
    level, here = 0, [data]  # level 0: the file's own mapping
    while here:
        level += 1
        if level > MAX_DEPTH + 1:
            raise too_deep(text)
        seen: dict[int, Any] = {}
        for value in here:
            for item in value.values() if isinstance(value, dict) else value:
                if isinstance(item, dict | list):
                    seen[id(item)] = item
        here = list(seen.values())


def too_deep(text: str) -> YamlProblem:
    """The problem of text nested too deeply, placed where its brackets, dashes or indentation pass the limit."""
    depth = 0
    for number, line in enumerate(LINE_END.split(text), start=1):
        body = line.lstrip(" ")
        block = len(line) - len(body)
        while body.startswith(("- ", "? ")):  # a list item, or a key written after "? "
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


def may_nest_deeply(text: str) -> bool:
    """Whether text could nest deep enough to matter: many brackets, a run of '- ', or deep indentation.

    Plain string searches, so a plan file costs almost nothing to clear. Brackets nest no
    deeper than their count, and 200 levels are read, checked and placed like any other
    file (tests/test_yamlio.py); a weekly measure's figures with ``verified: {...}`` hold 80.
    """
    return text.count("[") + text.count("{") > 200 or "- - - - -" in text or "\n" + " " * 60 in text


_LONG_NUMBER = re.compile(r"[0-9a-fA-F_]{3500}")  # 4,300 digits, or 0x digits as large


def may_hold_long_number(text: str) -> bool:
    """Whether text may hold a number too long for Python to write (over 4,300 digits).

    Such a number sits on a line of 3,500 characters or more, which holds a whole block of
    1,750 characters starting at a multiple of 1,750 with no line end: a search for a line end
    in each block costs almost nothing, so a plan file is cleared without a pattern.
    """
    width = 1750
    if all(text.find("\n", at, at + width) >= 0 for at in range(0, len(text) - width + 1, width)):
        return False
    return bool(_LONG_NUMBER.search(text))


# Where an anchor (``&name``) may stand: at a value's start, even straight after a quoted key's
# colon ({"a":&x 1}). "Housing & Care" and "Q&A" are no anchors; "a:&b" costs a walk.
ANCHOR = re.compile(r"(?:(?<=[\s\[,{:])|^)&[^\s\[\]{},]")
_ALIAS = re.compile(r"(?:(?<=[\s\[,{])|^)\*[A-Za-z0-9_.-]+")


def _first_alias(text: str) -> tuple[str, int, int] | None:
    """The first alias (``*name``) outside comments, with its 1-based line and column."""
    for number, line in enumerate(LINE_END.split(text), start=1):
        code = "" if line.lstrip().startswith("#") else line.split(" #")[0]
        if match := _ALIAS.search(code):
            return match.group(0), number, match.start() + 1
    return None


# What yaml-rs reads otherwise than pmf's YAML 1.2 (ruamel.yaml). Text holding any of it, even in a
# comment, is read by ruamel.yaml: slower, never different. Plain substring searches first (fast in C),
# then patterns that begin with a rare character, so clearing a plan file costs little beside parsing it.
# The characters YAML does not allow (the complement of its printable set), named one by one: a
# pattern of what is allowed, negated, takes 3 ms to compile, 40 times this one.
NOT_YAML = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
_MARKS = (
    *("<<", "!", "0B", "0X", "\n---", "\n..."),  # merge keys, tags, 0B/0X numbers, several documents
    "\t",  # ruamel.yaml refuses a tab between tokens ('a: b<tab>', '-<tab>1'); yaml-rs reads it as a space
    *("\x85", "\u2028", "\u2029"),  # line ends to ruamel.yaml (NEL, LS, PS), text to yaml-rs
    "\ufeff",  # a byte order mark inside the text, which ruamel.yaml skips and yaml-rs keeps
)
_QUOTED = r"""(?:"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\r\n]|'')*')"""  # a quoted text on one line
_PROPERTIES = r"(?:[?&][^\s,\[\]{}]* +)*"  # '? ' or an anchor before a key ('[? "a":b]', '[&x "a":b]')
_ODD = [  # each begins with a literal, which is searched for quickly (a pattern beginning with a set is not)
    re.compile(
        r":(?:\d\d:\d\d"  # a time, which yaml-rs reads as one
        r"|(?<=\d\d-\d\d[Tt ]\d\d:)\d\d"  # a date and a time without seconds: a timestamp to yaml-rs
        r"| [|>][^\n]*[]},]"  # '|' or '>' starting a plain value inside brackets
        r"|[]},]| *:)"  # ':' straight before ']', '}' or ',', or twice ('{a: :b}'): text to ruamel.yaml
    ),
    re.compile(r"\[ *[|>:]"),  # '|', '>' or ':' starting an entry in brackets ('[|]', '{:x}', '[a, :b]')
    re.compile(r"\{ *[|>:]"),
    re.compile(r", *[|>:]"),
    # an entry in brackets that is a quoted key with its value straight after the ':' ('["a":b]',
    # '[x, "a" :b]'): a mapping to yaml-rs, refused by ruamel.yaml ('unit: ":1"' is neither)
    re.compile(r"\[ *" + _PROPERTIES + _QUOTED + r" *:[^\s\]},]"),
    re.compile(r", *" + _PROPERTIES + _QUOTED + r" *:[^\s\]},]"),
    re.compile(r'"\d{4}-\d\d-\d\d'),  # a date in quotes is text, but yaml-rs reads it as a date
    re.compile(r"'\d{4}-\d\d-\d\d"),
    # '_1', '1e_3', '1e3_': numbers to yaml-rs, text to ruamel.yaml; '0x_', '._': text to yaml-rs, refused by ruamel.yaml
    re.compile(r"_(?:[\d.]|(?<=[\d.+-]_)|(?<=0[xob]_))"),  # ('- and _;' in prose is no number)
    re.compile(r"\.(?!inf|Inf|INF|nan|NaN|NAN)(?i:inf|nan)"),  # '.iNf', '.Nan': infinity and NaN to yaml-rs
    # a block of text ('|' or '>') opening with a blank line that holds spaces: ruamel.yaml refuses
    # it when its text is indented further ("more indented follow up line than first")
    re.compile(r"\|[0-9+-]*(?:[ \t]+#[^\r\n]*)?[ \t]*[\r\n][ \t\r\n]*? [\r\n]"),
    re.compile(r">[0-9+-]*(?:[ \t]+#[^\r\n]*)?[ \t]*[\r\n][ \t\r\n]*? [\r\n]"),
    re.compile(NOT_YAML),
]
# A '[' or '{' still open at its line's end, or holding brackets, quotes or a comment (counted then).
_FLOW = (re.compile(r"\[[^]\r\n\[{\"'#]*+[\[{\"'#\r\n]"), re.compile(r"\{[^}\r\n\[{\"'#]*+[\[{\"'#\r\n]"))
_ODD_DAY = re.compile(r"-(?:\d\d-(?:29|3\d|[4-9]\d|00)|(?:00|1[3-9]|[2-9]\d)-\d\d)(?![\d-])")  # may not exist
_LAST_BLOCK = re.compile(r"[|>][0-9+-]*[ \t]*(?:#.*)?$")  # an empty block scalar ends the text: yaml-rs reads "\n"
_ROOT_BLOCK = re.compile(r"(?:[ \t]*(?:#[^\r\n]*)?[\r\n]+)*(?:&\S*\s+)*[|>]")  # the text is one block scalar


def _ends_inside_block(text: str) -> bool:
    """Whether the text may end inside a block scalar (``a: |``) with no line end after its last line.

    yaml-rs gives that text a final line end, which ruamel.yaml (and YAML) do not. Only an
    indented last line, or a text that is one block scalar, can be inside one.
    """
    if text.endswith(("\n", "\r")):
        return False
    return text[max(text.rfind("\n"), text.rfind("\r")) + 1 :][:1] == " " or bool(_ROOT_BLOCK.match(text))


def _open_at_line_end(line: str) -> bool:
    """Whether a line leaves a '[' or '{' open, skipping quoted text and a comment; unsure is open.

    A key inside brackets that runs over a line end (``{a\n : 1}``) is read by yaml-rs and
    refused by ruamel.yaml, so any flow collection over several lines is read with care.
    """
    depth, at, quote = 0, 0, ""
    while at < len(line):
        char = line[at]
        if quote:
            if char == "\\" and quote == '"':
                at += 1
            elif char == quote:
                if quote == "'" and line[at + 1 : at + 2] == "'":
                    at += 1
                else:
                    quote = ""
        elif char == "\r":  # a line end on its own, as old Macs wrote them
            if depth > 0:
                return True
        elif char in "\"'" and (at == 0 or line[at - 1] in " \r[{,:"):
            quote = char
        elif char == "#" and (at == 0 or line[at - 1] in " \r"):
            at = line.find("\r", at)
            if at < 0:
                break
            continue
        else:
            depth += (char in "[{") - (char in "]}")
        at += 1
    return depth > 0 or bool(quote)


def _flow_over_lines(text: str) -> bool:
    """Whether a flow collection may run over a line end (see ``_open_at_line_end``)."""
    checked: set[int] = set()  # where each line counted starts: once, however many brackets it holds
    for pattern in _FLOW:
        for found in pattern.finditer(text):
            if found[0][-1] in "\r\n":
                return True
            start = text.rfind("\n", 0, found.start()) + 1
            if start in checked:
                continue
            checked.add(start)
            end = text.find("\n", start)
            if _open_at_line_end(text[start : end if end >= 0 else len(text)]):
                return True
    return False


def ordinary(text: str) -> bool:
    """Whether yaml-rs reads ``text`` exactly as ruamel.yaml does (the case for plan files)."""
    if any(mark in text for mark in _MARKS) or text.startswith(("---", "...")):
        return False
    if "\r" in text and ("\r---" in text or "\r..." in text):  # several documents, lines ended by CR alone
        return False
    if "*" in text and "&" in text and ANCHOR.search(text):  # an alias inside its own anchor's value: null to yaml-rs
        return False
    if _LAST_BLOCK.search(text.rstrip().rpartition("\n")[2]) or any(odd.search(text) for odd in _ODD):
        return False
    if _ends_inside_block(text) or may_hold_long_number(text):
        return False
    if ("[" in text or "{" in text) and _flow_over_lines(text):
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
