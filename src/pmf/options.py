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
from pmf.outturn_values import SIGNS

if TYPE_CHECKING:
    from pmf.periods import Period
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
# A negative figure, as written: -2.5, -.5, -1,200, and with a sign parse_value takes before it, -£5,000
_SIGN = "|".join(re.escape(sign) for signs in SIGNS.values() for sign in signs)
_NEGATIVE = re.compile(rf"-(?:(?:{_SIGN})\s*)?[.,]?[0-9]")


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
        from pmf.suggested import given

        try:  # docs/reading.md: a command's objects live till it ends; --no-cache reaches every cache
            with (
                collector_paused(),
                turned_off() if kwargs.get("no_cache") else contextlib.nullcontext(),
                given(kwargs.get("root"), kwargs.get("as_of")),  # what the commands it suggests carry
            ):
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
    earliest = dt.date(FIRST_YEAR + 1, 4, 1)  # the year before it is the first pmf knows: a command may look back one
    if not (earliest <= day and day.year < LAST_YEAR):
        raise UsageError(
            f"{option} '{text}' is out of range: use a date from {earliest.isoformat()} to {LAST_YEAR - 1}-12-31"
        )
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


def load_plans(root: Path | None, *, no_cache: bool = False, edit: bool = False) -> "Portfolio":
    """The repository's plans, checked: read in this process, each parsed file kept in the cache unless ``no_cache``.
    ``edit``: for a command that edits them, which an error in a file it does not edit does not stop
    (``edit_check.load_for_edit``)."""
    from pmf.edit_check import load_for_edit
    from pmf.loader import load_portfolio
    from pmf.repository import root_option

    return (load_for_edit if edit else load_portfolio)(root_option(root), cache=not no_cache)
