"""How a terminal table fits the terminal's width: column widths that never break a word.

Pure arithmetic on the cells' plain text (``console`` draws the table with rich). A column is
never narrower than its longest word, so text wraps at spaces and no word is split. The short
columns (an id, a period, a value, a status) keep each cell on one line while the prose columns
(a title) give up room first; only when even that leaves too little do short cells wrap at their
spaces. The layouts are tried in order, boxed then open, and ``None`` says no table fits: the
rows are then shown one block each. ``wrap`` breaks a cell's lines at the widths chosen (rich
would part "± 3.0%" from its figure); docs/files.md, "in the terminal's width", says why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

Measure = Callable[[str], int]

#: The narrowest a prose column is made while short columns keep their cells whole: below this
#: a title reads a word or two a line, and the open layout or blocks read better.
PROSE_MIN = 20


def overhead(columns: int, *, boxed: bool) -> int:
    """The terminal cells a table's borders and padding take beyond its cells. Boxed: a rule either side of
    every cell and a space of padding each side (3n + 1). Open: two spaces between columns, none at the edges."""
    return 3 * columns + 1 if boxed else max(2 * columns - 2, 0)


def cell_width(text: str, measure: Measure = len) -> int:
    """The widest line of ``text`` in terminal cells (``measure``: rich's ``cell_len``, or ``len``)."""
    return max((measure(line) for line in text.split("\n")), default=0)


def words(text: str) -> list[str]:
    """The text's words as wrapping keeps them, a lone sign (a status's shape, a trend's arrow, ±)
    held to the word after it: "■ Unsatisfactory" is one, so a status never loses its shape."""
    found: list[str] = []
    signs = ""
    for word in text.split():
        if len(word) == 1 and not word.isalnum():
            signs += word + " "
        else:
            found.append(signs + word)
            signs = ""
    return [*found, signs.rstrip()] if signs else found


def longest_word(text: str, measure: Measure = len) -> int:
    return max((measure(word) for word in words(text)), default=0)


def wrap(text: str, width: int, measure: Measure = len) -> str:
    """``text`` broken into lines of at most ``width`` cells at the spaces between its ``words``, so
    a ± is never parted from the figure after it ("100.0 ± 3.0% of budget" may break before the ±
    or after "3.0%", never between them); a word wider than ``width`` has a line to itself."""
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for word in words(paragraph):
            joined = f"{line} {word}" if line else word
            if line and measure(joined) > width:
                lines.append(line)
                joined = word
            line = joined
        lines.append(line)
    return "\n".join(lines)


@dataclass(frozen=True)
class Column:
    """One column's needs: ``whole`` keeps every cell (and the header) on one line, ``least`` is its
    longest word, ``prose`` says it gives up room first."""

    whole: int
    least: int
    prose: bool


def columns_of(
    headers: Sequence[str], rows: Sequence[Sequence[str]], prose: Sequence[bool], measure: Measure = len
) -> list[Column]:
    """Each column's needs from its header and its cells' plain text."""
    found = []
    for i, header in enumerate(headers):
        texts = [header, *(row[i] for row in rows)]
        found.append(
            Column(
                whole=max(cell_width(t, measure) for t in texts),
                least=max(longest_word(t, measure) for t in texts),
                prose=prose[i],
            )
        )
    return found


def fit(columns: Sequence[Column], room: int, *, short_wrap: bool = False) -> list[int] | None:
    """Widths for the columns within ``room`` cells (borders already taken off), or None.

    Every column whole if it can be; else the prose columns narrowed (the widest first, never below
    ``PROSE_MIN`` or their longest word). With ``short_wrap`` the short columns are then narrowed
    too, the widest first, down to their longest word. None when even that is too wide.
    """
    whole = [c.whole for c in columns]
    prose_floor = [max(c.least, min(c.whole, PROSE_MIN)) if c.prose else c.whole for c in columns]
    widths = _narrow(whole, prose_floor, room)
    if widths is not None or not short_wrap:
        return widths
    least = [prose_floor[i] if c.prose else c.least for i, c in enumerate(columns)]
    return _narrow(prose_floor, least, room)


def _narrow(widths: Sequence[int], floors: Sequence[int], room: int) -> list[int] | None:
    """Take cells from the widest columns first, none below its floor, until the widths fit ``room``.

    The widest columns are brought down together to one level (the lowest that fits), so two
    long columns share the room evenly rather than one keeping it all.
    """
    if sum(floors) > room:
        return None
    if sum(widths) <= room:
        return list(widths)
    low, high = 0, max(widths)
    while low < high:  # the highest level at which the capped widths fit
        level = (low + high + 1) // 2
        if sum(max(f, min(w, level)) for w, f in zip(widths, floors, strict=True)) <= room:
            low = level
        else:
            high = level - 1
    capped = [max(f, min(w, low)) for w, f in zip(widths, floors, strict=True)]
    spare = room - sum(capped)
    for i, w in enumerate(widths):  # the cells left over go to the columns still cut short, in order
        if spare and capped[i] < w:
            capped[i] += 1
            spare -= 1
    return capped


def choose(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    prose: Sequence[bool],
    width: int,
    measure: Measure = len,
) -> tuple[bool, list[int]] | None:
    """The first way the table fits ``width``: whether boxed, and its column widths; None: show the rows as blocks.

    Boxed while every short cell stays on one line; else open (no rules between columns), its
    short cells whole if they can be, else wrapped at their spaces; else None.
    """
    columns = columns_of(headers, rows, prose, measure)
    for boxed, short_wrap in ((True, False), (False, False), (False, True)):
        widths = fit(columns, width - overhead(len(columns), boxed=boxed), short_wrap=short_wrap)
        if widths is not None:
            return boxed, widths
    return None
