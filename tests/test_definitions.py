"""pmf import --definitions: measure definitions in bulk from CSV or Excel, every row checked first."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from typer.testing import CliRunner

from pmf.cli import app
from pmf.yamlio import load_fast

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
HEADER = [
    "Service",
    "ID",
    "Kind",
    "Title",
    "Data type",
    "Decimals",
    "Frequency",
    "Polarity",
    "Benchmarking",
    "Benchmark code",
    "Lead officer",
    "Date",
    "Target 2026-27",
    "Tolerance 2026-27",
]
DEFAULTS: dict[str, object] = {
    "Service": "example",
    "Kind": "indicator",
    "Data type": "number",
    "Decimals": 0,
    "Frequency": "annual",
    "Polarity": "higher_is_better",
    "Benchmarking": "local",
    "Target 2026-27": 10,
    "Tolerance 2026-27": 8,
}


def row(ident: str, title: str | None, **cells: object) -> list[object]:
    """A sheet row: the defaults above, with cells given by header (spaces written as underscores)."""
    given = {**DEFAULTS, "ID": ident, "Title": title, **{k.replace("_", " "): v for k, v in cells.items()}}
    return [given.get(h) for h in HEADER]


GOOD = [
    row(
        "EX-10",
        "Percentage of calls answered first time",
        Kind="Performance measure",
        Data_type="percentage",
        Decimals=1,
        Frequency="quarterly",
        Polarity="Higher is better",
        Benchmarking="national",
        Benchmark_code="PAM/001",
        Lead_officer="Head of Customer Services",
        Date=dt.datetime(2026, 2, 14),
        **{"Target 2026-27": 90, "Tolerance 2026-27": 85},
    ),
    row(
        "EX-11",
        "Days to process a new claim",
        Data_type="days",
        Frequency="monthly",
        Polarity="lower_is_better",
        Lead_officer="Head of Benefits",
        **{"Target 2026-27": 20, "Tolerance 2026-27": None},
    ),
]


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def council(tmp_path: Path) -> Path:
    """A repository as `pmf init` writes it: one service, `example`, with one measure."""
    code, _, err = run("init", str(tmp_path / "council"), "--organisation", "Test Council", "--as-of", "2026-02-01")
    assert code == 0, err
    return tmp_path / "council"


def sheet(path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def snapshot(repo: Path) -> dict[str, bytes]:
    return {str(p.relative_to(repo)): p.read_bytes() for p in sorted(repo.rglob("*.yaml"))}


def test_each_row_becomes_a_measure_file_from_the_template(council: Path, tmp_path: Path) -> None:
    path = sheet(tmp_path / "definitions.xlsx", GOOD)
    code, _, err = run("import", "--definitions", str(path), "--root", str(council))
    assert code == 0, err
    assert "wrote plans/example/measures/EX-10.yaml" in err and "wrote 2 measure files" in err
    assert "validated the repository:" in err
    text = (council / "plans/example/measures/EX-10.yaml").read_text()
    assert text.startswith("# A measure (the Indicator / Performance Measure Template).")
    assert "kind: performance_measure  # indicator (effect, not fully in our control)" in text
    assert "polarity: higher_is_better  # higher_is_better, lower_is_better or closer_is_better\n" in text
    assert "date: 2026-02-14  # when this definition was agreed\n" in text
    assert (
        "thresholds:  # per financial year; tolerance: null means No Tolerance\n  2026-27: {target: 90, tolerance: 85}\n"
        in text
    )
    assert "description:" not in text  # a field the sheet leaves out is left out, not filled with guidance
    data = load_fast((council / "plans/example/measures/EX-11.yaml").read_text())
    assert data["thresholds"] == {"2026-27": {"target": 20, "tolerance": None}}
    assert data["title"] == "Days to process a new claim" and "benchmark_code" not in data
    assert "benchmark_code: PAM/001  # a Benchmarked Nationally measure's code in national datasets" in text
    assert text.endswith("#     comment: Up on Q4, helped by the new triage.\n")  # the template's guidance kept
    code, out, _ = run("validate", "--root", str(council))
    assert code == 0, out
    code, _, err = run(
        "record", "EX-10", "2026-27 Q1", "91.5", "--comment", "Up, with two new staff", "--root", str(council)
    )
    assert code == 0, err
    data = load_fast((council / "plans/example/measures/EX-10.yaml").read_text())
    assert data["outturns"] == [{"period": "2026-27 Q1", "value": 91.5, "comment": "Up, with two new staff"}]


def test_a_sheet_of_new_measures_under_a_title_is_read_from_its_header_row(council: Path, tmp_path: Path) -> None:
    """A definitions workbook opens with a title and a blank row, as pmf import's figures may."""
    book = Workbook()
    book.active.append(["New measures for 2026-27"])
    book.active.append([])
    book.active.append(HEADER)
    for measure in GOOD:
        book.active.append(measure)
    book.active.append(row("EX-12", "A measure with no frequency", Frequency="fortnightly"))
    path = tmp_path / "titled.xlsx"
    book.save(path)
    code, _, err = run("import", "--definitions", str(path), "--root", str(council), "--dry-run")
    assert code == 1
    column = HEADER.index("Frequency") + 1
    assert err.splitlines()[0].startswith(f"titled.xlsx:6:{column}: Frequency: ")  # the sheet's own row
    book.active.delete_rows(6)
    book.save(path)
    code, out, err = run("import", "--definitions", str(path), "--root", str(council), "--dry-run")
    assert code == 0, err
    assert "+++ b/plans/example/measures/EX-10.yaml" in out
    assert "+++ b/plans/example/measures/EX-11.yaml" in out


