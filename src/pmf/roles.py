"""Fields that name who is responsible: always a role ("Head of Waste Services"), never a person.

A plan is published, so a person's name or e-mail address in it is personal data on the
council's website. An e-mail address is refused wherever a role is asked for (the one rule the
models share, so ``pmf validate``, ``pmf record`` and ``pmf import`` all give it). A name cannot
be told from a role with certainty, so :func:`looks_like_name` warns only of text shaped as a
person's name (a common given name, an initial or a title, then capitalised names), once for
each such text in a repository (docs/files.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, BaseModel, ValidationInfo

from pmf.bilingual import Prose, Text, marked

EXAMPLE = "Head of Waste Services"
_LOOKS = "looks like a person's name, not a role"
_WRITE = f"write the role, e.g. '{EXAMPLE}', as the plans are published"


def name_not_role(text: str) -> str:
    """The warning for a role that looks like a person's name."""
    return f"'{text}' {_LOOKS}: {_WRITE}"


NAMES = "names"  # the key of a validation context's list of roles read that look like a person's name


def _no_address(value: Any, info: ValidationInfo) -> Any:
    """A role as written, or a ValueError for an e-mail address (in English or in Welsh).

    A role that looks like a person's name is noted in the context's ``NAMES`` list when it has one, so
    the reader walks only a record that names someone to place the warning (``named_people``). Every
    outturn's ``verified.by`` comes here: the common case is kept to a few string tests.
    """
    if value is None:  # an optional role left out
        return value
    cy = getattr(value, "cy", None)
    if "@" in value or (cy and "@" in cy):
        raise ValueError(f"write the role, e.g. '{EXAMPLE}', not an e-mail address")
    names = info.context.get(NAMES) if type(info.context) is dict else None
    if names is not None and (looks_like_name(value.strip()) or (cy and looks_like_name(cy.strip()))):
        names.append(value)
    return value


NO_ADDRESS = "^[^@]*$"  # a role's text in a JSON Schema: no '@', as _no_address refuses


class _Role:
    """Marks a field that names a role; in a JSON Schema, its text may hold no '@' (an e-mail address)."""

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> Any:
        import copy

        schema = copy.deepcopy(handler(core_schema))  # Text's schema is shared with every other text field
        _no_address_in(schema)
        return schema


def _no_address_in(node: Any) -> None:
    """Give every string a role may be written as (plain, or English and Welsh) the pattern without '@'."""
    if not isinstance(node, dict):
        return
    if node.get("type") == "string":
        node["pattern"] = NO_ADDRESS
        node["patternErrorMessage"] = f"write the role, e.g. '{EXAMPLE}', not an e-mail address"
    for branch in node.get("anyOf", []):
        _no_address_in(branch)
    for language in ("en", "cy"):
        _no_address_in(node.get("properties", {}).get(language))


ROLE = _Role()

if TYPE_CHECKING:
    from pmf.errors import Problem

    Role = str
    OptionalRole = str | None
else:
    Role = Annotated[Text, AfterValidator(_no_address), ROLE]
    OptionalRole = Annotated[Prose, AfterValidator(_no_address), ROLE]

