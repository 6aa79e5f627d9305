"""The only home of rich: the output and error consoles, the problem printer and tables."""

from __future__ import annotations

import errno
import functools
import json
import os
import sys
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from pmf.errors import EXIT_CLOSED_PIPE, EXIT_USAGE, PmfError, Problem, UsageError, relative, summary

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console
    from rich.text import Text


@functools.cache
def out() -> Console:
    """The console for tables, loaded when a table is first printed (reports and JSON need no rich)."""
    from rich.console import Console

    class Out(Console):
        def on_broken_pipe(self) -> None:
            """Leave a closed pipe to ``explain``, as every other write to it is (rich would exit 1 here)."""
            raise BrokenPipeError

    console = Out(soft_wrap=True, highlight=False)
    if console.width < 1:  # COLUMNS=0 (a terminal of unknown width), where rich would print no line at all
        console.width = 80
    return console


def print_problems(problems: Sequence[Problem], fmt: str = "text") -> None:
    """Print problems as ``file:line:col: key: message`` lines, JSON, or GitHub annotations."""
    if fmt == "json":
        plain(json.dumps([p.as_dict() for p in problems], indent=2, ensure_ascii=False))
        return
    if fmt == "github":
        for p in problems:
            place = f"file={_gh(p.path, True)}"
            if p.line:
                place += f",line={p.line},col={p.col or 1}"
            what = f"{p.key_path}: {p.message}" if p.key_path else p.message
            plain(f"::{p.severity} {place}::{_gh(what, False)}")
        note(summary(problems))
        return
    note("\n".join([*(p.text() for p in problems), summary(problems)]))


def _gh(text: str, prop: bool) -> str:
    """Escape a GitHub workflow-command value (properties also escape ':' and ',')."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def status_text(status: str | None, label: str | None, shape: str = "") -> Text:
    """A status as shape (the status's own, pmf.status), word and colour together: never colour alone."""
    from rich.text import Text

    from pmf.status import look

    if status is None:
        return Text("– no status", style=look(None).terminal)
    return Text(f"{shape} {label}", style=look(status).terminal)


def table(
    title: str, columns: Iterable[str], rows: Iterable[Sequence[Any]], prose: Collection[str] = ("Title",)
) -> None:
    """One table fitted to the terminal (``tables``)."""
    tables(columns, [(title, rows)], prose)


def tables(
    columns: Iterable[str], sections: Iterable[tuple[str, Iterable[Sequence[Any]]]], prose: Collection[str] = ("Title",)
) -> None:
    """Tables of the same columns, one a section, fitted to the terminal alike: no word broken,
    short cells whole where they fit, the ``prose`` columns (titles, names) wrapped at their spaces;
    open, or one block a row, where borders leave too little room (pmf.tablefit)."""
    from rich import box
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    from pmf.tablefit import choose, longest_word

    headers = list(columns)
    parts = [(title, [list(row) for row in rows]) for title, rows in sections]
    texts = [[_plain(c) for c in row] for _, rows in parts for row in rows]
    width = out().width
    chosen = choose(headers, texts, [h in prose for h in headers], width, cell_len)
    longest = max((longest_word(text, cell_len) for row in texts for text in row), default=0)
    beside = longest <= width - max(map(cell_len, headers)) - 2  # one layout for every section's blocks
    indent = 2 if longest <= width - 2 else 0
    for title, rows in parts:
        if chosen is None:
            _blocks(title, headers, rows, beside=beside, indent=indent)
            continue
        boxed, widths = chosen
        t = Table(show_lines=False, expand=False)
        if not boxed:
            t.box, t.show_edge, t.padding, t.pad_edge = box.SIMPLE_HEAD, False, (0, 1, 0, 0), False
        for header, width in zip(headers, widths, strict=True):
            t.add_column(_wrapped(header, width), width=width, overflow="fold")
        for row in rows:
            t.add_row(*(_wrapped(cell, width) for cell, width in zip(row, widths, strict=True)))
        _show(Text(title, style="table.title"))
        _show(t)


def _blocks(title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], *, beside: bool, indent: int) -> None:
    """Each row as a block of ``Header  value`` lines, the values wrapped at their spaces: for a
    terminal too narrow for the table's columns side by side. Not ``beside``, each value goes under
    its header, ``indent`` cells in; the caller decides both once for all its sections alike."""
    from rich.cells import cell_len
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    width = out().width
    label = max(map(cell_len, headers)) + 2
    _show(Text(f"\n{title}", style="table.title"))
    for row in rows:
        block = Table.grid(padding=(0, 2))
        block.add_column(overflow="fold")
        if beside:
            block.add_column(overflow="fold")
        for header, cell in zip(headers, row, strict=True):
            if beside:
                block.add_row(Text(header, style="bold"), _wrapped(cell, width - label))
            else:
                block.add_row(Text(header, style="bold"))
                block.add_row(Padding(_wrapped(cell, width - indent), (0, 0, 0, indent)))
        _show(Text())
        _show(block)


