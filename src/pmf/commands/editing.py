"""Commands that change plan files or bring figures in and out: record, update-activity, review-risk, import, export, benchmark."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from pmf import console
from pmf.errors import UsageError
from pmf.options import (
    AsOfOption,
    IncludeExemptOption,
    NoCacheOption,
    RootOption,
    TableFormat,
    WindowChoice,
    YearOption,
    as_of_date,
    choice,
    guarded,
    load_plans,
    out_folder,
    refuse_split_words,
)

DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Print the change as a diff; write nothing.")]
CommentOption = Annotated[str | None, typer.Option(help="Plain-language commentary, shown in reports.")]
WelshCommentOption = Annotated[
    str | None,
    typer.Option(
        "--comment-cy",
        help="The commentary in Welsh: beside --comment, or alone (then it awaits its English); "
        '--comment-cy "" clears the Welsh alone. See docs/welsh.md.',
    ),
]


app = typer.Typer()


def _apply(portfolio: Any, changes: list[Any], dry_run: bool) -> None:
    """Check every edited file; then show the diff (--dry-run) or write them all, and say what changed
    only once it is written. A change that would leave a file invalid is refused (exit 1) either way."""
    from pmf import edit_check
    from pmf import record as recording

    if dry_run:
        for change in changes:
            if change.changed:
                console.plain(change.diff(portfolio.root).rstrip("\n"))
        edit_check.check(portfolio, changes)
        for change in changes:
            console.note(("would change: " if change.changed else "") + change.summary)  # "unchanged: ..." as it is
    else:
        for change in recording.commit(portfolio, changes):
            console.note(change.summary)
    for warning in portfolio.caused:  # what the change causes elsewhere: a formula over the figure now divides by 0
        console.note(warning.text())
    if (others := edit_check.others(portfolio, changes)) is not None:
        console.note(others)


@app.command("record", context_settings={"allow_extra_args": True})  # extra words: a space not in quotes
@guarded
def record_outturn(
    ctx: typer.Context,
    measure: Annotated[str, typer.Argument(help="The measure's id, e.g. WST-01.")],
    period: Annotated[
        str,
        typer.Argument(
            help="The period, e.g. 2026-27 Q2, 2026-09, 2026-27 or 2026-W41: a week is an ISO week "
            "(Monday to Sunday, week 1 holds the year's first Thursday), numbered in its calendar year, not from April."
        ),
    ],
    value: Annotated[str, typer.Argument(help="The figure (or 'null' when it is not available).")],
    comment: CommentOption = None,
    comment_cy: WelshCommentOption = None,
    verified_by: Annotated[
        str | None,
        typer.Option(
            "--verified-by",
            metavar="ROLE",
            help="The role that checked the figure against its source (never a name); dated --as-of.",
        ),
    ] = None,
    as_of: AsOfOption = None,
    dry_run: DryRunOption = False,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Add or replace a measure's outturn, keeping the rest of the file exactly as written."""
    from pmf import record as recording
    from pmf.roles import looks_like_name, name_not_role
    from pmf.textedits import given_comment

    refuse_split_words(ctx, "a measure, a period and a figure", [period, value])
    portfolio = load_plans(root, no_cache=no_cache, edit=True)
    today = as_of_date(as_of)
    verified = (verified_by, today) if verified_by is not None else None
    said = given_comment(comment, comment_cy)
    notes: list[str] = []
    _apply(portfolio, [recording.record(portfolio, measure, period, value, said, verified, today, notes)], dry_run)
    for note in notes:
        console.note(note)
    if verified_by is not None and looks_like_name(verified_by.strip()):
        console.note(f"warning: --verified-by: {name_not_role(verified_by.strip())}")  # as pmf validate warns


