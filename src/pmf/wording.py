"""What the YAML reader says, in a service lead's words: one table, each entry saying what to do.

Every message the reader gives on the hostile and invalid corpora (tests/data/invalid, the
fuzzing run, tests/test_yaml_messages.py) has a row here and a test with its exact text; a
message no row knows keeps the reader's words behind a plain lead-in, so the place is never
lost. What pydantic says about a file's values is pmf.fieldwording.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pmf.yamlclues import (
    DRIVE,
    WINDOWS_PATH,
    Mark,
    Said,
    back_to_its_list,
    blank_line,
    bracketed,
    comment_goes_on,
    curly_quote,
    ended_early,
    glued_colon,
    glued_dash,
    item_without_colon,
    line_above,
    note_took_bracket,
    runs_on,
    short,
    spaced_blank,
)

# The lead-in of a message no row knows: the reader's words follow it.
UNKNOWN_YAML = "YAML cannot read this; check the indentation, colons and quotes here"


Rule = Callable[[re.Match[str], Said], tuple[str, Mark | None]]


def _tab(found: re.Match[str], said: Said) -> tuple[str, Mark | None]:
    """A tab, which YAML does not take as a space: indenting a line, or inside it."""
    at = said.at_problem
    column = at.col if at else 1
    if at and at.text[: at.col - 1].strip():  # after a key or a dash: not indentation
        return f"YAML takes spaces, not tabs, inside a line: replace the tab at column {column} with a space", at
    return f"YAML indents with spaces, not tabs; replace the tab at column {column}", at


def _cannot_start(found: re.Match[str], said: Said) -> tuple[str, Mark | None]:
    """A value starting with a character YAML keeps for itself ('%', '@', '`', ','): text wanting quotes."""
    return f"a value cannot begin with '{found[1]}': put the text in quotes", said.at_problem


def _colon(found: re.Match[str], said: Said) -> tuple[str, Mark | None]:
    """A ': ' the reader cannot take as a key's: inside a value, or where no key may start."""
    at = said.at_problem
    before = at.text[: at.col - 1] if at else ""
    if curly := curly_quote(at):
        return curly
    if glued := _glued_before(said):
        return glued
    if re.search(r":(\s|$)", before) or before.lstrip().startswith("- "):
        if at and not at.text[at.col :].strip():  # 'title: Waste:'
            return "a colon at the end of a line starts a new key; put the text in quotes", at
        return "a colon followed by a space starts a new key; put the text in quotes", at
    return (
        "a key cannot start here, inside the text of the line above: line this key up with the keys above it, "
        "or put the text in quotes",
        at,
    )


def _glued_before(said: Said) -> tuple[str, Mark | None] | None:
    """A key or list item with no space after its ':' or '-', read as text running on to the problem."""
    at, last = said.at_problem, said.last
    if at is None:
        return None
    keyed = last and last.at.line < at.line and re.fullmatch(r"[ \t-]*", last.at.text[: last.at.col - 1])
    if last and keyed and (glued := glued_colon(last.at)):  # 'id:EX-01' where a key stands, going on to a key
        return glued
    indent = len(at.text) - len(at.text.lstrip())
    own = glued_colon(Mark(at.line, indent + 1, at.text))  # '2026-27:{target: 70.0, tolerance: 65.0}'
    rest = at.text[own[1].col : at.col - 1].lstrip("\u00a0") if own else ""
    inside = rest[:1] in {"{", "["} and sum(c in "[{" for c in rest) > sum(c in "]}" for c in rest)
    if own and inside:  # the problem inside the brackets of a value glued to its key
        return own
    above = line_above(said)
    if above and re.match(r"-\S", above.text[above.col - 1 :]) and above.col <= indent:
        return glued_dash(above)  # '-period: 2026-27 Q1' above its item's next key
    return None


def _not_closed(found: re.Match[str], said: Said) -> tuple[str, Mark | None]:
    """A '[' or '{' not closed where the reader looked: a key split over lines, a wrong closing bracket, a comma
    missing, or no closing bracket at all."""
    opening, closing = ("[", "]") if found[1] == "sequence" else ("{", "}")
    start, stop, last = said.at_context, said.at_problem, said.last
    if stop and last and last.entry and last.at.line < stop.line and found[2] == ":" and said.closed:
        return (
            f"the key '{short(last.value)}' and its ':' are not on one line: inside '{opening} {closing}' write "
            "the key and its colon on one line",
            last.at,
        )
    if stop and found[2] in {"]", "}"}:  # '[target: 70}': brackets that do not match
        other = "{" if found[2] == "}" else "["
        return f"this '{found[2]}' closes a '{opening}': end it with '{closing}', or open it with '{other}'", stop
    if stop and found[2] != "<stream end>" and (last.at.line if last else start.line if start else 0) == stop.line:
        inside = stop.text[max(stop.col - 3, 0) : stop.col]  # {cy: 'i'r'}: a quote between two letters, in a word
        if len(inside) == 3 and inside[0].isalpha() and inside[2].isalpha() and (quote := ended_early(stop)):
            return _ended_at(quote), stop
        return (
            f"inside '{opening} {closing}' entries are separated by commas, and text holding a comma or "
            "a colon needs quotes",
            stop,
        )
    return f"the '{opening}' here is never closed: end it with '{closing}' on the same line", start or stop


