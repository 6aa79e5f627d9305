"""Record new figures and updates in the plan files: validate first, edit surgically, write atomically."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from pmf import edit_check, edits, periods, transaction
from pmf.errors import PmfError, Problem, UsageError, choices_named, relative
from pmf.fields import BRAG_ACTIVITY_STATUSES, ROYG_ACTIVITY_STATUSES, MeasureType, StatusScheme
from pmf.models import Activity, Measure, Outturn
from pmf.nodes import MappingNode, SequenceNode, child, compose, read_for_edit, scalar_at
from pmf.outturn_values import NOT_AVAILABLE, WHY_NOT_AVAILABLE, fraction, parse_value
from pmf.periods import Period, half, of_frequency, parse_period
from pmf.publications import read_period
from pmf.scalars import Versions
from pmf.schedule import update_due
from pmf.textedits import as_given, comment_note

if TYPE_CHECKING:
    from pmf.portfolio import Portfolio


@dataclass(frozen=True)
class Change:
    """One file's old and new text."""

    path: Path
    before: str
    after: str
    summary: str
    redo: Callable[[str], str]  # the same edit made to another text (if the file changed meanwhile)
    created: bool = False  # a new file (``before`` is empty): never written over one that appeared meanwhile

    @property
    def changed(self) -> bool:
        return self.after != self.before

    def diff(self, root: Path) -> str:
        name = relative(self.path, root)
        old = "/dev/null" if self.created else f"a/{name}"  # a new file: a diff from nothing, as git shows one
        return "".join(
            difflib.unified_diff(self.before.splitlines(True), self.after.splitlines(True), old, f"b/{name}")
        )


def first_year(measure: Measure) -> int | None:
    """The calendar year in which the first financial year of ``measure``'s targets or figures begins."""
    from pmf.periods import fy_start_year

    years = [*measure.thresholds, *([measure.first_year] if measure.first_year else [])]
    for outturn in measure.outturns:
        try:
            years.append(parse_period(outturn.period, measure.frequency.value).financial_year)
        except ValueError:
            continue  # pmf validate names it
    return min((fy_start_year(y) for y in years), default=None)


def read_for(measure: Measure) -> Callable[[str, str], Period]:
    """``read_period`` for ``measure``: a month with a two-digit year before its first year is refused."""
    return partial(read_period, earliest=first_year(measure))


def outturn_text(
    text: str,
    measure: Measure,
    period: str,
    value: Decimal | None,
    comment: str | Versions | None,
    verified: tuple[str, dt.date] | None = None,
) -> tuple[str, bool]:
    """``text`` with the outturn for ``period`` added or replaced (kept in period order).

    ``verified``: the role that checked the figure and the day. A figure that changes without
    one loses the ``verified`` its old figure had: what was checked was the old figure.
    """
    label = parse_period(period, measure.frequency.value)
    old = next((o for o in measure.outturns if o.period == label.label), None)
    fields: list[edits.Field] = [("period", label.label), ("value", value)]
    if (said := as_given(comment, old and old.comment)) is not None:
        fields.append(("comment", said))
    if verified is not None:
        by, day = verified
        fields.append(("verified", edits.Raw(f"{{by: {edits.scalar_text(by, flow=True)}, date: {day.isoformat()}}}")))
    stale = verified is None and old is not None and old.verified is not None and old.value != value

    def same(item: MappingNode) -> bool:
        written = scalar_at(item, "period")
        try:
            return written is not None and parse_period(written, measure.frequency.value) == label
        except ValueError:
            return False

    def order(item: MappingNode) -> object:
        written = scalar_at(item, "period")
        try:
            return parse_period(written or "", measure.frequency.value).start
        except ValueError:
            return dt.date.min

    text, matched = edits.edit_list(text, [], "outturns", same, fields, order, label.start)
    return (_unverified(text, same) if stale else text), matched


def _unverified(text: str, same: Callable[[MappingNode], bool]) -> str:
    """``text`` without the ``verified`` of the outturn that is the ``same`` (its figure has changed)."""
    found = child(compose(text), "outturns")
    for item in found[1].value if found is not None and isinstance(found[1], SequenceNode) else []:
        if isinstance(item, MappingNode) and same(item):
            return edits.apply(text, [edits.remove_key(text, item, "verified")])
    return text


