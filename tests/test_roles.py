"""Fields that name who is responsible take a role, never a person: an e-mail address is refused, a name warned of."""

from __future__ import annotations

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
from pmf.roles import ROLE, has_role_word

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
        text.replace("lead_officer: Role of the lead officer", "lead_officer: gareth.jones@example.gov.uk")
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
            "lead_officer: Role of the lead officer", "lead_officer: Gareth Jones"
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


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Head of Waste Services", True),
        ("Fleet and Depot Manager", True),
        ("HR Business Partner", True),
        ("Cabinet Member for Environment", True),
        ("Pennaeth Gwasanaethau Tai", True),
        ("Swyddog Perfformiad", True),
        ("Arweinydd y Tîm Cyfrifon Taladwy", True),
        ("Recycling Team-Leader", True),
        ("Co-ordinator, Youth Service", True),
        ("Gareth Jones", False),
        ("Siân Roberts", False),
        ("Dr A. N. Other", False),
    ],
)
def test_role_words(text: str, role: bool) -> None:
    assert has_role_word(text) is role