@app.command("update-activity", context_settings={"allow_extra_args": True})
@guarded
def update_activity(
    ctx: typer.Context,
    activity: Annotated[str, typer.Argument(help="The activity's id.")],
    status: Annotated[
        str, typer.Option(help="green, yellow, orange, red, complete or not_started (BRAG under rag-variance).")
    ],
    comment: CommentOption = None,
    comment_cy: WelshCommentOption = None,
    period: Annotated[
        str | None, typer.Option(help="The half year, e.g. 2026-27 H1 (default: the latest ended).")
    ] = None,
    as_of: AsOfOption = None,
    dry_run: DryRunOption = False,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Record an activity's update for a half year."""
    from pmf import record as recording
    from pmf.textedits import given_comment

    refuse_split_words(ctx, "an activity and its options", [period or ""])
    portfolio = load_plans(root, no_cache=no_cache, edit=True)
    said = given_comment(comment, comment_cy)
    change = recording.update_activity(portfolio, activity, status, said, period, as_of_date(as_of))
    _apply(portfolio, [change], dry_run)


@app.command("review-risk", context_settings={"allow_extra_args": True})
@guarded
def review_risk(
    ctx: typer.Context,
    risk: Annotated[str, typer.Argument(help="The risk's id.")],
    likelihood: Annotated[
        int | None, typer.Option(help="Residual likelihood now (left out: that day's review keeps its own).")
    ] = None,
    impact: Annotated[
        int | None, typer.Option(help="Residual impact now (left out: that day's review keeps its own).")
    ] = None,
    comment: CommentOption = None,
    comment_cy: WelshCommentOption = None,
    as_of: AsOfOption = None,
    dry_run: DryRunOption = False,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Record a risk review: the residual score, the review history and the next review date."""
    from pmf.risk_review import review_risk as recorded
    from pmf.textedits import given_comment

    refuse_split_words(ctx, "a risk and its options", [])
    portfolio = load_plans(root, no_cache=no_cache, edit=True)
    said = given_comment(comment, comment_cy)
    change = recorded(portfolio, risk, likelihood, impact, said, as_of_date(as_of))
    _apply(portfolio, [change], dry_run)


@app.command("import")
@guarded
def import_outturns(
    file: Annotated[
        Path, typer.Argument(help="A .csv or .xlsx file: one row per measure and period (or per measure, --wide).")
    ],
    columns: Annotated[
        str | None, typer.Option(help="Header names, e.g. measure=KPI Code,period=Period,value=Actual,comment=Notes.")
    ] = None,
    sheet: Annotated[str | None, typer.Option(help="The Excel sheet (default: the first).")] = None,
    definitions: Annotated[
        bool,
        typer.Option(
            "--definitions", help="FILE holds measure definitions, one row per measure: write a new file for each."
        ),
    ] = False,
    wide: Annotated[
        bool,
        typer.Option(
            "--wide", help="One row per measure, one column per period: a header naming it (2024-25, value_2024_2025)."
        ),
    ] = False,
    outcome: Annotated[
        str | None,
        typer.Option(
            help="With --definitions: the plan outcome the new measures are listed under (default: the first)."
        ),
    ] = None,
    dry_run: DryRunOption = False,
    as_of: AsOfOption = None,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Import outturns in bulk: every row is checked first; nothing is written unless all are good."""
    from pmf import exchange
    from pmf.publications import column_mapping

    portfolio = load_plans(root, no_cache=no_cache, edit=True)
    if definitions:
        if columns or wide:
            raise UsageError(
                "--definitions reads columns named as the measure file's keys: --columns and --wide do not apply"
            )
        _import_definitions(portfolio, file, sheet, as_of_date(as_of), dry_run, outcome)
        return
    if outcome is not None:
        raise UsageError("--outcome is for --definitions: the plan outcome the new measures are listed under")
    mapping = column_mapping(columns, exchange.FIELDS)
    notes: list[str] = []
    changes = exchange.plan_import(portfolio, file, mapping, sheet, wide=wide, notes=notes, as_of=as_of_date(as_of))
    for note in notes:
        console.note(note)
    _apply(portfolio, changes, dry_run)
    console.note(
        f"{'would change' if dry_run else 'changed'} {len(changes)} measure file{'s' if len(changes) != 1 else ''}"
    )


def _import_definitions(
    portfolio: Any, file: Path, sheet: str | None, today: Any, dry_run: bool, outcome: str | None
) -> None:
    from pmf import definitions, edit_check
    from pmf import record as recording
    from pmf.errors import relative, summary
    from pmf.loader import check_portfolio
    from pmf.reading import parsed_cache
    from pmf.suggested import command

    found, existing = definitions.plan_definitions(portfolio, file, sheet, today)
    changes, listed = definitions.changes(portfolio, found, today, outcome)
    for path in existing:
        console.note(f"left as it is: {relative(path, portfolio.root)} already exists")
    if dry_run:
        edit_check.check(portfolio, changes)
        for change in changes:
            console.plain(change.diff(portfolio.root).rstrip("\n"))
    else:
        recording.commit(portfolio, changes)
    for d in found:
        console.wrote(d.path, portfolio.root, "would write" if dry_run else "wrote")
    for sentence in listed:
        console.note(sentence.replace("listed ", "would list ", 1) if dry_run else sentence)
    verb = "would write" if dry_run else "wrote"
    console.note(
        f"{verb} {len(found)} measure file{'s' if len(found) != 1 else ''}"
        + (
            f"; {len(existing)} already existed and {'were left as they are' if len(existing) != 1 else 'was left as it is'}"
            if existing
            else ""
        )
    )
    if dry_run:
        return
    # the new files' warnings too (an error is one another file held already: edit_check.others); the files not
    # written come from the cache the load before the import filled
    _, problems = check_portfolio(portfolio.root, cache=parsed_cache())
    told = f" (`{command('pmf validate')}` lists them)" if problems else ""
    console.note(f"validated the repository: {summary(problems)}{told}")


class QuartileMethod(StrEnum):
    """``pmf benchmark --method``: benchmarking.METHODS."""

    inclusive = "inclusive"
    exclusive = "exclusive"
    nearest_rank = "nearest-rank"


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    parquet = "parquet"
    json = "json"


@app.command()
@guarded
def export(
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", parser=choice(ExportFormat, "a format"), help="csv, xlsx, parquet or json."),
    ] = ExportFormat.csv,
    out: Annotated[Path, typer.Option("--out", help="Folder for the files.")] = Path("export"),
    window: Annotated[
        WindowChoice | None,
        typer.Option(
            parser=choice(WindowChoice, "a window"),
            help="mid-year or year-end (default: the window most recently due).",
        ),
    ] = None,
    year: YearOption = None,
    as_of: AsOfOption = None,
    include_exempt: IncludeExemptOption = False,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Flat tables for Power BI and Excel: measures, outturns, activities and risks."""
    from pmf import begun
    from pmf.exempt import published, withheld, withheld_sentence
    from pmf.export import export as write_tables
    from pmf.export import tables
    from pmf.shown_window import reported_window, still_running

    today = as_of_date(as_of)
    portfolio, later = begun.as_of(published(load_plans(root, no_cache=no_cache), include_exempt=include_exempt), today)
    period = reported_window(portfolio, year, window, today, command="pmf export", running=True)
    if running := still_running(period, today, later):
        console.note(f"pmf: {running}")
    for path in write_tables(tables(portfolio, period, today), out_folder(out), fmt.value):
        console.note(f"wrote {path}")
    if withheld(portfolio):
        console.note(withheld_sentence(withheld(portfolio), table=True))


@app.command()
@guarded
def benchmark(
    dataset: Annotated[
        Path, typer.Argument(help="A national dataset (.csv or .xlsx): authority, measure, year, value.")
    ],
    columns: Annotated[
        str | None,
        typer.Option(help='Header names, e.g. "year=Financial year,authority=Local authority name,measure=Metric".'),
    ] = None,
    year: YearOption = None,
    sheet: Annotated[str | None, typer.Option(help="The Excel sheet (default: the first).")] = None,
    authority: Annotated[
        str | None,
        typer.Option(
            help="This council's name in the dataset (default: pmf.yaml's benchmark_authority, else organisation)."
        ),
    ] = None,
    method: Annotated[
        QuartileMethod,
        typer.Option(
            parser=choice(QuartileMethod, "a quartile method"),
            help="Quartile method: inclusive (QUARTILE.INC), exclusive or nearest-rank.",
        ),
    ] = QuartileMethod.inclusive,
    apply: Annotated[
        bool, typer.Option("--apply", help="Write the proposed thresholds for --year into the measure files.")
    ] = False,
    dry_run: DryRunOption = False,
    fmt: Annotated[
        TableFormat, typer.Option("--format", parser=choice(TableFormat, "a format"), help="table, json or csv.")
    ] = TableFormat.table,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """National quartiles for each Benchmarked Nationally measure, and the targets they propose."""
    from pmf import benchmarking, views
    from pmf.datasets import FIELDS, read_dataset
    from pmf.publications import column_mapping

    if dry_run and not apply:
        raise UsageError("--dry-run shows what --apply would write: give both")
    mapping = column_mapping(columns, FIELDS)
    portfolio = load_plans(root, no_cache=no_cache, edit=apply)  # another file's error does not stop --apply
    settings = portfolio.settings
    ours = authority or settings.benchmark_authority or settings.organisation
    codes = {m.benchmark_code or m.id for m in benchmarking.national_measures(portfolio)}
    data = read_dataset(dataset, mapping, codes, sheet)
    chosen, found, notes = benchmarking.benchmarks(portfolio, data, year, ours, method.value)
    for note in notes:
        console.note(f"{data.name}: {note}")
    views.print_benchmarks(found, chosen, method.value, fmt.value)
    if apply:
        _apply(portfolio, benchmarking.apply(portfolio, found, chosen), dry_run)
