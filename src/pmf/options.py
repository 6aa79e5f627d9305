"""The options the commands share (typer's annotations) and what they mean: dates, windows, the plans read."""

import contextlib
import datetime as dt
import functools
import re
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import TyperCommand

from pmf import console
from pmf.errors import PmfError, UsageError, choices_named

if TYPE_CHECKING:
    from pmf.periods import Period, WindowName
    from pmf.portfolio import Portfolio

F = TypeVar("F", bound=Callable[..., Any])


class ProblemFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class Language(StrEnum):
    en = "en"
    cy = "cy"


class ReportLanguage(StrEnum):
    en = "en"
    cy = "cy"
    both = "both"


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    pdf = "pdf"
    both = "both"


class WindowChoice(StrEnum):
    mid_year = "mid-year"
    year_end = "year-end"


class FailOn(StrEnum):
    """The statuses ``--fail-on`` takes, worst first: the colours ``pmf status`` counts in its last line."""

    red = "red"
    orange = "orange"
    amber = "amber"
    yellow = "yellow"


E = TypeVar("E", bound=StrEnum)


def choice(kind: type[E], noun: str) -> Callable[[str | E], E]:
    """typer's ``parser`` for an option or argument that takes one of ``kind``'s values (typer still
    lists them in the help): read in any case; a wrong one named plainly with the values it takes,
    where typer's own message begins "Value error," and quotes each value."""
    listed = choices_named([member.value for member in kind])

    def parse(value: str | E) -> E:
        if isinstance(value, kind):
            return value
        try:
            return kind(str(value).strip().casefold())
        except ValueError:
            raise typer.BadParameter(f"'{value}' is not {noun} it takes: use {listed}") from None

    return parse


FailOnOption = Annotated[
    FailOn | None,
    typer.Option(
        "--fail-on",
        parser=choice(FailOn, "a status"),
        help="Exit 1 when any measure is at this status or worse (amber, of the rag-variance scheme, ranks as orange).",
    ),
]


RootOption = Annotated[
    Path | None, typer.Option("--root", help="The plans repository (default: search upward for pmf.yaml).")
]
YearOption = Annotated[str | None, typer.Option("--year", help="Financial year, e.g. 2025-26.")]
IncludeExemptOption = Annotated[
    bool,
    typer.Option(
        "--include-exempt",
        help="Show the risks held as exempt information (a risk's exempt:), for the closed part of a meeting.",
    ),
]
AuditOption = Annotated[
    bool, typer.Option("--audit/--no-audit", help="List late changes from the git history under data quality.")
]


OutOption = Annotated[Path, typer.Option("--out", help="Folder for the report files.")]
ReportFormatOption = Annotated[
    ReportFormat,
    typer.Option(
        "--format",
        parser=choice(ReportFormat, "a format"),
        help="md, html, pdf (tagged PDF/UA on A4) or both (md and html).",
    ),
]
LangOption = Annotated[
    ReportLanguage,
    typer.Option(
        "--lang",
        parser=choice(ReportLanguage, "a language"),
        help="en, cy (Welsh: files named *.cy.md, *.cy.html) or both, each linking to the other.",
    ),
]
AsOfOption = Annotated[str | None, typer.Option("--as-of", help="Today's date for the command, YYYY-MM-DD.")]
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        envvar="PMF_NO_CACHE",
        help="Parse every plan file afresh: neither use nor keep parsed files in the cache (docs/files.md).",
    ),
]


class Command(TyperCommand):
    """A pmf command, whose help names each value as a user types it (``pmf.cli`` makes every command one).

    typer names the values of a repeatable option or argument by their Python type (``<list[Path]>``,
    ``<list[green|amber]>``), and a bounded number ``<int range>``: here they read as a single value
    does (``<path>``, ``<green|amber>``, ``<int>``); "repeatable" is in the help, the bounds after it.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """A negative figure (``pmf record EX-01 "2026-27 Q2" -2.5``, a net fall) is a value, where click reads
        any word that begins with '-' as an option and refuses it (``No such option: -2``). click's own parser
        reads the command line first with each such figure as 0, so an option it does not know is still
        refused in click's words; then the figures are let through as the values they are."""
        end = args.index("--") if "--" in args else len(args)  # after '--', every word is a value already
        if any(_NEGATIVE.match(word) for word in args[:end]):
            self.make_parser(ctx).parse_args([("0" if _NEGATIVE.match(w) else w) for w in args[:end]] + args[end:])
            ctx.ignore_unknown_options = True
        return super().parse_args(ctx, args)

    def format_options(self, ctx: Any, formatter: Any) -> None:  # typer's bundled click Context and HelpFormatter
        records = [(p.param_type_name, p.get_help_record(ctx)) for p in self.get_params(ctx)]
        for kind, title in (("argument", "Arguments"), ("option", "Options")):
            rows = [(typed_as(shown[0]), shown[1]) for each, shown in records if each == kind and shown]
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


