"""October to June on a repository pmf init wrote: the second half year, the year end and the next plan."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmf.cli import app

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


def pmf(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def commit(root: Path, message: str, when: str) -> None:
    """Commit as a service lead would, on the day the step was taken."""
    stamp = f"{when}T10:00:00+00:00"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Performance Officer",
        "GIT_AUTHOR_EMAIL": "performance@example.org",
        "GIT_COMMITTER_NAME": "Performance Officer",
        "GIT_COMMITTER_EMAIL": "performance@example.org",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
    }
    subprocess.run(["git", "add", "-A"], cwd=root, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=root, check=True, env=env)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def council(tmp_path: Path) -> Path:
    """A repository `pmf init` wrote on 1 October 2026, its 2026-27 plan signed off on 24 March."""
    root = tmp_path / "council"
    code, _, err = pmf("init", str(root), "--as-of", "2026-10-01")
    assert code == 0, err
    replace(
        root / "plans/example/plan-2026-27.yaml",
        "# sign_off: {approved_by: Cabinet Member for the service, date: 2026-03-31}  # added when signed",
        "sign_off: {approved_by: Cabinet Member for the service, date: 2026-03-24}",
    )
    if not (root / ".git").exists():
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    commit(root, "pmf init; 2026-27 plan signed off", "2026-10-01")
    return root


def new_measure(root: Path, measure_id: str, **fields: str) -> Path:
    """`pmf new measure`, then the lead's own edits to the template's lines."""
    code, _, err = pmf(
        "new", "measure", measure_id, "--service", "example", "--root", str(root), "--as-of", "2026-10-02"
    )
    assert code == 0, err
    path = root / f"plans/example/measures/{measure_id}.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    for key, value in fields.items():
        if key == "thresholds":
            old = "  2026-27: {target: 70.0, tolerance: 65.0}"
            assert old in text
            text = text.replace(old, f"  2026-27: {value}")
            lines = text.splitlines(keepends=True)
            continue
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{key}: "))
        comment = lines[index].find("  #")
        tail = lines[index][comment:] if comment > 0 else "\n"
        lines[index] = f"{key}: {value}{tail}"
        text = "".join(lines)
    path.write_text(text, encoding="utf-8")
    return path


# A monthly cumulative measure: tonnes to landfill, the year's total judged.
LANDFILL = {
    "data_type": "number",
    "decimals": "0",
    "aggregation": "cumulative",
    "frequency": "monthly",
    "polarity": "lower_is_better",
    "thresholds": "{target: 2300, tolerance: 2600}",
}


# An activity of the 2026-27 plan, due by 31 December.
TELEPHONY = (
    "      - id: EX-A02\n"
    "        title: Replace the contact centre telephony\n"
    "        lead: Customer Services Manager\n"
    "        start: 2026-06-01\n"
    "        end: 2026-12-31\n"
)


def add_activities(root: Path, written: str) -> None:
    """Activities written into the 2026-27 plan where pmf init's template suggests them."""
    replace(
        root / "plans/example/plan-2026-27.yaml",
        "    # activities: what the service will do this year, e.g.\n",
        "    activities:\n" + written,
    )


def record(root: Path, measure_id: str, period: str, value: str, as_of: str) -> None:
    code, _, err = pmf("record", measure_id, period, value, "--root", str(root), "--as-of", as_of)
    assert code == 0, err


