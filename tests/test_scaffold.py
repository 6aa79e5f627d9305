"""pmf init and pmf new: a new council's repository that validates, and pre-commit running its hook."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from pmf.cli import app
from pmf.fieldwording import IDENTIFIER, identifier_rule
from pmf.loader import load_portfolio

ROOT = Path(__file__).parent.parent
runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stderr


def _head() -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_init_gives_a_repository_that_validates(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    code, err = invoke(
        "init",
        str(folder),
        "--organisation",
        "Sir Enghreifftiol: ŵ ŷ â",
        "--as-of",
        "2026-11-23",
        "--hooks-repo",
        "https://example.org/pmf.git",
        "--hooks-rev",
        "v0.1.0",
    )
    assert code == 0, err
    for name in (
        "pmf.yaml",
        "plans/example/plan-2026-27.yaml",
        "plans/example/measures/EX-01.yaml",
        "plans/example/risks/RSK-EX-01.yaml",
        ".github/workflows/pmf.yml",
        ".pre-commit-config.yaml",
        ".vscode/settings.json",
        "schemas/measure.schema.json",
    ):
        assert (folder / name).is_file(), name
    portfolio = load_portfolio(folder)
    assert portfolio.settings.organisation == "Sir Enghreifftiol: ŵ ŷ â"
    assert portfolio.warnings == []
    assert 'rev: "v0.1.0"' in (folder / ".pre-commit-config.yaml").read_text()
    assert "pmf validate --format github" in (folder / ".github/workflows/pmf.yml").read_text()
    code, err = invoke("init", str(folder))
    assert code == 2 and "already a plans repository" in err


def test_new_files_carry_every_template_field_and_validate(repo: Path) -> None:
    code, err = invoke("new", "measure", "WST-03", "--service", "waste", "--root", str(repo), "--as-of", "2025-06-01")
    assert code == 0, err
    text = (repo / "plans/waste/measures/WST-03.yaml").read_text()
    for field in (
        "scope_and_definition:",
        "calculation:",
        "validation:",
        "next_review_date: 2026-06-01",
        "2025-26: {target",
    ):
        assert field in text
    assert all("#" in line for line in text.splitlines() if line.startswith(("kind:", "polarity:", "aggregation:")))
    assert invoke("new", "risk", "RSK-02", "--service", "waste", "--root", str(repo))[0] == 0
    assert invoke("new", "service", "parks", "--root", str(repo), "--as-of", "2026-01-15")[0] == 0
    assert (repo / "plans/parks/plan-2026-27.yaml").is_file()
    code, err = invoke("validate", str(repo))  # WST-03 listed in the plan as it was written: no warning of that
    written = [
        ("plans/parks/plan-2026-27.yaml", PLAN_TO_WRITE),
        ("plans/waste/measures/WST-03.yaml", MEASURE_TO_WRITE),
        ("plans/waste/risks/RSK-02.yaml", RISK_TO_WRITE),
    ]
    assert (code, err.splitlines()) == (
        0,
        [*(line for path, where in written for line in to_write(path, where)), "20 warnings in 3 files"],
    )
    code, err = invoke("new", "measure", "WST-03", "--service", "waste", "--root", str(repo))
    assert code == 2 and "already exists" in err
    code, err = invoke("new", "risk", "RSK-03", "--root", str(repo))
    assert code == 2 and "--service" in err


def council(tmp_path: Path, today: str = "2026-05-01") -> Path:
    folder = tmp_path / "council"
    code, err = invoke("init", str(folder), "--as-of", today)
    assert code == 0, err
    return folder


def test_a_new_measure_is_listed_in_its_plan_and_nothing_else_changes(tmp_path: Path) -> None:
    folder = council(tmp_path)
    plan = folder / "plans/example/plan-2026-27.yaml"
    before = plan.read_text()
    code, err = invoke(
        "new", "measure", "EX-02", "--service", "example", "--root", str(folder), "--as-of", "2026-05-01"
    )
    assert code == 0, err
    assert err.splitlines() == [
        "wrote plans/example/measures/EX-02.yaml",
        "listed EX-02 in plans/example/plan-2026-27.yaml under the outcome 'resilient' (performance_measures)",
    ]
    assert plan.read_text() == before.replace("      - EX-01\n", "      - EX-01\n      - EX-02\n")
    code, err = invoke("validate", "--root", str(folder))
    assert (code, err.splitlines()) == (
        0,
        [*to_write("plans/example/measures/EX-02.yaml", MEASURE_TO_WRITE), "7 warnings in 1 file"],
    )
    code, err = invoke("validate", "--strict", "--root", str(folder))  # pmf init's own files pass --strict
    assert (code, err.splitlines()) == (
        1,
        [*to_write("plans/example/measures/EX-02.yaml", MEASURE_TO_WRITE, strict=True), "7 problems in 1 file"],
    )
    code, err = invoke("new", "measure", "EX-02", "--service", "example", "--root", str(folder))
    assert code == 2 and "already exists" in err
    assert plan.read_text().count("EX-02") == 1


@pytest.mark.parametrize("where", ["elsewhere", "in-a-subfolder"])
def test_pmf_new_names_what_it_wrote_from_the_repository_root_as_the_plan_it_lists_it_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """Every line pmf new prints names a file as pmf names it everywhere else (plans/...), wherever it is run from."""
    folder = council(tmp_path)
    monkeypatch.chdir(tmp_path if where == "elsewhere" else folder / "plans/example")
    root = ["--root", str(folder), "--as-of", "2026-05-01"]
    said = [invoke("new", "measure", "EX-02", "--service", "example", *root)]
    said.append(invoke("new", "risk", "RSK-EX-02", "--service", "example", *root))
    said.append(invoke("new", "service", "leisure", *root))
    said.append(invoke("new", "service", "example", "--root", str(folder), "--as-of", "2027-02-01"))
    assert [code for code, _ in said] == [0, 0, 0, 0], said
    assert [err.splitlines()[0] for _, err in said] == [
        "wrote plans/example/measures/EX-02.yaml",
        "wrote plans/example/risks/RSK-EX-02.yaml",
        "wrote plans/leisure/plan-2026-27.yaml",
        "wrote plans/example/plan-2027-28.yaml",
    ]
    assert said[0][1].splitlines()[1].startswith("listed EX-02 in plans/example/plan-2026-27.yaml ")


def test_a_flow_list_in_a_hand_written_plan_becomes_block_style(repo: Path) -> None:
    plan = repo / "plans/waste/plan-2025-26.yaml"
    plan.write_text(plan.read_text().replace("[WST-02]\n", "[WST-02]  # the fleet's measures\n"))
    code, err = invoke(
        "new",
        "measure",
        "WST-03",
        "--service",
        "waste",
        "--outcome",
        "environment",
        "--root",
        str(repo),
        "--as-of",
        "2025-06-01",
    )
    assert code == 0, err
    assert "under the outcome 'environment'" in err
    text = plan.read_text()
    assert "performance_measures: [WST-02]  # the fleet's measures\n" in text
    assert "  - outcome: environment\n    indicators: [WST-01]\n    performance_measures:\n      - WST-03\n" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["measure", "EX-02", "--service", "example", "--outcome", "healthy"],
            "pmf: --outcome 'healthy': plans/example/plan-2026-27.yaml carries resilient: "
            "name one of them, or add the outcome to the plan first",
            id="an-outcome-the-plan-does-not-carry",
        ),
        pytest.param(
            ["risk", "RSK-02", "--service", "example", "--outcome", "resilient"],
            "pmf: --outcome is for pmf new measure: the plan outcome the measure is listed under",
            id="outcome-for-a-risk",
        ),
    ],
)
def test_an_outcome_pmf_cannot_list_under_writes_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    folder = council(tmp_path)
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    code, err = invoke("new", *args, "--root", str(folder), "--as-of", "2026-05-01")
    assert (code, err.splitlines()) == (2, [message])
    assert sorted(p for p in folder.rglob("*") if p.is_file()) == files


def test_a_new_measure_for_a_year_with_no_plan_yet_says_where_to_list_it(tmp_path: Path) -> None:
    folder = council(tmp_path)
    code, err = invoke(
        "new", "measure", "EX-02", "--service", "example", "--root", str(folder), "--as-of", "2027-01-10"
    )
    assert code == 0, err
    assert err.splitlines()[1] == (
        "no plan for 2027-28 in plans/example/ yet: when it is written, list EX-02 there under an outcome's "
        "performance_measures"
    )
    assert "2027-28: {target" in (folder / "plans/example/measures/EX-02.yaml").read_text()
    code, err = invoke("validate", "--root", str(folder))
    assert (code, err.splitlines()) == (
        0,
        [*to_write("plans/example/measures/EX-02.yaml", MEASURE_TO_WRITE), "7 warnings in 1 file"],
    )


def test_a_new_measure_its_plan_lists_already_is_written_and_said_so(tmp_path: Path) -> None:
    """The plan names EX-02 before its file is written (an error, "no measure"): pmf new writes it and says
    the plan lists it, where it wrote it alone saying the plans had problems."""
    folder = council(tmp_path)
    plan = folder / "plans/example/plan-2026-27.yaml"
    plan.write_text(plan.read_text().replace("      - EX-01\n", "      - EX-01\n      - EX-02\n"))  # listed first
    before = plan.read_bytes()
    code, err = invoke(
        "new", "measure", "EX-02", "--service", "example", "--root", str(folder), "--as-of", "2026-05-01"
    )
    assert (code, err.splitlines()[1:]) == (0, ["plans/example/plan-2026-27.yaml lists EX-02 already"])
    assert plan.read_bytes() == before
    code, err = invoke("validate", "--root", str(folder))
    assert (code, err.splitlines()) == (
        0,
        [*to_write("plans/example/measures/EX-02.yaml", MEASURE_TO_WRITE), "7 warnings in 1 file"],
    )


def test_a_new_measure_beside_a_pmf_yaml_with_problems_is_written_alone(tmp_path: Path) -> None:
    folder = council(tmp_path)
    settings = folder / "pmf.yaml"
    settings.write_text(settings.read_text().replace("status_scheme: royg", "status_scheme: [royg"))
    plan = folder / "plans/example/plan-2026-27.yaml"
    before = plan.read_bytes()
    code, err = invoke(
        "new", "measure", "EX-02", "--service", "example", "--root", str(folder), "--as-of", "2026-05-01"
    )
    assert code == 0, err
    assert err.splitlines()[1].startswith(
        f"EX-02 is not listed in a plan: pmf.yaml has problems (`pmf validate --root {folder} --as-of 2026-05-01`"
    )
    assert plan.read_bytes() == before
    assert (folder / "plans/example/measures/EX-02.yaml").exists()


def test_init_gives_outcomes_a_welsh_report_shows_in_welsh_and_requires_resilient(tmp_path: Path) -> None:
    """A Welsh council's first report names its Corporate Plan outcomes in Welsh, not '(yn Saesneg)',
    and a plan that leaves out 'The council is resilient' is told so, as pmf.yaml's comment promises."""
    folder = tmp_path / "council"
    code, err = invoke("init", str(folder), "--as-of", "2026-11-23")
    assert code == 0, err
    out = tmp_path / "reports"
    code, err = invoke(
        "report", "mid-year", "--root", str(folder), "--as-of", "2026-11-23", "--lang", "cy", "--out", str(out)
    )
    assert code == 0, err
    welsh = (out / "2026-27-mid-year.cy.md").read_text(encoding="utf-8")
    assert "## Canlyniad: Mae'r cyngor yn gydnerth\n" in welsh
    assert "The council is resilient" not in welsh
    plan = folder / "plans/example/plan-2026-27.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("outcome: resilient", "outcome: healthy"), encoding="utf-8"
    )
    code, err = invoke("validate", "--root", str(folder))
    assert code == 1
    assert "plans/example/plan-2026-27.yaml" in err and "resilient" in err


