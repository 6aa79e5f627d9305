"""What the YAML reader and pydantic say, in a service lead's words: one table, each entry saying what to do.

Every message the libraries give on the hostile and invalid corpora (tests/data/invalid, the
fuzzing run) has a row here and a test with its exact text; a message no row knows keeps the
library's words behind a plain lead-in, so the place is never lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

# The lead-ins of a message no row knows: the library's words follow them.
UNKNOWN_YAML = "YAML cannot read this; check the indentation, colons and quotes here"
UNKNOWN_PYDANTIC = "cannot be read as written"

# -- YAML ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """Where the YAML reader stopped: 1-based line and column, and that line's text."""

    line: int
    col: int
    text: str


@dataclass(frozen=True)
class Said:
    """A YAML reader's complaint: its context and problem, and the marks of each (None when absent)."""

    context: str
    problem: str
    at_context: Mark | None
    at_problem: Mark | None


Rule = Callable[[re.Match[str], Said], tuple[str, Mark | None]]


def _tab(found: re.Match[str], said: Said) -> tuple[str, Mark | None]:
    at = said.at_problem
    column = at.col if at else 1
    return f"YAML indents with spaces, not tabs; replace the tab at column {column}", at


def _cannot_start(found: re.Match[str], said: Said) -> tuple[str, Mark | None]:
    return f"a value cannot begin with '{found[1]}': put the text in quotes", said.at_problem


def _colon(found: re.Match[str], said: Said) -> tuple[str, Mark | None]:
    at = said.at_problem
    before = at.text[: at.col - 1] if at else ""
    if re.search(r":(\s|$)", before) or before.lstrip().startswith("- "):
        return "a colon followed by a space starts a new key; put the text in quotes", at
    return (
        "a key cannot start here, inside the text of the line above: line this key up with the keys above it, "
        "or put the text in quotes",
        at,
    )


def _not_closed(found: re.Match[str], said: Said) -> tuple[str, Mark | None]:
    opening, closing = ("[", "]") if found[1] == "sequence" else ("{", "}")
    start, stop = said.at_context, said.at_problem
    if start and stop and start.line == stop.line and found[2] != "<stream end>":
        return (
            f"inside '{opening} {closing}' entries are separated by commas, and text holding a comma or "
            "a colon needs quotes",
            stop,
        )
    return f"the '{opening}' here is never closed: end it with '{closing}' on the same line", start or stop


def _unclosed_quote(found: re.Match[str], said: Said) -> tuple[str, Mark | None]:
    at = said.at_context or said.at_problem
    single = at is not None and at.text[at.col - 1 : at.col] == "'"
    hint = " (inside single quotes, write an apostrophe as '')" if single else ""
    return f"the quotation mark here is never closed: add the closing quote{hint}", at


def _ended_early(at: Mark | None) -> str:
    """The quote a quoted value ended at, when text follows it on the same line (``'Council's plan'``)."""
    before = at.text[: at.col - 1].rstrip() if at else ""
    return before[-1] if before.endswith(("'", '"')) and before.strip(" -'\"") else ""


def _out_of_line(found: re.Match[str], said: Said) -> tuple[str, Mark | None]:
    what = found[2]
    deeper = said.at_context is not None and said.at_problem is not None and said.at_problem.col > said.at_context.col
    if what in {"-", "<block sequence start>"} and deeper and "mapping" in said.context:
        # deeper than the keys around it, so it belongs to the list above, but out of line with its items
        text = "this list item is not lined up with the items above it: indent it by as many spaces as they are"
    elif what in {"-", "<block sequence start>"}:
        text = "a list item ('- ') where a key was expected: indent the list under the key that holds it"
    elif what == "?":
        text = (
            "a key where a list item was expected: start the line with '- ', or line it up with the key above the list"
        )
    elif what in {"]", "}"}:
        text = f"a '{what}' with no opening bracket: remove it, or put the text in quotes"
    elif what == "<scalar>" and _ended_early(said.at_problem):
        text = (
            "the quoted text ends at the apostrophe just before this: inside single quotes write an apostrophe as ''"
            if _ended_early(said.at_problem) == "'"
            else 'the quoted text ends at the quotation mark just before this: put text holding " in single quotes'
        )
    elif what == "<scalar>":
        text = "a line of text where a key was expected: write it as 'key: value', or line it up with the keys above it"
    else:
        text = "this line is not lined up with the lines above it: indent it by as many spaces as the key it belongs beside"
    return text, said.at_problem


