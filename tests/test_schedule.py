"""The business-planning calendar and the deadline checks, through the command line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from pmf.cli import app
from pmf.schedule import default_events, occurrences, timetable
from pmf.settings import Settings

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
SETTINGS = {"organisation": "Test", "outcomes": [{"id": "a", "title": "A"}]}


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_default_timetable_has_the_framework_deadlines() -> None:
    ids = {e.id for e in default_events()}
    assert {"plans-signed-off", "mid-year-updates", "year-end-updates", "crr-spring-review", "crr-autumn-review"} <= ids
    year = occurrences(timetable(Settings.model_validate(SETTINGS)), dt.date(2026, 4, 1), dt.date(2027, 3, 31))
    deadlines = {(o.id, o.end) for o in year if o.kind == "deadline"}
    assert deadlines == {
        ("year-end-updates", dt.date(2026, 4, 30)),
        ("mid-year-updates", dt.date(2026, 10, 31)),
        ("plans-signed-off", dt.date(2027, 3, 31)),
    }
    assert [o.end.month for o in year if o.id == "service-performance-review"] == [4, 5, 6, 7, 9, 10, 11, 12, 1, 2, 3]


def test_council_changes_removes_and_adds_events() -> None:
    settings = Settings.model_validate(
        {
            **SETTINGS,
            "calendar": {
                "events": [
                    {"id": "plans-signed-off", "day": 20},
                    {"id": "draft-settlement", "remove": True},
                    {
                        "id": "gac-2026-12",
                        "title": "Governance and Audit Committee",
                        "date": "2026-12-08",
                        "strand": "committee",
                    },
                ]
            },
        }
    )
    found = occurrences(timetable(settings), dt.date(2026, 11, 1), dt.date(2027, 3, 31))
    by_id = {o.id: o for o in found}
    assert by_id["plans-signed-off"].end == dt.date(2027, 3, 20)
    assert "service plans finalised" in by_id["plans-signed-off"].title.lower()
    assert "draft-settlement" not in by_id
    assert (by_id["gac-2026-12"].end, by_id["gac-2026-12"].kind) == (dt.date(2026, 12, 8), "event")


def test_calendar_ics_parses_and_holds_the_31_march_deadline(repo: Path) -> None:
    code, out, _ = run("calendar", "--root", str(repo), "--as-of", "2026-11-23", "--months", "6", "--format", "ics")
    assert code == 0
    cal = icalendar.Calendar.from_ical(out)
    events = [c for c in cal.walk("VEVENT")]
    signed = [e for e in events if "signed off by Cabinet Members" in str(e["SUMMARY"])]
    assert len(signed) == 1
    assert signed[0]["DTSTART"].dt == dt.date(2027, 3, 31)
    assert signed[0]["DTEND"].dt == dt.date(2027, 4, 1)
    assert str(signed[0]["SUMMARY"]).startswith("Deadline: ")
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_calendar_text_and_json(repo: Path) -> None:
    code, out, _ = run("calendar", "--root", str(repo), "--as-of", "2026-03-15", "--months", "1")
    assert code == 0
    assert "March 2026 (this month)" in out and "April 2026" in out and "May 2026" not in out
    assert "by 31 Mar" in out
    code, out, _ = run("calendar", "--root", str(repo), "--as-of", "2026-03-15", "--months", "0", "--format", "json")
    data = json.loads(out)
    signed = next(e for e in data["events"] if e["id"] == "plans-signed-off")
    assert (signed["due"], signed["status"], signed["who"]) == (
        "2026-03-31",
        "due",
        "Heads of Service and Cabinet Members",
    )
    assert any("WST-02" in o["message"] for o in data["overdue"])


def _unsign(repo: Path) -> None:
    plan = repo / "plans/waste/plan-2025-26.yaml"
    text = plan.read_text()
    plan.write_text(text[: text.index("sign_off:")])


def test_unsigned_plan_after_1_april_fails_naming_service_and_head(repo: Path) -> None:
    _unsign(repo)
    code, _, err = run("check", "--root", str(repo), "--as-of", "2025-04-02")
    assert code == 1
    assert (
        "plans/waste/plan-2025-26.yaml:1:1: waste: the 2025-26 plan is not signed off by the Cabinet Member (overdue) "
        "(due 31 March 2025; falls to Head of Waste Services)" in err
    )


def _verify_figures(repo: Path) -> None:
    """Every figure checked against its source, so only the deadline under test is open."""
    import re

    stamp = "verified: {by: Performance and Improvement Officer, date: 2025-01-01}"
    for path in (repo / "plans/waste/measures").glob("*.yaml"):
        text = re.sub(r"^(  - \{period: [^}]*)\}$", rf"\1, {stamp}}}", path.read_text(), flags=re.M)
        text = re.sub(r"^(    value: .*)$", rf"\1\n    {stamp}", text, flags=re.M)
        path.write_text(text)


def test_unsigned_plan_before_1_april_warns_with_days_left(repo: Path) -> None:
    _unsign(repo)
    _verify_figures(repo)
    code, _, err = run("check", "--root", str(repo), "--as-of", "2025-03-21")
    assert code == 0
    assert "warning: waste: the 2025-26 plan is not signed off by the Cabinet Member (10 days left)" in err


def test_signed_plan_passes(repo: Path) -> None:
    code, _, err = run("check", "--root", str(repo), "--as-of", "2025-04-02")
    assert code == 0, err


@pytest.mark.parametrize(("as_of", "code", "prefix"), [("2025-10-15", 0, "warning: "), ("2025-11-01", 1, "")])
def test_missing_mid_year_outturns_warn_then_fail(repo: Path, as_of: str, code: int, prefix: str) -> None:
    risk = repo / "plans/waste/risks/RSK-01.yaml"
    risk.write_text(risk.read_text().replace("review_date: 2026-03-31", "review_date: 2026-09-30"))
    _verify_figures(repo)
    got, _, err = run("check", "--root", str(repo), "--as-of", as_of, "--format", "text")
    assert got == code, err
    assert (
        f"plans/waste/measures/WST-02.yaml:12:1: {prefix}WST-02: no mid-year outturn for 2025-06, 2025-07, 2025-08, 2025-09"
        in err
    )
    assert "WST-01: no mid-year outturn" not in err


def test_check_github_annotations(repo: Path) -> None:
    _unsign(repo)
    code, out, _ = run("check", "--root", str(repo), "--as-of", "2025-04-02", "--format", "github")
    assert code == 1
    assert "::error file=plans/waste/plan-2025-26.yaml,line=1,col=1::waste: the 2025-26 plan is not signed off" in out


def test_no_figure_is_chased_for_a_calculated_measure_or_a_biennial_off_year(repo: Path) -> None:
    """A calculated measure's figures come from its inputs; a biennial measure is not due in its off year (SPEC 2.6)."""
    risk = repo / "plans/waste/risks/RSK-01.yaml"
    risk.write_text(risk.read_text().replace("review_date: 2026-03-31", "review_date: 2026-09-30"))
    measures = repo / "plans/waste/measures"
    common = "kind: indicator\nfrequency: {f}\npolarity: higher_is_better\nbenchmarking: local\n"
    (measures / "WST-08.yaml").write_text(
        "id: WST-08\ntitle: Twice WST-01\n"
        + common.format(f="quarterly")
        + "measure_type: calculated\nformula: 2 * WST-01\n"
    )
    (measures / "WST-09.yaml").write_text(
        "id: WST-09\ntitle: Residents' survey\n" + common.format(f="biennial") + "first_year: 2024-25\n"
    )
    (measures / "WST-10.yaml").write_text(
        "id: WST-10\ntitle: Residents' survey, odd years\n" + common.format(f="biennial") + "first_year: 2025-26\n"
    )
    plan = repo / "plans/waste/plan-2025-26.yaml"
    plan.write_text(plan.read_text().replace("indicators: [WST-01]", "indicators: [WST-01, WST-08, WST-09, WST-10]"))
    code, _, err = run("check", "--root", str(repo), "--as-of", "2026-05-01", "--format", "text")
    assert code == 1, err  # WST-10 is due and missing
    assert "WST-08" not in err and "WST-09" not in err
    assert "WST-10: no year-end outturn for 2025-26" in err


