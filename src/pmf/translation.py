"""The round trip through a translation unit: plan text out to a spreadsheet or PO file, Welsh back in.

``export`` lists every piece of plan text that has no Welsh version (the texts
``pmf validate --lang cy`` gives notices for) as rows of file, key path, English and an empty
Welsh column; ``.csv``, ``.xlsx`` or ``.po`` by the file's extension (in PO, ``msgctxt`` is
``file:path``, ``msgid`` the English, ``msgstr`` the Welsh). ``read_rows`` reads one back and
``apply_rows`` writes each filled Welsh text into its file as ``{en, cy}``, every other byte as
written, all or nothing: a row whose English no longer matches the file is refused.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pmf import edits
from pmf.cache import Cache
from pmf.errors import PmfError, Problem, UsageError, dotted, relative
from pmf.nodes import MappingNode, Node, ScalarNode, SequenceNode, child, compose, written_value
from pmf.record import Change

COLUMNS = ("file", "path", "en", "cy")
WELSH_SOURCE = "welsh-source"  # a PO entry whose msgid is Welsh, written in Welsh alone: msgstr is its English
FORMATS = (".csv", ".xlsx", ".po")


@dataclass(frozen=True)
class Row:
    file: str  # relative to the repository, as problem lines name it
    path: str  # the key path, as problem lines write it: outcomes[0].activities[1].title
    en: str
    cy: str = ""
    line: int = 0  # where the row is in the file it was read from (0: not read from a file)
    gives: str = "cy"  # the version the row writes: the Welsh, or the English of text written in Welsh


def untranslated(root: Path, cache: Cache | None = None) -> list[Row]:
    """Every piece of plan text in the repository with no Welsh version, in file order."""
    from pmf.loader import check_portfolio

    portfolio, problems = check_portfolio(root, lang="cy", cache=cache)
    if portfolio is None:
        raise PmfError([p for p in problems if p.severity == "error"])
    return [_row(file, dotted(key_path), text) for file, key_path, text in portfolio.untranslated]


def _row(file: str, path: str, text: str) -> Row:
    """Text awaiting its Welsh goes out with its English; text written in Welsh, with its Welsh."""
    if getattr(text, "english", True):
        return Row(file, path, str(text))
    return Row(file, path, "", str(getattr(text, "cy", None) or ""))


def check_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise UsageError(f"{path}: write .csv, .xlsx or .po (the file's extension says which)")
    return suffix


def write_rows(path: Path, rows: Sequence[Row]) -> None:
    """Write ``rows`` for translators, in the format the file's extension names."""
    from pmf.atomic import write_atomic
    from pmf.spreadsheet import csv_text

    kind = check_format(path)
    if kind == ".csv":
        table = [dict(zip(COLUMNS, (r.file, r.path, r.en, r.cy), strict=True)) for r in rows]
        text = csv_text(table, COLUMNS, line_end="\r\n")
        write_atomic(path, "\ufeff" + text)  # the byte-order mark tells Excel it is UTF-8
    elif kind == ".xlsx":
        _write_xlsx(path, rows)
    else:
        _write_po(path, rows)


def _write_xlsx(path: Path, rows: Sequence[Row]) -> None:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from pmf.atomic import write_atomic
    from pmf.spreadsheet import text_cells

    book = Workbook()
    sheet = book.active
    sheet.title = "Translations"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r in rows:
        sheet.append([r.file, r.path, r.en, r.cy])
        text_cells(sheet[sheet.max_row])  # "=..." stays text, read back as written
    for letter, width in zip("ABCD", (40, 36, 70, 70), strict=True):
        sheet.column_dimensions[letter].width = width
    for line in sheet.iter_rows(min_row=2):
        for cell in line[2:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    made = io.BytesIO()
    book.save(made)
    write_atomic(path, made.getvalue())


def _write_po(path: Path, rows: Sequence[Row]) -> None:
    import io

    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    from pmf.atomic import write_atomic

    catalog = Catalog(
        locale="cy",
        project="Plan text",
        header_comment="# Plan text without its Welsh version, from pmf translate export.\n"
        "# msgctxt: the file and key path; msgid: the English; msgstr: the Welsh (pmf translate import).",
        copyright_holder="",
        msgid_bugs_address="",
        fuzzy=False,
    )
    for r in rows:
        if r.en or not r.cy:
            catalog.add(r.en, r.cy, context=f"{r.file}:{r.path}")
        else:  # written in Welsh: the Welsh is the source, its English the translation
            note = ["Written in Welsh: msgstr is its English."]
            catalog.add(r.cy, "", context=f"{r.file}:{r.path}", flags=[WELSH_SOURCE], auto_comments=note)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, omit_header=False)
    write_atomic(path, buffer.getvalue().decode("utf-8"))