def record(
    portfolio: Portfolio,
    measure_id: str,
    period: str,
    value: str,
    comment: str | Versions | None,
    verified: tuple[str, dt.date] | None = None,
    as_of: dt.date | None = None,
    notes: list[str] | None = None,
) -> Change:
    """Add or replace one outturn of a measure, after checking it as ``pmf validate`` would.

    ``notes``: where a warning about the figure goes (a percentage that looks like a fraction), as ``pmf import``'s.

    ``verified``: the role that checked the figure against its source, and the day. ``as_of``:
    today, before which a period must have begun. A figure not available (null) needs a comment
    saying why, given here or already on an outturn that had no figure, as pmf import asks.
    """
    from pmf.errors import suggestion

    edit_check.refuse_unreadable(portfolio, measure_id)  # (one of two files with its id is read, but not edited)
    measure = portfolio.measures.get(measure_id)
    if measure is None:
        raise UsageError(f"no measure '{measure_id}'{suggestion(measure_id, list(portfolio.measures))}")
    if measure.measure_type is MeasureType.calculated:
        raise UsageError(
            f"{measure_id} is worked out from its formula ({measure.formula}): record the measures it uses instead"
        )
    try:
        frequency = measure.frequency.value
        label = of_frequency(period, frequency, measure_id, read=read_for(measure))
        if as_of is not None:
            periods.under_way(label, as_of)
        number = None if value.strip().casefold() in NOT_AVAILABLE else parse_value(value, measure)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if number is not None and notes is not None and (warned := fraction(number, measure, written=value.strip())):
        notes.append(f"warning: {measure_id} {label.label}: {warned}")
    old = next((o for o in measure.outturns if o.period == label.label), None)
    said = old is not None and old.value is None and old.comment  # why the figure was already missing
    if number is None and not words(comment).strip() and not said:
        raise UsageError(f"no value: give --comment {WHY_NOT_AVAILABLE}")
    path = portfolio.files[measure_id]
    before = read_for_edit(path)
    if verified is not None and not verified[0].strip():
        raise UsageError(
            "--verified-by needs the role that checked the figure, e.g. 'Performance and Improvement Officer'"
        )
    checked = old.verified if old is not None and old.value == number else None  # the figure, checked already
    if verified is not None and checked is not None and checked.by == verified[0].strip():
        verified = None  # checked already by that role: the figure keeps the day it was first checked

    def redo(text: str) -> str:
        return outturn_text(text, measure, label.label, number, comment, verified)[0]

    after = edited(portfolio.root, path, before, redo)
    replaced = old is not None
    verb = "unchanged: already holds" if after == before else "replaced" if replaced else "added"
    said_now = f"{measure_id}: {verb} the outturn for {label.label}{comment_note(old and old.comment, comment)}"
    if after == before and old is not None and checked is not None:
        said_now = (
            f"{measure_id}: unchanged: the outturn for {label.label} is already recorded ({old.value}) "
            f"and verified by {checked.by} on {checked.date.isoformat()}"
        )
    return Change(path, before, after, said_now, redo)


def already_checked(old: Outturn | None, number: Decimal | None, by: str) -> bool:
    """Whether the outturn ``old`` holds the figure ``number`` checked by the role ``by`` already: a check by
    that role again keeps the day it was first checked, whatever else changes (``pmf record``, ``pmf import``)."""
    return old is not None and old.value == number and old.verified is not None and old.verified.by == by.strip()


def words(comment: str | Versions | None) -> str:
    """The commentary's text in whichever language it is given."""
    if isinstance(comment, Versions):
        return comment.en or comment.cy or ""
    return comment or ""


def edited(root: Path, path: Path, before: str, edit: Callable[[str], str]) -> str:
    """``edit(before)``, with an edit pmf refuses (an alias in the way) reported at its file and line."""
    try:
        return edit(before)
    except edits.EditRefused as exc:
        raise PmfError([Problem(relative(path, root), exc.line, 1 if exc.line else 0, "", str(exc))]) from None