def test_history_judges_a_running_total_as_the_reports_do(council: Path) -> None:
    """A year-to-date measure's Q2 figure is judged pro rata at mid-year: history gives the status the report gave.

    Each other quarter's running total is on its way to the year's and has no status of its own;
    a cumulative measure's single month is never judged against the year's total.
    """
    new_measure(
        council,
        "EX-02",
        data_type="number",
        decimals="0",
        aggregation="year_to_date",
        polarity="higher_is_better",
        thresholds="{target: 120, tolerance: 100}",
    )
    new_measure(council, "EX-03", **LANDFILL)
    for quarter, value in (("Q1", "25"), ("Q2", "58"), ("Q3", "80"), ("Q4", "118")):
        record(council, "EX-02", f"2026-27 {quarter}", value, "2027-04-20")
    for month in range(4, 10):
        record(council, "EX-03", f"2026-{month:02d}", "190", "2026-10-20")
    commit(council, "Figures for the year", "2027-04-20")

    code, out, _ = pmf("status", "--root", str(council), "--window", "mid-year", "--format", "json")
    assert code == 0
    mid_year = {row["id"]: row for row in json.loads(out)}["EX-02"]
    assert (mid_year["value"], mid_year["status"], mid_year["basis"]) == (58, "yellow", "pro-rata")

    code, out, err = pmf("history", "EX-02", "--root", str(council), "--format", "json")
    assert code == 0, err
    statuses = {row["what"]: row["status"] for row in json.loads(out) if row["what"].startswith("2026-27 Q")}
    assert statuses == {"2026-27 Q1": None, "2026-27 Q2": "yellow", "2026-27 Q3": None, "2026-27 Q4": "yellow"}

    code, out, err = pmf("history", "EX-03", "--root", str(council), "--format", "json")
    assert code == 0, err
    assert {row["status"] for row in json.loads(out) if row["what"].startswith("2026-")} == {None}


def test_unverified_figures_are_due_with_the_update_not_overdue_on_its_day(council: Path) -> None:
    """Figures imported in October are flagged from 1 October as the missing ones are: a warning
    until 31 October, the day they are due, and an error (exit 1) from 1 November."""
    new_measure(council, "EX-02", frequency="monthly", thresholds="{target: 70.0, tolerance: 65.0}")
    for month in range(4, 10):
        record(council, "EX-02", f"2026-{month:02d}", "71.0", "2026-10-05")
    code, _, err = pmf(
        "review-risk",
        "RSK-EX-01",
        "--likelihood",
        "3",
        "--impact",
        "3",
        "--root",
        str(council),
        "--as-of",
        "2026-10-05",
    )
    assert code == 0, err
    for quarter in ("Q1", "Q2"):
        code, _, err = pmf(
            "record",
            "EX-01",
            f"2026-27 {quarter}",
            "72.0",
            "--root",
            str(council),
            "--as-of",
            "2026-10-05",
            "--verified-by",
            "Performance and Improvement Officer",
        )
        assert code == 0, err
    unverified = (
        "plans/example/measures/EX-02.yaml:29:5: {}EX-02: 6 mid-year figures not verified against the source "
        "(2026-04, 2026-05, 2026-06, 2026-07, 2026-08, 2026-09): add 'verified: {{by: <role>, date: <date>}}' "
        "once checked (due 31 October 2026; its owner is still to write)"  # EX-02's lead_officer is guidance still
    )
    for day, code_wanted, prefix in (
        ("2026-10-05", 0, "warning: "),
        ("2026-10-31", 0, "warning: "),
        ("2026-11-01", 1, ""),
    ):
        code, _, err = pmf("check", "--root", str(council), "--as-of", day)
        assert (day, code) == (day, code_wanted), err
        assert unverified.format(prefix) in err.splitlines(), err


def test_check_keeps_the_deadlines_the_council_set_in_its_calendar(council: Path) -> None:
    """A council signs its plans off by 20 March and takes mid-year updates by 15 October, as
    pmf.yaml says and `pmf calendar` shows: `pmf check` holds to the same days."""
    settings = council / "pmf.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + "calendar:\n  events:\n    - {id: plans-signed-off, day: 20}\n    - {id: mid-year-updates, day: 15}\n",
        encoding="utf-8",
    )
    code, out, _ = pmf("calendar", "--root", str(council), "--as-of", "2027-03-01")
    assert "by 20 Mar        Service plans finalised and signed off" in out
    code, _, err = pmf("new", "service", "example", "--root", str(council), "--as-of", "2027-01-20")
    assert code == 0, err
    header = (council / "plans/example/plan-2027-28.yaml").read_text(encoding="utf-8").splitlines()[:2]
    assert header[1] == "# Member is due by 20 March 2027 (the council's calendar in pmf.yaml)."

    code, _, err = pmf("check", "--root", str(council), "--as-of", "2027-03-10")
    assert (
        "plans/example/plan-2027-28.yaml:34:1: warning: example: the 2027-28 plan is not signed off by the Cabinet Member (10 days left) (due 20 March 2027;"
        in err
    )
    code, _, err = pmf("check", "--root", str(council), "--as-of", "2027-03-22")
    assert code == 1
    assert (
        "plans/example/plan-2027-28.yaml:34:1: example: the 2027-28 plan is not signed off by the Cabinet Member (overdue) (due 20 March 2027;"
        in err
    )
    replace(
        council / "plans/example/plan-2027-28.yaml",
        "# sign_off: {approved_by: Cabinet Member for the service, date: 2027-03-20}  # added when signed",
        "sign_off: {approved_by: Cabinet Member for the service, date: 2027-03-25}",
    )
    code, _, err = pmf("check", "--root", str(council), "--as-of", "2027-04-02")
    assert "example: the 2027-28 plan was signed off late, on 25 March 2027 (due 20 March 2027;" in err

    code, _, err = pmf("check", "--root", str(council), "--as-of", "2026-10-16")
    assert code == 1
    assert "EX-01: no mid-year outturn for 2026-27 Q1, 2026-27 Q2 (due 15 October 2026;" in err


