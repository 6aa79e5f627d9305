"""pmf's layers hold: the import-linter contracts in pyproject.toml are kept (docs/architecture.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_the_import_contracts_are_kept() -> None:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "Contracts: 3 kept, 0 broken." in done.stdout


def test_every_module_has_its_layer() -> None:
    """A new module is placed in a layer (pyproject.toml and docs/architecture.md), not left unchecked."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    [layers] = [c for c in config["contracts"] if c["type"] == "layers"]
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
