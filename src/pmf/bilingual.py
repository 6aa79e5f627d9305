"""Plan text in English and Welsh: the ``Text`` and ``Prose`` field types, and walks over a model's text.

A service lead writes any text as a plain string (English only) or as ``{en: ..., cy: ...}``.
Either way the field's value is a ``str`` holding the English, so everything that reads
plans sees English as it always did; a :class:`Bilingual` also carries ``.cy``.
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterator
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, get_args, get_origin

from pydantic import BaseModel, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from pmf.yamlclues import TEXT_KEYS


class Bilingual(str):
    """Plan text written in English and Welsh: ``{en: ..., cy: ...}``. The string is the English.

    Written in Welsh alone (``{cy: ...}``) the string is the Welsh and ``english`` is False. A
    version marked ``out_of_date`` (docs/welsh.md) counts as missing: ``out_of_date: cy`` leaves
    ``cy`` None; ``out_of_date: en`` keeps the English as the string but sets ``english`` False.
    """

    cy: str | None
    english: bool  # whether the English is current (False: written in Welsh only, or its English out of date)
    stale: str | None  # the version marked out of date ('en' or 'cy'), if any

    def __new__(cls, en: str, cy: str | None = None, english: bool = True, stale: str | None = None) -> Bilingual:
        text = super().__new__(cls, en)
        text.cy, text.english, text.stale = cy, english, stale
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (Bilingual, (str(self), self.cy, self.english, self.stale))


def _text(value: Any, *, required: bool) -> Any:
    """Plan text: a string, or its English and Welsh versions as ``{en: ..., cy: ...}``."""
    if value is None and not required:
        return None
    if isinstance(value, str):
        if required and not value:
            raise PydanticCustomError("string_too_short", "needs some text")
        return value
    if isinstance(value, dict):
        return _versions(value)
    raise PydanticCustomError("string_type", "Input should be a valid string")


def _required_text(value: Any) -> Any:
    """``Text``: called for every text of every file, so the usual one, a line of text, returns at once."""
    return value if type(value) is str and value else _text(value, required=True)


def _optional_text(value: Any) -> Any:
    """``Prose``: as ``_required_text``, where nothing written is None."""
    return value if type(value) is str and value else _text(value, required=False)


def _versions(value: dict[Any, Any]) -> Bilingual:
    """Text in two languages, or in one of them alone (``{cy: ...}``: Welsh, awaiting its English)."""
    unknown = [str(k) for k in value if k not in TEXT_KEYS]
    if unknown:
        raise ValueError(
            f"unknown key '{unknown[0]}': text in two languages is written as 'en: <English>' and 'cy: <Welsh>'"
        )
    en, cy, stale = value.get("en"), value.get("cy"), value.get("out_of_date")
    for key, said in (("en", en), ("cy", cy)):
        if said is not None and not isinstance(said, str):
            language = "English" if key == "en" else "Welsh"
            raise ValueError(f"the {language} text '{key}' must be text; found {reprlib.repr(said)}")
    if stale not in (None, "en", "cy"):
        raise ValueError(f"out_of_date names the version written for earlier words: 'en' or 'cy', not {stale!r}")
    english, welsh = (en or "").strip(), (cy or "").strip()
    if "en" in value and en is None and welsh:  # 'en:' with nothing after it (or a '#' that took its words)
        raise ValueError(
            "needs its English text as 'en: ...' beside the Welsh 'cy: ...', or no 'en:' while it is awaited"
        )
    if not english and not welsh:
        raise ValueError("needs its text: 'en: <English>', 'cy: <Welsh>' or both")
    if stale is not None and not (english and welsh):
        raise ValueError(f"out_of_date: {stale} marks one of two versions: give both 'en:' and 'cy:', or delete it")
    if not english:  # written in Welsh alone
        return Bilingual(str(cy), cy, english=False)
    if stale == "cy":
        return Bilingual(str(en), None, stale="cy")
    return Bilingual(str(en), cy or None, english=stale != "en", stale=stale)


def _described(english: str, welsh: str, example: str) -> dict[str, Any]:
    """A property's description for editors, in both languages, with an example (as pmf.guidance gives)."""
    return {"description": english, "markdownDescription": f"{english}\n\n*Cymraeg:* {welsh}", "examples": [example]}