def test_an_update_in_january_never_replaces_the_reported_mid_year_update_unasked(council: Path) -> None:
    """In January a lead marks an activity complete: the mid-year update the committees saw in
    December stays as it was, and pmf says which half year to give."""
    plan = council / "plans/example/plan-2026-27.yaml"
    add_activities(council, TELEPHONY)

    def update(status: str, comment: str, as_of: str, *period: str) -> tuple[int, str, str]:
        return pmf(
            "update-activity", "EX-A02", "--status", status, "--comment", comment, *period,
            "--root", str(council), "--as-of", as_of,
        )  # fmt: skip

    assert update("green", "On track.", "2026-10-15")[0] == 0
    code, _, err = update("yellow", "Supplier delay of three weeks; go-live now December.", "2026-10-28")
    assert (code, err.strip()) == (0, "EX-A02: replaced the update for 2026-27 H1 (yellow)")  # before the deadline
    reported = plan.read_text(encoding="utf-8")

    code, out, err = update("complete", "New telephony live on 14 December.", "2027-01-12")
    assert (code, out) == (2, "")
    assert err.strip() == (
        "pmf: EX-A02 already has its 2026-27 H1 update (yellow), reported at mid-year: give --period "
        "'2026-27 H1' to replace it, or --period '2026-27 H2' for the half year under way"
    )
    assert plan.read_text(encoding="utf-8") == reported

    code, _, err = update("complete", "New telephony live on 14 December.", "2027-01-12", "--period", "2026-27 H2")
    assert (code, err.strip()) == (0, "EX-A02: added the update for 2026-27 H2 (complete)")
    assert "Supplier delay of three weeks" in plan.read_text(encoding="utf-8")


def test_the_year_end_report_says_why_a_figure_is_missing_as_the_service_wrote_it(
    council: Path, tmp_path: Path
) -> None:
    """February's tonnage was imported as not available, with the reason: the committee reads the
    reason beside the partial total, in English and (marked as English) in the Welsh report."""
    new_measure(council, "EX-02", title="Tonnes of waste sent to landfill", **LANDFILL)
    sheet = tmp_path / "landfill.csv"
    rows = [f"EX-02,{month},190," for month in ("Apr-26", "May-26", "Jun-26", "Jul-26", "Aug-26", "Sep-26")]
    rows += ["EX-02,Oct-26,170,", "EX-02,Nov-26,210,", "EX-02,Dec-26,240,Christmas peak", "EX-02,Jan-27,205,"]
    rows += ['EX-02,Feb-27,,"Weighbridge fault: no reliable tonnage for February"', "EX-02,Mar-27,180,"]
    sheet.write_bytes(("\ufeffMeasure,Period,Value,Comment\r\n" + "\r\n".join(rows) + "\r\n").encode("utf-8"))
    code, _, err = pmf("import", str(sheet), "--root", str(council), "--as-of", "2027-04-20")
    assert code == 0, err
    commit(council, "Figures for the year", "2027-04-20")

    out = tmp_path / "reports"
    code, _, err = pmf(
        "report", "year-end", "--root", str(council), "--as-of", "2027-06-08", "--out", str(out), "--lang", "both",
        "--no-audit",
    )  # fmt: skip
    assert code == 0, err
    english = (out / "2026-27-year-end.md").read_text(encoding="utf-8")
    row = next(line for line in english.splitlines() if line.startswith("| EX-02: Tonnes of waste"))
    assert "Partial: no figure for 2027-02" in row
    assert row.endswith("| No figure for 2027-02: Weighbridge fault: no reliable tonnage for February |")
    welsh = (out / "2026-27-year-end.cy.md").read_text(encoding="utf-8")
    row = next(line for line in welsh.splitlines() if line.startswith("| EX-02: "))
    assert row.endswith(
        "| Dim ffigur ar gyfer Chwefror 2027: Weighbridge fault: no reliable tonnage for February _(yn Saesneg)_ |"
    )


