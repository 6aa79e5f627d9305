"""Commands over the git history: audit, history and the static site."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from pmf import console
from pmf.options import (
    AsOfOption,
    NoCacheOption,
    ReportLanguage,
    RootOption,
    TableFormat,
    YearOption,
    as_of_date,
    choice,
    guarded,
    load_plans,
    out_folder,
)

app = typer.Typer()


class AuditFormat(StrEnum):
    text = "text"
    json = "json"
    md = "md"


@app.command("audit")
@guarded
def audit_trail(
    since: Annotated[str | None, typer.Option(help="Only changes on or after this date, YYYY-MM-DD.")] = None,
    year: YearOption = None,
    fmt: Annotated[
        AuditFormat, typer.Option("--format", parser=choice(AuditFormat, "a format"), help="text, json or md.")
    ] = AuditFormat.text,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Every change to targets, tolerances, definitions and reported figures, from the git history."""
    from pmf import audit, views

    portfolio = load_plans(root, no_cache=no_cache)
    entries = audit.audit(portfolio, as_of_date(since, "--since") if since else None, year)
    views.print_audit(entries, fmt.value)


@app.command("history")
@guarded
def measure_history(
    measure: Annotated[str, typer.Argument(help="The measure's id.")],
    fmt: Annotated[
        TableFormat, typer.Option("--format", parser=choice(TableFormat, "a format"), help="table, json or csv.")
    ] = TableFormat.table,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """A measure's thresholds, figures and statuses year by year, with the commits that set them."""
    from pmf import audit, views

    portfolio = load_plans(root, no_cache=no_cache)
    views.print_history(measure, audit.history(portfolio, measure), fmt.value)


@app.command()
@guarded
def site(
    out: Annotated[Path, typer.Option("--out", help="Folder for the site.")] = Path("site"),
    as_of: AsOfOption = None,
    root: RootOption = None,
    lang: Annotated[
        ReportLanguage,
        typer.Option(
            "--lang",
            parser=choice(ReportLanguage, "a language"),
            help="en, cy (Welsh pages named *.cy.html) or both (the default), each page linking its twin.",
        ),
    ] = ReportLanguage.both,
    no_cache: NoCacheOption = False,
) -> None:
    """A static site of every report, service and measure: no server, no external assets."""
    from pmf.site import build_site, uncommitted

    portfolio = load_plans(root, no_cache=no_cache)
    built = build_site(portfolio, out_folder(out), as_of_date(as_of), lang.value)
    first = out / ("index.cy.html" if lang is ReportLanguage.cy else "index.html")
    console.note(f"wrote {len(built.pages)} pages into {out} (open {first})")
    changed = uncommitted(portfolio.root)
    if changed and built.committed:
        console.note(
            "warning: the site shows the plans as committed; these files have changes not committed, "
            "which it leaves out (commit them and build the site again to publish them): " + ", ".join(changed)
        )
    elif changed:
        console.note(
            "warning: the plans as last committed have problems, so the site shows the files as they are, "
            "with changes not committed (commit them so the site is built from a commit): " + ", ".join(changed)
        )