def test_each_new_measure_is_listed_in_its_plan_as_pmf_new_measure_lists_one(council: Path, tmp_path: Path) -> None:
    """On a repository pmf init wrote: the plan for the year a new measure's target is for lists each
    under its first outcome, in the list its kind says, and says so; validate then finds nothing to warn of."""
    plan = council / "plans/example/plan-2026-27.yaml"
    before = plan.read_text(encoding="utf-8")
    path = sheet(tmp_path / "definitions.xlsx", [*GOOD, row("EX-12", "Homes brought back into use")])
    code, _, err = run("import", "--definitions", str(path), "--root", str(council), "--as-of", "2026-02-01")
    assert code == 0, err
    assert err.splitlines()[3:] == [
        "listed EX-10 (performance_measures) and EX-11, EX-12 (indicators) in plans/example/plan-2026-27.yaml "
        "under the outcome 'resilient'",
        "wrote 3 measure files",
        "validated the repository: No problems found.",
    ]
    after = plan.read_text(encoding="utf-8")
    assert [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"] == [
        "+       - EX-10",
        "+     indicators:",
        "+       - EX-11",
        "+       - EX-12",
    ]
    assert after.index("      - EX-01\n      - EX-10\n    indicators:\n") > 0
    assert run("validate", "--root", str(council)) == (0, "", "No problems found.\n")


def test_new_measures_are_listed_under_the_outcome_named(council: Path, tmp_path: Path) -> None:
    settings_file = council / "pmf.yaml"
    plan = council / "plans/example/plan-2026-27.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("# sign_off:", "  - outcome: healthy\n# sign_off:"), encoding="utf-8"
    )
    assert "healthy" in settings_file.read_text(encoding="utf-8")
    path = sheet(tmp_path / "definitions.xlsx", GOOD)
    before = snapshot(council)
    code, _, err = run("import", "--definitions", str(path), "--root", str(council), "--outcome", "helthy")
    assert (code, err.splitlines()) == (
        2,
        [
            "pmf: --outcome 'helthy': plans/example/plan-2026-27.yaml carries resilient, healthy "
            "(did you mean 'healthy'?): name one of them, or add the outcome to the plan first"
        ],
    )
    assert snapshot(council) == before
    code, _, err = run("import", "--definitions", str(path), "--root", str(council), "--outcome", "healthy")
    assert code == 0, err
    assert (
        "listed EX-10 (performance_measures) and EX-11 (indicators) in plans/example/plan-2026-27.yaml "
        "under the outcome 'healthy'" in err.splitlines()
    )
    outcomes = load_fast(plan.read_text(encoding="utf-8"))["outcomes"]
    assert outcomes[1] == {"outcome": "healthy", "performance_measures": ["EX-10"], "indicators": ["EX-11"]}
    assert outcomes[0]["performance_measures"] == ["EX-01"]


