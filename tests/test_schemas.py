"""The committed JSON Schemas match the models, and an independent validator accepts the demo plans."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from pmf.schemas import SCHEMAS, repository_settings, schema_text

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_is_fresh(name: str) -> None:
    committed = (ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(name, repository_settings(ROOT)), "schemas/ is stale: run `make schemas`"


def _files(kind: str) -> list[Path]:
    patterns = {
        "pmf": ["pmf.yaml"],
        "plan": ["plans/*/plan-*.yaml"],
        "measure": ["plans/*/measures/*.yaml"],
        "risk": ["plans/*/risks/*.yaml"],
        "assessment": ["assessments/*.yaml"],
        "review": ["plans/*/review-*.yaml", "tests/data/reviews/*.yaml"],
        "regulator": ["regulators/*.yaml", "examples/*/regulators/*.yaml"],
        "improvement": ["examples/*/improvement/*.yaml"],
        "panel": ["panel/*.yaml"],
    }[kind]
    return sorted(p for pattern in patterns for p in ROOT.glob(pattern))


def _jsonable(value: object) -> object:
    """YAML dates become the strings JSON tools see when an editor checks the file."""
    return json.loads(json.dumps(value, default=str))


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_demo_plans_pass_their_schema(kind: str) -> None:
    validator = Draft202012Validator(json.loads(schema_text(kind)), format_checker=Draft202012Validator.FORMAT_CHECKER)
    files = _files(kind)
    assert files, f"the demo council has no {kind} files"
    yaml = YAML(typ="safe")
    for path in files:
        errors = list(validator.iter_errors(_jsonable(yaml.load(path))))
        assert not errors, f"{path}: {errors[0].message}"


def _properties(node: object) -> list[tuple[str, dict[str, object]]]:
    """Every property of a schema, its definitions' included, with its name."""
    found: list[tuple[str, dict[str, object]]] = []
    if isinstance(node, dict):
        found += list(node.get("properties", {}).items())
        for value in node.values():
            found += _properties(value)
    elif isinstance(node, list):
        for value in node:
            found += _properties(value)
    return found


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_schema_has_an_id_and_describes_its_properties_in_both_languages(name: str) -> None:
    schema = json.loads(schema_text(name))
    assert schema["$id"] == f"urn:pmf:schema:{name}"
    properties = _properties(schema)
    assert len(properties) >= 10
    for need in ("description", "examples", "markdownDescription"):
        covered = [key for key, value in properties if need in value]
        assert len(covered) >= 0.9 * len(properties), f"{name}: {len(covered)} of {len(properties)} have {need}"
    welsh = [v["markdownDescription"] for _, v in properties if "markdownDescription" in v]
    assert all("\n\n*Cymraeg:* " in text for text in welsh)


def test_the_guide_s_own_terms_describe_a_measure() -> None:
    measure = json.loads(schema_text("measure"))["properties"]
    assert measure["scope_and_definition"]["description"].startswith("A full definition explaining the scope")
    assert measure["validation"]["description"] == (
        "How this indicator or measure will be validated and checked for accuracy."
    )
    assert "Sut y caiff y dangosydd" in str(measure["validation"]["markdownDescription"])
    for key in ("polarity", "frequency", "thresholds"):
        assert measure[key]["description"], key


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_example_is_valid_where_it_is_given(name: str) -> None:
    schema = json.loads(schema_text(name))
    for key, value in _properties(schema):
        for example in value.get("examples", []):  # type: ignore[attr-defined]
            validator = Draft202012Validator(
                {"$defs": schema.get("$defs", {}), **value}, format_checker=Draft202012Validator.FORMAT_CHECKER
            )
            errors = [e.message for e in validator.iter_errors(example)]
            assert not errors, f"{name}: {key}: example {example!r}: {errors[0]}"