def test_next_years_plan_says_plainly_that_this_years_is_not_text(initialised_in_november: Path) -> None:
    """A plan saved as UTF-16 (Notepad's 'Unicode') is named as pmf validate names it, where pmf new had a traceback."""
    plan = initialised_in_november / "plans/example/plan-2026-27.yaml"
    plan.write_bytes(plan.read_text(encoding="utf-8").encode("utf-16"))
    code, err = invoke("new", "service", "example", "--root", str(initialised_in_november), "--as-of", "2027-01-20")
    assert code == 1
    assert err.splitlines() == [
        "plans/example/plan-2026-27.yaml:1:1: this file is saved as UTF-16 (Notepad's 'Unicode'): save it as UTF-8: "
        "the 2027-28 plan starts "
        f"from this one, so fix it first (pmf validate --root {initialised_in_november} --as-of 2027-01-20 says how)",
        "1 problem in 1 file",
    ]
    assert not plan.with_name("plan-2027-28.yaml").exists()


def test_next_years_plan_renames_the_year_in_comments_and_not_in_the_plans_text(
    initialised_in_november: Path,
) -> None:
    """A comment naming the year in either form names next year; a '#' line in a | text is the service's words."""
    plan = initialised_in_november / "plans/example/plan-2026-27.yaml"
    text = plan.read_text(encoding="utf-8").replace(
        "wellbeing_statement: >-\n",
        "# Agreed for 2026 to 2027 by the Cabinet Member\nwellbeing_statement: |-\n"
        "  # 2026-27 in one line\n  Our priorities for 2026-27.\n",
        1,
    )
    plan.write_text(text, encoding="utf-8")
    code, err = invoke("new", "service", "example", "--root", str(initialised_in_november), "--as-of", "2027-01-20")
    assert code == 0, err
    draft = plan.with_name("plan-2027-28.yaml").read_text(encoding="utf-8")
    assert "# Agreed for 2027 to 2028 by the Cabinet Member\nwellbeing_statement: |-\n" in draft
    assert "  # 2026-27 in one line\n  Our priorities for 2026-27.\n" in draft
    sign_off = "# sign_off: {approved_by: Cabinet Member for the service, date: 2027-03-31}  # added when signed\n"
    assert draft.count(sign_off) == 1


