"""Words still to write: the guidance ``pmf new`` and ``pmf init`` leave where only the council can write.

One rule for every file pmf writes for a person to finish (a measure, a risk, a service plan, an
assessment's draft), and so for every file pmf reads: a text that starts ``To write:`` is guidance, not
the council's words. ``pmf
validate`` warns at each one left (an error under ``--strict``), translators are not sent it, and a
report, pack or page that shows it shows it as it is, starting ``To write:``, never as the council's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from pmf.i18n import N_

if TYPE_CHECKING:
    from pmf.errors import Problem

DRAFT = N_("To write:")  # starts the guidance a file pmf wrote leaves to replace; pmf validate warns of each
# The catalogue's Welsh of DRAFT (tests/test_assessment_carry.py checks they agree), written here so that
# pmf validate knows a Welsh guidance without compiling the catalogue on every run.
DRAFT_CY = "I'w ysgrifennu:"
# What a file's text holds wherever a text in it starts with either mark: each mark's last word, which a line
# folded at a space ('To\n  write:') and the Welsh in single quotes ('I''w ysgrifennu:') keep whole
MARKS = tuple(mark.rsplit(" ", 1)[-1] for mark in (DRAFT, DRAFT_CY))
STILL = "still to write"  # how pmf validate's message for each starts


def drafted(text: str) -> str | None:
    """The mark ``text`` starts with (guidance still to replace, in English or in Welsh), or None."""
    return next((mark for mark in (DRAFT, DRAFT_CY) if text.startswith(mark)), None)


def to_write(text: object) -> bool:
    """Whether ``text`` is guidance still to replace with the council's words."""
    return isinstance(text, str) and drafted(text.lstrip()) is not None


def still_to_write(record: Any) -> Iterator[tuple[list[str | int], str]]:
    """Each text of ``record`` (and its Welsh) still to write: its key path, and what to say of it there."""
    from pmf.bilingual import texts

    for key_path, text in texts(record):
        left = [([*key_path], str(text))] if to_write(text) else []
        if getattr(text, "english", True) and to_write(getattr(text, "cy", None)):
            left.append(([*key_path, "cy"], str(getattr(text, "cy", ""))))
        for where, words in left:
            replace = f"replace the '{drafted(words.lstrip())}' guidance with the council's words"
            yield where, f"{STILL} ({what_to_write(words)}): {replace}"


def left_sentence(problems: Iterable[Problem]) -> str:
    """What a command that publishes the plans says of the guidance still in them, among the ``problems`` they
    were read with: how many places, the first, and the command that lists them; "" where there is none."""
    from pmf.suggested import command

    left = [p for p in problems if p.message.startswith(f"{STILL} (")]
    if not left:
        return ""
    first = left[0].location()
    where = f"in 1 place, at {first}" if len(left) == 1 else f"in {len(left)} places, the first at {first}"
    return (
        f"pmf: the plans still hold '{DRAFT}' guidance {where}: replace it with the council's words before "
        f"publishing; `{command('pmf validate')}` lists {'it' if len(left) == 1 else 'them'}"
    )


def what_to_write(words: str, most: int = 60) -> str:
    """The guidance after its mark (``To write:``, or its Welsh): what to write there, cut at a word to ``most``
    characters, and before any bracket the cut would leave open."""
    said = words.strip()
    said = " ".join(said[len(drafted(said) or "") :].split()).rstrip(".")
    if len(said) <= most:
        return said
    cut = said[:most].rsplit(" ", 1)[0]
    outside = cut
    while outside.count("(") > outside.count(")"):  # cut inside brackets: end before them, not in them
        outside = outside[: outside.rindex("(")]
    return (outside.rstrip(" ,;:") or cut.rstrip(" ,;:")) + "…"