def update_activity(
    portfolio: Portfolio,
    activity_id: str,
    status: str,
    comment: str | Versions | None,
    period: str | None,
    as_of: dt.date,
) -> Change:
    """Add (or replace) an activity's update for a half year: the latest half ended by ``as_of`` by default."""
    from pmf.errors import suggestion

    found = [
        (year, plan, o_i, a_i)
        for (_, year), plan in sorted(portfolio.plans.items())
        for o_i, o in enumerate(plan.outcomes)
        for a_i, a in enumerate(o.activities)
        if a.id == activity_id
    ]
    if not found:
        edit_check.refuse_unread_plans(portfolio)
        ids = [a.id for p in portfolio.plans.values() for a in p.activities()]
        raise UsageError(f"no activity '{activity_id}'{suggestion(activity_id, ids)}")
    year, plan, o_index, a_index = found[-1]
    scheme = portfolio.settings.status_scheme
    allowed = BRAG_ACTIVITY_STATUSES if scheme is StatusScheme.rag_variance else ROYG_ACTIVITY_STATUSES
    given, status = status, status.strip().casefold()  # read in any case, as every option of a set of values is
    if status not in allowed:
        raise UsageError(
            f"--status: '{given}' is not a status it takes under the {scheme.value} scheme: "
            f"use {choices_named(sorted(allowed))}"
        )
    if period is None:
        ended = [h for h in (half(year, 1), half(year, 2)) if h.end < as_of]
        latest = ended[-1] if ended else half(year, 1)
        _refuse_reported(portfolio, plan.outcomes[o_index].activities[a_index], latest, as_of)
        period = latest.label
    try:
        label = parse_period(period)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if label.frequency != "biannual" or label.financial_year != year:
        raise UsageError(f"--period '{period}': an update for this {year} plan is for {year} H1 or {year} H2")
    path = portfolio.files[f"{plan.id}/{year}"]
    before = read_for_edit(path)
    earlier = [u for u in plan.outcomes[o_index].activities[a_index].updates if u.period == label.label]
    fields: list[edits.Field] = [("period", label.label), ("status", status)]
    if (said := as_given(comment, earlier[0].comment if earlier else None)) is not None:
        fields.append(("comment", said))

    def redo(text: str) -> str:
        return edits.edit_list(
            text,
            ["outcomes", o_index, "activities", a_index],
            "updates",
            lambda item: scalar_at(item, "period") == label.label,
            fields,
        )[0]

    after = edited(portfolio.root, path, before, redo)
    verb = "replaced" if earlier else "added"
    note = comment_note(earlier[0].comment if earlier else None, comment)
    return Change(path, before, after, f"{activity_id}: {verb} the update for {label.label} ({status}){note}", redo)


def _refuse_reported(portfolio: Portfolio, activity: Activity, part: Period, as_of: dt.date) -> None:
    """Never replace, unasked, a half year's update once its update deadline has passed: say which to give."""
    update = next((u for u in activity.updates if u.period == part.label), None)
    year = part.financial_year
    first_half = part == half(year, 1)
    window, due = update_due(portfolio.settings, part)
    if update is None or as_of <= due:
        return
    current = f", or --period '{half(year, 2).label}' for the half year under way" if first_half else ""
    raise UsageError(
        f"{activity.id} already has its {part.label} update ({update.status.value}), reported at {window}: "
        f"give --period '{part.label}' to replace it{current}"
    )


def commit(portfolio: Portfolio, changes: list[Change]) -> list[Change]:
    """Write the changed files together (all or none) under the repository's lock, each checked first.

    A file changed by someone else since the edit was worked out gets the same edit made on top
    of its new text. Returns the changes as written.
    """
    with transaction.locked(portfolio.root):
        transaction.recover(portfolio.root)
        final = []
        for change in changes:
            if change.created:
                if change.path.exists():
                    raise UsageError(
                        f"{relative(change.path, portfolio.root)} already exists: pmf never overwrites a file"
                    )
                final.append(change)
                continue
            current = read_for_edit(change.path)
            if current != change.before:
                change = replace(
                    change, before=current, after=edited(portfolio.root, change.path, current, change.redo)
                )
            final.append(change)
        edit_check.check(portfolio, final)
        for change in final:
            if change.created:
                change.path.parent.mkdir(exist_ok=True)  # a service's measures/ folder, made by hand without one
        transaction.write_all(
            portfolio.root, [(c.path, c.after, None if c.created else c.before) for c in final if c.changed]
        )
    return final