def test_init_names_the_files_as_the_folder_was_typed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From the folder a service lead works in, the files pmf init wrote are named from there, as pmf new
    names them from the repository's root, however the new folder was typed; from elsewhere, as typed."""
    monkeypatch.chdir(tmp_path)
    hooks = ("--hooks-repo", "https://example.org/pmf.git", "--hooks-rev", "v1")
    code, err = invoke("init", str(tmp_path / "council"), *hooks)
    assert code == 0, err
    lines = err.splitlines()
    assert lines[:2] == ["wrote council/pmf.yaml", "wrote council/plans/example/plan-2026-27.yaml"]
    assert "wrote council/.vscode/settings.json" in lines
    assert not [line for line in lines if str(tmp_path) in line]
    code, err = invoke("init", "second", *hooks)
    assert code == 0, err
    assert err.splitlines()[0] == "wrote second/pmf.yaml"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, err = invoke("init", str(tmp_path / "third"), *hooks)
    assert code == 0, err
    assert err.splitlines()[0] == f"wrote {(tmp_path / 'third').as_posix()}/pmf.yaml"
    code, err = invoke("init", "../fourth", *hooks)
    assert code == 0, err
    assert err.splitlines()[0] == "wrote ../fourth/pmf.yaml"
    assert load_portfolio(tmp_path / "fourth").warnings == []