def test_check_asks_the_coming_plan_for_its_measures_targets_before_sign_off(council: Path) -> None:
    """In February the 2027-28 plan lists this year's measures; one has its 2027-28 target, one
    not, one is Count Only: `pmf check` names the one a committee would see with no target."""
    new_measure(council, "EX-02", frequency="monthly", thresholds="{target: 70.0, tolerance: 65.0}")
    new_measure(council, "EX-03", benchmarking="count_only", thresholds="{target: 70.0, tolerance: 65.0}")
    replace(
        council / "plans/example/measures/EX-03.yaml",
        "thresholds:  # per financial year; tolerance: null means No Tolerance\n  2026-27: {target: 70.0, tolerance: 65.0}\n",
        "",
    )
    replace(
        council / "plans/example/measures/EX-01.yaml",
        "  2026-27: {target: 70.0, tolerance: 65.0}",
        "  2026-27: {target: 70.0, tolerance: 65.0}\n  2027-28: {target: 72.0, tolerance: 66.0}",
    )
    code, _, err = pmf("new", "service", "example", "--root", str(council), "--as-of", "2027-01-20")
    assert code == 0, err
    # Drafted from 2026-27's plan, the 2027-28 plan lists the same three measures.
    code, _, err = pmf("check", "--root", str(council), "--as-of", "2027-02-15")
    assert (
        "plans/example/plan-2027-28.yaml:22:9: warning: example: the 2027-28 plan names 1 measure with no target for "
        "2027-28 (EX-02): add '2027-28: {target: ..., tolerance: ...}' under thresholds in each, or leave a "
        "baseline year without one (due 31 March 2027; falls to Head of Customer Services)"
    ) in err.splitlines()
    assert "no target for 2026-27" not in err


def test_next_years_plan_starts_from_this_years(council: Path) -> None:
    """In January the Head of Service drafts 2027-28's plan: the same outcomes and measures, no
    sign-off yet, and this year's activities left with their updates in this year's plan, those
    not complete named to carry over with a new id."""
    plan = council / "plans/example/plan-2026-27.yaml"
    replace(plan, "title: Customer Services", "title: Customer and Benefits Services")
    replace(
        plan,
        "    # activities: what the service will do this year, e.g.\n",
        "    activities:\n"
        "      - id: EX-A01\n"
        "        title: Move benefit claims online\n"
        "        lead: Head of Revenues and Benefits\n"
        "        start: 2026-04-01\n"
        "        end: 2027-09-30\n"
        "        updates:\n"
        "          - {period: 2026-27 H1, status: green, comment: Online form live for new claims.}\n"
        "      - id: EX-A02\n"
        "        title: Replace the contact centre telephony\n"
        "        lead: Customer Services Manager\n"
        "        start: 2026-06-01\n"
        "        end: 2026-12-31\n"
        "        updates:\n"
        "          - {period: 2026-27 H1, status: complete, comment: Live in September.}\n",
    )
    this_year = plan.read_text(encoding="utf-8")
    commit(council, "Activities", "2026-10-15")

    code, _, err = pmf("new", "service", "example", "--root", str(council), "--as-of", "2027-01-20")
    assert code == 0, err
    assert err.splitlines()[1] == (
        "started from plan-2026-27.yaml: the same outcomes and measures; its activities stay there, not complete, "
        "to carry over with a new id or drop: EX-A01: Move benefit claims online (latest: green); still to do: "
        "each measure's 2027-28 target and the sign-off"
    )
    assert plan.read_text(encoding="utf-8") == this_year
    draft = (council / "plans/example/plan-2027-28.yaml").read_text(encoding="utf-8")
    assert draft.startswith("# The service plan for 2027-28 (the Service Planning Template).")
    assert "title: Customer and Benefits Services\n" in draft
    assert "financial_year: 2027-28  # must match this file's name\n" in draft
    assert "    performance_measures:  # measure ids of kind performance_measure, one a line\n      - EX-01\n" in draft
    assert "sign_off: {" not in draft.replace("# sign_off: {", "")
    assert "EX-A02" not in draft and "updates:" not in draft.replace("# updates:", "")
    assert (
        "    # activities: 2026-27's are in plan-2026-27.yaml with their updates.\n"
        "    # Not complete there: carry each over with a new id (ids are unique), or drop it:\n"
        "    #   EX-A01: Move benefit claims online (latest: green)\n"
    ) in draft
    assert pmf("validate", "--root", str(council))[0] == 0


