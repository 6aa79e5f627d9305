"""What an edit is checked for: what it changes. A slip in a file the edit does not touch is a warning after it,
never a refusal; a problem in the file edited refuses it, saying nothing was written (docs/data.md)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmf.cli import app

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
TAB = "plans/housing/measures/HSG-01.yaml:5:7: YAML takes spaces, not tabs, inside a line: replace the tab at column 7 with a space"


def elsewhere(root: Path, as_of: str | None = None) -> str:
    """The line after an edit, its command carrying the --root (and --as-of) the edit was given, to paste."""
    return f"warning: 1 other file has a problem: {validate(root, as_of)} lists it"


def validate(root: Path, as_of: str | None = None) -> str:
    return f"pmf validate --root {root}" + (f" --as-of {as_of}" if as_of else "")


def run(root: Path, *args: str) -> tuple[int, list[str]]:
    result = runner.invoke(app, [*args, "--root", str(root)])
    return result.exit_code, (result.stdout + result.stderr).splitlines()


@pytest.fixture
def slipped(initialised_in_november: Path, write_guidance: Callable[[Path], None]) -> Path:
    """`pmf init`, a second service written by `pmf new` and its guidance written, and a tab its lead typed
    after `title:`."""
    root = initialised_in_november
    for args in (("service", "housing"), ("measure", "HSG-01", "--service", "housing")):
        code, lines = run(root, "new", *args, "--as-of", "2026-11-26")
        assert code == 0, lines
    write_guidance(root)
    path = root / "plans/housing/measures/HSG-01.yaml"
    path.write_text(path.read_text().replace("title: ", "title:\t", 1))
    assert run(root, "validate")[1] == [TAB, "1 problem in 1 file"]
    return root


def test_another_services_slip_does_not_stop_record_import_or_review_and_is_mentioned(slipped: Path) -> None:
    code, lines = run(slipped, "record", "EX-01", "2026-27 Q2", "64.5", "--as-of", "2026-10-10")
    assert (code, lines) == (0, ["EX-01: added the outturn for 2026-27 Q2", elsewhere(slipped, "2026-10-10")])
    (slipped / "q1.csv").write_text("measure,period,value\nEX-01,2026-27 Q1,66.2\n")
    code, lines = run(slipped, "import", str(slipped / "q1.csv"), "--as-of", "2026-10-10")
    assert (code, lines[-2:]) == (0, [elsewhere(slipped, "2026-10-10"), "changed 1 measure file"])
    code, lines = run(
        slipped, "review-risk", "RSK-EX-01", "--likelihood", "3", "--impact", "3", "--comment", "No change.",
        "--as-of", "2026-10-10",
    )  # fmt: skip
    assert (code, lines[-1]) == (0, elsewhere(slipped, "2026-10-10"))
    text = (slipped / "plans/example/measures/EX-01.yaml").read_text()
    assert "period: 2026-27 Q1\n    value: 66.2" in text and "period: 2026-27 Q2\n    value: 64.5" in text


def test_an_edit_to_the_file_with_the_slip_is_refused_saying_nothing_was_written(slipped: Path) -> None:
    path = slipped / "plans/housing/measures/HSG-01.yaml"
    before = path.read_bytes()
    code, lines = run(slipped, "record", "HSG-01", "2026-27 Q2", "64.5", "--as-of", "2026-10-10")
    assert (code, lines) == (1, [f"{TAB} (nothing was written)", "1 problem in 1 file"])
    (slipped / "q2.csv").write_text("measure,period,value\nHSG-01,2026-27 Q2,64.5\n")
    code, lines = run(slipped, "import", str(slipped / "q2.csv"), "--as-of", "2026-10-10")
    assert code == 1
    assert lines[0] == (
        "q2.csv:2:1: measure: HSG-01: plans/housing/measures/HSG-01.yaml holds this id and has a problem: "
        f"mend it first ({validate(slipped, '2026-10-10')} lists it)"
    )
    assert path.read_bytes() == before


def test_a_problem_already_in_the_file_edited_still_refuses_it(initialised_in_november: Path) -> None:
    root = initialised_in_november
    path = root / "plans/example/measures/EX-01.yaml"
    path.write_text(path.read_text().replace("polarity: higher_is_better", "polarity: higher", 1))
    before = path.read_bytes()
    code, lines = run(root, "record", "EX-01", "2026-27 Q2", "64.5", "--as-of", "2026-10-10")
    assert code == 1
    assert lines[0].startswith("plans/example/measures/EX-01.yaml:15:11: polarity: ")
    assert lines[0].endswith("(the change would leave this; nothing was written)")
    assert path.read_bytes() == before


def test_a_slip_in_another_file_that_still_reads_does_not_stop_an_edit(initialised_in_november: Path) -> None:
    """A measure whose polarity is mistyped still gives a record (its other fields): a rule over that record
    finds the polarity missing, which is its own problem in other words, and not the edit's."""
    root = initialised_in_november
    code, lines = run(root, "new", "measure", "EX-02", "--service", "example", "--as-of", "2026-11-26")
    assert code == 0, lines
    path = root / "plans/example/measures/EX-02.yaml"
    path.write_text(path.read_text().replace("polarity: higher_is_better", "polarity: higher", 1))
    code, lines = run(root, "record", "EX-01", "2026-27 Q2", "64.5", "--as-of", "2026-10-10")
    assert (code, lines) == (0, ["EX-01: added the outturn for 2026-27 Q2", elsewhere(root, "2026-10-10")])