def _unclosed_quote(found: re.Match[str], said: Said) -> tuple[str, Mark | None]:
    """A quotation mark never closed, or closed by a mark a backslash makes part of the text."""
    at = said.at_context or said.at_problem
    single = at is not None and at.text[at.col - 1 : at.col] == "'"
    line = at.text.rstrip() if at and not single else ""
    ends = line[:-1] if at and line.endswith('"') and len(line) > at.col else ""  # the line's last '"' not the first
    if at and (len(ends) - len(ends.rstrip("\\"))) % 2:  # an odd run of backslashes before it: 'x\"' escapes it
        return (
            "the '\\' just before the closing quotation mark makes that mark part of the text, so the quotation "
            "is never closed: write a backslash as '\\\\', or put the text in single quotes",
            Mark(at.line, len(ends), at.text),
        )
    hint = " (inside single quotes, write an apostrophe as '')" if single else ""
    return f"the quotation mark here is never closed: add the closing quote{hint}", at


def _blank_first(found: re.Match[str], said: Said) -> tuple[str, Mark | None]:
    """ruamel.yaml's 'more indented follow up line than first': the block's first line is blank with spaces."""
    at = said.at_context or said.at_problem
    number = at.line if at else 0
    while number > 1 and not said.line(number - 1).strip():
        number -= 1
    return blank_line(number, more=False) if at and number < at.line else (UNKNOWN_YAML, at)


def _out_of_line(found: re.Match[str], said: Said) -> tuple[str, Mark | None]:
    """A line the reader cannot place among the keys or items around it: told by what the line starts with."""
    what = found[2]
    if special := spaced_blank(said):
        return special
    if what in {"-", "<block sequence start>"}:
        return _item_out_of_line(said), said.at_problem
    if what == "?":
        return glued_dash(said.at_problem) or (
            "a key where a list item was expected: start the line with '- ', or line it up with the key above the list",
            said.at_problem,
        )
    if what in {"]", "}"}:
        return f"a '{what}' with no opening bracket: remove it, or put the text in quotes", said.at_problem
    if what == "<scalar>":
        return _text_out_of_line(said)
    found_here: tuple[str, Mark | None] | None = (
        (item_without_colon(said) or glued_dash(line_above(said)))
        if what == "<block mapping start>"
        else bracketed(said.at_problem)  # 'inherent: {likelihood: 4, impact: 4}, high'
        if what == ","
        else None
    )
    return found_here or (
        "this line is not lined up with the lines above it: indent it by as many spaces as the key it belongs beside",
        said.at_problem,
    )


def _item_out_of_line(said: Said) -> str:
    """A list item ('- ') where the reader looked for a key, or out of line with the items above it."""
    deeper = said.at_context is not None and said.at_problem is not None and said.at_problem.col > said.at_context.col
    above = line_above(said)
    valued = re.match(r"([^-#\s][^#]*?):[ \t]+[^#\s]", above.text[above.col - 1 :]) if above else None
    home = back_to_its_list(said)  # an item added below its list's end ('sign_off:' ends a plan)
    if deeper and valued:  # under 'issue: false': a key that already has its value on its line
        if home:
            return f"this list item comes after '{short(valued[1])}:', which already has its value: {home}"
        return (
            "this list item follows a key that already has its value: put the list under a key of its own "
            "('name:' on the line above it, with nothing after the colon)"
        )
    if deeper and "mapping" in said.context:
        # deeper than the keys around it, so it belongs to the list above, but out of line with its items
        return "this list item is not lined up with the items above it: indent it by as many spaces as they are"
    return f"a list item ('- ') where a key was expected: {home or 'indent the list under the key that holds it'}"


def _text_out_of_line(said: Said) -> tuple[str, Mark | None]:
    """A line of text where the reader looked for a key: after a quote or block of text, or a comment, ended early."""
    if special := runs_on(said) or bracketed(said.at_problem):
        return special
    if quote := ended_early(said.at_problem):
        text = _ended_at(quote)
    elif comment_goes_on(said):
        text = "a comment ('#') ends with its line: if this line goes on with the comment above, start it with '#' too"
    else:
        text = "a line of text where a key was expected: write it as 'key: value', or line it up with the keys above it"
    return text, said.at_problem


