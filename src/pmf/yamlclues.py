"""Where a YAML slip is, read from the lines around the reader's mark: what the careful reader saw
(``Said``: its complaint, its marks, the file's lines and the last text it read), and the clues
pmf.wording's rules take from it (a blank line atop a block, a key whose ':' has no space after it,
a quote left open, text after a value in brackets, a dash or a quotation mark typed as Word types it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# Text written in two languages (``title: {en: ..., cy: ...}``): its languages, and the mark that its Welsh
# is out of date; those keys alone (pmf.bilingual reads them, pmf.nodes.two_languages finds them)
LANGUAGES = ("en", "cy")
STALE = "out_of_date"
TEXT_KEYS = (*LANGUAGES, STALE)


@dataclass(frozen=True)
class Mark:
    """Where the YAML reader stopped: 1-based line and column, and that line's text."""

    line: int
    col: int
    text: str


@dataclass(frozen=True)
class Scalar:
    """The last text the reader read before it stopped: where it starts, its quotation mark ('' for
    none), and whether it opens an entry in brackets (after '{', '[' or ','), where a key stands."""

    at: Mark
    quote: str
    entry: bool
    value: str


@dataclass(frozen=True)
class Said:
    """A YAML reader's complaint: its context and problem, and the marks of each (None when absent);
    the file's lines and the last text read, when known."""

    context: str
    problem: str
    at_context: Mark | None
    at_problem: Mark | None
    lines: Sequence[str] = ()
    last: Scalar | None = None
    closed: bool = False  # whether the '[' or '{' at the context's mark is closed further on

    def line(self, number: int) -> str:
        """The text of a 1-based line of the file ('' past its end)."""
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""


# Curly double quotes, low and left single quotes, guillemets; not U+2019, the right single quote, which is an apostrophe
_CURLY = re.compile("[\u201c\u201d\u201e\u2018\u201a\u00ab\u00bb]")


# What may stand before a quotation mark that opens a value: a key's ':', a list item's '-', a bracket or a comma
_OPENS = re.compile(r"(?:^|[:\-\[{,])[ \t]*$")


def curly_quote(at: Mark | None) -> tuple[str, Mark | None] | None:
    """Text put in curly quotation marks (as Word types them), which YAML takes as text, not as quotes."""
    if at is None:
        return None
    # only a mark that opens a value: in 'The “best” plan: 2026' the marks are part of the text
    marks = _CURLY.finditer(at.text, 0, at.col - 1)
    found = next((mark for mark in marks if _OPENS.search(at.text[: mark.start()])), None)
    if found is None:
        return None
    return (
        f"'{found[0]}' is a curly quotation mark (as Word types it), which YAML does not take as a quotation "
        'mark: type straight quotation marks (") instead',
        Mark(at.line, found.start() + 1, at.text),
    )


# A word shaped as a Windows path, as written inside double quotes (docs/files.md, "Backslashes in double
# quotes"): a drive with a further '\' in the word ('C:\new\x', not 'Plan B:\nnext steps' nor, after a
# line pmf wrote, 'Plan A:\nwww.cardiff.gov.uk'), or starting the text before a file's name ('"C:\new.xlsx"'),
# two backslashes at the start ('\\server'), two or more backslashes in one word,
# each between characters of names ('Waste\new\plans'; a line break meant, 'Line one\nLine two', has a space
# on its lines; '\r\n' is one line break), or one before a file's name ('Waste\totals.xlsx'): after a
# folder's name, a '\n' or '\r' too ('Waste\notes.xlsx', 'Waste\returns.csv'), where after a mark a line
# starts ('see:\nwww.cardiff.gov.uk', 'In:\ntotals.xlsx'). pmf writes no text of that shape: a line break
# it writes before a small letter in such a word is '\x0A' (pmf.scalars).
_DRIVE = r"[A-Za-z]:\\"
DRIVE = re.compile(rf"[\"']?{_DRIVE}")  # a word starting with a drive ('C:\Data')
_FILE = r"\.[A-Za-z0-9]{2,5}(?![\w])"  # a file's extension ending the word: '.xlsx'
WINDOWS_PATH = re.compile(
    rf"(?<![\w]){_DRIVE}(?!r\\n)[^\s\"\\]*\\|(?<=[\"']){_DRIVE}[^\s\"\\]*{_FILE}|\"\\\\\w"
    rf"|[^\s\\\"]+(?:\\(?!r\\n)[^\s\\\"]+){{2,}}|[^\s\\\"]+\\(?![nr])[^\s\\\"]*{_FILE}"
    rf"|(?<![^\s\"])[^\s\\\"]*[\w)\]-]\\[nr][a-z][\w()-]*{_FILE}(?![./])"  # no web address: 'Late\nbbc.co.uk'
)