_LIST = re.compile(r"<list\[(.+?)\]>")
_NEGATIVE = re.compile(r"-[.,]?[0-9]")  # a negative figure, as written: -2.5, -.5, -1,200


def typed_as(label: str) -> str:
    """A parameter's name and values in its help as typer writes them, with the values as a user types one."""
    label = _LIST.sub(lambda m: f"<{m[1] if '|' in m[1] else m[1].lower()}>", label)
    return label.replace(" range>", ">")


def guarded(command: F) -> F:
    """Turn the core's PmfError (and the file system's OSError) into messages on stderr and an exit code."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        from pmf.cache import turned_off
        from pmf.collector import collector_paused

        try:  # docs/reading.md: a command's objects live till it ends; --no-cache reaches every cache
            with collector_paused(), turned_off() if kwargs.get("no_cache") else contextlib.nullcontext():
                utf8_arguments(command, kwargs)
                return command(*args, **kwargs)
        except (PmfError, OSError) as exc:
            raise typer.Exit(console.explain(exc)) from None

    return run  # type: ignore[return-value]


def utf8_arguments(command: Callable[..., Any], values: dict[str, Any]) -> None:
    """Refuse, before any work, an argument that is not UTF-8 text.

    Python hands bytes that are not UTF-8 (``--comment $'bad \\xff byte'``) to pmf as lone
    surrogates, which no file, page or terminal can hold.
    """
    for name, value in values.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            text = str(item) if isinstance(item, str | PurePath) else ""
            bad = next((c for c in text if "\ud800" <= c <= "\udfff"), None)
            if bad is not None:
                shown = "".join(_byte(c) if "\ud800" <= c <= "\udfff" else c for c in text)
                what = f"byte 0x{ord(bad) - 0xDC00:02x}" if _byte(bad).startswith("\\x") else "a lone surrogate"
                raise UsageError(
                    f"{_parameter_name(command, name)}: '{shown}' is not UTF-8 text ({what}): "
                    "type it again, or save what it was copied from as UTF-8"
                )


def _byte(c: str) -> str:
    """A byte Python kept as a surrogate, as ``\\xff`` (any other surrogate as ``\\udXXX``)."""
    return f"\\x{ord(c) - 0xDC00:02x}" if "\udc80" <= c <= "\udcff" else f"\\u{ord(c):04x}"


def _parameter_name(command: Callable[..., Any], name: str) -> str:
    """An option as typed (``--comment``) or an argument as its help shows it (``COMMENT``)."""
    import typing

    from typer.models import ArgumentInfo, OptionInfo

    try:
        hint = typing.get_type_hints(command, include_extras=True).get(name)
    except (NameError, TypeError):
        hint = None
    for info in getattr(hint, "__metadata__", ()):
        if isinstance(info, OptionInfo):
            options = [d for decl in info.param_decls or () for d in decl.split("/") if d.startswith("--")]
            return max(options, key=len) if options else f"--{name.replace('_', '-')}"
        if isinstance(info, ArgumentInfo):
            return info.metavar or name.upper()
    return f"--{name.replace('_', '-')}"


def refuse_split_words(ctx: typer.Context, takes: str, given: list[str]) -> None:
    """Refuse words left over once a command has its arguments: a space the shell took for the end
    of one, in a period (2026-27 Q3, written without quotes) or a comment. ``given``: the texts the
    command took last, which such a period begins with."""
    if not ctx.args:
        return
    for first, second in zip([*given, *ctx.args], [*given, *ctx.args][1:], strict=False):
        if re.fullmatch(r"\d{4}-\d\d", first) and re.fullmatch(r"[QqHh]\d", second):
            together = f"{first} {second.upper()}"
            raise UsageError(f"'{together}' is one period: put it in quotes, as \"{together}\"")
    raise UsageError(
        f"pmf {ctx.info_name} takes {takes}, and was also given '{' '.join(ctx.args)}': put text that "
        'holds spaces in quotes, as --comment "Staff shortage in August"'
    )


def as_of_date(text: str | None, option: str = "--as-of") -> dt.date:
    from pmf.periods import FIRST_YEAR, LAST_YEAR

    if text is None:
        return dt.date.today()
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} '{text}' is not a date: write it as YYYY-MM-DD") from None
    if not FIRST_YEAR < day.year < LAST_YEAR:
        raise UsageError(f"{option} '{text}' is out of range: use a date between {FIRST_YEAR + 1} and {LAST_YEAR - 1}")
    return day


def out_folder(out: Path) -> Path:
    """Check ``--out`` can be a folder before any work is done."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: this is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out {out}: cannot create the folder ({exc.strerror})") from None
    return out


def pick_window(year: str | None, window: WindowChoice | None, as_of: dt.date) -> "Period":
    from pmf import periods

    due_year, due_window = periods.latest_due_window(as_of)
    if year is not None:
        try:
            periods.check_financial_year(year)
        except ValueError as exc:
            raise UsageError(f"--year: {exc}") from None
    name = window.value if window else due_window.value
    return periods.window(year or due_year, name)