def test_next_years_plan_names_the_line_of_this_years_it_cannot_read(council: Path) -> None:
    plan = council / "plans/example/plan-2026-27.yaml"
    replace(plan, "wellbeing_statement: >-", "wellbeing_statement: [>-")
    code, _, err = pmf("new", "service", "example", "--root", str(council), "--as-of", "2027-01-20")
    assert code == 1
    assert err.startswith("plans/example/plan-2026-27.yaml:9:")
    told = f"pmf validate --root {council} --as-of 2027-01-20"  # to paste: the folder and day this command had
    assert f"the 2027-28 plan starts from this one, so fix it first ({told} says how)" in err
    assert not (council / "plans/example/plan-2027-28.yaml").exists()


def test_the_year_end_assessment_cites_the_mid_year_report_tabled_without_one(council: Path, tmp_path: Path) -> None:
    """The mid-year report went to committee in December with no assessment file (its narrative
    sections said so); in June the year-end assessment cites it as evidence, and the report links it."""
    folder = council / "assessments"
    folder.mkdir()
    (folder / "2026-27-year-end.yaml").write_text(
        "financial_year: 2026-27\n"
        "window: year-end\n"
        "executive_summary: The council met most of its targets.\n"
        "performance_requirements:\n"
        "  functions: {conclusion: Effective in most areas.}\n"
        "  resources: {conclusion: Economic.}\n"
        "  governance:\n"
        "    conclusion: Effective.\n"
        "    evidence:\n"
        "      - {report: 2026-27-mid-year, text: The mid-year position.}\n"
        "      - {report: 2031-32-mid-year}\n",
        encoding="utf-8",
    )
    code, _, err = pmf("validate", "--root", str(council))
    assert code == 1
    assert err.splitlines()[0].startswith(
        "assessments/2026-27-year-end.yaml:11:18: performance_requirements.governance.evidence[1].report: "
        "no report '2031-32-mid-year'"
    )
    replace(folder / "2026-27-year-end.yaml", "      - {report: 2031-32-mid-year}\n", "")
    assert pmf("validate", "--root", str(council))[0] == 0
    args = ("report", "year-end", "--root", str(council), "--as-of", "2027-06-08", "--out", str(tmp_path), "--no-audit")
    code, _, err = pmf(*args, "--format", "html")
    assert code == 0, err
    html = (tmp_path / "2026-27-year-end.html").read_text(encoding="utf-8")
    assert (
        '<a href="2026-27-mid-year.html">Performance Self-Assessment, Mid-year 2026-27</a>: The mid-year position.'
        in html
    )


def test_a_new_risk_is_first_due_for_review_within_the_councils_review_months(council: Path) -> None:
    """Risks are reviewed at least six-monthly (pmf.yaml's risk_matrix.review_months): the risk pmf
    init writes on 1 October is due by 1 April, not a year on; a council reviewing quarterly gets 3 months."""
    risk = (council / "plans/example/risks/RSK-EX-01.yaml").read_text(encoding="utf-8")
    assert "\nreview_date: 2027-04-01  # the next review is due by" in risk
    replace(council / "pmf.yaml", "  impact: 5", "  impact: 5\n  review_months: 3")
    code, _, err = pmf(
        "new", "risk", "RSK-EX-02", "--service", "example", "--root", str(council), "--as-of", "2026-11-30"
    )
    assert code == 0, err
    risk = (council / "plans/example/risks/RSK-EX-02.yaml").read_text(encoding="utf-8")
    assert "\nreview_date: 2027-02-28  # the next review is due by" in risk