STILL = "replace the 'To write:' guidance with the council's words"
MEASURE_TO_WRITE = [  # where pmf validate says a measure pmf new wrote is still to write, and what to write there
    ("5:8", "title", "the title of the measure"),
    ("6:14", "description", "what this measure monitors and what the information is used…"),
    ("7:23", "scope_and_definition", "what the measure covers and what it excludes"),
    ("8:9", "source", "where the data comes from, and when it must be taken from…"),
    ("9:14", "calculation", "how it is calculated, and what is included or excluded"),
    ("18:13", "validation", "how the figures are checked for accuracy before they are…"),
    ("19:15", "lead_officer", "the role of the lead officer"),
]
RISK_TO_WRITE = [
    ("3:8", "title", "the title of the risk"),
    ("4:14", "description", "what could happen, why, and what it would affect"),
    ("5:8", "owner", "the role of the risk owner"),
    ("12:5", "controls[0]", "a control in place now"),
    ("14:5", "actions[0]", "a further action to reach the target score"),
]
PLAN_TO_WRITE = [
    ("4:8", "title", "the title of the service"),
    ("6:18", "head_of_service", "the role of the head of service"),
    ("8:5", "cabinet_members[0]", "the role of the Cabinet Member for the service"),
    ("9:22", "wellbeing_statement", "the Head of Service's vision for the service and how its…"),
    ("13:5", "areas_of_responsibility[0]", "a team or function"),
    ("15:27", "implications.budgets_savings_assets", "implications of the plan for budgets, agreed savings and…"),
    ("16:22", "implications.interdependencies", "support needed from other services…"),
    ("17:20", "implications.workforce_needs", "learning and development needs, skill gaps, succession…"),
]


def to_write(path: str, where: list[tuple[str, str, str]], *, strict: bool = False) -> list[str]:
    """What pmf validate says of a file pmf new wrote, its guidance all left: a warning at each, or under
    --strict an error."""
    if strict:
        return [f"{path}:{at}: {key}: still to write ({what}): {STILL} (--strict)" for at, key, what in where]
    return [f"{path}:{at}: warning: {key}: still to write ({what}): {STILL}" for at, key, what in where]


