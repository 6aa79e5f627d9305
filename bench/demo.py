"""Copy the demo council (``plans/``, ``pmf.yaml``, assessments, regulators) N times into one repository.

Copy k of a service ``waste`` is ``plans/waste-k/``; every measure, risk and activity id in it
gets ``-k`` too, so ids stay unique and the repository still validates. Ten copies: 1,124 files.

    python bench/demo.py OUT [--copies 10]
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def copy_demo(out: Path, copies: int = 10, source: Path = REPO) -> Path:
    """Write the demo ``copies`` times into ``out`` (emptied first); return ``out``."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    shutil.copy(source / "pmf.yaml", out / "pmf.yaml")
    for extra in ("assessments", "regulators"):
        if (source / extra).is_dir():
            shutil.copytree(source / extra, out / extra)
    plans = source / "plans"
    ids = {p.stem for p in plans.glob("*/*/*.yaml")}
    for plan in plans.glob("*/plan-*.yaml"):
        ids |= set(re.findall(r"^\s*- id: ([A-Za-z0-9_-]+)", plan.read_text(encoding="utf-8"), re.M))
    one_id = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, ids), key=len, reverse=True)) + r")(?![\w-])")
    for k in range(copies):
        for service in sorted(p.name for p in plans.iterdir() if p.is_dir()):
            for path in sorted((plans / service).rglob("*.yaml")):
                rel = path.relative_to(plans / service)
                text = path.read_text(encoding="utf-8")
                if k:
                    text = one_id.sub(rf"\g<1>-{k}", text)
                    text = re.sub(rf"^id: {re.escape(service)}$", f"id: {service}-{k}", text, flags=re.M)
                    rel = rel.with_name(one_id.sub(rf"\g<1>-{k}", rel.name))
                target = out / "plans" / (f"{service}-{k}" if k else service) / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--copies", type=int, default=10)
    args = parser.parse_args()
    copy_demo(args.out, args.copies)


if __name__ == "__main__":
    main()