def test_with_no_plan_for_the_year_the_new_measures_are_written_and_it_says_where_to_list_them(
    council: Path, tmp_path: Path
) -> None:
    path = sheet(tmp_path / "definitions.xlsx", GOOD)
    code, _, err = run("import", "--definitions", str(path), "--root", str(council), "--as-of", "2027-02-01")
    assert code == 0, err
    assert (
        "no plan for 2027-28 in plans/example/ yet: when it is written, list EX-10 there under an outcome's "
        "performance_measures, and EX-11 there under an outcome's indicators" in err.splitlines()
    )
    assert (council / "plans/example/measures/EX-11.yaml").exists()


def test_a_sheet_with_bad_rows_writes_nothing_and_places_each_problem(council: Path, tmp_path: Path) -> None:
    rows = [
        GOOD[0],
        row("EX-12", "Bad polarity", Polarity="upwards"),
        row("EX-13", "No such service", Service="waste"),
        row("EX-14", "Tolerance on the wrong side", **{"Tolerance 2026-27": 12}),
        row("EX-15", "Bad figures", Decimals="one", Date="14/02/2026", **{"Target 2026-27": "ten"}),
        row("EX-10", "Twice"),
        row("EX-16", None),
        row("EX-17", "Over a hundred", Data_type="percentage", **{"Target 2026-27": 150, "Tolerance 2026-27": 90}),
    ]
    path = sheet(tmp_path / "definitions.xlsx", rows)
    before = snapshot(council)
    code, out, err = run("import", "--definitions", str(path), "--root", str(council))
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines == [
        "definitions.xlsx:3:8: Polarity: must be one of 'higher_is_better', 'lower_is_better' or 'closer_is_better'; found 'upwards'",
        f"definitions.xlsx:4:1: Service: no service 'waste' under plans/: create it first with `pmf new service waste --root {council}`",
        "definitions.xlsx:5:14: Tolerance 2026-27: must be below the target for a higher-is-better measure (target 10, tolerance 12)",
        "definitions.xlsx:6:6: Decimals: 'one' is not a whole number of decimal places",
        "definitions.xlsx:6:13: Target 2026-27: 'ten' is not a number",
        "definitions.xlsx:7:2: ID: 'EX-10' is also on row 2",
        "definitions.xlsx:8:4: Title: is empty: every measure needs a title",
        "definitions.xlsx:9:13: Target 2026-27: target 150 is not a percentage: percentages run from 0 to 100",
        "8 problems in 1 file",
    ]
    assert snapshot(council) == before


def test_a_definition_with_its_id_cell_empty_is_named_by_its_row_and_a_blank_row_says_nothing(
    council: Path, tmp_path: Path
) -> None:
    path = sheet(tmp_path / "definitions.xlsx", [GOOD[0], row("", "Litter picked"), [None] * len(HEADER), GOOD[1]])
    before = snapshot(council)
    code, _, err = run("import", "--definitions", str(path), "--root", str(council))
    assert (code, err.splitlines()) == (
        1,
        [
            "definitions.xlsx:3:2: ID: the id cell of row 3 is empty, and the row has a definition: write the new "
            "measure's id in it, or delete the row",
            "1 problem in 1 file",
        ],
    )
    assert snapshot(council) == before
    path = sheet(tmp_path / "definitions.xlsx", [GOOD[0], [None] * len(HEADER), GOOD[1]])
    code, _, err = run("import", "--definitions", str(path), "--root", str(council))
    assert code == 0, err
    assert "row" not in err


