"""Risks held as exempt information (Schedule 12A to the Local Government Act 1972): what pmf publishes leaves
them out, and says how many it left out, unless the closed part of a meeting asks for them."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from typing import TYPE_CHECKING

from pmf.i18n import _, ngettext

if TYPE_CHECKING:
    from pmf.portfolio import Portfolio


def published(portfolio: Portfolio, *, include_exempt: bool = False, withhold: Collection[str] = ()) -> Portfolio:
    """``portfolio`` as a published document may show it: without its exempt risks, nor the risks named in
    ``withhold`` (exempt elsewhere: in the files as they are, say, where ``portfolio`` is an older commit),
    each noted in ``withheld_risks`` (its service) so the document can say how many it left out; all of it
    with ``include_exempt`` (the closed session's papers)."""
    left = {i: portfolio.service_of[i] for i, r in portfolio.risks.items() if r.exempt is not None or i in withhold}
    if include_exempt or not left:
        return portfolio
    kept = {i: r for i, r in portfolio.risks.items() if i not in left}
    return dataclasses.replace(portfolio, risks=kept, withheld_risks={**portfolio.withheld_risks, **left})


def exempt_mark(paragraph: int | str | None) -> str:
    """The words that mark a risk held as exempt information wherever the closed session's papers show it,
    naming its paragraph of Schedule 12A (none for a risk that is not): the first of its flags in the
    registers, and beside its name in every table that names it."""
    if paragraph is None:
        return ""
    return _("Exempt information (Schedule 12A, paragraph %(paragraph)s)") % {"paragraph": paragraph}


def withheld(portfolio: Portfolio, service: str | None = None) -> int:
    """How many exempt risks (of ``service``, or of all) ``published`` left out."""
    return sum(1 for s in portfolio.withheld_risks.values() if service is None or s == service)


def withheld_sentence(count: int, *, table: bool = False) -> str:
    """The plain sentence a document gives where it left exempt risks out (none: no sentence); with ``table``,
    the sentence `pmf export` says, naming the option that adds them to its risks table."""
    if not count:
        return ""
    if table:
        return ngettext(
            "%(num)s risk is exempt information and is not shown: --include-exempt adds it to the risks table.",
            "%(num)s risks are exempt information and are not shown: --include-exempt adds them to the risks table.",
            count,
        ) % {"num": count}
    return ngettext(
        "%(num)s risk is exempt information and is not shown.",
        "%(num)s risks are exempt information and are not shown.",
        count,
    ) % {"num": count}