def _no_colon(found: re.Match[str], said: Said) -> tuple[str, Mark | None]:
    return (
        "this line has no colon: write it as 'key: value', or indent it further to continue the text above",
        said.at_context or said.at_problem,
    )


def _document(found: re.Match[str], said: Said) -> tuple[str, Mark | None]:
    return (
        "a key cannot follow a line of text on its own: write every line at the left margin as 'key: value'",
        said.at_problem,
    )


def _marker(found: re.Match[str], said: Said) -> tuple[str, Mark | None]:
    sign, name = ("&", "an anchor") if found[1] == "anchor" else ("*", "an alias")
    return f"'{sign}' at the start of a value names {name}: put the text in quotes", said.at_context or said.at_problem


def _undefined(found: re.Match[str], said: Said) -> tuple[str, Mark | None]:
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
    (
        re.compile(r"while scanning a double-quoted scalar found unknown escape character '(.*)'"),
        lambda found, said: (
            f"'\\{found[1]}' has no meaning inside double quotes: use single quotes, or write a backslash as '\\\\'",
            said.at_problem,
        ),
    ),
    (re.compile(r"while parsing a block (mapping|collection) expected <block end>, but found '(.*)'"), _out_of_line),
    (
        re.compile(r"while parsing a block node expected the node content, but found '(.*)'"),
        lambda found, said: (f"a value cannot begin with '{found[1]}': put the text in quotes", said.at_problem),
    ),
    (re.compile(r"while scanning a simple key could not find expected ':'"), _no_colon),
    (re.compile(r"expected '<document start>', but found"), _document),
    (
        re.compile(r"expected a single document in the stream but found another document"),
        lambda found, said: (
            "'---' starts a second document; pmf reads one per file: remove the line",
            said.at_problem,
        ),
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
            f"unknown tag {'!!' if not found[1].startswith('!') else ''}{found[1]}: pmf reads plain values only; "
            "remove the tag",
            said.at_problem or said.at_context,
        ),
    ),
]


def yaml_problem(said: Said) -> tuple[str, int, int]:
    """The YAML reader's complaint as a plain sentence, with the line and column it is about."""
    words = " ".join(s for s in (said.context, said.problem) if s)
    for pattern, rule in YAML_RULES:
        if found := pattern.search(words):
            message, at = rule(found, said)
            break
    else:
        message = f"{UNKNOWN_YAML} ({words or 'syntax error'})"
        at = said.at_problem or said.at_context
    return message, (at.line if at else 0), (at.col if at else 0)


# -- pydantic -----------------------------------------------------------------------------


def shown(value: Any) -> str:
    """A value as a message shows it: its ``repr``, cut short (a value may be huge or deeply nested)."""
    import reprlib

    short = reprlib.Repr()
    short.maxlevel, short.maxstring, short.maxother = 3, 80, 80
    return short.repr(value)


