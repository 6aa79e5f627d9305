"""pmf's layers hold: the import-linter contracts in pyproject.toml are kept (docs/architecture.md)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]


def lint_imports(where: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=where,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def test_the_import_contracts_are_kept() -> None:
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in done.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("site.py", "import subprocess", "Only pmf.git runs a program"),
        ("commands/history.py", "import subprocess", "Only pmf.git runs a program"),
        (
            "record.py",
            "from ruamel.yaml.nodes import MappingNode",
            "Only the YAML modules (yamlio, yamlcareful, nodes) import ruamel or PyYAML",
        ),
        ("reading.py", "import yaml", "Only the YAML modules (yamlio, yamlcareful, nodes) import ruamel or PyYAML"),
    ],
)
def test_a_module_reaching_past_its_one_door_breaks_a_contract(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    """A copy of pmf with one forbidden import added: lint-imports names the contract it breaks."""
    shutil.copytree(ROOT / "src/pmf", tmp_path / "src/pmf", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    source = tmp_path / "src/pmf" / module
    text = source.read_text(encoding="utf-8")
    source.write_text(f"{text}\n{line}  # noqa: E402\n", encoding="utf-8")
    done = lint_imports(tmp_path, {**os.environ, "PYTHONPATH": str(tmp_path / "src")})
    assert done.returncode != 0
    assert any(row.startswith(contract) and " BROKEN" in row for row in done.stdout.splitlines()), done.stdout
    assert f"Contracts: {len(CONTRACTS) - 1} kept, 1 broken." in done.stdout


def test_every_module_has_its_layer() -> None:
    """A new module is placed in a layer (pyproject.toml and docs/architecture.md), not left unchecked."""
    [layers] = [c for c in CONTRACTS if c["type"] == "layers"]
    placed = {name.strip() for layer in layers["layers"] for name in layer.replace("|", ":").split(":")}
    modules = {
        "pmf." + ".".join(p.relative_to(ROOT / "src/pmf").with_suffix("").parts)
        for p in (ROOT / "src/pmf").rglob("*.py")
        if p.name != "__init__.py"
    }
    modules = {m for m in modules if not m.startswith("pmf.commands.")} | {"pmf.commands"}
    unplaced = modules - placed - {"pmf.__main__", "pmf.console"}
    assert not unplaced, f"place these in a layer in pyproject.toml: {sorted(unplaced)}"
    architecture = (ROOT / "docs/architecture.md").read_text(encoding="utf-8")
    assert all(f"`{m.removeprefix('pmf.')}`" in architecture for m in placed - {"pmf.commands"}), "docs/architecture.md"


def test_no_date_is_written_with_a_format_windows_refuses() -> None:
    """``%-d`` (a day without its leading zero) is glibc's: Windows' strftime refuses it with a ValueError, so
    every message, report and sign-off line that wrote a date so was a traceback on a council's laptop."""
    assert _source_lines(r"%-[a-zA-Z]") == []


def test_no_month_is_named_by_the_process_s_locale() -> None:
    """strftime's month names and the calendar module's follow the process's LC_TIME, which any program that calls
    setlocale sets: a sign-off pmf writes into a plan, or a date in a message, would take that language's month.
    Every English month comes from ``i18n.MONTHS`` (``i18n.english_date``, ``english_month``, ``long_date``)."""
    assert _source_lines(r"%[bBh]\b|calendar\.month_(name|abbr)") == []


def _source_lines(pattern: str) -> list[str]:
    """Each line of pmf's code and templates that ``pattern`` finds, as ``file:line``."""
    import re

    return [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "src/pmf").rglob("*"))
        if path.suffix in {".py", ".j2", ".html", ".md"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(pattern, line)
    ]
