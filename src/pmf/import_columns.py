"""The headers ``pmf import`` reads as each of its columns (docs/importing.md lists them), and which of
a sheet's columns holds the measures' ids where more than one header may name it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

FIELDS = ("measure", "period", "value", "comment", "comment_cy", "verified_by")
_ENGLISH = ("comment (english)", "english comment", "comment_en")  # a comment's English, beside its Welsh
ALIASES = {
    # a header naming an id before a bare 'Measure', which a council's sheet often gives to the measure's title
    "measure": ("measure_id", "pi ref", "pi code", "kpi ref", "kpi code", "id", "ref", "code", "measure"),
    "period": ("period",),
    "value": ("value", "outturn", "actual"),
    "comment": ("comment", "comments", "commentary", "note", "notes", *_ENGLISH),
    "comment_cy": ("comment_cy", "comment (welsh)", "welsh comment", "sylw", "sylwadau"),  # the comment's Welsh
    "verified_by": ("verified_by", "checked_by"),  # headers match whatever their case, spaces and underscores
}


def measure_columns(header: Sequence[str]) -> list[str]:
    """The columns whose header may name the measure, in the order of ``ALIASES``: 'Measure ID' before 'Measure'."""
    from pmf.publications import match_columns

    found = match_columns(header, {alias: (alias,) for alias in ALIASES["measure"]}, {})
    return list(dict.fromkeys(name for name in found.values() if name))


def id_column(candidates: Sequence[str], records: Sequence[dict[str, Any]], id_of: Callable[[Any], str | None]) -> str:
    """Of the ``candidates`` (``measure_columns``), the one with the most cells that are measures' ids (``id_of``),
    the first among equals, else the first: a sheet whose 'Code' holds a publisher's codes beside a 'Measure' of
    pmf ids reads 'Measure'."""
    held = [sum(id_of(record.get(name)) is not None for record in records) for name in candidates]
    return candidates[held.index(max(held))]


def disagreement(
    candidates: Sequence[str], records: Sequence[dict[str, Any]], id_of: Callable[[Any], str | None], first: int
) -> str | None:
    """What a problem at the header says where two of the ``candidates`` hold different measures' ids on one row
    (numbered from ``first``): pmf cannot tell which the figures are for. None where they never do."""
    in_sheet = sorted(candidates, key=list(records[0]).index) if records else []  # named left to right
    for number, record in enumerate(records, start=first):
        ids = {name: found for name in in_sheet if (found := id_of(record.get(name))) is not None}
        if len(set(ids.values())) > 1:
            (one, this), (other, that) = list(ids.items())[:2]
            return (
                f"the columns '{one}' and '{other}' both hold measures' ids, different ones on row {number} "
                f"('{this}' and '{that}'): name the column the figures are for with --columns \"measure=HEADER\""
            )
    return None


def unclear(candidates: Sequence[str], chosen: str) -> str:
    """What a problem at the header says where several columns may hold the ids and no cell of any is one."""
    from pmf.errors import listed

    named = listed([f"'{name}'" for name in candidates], "and")
    return (
        f"the columns {named} may each hold the measures' ids, and none of their cells is one; '{chosen}' was read "
        'as the id: name the column of pmf ids with --columns "measure=HEADER"'
    )
