"""The draft self-assessment ``pmf new assessment`` writes: every section of the file, with guidance to replace."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from pmf.errors import UsageError
from pmf.fields import GOVERNANCE_AREAS
from pmf.periods import WindowName, annual, check_financial_year, half, shift_year, window
from pmf.placeholders import DRAFT
from pmf.scalars import single_quoted
from pmf.suggested import command

if TYPE_CHECKING:
    from pmf.assessment_carry import Carried
    from pmf.settings import Settings


AREAS = {  # each governance area: what to write about it, and an example of its evidence
    "corporate_planning": (
        "how well the council plans: the Corporate Plan and service plans, their sign-off, and whether the "
        "activities are delivering them",
        "Service plans signed off by their Cabinet Members",
    ),
    "financial_planning": (
        "the budget position and the Medium-Term Financial Plan: savings, overspends and reserves",
        "Budget monitoring report to Cabinet",
    ),
    "workforce_planning": (
        "the workforce: recruitment, turnover, sickness absence, skills and the Workforce Planning action plans",
        "Workforce Planning action plans submitted with the service plans",
    ),
    "procurement": (
        "the major procurements and contracts, and how the council meets its procurement duties",
        "Procurement forward plan reported to Cabinet",
    ),
    "assets": (
        "the land, buildings, roads and other assets: their condition, use and investment",
        "Asset Management Plan progress report",
    ),
    "risk_management": (
        "how risks are managed: the reviews of the service risk registers and the Corporate Risk Register",
        "Corporate Risk Register review",
    ),
    "performance_management": (
        "how performance is managed: the quality of the data, figures reported on time, and the Service "
        "Performance Reviews",
        "Data quality section of this report",
    ),
}

REQUIREMENTS = {  # s.89 of the Local Government and Elections (Wales) Act 2021
    "functions": "the extent to which the council is exercising its functions effectively",
    "resources": "the extent to which it is using its resources economically, efficiently and effectively",
    "governance": "the extent to which its governance is effective for securing these",
}

TO_COMMITTEE = {  # each in English and Welsh, as the demo's assessments give them
    "mid-year": [
        (
            "That the Committee notes the mid-year position on the Corporate Plan outcomes and the governance areas.",
            "Bod y Pwyllgor yn nodi'r sefyllfa ganol blwyddyn ar ganlyniadau'r Cynllun Corfforaethol a'r meysydd "
            "llywodraethu.",
        ),
        (
            "That the Committee considers the improvement actions and makes any recommendations on them.",
            "Bod y Pwyllgor yn ystyried y camau gwella ac yn gwneud unrhyw argymhellion arnynt.",
        ),
    ],
    "year-end": [
        (
            "That the Committee notes the council's performance in {year} and its conclusions on the performance "
            "requirements.",
            "Bod y Pwyllgor yn nodi perfformiad y cyngor yn {year} a'i gasgliadau ar y gofynion perfformiad.",
        ),
        (
            "That the Committee makes any recommendations for changes to the conclusions or the actions for {next}.",
            "Bod y Pwyllgor yn gwneud unrhyw argymhellion ar gyfer newid y casgliadau neu'r camau ar gyfer {next}.",
        ),
    ],
}


def parse_name(name: str) -> tuple[str, WindowName]:
    """The year and window an assessment is named by (``2026-27-mid-year``, as its file and citations name it)."""
    match = re.fullmatch(r"(.+)-(mid-year|year-end)", name.strip())
    example = "2026-27-mid-year or 2026-27-year-end"
    if match is None:
        raise UsageError(
            f"'{name}' is not an assessment: name its financial year and window, e.g. {example} "
            "(the file it writes in assessments/)"
        )
    try:
        year = check_financial_year(match.group(1))
    except ValueError as exc:
        raise UsageError(f"'{name}': {exc}") from None
    return year, WindowName(match.group(2))


def _block(text: str, indent: int) -> str:
    """A folded (``>-``) text at ``indent``, in lines of at most 96 characters."""
    return ">-\n" + "\n".join(
        textwrap.wrap(
            text,
            96,
            initial_indent=" " * indent,
            subsequent_indent=" " * indent,
            break_on_hyphens=False,  # a folded block rejoins its lines with a space: "sign- off"
            break_long_words=False,
        )
    )


def draft(settings: Settings, year: str, name: WindowName, carried: Carried | None = None) -> str:
    """The draft of ``assessments/<year>-<window>.yaml``: every section the report takes, the words to write
    marked ``To write:`` with what to say, the optional lists as commented examples, and what it ``carried``
    from the last assessment (its actions not complete, its lessons to review)."""
    period = window(year, name)
    mid = name is WindowName.mid_year
    span = period.describe() if mid else f"{half(year, 2).describe()} and the whole of {year}"
    short = f"{year[2:4]}{year[5:7]}"  # 2026-27: 2627, as the demo's action ids
    head = [
        f"# The performance officer's narrative for the {year} {name.value} Performance Self-Assessment:",
        f"# {span}.",
        "# The figures come from the plans; this file holds what the figures cannot say. Replace each",
        f"# '{DRAFT}' with the council's words: pmf validate warns of each one left. Any text may be",
        "# written in English and Welsh as {en: ..., cy: ...}; docs/report.md describes every key.",
        f"financial_year: {year}",
        f"window: {name.value}",
        "executive_summary: "
        + _block(
            f"{DRAFT} a few paragraphs on {span} for the committee and the public, in plain language: how the "
            "council is doing against the Corporate Plan outcomes, what has improved, the biggest concerns and "
            "what is being done about them, and any gaps in the data.",
            2,
        ),
        "recommendations_to_committee:  # what the report asks the committee to do",
    ]
    years = {"year": year, "next": shift_year(year, 1)}
    for en, cy in TO_COMMITTEE[name.value]:
        head += [f"  - en: {_block(en.format(**years), 6)}", f"    cy: {_block(cy.format(**years), 6)}"]
    if not mid:
        head.append("performance_requirements:  # the council's conclusions (s.91 of the 2021 Act), with evidence")
        for key, words in REQUIREMENTS.items():
            head += [
                f"  {key}:",
                "    conclusion: " + _block(f"{DRAFT} the council's conclusion on {words} in {year}, and why.", 6),
                "    # evidence:  # text, or a citation: measure: ID, regulator: ID or report: ID, with text",
                f"    #   - report: {year}-mid-year",
                "    #     text: What it shows.",
            ]
        head += [
            f"# actions_next_year:  # what the council will do in {shift_year(year, 1)} to meet the requirements",
            f"#   - id: NY-{short[2:]}{int(short[2:]) + 1:02d}-01",
            "#     title: What will be done",
            "#     lead: Head of Service  # a role",
            f"#     due: {annual(shift_year(year, 1)).end}",
            "#     requirement: functions  # functions, resources or governance",
        ]
    outcomes = sorted(settings.outcomes, key=lambda o: settings.outcome_rank(o.id))
    head.append(f"outcomes:{'' if outcomes else ' {}'}  # a narrative for each Corporate Plan outcome in pmf.yaml")
    for outcome in outcomes:
        head += [
            f"  {outcome.id}:  # {' '.join(str(outcome.title).split())}",
            "    narrative: "
            + _block(
                f"{DRAFT} is the outcome being achieved? What the measures and activities under it show for "
                f"{span} and why, not only what was done.",
                6,
            ),
            "    # case_study: A short account of one person or place the council's work made a difference to.",
        ]
    head.append("governance_areas:  # the seven areas the self-assessment must cover")
    for area, (guidance, example) in AREAS.items():
        head += [
            f"  {area}:  # {GOVERNANCE_AREAS[area]}",
            "    assessment: " + _block(f"{DRAFT} {guidance}.", 6),
            "    # evidence:  # the documents that show it, one a line",
            f"    #   - {example}",
        ]
    commented = [
        f"#   - id: IA-{short}-01",
        "#     title: What will be done",
        "#     lead: Head of Service  # a role",
        f"#     due: {annual(year).end if mid else annual(shift_year(year, 1)).end}",
        "#     status: not started  # not started, on track, experiencing issues, complete or overdue",
        "#     governance_area: performance_management  # one of the seven, when it is about one",
    ]
    if carried and carried.actions:
        head += [
            f"# The actions from {carried.source} not complete there, to report the progress on each: write each",
            "# status again (not started, on track, experiencing issues, complete or overdue), and add the new ones.",
            "improvement_actions:  # what the council will do to improve, each with its lead, date and status",
            *carried.actions,
        ]
    else:
        head += [
            "# improvement_actions:  # what the council will do to improve, each with its lead, date and status",
            *commented,
        ]
    if carried and carried.complete:
        head += [f"# Complete at the {carried.label}, not carried: {'; '.join(carried.complete)}."]
    head += [
        "# engagement:  # stakeholder engagement results: who was asked and what they said",
        "#   - title: Residents' survey",
        "#     summary: How many responded and what they said.",
    ]
    if carried and carried.lessons:
        head.append(f"# To do differently, as the {carried.label} learned: say in lessons_learned whether it was done.")
        head += [f"#   - {lesson}" for lesson in carried.lessons]
    head += [
        "# lessons_learned:",
        "#   worked_well:",
        "#     - What went well, to keep doing.",
        "#   to_improve:",
        "#     - What to do differently.",
        f"committee: {_committee(carried)}  # the committee that reviews the draft",
    ]
    if carried and carried.recommendations:
        head += [
            f"# The committee's recommendations in {carried.source} that the council accepted and has not",
            "# completed, to report on each: write its progress (complete once it is), and add the new ones.",
            "recommendations:  # the committee's recommendations on the draft and the council's response",
            *carried.recommendations,
        ]
    else:
        head += [
            "# recommendations:  # the committee's recommendations on the draft and the council's response",
            f"#   - id: GAC-{short}-01",
            "#     recommendation: What the committee recommended.",
            "#     accepted: true",
            "#     response: What the council did.",
            "#     # reason_not_accepted: required when accepted is false",
            "#     # progress: how far the council has acted on it (complete once it is)",
        ]
    if carried and carried.settled:
        head += [f"# Not carried from the {carried.label}: {'; '.join(carried.settled)}."]
    written = "\n".join(head) + "\n"
    return written.replace("\r\n", "\n").replace("\n", carried.newline) if carried else written


def _committee(carried: Carried | None) -> str:
    """The committee the last assessment named (its recommendations come with it), else the guide's; quoted
    unless it is plain words."""
    named = " ".join(carried.committee.split()) if carried else ""
    if not named:
        return "Governance and Audit Committee"
    return named if re.fullmatch(r"[^\W\d_][\w '&,.()-]*", named) else single_quoted(named)


def new_assessment(root: Path, name: str, settings: Settings) -> Path:
    """Write the draft for the assessment ``name`` into ``assessments/``, atomically under the edit lock;
    never over a file that is there."""
    from pmf import transaction
    from pmf.assessment_carry import previous
    from pmf.atomic import write_atomic
    from pmf.errors import relative

    year, which = parse_name(name)
    path = root / "assessments" / f"{year}-{which.value}.yaml"
    with transaction.locked(root):
        transaction.recover(root)
        if path.exists():
            raise UsageError(
                f"{relative(path, root)} already exists: pmf new never overwrites a file. Edit it to go on with "
                "the draft, or rename it first to start again from a new one"
            )
        last = previous(root, year, which.value)
        path.parent.mkdir(exist_ok=True)
        write_atomic(path, draft(settings, year, which, _carried(root, last) if last else None))
    return path


def _carried(root: Path, last: Path) -> Carried:
    """What the draft carries from the assessment at ``last``; one pmf cannot read is named at its line."""
    from pmf.assessment_carry import carried
    from pmf.errors import PmfError, Problem, relative
    from pmf.nodes import Unreadable
    from pmf.yamlscreen import YamlProblem

    try:
        return carried(last, relative(last, root))
    except (ValueError, YamlProblem) as exc:  # as pmf validate places it: not text, or not YAML
        line, column = (exc.line, exc.column) if isinstance(exc, Unreadable) else (0, 0)
        if isinstance(exc, YamlProblem):
            line, column = exc.line, exc.col
        said = f"{exc}: the draft carries its actions forward, so fix it first ({command('pmf validate')} says how)"
        raise PmfError([Problem(relative(last, root), line, column, "", said)]) from None
