"""Shared fixtures: a small valid plans repository copied fresh for each test."""

from __future__ import annotations

import shutil
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
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
