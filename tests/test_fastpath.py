"""The cached answer of `pmf validate`: reused only while nothing it depends on has changed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PMF = str(Path(sys.executable).parent / "pmf")


def run(repo: Path, cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    env.pop("PMF_NO_CACHE", None)
    return subprocess.run(
        [PMF, "validate", "--root", str(repo), *args], capture_output=True, text=True, env=env, check=False
    )


def test_warm_answers_equal_cold_and_change_with_the_files(repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = run(repo, cache)
    assert (cold.returncode, cold.stderr) == (0, "No problems found.\n")
    assert len(list((cache / "pmf").glob("validate-*.json"))) == 1
    warm = run(repo, cache)
    assert (warm.returncode, warm.stdout, warm.stderr) == (cold.returncode, cold.stdout, cold.stderr)

    measure = repo / "plans/waste/measures/WST-01.yaml"
    measure.write_text(measure.read_text().replace("polarity: higher_is_better", "polarity: upwards"))
    broken = run(repo, cache)
    assert broken.returncode == 1
    assert "plans/waste/measures/WST-01.yaml:5:11: polarity: must be one of" in broken.stderr
    again = run(repo, cache)
    assert (again.returncode, again.stderr) == (1, broken.stderr)
    uncached = run(repo, cache, "--no-cache", "--format", "json")
    assert uncached.returncode == 1 and '"polarity"' not in uncached.stderr
    assert len(list((cache / "pmf").glob("validate-*.json"))) == 2  # --no-cache kept nothing
