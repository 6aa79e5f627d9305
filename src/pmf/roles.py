"""Fields that name who is responsible: always a role ("Head of Waste Services"), never a person.

A plan is published, so a person's name or e-mail address in it is personal data on the
council's website. An e-mail address is refused wherever a role is asked for (the one rule the
models share, so ``pmf validate``, ``pmf record`` and ``pmf import`` all give it). A name cannot
be told from a role with certainty, so :func:`without_role_word` finds only text with no word
that roles have, for a warning (docs/files.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Annotated, Any, get_args, get_origin

from pydantic import AfterValidator, BaseModel

from pmf.bilingual import Prose, Text

EXAMPLE = "Head of Waste Services"
NAME_NOT_ROLE = (
    "looks like a person's name, not a role (it has no word such as Head, Manager, Officer, Team, Pennaeth "
    f"or Swyddog): write the role, e.g. '{EXAMPLE}', as the plans are published"
)


def _no_address(value: Any) -> Any:
    """A role as written, or a ValueError for an e-mail address (in English or in Welsh)."""
    for text in (value, getattr(value, "cy", None)):
        if isinstance(text, str) and "@" in text:
            raise ValueError(f"write the role, e.g. '{EXAMPLE}', not an e-mail address")
    return value


class _Role:
    """Marks a field that names a role."""


ROLE = _Role()

if TYPE_CHECKING:
    Role = str
    OptionalRole = str | None
else:
    Role = Annotated[Text, AfterValidator(_no_address), ROLE]
    OptionalRole = Annotated[Prose, AfterValidator(_no_address), ROLE]

# Words a role has, in English and in Welsh (with the mutated forms a title can start with).
# Text with none of them is most likely a person's name.
_WORDS = """
head heads manager managers officer officers director directors lead leader leaders team teams chief
member members cabinet executive coordinator co-ordinator board committee panel council councillor
group unit service services adviser advisor specialist analyst assistant deputy principal senior
supervisor controller engineer inspector auditor consultant partnership forum commissioner secretary
chair chairman chairperson clerk registrar treasurer portfolio holder mayor leadership staff
pennaeth bennaeth phennaeth rheolwr reolwr swyddog swyddogion cyfarwyddwr gyfarwyddwr arweinydd tîm
tim prif aelod aelodau cabinet cydlynydd gydlynydd bwrdd fwrdd pwyllgor bwyllgor cyngor gyngor
cynghorydd gynghorydd grŵp grwp uned ymgynghorydd dirprwy ddirprwy uwch goruchwyliwr peiriannydd
arolygydd archwilydd cadeirydd gadeirydd ysgrifennydd comisiynydd partneriaeth gwasanaeth
gwasanaethau staff owner owners partner role perchennog perchnogion partner rôl rol
"""
ROLE_WORDS = frozenset(_WORDS.split())
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@lru_cache(maxsize=4096)  # a council writes the same few roles hundreds of times (verified.by)
def has_role_word(text: str) -> bool:
    """Whether ``text`` has a word that roles have (any case; ``Co-ordinator`` and ``Team-Leader`` as well)."""
    words = [w.casefold() for w in _WORD.findall(text)]
    return any(w in ROLE_WORDS or not ROLE_WORDS.isdisjoint(re.split(r"[-'’]", w)) for w in words)


def _is_role(field: Any) -> bool:
    """Whether a model field names a role (or a list of them)."""
    if ROLE in field.metadata:
        return True
    args = get_args(field.annotation) if get_origin(field.annotation) is list else ()
    return any(get_origin(a) is Annotated and ROLE in get_args(a)[1:] for a in args)


def _records_in(kind: Any) -> list[type[BaseModel]]:
    """The record types a field's type can hold (``list[Outturn]``, ``Verification | None``...)."""
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return [kind]
    return [model for arg in get_args(kind) for model in _records_in(arg)]


@cache
def _plan(model: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """The fields of ``model`` to look in: each that names a role (True) or holds records that do (False)."""
    plan = []
    for name, field in model.model_fields.items():
        if _is_role(field):
            plan.append((name, True))
        elif any(_plan(inner) for inner in _records_in(field.annotation)):
            plan.append((name, False))
    return tuple(plan)


def roles(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every role a record names, with its key path in the file (only the fields that can hold one are read)."""
    if isinstance(value, BaseModel):
        for name, is_role in _plan(type(value)):
            item = getattr(value, name)
            if item is None:
                continue
            if not is_role:
                yield from roles(item, (*path, name))
            elif isinstance(item, list):
                yield from (((*path, name, i), text) for i, text in enumerate(item))
            else:
                yield (*path, name), item
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from roles(item, (*path, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from roles(item, (*path, str(key)))


def without_role_word(record: BaseModel) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every role ``record`` names, in English or in Welsh, that has no word a role has: most likely a name."""
    for key_path, text in roles(record):
        for words in (text, getattr(text, "cy", None)):
            if isinstance(words, str) and words.strip() and not has_role_word(words):
                yield key_path, words
                break
