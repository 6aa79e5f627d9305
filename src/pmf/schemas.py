"""JSON Schemas generated from the models, for editors (YAML language server) and other tools."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pmf.assessment import Assessment, PanelAssessment, ServiceReview
from pmf.improvement import PriorityArea, RegulatorReport
from pmf.models import Measure, Plan, Risk, Settings

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


def schema_text(name: str) -> str:
    """The schema of one file kind, as committed in ``schemas/<name>.schema.json``."""
    schema: dict[str, Any] = SCHEMAS[name].model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    from pmf.yamlio import write_atomic

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMAS:
        path = folder / f"{name}.schema.json"
        write_atomic(path, schema_text(name))
        written.append(path)
    return written