def _ended_at(quote: str) -> str:
    """A quoted text ended by a quotation mark (``quote``) meant as part of it: an apostrophe, or a '"'."""
    if quote == "'":
        return "the quoted text ends at the apostrophe just before this: inside single quotes write an apostrophe as ''"
    return 'the quoted text ends at the quotation mark just before this: put text holding " in single quotes'


def _no_colon(found: re.Match[str], said: Said) -> tuple[str, Mark | None]:
    """A line the reader took for a key but found no ': ' on: a glued '-' or ':', or no colon at all."""
    at = said.at_context or said.at_problem
    above = line_above(said, at)
    if at and above and above.text[at.col - 1 : at.col + 1] == "- " and (dash := glued_dash(at)):  # '-EX-02'
        return dash
    return glued_colon(at) or (
        "this line has no colon: write it as 'key: value', or indent it further to continue the text above",
        said.at_context or said.at_problem,
    )


def _second(found: re.Match[str], said: Said) -> tuple[str, Mark | None]:
    """Content after a line '---' or '...' (the second starts a document, the first ends the file's content)."""
    number = said.at_problem.line if said.at_problem else 0
    while number > 1 and not said.line(number).startswith(("---", "...")):
        number -= 1
    line = said.line(number)
    if line.startswith("..."):
        return "'...' marks the end of the file's content, and more follows it: delete the line", Mark(number, 1, line)
    at = Mark(number, 1, line) if line.startswith("---") else said.at_problem
    return "'---' starts a second document; pmf reads one per file: remove the line", at


def _document(found: re.Match[str], said: Said) -> tuple[str, Mark | None]:
    """A key after a line of text at the left margin, or below a first key that is indented."""
    first = next((n for n, line in enumerate(said.lines, 1) if line.strip()[:1] not in {"", "#", "%"}), 0)
    text = said.line(first)
    if said.at_problem and first < said.at_problem.line and text[:1] == " " and re.search(r":(\s|$)", text):
        return (
            "the file's first key is indented, and the keys below it are not: write every key of the file "
            "at the left margin",
            Mark(first, len(text) - len(text.lstrip()) + 1, text),
        )
    return (
        "a key cannot follow a line of text on its own: write every line at the left margin as 'key: value'",
        said.at_problem,
    )


def _unknown_escape(found: re.Match[str], said: Said) -> tuple[str, Mark | None]:
    """A backslash before a character YAML has no special meaning for, inside double quotes: in a Windows path
    (``"Waste\\new\\plans"``) told as one."""
    at = said.at_problem
    start = at.text.rfind(" ", 0, at.col - 1) + 1 if at else 0
    word = at.text[start:].split(" ", 1)[0].strip(",]}") if at else ""
    if WINDOWS_PATH.search(word) or DRIVE.match(word):
        return (
            f"inside double quotes a '\\' starts a special character, and '\\{found[1]}' is none: for a path, put "
            "the text in single quotes, or write '/' in place of each '\\'",
            at,
        )
    return f"'\\{found[1]}' has no meaning inside double quotes: use single quotes, or write a backslash as '\\\\'", at


def _marker(found: re.Match[str], said: Said) -> tuple[str, Mark | None]:
    """A value starting with '&' or '*' and no name after it (``& more``): text wanting quotes."""
    sign = "&" if found[1] == "anchor" else "*"
    return f"a value cannot begin with '{sign}': put the text in quotes", said.at_context or said.at_problem


def _sign(at: Mark | None) -> str:
    """The character at ``at`` ('|' when there is no mark): which of '|' and '>' began a block."""
    return at.text[at.col - 1 : at.col] if at else "|"


def _undefined(found: re.Match[str], said: Said) -> tuple[str, Mark | None]:
    """A value starting with '*name' that YAML reads as a reference to an '&name' above, which there is not."""
    return (
        f"'*{found[1]}' refers to '&{found[1]}', which is not defined above it: write the value out, "
        "or put text starting with '*' in quotes",
        said.at_problem,
    )


