"""The days a council sets in pmf.yaml's calendar, as `pmf calendar` shows them and `pmf check` holds to them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pmf.cli import app

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


def pmf(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def set_calendar(root: Path, events: str) -> None:
    settings = root / "pmf.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + f"calendar:\n  events:\n{events}", encoding="utf-8")


def sign_off(root: Path, day: str) -> None:
    plan = root / "plans/example/plan-2026-27.yaml"
    text = plan.read_text(encoding="utf-8")
    line = "# sign_off: {approved_by: Cabinet Member for the service, date: 2026-03-31}  # added when signed"
    assert line in text
    plan.write_text(text.replace(line, f"sign_off: {{approved_by: Cabinet Member, date: {day}}}"), encoding="utf-8")


def calendar_day(root: Path, as_of: str) -> dt.date:
    """The day `pmf calendar` gives the plans' sign-off, seen from ``as_of``."""
    code, out, err = pmf("calendar", "--root", str(root), "--as-of", as_of, "--months", "12", "--format", "json")
    assert code == 0, err
    return dt.date.fromisoformat(next(e["due"] for e in json.loads(out)["events"] if e["id"] == "plans-signed-off"))


@pytest.mark.parametrize(
    ("month", "day", "quiet_on", "warned_on", "due"),
    [
        (4, 30, "2027-01-31", "2027-02-01", dt.date(2027, 4, 30)),
        (3, 20, "2026-12-31", "2027-01-01", dt.date(2027, 3, 20)),
    ],
)
def test_check_holds_plans_to_the_sign_off_day_the_calendar_shows(
    initialised_in_november: Path, month: int, day: int, quiet_on: str, warned_on: str, due: dt.date
) -> None:
    """A sign-off day in April belongs to the plan's own year, as one in March does: the plan signed
    off in March is on time, the next year's plan is warned of from two months before its day and
    overdue after it, and every day `pmf check` gives is the one `pmf calendar` shows."""
    root = initialised_in_november
    set_calendar(root, f"    - {{id: plans-signed-off, month: {month}, day: {day}}}\n")
    sign_off(root, "2026-03-18")
    assert calendar_day(root, "2026-12-01") == due

    code, _, err = pmf("check", "--root", str(root), "--as-of", "2026-12-01")
    assert "plan-2026-27.yaml" not in err, err
    code, _, err = pmf("check", "--root", str(root), "--as-of", quiet_on)
    assert "2027-28" not in err, err

    left = (due - dt.date.fromisoformat(warned_on)).days
    code, _, err = pmf("check", "--root", str(root), "--as-of", warned_on)
    assert (
        f"plans/example/plan-2027-28.yaml: warning: example: no service plan for 2027-28 ({left} days left) "
        f"(due {due:%-d %B %Y};" in err
    ), err
    code, _, err = pmf("check", "--root", str(root), "--as-of", (due + dt.timedelta(days=1)).isoformat())
    assert code == 1
    assert f"example: no service plan for 2027-28 (overdue) (due {due:%-d %B %Y};" in err, err
    assert "plan-2026-27.yaml" not in err, err


def test_a_day_the_month_never_has_is_named_at_its_line(initialised_in_november: Path) -> None:
    """31 November is refused where it is written, by every command that reads pmf.yaml, with no traceback."""
    root = initialised_in_november
    set_calendar(root, "    - {id: mid-year-updates, month: 11, day: 31}\n")
    line = next(n for n, text in enumerate((root / "pmf.yaml").read_text().splitlines(), 1) if "day: 31" in text)
    said = f"pmf.yaml:{line}:46: calendar.events[0].day: November has 30 days: give a day from 1 to 30"
    for command in (["validate"], ["check", "--as-of", "2026-12-01"], ["calendar", "--as-of", "2026-11-01"]):
        code, _, err = pmf(*command, "--root", str(root))
        assert code == 1 and said in err.splitlines(), (command, err)


def test_29_february_falls_on_the_28th_in_a_common_year(initialised_in_november: Path) -> None:
    root = initialised_in_november
    set_calendar(root, "    - {id: plans-signed-off, month: 2, day: 29}\n")
    code, _, err = pmf("validate", "--root", str(root))
    assert code == 0, err
    assert calendar_day(root, "2026-12-01") == dt.date(2027, 2, 28)
    code, _, err = pmf("check", "--root", str(root), "--as-of", "2027-03-01")
    assert code == 1
    assert "example: no service plan for 2027-28 (overdue) (due 28 February 2027;" in err, err


def _place(finding: dict[str, Any]) -> str:
    """Where a finding of `pmf check --format json` or `pmf calendar --format json` is: `file:line:col`, or the file."""
    return f"{finding['file']}:{finding['line']}:{finding['col']}" if finding["line"] else finding["file"]


