"""Commands over the git history: audit, history and the static site."""

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pmf import console
from pmf.options import (
    AsOfOption,
    IncludeExemptOption,
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

if TYPE_CHECKING:
    from pmf.snapshot import Committed

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
    as_of: AsOfOption = None,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Every change to targets, tolerances, definitions and reported figures, from the git history.

    --as-of: today, after which a plan's sign-off cannot be dated (a change under one is flagged)."""
    from pmf import audit, views

    portfolio = load_plans(root, no_cache=no_cache)
    entries = audit.audit(portfolio, as_of_date(since, "--since") if since else None, year, as_of_date(as_of))
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
    include_exempt: IncludeExemptOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """A static site of every report, service and measure: no server, no external assets."""
    from pmf.repository import find_root, root_option
    from pmf.site import build_site

    found = find_root(root_option(root))
    built = build_site(
        found,
        lambda: load_plans(found, no_cache=no_cache),
        out_folder(out),
        as_of_date(as_of),
        lang.value,
        include_exempt=include_exempt,
    )
    first = out / ("index.cy.html" if lang is ReportLanguage.cy else "index.html")
    console.note(f"wrote {len(built.pages)} pages into {out} (open {first})")
    for line in _from_what(found, built.source):
        console.note(line)


def _from_what(root: Path, source: "Committed") -> list[str]:
    """What a site was built from, where it is not plainly the last commit: the files that differ from
    the commit it shows, or why it shows the files as they are (docs/audit.md)."""
    from pmf.i18n import english_date
    from pmf.snapshot import Unused, changed_since

    day = english_date(source.day)
    if source.why is None:
        changed, gone = changed_since(root, source.commit)
        said = []
        if source.latest:
            if changed:
                said.append(
                    "warning: the site shows the plans as committed; these files have changes not committed, which "
                    "it leaves out (commit them and build the site again to publish them): " + ", ".join(changed)
                )
            if gone:
                said.append(
                    "warning: these files are deleted but the deletion is not committed, so the site still shows "
                    "them as committed (commit the deletion and build the site again to take them off): "
                    + ", ".join(gone)
                )
            return said
        at = f"the site shows the plans as committed by {day} (commit {source.commit[:7]})"
        if changed:
            said.append(f"warning: {at}; these files have changed since, which it leaves out: " + ", ".join(changed))
        if gone:
            said.append(f"warning: {at}; these files were deleted since, which it still shows: " + ", ".join(gone))
        return said
    if source.why is Unused.problems:
        changed = changed_since(root, "HEAD")[0] if source.latest else []
        not_committed = f", with changes not committed: {', '.join(changed)}" if changed else ""
        return [
            f"warning: the plans as committed by {day} have problems (pmf validate on that commit names them), "
            f"so the site shows the files as they are{not_committed}"
        ]
    return {
        Unused.outside_git: [],
        Unused.no_commit: ["nothing committed yet: built from the files as they are"],
        Unused.none_by_then: [f"nothing committed by {day}: built from the files as they are"],
        Unused.no_settings: [
            f"the plans are not committed yet (the last commit by {day} holds no pmf.yaml): built from the files as they are"
        ],
    }[source.why]