def test_existing_files_are_never_overwritten(council: Path, tmp_path: Path) -> None:
    existing = council / "plans/example/measures/EX-01.yaml"
    before = existing.read_bytes()
    path = sheet(tmp_path / "definitions.xlsx", [row("EX-01", "Another"), GOOD[1]])
    code, _, err = run("import", "--definitions", str(path), "--root", str(council))
    assert code == 0, err
    assert "left as it is: plans/example/measures/EX-01.yaml already exists" in err
    assert "wrote 1 measure file; 1 already existed and was left as it is" in err
    assert existing.read_bytes() == before
    assert (council / "plans/example/measures/EX-11.yaml").exists()


def test_a_csv_with_an_unknown_column_names_it(council: Path, tmp_path: Path) -> None:
    path = tmp_path / "definitions.csv"
    path.write_text(
        "service,id,kind,title,frequency,polarty,benchmarking,Baseline 2025-26\n"
        "example,EX-30,indicator,Homes,annual,higher_is_better,local,12\n",
        encoding="utf-8",
    )
    code, _, err = run("import", "--definitions", str(path), "--root", str(council))
    assert code == 1
    assert "definitions.csv:1:6: polarty: not a measure key (did you mean 'polarity'?)" in err
    assert "definitions.csv:1:8: Baseline 2025-26: not a measure key" in err