@pytest.mark.parametrize(
    ("args", "used"),
    [
        (["measure", "EX-01"], "plans/example/measures/EX-01.yaml"),
        (["risk", "EX-01"], "plans/example/measures/EX-01.yaml"),
        (["risk", "RSK-EX-01"], "plans/example/risks/RSK-EX-01.yaml"),
        (["measure", "RSK-EX-01"], "plans/example/risks/RSK-EX-01.yaml"),
    ],
)
def test_a_new_measure_or_risk_with_an_id_another_service_uses_is_refused(
    tmp_path: Path, args: list[str], used: str
) -> None:
    """An id is unique across the repository: pmf new refuses one a file of another service holds, even a file
    that does not read, naming it, where it wrote a second file of that id (and listed a measure in the plan).
    It is placed at the new file's id and worded as pmf validate places and words a repeated id, and as the
    refusal of an id held in a folder pmf passes over (test_edit_scope), where it was a line of its own naming
    no file of its own."""
    root = tmp_path / "council"
    assert runner.invoke(app, ["init", str(root), "--as-of", "2026-02-03"]).exit_code == 0
    assert runner.invoke(app, ["new", "service", "waste", "--root", str(root), "--as-of", "2026-02-03"]).exit_code == 0
    for broken in (False, True):
        if broken:  # a file that does not read: its id is still its name
            (root / used).write_text("id: [unclosed\n", encoding="utf-8")
        before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
        done = runner.invoke(app, ["new", *args, "--service", "waste", "--root", str(root), "--as-of", "2026-02-03"])
        assert done.exit_code == 1, done.output
        folder = "measures" if args[0] == "measure" else "risks"
        line = 3 if args[0] == "measure" else 2  # the id's line in the file pmf new writes
        assert done.stderr.splitlines() == [
            f"plans/waste/{folder}/{args[1]}.yaml:{line}:5: id: id '{args[1]}' is already used by {used}: "
            "identifiers are unique across the repository (the change would leave this; nothing was written)",
            "1 problem in 1 file",
        ]
        assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == before


@pytest.mark.parametrize("given", ["plans/example", "plans/example/", "example/measures"])
def test_a_service_given_as_a_path_is_told_to_name_its_folder_alone(tmp_path: Path, given: str) -> None:
    """--service plans/example (a folder tab-completed) was told `no service 'plans/example' under plans/: create
    it first with pmf new service plans/example`, plans/ named twice and a command that fails; example/measures
    wrote plans/example/measures/measures/EX-02.yaml, which pmf does not read."""
    folder = council(tmp_path)
    files = sorted(folder.rglob("*"))
    code, err = invoke("new", "measure", "EX-02", "--service", given, "--root", str(folder), "--as-of", "2026-05-01")
    assert (code, err.splitlines()) == (
        2,
        [f"pmf: --service '{given}' is not a service id: it is the name of its folder under plans/, in letters A to "
         "Z without accents, digits, '-' and '_': name the folder alone, --service example"],
    )  # fmt: skip
    assert sorted(folder.rglob("*")) == files


def test_an_id_with_a_welsh_letter_is_told_to_write_it_without_accents(tmp_path: Path) -> None:
    """`pmf new service dŵr` was told to "use letters, digits, '-' and '_'", and ŵ is a letter to a Welsh speaker:
    the rule says which letters, names the one given, and gives the id without its accents."""
    folder = council(tmp_path)
    files = sorted(folder.rglob("*"))
    assert invoke("new", "service", "dŵr", "--root", str(folder), "--as-of", "2026-05-01") == (
        2,
        "pmf: 'dŵr' is not an identifier: use letters A to Z without accents (not ŵ), digits, '-' and '_': "
        "write 'dwr'\n",
    )
    code, err = invoke("new", "measure", "DŴR-01", "--service", "example", "--root", str(folder))
    assert (code, err) == (
        2,
        "pmf: 'DŴR-01' is not an identifier: use letters A to Z without accents (not Ŵ), digits, '-' and '_': "
        "write 'DWR-01'\n",
    )
    code, err = invoke("new", "service", "gwasanaeth dŵr", "--root", str(folder))
    assert (code, err) == (
        2,
        "pmf: 'gwasanaeth dŵr' is not an identifier: use letters A to Z without accents (not ŵ), digits, '-' and '_'\n",
    )
    assert sorted(folder.rglob("*")) == files