def test_schemas_follow_the_repository_s_risk_matrix(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pmf.cli import app

    repo = tmp_path / "council"
    runner = CliRunner()
    assert runner.invoke(app, ["init", str(repo), "--hooks-repo", "https://example.org/pmf.git"]).exit_code == 0
    score = json.loads((repo / "schemas/risk.schema.json").read_text())["$defs"]["Score"]["properties"]
    assert (score["likelihood"]["maximum"], score["impact"]["maximum"]) == (5, 5)
    settings = repo / "pmf.yaml"
    settings.write_text(settings.read_text().replace("  likelihood: 5\n  impact: 5", "  likelihood: 4\n  impact: 6"))
    result = runner.invoke(app, ["schema", "--root", str(repo), "--out", str(repo / "schemas")])
    assert result.exit_code == 0, result.output
    score = json.loads((repo / "schemas/risk.schema.json").read_text())["$defs"]["Score"]["properties"]
    assert (score["likelihood"]["maximum"], score["impact"]["maximum"]) == (4, 6)


INVALID = ROOT / "tests" / "data" / "invalid"
# The broken cases a JSON Schema cannot reject, and why: each compares two fields, or needs other
# files or the file's own name (pmf validate checks them all). The test fails if one of these is
# rejected after all (the list must stay exact) or if any other case is accepted.
CANNOT = {
    "activity-ends-before-start": "two fields: an activity's end against its start",
    "activity-update-date-outside-year": "two fields: an update's date against the plan's financial_year",
    "activity-update-other-year": "two fields: an update's period against the plan's financial_year",
    "calculated-without-formula": "two fields: formula is required when measure_type is calculated",
    "evidence-cites-unknown-measure": "other files: whether the measure cited exists",
    "formula-cycle": "other files: the measures a formula names, and theirs",
    "formula-division-by-a-measure-times-zero": "a formula's arithmetic (a divisor that is 0 whatever the figures) is beyond a pattern",
    "formula-division-by-numbers-that-make-zero": "a formula's arithmetic (a divisor of numbers that makes 0) is beyond a pattern",
    "formula-percentage-beyond-100": "other files: the figures a formula works out from its inputs",
    "formula-exponent": "a formula's grammar (nested brackets) is beyond a pattern",
    "formula-minus-without-spaces": "a formula's grammar (nested brackets) is beyond a pattern",
    "formula-not-arithmetic": "a formula's grammar (nested brackets) is beyond a pattern",
    "formula-nested-too-deep": "a formula's grammar (how deep its brackets nest) is beyond a pattern",
    "formula-too-long": "a formula's grammar (how many operators it holds) is beyond a pattern",
    "formula-unknown-id": "other files: whether the measures a formula names exist",
    "formula-with-outturns": "two fields: a calculated measure's outturns come from its formula",
    "hostile-nan-target": "'not a number' (.nan) is no JSON number: every comparison with it is false, so no bound refuses it",
    "hostile-lone-surrogate-title": "a lone half of a UTF-16 pair is no character: JSON text cannot hold one to test",
    "hostile-lone-surrogate-after-one-written-out": "a lone half of a UTF-16 pair is no character: JSON text cannot hold one to test",
    "id-differs-from-file-name": "the file's own name, which a schema never sees",
    "measure-in-the-service-folder": "where the file is: no schema is mapped to a YAML file loose in a service folder",
    "panel-in-a-misnamed-file": "the file's own name, which a schema never sees",
    "panel-partly-accepted-without-reason": "two fields: reason is required unless accepted is 'yes'",
    "percentage-over-100": "two fields: the 0 to 100 range holds when data_type is percentage",
    "mid-year-target-not-a-percentage": "two fields: the 0 to 100 range holds when data_type is percentage",
    "period-twice": "across entries: one outturn per period (uniqueItems compares whole entries)",
    "period-wrong-frequency": "two fields: a period's form against the measure's frequency",
    "plan-id-not-folder": "the file's folder, which a schema never sees",
    "plan-unknown-measure-and-outcome": "other files: the measures and pmf.yaml's outcomes a plan names",
    "plan-year-not-file-name": "the file's own name, which a schema never sees",
    "polarity-missing": "two fields: polarity is required unless benchmarking is count_only",
    "regulator-not-accepted-without-reason": "two fields: reason is required unless response is accepted",
    "required-outcome-not-an-outcome": "two fields: each required outcome against the outcomes listed",
    "tolerance-above-target-higher-better": "two fields: the tolerance against the target, by polarity",
    "tolerance-below-target-lower-better": "two fields: the tolerance against the target, by polarity",
    "year-end-without-performance-requirements": "two fields: performance_requirements is required at year-end",
}
NOT_READ = {  # cases whose text no YAML reader turns into data, so no schema is ever applied
    "hostile-alias-bomb": "expands to billions of values: a reader's limit, not the data's shape (not run: it would not end)",
}


def _kind(target: str) -> str | None:
    from pmf.schemas import FILES

    for kind, globs in FILES.items():
        for glob in globs:
            if re.fullmatch("[^/]*".join(re.escape(part) for part in glob.split("*")), target):
                return kind
    return None


def _cases() -> dict[str, tuple[str | None, Path]]:
    found = {}
    for case in sorted(INVALID.glob("*.yaml")):
        target = re.search(r"#\s*file:\s*(\S+)", case.read_text(encoding="utf-8"))
        assert target, case.name
        found[case.stem] = (_kind(target[1]), case)
    return found


def _unparsed(case: Path) -> bool:
    from pmf.yamlio import Document
    from pmf.yamlscreen import YamlProblem

    try:
        return bool(Document.load(case).duplicates)  # read past by pmf, refused by an editor's YAML parser
    except YamlProblem:
        return True


def _check_jsonschema(schema: Path, files: list[Path]) -> tuple[set[str], set[str]]:
    """Run check-jsonschema; return the files with schema errors and those it could not parse."""
    exe = Path(sys.executable).parent / "check-jsonschema"
    done = subprocess.run(
        [str(exe), "-o", "json", "--schemafile", str(schema), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        answer = json.loads(done.stdout)
    except json.JSONDecodeError:  # it stops at a YAML tag it cannot build: one file at a time then
        if len(files) == 1:
            return set(), {str(files[0])}
        bad: tuple[set[str], set[str]] = (set(), set())
        for one in files:
            errors, unparsed = _check_jsonschema(schema, [one])
            bad[0].update(errors)
            bad[1].update(unparsed)
        return bad
    return {e["filename"] for e in answer.get("errors", [])}, {e["filename"] for e in answer.get("parse_errors", [])}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The schemas `pmf schema` writes for the demo repository."""
    from typer.testing import CliRunner

    from pmf.cli import app

    folder = tmp_path_factory.mktemp("schemas")
    result = CliRunner().invoke(app, ["schema", "--root", str(ROOT), "--out", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def test_check_jsonschema_rejects_every_broken_case_a_schema_can_express(written: Path) -> None:
    cases = _cases()
    assert set(CANNOT) <= set(cases) and set(NOT_READ) <= set(cases)
    by_kind: dict[str, list[Path]] = {}
    for name, (kind, case) in cases.items():
        if name in NOT_READ:
            continue
        assert kind is not None or name in CANNOT, f"{name}: no schema is mapped to its file"
        if kind is not None:
            by_kind.setdefault(kind, []).append(case)
    rejected: set[str] = set()
    unparsed: set[str] = set()
    for kind, files in by_kind.items():
        errors, broken = _check_jsonschema(written / f"{kind}.schema.json", files)
        rejected |= {Path(f).stem for f in errors}
        unparsed |= {Path(f).stem for f in broken}
    not_yaml = {name for name, (_, case) in cases.items() if name not in NOT_READ and _unparsed(case)}
    assert unparsed <= not_yaml, "check-jsonschema could not read a file pmf reads"
    # Broken YAML never reaches a schema (the editor's YAML parser marks it, as pmf does); every
    # other case is rejected by the schemas unless CANNOT says why no schema can.
    expressible = set(cases) - set(CANNOT) - set(NOT_READ) - unparsed
    assert sorted(expressible - rejected) == [], "accepted by the schemas, rejected by pmf validate"
    assert sorted(set(CANNOT) & rejected) == [], "rejected by the schemas after all: take it off CANNOT"
    assert len(expressible) >= 30 and len(unparsed) >= 20


# The mistakes the issue found the schemas let through, each made in a copy of a demo file.
BROKEN_COPIES = [
    ("plans/waste/measures/WST-01.yaml", "period: 2025-26 Q1", "period: 2026-27 Q5"),
    ("plans/waste/measures/WST-01.yaml", "period: 2025-26 Q1", "period: Q2 2026"),
    ("plans/waste/measures/WST-01.yaml", "value: 67.1", 'value: "sixty"'),
    ("plans/waste/measures/WST-01.yaml", "target: 70.0", 'target: "70"'),
    ("plans/waste/measures/WST-01.yaml", "2025-26: {target", "2026-28: {target"),
    ("plans/waste/risks/RSK-WST-01.yaml", "residual: {likelihood: 3", "residual: {likelihood: 9"),
]


def test_check_jsonschema_rejects_the_mistakes_the_schemas_once_let_through(written: Path, tmp_path: Path) -> None:
    copies = []
    for i, (name, old, new) in enumerate(BROKEN_COPIES):
        text = (ROOT / name).read_text(encoding="utf-8")
        assert old in text, (name, old)
        copy = tmp_path / f"{i}-{Path(name).name}"
        copy.write_text(text.replace(old, new, 1), encoding="utf-8")
        copies.append(copy)
    assert all(not _unparsed(c) for c in copies)
    measures = [c for c in copies if "WST-01" in c.name]
    errors, _ = _check_jsonschema(written / "measure.schema.json", measures)
    assert sorted(errors) == sorted(map(str, measures))
    risks = [c for c in copies if "RSK" in c.name]
    errors, _ = _check_jsonschema(written / "risk.schema.json", risks)
    assert sorted(errors) == sorted(map(str, risks))


def test_check_jsonschema_accepts_the_whole_demo(written: Path) -> None:
    from pmf.repository import plan_files

    files = [p for p in plan_files(ROOT)] + sorted(ROOT.glob("examples/*/*/*.yaml"))
    by_kind: dict[str, list[Path]] = {}
    for path in files:
        parts = path.relative_to(ROOT).parts
        kind = _kind("/".join(parts[2:] if parts[0] == "examples" else parts))
        assert kind, path
        by_kind.setdefault(kind, []).append(path)
    assert sorted(by_kind) == sorted(SCHEMAS)
    for kind, paths in by_kind.items():
        errors, unparsed = _check_jsonschema(written / f"{kind}.schema.json", paths)
        assert (errors, unparsed) == (set(), set()), kind


def _role_properties(model: type, schema: dict[str, object], defs: dict[str, object]) -> list[tuple[str, object]]:
    """Every property of ``schema`` that pmf reads as a role (roles.ROLE), with its dotted name, through nested
    records (their ``$defs``) and lists of them."""
    from typing import get_args

    from pydantic import BaseModel

    from pmf.bilingual import is_marked
    from pmf.roles import ROLE

    found: list[tuple[str, object]] = []
    properties = schema.get("properties", {})
    assert isinstance(properties, dict)
    for name, field in model.model_fields.items():  # type: ignore[attr-defined]
        if is_marked(field, ROLE):
            found.append((f"{model.__name__}.{name}", properties[name]))
            continue
        stack, seen = [*get_args(field.annotation), field.annotation], set()
        while stack:
            kind = stack.pop()
            if isinstance(kind, type) and issubclass(kind, BaseModel) and kind.__name__ in defs and kind not in seen:
                seen.add(kind)
                found += _role_properties(kind, defs[kind.__name__], defs)  # type: ignore[arg-type]
            else:
                stack += list(get_args(kind))
    return found


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_role_refuses_an_email_address_as_pmf_does(name: str) -> None:
    """A role in English, in Welsh or in both: the schema and pmf refuse the same '@' (roles.py)."""
    schema = json.loads(schema_text(name))
    found = dict(_role_properties(SCHEMAS[name], schema, schema.get("$defs", {})))
    if name in {"pmf", "review"}:
        assert found == {}  # no role in pmf.yaml or in a service review
        return
    assert found
    for where, prop in found.items():
        validator = Draft202012Validator({"$defs": schema.get("$defs", {}), **prop})  # type: ignore[dict-item]
        listed = prop.get("type") == "array"  # type: ignore[attr-defined]  # e.g. a plan's cabinet_members
        for good in ("Head of Waste Services", {"en": "Head of Housing", "cy": "Pennaeth Tai"}):
            assert validator.is_valid([good] if listed else good), (where, good)
        for bad in (
            "waste.manager@example.gov.uk",
            {"en": "waste@example.gov.uk", "cy": "Pennaeth Gwastraff"},
            {"en": "Head of Waste Services", "cy": "gwastraff@example.gov.uk"},
        ):
            errors = list(validator.iter_errors([bad] if listed else bad))
            assert errors, (where, bad)
            assert any("@" in str(e.schema.get("pattern", "")) for e in errors for e in [e, *e.context]), where


def test_schemas_take_the_default_matrix_while_pmf_yaml_holds_a_key_written_twice(tmp_path: Path) -> None:
    """A pmf.yaml with a key written twice has no valid settings: the schemas take the default 5x5 matrix, as for a
    pmf.yaml with any other problem, where the first of the two was taken as though the file were sound."""
    from typer.testing import CliRunner

    from pmf.cli import app

    repo = tmp_path / "council"
    runner = CliRunner()
    assert runner.invoke(app, ["init", str(repo), "--hooks-repo", "https://example.org/pmf.git"]).exit_code == 0
    settings = repo / "pmf.yaml"
    text = settings.read_text().replace("  likelihood: 5\n  impact: 5", "  likelihood: 4\n  impact: 6")
    settings.write_text(text + "risk_matrix:\n  likelihood: 3\n  impact: 3\n")
    result = runner.invoke(app, ["schema", "--root", str(repo), "--out", str(repo / "schemas")])
    assert result.exit_code == 0, result.output
    score = json.loads((repo / "schemas/risk.schema.json").read_text())["$defs"]["Score"]["properties"]
    assert (score["likelihood"]["maximum"], score["impact"]["maximum"]) == (5, 5)