def test_dry_run_shows_the_files_and_writes_nothing(council: Path, tmp_path: Path) -> None:
    path = tmp_path / "definitions.csv"
    path.write_text(
        "service,id,kind,title,frequency,polarity,benchmarking\n"
        'example,EX-30,indicator,"Homes: empty, brought back into use",annual,higher_is_better,local\n',
        encoding="utf-8",
    )
    before = snapshot(council)
    code, out, err = run("import", "--definitions", str(path), "--dry-run", "--root", str(council))
    assert code == 0, err
    assert "+++ b/plans/example/measures/EX-30.yaml" in out
    assert '+title: "Homes: empty, brought back into use"  # plain language' in out
    assert "would write 1 measure file" in err
    assert "--- /dev/null" in out and "+++ b/plans/example/plan-2026-27.yaml" in out and "+    indicators:" in out
    assert "would list EX-30 in plans/example/plan-2026-27.yaml under the outcome 'resilient' (indicators)" in err
    assert snapshot(council) == before


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=40))
def test_a_text_cell_reads_back_exactly_as_the_cell_held_it(title: str) -> None:
    """Any text a cell can hold, control characters and line separators (U+0085, U+2028) included."""
    from pmf.definitions import Template
    from pmf.scalars import scalar_text

    text = Template(dt.date(2026, 2, 1), "2026-27").fill({"id": "EX-40", "title": scalar_text(title)}, {})
    data = load_fast(text)
    assert data["title"] == title
    assert "# plain language, as it will appear in reports" in text.splitlines()[3]


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[^\W\d_][\w .,'()/&%+-]*(?<! )", fullmatch=True))
def test_text_written_plain_without_reading_it_reads_back_the_same(text: str) -> None:
    from pmf.scalars import scalar_text

    written = scalar_text(text)
    assert load_fast(f"k: {written}  # a comment\n")["k"] == text


def test_mid_year_thresholds_and_a_first_year_come_from_their_columns(council: Path, tmp_path: Path) -> None:
    header = ["service", "id", "kind", "title", "frequency", "aggregation", "polarity", "benchmarking", "first_year"]
    header += ["Target 2026/27", "Tolerance 2026/27", "Mid-year target 2026/27", "Mid-year tolerance 2026/27"]
    common = ["example", None, "performance_measure", None, "quarterly", "year_to_date", "lower_is_better", "local"]
    rows = [
        [*common[:1], "EX-50", *common[2:3], "Days lost to sickness", *common[4:], "2026/27", 10, 12, 5, 6.5],
        [*common[:1], "EX-51", *common[2:3], "Complaints upheld", *common[4:], None, 20, 25, None, 13],
    ]
    path = sheet(tmp_path / "definitions.xlsx", rows, header)
    code, _, err = run("import", "--definitions", str(path), "--root", str(council))
    assert code == 1
    assert err.splitlines()[0] == (
        "definitions.xlsx:3:13: Mid-year tolerance 2026/27: a mid-year tolerance needs a mid-year target for 2026-27"
    )
    path = sheet(tmp_path / "definitions.xlsx", rows[:1], header)
    code, _, err = run("import", "--definitions", str(path), "--root", str(council))
    assert code == 0, err
    text = (council / "plans/example/measures/EX-50.yaml").read_text()
    assert "  2026-27: {target: 10, tolerance: 12, mid-year: {target: 5, tolerance: 6.5}}\n" in text
    assert load_fast(text)["first_year"] == "2026-27"


def test_a_calculated_measure_may_name_measures_already_in_the_repository(council: Path, tmp_path: Path) -> None:
    """Rows are checked among the repository's own measures: EX-01 (from `pmf init`) and EX-60 (new) are known."""
    header = ["service", "id", "kind", "title", "frequency", "polarity", "benchmarking", "data_type"]
    header += ["measure_type", "formula", "Target 2026-27", "Tolerance 2026-27"]
    common = ["performance_measure", None, "quarterly", "higher_is_better", "local", "number"]
    rows = [
        ["example", "EX-60", *common[:1], "Calls answered", *common[2:], "normal", None, 100, 90],
        ["example", "EX-61", *common[:1], "EX-01 per call", *common[2:], "calculated", "EX-01 / EX-60", 1, 0.5],
        ["example", "EX-62", *common[:1], "A typo", *common[2:], "calculated", "EX-O1 / EX-60", 1, 0.5],
    ]
    path = sheet(tmp_path / "definitions.xlsx", rows, header)
    before = snapshot(council)
    code, _, err = run("import", "--definitions", str(path), "--root", str(council))
    assert code == 1
    assert err.splitlines() == [
        "definitions.xlsx:4:10: formula: no measure 'EX-O1' (did you mean 'EX-01'?)",
        "1 problem in 1 file",
    ]
    assert snapshot(council) == before
    path = sheet(tmp_path / "definitions.xlsx", rows[:2], header)
    code, _, err = run("import", "--definitions", str(path), "--root", str(council))
    assert code == 0, err
    assert "wrote 2 measure files" in err
    assert load_fast((council / "plans/example/measures/EX-61.yaml").read_text())["formula"] == "EX-01 / EX-60"
    assert run("validate", "--root", str(council))[0] == 0


def test_the_new_files_and_the_plan_are_written_together_or_not_at_all(
    council: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan's rename fails, after the new files are in place: they are taken away again. A new file
    that cannot be written stops the rest, and no temporary file is left."""
    import os

    from pmf import transaction

    path = sheet(tmp_path / "definitions.xlsx", GOOD)
    before = snapshot(council)
    real_replace, real_temp = os.replace, transaction.write_temp

    def replace(source: str | Path, target: str | Path) -> None:
        if str(target).endswith("plan-2026-27.yaml"):
            raise PermissionError(13, "Permission denied", str(target))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    code, _, err = run("import", "--definitions", str(path), "--root", str(council), "--as-of", "2026-02-01")
    assert code == 2 and "Permission denied" in err and "listed" not in err
    assert snapshot(council) == before
    monkeypatch.setattr(os, "replace", real_replace)

    def write_temp(target: Path, text: str) -> Path:
        if target.name == "EX-11.yaml":
            raise OSError(28, "No space left on device", str(target))
        return real_temp(target, text)

    monkeypatch.setattr(transaction, "write_temp", write_temp)
    code, _, err = run("import", "--definitions", str(path), "--root", str(council), "--as-of", "2026-02-01")
    assert code == 2 and "No space left on device" in err
    assert snapshot(council) == before
    assert not [p for p in council.rglob("*") if p.name.endswith(".tmp")]