def read_rows(path: Path) -> list[Row]:
    """The rows of a translation file, each knowing its line (a PO entry: its msgid's line)."""
    from pmf.spreadsheet import as_written, read_table

    if check_format(path) == ".po":
        return _po_rows(path)
    table = [["" if v is None else str(v) for v in line] for line in read_table(path)]
    if [c.strip().lower() for c in table[0][:4]] != list(COLUMNS):
        raise PmfError([Problem(str(path), 1, 1, "", f"the first row must be the columns {', '.join(COLUMNS)}")])
    rows = []
    for number, line in enumerate(table[1:], start=2):
        file, key, en, cy = (as_written(cell) for cell in (list(line[:4]) + [""] * 4)[:4])
        if any(cell.strip() for cell in (file, key, en, cy)):
            rows.append(Row(file, key, en, cy, number))
    return rows


def _po_rows(path: Path) -> list[Row]:
    from babel.messages.pofile import PoFileError, read_po

    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, abort_invalid=True)
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x}); save it as UTF-8") from None
    except PoFileError as exc:
        raise UsageError(f"{path}: cannot read this PO file ({exc})") from None
    rows = []
    for message in catalog:
        if not message.id or not message.context:
            continue
        file, _, key = str(message.context).rpartition(":")
        given = "" if message.fuzzy else str(message.string or "")
        if WELSH_SOURCE in message.flags:
            rows.append(Row(file, key, given, str(message.id), message.lineno or 0))
        else:
            rows.append(Row(file, key, str(message.id), given, message.lineno or 0))
    return rows


def _steps(path: str) -> list[str | int]:
    return [int(index) if index else key for key, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path)]


def _node_at(root: MappingNode, steps: Sequence[str | int]) -> tuple[Node, Node | None, bool] | None:
    """The node at a key path, its key node (None in a list) and whether it sits in a flow collection."""
    node: Node = root
    key: Node | None = None
    flow = False
    for step in steps:
        if isinstance(step, int) and isinstance(node, SequenceNode) and step < len(node.value):
            flow, (node, key) = bool(node.flow_style), (node.value[step], None)
        elif step == 0 and not isinstance(node, SequenceNode):  # one value where a list may be written
            continue  # (it sits where it is written: in its mapping, flow or block)
        elif isinstance(node, MappingNode) and (found := child(node, str(step))) is not None:
            flow, (key, node) = bool(node.flow_style), found
        else:
            return None
    return node, key, flow


def _english(node: Node) -> str | None:
    if isinstance(node, ScalarNode):
        return written_value(node)
    if isinstance(node, MappingNode) and (en := child(node, "en")) is not None:
        return written_value(en[1]) if isinstance(en[1], ScalarNode) else None
    return None


def _edit(text: str, node: Node, key: Node | None, flow: bool, given: str, welsh_source: bool) -> list[edits.Edit]:
    """The edits that give ``node`` its Welsh version (its English, when written in Welsh), in the style around it."""
    from pmf.textedits import mapping_edits, welsh_scalar

    if isinstance(node, MappingNode):  # already {en: ...} or {cy: ...}: add or fill the other, clear its mark
        inner = node.value[0][0].start_mark.column if node.value else 0
        value = given.strip() if node.flow_style else edits.Raw(welsh_scalar(given, inner))
        return mapping_edits(text, node, {"en" if welsh_source else "cy": value}, None)
    return [_scalar_edit(text, node, key, flow, given)]


def _scalar_edit(text: str, node: Node, key: Node | None, flow: bool, welsh: str) -> edits.Edit:
    """Plain English given its Welsh: ``{en, cy}`` where it stands, in the style around it."""
    start, end = node.start_mark.index, node.end_mark.index
    tail = "\n" if text[start:end].endswith("\n") else ""
    if flow and isinstance(node, ScalarNode):
        english, cymraeg = (
            edits.scalar_text(written_value(node), flow=True),
            edits.scalar_text(welsh.strip(), flow=True),
        )
        return edits.Edit(start, end, f"{{en: {english}, cy: {cymraeg}}}{tail}")
    from pmf.textedits import block_versions

    where = None if key is None else (key.start_mark.column, text.index(":", key.end_mark.index))
    return block_versions(text, node, where, welsh)


def apply_rows(root: Path, source: Path, rows: Sequence[Row]) -> tuple[list[Change], list[Row]]:
    """Every filled row's Welsh (or English, for text written in Welsh) put into its file's text; nothing is written here.

    Returns each file's change (for :func:`pmf.record.commit`, which checks and writes them
    together) and the rows placed; raises PmfError, naming the translation
    file's row, when any row cannot be applied.
    """
    from pmf.nodes import read_for_edit

    problems: list[Problem] = []
    by_file: dict[str, list[Row]] = {}
    for row in rows:
        if row.cy.strip() or row.en.strip():  # (a row with one language only is untranslated: skipped below)
            by_file.setdefault(row.file, []).append(row)
    changes: list[Change] = []
    placed: list[Row] = []
    for name, mine in by_file.items():
        path = (root / name).resolve()
        if root.resolve() not in path.parents or path.suffix != ".yaml" or not path.is_file():
            problems.extend(_refuse(source, r, f"{name} is not a plan file in this repository") for r in mine)
            continue
        text = read_for_edit(path)
        new, trouble, done = _translated(source, name, text, mine)
        problems += trouble
        if new != text and not problems:
            redo = functools.partial(_redone, root, source, path, done)
            _check_written(root, path, new, done)
            changes.append(Change(path, text, new, f"{len(done)} Welsh texts", redo))
            placed += done
    if problems:
        raise PmfError(problems)
    return changes, placed