_DAY_FIRST = re.compile(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*")
_ISO = re.compile(r"\s*(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})\s*")


def _date(value: Any) -> str:
    """Dates as YYYY-MM-DD, with the value written that way when it can be read day first (UK)."""
    import datetime as dt

    text = str(value)
    if found := _ISO.fullmatch(text):
        year, month, day = int(found[1]), int(found[2]), int(found[3])
    elif found := _DAY_FIRST.fullmatch(text):
        year, month, day = int(found[3]), int(found[2]), int(found[1])
    else:
        return "write dates as YYYY-MM-DD, e.g. 2026-03-31"
    try:
        example = dt.date(year, month, day).isoformat()
    except ValueError:
        return f"'{text.strip()}' is not a real date: check the day and month, and write it as YYYY-MM-DD"
    return f"write dates as YYYY-MM-DD, e.g. {example}"


def _characters(n: int) -> str:
    return f"{n} character" if n == 1 else f"{n} characters"


# pydantic's error type -> what to do; ``found`` is the value shown, ``ctx`` pydantic's context.
PYDANTIC: dict[str, Callable[[Any, dict[str, Any]], str]] = {
    "enum": lambda value, ctx: f"must be one of {ctx.get('expected', '')}; found {shown(value)}",
    "literal_error": lambda value, ctx: f"must be one of {ctx.get('expected', '')}; found {shown(value)}",
    "decimal_parsing": lambda value, ctx: f"must be a number; found {shown(value)}",
    "decimal_type": lambda value, ctx: f"must be a number; found {shown(value)}",
    "float_parsing": lambda value, ctx: f"must be a number; found {shown(value)}",
    "float_type": lambda value, ctx: f"must be a number; found {shown(value)}",
    "finite_number": lambda value, ctx: f"must be a number you can write down; found {shown(value)}",
    "int_parsing": lambda value, ctx: f"must be a whole number; found {shown(value)}",
    "int_type": lambda value, ctx: f"must be a whole number; found {shown(value)}",
    "int_from_float": lambda value, ctx: f"must be a whole number; found {shown(value)}",
    "bool_parsing": lambda value, ctx: f"must be true or false; found {shown(value)}",
    "bool_type": lambda value, ctx: f"must be true or false; found {shown(value)}",
    "greater_than_equal": lambda value, ctx: f"must be at least {ctx['ge']}; found {shown(value)}",
    "greater_than": lambda value, ctx: f"must be more than {ctx['gt']}; found {shown(value)}",
    "less_than_equal": lambda value, ctx: f"must be at most {ctx['le']}; found {shown(value)}",
    "less_than": lambda value, ctx: f"must be less than {ctx['lt']}; found {shown(value)}",
    "string_type": lambda value, ctx: f"must be text; found {shown(value)}",
    "string_too_long": lambda value, ctx: (
        f"is too long: write at most {_characters(ctx['max_length'])} (this has {len(str(value))})"
    ),
    "string_too_short": lambda value, ctx: "needs a value",
    "string_pattern_mismatch": lambda value, ctx: f"'{value}' is not an identifier: use letters, digits, '-' and '_'",
    "list_type": lambda value, ctx: f"must be a list (lines starting '- ', or [a, b]); found {shown(value)}",
    "tuple_type": lambda value, ctx: f"must be a list (lines starting '- ', or [a, b]); found {shown(value)}",
    "too_short": lambda value, ctx: "needs at least one entry",
    "too_long": lambda value, ctx: f"has too many entries: at most {ctx.get('max_length')}",
    "date_parsing": lambda value, ctx: _date(value),
    "date_type": lambda value, ctx: _date(value),
    "date_from_datetime_parsing": lambda value, ctx: _date(value),
    "date_from_datetime_inexact": lambda value, ctx: _date(value),
    "datetime_parsing": lambda value, ctx: _date(value),
    "datetime_type": lambda value, ctx: _date(value),
    "datetime_from_date_parsing": lambda value, ctx: _date(value),
}


def pydantic_problem(
    error: Any, *, missing: str, keys: Callable[[], Sequence[str]], here: str, in_braces: bool = False
) -> str:
    """One pydantic error as a plain sentence.

    ``missing``: the name of a key left out; ``keys``: the keys allowed where the error is
    (asked only when the message lists them); ``here``: the key the error is about;
    ``in_braces``: whether that key was written inside { }.
    """
    kind, value = error["type"], error.get("input", "")
    if value is None and kind not in {"missing", "extra_forbidden"}:
        return "needs a value"
    if kind == "missing":
        return f"'{missing}' is required"
    if kind == "extra_forbidden":
        # A key of several words with no value is almost always the tail of a text cut by a comma
        # inside { } ({approved_by: Cabinet Member for Housing, Planning and Waste, date: ...}).
        cut = in_braces and value is None and " " in here.strip()
        hint = "; inside { } a comma ends a text: put the whole text with its comma in quotes" if cut else ""
        return f"unknown key '{here}'{_suggest(here, keys())}{hint}"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return f"must be keys and values ({', '.join(keys())}); found {shown(value)}"
    if kind in PYDANTIC:
        return PYDANTIC[kind](value, error.get("ctx", {}))
    message = str(error["msg"])
    if kind in {"value_error", "assertion_error"}:  # pmf's own rules: already in its words
        return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return f"{UNKNOWN_PYDANTIC} ({message}); found {shown(value)}"


def _suggest(word: str, choices: Sequence[str]) -> str:
    from pmf.errors import suggestion

    close = suggestion(word, choices, cutoff=0.6)
    if close or not choices or len(choices) > 25:
        return close
    return f"; allowed keys: {', '.join(choices)}"
