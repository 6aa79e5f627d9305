"""The registers for the terminal: activities, calendar, risks, benchmarks, audit trail, history, actions; JSON or CSV by `emit`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pmf import console, spreadsheet
from pmf.i18n import english_month, english_short
from pmf.periods import Period

if TYPE_CHECKING:
    from pmf.audit import AuditEntry, HistoryRow
    from pmf.benchmarking import Benchmark
    from pmf.deadlines import Finding
    from pmf.errors import Problem
    from pmf.improvement import ActionRow
    from pmf.performance import ActivityResult
    from pmf.risks import HeatMap, RiskRow
    from pmf.schedule import Occurrence


def emit(records: Sequence[dict[str, Any]], fmt: str) -> bool:
    """Print records as a JSON array or CSV when that is the format asked for; say whether it was."""
    if fmt == "json":
        import json

        console.plain(json.dumps(list(records), indent=2, ensure_ascii=False))
        return True
    if fmt == "csv":
        console.plain(spreadsheet.csv_text(records, list(records[0]) if records else ["id"]).rstrip("\n"))
        return True
    return False


def print_activities(results: Sequence[ActivityResult], window: Period, fmt: str) -> None:
    """Activities with their latest status in the window and what needs attention."""
    rows: list[dict[str, Any]] = [
        {
            "id": a.activity.id,
            "service": a.service,
            "title": a.activity.title,
            "lead": a.activity.lead,
            "end": a.activity.end.isoformat(),
            "status": a.status.value if a.status else None,
            "overdue": a.overdue,
            "no_update": a.no_update,
        }
        for a in results
    ]
    if emit(rows, fmt):
        return
    console.table(
        f"Activities, {window.label} ({window.describe()})",
        ["Activity", "Service", "Title", "Ends", "Status", "Flags"],
        [
            [
                r["id"],
                r["service"],
                r["title"],
                r["end"],
                (r["status"] or "no update").replace("_", " "),
                "; ".join(
                    f
                    for f, on in (
                        ("past its end, not complete", r["overdue"]),
                        ("no update in the window", r["no_update"]),
                    )
                    if on
                ),
            ]
            for r in rows
        ],
        prose=("Title", "Flags"),
    )
    flagged = sum(1 for r in rows if r["overdue"] or r["no_update"])
    console.sentence(f"{_count(len(rows), 'activity', 'activities')}: {_needing(flagged)}")


def print_calendar(
    found: Sequence[Occurrence], findings: Sequence[tuple[Finding, Problem]], today: dt.date, fmt: str
) -> None:
    """The calendar month by month, then what is overdue, what is past its day but only a warning
    (a baseline year's missing target), and what is due soon (``pmf check``'s findings, each with the
    problem ``pmf check`` gives for it: where in its file it is about)."""
    overdue = [(f, p) for f, p in findings if f.overdue]
    still_open = [(f, p) for f, p in findings if not f.overdue and f.due < today]
    soon = [(f, p) for f, p in findings if not f.overdue and f.due >= today]
    if fmt == "json":
        import json

        items = [
            {
                "id": o.id,
                "title": o.title,
                "start": o.start.isoformat(),
                "due": o.end.isoformat(),
                "kind": o.kind,
                "strand": o.strand,
                "who": o.who,
                "status": _calendar_status(o, today),
            }
            for o in found
        ]
        late, still, coming = (
            [
                {"file": f.path, "line": p.line or None, "col": (p.col or 1) if p.line else None}
                | {"due": f.due.isoformat(), "owner": f.owner, "message": f.message}
                for f, p in some
            ]
            for some in (overdue, still_open, soon)
        )
        console.plain(
            json.dumps(
                {"as_of": today.isoformat(), "events": items, "overdue": late, "still_open": still, "due_soon": coming},
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    month = None
    for o in found:
        if (o.end.year, o.end.month) != month:
            month = (o.end.year, o.end.month)
            console.plain(f"\n{english_month(o.end)}" + (" (this month)" if month == (today.year, today.month) else ""))
        when = (
            f"by {english_short(o.end)}"
            if o.kind == "deadline"
            else "during the month"
            if o.start != o.end
            else f"on {english_short(o.end)}"
        )
        console.plain(f"  {when:<16} {o.title} [{o.strand_label}; {o.who or 'who: not set'}]")
    if not overdue:
        console.plain("\nNothing is overdue.")
    for heading, some in (("Overdue", overdue), ("Past its day, still open", still_open), ("Due soon", soon)):
        if some:
            console.plain(f"\n{heading} ({len(some)}):")
            for f, p in some:
                console.plain(f"  {p.location()}: {f.sentence}")  # file:line:col, as pmf check places it


def _calendar_status(o: Occurrence, today: dt.date) -> str:
    """past, due (this month or under way) or upcoming."""
    if o.end < today:
        return "past"
    if o.start <= today or (o.end.year, o.end.month) == (today.year, today.month):
        return "due"
    return "upcoming"


def print_risks(rows: Sequence[RiskRow], heat: HeatMap, fmt: str) -> None:
    """The register, highest residual score first, and a heat map of the open risks."""
    if emit([r.as_json() for r in rows], fmt):
        return
    console.table(
        "Risk register",
        ["Risk", "Service", "Title", "Owner", "Level", "Inherent", "Residual", "Target", "Direction", "Flags"],
        [
            [
                r.id,
                r.service,
                r.title + ("" if r.status == "open" else " (closed)"),
                r.owner,
                r.level,
                f"{r.inherent} {r.inherent_band}",
                f"{r.residual} {r.band}",
                f"{r.target} {r.target_band}",
                r.direction or "–",
                "; ".join(r.flags),
            ]
            for r in rows
        ],
        prose=("Title", "Owner", "Flags"),
    )
    console.table(
        "Heat map: open risks by residual likelihood and impact",
        ["Likelihood", *[f"Impact {i}" for i in heat.impacts]],
        [
            [str(lk), *[str(n) if n else "·" for n in row]]
            for lk, row in zip(heat.likelihoods, heat.counts, strict=True)
        ],
    )
    from pmf.risks import tally

    flagged = sum(1 for r in rows if r.flags)
    console.sentence(f"{tally(rows).sentence} {_needing(flagged).capitalize()}.")


def print_benchmarks(found: Sequence[Benchmark], year: str, method: str, fmt: str) -> None:
    """Quartiles per measure and the proposed target (upper quartile) and tolerance (median)."""
    if emit([b.as_json() for b in found], fmt):
        return
    console.table(
        f"National benchmarks ({year}; quartiles by the {method} method)",
        [
            "Measure",
            "Code",
            "Authorities",
            "Best quarter from",
            "Median",
            "Ours",
            "Our quartile",
            "Proposed target",
            "Proposed tolerance",
        ],
        [
            [
                b.measure.id,
                b.code,
                str(b.count),
                str(b.upper_quartile),
                str(b.median),
                "–" if b.ours is None else str(b.ours),
                "–" if b.position is None else f"{b.position} of 4",
                str(b.target),
                str(b.tolerance),
            ]
            for b in found
        ],
    )
    console.sentence(
        f"Quartile method: {method}. The best quarter is by polarity: the lowest values for lower-is-better measures."
    )


def print_audit(entries: Sequence[AuditEntry], fmt: str) -> None:
    """The audit trail: one line per change, flagged changes marked."""
    if fmt == "json":
        import json

        console.plain(json.dumps([e.as_json() for e in entries], indent=2, ensure_ascii=False))
        return
    if fmt == "md":
        from pmf.render import markdown_cell  # escaped as the report's Markdown is

        console.plain("| Date | Commit | Author | Measure | Change | Old | New | Flag |")
        console.plain("|---|---|---|---|---|---|---|---|")
        for e in entries:
            cells = [f"{e.commit.day}", e.commit.sha[:10], e.commit.author, e.measure, e.what, *e.shown()]
            cells.append(str(e.flag or ""))
            console.plain("| " + " | ".join(markdown_cell(c) for c in cells) + " |")
        return
    for e in entries:
        mark = f"  FLAGGED: {e.flag}" if e.flag else ""
        old, new = e.shown()
        console.plain(
            f"{e.commit.day} {e.commit.sha[:10]} {e.commit.author}: {e.measure} {e.what}: {old} -> {new}{mark}"
        )
    flagged = sum(1 for e in entries if e.flag)
    console.plain(f"{len(entries)} change{'s' if len(entries) != 1 else ''}, {flagged} flagged")


def print_history(measure: str, rows: Sequence[HistoryRow], fmt: str) -> None:
    data = [
        {
            "year": r.year,
            "what": r.what,
            "value": None if r.value is None else str(r.value),
            "status": r.status,
            "commit": r.commit.sha if r.commit else None,
            "author": r.commit.author if r.commit else None,
            "date": r.commit.day.isoformat() if r.commit else None,
        }
        for r in rows
    ]
    if emit(data, fmt):
        return
    console.table(
        f"{measure}: history",
        ["Year", "Item", "Value", "Status", "Set by commit", "Author", "Date"],
        [
            [
                d["year"],
                d["what"],
                d["value"] or "–",
                d["status"] or "–",
                (d["commit"] or "not committed")[:10],
                d["author"] or "–",
                d["date"] or "–",
            ]
            for d in data
        ],
        prose=("Item", "Author"),
    )


def print_actions(title: str, rows: Sequence[ActionRow], fmt: str) -> None:
    """Actions with their BRAG status; overdue ones flagged, then counts by status."""
    data = [
        {
            "id": r.id,
            "source": r.source,
            "ref": r.ref,
            "title": r.title,
            "lead": r.lead,
            "due": r.due.isoformat(),
            "status": r.status,
            "overdue": r.overdue,
            "progress": r.progress,
            "file": r.file,
        }
        for r in rows
    ]
    if emit(data, fmt):
        return
    console.table(
        title,
        ["Action", "From", "Title", "Lead", "Due", "Status", "Overdue"],
        [
            [r.id, f"{r.source} ({r.ref})", r.title, r.lead, r.due.isoformat(), r.label, "OVERDUE" if r.overdue else ""]
            for r in rows
        ],
        prose=("Title", "From", "Lead"),
    )
    from pmf.improvement import counts

    summary = ", ".join(f"{n} {s.replace('_', ' ')}" for s, _, n in counts(list(rows)))
    overdue = sum(1 for r in rows if r.overdue)
    console.sentence(f"{len(rows)} action{'s' if len(rows) != 1 else ''}: {summary}; {overdue} overdue")


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _needing(flagged: int) -> str:
    return f"{flagged} {'needs' if flagged == 1 else 'need'} attention"
