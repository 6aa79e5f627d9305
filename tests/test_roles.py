"""Fields that name who is responsible take a role, never a person: an e-mail address is refused, a name warned of."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError
from typer.testing import CliRunner

from pmf.cli import app
from pmf.loader import check_portfolio, model_for
from pmf.models import Verification
from pmf.roles import ROLE, ROLE_WORDS, TITLES, looks_like_name

ROOT = Path(__file__).parent.parent
runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
ADDRESS = "write the role, e.g. 'Head of Waste Services', not an e-mail address"
NAME = "looks like a person's name, not a role"


def pmf(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout + result.stderr


# Every field of the plan files that names who is responsible, by the key it is written under.
ROLE_KEYS = {
    "lead",
    "lead_officer",
    "owner",
    "head_of_service",
    "cabinet_members",
    "approved_by",
    "by",
    "sponsor",
    "role",
}


def _records(model: type[BaseModel], seen: set[type[BaseModel]]) -> None:
    """Every model a plan file can hold, reached from the file's own."""
    if model in seen:
        return
    seen.add(model)
    for field in model.model_fields.values():
        stack: list[Any] = [field.annotation]
        while stack:
            kind = stack.pop()
            if isinstance(kind, type) and issubclass(kind, BaseModel):
                _records(kind, seen)
            stack += list(get_args(kind))


FILES = ["pmf.yaml", "assessments/a.yaml", "regulators/a.yaml", "improvement/a.yaml", "panel/a.yaml"]
FILES += ["plans/s/plan-2025-26.yaml", "plans/s/review-a.yaml", "plans/s/measures/A.yaml", "plans/s/risks/A.yaml"]


def test_every_field_that_names_who_is_responsible_takes_a_role() -> None:
    seen: set[type[BaseModel]] = set()
    for file in FILES:
        model = model_for(Path("/r"), Path("/r") / file)
        assert model is not None, file
        _records(model, seen)
    role_fields = []
    for model in seen:
        for name, field in model.model_fields.items():
            if name in ROLE_KEYS:
                marked = ROLE in field.metadata or any(
                    ROLE in getattr(a, "__metadata__", ()) for a in get_args(field.annotation)
                )
                assert marked, f"{model.__name__}.{name} names who is responsible but is not a Role"
                role_fields.append(f"{model.__name__}.{name}")
    assert len(role_fields) >= 12  # measure, plan, activity, sign-off, risk, verification, plans of action


@pytest.mark.parametrize(
    ("file", "written", "place"),
    [
        ("plans/waste/plan-2025-26.yaml", "head_of_service: Head of Waste Services", "4:18: head_of_service"),
        ("plans/waste/plan-2025-26.yaml", "  - Cabinet Member for Environment", "6:5: cabinet_members[0]"),
        ("plans/waste/plan-2025-26.yaml", "        lead: Fleet Manager", "21:15: outcomes[0].activities[0].lead"),
        (
            "plans/waste/plan-2025-26.yaml",
            "  approved_by: Cabinet Member for Environment",
            "31:16: sign_off.approved_by",
        ),
        ("plans/waste/risks/RSK-01.yaml", "owner: Head of Waste Services", "4:8: owner"),
    ],
)
def test_an_email_address_in_a_role_field_is_refused_at_its_line(
    repo: Path, file: str, written: str, place: str
) -> None:
    path = repo / file
    text = path.read_text(encoding="utf-8")
    assert written + "\n" in text
    key = written.split(":")[0] if ":" in written else written[: written.index("-") + 2]
    path.write_text(text.replace(written + "\n", f"{key}{': ' if ':' in written else ''}jo.bloggs@example.gov.uk\n"))
    code, out = pmf("validate", "--root", str(repo), "--as-of", "2026-04-20")
    assert code == 1
    assert f"{file}:{place}: {ADDRESS}" in out.splitlines()


def test_an_email_address_is_refused_in_a_plan_pmf_init_wrote_and_by_record_and_import(
    initialised_in_november: Path, tmp_path: Path
) -> None:
    root = initialised_in_november
    measure = root / "plans/example/measures/EX-01.yaml"
    before = measure.read_bytes()
    code, out = pmf(
        "record", "EX-01", "2026-27 Q2", "71.5", "--verified-by", "gareth.jones@example.gov.uk",
        "--as-of", "2026-11-26", "--root", str(root),
    )  # fmt: skip
    assert code == 1
    assert ADDRESS in out and measure.read_bytes() == before
    sheet = tmp_path / "figures.csv"
    sheet.write_text("measure,period,value,verified_by\nEX-01,2026-27 Q2,71.5,jo@example.gov.uk\n", encoding="utf-8")
    code, out = pmf("import", str(sheet), "--as-of", "2026-11-26", "--root", str(root))
    assert code == 1
    assert ADDRESS in out and measure.read_bytes() == before
    text = measure.read_text(encoding="utf-8")
    line = next(n for n, s in enumerate(text.splitlines(), 1) if s.startswith("lead_officer:"))
    measure.write_text(
        text.replace("lead_officer: Customer Services Manager", "lead_officer: gareth.jones@example.gov.uk")
    )
    code, out = pmf("validate", "--strict", "--as-of", "2026-11-26", "--root", str(root))
    assert code == 1
    assert f"plans/example/measures/EX-01.yaml:{line}:15: lead_officer: {ADDRESS}" in out.splitlines()


