"""What pydantic says about a file's keys and values, in a service lead's words: each entry saying what to do.

A message no entry knows keeps pydantic's words behind a plain lead-in. What the YAML reader
says is pmf.wording.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from pmf.yamlclues import TEXT_KEYS

# Characters that take no room, pasted with text from web pages: a key holding one is not the key it shows
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")

# What an identifier (a measure's, risk's, activity's or service's id) is made of: pmf.fields.Identifier
IDENTIFIER = r"^[A-Za-z0-9_-]+$"


def identifier_rule(text: str) -> str:
    """What an identifier is made of, naming any letter with an accent ``text`` holds (a letter to a Welsh
    speaker) and giving the id without the accents where that is one: "letters A to Z without accents (not ŵ),
    digits, '-' and '_': write 'dwr'"."""
    accented = [c for c in dict.fromkeys(text) if c.isalpha() and not c.isascii()]
    rule = "letters A to Z without accents" + (f" (not {', '.join(accented)})" if accented else "")
    rule += ", digits, '-' and '_'"
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    if accented and len(plain) <= 80 and re.fullmatch(IDENTIFIER, plain):
        rule += f": write '{plain}'"
    return rule


def not_an_identifier(text: str) -> str:
    """The problem of an id that is not an identifier (``identifier_rule``)."""
    return f"'{text}' is not an identifier: use {identifier_rule(text)}"


# The lead-in of a message no entry knows: pydantic's words follow it.
UNKNOWN_PYDANTIC = "cannot be read as written"


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


def _dash(value: Any) -> str:
    """A hint for a list typed with a dash or bullet as Word writes them ('– item', '• item'), or with no
    ordinary space after its '-' ('-EX-01', or a non-breaking space)."""
    text = value.lstrip() if isinstance(value, str) else ""
    if text[:1] == "-" and text[1:2] not in {"", " ", "-"}:
        return " (a list item needs an ordinary space after its '-': write '- ')"
    return (
        f" ('{text[:1]}' does not start a list item as '-' does: type '- ')"
        if text[:1] in {"\u2013", "\u2014", "\u2022"}
        else ""
    )


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
    "string_pattern_mismatch": lambda value, ctx: not_an_identifier(str(value)),
    "list_type": lambda value, ctx: (
        f"must be a list (lines starting '- ', or [a, b]); found {shown(value)}{_dash(value)}"
    ),
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
        if here.lstrip(" \t").startswith("\xa0"):  # the line's indentation, pasted from Word or e-mail
            from pmf.yamlclues import NBSP_INDENT

            return NBSP_INDENT
        if any(c.isspace() and c not in " \t" for c in here):  # YAML takes no other space as one
            return (
                f"'{here.strip()}' holds a non-breaking space (as Word and web pages paste it), which YAML reads "
                "as text, not as a space or indentation: type ordinary spaces instead"
            )
        if hidden := _INVISIBLE.search(here):
            return (
                f"'{_INVISIBLE.sub('', here)}' holds an invisible character (U+{ord(hidden[0]):04X}, as web pages "
                "and chat messages paste it): delete the key and type it again"
            )
        if here == "null" and value is not None:  # ': value', a line with no key before its colon
            return "a key is missing before the ':' here: write the key's name before the colon"
        close = _suggest(here, keys())
        cut = in_braces and value is None and (" " in here.strip() or not close.startswith(" (did you mean"))
        hint = "; inside { } a comma ends a text: put the whole text with its comma in quotes" if cut else ""
        if in_braces and value is None and here.isdigit():  # {target: 70,5}: the digits after a decimal comma
            hint = "; inside { } a comma separates entries: write a decimal number with a point, not a comma"
        return f"unknown key '{here}'{close}{hint}"
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


class Misplaced(NamedTuple):
    """A top-level key that lost its indentation: what to do, the key path of the place it belongs (the
    file's data), and whether the slip left that place empty (so it is not told to need a value)."""

    message: str
    place: tuple[str | int, ...]
    empty: bool


_DEPTH = 8  # records nest about four deep, each list a step more
_SPACES = {2: "two", 4: "four", 6: "six", 8: "eight"}


def misplaced(model: Any, data: dict[str, Any], errors: Sequence[Any], context: Any) -> dict[str, Misplaced]:
    """Top-level keys the model does not know that belong further down, under the known key above them (a
    line that lost its indentation, one level or more): each key -> where it belongs. The place is looked
    for in the last entry at each level below that key (the lines just above the slip), nearest first."""
    fields, keys = model.model_fields, list(data)
    unknown = {e["loc"][0] for e in errors if e["type"] == "extra_forbidden" and len(e["loc"]) == 1}
    found: dict[str, Misplaced] = {}
    for key in [k for k in keys if k in unknown]:
        above = next((k for k in reversed(keys[: keys.index(key)]) if k in fields), None)
        if above is not None and (
            place := _belongs(fields[above].annotation, data[above], (above,), key, data, context)
        ):
            found[key] = place
    return found