def short(text: str) -> str:
    """Text as a message quotes it: cut short past 40 characters."""
    return text if len(text) <= 40 else text[:37] + "..."


def ended_early(at: Mark | None) -> str:
    """The quote a quoted value ended at, when text follows it on the same line (``'Council's plan'``)."""
    before = at.text[: at.col - 1].rstrip() if at else ""
    return before[-1] if before.endswith(("'", '"')) and before.strip(" -'\"") else ""


_BLOCK_HEADER = re.compile(r"(?:^|[ \t])[|>][0-9+-]*[ \t]*(?:#.*)?$")  # 'description: |', '- >-'


def blank_line(number: int, more: bool) -> tuple[str, Mark]:
    """A blank line holding spaces at the top of a block of text, which moves where its text starts."""
    than = "more spaces than" if more else "spaces, fewer than"
    return (
        f"blank line {number} holds {than} the text below it, which confuses where the block of text starts: "
        "empty the line (delete its spaces)",
        Mark(number, 1, ""),
    )


def spaced_blank(said: Said) -> tuple[str, Mark] | None:
    """A line the reader stopped at because a blank line at the top of a block of text holds more spaces."""
    at = said.at_problem
    number = at.line - 1 if at else 0
    while number > 0 and not said.line(number).strip():
        number -= 1
    if at is None or number == at.line - 1 or not _BLOCK_HEADER.search(said.line(number)):
        return None
    spaced = next((n for n in range(number + 1, at.line) if len(said.line(n)) >= at.col), None)
    return blank_line(spaced, more=True) if spaced else None


def bracketed(at: Mark | None) -> tuple[str, Mark] | None:
    """Text after a value that starts with '[' or '{' (``title: [Draft] Waste``), read as a list or mapping."""
    before = at.text[: at.col - 1].rstrip() if at else ""
    depth, start = 0, len(before)
    while before.endswith(("]", "}")) and start > 0:
        start -= 1
        depth += (before[start] in "]}") - (before[start] in "[{")
        if depth == 0:
            break
    starts = re.search(r"(?:^|:|-)[ \t]*(?:(!)[ \t]+)?$", before[:start]) if at else None
    if at is None or depth or start == len(before) or starts is None:
        return None
    opening = before[start]
    kind = "a list" if opening == "[" else "keys and values"
    if starts[1]:  # '! [Draft] plan': the '!' is dropped, and the brackets after it read on their own
        return (
            f"YAML drops a '!' at the start of a value and reads the '{opening}' after it as {kind}, which ends at "
            f"its '{before[-1]}': put the whole text in quotes to keep it as written",
            Mark(at.line, starts.start(1) + 1, at.text),
        )
    return (
        f"a value starting with '{opening}' is read as {kind}, which ends at its '{before[-1]}': "
        "put the whole text in quotes",
        Mark(at.line, start + 1, at.text),
    )


def runs_on(said: Said) -> tuple[str, Mark | None] | None:
    """Quoted text not closed on its line, ended by a quotation mark on a later line, where text follows;
    or a line indented less than the block of text ('|', '>') above it, which ends that text."""
    last, at = said.last, said.at_problem
    if last is None or not last.quote or at is None or last.at.line >= at.line:
        return None
    if last.quote in "|>":
        return (
            f"this line is indented less than the block of text ('{last.quote}') above it, which ends there: "
            "indent it as far as the lines above it",
            at,
        )
    hint = " (inside single quotes, write an apostrophe as '')" if last.quote == "'" else ""
    return (
        f"the quotation mark here is not closed on its line, so the text runs on to line {at.line}: "
        f"add the closing quote{hint}",
        last.at,
    )


def line_above(said: Said, below: Mark | None = None) -> Mark | None:
    """The first character of the nearest line above ``below`` (the problem, unless given) that holds
    more than a comment."""
    below = below or said.at_problem
    number = below.line - 1 if below else 0
    while number > 0 and said.line(number).strip()[:1] in {"", "#"}:
        number -= 1
    text = said.line(number)
    return Mark(number, len(text) - len(text.lstrip()) + 1, text) if number else None


# A list item's dash and the key its item starts with, if any ('  - outcome: healthy', '  - EX-01')
_ITEM = re.compile(r"([ \t]*)-[ \t]+(?:([^\s#:'\"\[{][^#:]*?):(?:[ \t]|$))?")
_BARE_KEY = re.compile(r"([^-#\s][^#]*?):[ \t]*(?:#.*)?$")  # 'outcomes:', a key whose value is the lines below