def test_a_role_in_welsh_is_checked_too(repo: Path) -> None:
    path = repo / "plans/waste/risks/RSK-01.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("owner: Head of Waste Services", "owner: {en: Head of Waste Services, cy: jo@example.gov.uk}")
    )
    portfolio, problems = check_portfolio(repo)
    assert portfolio is None
    assert [p.text() for p in problems] == [f"plans/waste/risks/RSK-01.yaml:4:8: owner: {ADDRESS}"]


def test_a_name_where_a_role_belongs_is_warned_of_and_roles_are_not(initialised_in_november: Path) -> None:
    root = initialised_in_november
    code, out = pmf("validate", "--strict", "--as-of", "2026-11-26", "--root", str(root))
    assert (code, out) == (0, "No problems found.\n")  # every role pmf init writes reads as one
    measure = root / "plans/example/measures/EX-01.yaml"
    measure.write_text(
        measure.read_text(encoding="utf-8").replace(
            "lead_officer: Customer Services Manager", "lead_officer: Gareth Jones"
        )
    )
    plan = root / "plans/example/plan-2026-27.yaml"
    text = plan.read_text(encoding="utf-8")
    written = next(line for line in text.splitlines() if line.startswith("head_of_service:"))
    plan.write_text(text.replace(written, "head_of_service: Siân Roberts"))
    code, out = pmf("validate", "--as-of", "2026-11-26", "--root", str(root))
    assert code == 0  # a warning: a name cannot be told from a role for certain
    warned = [line for line in out.splitlines() if NAME in line]
    assert [line.split(": warning: ")[1].split(":")[0] for line in warned] == ["lead_officer", "head_of_service"]
    assert "write the role, e.g. 'Head of Waste Services', as the plans are published" in warned[0]