def _origin(annotation: Any) -> type | tuple[()]:
    """The class a generic annotation stands for (``list`` for ``list[Action]``), or none: a choice of values
    (``Literal['functions', ...]``) is no class."""
    import typing

    origin = typing.get_origin(annotation)
    return origin if isinstance(origin, type) else ()


def _belongs(
    annotation: Any, value: Any, place: tuple[str | int, ...], key: str, data: dict[str, Any], context: Any
) -> Misplaced | None:
    """Where the top-level ``key`` of ``data`` belongs at or below ``place`` (holding ``value``, of type
    ``annotation``), going down through the last entry at each level."""
    import typing

    from pydantic import BaseModel

    for _ in range(_DEPTH):
        annotation = _bare(annotation)
        if value is None:  # 'thresholds:' with nothing under it, then '2026-27: {...}' at the left edge
            return _into_empty(annotation, key, data[key], place, context)
        if (
            isinstance(value, dict) and key not in value and {key, *value} <= set(TEXT_KEYS)
        ):  # title: {en: ...}, then 'cy:'
            return Misplaced(f"indent this {_where(place)}, lined up with its '{next(iter(value))}:'", place, False)
        if isinstance(value, dict) and isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if _takes(annotation, key) and key not in value:
                return Misplaced(
                    f"indent this {_where(place)}, lined up with its '{next(iter(value), '')}:'", place, False
                )
            last = next((k for k in reversed(value) if _takes(annotation, k)), None)
            if last is None:
                return None
            annotation, value, place = field_written(annotation, last).annotation, value[last], (*place, last)
        elif value and isinstance(value, dict | list) and isinstance(value, _origin(annotation)):
            last = len(value) - 1 if isinstance(value, list) else list(value)[-1]
            annotation, value, place = typing.get_args(annotation)[-1], value[last], (*place, last)
        else:
            return None
    return None


def _into_empty(annotation: Any, key: str, given: Any, place: tuple[str | int, ...], context: Any) -> Misplaced | None:
    """``key`` (and ``given``, its value) where the slip left the value at ``place`` empty, if it takes them."""
    from pydantic import BaseModel, TypeAdapter, ValidationError

    try:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):  # its other keys may be lost too
            if not _takes(annotation, key):
                return None
        else:
            TypeAdapter(annotation).validate_python({key: given}, context=context)
    except ValidationError as exc:
        if any(key not in e["loc"] or "[key]" in e["loc"] or e["loc"][-1:] == (key,) for e in exc.errors()):
            return None  # not a key it takes, or not keys at all
    except Exception:  # an annotation that takes no keys at all
        return None
    spaces = 2 * len(place)
    return Misplaced(f"indent this {_where(place)} ({_SPACES.get(spaces, spaces)} spaces)", place, True)


def _where(place: tuple[str | int, ...]) -> str:
    """A place as words, the nearest first: ``('thresholds', '2026-27')`` is "under '2026-27:' in
    'thresholds:'", ``('outcomes', 0)`` "into the last item of 'outcomes:'"."""
    words = [
        f"the last item of '{step}:'" if isinstance(after, int) else f"'{step}:'"
        for step, after in zip(place, [*place[1:], None], strict=True)
        if not isinstance(step, int)
    ]
    inner, *outer = reversed(words)
    return ("into " if isinstance(place[-1], int) else "under ") + inner + "".join(f" in {w}" for w in outer)


def _takes(model: Any, key: str) -> bool:
    """Whether ``model`` has a field written ``key`` (its name, or the name it is written by)."""
    return field_written(model, key) is not None


def field_written(model: Any, key: str) -> Any:
    """The field of ``model`` written ``key`` (its name, or the name it is written by), or None."""
    return next((field for name, field in model.model_fields.items() if key in {name, field.alias}), None)


def _bare(annotation: Any) -> Any:
    """``annotation`` without ``| None`` and ``Annotated[...]``."""
    import types
    import typing

    while True:
        if typing.get_origin(annotation) is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif typing.get_origin(annotation) in {typing.Union, types.UnionType}:
            kept = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(kept) != 1:
                return annotation
            annotation = kept[0]
        else:
            return annotation
