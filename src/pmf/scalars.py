"""YAML scalars as pmf writes them: any text on one line, plain where that reads back the same."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from pmf.nodes import Node, ScalarNode, written_value
from pmf.yamlio import load_fast
from pmf.yamlscreen import YamlProblem

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


_PLAIN = re.compile(r"[^\W\d_][\w .,'()/&%+-]*(?<! )")  # a letter first, no ': ', ' #', quote or bracket


def _printable(ch: str) -> bool:
    """Characters YAML lets a file hold as they are (and that no reader takes for a line break)."""
    return (
        " " <= ch <= "~"
        or "\xa0" <= ch <= "\ud7ff"
        or ("\ue000" <= ch <= "\ufffd" and ch != "\ufeff")
        or ch >= "\U00010000"
    ) and ch not in "\u2028\u2029"


def single_quoted(text: str) -> str:
    """``text`` in single quotes, as a person writes a value with a colon in it; in double quotes when it holds
    a character single quotes cannot (a control character, a line break)."""
    return "'" + text.replace("'", "''") + "'" if all(_printable(ch) for ch in text) else double_quoted(text)


def double_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar on one line: any character, a line break included.

    Never text pmf validate warns of as a Windows path (pmf.backslashes): where a line break or tab runs on
    into a small letter in a word shaped as a path (``"See the file\\nnotes.xlsx"`` reads as ``file\\notes.xlsx``),
    each such one is written by its code (``\\x0A``), which YAML reads as the same character."""
    from pmf.backslashes import path_escape

    written = _quoted(text, short=True)
    return written if "\\" not in written or path_escape(written) is None else _quoted(text, short=False)


def _quoted(text: str, *, short: bool) -> str:
    """``text`` in double quotes, each character YAML cannot hold as it is escaped: by its short escape (``\\n``)
    where ``short`` or where no small letter follows it, else by its code in capitals (``\\x0A``, ``\\uD800``),
    so that no special character's letter runs on into a name."""
    out = []
    digits = "x" if short else "X"
    for at, ch in enumerate(text):
        if ch in _ESCAPES and (short or ch in '\\"' or not text[at + 1 : at + 2].islower()):
            out.append(_ESCAPES[ch])
        elif ch not in _ESCAPES and _printable(ch):
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02{digits}}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04{digits}}")
        else:
            out.append(f"\\U{ord(ch):08{digits}}")
    return '"' + "".join(out) + '"'


def scalar_text(value: object, *, flow: bool = False) -> str:
    """Write text as a YAML scalar that reads back as the same text: plain when that is safe where it
    goes (inside ``{...}`` a comma or bracket is not), else double-quoted."""
    text = str(value)
    if not flow and _PLAIN.fullmatch(text) and text.casefold() not in ("true", "false", "null"):
        return text  # words and plain punctuation stay text without asking a reader (a sheet has thousands)
    if text and text == text.strip() and all(_printable(ch) for ch in text):
        probe, expected = (f"k: {{v: {text}}}\n", {"k": {"v": text}}) if flow else (f"k: {text}\n", {"k": text})
        try:  # read as pmf reads it
            if load_fast(probe) == expected:
                return text
        except YamlProblem:  # anything odd is simply quoted
            pass
    return double_quoted(text)


class Raw(str):
    """A field value that is already YAML text (a number, ``null``, a small flow mapping)."""

    __slots__ = ()


Field = tuple[str, object]  # a key and its value: text (written safely where it goes), a Decimal, None or Raw


@dataclass(frozen=True)
class Versions:
    """Plan text given in English, Welsh or both, to write as ``{en: ..., cy: ...}`` (pmf.textedits)."""

    en: str | None = None
    cy: str | None = None

    def over(self, text: str, node: Node, flow: bool) -> tuple[int, int, str] | None:
        """The span of ``text`` to replace, and with what, to write these versions over ``node``
        (in a flow mapping when ``flow``; the version not given kept: pmf.textedits); None to
        write them as a new value."""
        return None


def render(value: object, *, flow: bool) -> str:
    if value is None:
        return "null"
    if isinstance(value, Versions):
        if value.cy is None and value.en is not None:
            return scalar_text(value.en, flow=flow)
        parts = [f"{k}: {scalar_text(v, flow=True)}" for k, v in (("en", value.en), ("cy", value.cy)) if v is not None]
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, Raw | Decimal | int):
        return str(value)
    return scalar_text(value, flow=flow)


def same(text: str, node: Node, value: object) -> bool:
    """Whether ``node`` (an alias's target, not the alias) already holds ``value`` (842 and 842.0 are
    the same figure; a folded comment is the same comment as its text on one line)."""
    if isinstance(value, Raw):
        return text[node.start_mark.index : node.end_mark.index] == value
    if not isinstance(node, ScalarNode):
        return False
    plain_null = node.style is None and node.value in ("", "~", "null", "Null", "NULL")
    if value is None:
        return plain_null
    if plain_null:
        return False
    if isinstance(value, Decimal | int):
        try:
            return node.style is None and Decimal(node.value.replace("_", "")) == value
        except InvalidOperation:
            return False
    return written_value(node) == str(value)