def test_a_measure_or_risk_whose_id_another_file_uses_too_is_not_edited(initialised_in_november: Path) -> None:
    """EX-01 and RSK-EX-01 copied into a second service's folder: which copy an edit is meant for cannot be
    told, so `pmf record`, `pmf import` and `pmf review-risk` refuse it with the duplicate, and write nothing."""
    root = initialised_in_november
    code, lines = run(root, "new", "service", "housing", "--as-of", "2026-11-26")
    assert code == 0, lines
    for folder, name in (("measures", "EX-01"), ("risks", "RSK-EX-01")):
        (root / f"plans/housing/{folder}").mkdir(exist_ok=True)
        (root / f"plans/housing/{folder}/{name}.yaml").write_bytes(
            (root / f"plans/example/{folder}/{name}.yaml").read_bytes()
        )
    files = {path: path.read_bytes() for path in root.glob("plans/*/*/*.yaml")}
    said = "id: id '{0}' is already used by plans/example/{1}/{0}.yaml: identifiers are unique across the repository"
    code, lines = run(root, "record", "EX-01", "2026-27 Q2", "64.5", "--as-of", "2026-10-10")
    assert (code, lines) == (
        1,
        [f"plans/housing/measures/EX-01.yaml:3:5: {said.format('EX-01', 'measures')} (nothing was written)",
         "1 problem in 1 file"],
    )  # fmt: skip
    (root / "q2.csv").write_text("measure,period,value\nEX-01,2026-27 Q2,64.5\n")
    code, lines = run(root, "import", str(root / "q2.csv"), "--as-of", "2026-10-10")
    assert (code, lines[0]) == (
        1,
        "q2.csv:2:1: measure: EX-01: plans/example/measures/EX-01.yaml and plans/housing/measures/EX-01.yaml each "
        f"hold this id: keep it in one file ({validate(root, '2026-10-10')} lists it)",
    )
    code, lines = run(
        root, "review-risk", "RSK-EX-01", "--likelihood", "3", "--impact", "3", "--comment", "No change.",
        "--as-of", "2026-10-10",
    )  # fmt: skip
    assert (code, lines[0]) == (
        1,
        f"plans/housing/risks/RSK-EX-01.yaml:2:5: {said.format('RSK-EX-01', 'risks')} (nothing was written)",
    )
    assert {path: path.read_bytes() for path in root.glob("plans/*/*/*.yaml")} == files


