"""Risks held as exempt information (Schedule 12A to the Local Government Act 1972): what pmf publishes leaves
them out, and says how many it left out, unless the closed part of a meeting asks for them."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from pmf.i18n import ngettext

if TYPE_CHECKING:
    from pmf.portfolio import Portfolio


def published(portfolio: Portfolio, *, include_exempt: bool = False) -> Portfolio:
    """``portfolio`` as a published document may show it: without its exempt risks, each noted in
    ``withheld_risks`` (its service) so the document can say how many it left out; all of it with
    ``include_exempt`` (the closed session's papers)."""
    left = {i: portfolio.service_of[i] for i, r in portfolio.risks.items() if r.exempt is not None}
    if include_exempt or not left:
        return portfolio
    kept = {i: r for i, r in portfolio.risks.items() if i not in left}
    return dataclasses.replace(portfolio, risks=kept, withheld_risks={**portfolio.withheld_risks, **left})


def withheld(portfolio: Portfolio, service: str | None = None) -> int:
    """How many exempt risks (of ``service``, or of all) ``published`` left out."""
    return sum(1 for s in portfolio.withheld_risks.values() if service is None or s == service)


def withheld_sentence(count: int) -> str:
    """The plain sentence a document gives where it left exempt risks out (none: no sentence)."""
    if not count:
        return ""
    return ngettext(
        "%(num)s risk is exempt information and is not shown.",
        "%(num)s risks are exempt information and are not shown.",
        count,
    ) % {"num": count}