def _translated(source: Path, name: str, text: str, rows: Sequence[Row]) -> tuple[str, list[Problem], list[Row]]:
    """``text`` with each row's translation in its place, the rows that cannot be placed, and those placed.

    A row of text written in Welsh (exported with its Welsh, for its English) is matched by its
    Welsh and gives the English; every other row is matched by its English and gives the Welsh.
    A row with nothing in the column to fill is not translated yet and is left out.
    """
    tree = compose(text)
    found: list[edits.Edit] = []
    problems: list[Problem] = []
    done: list[Row] = []
    for row in rows:
        place = _node_at(tree, _steps(row.path))
        welsh_source = place is not None and _welsh_source(place[0])
        source_text = _source(place[0], welsh_source) if place else None
        wanted, given = (row.cy, row.en) if welsh_source else (row.en, row.cy)
        if place is None or source_text is None:
            problems.append(_refuse(source, row, f"{name} has no text at {row.path}"))
        elif not given.strip():
            continue
        elif _same(source_text, wanted):
            found += _edit(text, *place, row.en if welsh_source else row.cy, welsh_source)
            done.append(dataclasses.replace(row, gives="en" if welsh_source else "cy"))
        else:
            line = place[0].start_mark.line + 1
            language = "Welsh" if welsh_source else "English"
            problems.append(
                _refuse(
                    source,
                    row,
                    f"the {language} at {name}:{line} {row.path} has changed since the export "
                    f"(the file now says {_short(source_text)}): export again and translate the new text",
                )
            )
    return (edits.apply(text, found) if found else text), problems, done


def _welsh_source(node: Node) -> bool:
    """Text written in Welsh alone, or whose English is marked out of date: the row gives its English."""
    from pmf.nodes import two_languages
    from pmf.textedits import written

    if not two_languages(node):
        return False
    en, cy, stale = written(node)
    return cy is not None and (en is None or stale == "en")


def _source(node: Node, welsh_source: bool) -> str | None:
    """The text a row was exported from: the Welsh of text written in Welsh, else the English."""
    if not welsh_source:
        return _english(node)
    from pmf.textedits import written

    return written(node)[1]


def _redone(root: Path, source: Path, path: Path, rows: Sequence[Row], text: str) -> str:
    """The same rows placed in the file as it is now (someone changed it since they were worked out)."""
    new, problems, _ = _translated(source, relative(path, root), text, rows)
    if problems:
        raise PmfError(problems)
    _check_written(root, path, new, rows)
    return new


def _check_written(root: Path, path: Path, text: str, rows: Sequence[Row]) -> None:
    """Read the new text back: each translated place must hold its English and the Welsh given."""
    from pmf.yamlio import load_fast
    from pmf.yamlscreen import YamlProblem

    try:
        data = load_fast(text.lstrip("\ufeff"))
    except YamlProblem as exc:  # pmf's own text at fault, not the file: its place is in no line the user wrote
        placed = ", ".join(row.path for row in rows)
        raise UsageError(
            f"{relative(path, root)}: pmf could not write the Welsh of {placed} in the file's own style (its "
            f"rewrite would not read back: {exc.message}); nothing was written: write the Welsh in the file by "
            "hand as {en: ..., cy: ...}, and report this fault in pmf"
        ) from None
    for row in rows:
        value: Any = data
        for step in _steps(row.path):
            if isinstance(value, list) and isinstance(step, int) and step < len(value):
                value = value[step]
            elif isinstance(value, dict) and step in value:
                value = value[step]  # (a single value written where a list may be keeps its place at [0])
        both = [str(value.get(k, "")) for k in ("en", "cy")] if isinstance(value, dict) else ["", ""]
        wanted = [row.en, row.cy]
        if (
            not isinstance(value, dict)
            or "out_of_date" in value
            or any(" ".join(a.split()) != " ".join(b.split()) for a, b in zip(both, wanted, strict=True))
        ):
            raise PmfError(f"{relative(path, root)}: {row.path} would not read back as its Welsh; nothing was written")


def _same(english: str, exported: str) -> bool:
    """The English as exported: the same words, whatever a spreadsheet did to line endings and edges."""
    return " ".join(english.split()) == " ".join(exported.replace("\r\n", "\n").split())


def _short(text: str) -> str:
    import reprlib

    shorten = reprlib.Repr()
    shorten.maxstring = 60
    return shorten.repr(text)


def _refuse(source: Path, row: Row, message: str) -> Problem:
    return Problem(str(source), row.line, 1 if row.line else 0, "", message)