def back_to_its_list(said: Said) -> str:
    """Where the list item at the problem belongs, when it was written below its list's end: under the key
    of the nearest list above whose items line up with it and start as it does (with the same key, or with
    none), as ``- outcome: healthy`` added under the ``sign_off:`` that ends a plan goes up under
    ``outcomes:``; '' when no list above is lined up so. An item that starts with a key may follow keys
    at its column (a ``sign_off:`` written over lines); a plain one ('- EX-01') shares the list's too
    little to be sent past them."""
    at = said.at_problem
    item = _ITEM.match(said.line(at.line)) if at else None
    if at is None or item is None:
        return ""
    column, seen = len(item[1]) + 1, False
    for number in range(at.line - 1, 0, -1):
        text = said.line(number)
        body = text.lstrip(" \t")
        indent = len(text) - len(body) + 1
        if body[:1] in {"", "#"} or indent > column:
            continue
        if indent == column and not seen:  # the last item of the list above: it must start as this one does
            other = _ITEM.match(text)
            if other is None and item[2]:  # a key beside it ('date:' of a 'sign_off:' written over lines)
                continue
            if other is None or other[2] != item[2]:
                return ""
            seen = True
        elif indent < column and seen:
            key = _BARE_KEY.match(body)
            return f"move it up under '{short(key[1])}:' (line {number}), whose items it lines up with" if key else ""
    return ""


def item_without_colon(said: Said) -> tuple[str, Mark | None] | None:
    """Keys indented under a list item that has no colon (``- outcome resilient``)."""
    at, above = said.at_problem, line_above(said)
    item = re.match(r"([ \t]*-[ \t]+)[^#:'\"\[{]*[^\s#:]\s*(?:#.*)?$", above.text) if above else None
    if at is None or above is None or item is None or len(item[1]) >= at.col:
        return None
    return (
        "this list item has no colon, yet the lines below it are indented as its keys: write it as 'key: value'",
        Mark(above.line, len(item[1]) + 1, above.text),
    )


def comment_goes_on(said: Said) -> bool:
    """Whether the reader stopped at the start of an indented line below a value with a comment after it."""
    at = said.at_problem
    above = said.line(at.line - 1) if at else ""
    return bool(at and at.text[: at.col - 1].isspace() and re.search(r"\S[ \t]+#", above))


# A key written with its ':' and no space after it ('title:Waste', '2026-27:{target: 70}', '2026-27:12.5'), or a
# non-breaking space ('http://' is no key, nor is a time such as '10:30'; a financial year is never a time)
_GLUED = re.compile(
    r"""[ \t]*(?:-[ \t]+)*("[^"]*"|'[^']*'|[A-Za-z_][\w-]*|\d{4}-\d\d(?=:)|\d[\w-]*(?=:\D)):(?=[^ \t\r\n/])"""
)


def glued_dash(at: Mark | None) -> tuple[str, Mark] | None:
    """A list item at ``at`` with no space after its '-' ('-EX-02'), or a non-breaking one."""
    found = re.match(r"-([^ \t\r\n-])", at.text[at.col - 1 :]) if at else None
    if at is None or found is None:
        return None
    if found[1].isspace():
        return (
            "the space after this '-' is a non-breaking space (as Word and web pages paste it), which YAML does not "
            "take as a space: type an ordinary space",
            at,
        )
    rest = short(at.text[at.col :].split(" #")[0].strip())
    if found[1].isdigit():  # '-1': a number below zero, or an item with no space
        return f"a list item needs a space after its '-': write '- {rest}', or '- -{rest}' for a number below zero", at
    return f"a list item needs a space after its '-': write '- {rest}'", at


def glued_colon(at: Mark | None) -> tuple[str, Mark] | None:
    """A key at ``at`` whose ':' has no space after it, or a non-breaking space."""
    glued = _GLUED.match(at.text, at.col - 1) if at else None
    if at is None or glued is None:
        return None
    key, after, colon = glued[1], at.text[glued.end() :], Mark(at.line, glued.end(), at.text)
    if after[:1].isspace():
        return (
            f"the space after '{key}:' is a non-breaking space (as Word and web pages paste it), which YAML "
            "does not take as a space: type an ordinary space",
            colon,
        )
    return f"'{key}:' needs a space after its colon: write '{key}: {short(after.split(' #')[0].strip())}'", colon


# A key as written at the start of a match: in quotes, or up to its ':'
WRITTEN_KEY = re.compile(r"\"[^\"\r\n]*\"|'[^'\r\n]*'|[^\s:#,\[\]{}][^:#,\[\]{}\r\n]*?(?=[ \t]*:)")
QUOTES = "\"'"

NBSP_INDENT = "this line is indented with non-breaking spaces (pasted from Word?): retype the spaces"
# A key or list item after indentation that holds a non-breaking space (YAML reads it as text)
_NBSP_INDENTED = re.compile(r"^[ \t]*\xa0[ \t\xa0]*(?:-[ \t\xa0]|[^\s#:][^:\n]*:[ \t\xa0\r\n])", re.M)


