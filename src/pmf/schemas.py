"""JSON Schemas generated from the models, for editors (YAML language server) and other tools."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pmf.actions import PriorityArea, RegulatorReport
from pmf.assessment import Assessment, PanelAssessment, ServiceReview
from pmf.models import Measure, Plan, Risk
from pmf.settings import Settings

SCHEMAS: dict[str, type[BaseModel]] = {
    "pmf": Settings,
    "plan": Plan,
    "measure": Measure,
    "risk": Risk,
    "assessment": Assessment,
    "review": ServiceReview,
    "regulator": RegulatorReport,
    "improvement": PriorityArea,
    "panel": PanelAssessment,
}

# The files each schema describes, as globs from the repository's top (editors map them).
FILES: dict[str, list[str]] = {
    "pmf": ["pmf.yaml"],
    "plan": ["plans/*/plan-*.yaml"],
    "measure": ["plans/*/measures/*.yaml"],
    "risk": ["plans/*/risks/*.yaml"],
    "assessment": ["assessments/*.yaml"],
    "review": ["plans/*/review-*.yaml"],
    "regulator": ["regulators/*.yaml"],
    "improvement": ["improvement/*.yaml"],
    "panel": ["panel/*.yaml"],
}


SCHEMA_ID = "urn:pmf:schema:{name}"


def schema_text(name: str, settings: Settings | None = None) -> str:
    """The schema of one file kind, as ``pmf schema`` writes it for a repository with ``settings``.

    Strict as pmf where one field decides: numbers are numbers, periods and financial years
    match their forms, risk scores stay on the repository's matrix (pmf.yaml), every
    property carries the guide's description (English, and Welsh for editors) and an example.
    Only rules comparing two fields (or files) are left to ``pmf validate``.
    """
    schema: dict[str, Any] = SCHEMAS[name].model_json_schema()
    _strict(schema, settings or Settings.model_construct(organisation=""))
    from pmf.guidance import describe

    describe(schema, SCHEMAS[name].__name__)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID.format(name=name), **schema}
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def _strict(schema: dict[str, Any], settings: Settings) -> None:
    """Tighten pydantic's schema where pmf's own checks are tighter and need no second field."""
    from pmf.fields import LARGEST, FinancialYear
    from pmf.periods import FINANCIAL_YEAR_PATTERN, PERIOD_PATTERN

    metadata: tuple[Any, ...] = getattr(FinancialYear, "__metadata__", ())
    year = next(m.description for m in metadata if getattr(m, "description", None))
    periods = {("Outturn", "period"), ("ActivityUpdate", "period")}

    def walk(node: Any, owner: str) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item, owner)
            return
        if not isinstance(node, dict):
            return
        if node.get("description") == year:
            node["pattern"] = FINANCIAL_YEAR_PATTERN
        branches = node.get("anyOf", [])
        if {"type": "number"} in branches and {"type": "string"} in branches:
            branches.remove({"type": "string"})  # a number written as text is a mistake in a plan file
            if len(branches) == 1:
                node.update(node.pop("anyOf")[0])
        if node.get("type") == "number":  # a figure pmf can compute with (models.LARGEST)
            node.setdefault("minimum", -LARGEST)
            node.setdefault("maximum", LARGEST)
        for key, value in node.get("properties", {}).items():
            if (owner, key) == ("SignOff", "approved_by"):  # one name or a list: neither may be empty
                for branch in value.get("anyOf", []):
                    branch.update({"minItems": 1} if branch.get("type") == "array" else {"minLength": 1})
            if (owner, key) in periods:
                target = (
                    value
                    if value.get("type") == "string"
                    else next(b for b in value.get("anyOf", []) if b.get("type") == "string")
                )
                target["pattern"] = PERIOD_PATTERN
            walk(value, owner)
        for key, value in node.items():
            if key == "$defs":
                for name, definition in value.items():
                    walk(definition, name)
            elif key != "properties":
                walk(value, owner)

    walk(schema, schema.get("title", ""))
    score = schema.get("$defs", {}).get("Score", {}).get("properties", {})
    matrix = settings.risk_matrix
    for axis, size in (("likelihood", matrix.likelihood), ("impact", matrix.impact)):
        if axis in score:
            score[axis]["maximum"] = size


def repository_settings(root: Path | None) -> Settings | None:
    """The settings of the repository at ``root`` (its risk matrix sizes the schemas), if it has valid ones."""
    from pydantic import ValidationError

    from pmf.fields import FROM_FILE
    from pmf.yamlio import Document
    from pmf.yamlscreen import YamlProblem

    if root is None or not (root / "pmf.yaml").is_file():
        return None
    try:
        data = Document.load(root / "pmf.yaml").data
        return Settings.model_validate(data, context=FROM_FILE)
    except (YamlProblem, ValidationError, OSError):
        return None


def write_schemas(folder: Path, settings: Settings | None = None) -> list[Path]:
    from pmf.atomic import write_atomic

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMAS:
        path = folder / f"{name}.schema.json"
        write_atomic(path, schema_text(name, settings))
        written.append(path)
    return written
