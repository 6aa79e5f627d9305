"""Edits to a file's text by span: each replaces a stretch of the text or inserts lines, so every
other byte stays as written. An edit is written with "\\n" and takes the file's own line end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class EditRefused(ValueError):
    """An edit pmf will not make: the message says why and what to do instead; ``line`` is 1-based."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line


@dataclass
class Edit:
    start: int
    end: int
    text: str  # written with "\n"; takes the file's own line end when applied


_LONE_LF = re.compile(r"(?<!\r)\n")


def newline_of(text: str) -> str:
    """The file's dominant line end: Windows (CRLF) when most lines end so, else "\\n"."""
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf >= text.count("\n") - crlf else "\n"


def apply(text: str, edits: list[Edit]) -> str:
    newline = newline_of(text)
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        new = _LONE_LF.sub(newline, edit.text) if newline != "\n" else edit.text
        text = text[: edit.start] + new + text[edit.end :]
    return text


def line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def line_end(text: str, index: int) -> int:
    end = text.find("\n", index)
    return len(text) if end == -1 else end + 1