def reported_window(
    portfolio: "Portfolio",
    year: str | None,
    window: WindowChoice | None,
    as_of: dt.date,
    *,
    running: bool = False,
    command: str = "",
) -> "Period":
    """The window a command reports on (``pick_window``), refused (exit 2) when there is nothing to report:
    a window not ended by ``as_of`` (one under way is given when ``running``: the command says so) or a
    year no service has a plan for. Either message names the latest window that has ended. With no ``year``, a
    report is of the latest window of its kind that has ended (``command``: the report, as typed, that it
    names when none with plans has), and a command ``running`` whose due year has no plan shows the current
    year's window in progress."""
    from pmf import periods

    period = pick_window(year, window, as_of)
    if year is None and not running:  # a report: the latest window of its kind that has ended
        period = periods.window(periods.financial_year_of(as_of), _kind(period))
        if period.end >= as_of:
            period = periods.window(periods.shift_year(period.financial_year, -1), _kind(period))
    if year is None and running and not portfolio.plans_for(period.financial_year):
        period = _in_progress(window, as_of)  # a council in its first April to September: nothing has ended yet
    shown = _named(period)
    due_year, due_name = periods.latest_due_window(as_of)
    latest = f"{due_year} {due_name.value}"
    ends = f"it ends on {period.end.day} {period.end:%B %Y}"
    if period.start > as_of:
        raise UsageError(
            f"{shown} has not begun by {as_of.day} {as_of:%B %Y}: {ends}. Check the year: "
            f"the latest window that has ended is the {latest}"
        )
    if period.end >= as_of and not running:
        raise UsageError(
            f"{shown} has not ended by {as_of.day} {as_of:%B %Y}: {ends}, and a report covers a window "
            f"that has ended. The latest window that has ended is the {latest}"
        )
    if not portfolio.plans_for(period.financial_year):
        if year is None and not running and (first := _first_to_end(portfolio, period, as_of)):
            after = first.end + dt.timedelta(days=1)
            raise UsageError(
                f"nothing to report yet: no {_kind(period).value} window with plans has ended by "
                f"{as_of.day} {as_of:%B %Y}: the first, {_named(first)}, ends on {first.end.day} "
                f"{first.end:%B %Y}: run it from {after.day} {after:%B %Y} with {command} --year {first.financial_year}"
            )
        years = sorted({y for _, y in portfolio.plans})
        having = f"there are plans for {', '.join(years)}" if years else "there are none yet (pmf new service)"
        raise UsageError(
            f"no service has a plan for {period.financial_year} "
            f"(plans/<service>/plan-{period.financial_year}.yaml): {having}"
        )
    return period


def _first_to_end(portfolio: "Portfolio", period: "Period", as_of: dt.date) -> "Period | None":
    """The first window of ``period``'s kind in a year with plans, when none has ended by ``as_of``."""
    from pmf import periods

    windows = sorted((periods.window(y, _kind(period)) for _, y in portfolio.plans), key=lambda w: w.end)
    return windows[0] if windows and all(w.end >= as_of for w in windows) else None


def _in_progress(window: WindowChoice | None, as_of: dt.date) -> "Period":
    """The current year's window ``window`` (by default the one that ends first), under way on ``as_of``."""
    from pmf import periods

    year = periods.financial_year_of(as_of)
    if window is not None:
        return periods.window(year, window.value)
    mid_year = periods.window(year, periods.WindowName.mid_year)
    return mid_year if as_of <= mid_year.end else periods.window(year, periods.WindowName.year_end)


def _kind(window: "Period") -> "WindowName":
    from pmf import periods

    return periods.WindowName.mid_year if window.frequency == "biannual" else periods.WindowName.year_end


def under_way(period: "Period", as_of: dt.date) -> str | None:
    """A line saying a window has not ended on ``as_of``, for a command that shows one under way."""
    if period.end < as_of:
        return None
    return (
        f"{_named(period)} has not ended: it runs to {period.end.day} {period.end:%B %Y}; "
        f"these are the figures recorded by {as_of.day} {as_of:%B %Y}"
    )


def _named(window: "Period") -> str:
    """'the 2026-27 mid-year window (April to September 2026)'."""
    name = "mid-year" if window.frequency == "biannual" else "year-end"
    return f"the {window.financial_year} {name} window ({window.describe()})"


def load_plans(root: Path | None, *, no_cache: bool = False, edit: bool = False) -> "Portfolio":
    """The repository's plans, checked: read in this process, each parsed file kept in the cache unless ``no_cache``.
    ``edit``: for a command that edits them, which an error in a file it does not edit does not stop
    (``loader.load_for_edit``)."""
    from pmf.edit_check import load_for_edit
    from pmf.loader import load_portfolio
    from pmf.repository import root_option

    return (load_for_edit if edit else load_portfolio)(root_option(root), cache=not no_cache)
