"""The languages of pmf's documents: English as written in the code, Welsh from a gettext catalogue.

Fixed text is marked ``_("...")`` (or ``N_`` where it is only named, to be translated
where it is shown) and looked up in ``locale/<lang>/LC_MESSAGES/pmf.po``, which Babel
manages (``make messages``). Plan text is the council's own: a field written as
``{en: ..., cy: ...}`` has a Welsh version; :func:`text` picks the version for the language
being written and marks English shown in a Welsh document as :class:`English`.
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "cy")
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "pmf"
HTML_LANG = {"en": "en-GB", "cy": "cy"}
NAMES = {"en": "English", "cy": "Cymraeg"}

_language: ContextVar[str] = ContextVar("pmf_language", default="en")
_untranslated: ContextVar[dict[str, None] | None] = ContextVar("pmf_untranslated", default=None)


class English(str):
    """Plan text shown in English in a document in another language: it has no translation yet."""

    __slots__ = ()


class Welsh(str):
    """Plan text shown in Welsh in an English document: it was written in Welsh and has no English yet."""

    __slots__ = ()


@cache
def translations(code: str) -> _gettext.NullTranslations:
    """The catalogue of ``code``, compiled in memory from its ``.po`` file (English needs none)."""
    if code == "en":
        return _gettext.NullTranslations()
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with (LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as po:
        catalog = read_po(po, locale=code)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # fuzzy (unchecked) entries are left out: they fall back to English
    compiled.seek(0)
    return _gettext.GNUTranslations(compiled)


def current() -> str:
    return _language.get()


@contextmanager
def language(code: str) -> Iterator[None]:
    """Write in ``code`` inside the block; plan text shown untranslated is collected meanwhile."""
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}")
    token = _language.set(code)
    seen = _untranslated.set({})
    try:
        yield
    finally:
        _untranslated.reset(seen)
        _language.reset(token)


def gettext(message: str) -> str:
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current()).ngettext(singular, plural, n)


_ = gettext


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue where it is defined; translate it where it is shown."""
    return message


def text(value: str | None, *, strip: bool = False) -> str:
    """Plan text in the current language: its Welsh version, or its English marked as such.

    Text written in Welsh alone is the other way round: in English it is its Welsh, marked :class:`Welsh`.
    """
    english = str(value or "")
    welsh = str(getattr(value, "cy", None) or "")
    if strip:
        english, welsh = english.strip(), welsh.strip()
    if current() == "en" and not getattr(value, "english", True) and welsh.strip():
        _awaited(welsh)
        return Welsh(welsh)  # written in Welsh alone (or its English out of date): shown in Welsh, marked
    if not english.strip() or current() == "en":
        return english
    if welsh.strip():
        return welsh
    known = catalogued(english)
    if known is not None:  # the council's words are the catalogue's own ("Governance and Audit Committee")
        return known
    _awaited(english)
    return English(english)


def _awaited(words: str) -> None:
    """Note plan text shown in the other language than the document's, for its list of texts awaiting translation."""
    seen = _untranslated.get()
    if seen is not None:
        seen[words.strip()] = None


def catalogued(words: str) -> str | None:
    """The catalogue's translation of plan text written in its very words ("on track"), else None.

    Text without a letter ("%", "£", "1,000") is the same in every language.
    """
    if words.strip() and not any(c.isalpha() for c in words):
        return words
    for form in (words.strip(), words.strip().lower()):
        known = gettext(form) if form else form
        if known != form:
            return known
    return None