def test_an_activity_in_a_plan_file_that_does_not_read_is_refused_with_that_files_problem(
    initialised_in_november: Path,
) -> None:
    """An activity's plan file with a tab its lead typed: the activity is in it, so pmf update-activity gives the
    file's problem, saying nothing was written, where it said there was no such activity."""
    root = initialised_in_november
    plan = root / "plans/example/plan-2026-27.yaml"
    example = "    # activities: what the service will do this year, e.g.\n"
    activity = (
        "    activities:\n      - id: EX-A01\n        title: Weekly drop-in clinics\n"
        "        lead: Head of Service\n        start: 2026-04-01\n        end: 2027-03-31\n"
    )
    plan.write_text(plan.read_text().replace(example, activity + example))
    update = ("update-activity", "EX-A01", "--status", "green", "--period", "2026-27 H1", "--as-of", "2026-11-26")
    assert run(root, *update, "--dry-run")[0] == 0
    plan.write_text(plan.read_text().replace("title: Weekly", "title:\tWeekly"))
    before = plan.read_bytes()
    code, lines = run(root, *update)
    line = plan.read_text().splitlines().index("        title:\tWeekly drop-in clinics") + 1
    assert (code, lines) == (
        1,
        [f"plans/example/plan-2026-27.yaml:{line}:15: YAML takes spaces, not tabs, inside a line: replace the tab "
         "at column 15 with a space (nothing was written)", "1 problem in 1 file"],
    )  # fmt: skip
    assert plan.read_bytes() == before


def test_another_services_slip_does_not_stop_new_measure_benchmark_or_translate_import(slipped: Path) -> None:
    """pmf new measure, pmf benchmark --apply and pmf translate import follow the rule pmf record follows: the slip
    in HSG-01 is mentioned after the edit, where each refused with it (or wrote the measure unlisted)."""
    code, lines = run(slipped, "new", "measure", "EX-02", "--service", "example", "--as-of", "2026-11-26")
    assert (code, lines) == (
        0,
        ["wrote plans/example/measures/EX-02.yaml",
         "listed EX-02 in plans/example/plan-2026-27.yaml under the outcome 'resilient' (performance_measures)",
         elsewhere(slipped, "2026-11-26")],
    )  # fmt: skip
    measure = slipped / "plans/example/measures/EX-01.yaml"
    measure.write_text(measure.read_text().replace("benchmarking: local ", "benchmarking: national "))
    authorities = ["Example", *(f"Council {n}" for n in range(1, 8))]
    rows = [f"{name},EX-01,2025-26,{60 + n}" for n, name in enumerate(authorities)]
    (slipped / "pam.csv").write_text("authority,measure,year,value\n" + "\n".join(rows) + "\n")
    code, lines = run(
        slipped, "benchmark", str(slipped / "pam.csv"), "--year", "2025-26", "--authority", "Example", "--apply"
    )
    assert (code, lines[-2:]) == (0, ["EX-01: 2025-26 target 65.3, tolerance 63.5", elsewhere(slipped)])
    assert "2025-26: {target: 65.3, tolerance: 63.5}" in measure.read_text()
    (slipped / "cy.csv").write_text(
        "file,path,en,cy\nplans/example/measures/EX-01.yaml,title,Percentage of enquiries resolved at first contact,"
        "Teitl y mesur\n"
    )
    code, lines = run(slipped, "translate", "import", str(slipped / "cy.csv"))
    assert (code, lines) == (0, ["wrote 1 Welsh text into 1 file", elsewhere(slipped)])
    assert "cy: Teitl y mesur" in measure.read_text()


def test_a_new_measure_whose_plan_does_not_read_is_refused_with_the_plans_problem(
    initialised_in_november: Path,
) -> None:
    """The plan the new measure is to be listed in has a tab its lead typed: pmf new gives that problem, saying
    nothing was written, where it wrote the measure and said there was no plan for the year yet."""
    root = initialised_in_november
    plan = root / "plans/example/plan-2026-27.yaml"
    plan.write_text(plan.read_text().replace("title: ", "title:\t", 1))
    before = plan.read_bytes()
    code, lines = run(root, "new", "measure", "EX-02", "--service", "example", "--as-of", "2026-11-26")
    assert code == 1
    assert lines[0].startswith("plans/example/plan-2026-27.yaml:")
    assert lines[0].endswith("replace the tab at column 7 with a space (nothing was written)")
    assert plan.read_bytes() == before
    assert not (root / "plans/example/measures/EX-02.yaml").exists()