def _text_schema(required: bool) -> dict[str, Any]:
    line: dict[str, Any] = {"type": "string", "minLength": 1} if required else {"type": "string"}
    return {
        "anyOf": [
            line,
            *([] if required else [{"type": "null"}]),
            {
                "type": "object",
                "description": "The text in English ('en') and Welsh ('cy'), or in one of them alone.",
                "properties": {
                    "en": {"type": "string", **_described("The text in English.", "Y testun yn Saesneg.", "Up on Q1")},
                    "cy": {
                        "type": "string",
                        **_described("The text in Welsh.", "Y testun yn Gymraeg.", "I fyny ar Ch1"),
                    },
                    "out_of_date": {
                        "enum": ["en", "cy"],
                        **_described(
                            "The version written for earlier words, to translate again; delete the key once it is.",
                            "Y fersiwn a ysgrifennwyd ar gyfer geiriau cynharach, i'w chyfieithu eto; "
                            "dilëwch yr allwedd wedyn.",
                            "cy",
                        ),
                    },
                },
                "anyOf": [{"required": ["en"]}, {"required": ["cy"]}],
                "additionalProperties": False,
            },
        ]
    }


class _Translatable:
    """Marks a field as the council's own words, which may have a Welsh version."""


TRANSLATABLE = _Translatable()

if TYPE_CHECKING:
    Text = str
    Prose = str | None
else:
    Text = Annotated[str, PlainValidator(_required_text), WithJsonSchema(_text_schema(True)), TRANSLATABLE]
    Prose = Annotated[
        str | None,
        PlainValidator(_optional_text),
        WithJsonSchema(_text_schema(False)),
        TRANSLATABLE,
    ]


def is_marked(field: Any, mark: object) -> bool:
    """Whether a model field is marked with ``mark`` (``TRANSLATABLE``, ``roles.ROLE``), or is a list of such."""
    if mark in field.metadata:
        return True
    args = get_args(field.annotation) if get_origin(field.annotation) is list else ()
    return any(get_origin(a) is Annotated and mark in get_args(a)[1:] for a in args)


def marked(value: Any, mark: object, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every text in a model held by a field marked with ``mark``, with its key path in the file."""
    if isinstance(value, BaseModel):
        for name, field in type(value).model_fields.items():
            item = getattr(value, name)
            if item is None:
                continue
            if not is_marked(field, mark):
                yield from marked(item, mark, (*path, name))
            elif isinstance(item, list):
                yield from (((*path, name, i), line) for i, line in enumerate(item))
            else:
                yield (*path, name), item
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from marked(item, mark, (*path, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from marked(item, mark, (*path, str(key.value if isinstance(key, StrEnum) else key)))


def texts(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every piece of plan text in a model, with its key path in the file."""
    return marked(value, TRANSLATABLE, path)


def localised(value: Any) -> Any:
    """A copy of a model with its plan text in the current language (English marked when untranslated)."""
    from pmf.i18n import text

    if isinstance(value, BaseModel):
        update = {}
        for name, field in type(value).model_fields.items():
            item = getattr(value, name)
            if item is None:
                continue
            if is_marked(field, TRANSLATABLE):
                update[name] = [text(line) for line in item] if isinstance(item, list) else text(item)
            elif isinstance(item, BaseModel | list | dict):
                update[name] = localised(item)
        return value.model_copy(update=update)
    if isinstance(value, list):
        return [localised(item) for item in value]
    if isinstance(value, dict):
        return {key: localised(item) for key, item in value.items()}
    return value