def test_a_year_before_the_first_plan_is_not_chased_for_its_updates(tmp_path: Path) -> None:
    """A council starting in March 2026 loads last year's figures for trends; pmf check in CI must not fail
    all year on 2025-26's year-end update (unverified figures, risks never reviewed), made before pmf."""
    root = tmp_path / "council"
    code, _, err = run("init", str(root), "--as-of", "2026-03-02")
    assert code == 0, err
    code, _, err = run("record", "EX-01", "2025-26 Q4", "66.0", "--root", str(root), "--as-of", "2026-03-02")
    assert code == 0, err
    plan = root / "plans/example/plan-2026-27.yaml"
    plan.write_text(plan.read_text() + "sign_off: {approved_by: Cabinet Member for the service, date: 2026-03-24}\n")
    code, _, err = run("check", "--root", str(root), "--as-of", "2026-05-15")
    assert code == 0, err
    assert "year-end" not in err
    # from the first plan's own year, its updates are chased as ever
    code, _, err = run("check", "--root", str(root), "--as-of", "2026-11-02")
    assert code == 1
    assert "EX-01: no mid-year outturn for 2026-27 Q1, 2026-27 Q2" in err
    assert "RSK-EX-01: no review in the 6 months before the mid-year update (never reviewed)" in err


def _placed(root: Path, as_of: str) -> list[tuple[str, str, str]]:
    """`pmf check --format json`'s findings: each file, the text of the line it is placed at ('' for none), and
    the message."""
    _, out, _ = run("check", "--root", str(root), "--as-of", as_of, "--format", "json")
    found = []
    for f in json.loads(out):
        line = (root / f["file"]).read_text(encoding="utf-8").splitlines()[f["line"] - 1] if f["line"] else ""
        found.append((f["file"], line.strip(), f["message"]))
    return found