YAML_RULES: list[tuple[re.Pattern[str], Rule]] = [
    (re.compile(r"found character '\\t' that cannot start any token"), _tab),
    (re.compile(r"found character '(.)' that cannot start any token"), _cannot_start),
    (re.compile(r"^mapping values are not allowed here"), _colon),
    (re.compile(r"while parsing a flow (sequence|mapping) expected ',' or '[\]}]', but got '(.*)'"), _not_closed),
    (
        re.compile(r"while parsing a flow node expected the node content, but found '<stream end>'"),
        lambda found, said: ("a '[' or '{' is never closed: end it with ']' or '}' on the same line", said.at_problem),
    ),
    (re.compile(r"while scanning a (?:double-)?quoted scalar found unexpected end of stream"), _unclosed_quote),
    (re.compile(r"while scanning a double-quoted scalar found unknown escape character '(.*)'"), _unknown_escape),
    (re.compile(r"while parsing a block (mapping|collection) expected <block end>, but found '(.*)'"), _out_of_line),
    (
        re.compile(r"while parsing a block node expected the node content, but found '<document end>'"),
        lambda found, said: (
            "'...' marks the end of the file's content, and nothing comes before it: delete the line",
            said.at_problem,
        ),
    ),
    (re.compile(r"while parsing a block node expected the node content, but found '(.*)'"), _cannot_start),
    (re.compile(r"more indented follow up line than first in a block scalar"), _blank_first),
    (
        re.compile(r"while parsing a flow node expected the node content, but found ','"),
        lambda found, said: ("an entry in brackets is empty here: remove the extra ','", said.at_problem),
    ),
    (
        re.compile(r"while (?:parsing|scanning) an? tag"),  # '!>-', '!x}': a '!' starting text
        lambda found, said: ("a value cannot begin with '!': put the text in quotes", said.at_context),
    ),
    (
        re.compile(r"found non-comment content after document end marker"),
        lambda found, said: (
            "'...' marks the end of the file's content, and text follows it: delete the '...'",
            Mark(said.at_problem.line, 1, said.at_problem.text) if said.at_problem else None,
        ),
    ),
    (
        re.compile(r"while parsing a flow node expected the node content, but found '-'"),
        lambda found, said: (
            "inside '[ ]' or '{ }' an entry cannot start with '- ': separate entries with commas, "
            "or put the text in quotes",
            said.at_problem,
        ),
    ),
    (re.compile(r"while parsing a flow node expected the node content, but found '(.)'"), _cannot_start),
    (
        re.compile(r"^sequence entries are not allowed here"),
        lambda found, said: (
            "a list cannot start on the line of its key: put the text in quotes, or write each item on its "
            "own line below the key, indented, starting '- '",
            said.at_problem,
        ),
    ),
    (
        re.compile(r"^mapping keys are not allowed here"),
        lambda found, said: ("a value cannot begin with '? ': put the text in quotes", said.at_problem),
    ),
    (
        re.compile(r"while scanning a block scalar expected a comment or a line break"),
        lambda found, said: (
            f"'{_sign(said.at_context)}' at the start of a value begins a block of text on the lines below, and "
            "nothing may follow it on its line: put the text in quotes, or move it to the next line, indented",
            said.at_context or said.at_problem,
        ),
    ),
    (re.compile(r"while scanning a simple key could not find expected ':'"), _no_colon),
    (re.compile(r"expected '<document start>', but found"), _document),
    (
        re.compile(r"expected a single document in the stream but found another document"),
        _second,
    ),
    (re.compile(r"while scanning an? (anchor|alias) expected alphabetic or numeric character"), _marker),
    (
        re.compile(r"while scanning a block scalar expected chomping or indentation indicators"),
        lambda found, said: (
            "'|' or '>' at the start of a value begins a block of text on the lines below: put the text in quotes",
            said.at_context or said.at_problem,
        ),
    ),
    (re.compile(r"found undefined alias '(.*)'"), _undefined),
    (
        re.compile(r"while constructing a mapping found unhashable key"),
        lambda found, said: (
            "a key cannot be keys and values in braces: write the key as plain text, or put it in quotes",
            said.at_problem or said.at_context,
        ),
    ),
    (
        re.compile(r'found duplicate key "(.*?)"|duplicate key'),
        lambda found, said: (
            f"duplicate key{f' {found[1]!r}' if found[1] else ''}: each key may appear once",
            said.at_problem or said.at_context,
        ),
    ),
    (
        re.compile(r"could not determine a constructor for the tag '(?:tag:yaml\.org,2002:)?(.*?)'"),
        lambda found, said: (
            "a value cannot begin with '!': put the text in quotes"
            if found[1].startswith("!") and not found[1].startswith("!!")  # '!important', not a type of YAML's
            else f"'{'!!' if not found[1].startswith('!') else ''}{found[1]}' asks for a kind of value pmf does not "
            "read: remove it (pmf reads text, numbers, dates, true or false, lists, and keys with values)",
            said.at_problem or said.at_context,
        ),
    ),
]


def yaml_problem(said: Said) -> tuple[str, int, int]:
    """The YAML reader's complaint as a plain sentence, with the line and column it is about."""
    words = " ".join(s for s in (said.context, said.problem) if s)
    if took := note_took_bracket(said):  # 'cy: #1 blaenoriaeth}': the note took the closing bracket
        return took[0], took[1].line, took[1].col
    for pattern, rule in YAML_RULES:
        if found := pattern.search(words):
            message, at = rule(found, said)
            break
    else:
        message = f"{UNKNOWN_YAML} ({words or 'syntax error'})"
        at = said.at_problem or said.at_context
    return message, (at.line if at else 0), (at.col if at else 0)