def _wrapped(cell: Any, width: int) -> Text:
    """A cell as text broken at the spaces ``pmf.tablefit.wrap`` picks, its style kept: rich itself
    would break at any space, parting a figure from its "± 3.0%" and a status's shape from its word."""
    from rich.cells import cell_len
    from rich.text import Text

    from pmf.tablefit import wrap

    return Text(wrap(_plain(cell), width, cell_len), style=cell.style if isinstance(cell, Text) else "")


def _plain(cell: Any) -> str:
    from rich.text import Text

    return cell.plain if isinstance(cell, Text) else str(cell)


def _show(renderable: Any) -> None:
    """Print ``renderable`` wrapped to the terminal's width, each line without the spaces rich pads it
    with at its end, so text pasted into an email or a ticket has no ragged whitespace."""
    from rich.segment import Segment, Segments

    console = out()
    segments: list[Segment] = []
    for line in console.render_lines(renderable, console.options, pad=False):
        while line and not line[-1].control and not line[-1].text.rstrip(" "):
            line.pop()
        if line:
            line[-1] = Segment(line[-1].text.rstrip(" "), line[-1].style, line[-1].control)
        segments += [*line, Segment.line()]
    console.print(Segments(segments), end="")


def sentence(text: str) -> None:
    """A sentence under a table, wrapped at its spaces to the terminal's width as the table is."""
    from rich.text import Text

    _show(Text(text))


def plain(text: str, end: str = "\n") -> None:
    """Text to stdout exactly as given (JSON, CSV, a calendar): not read for styles or ':emoji:' codes.

    Flushed at once, so it keeps its place among the lines on stderr.
    """
    sys.stdout.write(text + end)
    sys.stdout.flush()


def note(text: str) -> None:
    """A line of text to stderr exactly as given."""
    sys.stderr.write(text + "\n")


def wrote(path: Path, root: Path, verb: str = "wrote") -> None:
    """Say a file was written (or would be), named as every message names a plan file: from the repository's root."""
    note(f"{verb} {relative(path, root)}")


def explain(exc: Exception) -> int:
    """Print what stopped a command (a PmfError or the file system's OSError); return its exit code."""
    if isinstance(exc, UsageError):
        for p in exc.problems:
            note(f"pmf: {p.message}")
        return exc.exit_code
    if isinstance(exc, PmfError):
        print_problems(exc.problems)
        return exc.exit_code
    if isinstance(exc, BrokenPipeError) or _closed_on_windows(
        exc
    ):  # `pmf audit | head -1`: the reader has all it wanted
        return _closed_pipe()
    if isinstance(exc, OSError):  # a folder pmf may not write to, a disk that is full: not a bug in the plans
        where = f"{exc.filename}: " if exc.filename else ""
        note(f"pmf: {where}{exc.strerror or exc}")
        return EXIT_USAGE
    raise exc


def _closed_on_windows(exc: Exception) -> bool:
    """Whether ``exc`` is Windows' word for a write to a closed pipe: 'Invalid argument', naming no file."""
    return os.name == "nt" and isinstance(exc, OSError) and exc.errno == errno.EINVAL and exc.filename is None


def _closed_pipe() -> int:
    """End quietly, as a command the closed pipe killed does, when what pmf printed is no longer read.

    Nothing more is written: stdout and stderr are pointed at the null device, so the text
    Python still holds for them is dropped as it exits, rather than failing once more.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        os.dup2(devnull, stream.fileno())
    os.close(devnull)
    return EXIT_CLOSED_PIPE
