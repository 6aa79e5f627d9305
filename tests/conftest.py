"""Shared fixtures: a small valid plans repository copied fresh for each test."""

from __future__ import annotations

import difflib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
BASE = DATA / "base"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite golden report files.")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of tests/data/base: one service, two measures, one risk, all valid."""
    target = tmp_path / "repo"
    shutil.copytree(BASE, target)
    return target


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare rendered text with tests/data/golden/NAME; `pytest --update-golden` rewrites it."""
    update = bool(request.config.getoption("--update-golden"))

    def check(name: str, text: str) -> None:
        path = DATA / "golden" / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        expected = path.read_text(encoding="utf-8")
        if text != expected:
            diff = "".join(
                difflib.unified_diff(expected.splitlines(True), text.splitlines(True), str(path), "rendered")
            )
            pytest.fail(f"{name} differs from its golden file (run pytest --update-golden to accept):\n{diff[:6000]}")

    return check
