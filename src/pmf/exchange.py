"""Data in: bulk outturns from CSV or Excel (``pmf import``), every figure checked before any is written."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmf.errors import PmfError, Problem, UsageError
from pmf.fields import MeasureType
from pmf.fieldwording import IDENTIFIER
from pmf.import_columns import ALIASES, FIELDS, disagreement, id_column, measure_columns, unclear
from pmf.nodes import read_for_edit
from pmf.outturn_values import NOT_AVAILABLE, WHY_NOT_AVAILABLE, fraction, parse_value
from pmf.periods import Period, of_frequency, parse_period, under_way
from pmf.record import Change, already_checked, edited, outturn_text, read_for
from pmf.roles import name_warnings
from pmf.scalars import Versions
from pmf.sheetcells import Cell, figure_cell, long_cells, misfit, read_records, text, unmarked, wide_cells
from pmf.suggested import command, quoted
from pmf.textedits import comment_note

__all__ = ["FIELDS", "plan_import", "read_records"]  # read_records: datasets and definitions read their sheets here too

if TYPE_CHECKING:
    from pmf.models import Measure, Outturn
    from pmf.portfolio import Portfolio

_ID = re.compile(IDENTIFIER)  # what a measure's id may hold: letters, digits, - and _
# A row of totals under (or among) the figures, by the words in its measure cell, in English or Welsh
_TOTALS = re.compile(r"(?:grand |sub-? ?)?totals?:?|cyfanswm(?: terfynol)?:?", re.I)


@dataclass(frozen=True)
class Row:
    number: int
    measure: str
    period: str
    value: str
    comment: str | None
    shown: bool = False  # read from a percentage-formatted cell as the percentage it shows
    verified_by: str | None = None  # the role that checked the figure against its source
    comment_cy: str | None = None  # the comment's Welsh

    def said(self) -> str | Versions | None:
        """The commentary to write, as ``pmf record --comment`` and ``--comment-cy`` give it."""
        return Versions(en=self.comment, cy=self.comment_cy) if self.comment_cy is not None else self.comment


def plan_import(
    portfolio: Portfolio,
    path: Path,
    columns: dict[str, str],
    sheet: str | None = None,
    *,
    wide: bool = False,
    notes: list[str] | None = None,
    as_of: dt.date | None = None,
) -> list[Change]:
    """Check every figure, then work out the edits; raise with every bad one and write nothing.

    ``wide``: one row per measure, one column per period (a header naming the period). Notices
    (columns ignored) are added to ``notes``. A ``verified_by`` column marks each figure it names
    as checked by that role on ``as_of``.
    """
    from pmf.publications import find_columns, match_columns
    from pmf.sheetcells import period_heading
    from pmf.spreadsheet import naming_other_sheets

    notes = notes if notes is not None else []
    required = ("measure",) if wide else ("measure", "period", "value")

    def known(names: list[str]) -> int:
        """Columns of figures a row names: its fields, and in a wide table each period heading (where a value's
        or a period's heading, such as 'Outturn' over a group of periods, names no column)."""
        found = match_columns(names, ALIASES, columns)
        fields = sum(name is not None for field, name in found.items() if not wide or field not in ("value", "period"))
        return fields + (sum(period_heading(name) is not None for name in names if name) if wide else 0)

    with naming_other_sheets(path, sheet):  # the figures may be on another of the workbook's sheets
        at, records = read_records(path, sheet, known)
        header = records[0].header  # as written: a column with no name keeps its place
        names = find_columns(header, ALIASES, columns, required, path.name)
    if names["comment_cy"] and not names["comment"]:
        notes.append(
            f"{path.name}: the column '{names['comment_cy']}' gives comments in Welsh, and no column gives them in "
            'English: the English comments are left as they were (name its column with --columns "comment=HEADER")'
        )
    if as_of is None and names["verified_by"]:
        raise UsageError(f"{path.name}: a verified_by column needs the day the figures were checked (as_of)")
    cells = wide_cells(records, names, notes, path.name, at + 1) if wide else long_cells(records, names, at + 1)

    def id_of(cell: Any) -> str | None:
        found = text(cell)
        return found if found in portfolio.measures or found in portfolio.unreadable else None

    considered = measure_columns(header) if "measure" not in columns else []  # 'Measure ID' beside 'Measure'
    if len(considered) > 1:
        names["measure"] = id_column(considered, records, id_of)
    reading = _Reading(portfolio, path, names, header, notes, as_of, sheet)
    if len(considered) > 1 and all(id_of(record.get(reading.key)) is None for record in records):
        reading.unclear = Problem(path.name, at, reading.measure_col, "", unclear(considered, reading.key))
    if len(considered) > 1 and (both := disagreement(considered, records, id_of, at + 1)):
        reading.problems.append(Problem(path.name, at, reading.measure_col, "", both))
    for number, record in enumerate(records, start=at + 1):
        if id_of(record.get(reading.key)) and (found := misfit(record, names)):
            reading.problems.append(Problem(path.name, number, found[0], text(record.get(reading.key)), found[1]))
            reading.misfits.add(number)
    for cell in cells:
        if cell.row not in reading.misfits:  # (a row that does not fit its header is read no further)
            reading.read(cell)
    reading.finish()
    rows = reading.rows
    notes += name_warnings(path.name, "verified_by", [(row.number, row.verified_by or "") for row, _ in rows])
    by_measure: dict[str, list[tuple[Row, Outturn | None]]] = defaultdict(list)
    for row, period in rows:
        measure = portfolio.measures[row.measure]
        by_measure[row.measure].append((row, _held(measure, period)))
    changes = []
    left = 0  # figures of measures whose file is left as it is
    for measure_id, items in by_measure.items():
        measure = portfolio.measures[measure_id]
        file = portfolio.files[measure_id]
        pending = [(row, old) for row, old in items if not _holds(old, row, measure)]
        fresh = [row for row, _ in pending]

        def redo(text: str, measure: Any = measure, pending: list[tuple[Row, Outturn | None]] = pending) -> str:
            for row, old in pending:
                value = parse_value(row.value, measure) if row.value else None
                new = row.verified_by and not already_checked(old, value, row.verified_by)
                checked = (row.verified_by or "", as_of or dt.date.min) if new else None
                text = outturn_text(text, measure, row.period, value, row.said(), checked)[0]
            return text

        before = read_for_edit(file)
        after = edited(portfolio.root, file, before, redo) if fresh else before
        checks = [
            (row, old)
            for row, old in pending
            if old is not None and row.verified_by and _holds(old, replace(row, verified_by=None), measure)
        ]
        again = sum(1 for _, old in checks if old.verified is not None)  # another role's check replaced
        checked = len(checks) - again
        replaced = sum(1 for _, old in pending if old is not None) - len(checks)
        summary = f"{measure_id}: {len(fresh) - replaced - len(checks)} added, {replaced} replaced"
        if checked:
            summary += f", {checked} now checked ({'their figures' if checked != 1 else 'its figure'} unchanged)"
        if again:
            summary += f", {again} re-checked ({'their figures' if again != 1 else 'its figure'} unchanged)"
        if len(fresh) < len(items):
            summary += f", {len(items) - len(fresh)} unchanged"
        for row, old in pending:  # a check by another role replaced: whose it was, for whoever audits the figures
            if old is not None and old.verified is not None and row.verified_by not in (None, old.verified.by):
                summary += (
                    f"; {row.period}: checked by {row.verified_by}, where it was checked by {old.verified.by} "
                    f"on {old.verified.date.isoformat()}"
                )
        for row, old in pending:  # a comment's version kept but out of date, or cleared: as pmf record says
            if old is not None and (note := comment_note(old.comment, row.said())):
                summary += f"; {row.period}: {note.removeprefix('; ')}"
        scaled = sum(1 for row, _ in items if row.shown)
        if scaled:
            summary += f"; {scaled} from percentage-formatted cells, read as the percentages they show (0.955 as 95.5)"
        if after != before:
            changes.append(Change(file, before, after, summary, redo))
        else:
            left += len(items)
    if left:
        notes.append(
            f"{left} figure{'s' if left != 1 else ''} unchanged: the files hold {'them' if left != 1 else 'it'} already"
        )
    return changes


def _held(measure: Measure, period: Period) -> Outturn | None:
    """The outturn the measure's file holds for ``period``, however its period is written; or None."""
    for outturn in measure.outturns:
        try:
            if parse_period(outturn.period, measure.frequency.value) == period:
                return outturn
        except ValueError:  # a period pmf validate refuses: no figure of this sheet's is for it
            continue
    return None


def _holds(old: Outturn | None, row: Row, measure: Measure) -> bool:
    """Whether the file's outturn ``old`` already says all ``row`` says: the same figure, the comment
    it gives (if any), and a check by the role it names (if any). Such a row changes nothing: a
    figure checked again by the same role keeps the day it was first checked."""
    if old is None or old.value != (parse_value(row.value, measure) if row.value else None):
        return False
    if row.comment is not None and row.comment != old.comment:
        return False
    if row.comment_cy is not None and row.comment_cy != getattr(old.comment, "cy", None):
        return False
    return row.verified_by is None or already_checked(old, old.value, row.verified_by)


def _held_text(cell: Cell) -> str:
    """What a row holds beside its measure's id, in a word or two: '' for nothing (a note row)."""
    if text(cell.period) or text(cell.value):
        return "figures"
    if cell.comment or cell.comment_cy:
        return "a comment"
    return "a verified_by entry" if cell.verified_by else ""


class _Reading:
    """The cells of an import read one by one: the rows to write, and every problem and notice on the way."""

    def __init__(
        self,
        portfolio: Portfolio,
        path: Path,
        names: dict[str, str | None],
        header: list[str],
        notes: list[str],
        as_of: dt.date | None,
        sheet: str | None,
    ) -> None:
        self.portfolio, self.source, self.key = portfolio, path, names["measure"] or ""
        self.measure_col = header.index(self.key) + 1
        self.comments = names["comment"] or names["comment_cy"]  # the column a figure's comment is written in
        self.sheet = sheet
        self.header, self.notes, self.as_of = header, notes, as_of
        self.rows: list[tuple[Row, Period]] = []
        self.problems: list[Problem] = []
        self.seen: dict[tuple[str, Period], tuple[int, int]] = {}
        self.unknown: dict[int, tuple[Problem, str]] = {}  # by row: its problem, and where it is a note (NOTE)
        self.calculated: set[int] = set()
        self.totals: set[int] = set()  # rows of totals, skipped
        self.unsaved: list[tuple[Cell, str]] = []  # figures left empty: a formula Excel has not saved?
        self.unclear: Problem | None = None  # at the header: which of its columns holds the ids, pmf cannot tell
        self.misfits: set[int] = set()  # rows whose cells do not fit the header (sheetcells.misfit)

    def _problem(self, cell: Cell, key: str, message: str, col: int | None = None, warning: bool = False) -> Problem:
        return Problem(
            self.source.name,
            cell.row,
            cell.col if col is None else col,
            key,
            message,
            "warning" if warning else "error",
        )

    def read(self, cell: Cell) -> None:
        """Check one cell: a problem, a notice, or a row to write."""
        from pmf.edit_check import holding
        from pmf.errors import suggestion
        from pmf.publications import figure

        measure = None if cell.measure in self.portfolio.unreadable else self.portfolio.measures.get(cell.measure)
        if measure is None and _TOTALS.fullmatch(cell.measure.strip()):
            self.totals.add(cell.row)
            return
        if measure is None:
            if cell.row not in self.unknown:
                hint = suggestion(cell.measure, list(self.portfolio.measures))
                held = _held_text(cell)
                said = f"no measure '{cell.measure}'{hint}"
                if cell.measure in self.portfolio.unreadable:  # (an error, never a note: see NOTE)
                    listed = command("pmf validate")
                    hint = said = f"{cell.measure}: {holding(self.portfolio, cell.measure)} ({listed} lists it)"
                elif not cell.measure and held:  # a row of figures whose id was left out or cleared
                    said = (
                        f"the measure cell of row {cell.row} is empty, and the row has {held}: "
                        "write the measure's id in it, or delete the row"
                    )
                note = "" if hint or held else "anywhere" if not _ID.fullmatch(cell.measure) else "below"
                self.unknown[cell.row] = (self._problem(cell, self.key, said, self.measure_col), note)
            return
        if measure.measure_type is MeasureType.calculated:  # (an export lists its figures too)
            if cell.row not in self.calculated:
                self.calculated.add(cell.row)
                said = f"{cell.measure} is calculated from its formula: its figures are not imported"
                self.notes.append(self._problem(cell, "", said, self.measure_col, warning=True).text())
            return
        frequency = measure.frequency.value
        period_text = text(cell.period) if not isinstance(cell.period, dt.date) else f"{cell.period:%Y-%m-%d}"
        key = f"{cell.measure} {period_text}".strip()
        try:
            period_text = text(cell.period, frequency)
            period = of_frequency(period_text, frequency, cell.measure, read=read_for(measure))
            if self.as_of is not None:
                under_way(period, self.as_of)
        except ValueError as exc:
            self.problems.append(self._problem(cell, key, str(exc), cell.period_col))
            return
        key = f"{cell.measure} {period_text}"  # a date cell as the period it names, text as written
        try:
            point = figure_cell(cell.value)  # 12,5 in a file separated by semicolons is 12.5
            written = text(cell.value) if point != cell.value else None  # what a problem quotes
            raw, mark = unmarked(point)
            data_type = measure.data_type.value if measure.data_type else None
            value_text, shown = figure(raw, data_type, measure.unit)
            if value_text.casefold() in NOT_AVAILABLE:
                value_text = ""  # recorded as null, as pmf record records n/a: the comment must say why
            if value_text:  # typed text checked as written, so a problem quotes it, unit and sign and all
                typed = isinstance(raw, str)
                parse_value(raw if typed else value_text, measure, typed=typed, written=written)
            elif not (cell.comment or cell.comment_cy) or (not text(cell.value) and self._formula(cell)):
                self.unsaved.append((cell, key))  # (a formula with a comment beside it is no figure not available)
                return
        except ValueError as exc:
            self.problems.append(self._problem(cell, key, str(exc)))
            return
        if mark:
            said = f"read {value_text}, marked {mark} ('{text(cell.value)}'); the mark is left off"
            self.notes.append(self._problem(cell, key, said, warning=True).text())
        if (cell.measure, period) in self.seen:
            line, col = self.seen[(cell.measure, period)]
            where = f"in column {col} ('{self.header[col - 1]}') of row {line}" if cell.heading else f"on row {line}"
            self.problems.append(self._problem(cell, cell.measure, f"{period.label} is also {where}"))
            return
        self.seen[(cell.measure, period)] = (cell.row, cell.col)
        row = Row(
            cell.row,
            cell.measure,
            period.label,
            value_text,
            cell.comment or None,
            shown,
            cell.verified_by or None,
            cell.comment_cy or None,
        )
        self.rows.append((row, period))
        signed = isinstance(raw, str) and raw.strip().endswith("%")  # 0.645%: the percentage its writer meant
        self._fraction(cell, measure, row, key, text(cell.value) if signed else written, signed)

    def _fraction(
        self, cell: Cell, measure: Measure, row: Row, key: str, written: str | None, signed: bool = False
    ) -> None:
        """Refuse a percentage written as a fraction (``outturn_values.fraction``), beside the rows before it too:
        written, it would replace the percentage and be judged as one (0.695 as 0.7%, red). A cell formatted as a
        percentage is read as the percentage it shows, which its reader saw, and a figure written with its own
        ``%`` (``signed``: 0.645%, as Excel saves such a cell in a CSV file) as the percentage it says: such a
        figure is warned of alone."""
        if not row.value:
            return
        value = parse_value(row.value, measure, typed=False)
        rows = (
            parse_value(r.value, measure, typed=False) for r, _ in self.rows if r.measure == row.measure and r.value
        )
        said = fraction(value, measure, rows, written)  # (the rows are read only for a figure from 0 to 1)
        if said is None:
            return
        if row.shown or signed:
            self.notes.append(self._problem(cell, key, said, warning=True).text())
            return
        formatted = ", or format the cell as a percentage" if self.source.suffix.lower() in {".xlsx", ".xlsm"} else ""
        typed = f"pmf record {row.measure} {quoted(row.period)} {value:f}"
        self.problems.append(
            self._problem(cell, key, f"{said}{formatted}; if {value:f}% is meant, record it with `{command(typed)}`")
        )

    def finish(self) -> None:
        """Raise with every problem. A note row is skipped and counted: one naming no measure and holding
        nothing else, wherever it sits when its text cannot be an id (``Source: Housing team returns``,
        ``Note: Q2 figures provisional``, a blank measure cell), and after the table when it could
        (``Total``). Text that reads as a measure's id mistyped (it has a "did you mean") is never a note."""
        table = [r.number for r, _ in self.rows] + [p.line for p in self.problems] + [c.row for c, _ in self.unsaved]
        table += [*self.calculated, *(n for n, (_, note) in self.unknown.items() if not note)]
        end = max(table, default=0)
        skipped = [n for n, (_, note) in self.unknown.items() if note == "anywhere" or (note and n > end)]
        problems = self.problems + [p for n, (p, _) in self.unknown.items() if n not in skipped]
        problems += [self._unsaved(cell, key) for cell, key in self.unsaved]
        if self.unclear is not None and any(n not in skipped for n in self.unknown):
            problems.append(self.unclear)
        if self.totals:
            totals = sorted(self.totals)
            rows = (
                f"row {totals[0]} is a totals row"
                if len(totals) == 1
                else f"rows {', '.join(map(str, totals))} are totals rows"
            )
            self.notes.append(f"{self.source.name}: {rows}: skipped")
        if skipped:
            rows = f"note row{'s' if len(skipped) != 1 else ''}"
            if all(n > end for n in skipped):
                self.notes.append(f"skipped {len(skipped)} {rows} below the table")
            else:
                where = ", ".join(str(n) for n in sorted(skipped))
                self.notes.append(
                    f"skipped {len(skipped)} {rows} naming no measure and holding no figure (rows {where})"
                )
        if problems:
            raise PmfError(sorted(problems, key=lambda p: (p.line, p.col)))

    def _formula(self, cell: Cell) -> str | None:
        """The formula a workbook's empty-valued cell holds, which Excel has not calculated and saved (or None)."""
        from pmf.sheetcells import formula_at

        return formula_at(self.source, self.sheet, cell.row, cell.col)

    def _unsaved(self, cell: Cell, key: str) -> Problem:
        formula = self._formula(cell)
        if formula:
            said = (
                f"the cell holds the formula {formula}, which Excel has not calculated and saved: open the "
                "workbook in Excel and save it, then import again"
            )
        elif not text(cell.value):
            said = f"no value: write n/a as the value and leave a comment {WHY_NOT_AVAILABLE}"
        elif self.comments:  # n/a written, and its comment left out: the problem is at the comment's cell
            said = f"'{text(cell.value)}' needs a comment {WHY_NOT_AVAILABLE}"
            return self._problem(cell, key, said, self.header.index(self.comments) + 1)
        else:
            said = f"'{text(cell.value)}' needs a comment {WHY_NOT_AVAILABLE}: add a column headed Comment for it"
        return self._problem(cell, key, said)