def nbsp_indented(text: str, line: int) -> tuple[str, int, int] | None:
    """The first line, up to ``line``, whose key or list item is indented with non-breaking spaces,
    as Word and e-mail paste them: the message, its line and the column of the first such space."""
    found = _NBSP_INDENTED.search(text) if "\xa0" in text else None
    at = text.count("\n", 0, found.start()) + 1 if found else line + 1
    if found is None or at > line:
        return None
    return NBSP_INDENT, at, text.index("\xa0", found.start()) - found.start() + 1


def duplicate_key(text: str, mark: Any, mapping: Any, first: tuple[int, int] | None = None) -> tuple[str, bool] | None:
    """What to say of a key written again (at ``mark``, ruamel.yaml's) in the mapping starting at ``mapping``, and
    whether it is a list item's first key, told as two items run together; None where the key is not written
    there as text. ``first``: the line and column of the key's first writing, which is read (None: not said); the
    column said only when that is the line of ``mark``."""
    written = WRITTEN_KEY.match(text, mark.index) if mark is not None else None
    if not written:
        return None
    key, lines = written[0].strip("\"'"), text.splitlines()
    item = (
        second_first_key(lines, key, Mark(mapping.line + 1, mapping.column + 1, lines[mapping.line]))
        if mapping
        else None
    )
    read = f" (pmf reads the first, on line {first[0]})" if first else ""
    if first and first[0] == mark.line + 1:
        read = f" (pmf reads the first, on line {first[0]}, column {first[1]})"
    said = item or f"duplicate key {key!r}: each key may appear once{read}"
    return said, item is not None


def second_first_key(lines: Sequence[str], key: str, first: Mark) -> str | None:
    """What to say of a second ``key`` in a list item whose first key (at ``first``) is ``key`` too: a
    forgotten '- ' before the next item, as in '    period: 2026-27 Q2' below an outturn. None if not."""
    before, written = first.text[: first.col - 1], WRITTEN_KEY.match(first.text, first.col - 1)
    if not re.fullmatch(r"[ \t]*(?:-[ \t]+)+", before) or written is None or written[0].strip("\"'") != key:
        return None
    dash = before.index("-")
    owner = "the same item"
    for above in reversed(lines[: first.line - 1]):
        indent = len(above) - len(above.lstrip(" "))
        if not above.strip() or above.lstrip().startswith("#") or indent > dash:
            continue
        if indent == dash and above.lstrip().startswith("-"):
            continue
        named = WRITTEN_KEY.match(above, indent)
        owner = f"the same item of '{named[0].strip(QUOTES)}'" if named else owner
        break
    return f"a second '{key}' in {owner}: start a new item with '- ' (line it up with the '- ' above)"


def note_took_bracket(said: Said) -> tuple[str, Mark] | None:
    """A ``' #'`` inside brackets whose note took the rest of its line, and with it the closing bracket
    (``title: {en: Top priority, cy: #1 blaenoriaeth}``), the reader then stopping on a line below: told at
    the ``#``, on the nearest such line above the problem (from the bracket's line, when the reader says)."""
    at = said.at_problem or said.at_context
    if at is None:
        return None
    if "flow" in said.context:  # the reader knows it is inside brackets
        opened = said.at_context.line if said.at_context and "flow node" not in said.context else 1
    else:  # a character that cannot start an entry in brackets ('>'): the line just above alone
        opened = next((n for n in range(at.line - 1, 0, -1) if said.line(n).strip()), at.line)
    for number in range(at.line - 1, opened - 1, -1):
        text = said.line(number)
        if (found := _note_in_brackets(text)) is not None:
            column, closing = found
            return (
                f"the ' #' here starts a YAML note, which takes the rest of the line and with it the closing "
                f"'{closing}': put the text holding the '#' in quotes ('{_quoted(text[column:])}')",
                Mark(number, column + 1, text),
            )
    return None


def _note_in_brackets(text: str) -> tuple[int, str] | None:
    """Where a note starts on ``text`` (its '#', 0-based) inside brackets opened on that line, when the note
    holds the closing bracket, and that bracket."""
    opened: list[str] = []
    quote = ""
    for index, char in enumerate(text):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"" and (index == 0 or text[index - 1] in " \t[{,:"):
            quote = char
        elif char in "[{":
            opened.append("]" if char == "[" else "}")
        elif char in "]}" and opened:
            opened.pop()
        elif char == "#" and (index == 0 or text[index - 1] in " \t"):
            return (index, opened[-1]) if opened and opened[-1] in text[index:] else None
    return None


def _quoted(note: str) -> str:
    """The text a note took, up to the next comma or the closing bracket, as written in quotes."""
    words = re.split(r"[,\]}]", note, maxsplit=1)[0].rstrip()
    return short(words.replace("'", "''"))