@given(st.text(alphabet="aAbwWyY0-_âêîôûŵŷÂŴŶáéẁẃẅäëïöüÿ", min_size=1, max_size=30))
def test_an_id_written_with_welsh_letters_is_given_without_its_accents(text: str) -> None:
    """Every id written with the letters of Welsh (and their capitals) is given back as an identifier pmf takes,
    one letter for each letter typed, naming each accented letter typed."""
    rule = identifier_rule(text)
    accented = [c for c in text if not c.isascii()]
    if not accented:
        assert "(not" not in rule and "write" not in rule
        return
    assert set(rule.split("(not ", 1)[1].split(")", 1)[0].split(", ")) == set(accented)
    written = rule.rsplit(": write '", 1)[1].removesuffix("'")
    assert re.fullmatch(IDENTIFIER, written) and len(written) == len(text)


WELSH_NAME = "Cyngor Bwrdeistref Sirol Enghraifft"


def _mid_year_in_welsh(root: Path) -> tuple[str, str]:
    """The Welsh mid-year report's first line, and what pmf report said on stderr."""
    done = runner.invoke(
        app,
        ["report", "mid-year", "--lang", "cy", "--format", "md", "--out", str(root / "reports"), "--root", str(root),
         "--as-of", "2026-11-27"],
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    return (root / "reports/2026-27-mid-year.cy.md").read_text(encoding="utf-8").splitlines()[0], done.stderr


def test_init_writes_the_councils_name_in_welsh_so_a_welsh_report_names_it_in_welsh(tmp_path: Path) -> None:
    """--organisation-cy writes the name as pmf.yaml holds text in two languages, where a Welsh report could only
    show the English name marked '(yn Saesneg)'."""
    root = tmp_path / "council"
    code, err = invoke(
        "init", str(root), "--organisation", "Example County Borough Council", "--organisation-cy", WELSH_NAME,
        "--as-of", "2026-11-27",
    )  # fmt: skip
    assert code == 0, err
    assert (root / "pmf.yaml").read_text(encoding="utf-8").splitlines()[1:4] == [
        "organisation:",
        '  en: "Example County Borough Council"',
        f'  cy: "{WELSH_NAME}"',
    ]
    assert invoke("validate", "--strict", "--root", str(root)) == (0, "No problems found.\n")
    title, err = _mid_year_in_welsh(root)
    assert title == f"# {WELSH_NAME}: Hunanasesiad Perfformiad, Canol blwyddyn 2026-27"
    assert "council's name" not in err
    assert load_portfolio(root).settings.organisation == "Example County Borough Council"


def test_a_welsh_report_of_a_council_named_in_english_alone_says_how_to_write_its_welsh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report marks the name '(yn Saesneg)', and pmf report says once where the name is and how to write its
    Welsh; written so, the next report names the council in Welsh and says nothing of it."""
    root = tmp_path / "council"
    assert invoke("init", str(root), "--as-of", "2026-11-27")[0] == 0
    title, err = _mid_year_in_welsh(root)
    assert title == "# Example County Borough Council _(yn Saesneg)_: Hunanasesiad Perfformiad, Canol blwyddyn 2026-27"
    said = (
        "pmf: pmf.yaml:2:15: the council's name is in English alone, so the Welsh documents show it marked "
        """'(yn Saesneg)': write its Welsh beside it, as organisation: {en: "Example County Borough Council", cy: "..."}"""
    )
    assert err.splitlines().count(said) == 1, err
    monkeypatch.chdir(root / "plans")  # named from here, as the pmf validate --lang cy run here names it
    assert _mid_year_in_welsh(root)[1].splitlines().count(said.replace(" pmf.yaml:", " ../pmf.yaml:")) == 1
    validated = runner.invoke(app, ["validate", "--lang", "cy"])
    assert "../pmf.yaml:2:15: notice: organisation: " in validated.stderr, validated.stderr
    english = runner.invoke(app, ["report", "mid-year", "--format", "md", "--out", str(tmp_path / "en"),
                                  "--root", str(root), "--as-of", "2026-11-27"])  # fmt: skip
    assert english.exit_code == 0 and "council's name" not in english.stderr
    settings = root / "pmf.yaml"
    text = settings.read_text(encoding="utf-8")
    written = f'organisation: {{en: "Example County Borough Council", cy: "{WELSH_NAME}"}}'
    settings.write_text(text.replace('organisation: "Example County Borough Council"', written), encoding="utf-8")
    title, err = _mid_year_in_welsh(root)
    assert title == f"# {WELSH_NAME}: Hunanasesiad Perfformiad, Canol blwyddyn 2026-27"
    assert "council's name" not in err