def test_check_places_each_finding_at_the_line_it_is_about_in_the_demo() -> None:
    """As pmf validate places a problem: a date past at that date, an activity or action at its own entry, a
    figure not verified at the figure, a missing update at the list it belongs in."""
    found = _placed(Path(__file__).parent.parent, "2026-11-05")
    assert len(found) >= 20
    lines = {message.split(":")[0]: (file, line) for file, line, message in found}
    assert lines["HWY-06"] == ("plans/highways/measures/HWY-06.yaml", "next_review_date: 2025-09-12")
    assert lines["HWY-A12"][1].startswith("end: 2026-")  # past its end date and not complete
    assert lines["AW-WF-R1-A2"] == ("regulators/AW-2025-WF.yaml", "due: 2026-10-31")  # an action overdue
    assert lines["EDU-A14"] == ("plans/education/plan-2026-27.yaml", "- id: EDU-A14")  # no update for the half
    assert lines["WST-06"] == ("plans/waste/measures/WST-06.yaml", "- period: 2026-07")  # the first not verified
    risk = [line for file, line, m in found if m.startswith("RSK-WST-03: ")]
    assert sorted(risk) == ["review_date: 2026-10-15", "reviews:"]
    assert [(f, line) for f, line, m in found if f == "pmf.yaml"] == [("pmf.yaml", "")]  # the register's review
    assert all(line for f, line, _ in found if f != "pmf.yaml"), found


