"""The committed JSON Schemas match the models, and an independent validator accepts the demo plans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from pmf.schemas import SCHEMAS, schema_text

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_is_fresh(name: str) -> None:
    committed = (ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(name), "schemas/ is stale: run `make schemas`"


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
    validator = Draft202012Validator(json.loads(schema_text(kind)))
    files = _files(kind)
    assert files, f"the demo council has no {kind} files"
    yaml = YAML(typ="safe")
    for path in files:
        errors = list(validator.iter_errors(_jsonable(yaml.load(path))))
        assert not errors, f"{path}: {errors[0].message}"
