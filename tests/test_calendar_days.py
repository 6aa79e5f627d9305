"""The days a council sets in pmf.yaml's calendar, as `pmf calendar` shows them and `pmf check` holds to them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

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
    line = "# sign_off: {approved_by: Cabinet Member for the service, date: YYYY-03-31}  # added when signed"
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