def test_the_demo_names_every_officer_by_role(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    for name in ("plans", "assessments", "regulators", "panel"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "pmf.yaml", root / "pmf.yaml")
    portfolio, problems = check_portfolio(root)
    assert portfolio is not None
    assert [p.text() for p in problems if NAME in p.message] == []


@settings(max_examples=60, deadline=None)
@given(before=st.text(max_size=20), after=st.text(max_size=20))
def test_any_text_with_an_at_sign_is_refused_as_a_role(before: str, after: str) -> None:
    with pytest.raises(ValidationError, match="not an e-mail address"):
        Verification.model_validate({"by": f"{before}@{after}", "date": "2026-11-26"})


# Roles, teams and short forms councils write where a role belongs: none looks like a person's name.
COUNCIL_ROLES = [
    "Head of Waste Services", "Fleet and Depot Manager", "HR Business Partner", "Cabinet Member for Environment",
    "Pennaeth Gwasanaethau Tai", "Swyddog Perfformiad", "Arweinydd y Tîm Cyfrifon Taladwy", "Recycling Team-Leader",
    "Co-ordinator, Youth Service", "Headteacher", "Planner", "Accountant", "Solicitor", "Surveyor", "Warden",
    "Librarian", "Audit Wales", "Internal Audit", "Corporate Performance", "Finance", "ICT", "HR", "Procurement",
    "Highways", "Trading Standards", "Environmental Health", "Building Control", "SLT", "CMT", "CLT", "S151",
    "Technician", "Administrator", "Social Worker", "Responsible Individual", "Penaethiaid", "Rheolwyr",
    "Cyfarwyddwyr", "Cofrestrydd", "Cyfrifydd", "Cyfreithiwr", "Llyfrgellydd", "Tîm Cyllid", "Tim Cyllid",
    "Victoria Park Manager", "Section 151 Officer", "Monitoring Officer", "Chief Executive",
    "Grace Court Warden", "Mary Street Caretaker", "Victoria Hall Keeper", "Ruby Lodge Housekeeper",
    "Florence House Matron", "Rose Cottage Nurse", "Jordan Park Manager", "Morgan Court Gofalwr",
]  # fmt: skip
NAMES = [
    "Gareth Jones", "Siân Roberts", "Tim Jones", "Bob Head", "J. Smith", "Dr Jane Smith", "Dr A. N. Other",
    "Cllr Huw Evans", "Rhys ap Gruffydd", "Mary O'Brien", "Sarah Jones-Evans", "Councillor Jones",
]  # fmt: skip
SURNAMES = st.sampled_from(["Jones", "Williams", "Davies", "Evans", "Thomas", "Roberts", "Smith", "Head", "Baker"])


@pytest.mark.parametrize("text", COUNCIL_ROLES)
def test_a_role_team_or_short_form_is_not_taken_for_a_name(text: str) -> None:
    assert not looks_like_name(text)


@pytest.mark.parametrize("text", NAMES)
def test_a_name_is_taken_for_one(text: str) -> None:
    assert looks_like_name(text)


@settings(max_examples=80, deadline=None)
@given(first=st.sampled_from(["Gareth", "Siân", "Tim", "Jane", "Dafydd", "Bob", "Nia"]), surname=SURNAMES)
def test_a_given_name_and_a_surname_is_a_name(first: str, surname: str) -> None:
    assert looks_like_name(f"{first} {surname}")


@settings(max_examples=80, deadline=None)
@given(
    word=st.sampled_from(sorted(ROLE_WORDS - TITLES)),  # 'Councillor Jones' is a title and a name: a person
    rest=st.lists(SURNAMES | st.sampled_from(["of", "and"]), max_size=3),
)
def test_text_that_starts_with_a_role_word_is_never_a_name(word: str, rest: list[str]) -> None:
    for first in (word, word.capitalize(), word.upper()):
        assert not looks_like_name(" ".join([first, *rest]))


def test_a_name_written_in_many_places_is_warned_of_once_and_a_team_not_at_all(demo_council: Path) -> None:
    """One team name as every figure's `verified.by` gave 934 warnings; one name gives one, saying where else."""
    files = [f for f in demo_council.glob("plans/*/measures/*.yaml") if "verified: {by: " in f.read_text("utf-8")]
    places = 0
    for text in ("Internal Audit", "Gareth Jones"):
        for f in files:
            old = f.read_text(encoding="utf-8")
            new = re.sub(r"verified: \{by: [^,]*,", f"verified: {{by: {text},", old)
            places += new.count(text) if text == "Gareth Jones" else 0
            f.write_text(new, encoding="utf-8")
        code, out = pmf("validate", "--as-of", "2027-05-20", "--root", str(demo_council))
        assert code == 0, out
        warned = [line for line in out.splitlines() if NAME in line]
        if text == "Internal Audit":
            assert warned == []
    assert places > 100
    assert len(warned) == 1
    assert (
        f"'Gareth Jones' looks like a person's name, not a role (here and in {places - 1} other places): " in warned[0]
    )
    assert out.splitlines()[-1] == "1 warning in 1 file"


def test_validate_of_named_files_warns_of_a_name_in_them_wherever_else_it_is_first_met(
    initialised_in_november: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pre-commit runs `pmf validate FILE...` on the files a commit changes: a name met first in a file not
    among them is still warned of in the files named, once among them."""
    root = initialised_in_november
    measure, risk = root / "plans/example/measures/EX-01.yaml", root / "plans/example/risks/RSK-EX-01.yaml"
    for path, role in (
        (measure, "lead_officer: Customer Services Manager"),
        (risk, "owner: Head of Customer Services"),
    ):
        text = path.read_text(encoding="utf-8")
        assert role in text
        path.write_text(text.replace(role, f"{role.split(':')[0]}: Gareth Jones"), encoding="utf-8")
    monkeypatch.chdir(root)
    said = "'Gareth Jones' looks like a person's name, not a role"
    code, out = pmf("validate", "--as-of", "2026-11-26", "plans/example/risks/RSK-EX-01.yaml")
    assert (code, out.splitlines()) == (
        0,
        [
            f"plans/example/risks/RSK-EX-01.yaml:5:8: warning: owner: {said}: write the role, e.g. 'Head of Waste "
            "Services', as the plans are published",
            "1 warning in 1 file",
        ],
    )
    code, out = pmf("validate", "--as-of", "2026-11-26", str(risk), str(measure))
    warned = [line for line in out.splitlines() if said in line]
    assert (code, len(warned)) == (0, 1)
    assert warned[0].startswith("plans/example/measures/EX-01.yaml:19:15: warning: lead_officer: ")
    assert f"{said} (here and in 1 other place): " in warned[0]


def test_record_and_import_warn_of_a_name_as_validate_does(initialised_in_november: Path, tmp_path: Path) -> None:
    root = initialised_in_november
    said = "'Jane Smith' looks like a person's name, not a role"
    code, out = pmf(
        "record", "EX-01", "2026-27 Q1", "61.5", "--verified-by", "Jane Smith", "--as-of", "2026-11-26",
        "--root", str(root),
    )  # fmt: skip
    assert code == 0
    assert f"warning: --verified-by: {said}: write the role" in out
    sheet = tmp_path / "figures.csv"
    rows = "EX-01,2026-27 Q1,61.5,Jane Smith\nEX-01,2026-27 Q2,62.0,Jane Smith\n"
    sheet.write_text(f"measure,period,value,verified_by\n{rows}", encoding="utf-8")
    code, out = pmf("import", str(sheet), "--as-of", "2026-11-26", "--root", str(root))
    assert code == 0, out
    assert [line for line in out.splitlines() if said in line] == [
        f"figures.csv:2:1: warning: verified_by: {said} (here and in 1 other place): write the role, "
        "e.g. 'Head of Waste Services', as the plans are published"
    ]
    code, out = pmf("validate", "--as-of", "2026-11-26", "--root", str(root))
    assert [line.split(": warning: ")[1] for line in out.splitlines() if said in line] == [
        f"outturns[0].verified.by: {said} (here and in 1 other place): write the role, e.g. 'Head of Waste "
        "Services', as the plans are published"
    ]