def test_check_places_what_is_left_to_write_at_the_template_s_comment(initialised_in_november: Path) -> None:
    """In the files pmf init writes, a figure, a review or a sign-off not yet written is placed at the commented
    example of where to write it."""
    found = _placed(initialised_in_november, "2026-11-10")
    placed = {message.split(":")[0]: line for _, line, message in found}
    assert placed["EX-01"].startswith("# outturns: one entry per period")
    assert placed["RSK-EX-01"].startswith("# reviews: the history")
    assert placed["example"].startswith("# sign_off: {approved_by:")


def _drafting(root: Path, as_of: str) -> list[str]:
    """`pmf check`'s lines that ask for a self-assessment to be drafted on ``as_of``."""
    _, _, err = run("check", "--root", str(root), "--as-of", as_of)
    return [line for line in err.splitlines() if "Performance Self-Assessment is not drafted" in line]


def mid_year_draft(root: Path) -> str:
    """The warning, its command carrying the --root given (``pmf new assessment`` works out no day)."""
    return (
        "assessments/2026-27-mid-year.yaml: warning: the 2026-27 mid-year Performance Self-Assessment is not drafted "
        f"yet, for the committees in December 2026: start it with `pmf new assessment 2026-27-mid-year --root {root}` "
        "(due 30 November 2026; falls to Performance and Improvement Team)"
    )


def test_check_and_calendar_say_when_to_draft_the_self_assessment(initialised_in_november: Path) -> None:
    """From the month the mid-year update is due (October) to the committees that take the report (December,
    reference 2.3), a warning naming the command that drafts it, until the file is there."""
    root = initialised_in_november
    assert _drafting(root, "2026-09-30") == []
    assert _drafting(root, "2026-10-01") == [mid_year_draft(root)]
    assert _drafting(root, "2026-12-31") == [mid_year_draft(root)]  # past its day, the committees not yet over
    assert _drafting(root, "2027-01-01") == []
    _, out, _ = run("calendar", "--root", str(root), "--as-of", "2026-11-20")
    assert "  " + mid_year_draft(root).replace("warning: ", "") in out[out.index("\nDue soon (") :].splitlines()
    _, out, _ = run("calendar", "--root", str(root), "--as-of", "2026-12-05", "--format", "json")
    assert [f["file"] for f in json.loads(out)["still_open"]] == ["assessments/2026-27-mid-year.yaml"]
    code, _, err = run("new", "assessment", "2026-27-mid-year", "--root", str(root))
    assert code == 0, err
    assert _drafting(root, "2026-11-20") == []
    # The year-end report, for June's committees, from April when its update is due.
    assert _drafting(root, "2027-03-31") == []
    assert _drafting(root, "2027-04-01") == [
        "assessments/2026-27-year-end.yaml: warning: the 2026-27 year-end Performance Self-Assessment is not drafted "
        f"yet, for the committees in June 2027: start it with `pmf new assessment 2026-27-year-end --root {root}` (due 31 May 2027; "
        "falls to Performance and Improvement Team)"
    ]


def test_the_draft_is_due_before_the_committee_the_council_set(initialised_in_november: Path) -> None:
    root = initialised_in_november
    with (root / "pmf.yaml").open("a", encoding="utf-8") as settings:
        settings.write("calendar:\n  events:\n    - {id: mid-year-report-committees, date: 2026-12-08}\n")
    assert _drafting(root, "2026-12-07") == [
        "assessments/2026-27-mid-year.yaml: warning: the 2026-27 mid-year Performance Self-Assessment is not drafted "
        f"yet, for the committees on 8 December 2026: start it with `pmf new assessment 2026-27-mid-year --root {root}` (due 7 "
        "December 2026; falls to Performance and Improvement Team)"
    ]
    assert _drafting(root, "2026-12-09") == []


def test_the_demo_is_asked_for_the_year_end_draft_it_lacks() -> None:
    demo = Path(__file__).parent.parent
    assert _drafting(demo, "2026-11-20") == []  # assessments/2026-27-mid-year.yaml is written
    assert [line.split(": warning: ")[0] for line in _drafting(demo, "2027-05-10")] == [
        "assessments/2026-27-year-end.yaml"
    ]