def test_audit_flags_a_mid_year_target_changed_after_sign_off(council: Path) -> None:
    """The landfill measure is judged at mid-year against its mid-year pair. Raising that target
    after the plan was signed off turns the December report's figure green: pmf audit flags it, and
    pmf history shows the pair with the commit that set it."""
    path = new_measure(
        council,
        "EX-02",
        **{**LANDFILL, "thresholds": "{target: 2300, tolerance: 2600, mid-year: {target: 1100, tolerance: 1250}}"},
    )
    commit(council, "Landfill measure", "2026-10-02")
    replace(path, "mid-year: {target: 1100, tolerance: 1250}", "mid-year: {target: 1150, tolerance: 1250}")
    commit(council, "Mid-year target revised", "2026-11-20")

    code, out, err = pmf("audit", "--root", str(council))
    assert code == 0, err
    assert (
        "2026-11-20 {} Performance Officer: EX-02 thresholds.2026-27.mid-year.target: 1100 -> 1150  FLAGGED: changed after the "
        "2026-27 plan was signed off on 24 March 2026"
    ) in [line[:11] + "{}" + line[21:] for line in out.splitlines()]
    code, out, err = pmf("history", "EX-02", "--root", str(council), "--format", "json")
    assert code == 0, err
    rows = [(row["what"], row["value"], row["date"]) for row in json.loads(out)][:4]
    assert rows == [
        ("target", "2300", "2026-10-02"),
        ("tolerance", "2600", "2026-10-02"),
        ("mid-year target", "1150", "2026-11-20"),
        ("mid-year tolerance", "1250", "2026-10-02"),
    ]


@pytest.mark.parametrize(
    ("day", "said"), [("2027-03-29", "2 days left"), ("2027-03-30", "1 day left"), ("2027-03-31", "due today")]
)
def test_the_sign_off_warning_counts_the_last_days_in_words(council: Path, day: str, said: str) -> None:
    _, _, err = pmf("check", "--root", str(council), "--as-of", day)
    assert (
        f"plans/example/plan-2027-28.yaml: warning: example: no service plan for 2027-28 ({said}) (due 31 March 2027;"
        in err
    )


def test_the_plan_for_sign_off_says_none_set_for_a_tolerance_with_no_target(council: Path, tmp_path: Path) -> None:
    """Drafted in January, the 2027-28 plan goes to the Cabinet Member before its targets are set: each
    measure reads "Target None set; Tolerance Threshold: None set", never "No tolerance" (which says
    the target alone decides green or red)."""
    code, _, err = pmf("new", "service", "example", "--root", str(council), "--as-of", "2027-01-20")
    assert code == 0, err
    args = ("report", "plan", "example", "--root", str(council), "--as-of", "2027-02-01", "--out", str(tmp_path))
    code, _, err = pmf(*args, "--format", "md")
    assert code == 0, err
    text = (tmp_path / "plan-2027-28-example.md").read_text(encoding="utf-8")
    assert "**Target None set; Tolerance Threshold: None set**" in text
    assert "No tolerance" not in text


def test_an_activity_marked_complete_after_the_window_is_not_called_overdue(council: Path, tmp_path: Path) -> None:
    """The telephony project was due by 31 December, yellow at mid-year and marked complete in
    January: February's Service Performance Review of the mid-year position shows its mid-year
    status, and never that it is past its end date and not complete."""
    add_activities(
        council,
        TELEPHONY + "        updates:\n"
        "          - {period: 2026-27 H1, status: yellow, comment: Supplier delay of three weeks.}\n"
        "          - {period: 2026-27 H2, status: complete, comment: Live on 14 December.}\n",
    )
    args = ("report", "service-review", "example", "--root", str(council), "--out", str(tmp_path), "--format", "md")
    code, _, err = pmf(*args, "--as-of", "2027-02-10", "--window", "mid-year")
    assert code == 0, err
    row = next(
        line
        for line in (tmp_path / "2026-27-mid-year-review-example.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| EX-A02")
    )
    assert "Experiencing issues" in row
    assert "Past its end date" not in row