def period_words(label: str, frequency: str | None = None) -> str:
    """A period as the document's language writes it. English keeps the plan files' codes
    (``2026-27 Q2``, ``2026-27 H1``, ``2026-09``); Welsh writes them as Welsh councils do:
    ``Ch2 2026-27``, ``H1 2026-27``, ``Medi 2026``, ``Wythnos 14 2026`` (docs/welsh.md).
    """

    if current() == "en" or not label:
        return label
    if m := re.fullmatch(r"([0-9]{4}-[0-9]{2}) ([QH])([1-4])", label):
        words = _("%(year)s Q%(number)s") if m[2] == "Q" else _("%(year)s H%(number)s")
        return words % {"year": m[1], "number": m[3]}
    if m := re.fullmatch(r"([0-9]{4})-W([0-9]{2})", label):
        return _("%(year)s-W%(number)s") % {"year": m[1], "number": int(m[2])}
    m = re.fullmatch(r"([0-9]{4})-([0-9]{2})", label)
    # a month, not a financial year: 2011-12 is a year unless the measure is monthly
    if m and 1 <= int(m[2]) <= 12 and (frequency == "monthly" or (int(m[1]) + 1) % 100 != int(m[2])):
        return f"{month_name(int(m[2]))} {m[1]}"
    return label


def joined(parts: list[str], separator: str = ", ") -> str:
    """Texts joined into one, still marked as English when any of them is untranslated."""
    together = separator.join(parts)
    if any(isinstance(p, English) for p in parts):
        return English(together)
    return Welsh(together) if any(isinstance(p, Welsh) for p in parts) else together


def untranslated() -> list[str]:
    """Plan texts shown in the other language so far in this language block, in the order first shown:
    English awaiting its Welsh in a Welsh document, Welsh awaiting its English in an English one."""
    return list(_untranslated.get() or {})


# The months in English, written out: strftime's month names (and the calendar module's) follow the process's LC_TIME,
# which any program that calls setlocale sets, and then a sign-off pmf writes into a plan would take its language.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def english_date(day: dt.date) -> str:
    """'23 November 2026' whatever the locale: the date as every message and every file pmf writes has it."""
    return f"{day.day} {english_month(day)}"


def english_month(day: dt.date) -> str:
    """'November 2026' whatever the locale."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def english_short(day: dt.date) -> str:
    """'3 Sep' whatever the locale: the day and its month's first three letters, as a calendar line has it."""
    return f"{day.day} {MONTHS[day.month - 1][:3]}"


def long_date(day: dt.date) -> str:
    """'23 November 2026' / '23 Tachwedd 2026'."""
    if current() == "en":
        return english_date(day)
    from babel.dates import format_date

    return format_date(day, "d MMMM y", locale=current())


def short_date(day: dt.date) -> str:
    """'3 Sep 2026' / '3 Medi 2026'."""
    if current() == "en":
        return f"{english_short(day)} {day.year}"
    from babel.dates import format_date

    return format_date(day, "d MMM y", locale=current())


def month_name(number: int) -> str:
    """The month's full name: 'April' / 'Ebrill'."""
    if current() == "en":
        return MONTHS[number - 1]
    from babel.dates import get_month_names

    return str(get_month_names("wide", "format", locale=current())[number])


_SOFT = (("ll", "l"), ("rh", "r"), ("p", "b"), ("t", "d"), ("c", "g"), ("b", "f"), ("d", "dd"), ("g", ""), ("m", "f"))


def after_to(word: str) -> str:
    """A word as it follows 'to': Welsh 'i' softens it ('Ebrill i Fedi'); English leaves it be."""
    return _softened(word)


def after_from(word: str) -> str:
    """A word as it follows 'from': Welsh 'o' softens it as 'i' does ('o Fai i Fedi'); English leaves it be."""
    return _softened(word)


def _softened(word: str) -> str:
    """The soft mutation of a Welsh word (a month's name: 'Medi', 'Fedi'), in a Welsh document alone."""
    if current() != "cy" or word.lower().startswith("ch"):
        return word
    for plain, soft in _SOFT:
        if word.lower().startswith(plain):
            softened = soft + word[len(plain) :]
            return softened[:1].upper() + softened[1:] if word[:1].isupper() else softened
    return word


def in_english_alone(name: str) -> bool:
    """Whether a text of the council's own (the council's name, say) has no Welsh, so each Welsh document
    shows it marked as awaiting its Welsh; False for the catalogue's own words."""
    with language("cy"):
        return isinstance(text(name), English)