# Words of roles, teams and services, in English and in Welsh (with the mutated forms a title can start
# with): a text that starts with a given name and has one of these after it is a role ("Victoria Park
# Manager", "Grace Hospice Lead"), not a person. Words that are also common surnames are not among them.
_WORDS = """
manager managers officer officers director directors lead leader leaders team teams chief member members
cabinet executive coordinator co-ordinator board committee panel council councillor group unit service
services adviser advisor specialist analyst assistant deputy principal senior supervisor controller
engineer inspector auditor consultant partnership forum commissioner secretary chair chairman
chairperson registrar treasurer portfolio holder leadership staff owner owners partner role headteacher
planner accountant solicitor surveyor librarian audit wales internal corporate performance finance ict hr
procurement highways trading standards environmental health building control technician administrator
social worker responsible individual office centre center school schools library libraries park parks
hospice trust network project programme warden wardens caretaker caretakers keeper keepers steward stewards
housekeeper matron nurse nurses therapist therapists worker workers practitioner practitioners clerk attendant
ranger rangers apprentice trainee mentor tutor teacher teachers lecturer counsellor navigator
pennaeth bennaeth phennaeth penaethiaid rheolwr reolwr rheolwyr swyddog swyddogion cyfarwyddwr
gyfarwyddwr cyfarwyddwyr arweinydd tîm prif aelod aelodau cydlynydd gydlynydd bwrdd fwrdd pwyllgor
bwyllgor cyngor gyngor cynghorydd gynghorydd grŵp grwp uned ymgynghorydd dirprwy ddirprwy uwch
goruchwyliwr peiriannydd arolygydd archwilydd cadeirydd gadeirydd ysgrifennydd comisiynydd partneriaeth
gwasanaeth gwasanaethau perchennog perchnogion rôl rol cofrestrydd cyfrifydd cyfreithiwr llyfrgellydd
cyllid archwilio caffael priffyrdd tai addysg gwastraff perfformiad wardeiniaid gofalwr ofalwr gofalwyr
nyrs gweithiwr weithiwr gweithwyr ceidwad geidwad athro athrawes tiwtor mentor
"""
ROLE_WORDS = frozenset(_WORDS.split())
# Titles a person's name is written with ("Dr Jane Smith", "Cllr Smith").
TITLES = frozenset(
    ["dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "cllr", "councillor", "sir", "dame", "rev", "revd"]
)
_PARTICLES = frozenset(
    ["ap", "ab", "van", "von", "de", "der", "den", "du", "le", "la", "da", "di"]
)  # "Rhys ap Gruffydd"
_INITIAL = re.compile(r"[^\W\d_]\.?")


def _name_word(word: str) -> bool:
    """Whether ``word`` is written as a name is: a capital, then small letters (O'Brien, Jones-Evans, McDonald)."""
    parts = re.split(r"[-'’]", word)
    return all(p.isalpha() and p[0].isupper() and (len(p) == 1 or not p.isupper()) for p in parts)


@lru_cache(maxsize=4096)  # a council writes the same few roles hundreds of times (verified.by)
def looks_like_name(text: str) -> bool:
    """Whether ``text`` is shaped as a person's name: a title (Dr, Cllr...), an initial or a common given
    name, then one to three capitalised names, and no word of a role, team or service after a given name.

    "Gareth Jones", "Siân Roberts", "Tim Jones", "J. Smith" and "Dr Jane Smith" are; "Headteacher",
    "Audit Wales", "SLT", "Tîm Cyllid" and "Head of Waste Services" are not.
    """
    from pmf.given_names import GIVEN_NAMES

    words = text.split()
    titled = bool(words) and words[0].rstrip(".").casefold() in TITLES
    words = words[1:] if titled else words
    if not words or len(words) > 4 or (len(words) < 2 and not titled):
        return False
    names = [w for w in words if w not in _PARTICLES]
    if names[0] != words[0] or not all(_INITIAL.fullmatch(w) or _name_word(w) for w in names):
        return False
    if _INITIAL.fullmatch(names[-1]) or any(w.isupper() and not _INITIAL.fullmatch(w) for w in names):
        return False  # "J. S." or a short form ("ICT Lead")
    if titled or _INITIAL.fullmatch(names[0]):
        return True
    return names[0].casefold() in GIVEN_NAMES and ROLE_WORDS.isdisjoint(w.casefold() for w in names[1:])


def roles(value: Any) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every role a record names, with its key path in the file."""
    return marked(value, ROLE)


def named_people(record: BaseModel) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every role ``record`` names, in English or in Welsh, that looks like a person's name."""
    for key_path, text in roles(record):
        for words in (text, getattr(text, "cy", None)):
            if isinstance(words, str) and looks_like_name(words.strip()):
                yield key_path, words.strip()
                break


def once_each(problems: Iterable[Problem]) -> list[Problem]:
    """``problems`` (in order) with each name warned of once, at its first place, saying how many others hold it."""
    kept: list[Problem] = []
    first: dict[str, int] = {}
    others: dict[str, int] = {}
    for problem in problems:
        if not problem.message.endswith(f"{_LOOKS}: {_WRITE}"):
            kept.append(problem)
        elif problem.message in first:
            others[problem.message] += 1
        else:
            first[problem.message], others[problem.message] = len(kept), 0
            kept.append(problem)
    for message, at in first.items():
        if others[message]:
            many = others[message]
            said = f"{_LOOKS} (here and in {many} other place{'s' if many > 1 else ''}): {_WRITE}"
            kept[at] = replace(kept[at], message=message.replace(f"{_LOOKS}: {_WRITE}", said))
    return kept


def name_warnings(file: str, key: str, places: Iterable[tuple[int, str]]) -> list[str]:
    """The warning for each name among ``places`` (a line of ``file`` and the ``key`` text it holds), as ``pmf
    validate`` gives it: once, at its first place."""
    from pmf.errors import Problem

    named = [(line, t.strip()) for line, t in places if looks_like_name(t.strip())]
    return [p.text() for p in once_each(Problem(file, line, 0, key, name_not_role(t), "warning") for line, t in named)]