def test_a_council_sheet_names_each_quarter_by_the_date_it_ends(council: Path, tmp_path: Path) -> None:
    """The council's workbook dates each quarter "quarter ending 31/03/2027" in a date cell: pmf
    reads it as the quarter it ends; a date that is neither a quarter's first nor last day is named
    as a date, with the quarter it falls in, and nothing is written."""
    import openpyxl

    def sheet(day: dt.datetime) -> Path:
        book = openpyxl.Workbook()
        rows = book.active
        rows.append(["PI Code", "Quarter ending", "Actual"])
        rows.append(["EX-01", day, 0.723])
        rows.cell(2, 2).number_format = "dd/mm/yyyy"
        rows.cell(2, 3).number_format = "0.0%"
        path = tmp_path / f"return-{day:%Y%m%d}.xlsx"
        book.save(path)
        return path

    def import_return(day: dt.datetime) -> tuple[int, str, str]:
        columns = "measure=PI Code,period=Quarter ending,value=Actual"
        return pmf("import", str(sheet(day)), "--columns", columns, "--root", str(council), "--as-of", "2027-05-01")

    measure = council / "plans/example/measures/EX-01.yaml"
    code, _, err = import_return(dt.datetime(2027, 4, 15))
    assert code == 1
    assert err.splitlines()[0] == (
        "return-20270415.xlsx:2:2: EX-01 2027-04-15: 15 April 2027 is not the first or last day of a quarter: "
        "write the period (2027-28 Q1), or the date it begins or ends (1 April 2027 or 30 June 2027)"
    )
    assert "outturns:" not in measure.read_text(encoding="utf-8").replace("# outturns:", "")
    code, _, err = import_return(dt.datetime(2027, 3, 31))
    assert code == 0, err
    assert "outturns:\n  - period: 2026-27 Q4\n    value: 72.3\n" in measure.read_text(encoding="utf-8")


def test_the_export_gives_a_calculated_figure_as_the_reports_show_it(council: Path, tmp_path: Path) -> None:
    """Calls answered as a percentage of calls received: 4,200 of 4,500 is 93.3% in the report and
    in measures.csv; outturns.csv, opened in Excel, gives March's figure the same, not 93.33333333333333."""
    new_measure(council, "EX-03", data_type="number", decimals="0", frequency="monthly", benchmarking="count_only")
    new_measure(council, "EX-04", data_type="number", decimals="0", frequency="monthly", benchmarking="count_only")
    for measure_id in ("EX-03", "EX-04"):
        replace(
            council / f"plans/example/measures/{measure_id}.yaml",
            "thresholds:  # per financial year; tolerance: null means No Tolerance\n  2026-27: {target: 70.0, tolerance: 65.0}\n",
            "",
        )
    new_measure(
        council,
        "EX-02",
        title="Calls answered as a percentage of calls received",
        frequency="monthly",
        measure_type="calculated",
        thresholds="{target: 90.0, tolerance: 85.0}",
    )
    replace(
        council / "plans/example/measures/EX-02.yaml", "thresholds:  #", "formula: 100 * EX-03 / EX-04\nthresholds:  #"
    )
    record(council, "EX-03", "2027-03", "4200", "2027-04-10")
    record(council, "EX-04", "2027-03", "4500", "2027-04-10")
    code, _, err = pmf("export", "--root", str(council), "--out", str(tmp_path), "--as-of", "2027-06-08")
    assert code == 0, err
    outturns = (tmp_path / "outturns.csv").read_text(encoding="utf-8").splitlines()
    assert "EX-02,example,2027-03,2027-03-01,2027-03-31,2026-27,93.3,,false" in outturns
    measures = (tmp_path / "measures.csv").read_text(encoding="utf-8")
    assert (
        "EX-02,example,performance_measure,Calls answered as a percentage of calls received,2027-03,93.3," in measures
    )