def _findings(root: Path, as_of: str) -> tuple[list[str], list[str]]:
    """`pmf check`'s errors and warnings on ``as_of``, each as `file:line:col: sentence`."""
    _, out, _ = pmf("check", "--root", str(root), "--as-of", as_of, "--format", "json")
    found = [(f["severity"], f"{_place(f)}: {f['message']}") for f in json.loads(out)]
    return [t for s, t in found if s == "error"], [t for s, t in found if s == "warning"]


def _due(sentence: str) -> dt.date:
    """The day a finding's sentence gives: '... (due 31 March 2027; falls to ...)'."""
    return dt.datetime.strptime(sentence.rpartition("(due ")[2].partition(";")[0], "%d %B %Y").date()


def test_the_calendar_lists_what_check_finds_due_soon_on_any_day(initialised_in_november: Path) -> None:
    """Overdue and due soon in `pmf calendar` are `pmf check`'s errors and warnings, month by month through a
    year: the sign-off countdown, figures and updates due, figures not verified, the coming plan's targets."""
    root = initialised_in_november
    for period in ("2026-27 Q1", "2026-27 Q2"):
        assert pmf("record", "EX-01", period, "61.5", "--root", str(root), "--as-of", "2026-11-26")[0] == 0
    assert pmf("new", "service", "example", "--root", str(root), "--as-of", "2027-01-04")[0] == 0
    said: set[str] = set()
    placed: set[str] = set()
    for month in range(12):
        day = dt.date(2026 + (month + 11) // 12, (month + 11) % 12 + 1, 10)  # 10 December 2026 to 10 November 2027
        errors, warnings = _findings(root, day.isoformat())
        code, out, err = pmf("calendar", "--root", str(root), "--as-of", day.isoformat(), "--months", "0")
        assert code == 0, err
        past = [w for w in warnings if _due(w) < day]  # a warning past its day: a baseline year's missing target
        coming = [w for w in warnings if _due(w) >= day]
        overdue = f"\nOverdue ({len(errors)}):\n" + "".join(f"  {e}\n" for e in errors) if errors else ""
        still = f"\nPast its day, still open ({len(past)}):\n" + "".join(f"  {w}\n" for w in past) if past else ""
        soon = f"\nDue soon ({len(coming)}):\n" + "".join(f"  {w}\n" for w in coming) if coming else ""
        assert out.endswith((overdue or "\nNothing is overdue.\n") + still + soon), (day, out)
        _, out, _ = pmf("calendar", "--root", str(root), "--as-of", day.isoformat(), "--format", "json")
        data = json.loads(out)
        for key, expected in (("overdue", errors), ("still_open", past), ("due_soon", coming)):
            listed = [
                f"{_place(f)}: {f['message']} (due {dt.date.fromisoformat(f['due']):%-d %B %Y}; falls to {f['owner']})"
                for f in data[key]
            ]
            assert listed == expected, (day, key)
        said |= {w.partition(": ")[2].split(" (")[0] for w in warnings}
        placed |= {w.partition(": ")[0] for w in errors + warnings}
    assert {
        "example: the 2027-28 plan is not signed off by the Cabinet Member",
        "example: the 2027-28 plan names 1 measure with no target for 2027-28",
        "EX-01: 2 year-end figures not verified against the source",
        "EX-01: no year-end outturn for 2026-27 Q3, 2026-27 Q4",
        "EX-01: no mid-year outturn for 2027-28 Q1, 2027-28 Q2",
        "Corporate Risk Register spring review due this month",
    } <= said, said
    # Each finding about a place in a file names its line, as pmf check does: the plan's sign-off, a measure's
    # thresholds and outturns, the risk's reviews.
    lines = {place.split(":")[0] for place in placed if place.count(":") == 2}
    assert {
        "plans/example/plan-2027-28.yaml",
        "plans/example/measures/EX-01.yaml",
        "plans/example/risks/RSK-EX-01.yaml",
    } <= lines, placed


def test_the_calendar_names_the_coming_plan_and_its_targets_due_soon(initialised_in_november: Path) -> None:
    """In January the calendar says, as `pmf check` warns, that next year's plan needs signing off and its targets."""
    root = initialised_in_november
    assert pmf("new", "service", "example", "--root", str(root), "--as-of", "2027-01-04")[0] == 0
    code, out, _ = pmf("calendar", "--root", str(root), "--as-of", "2027-01-15", "--months", "0")
    assert code == 0
    assert out.endswith(
        "\nDue soon (2):\n"
        "  plans/example/plan-2027-28.yaml:34:1: example: the 2027-28 plan is not signed off by the Cabinet Member "
        "(75 days left) (due 31 March 2027; falls to Head of Customer Services)\n"
        "  plans/example/plan-2027-28.yaml:21:9: example: the 2027-28 plan names 1 measure with no target for 2027-28 "
        "(EX-01): add '2027-28: {target: ..., tolerance: ...}' under thresholds in each, or leave a baseline year "
        "without one (due 31 March 2027; falls to Head of Customer Services)\n"
    ), out


APRIL_30 = "    - {id: plans-signed-off, month: 4, day: 30}\n"
ONE_OFF = "    - {id: plans-signed-off, date: 2027-02-26}\n"


@pytest.mark.parametrize(
    ("events", "as_of", "year", "due"),
    [
        pytest.param("", "2026-12-31", "2026-27", "31 March 2026", id="31-march-last-day-of-december"),
        pytest.param("", "2027-01-01", "2027-28", "31 March 2027", id="31-march-from-1-january"),
        pytest.param(APRIL_30, "2027-01-31", "2026-27", "30 April 2026", id="30-april-january"),
        pytest.param(APRIL_30, "2027-02-01", "2027-28", "30 April 2027", id="30-april-february"),
        pytest.param(APRIL_30, "2027-04-20", "2027-28", "30 April 2027", id="30-april-in-april"),
        pytest.param(ONE_OFF, "2026-11-30", "2026-27", "31 March 2026", id="one-off-november"),
        pytest.param(ONE_OFF, "2026-12-01", "2027-28", "26 February 2027", id="one-off-december"),
    ],
)
def test_the_year_being_planned_follows_the_councils_sign_off_day(
    initialised_in_november: Path, tmp_path: Path, events: str, as_of: str, year: str, due: str
) -> None:
    """`pmf new service`, `pmf new measure` and `pmf report plan` write for the coming year from the day
    `pmf check` starts to warn of its plans (two months before pmf.yaml's sign-off day), not from January;
    the new plan names its sign-off day."""
    root = initialised_in_november
    if events:
        set_calendar(root, events)
    coming = "2027-28"
    code, _, err = pmf("check", "--root", str(root), "--as-of", as_of)
    assert (f"no service plan for {coming}" in err) is (year == coming), err

    code, _, err = pmf("new", "service", "parks", "--root", str(root), "--as-of", as_of)
    assert code == 0 and f"wrote plans/parks/plan-{year}.yaml" in err.splitlines(), err
    plan = (root / f"plans/parks/plan-{year}.yaml").read_text(encoding="utf-8")
    assert f"# Member is due by {due} (the council's calendar in pmf.yaml).\n" in plan
    code, _, err = pmf("new", "measure", "PK-01", "--service", "parks", "--root", str(root), "--as-of", as_of)
    assert code == 0, err
    assert f"listed PK-01 in plans/parks/plan-{year}.yaml under the outcome 'resilient'" in err, err
    assert f"\n  {year}: {{target: 70.0, tolerance: 65.0}}\n" in (root / "plans/parks/measures/PK-01.yaml").read_text()
    out = tmp_path / "out"
    code, _, err = pmf(
        "report", "plan", "parks", "--root", str(root), "--as-of", as_of, "--format", "md", "--out", str(out)
    )
    wrote, told = err.splitlines()  # and where the guidance pmf new left is, which the pack shows as it stands
    assert code == 0 and wrote == f"wrote {out / f'plan-{year}-parks.md'}", err
    assert told.startswith("pmf: the plans still hold 'To write:' guidance in 15 places, the first at "), err
    code, _, err = pmf("validate", "--root", str(root))
    assert code == 0, err


def test_targets_missing_after_the_sign_off_day_are_past_their_day_not_due_soon(demo_council: Path) -> None:
    """The demo's 2027-28 plans were due with their targets by 31 March 2027. On 20 May the calendar lists
    the measures still without one as past their day and still open, never as due soon; `pmf check` keeps
    it a warning, since a measure in its baseline year rightly has no target (SPEC 2.1)."""
    root = demo_council
    code, out, err = pmf("calendar", "--root", str(root), "--as-of", "2027-05-20", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    late = [f for f in data["due_soon"] if dt.date.fromisoformat(f["due"]) < dt.date(2027, 5, 20)]
    assert late == []
    waste = "waste: the 2027-28 plan names 6 measures with no target for 2027-28"
    assert [f["due"] for f in data["still_open"] if f["message"].startswith(waste)] == ["2027-03-31"]
    assert [f for f in data["overdue"] if f["message"].startswith(waste)] == []
    errors, warnings = _findings(root, "2027-05-20")
    assert [e for e in errors if waste in e] == [] and [w for w in warnings if waste in w] != []
    code, out, err = pmf("calendar", "--root", str(root), "--as-of", "2027-05-20", "--months", "0")
    assert code == 0, err
    still, _, soon = out.partition("\nPast its day, still open (")[2].partition("\nDue soon (")
    assert waste in still and waste not in soon