def test_an_id_held_by_a_file_pmf_passes_over_or_a_copy_is_refused_naming_that_file(
    initialised_in_november: Path,
) -> None:
    """EX-02 in measures/archive/ and EX-01 copied as EX-01x.yaml: pmf record and pmf import name the file that
    holds the id, so the service lead can find it, where they said only `a file holding this id has a problem`."""
    root = initialised_in_november
    code, lines = run(root, "new", "measure", "EX-02", "--service", "example", "--as-of", "2026-11-26")
    assert code == 0, lines
    measures = root / "plans/example/measures"
    (measures / "archive").mkdir()
    (measures / "EX-02.yaml").rename(measures / "archive/EX-02.yaml")
    (measures / "EX-01x.yaml").write_bytes((measures / "EX-01.yaml").read_bytes())
    files = {path: path.read_bytes() for path in root.rglob("*.yaml")}
    code, lines = run(root, "record", "EX-02", "2026-27 Q2", "64.5", "--as-of", "2026-10-10")
    assert (code, lines[0]) == (
        1,
        "EX-02: plans/example/measures/archive/EX-02.yaml holds this id and has a problem: mend it first "
        f"({validate(root, '2026-10-10')} lists it; nothing was written)",
    )
    code, lines = run(root, "record", "EX-01", "2026-27 Q2", "64.5", "--as-of", "2026-10-10")
    assert (code, lines[0]) == (
        1,
        "EX-01: plans/example/measures/EX-01.yaml and plans/example/measures/EX-01x.yaml each hold this id: "
        f"keep it in one file ({validate(root, '2026-10-10')} lists it; nothing was written)",
    )
    (root / "q2.csv").write_text("measure,period,value\nEX-02,2026-27 Q2,64.5\n")
    code, lines = run(root, "import", str(root / "q2.csv"), "--as-of", "2026-10-10")
    assert (code, lines[0]) == (
        1,
        "q2.csv:2:1: measure: EX-02: plans/example/measures/archive/EX-02.yaml holds this id and has a problem: "
        f"mend it first ({validate(root, '2026-10-10')} lists it)",
    )
    assert {path: path.read_bytes() for path in root.rglob("*.yaml")} == files


@pytest.mark.parametrize(
    ("kind", "ident", "held"),
    [("measure", "EX-02", "plans/example/measures/archive/EX-02.yaml"),
     ("risk", "RSK-EX-02", "plans/example/risks/old-risk.yaml")],
)  # fmt: skip
def test_a_new_measure_or_risk_whose_id_another_file_holds_is_refused_naming_it(
    initialised_in_november: Path, kind: str, ident: str, held: str
) -> None:
    """pmf new in a second service with an id a file in a folder pmf passes over holds, or a copy under another
    name: refused as pmf validate would name the copy, where a second file with the id was written."""
    root = initialised_in_november
    assert run(root, "new", "service", "housing", "--as-of", "2026-11-26")[0] == 0
    (root / "plans/example/measures/archive").mkdir()
    (root / "plans/example/measures/archive/EX-02.yaml").write_text("id: EX-02\n")
    risk = (root / "plans/example/risks/RSK-EX-01.yaml").read_text()
    (root / "plans/example/risks/old-risk.yaml").write_text(risk.replace("RSK-EX-01", "RSK-EX-02"))
    files = {path: path.read_bytes() for path in root.rglob("*.yaml")}
    code, lines = run(root, "new", kind, ident, "--service", "housing", "--as-of", "2026-11-26")
    folder = "measures" if kind == "measure" else "risks"
    line = 3 if kind == "measure" else 2  # the id's line in the file pmf new writes
    assert (code, lines) == (
        1,
        [f"plans/housing/{folder}/{ident}.yaml:{line}:5: id: id '{ident}' is already used by {held}: identifiers are "
         "unique across the repository (the change would leave this; nothing was written)",
         "1 problem in 1 file"],
    )  # fmt: skip
    assert {path: path.read_bytes() for path in root.rglob("*.yaml")} == files
