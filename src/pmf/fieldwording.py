"""What pydantic says about a file's keys and values, in a service lead's words: each entry saying what to do.

A message no entry knows keeps pydantic's words behind a plain lead-in. What the YAML reader
says is pmf.wording.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

# Characters that take no room, pasted with text from web pages: a key holding one is not the key it shows
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")

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
    "string_pattern_mismatch": lambda value, ctx: f"'{value}' is not an identifier: use letters, digits, '-' and '_'",
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


def misplaced(model: Any, data: dict[str, Any], errors: Sequence[Any], context: Any) -> dict[str, tuple[str, str]]:
    """Top-level keys the model does not know that belong one level down, under the known key above them
    (a line that lost its indentation): each key -> (what to do, the key it belongs under). That key,
    left empty by the slip, is not told to need a value."""
    from pydantic import BaseModel, TypeAdapter, ValidationError

    fields, keys = model.model_fields, list(data)
    unknown = {e["loc"][0] for e in errors if e["type"] == "extra_forbidden" and len(e["loc"]) == 1}
    found: dict[str, tuple[str, str]] = {}
    for key in [k for k in keys if k in unknown]:
        above = next((k for k in reversed(keys[: keys.index(key)]) if k in fields), None)
        if above is None:
            continue
        owner = data[above]
        if owner is None:  # 'thresholds:' with nothing under it, then '2026-27: {...}' at the left edge
            try:
                TypeAdapter(fields[above].annotation).validate_python({key: data[key]}, context=context)
            except ValidationError as exc:
                if any(key not in e["loc"] or "[key]" in e["loc"] or e["loc"][-1:] == (key,) for e in exc.errors()):
                    continue  # not a key it takes, or not keys at all
            except Exception:  # an annotation that takes no keys at all
                continue
            found[key] = (f"indent this under '{above}:' (two spaces)", above)
        elif isinstance(owner, list) and owner and isinstance(owner[-1], dict):
            item = _item_model(fields[above].annotation, BaseModel)
            if item is not None and key in item.model_fields and key not in owner[-1]:
                first = next(iter(owner[-1]), "")
                found[key] = (f"indent this into the last item of '{above}:', lined up with its '{first}:'", "")
    return found


def _item_model(annotation: Any, base: type) -> Any:
    """The model of a list's items (``list[PlanOutcome]`` -> PlanOutcome), or None."""
    for arg in getattr(annotation, "__args__", ()):
        if isinstance(arg, type) and issubclass(arg, base):
            return arg
    return None
