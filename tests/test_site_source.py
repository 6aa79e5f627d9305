"""What `pmf site` builds from, and what it says of it: the commit on --as-of, or why the files as they are."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from typer.testing import CliRunner

from pmf.cli import app

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
AS_THEY_ARE = "built from the files as they are"


def _git(root: Path, *args: str, when: str = "2026-11-21") -> None:
    """git in ``root`` on the day ``when``, so what is committed by a day never depends on the clock."""
    who = {"NAME": "Performance Officer", "EMAIL": "performance@example.org", "DATE": f"{when}T09:00:00"}
    env = {**os.environ, **{f"GIT_{role}_{k}": v for role in ("AUTHOR", "COMMITTER") for k, v in who.items()}}
    subprocess.run(["git", *args], cwd=root, check=True, env=env, capture_output=True)


def _site(root: Path, out: Path, as_of: str) -> list[str]:
    result = runner.invoke(app, ["site", "--root", str(root), "--out", str(out), "--as-of", as_of])
    assert result.exit_code == 0, result.stderr
    said = result.stderr.splitlines()
    assert said[0].startswith("wrote ")
    return said[1:]


def _repository(initialised_in_november: Path, *, committed: bool = False) -> Path:
    """The repository `pmf init` wrote, in git; with ``committed``, all of it committed on 21 November."""
    root = initialised_in_november
    if not (root / ".git").exists():
        _git(root, "init", "-q")
    if committed:
        _git(root, "add", "-A")
        _git(root, "commit", "-q", "-m", "plans")
    return root


def test_a_site_with_nothing_committed_says_so_and_not_that_the_commit_has_problems(
    initialised_in_november: Path, tmp_path: Path
) -> None:
    root = _repository(initialised_in_november)
    assert _site(root, tmp_path / "a", "2026-11-27") == [f"nothing committed yet: {AS_THEY_ARE}"]
    (root / "README.md").write_text("# Plans\n", encoding="utf-8")
    _git(root, "add", "README.md")
    _git(root, "commit", "-q", "-m", "README")
    assert _site(root, tmp_path / "b", "2026-11-27") == [
        f"the plans are not committed yet (the last commit by 27 November 2026 holds no pmf.yaml): {AS_THEY_ARE}"
    ]
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "plans")
    assert _site(root, tmp_path / "c", "2026-10-01") == [f"nothing committed by 1 October 2026: {AS_THEY_ARE}"]
    assert _site(root, tmp_path / "d", "2026-11-27") == []


def test_a_broken_file_not_committed_does_not_stop_a_site_built_from_a_clean_commit(
    initialised_in_november: Path, tmp_path: Path
) -> None:
    root = _repository(initialised_in_november, committed=True)
    (root / "plans/example/notes.yaml").write_text("notes: [\n", encoding="utf-8")
    assert _site(root, tmp_path / "site", "2026-11-27") == [
        "warning: the site shows the plans as committed; these files have changes not committed, which it leaves "
        "out (commit them and build the site again to publish them): plans/example/notes.yaml"
    ]
    assert (tmp_path / "site/measures/EX-01.html").is_file()


def test_a_site_of_an_earlier_day_names_what_changed_since_that_commit_and_a_deletion_it_still_shows(
    initialised_in_november: Path, tmp_path: Path
) -> None:
    root = _repository(initialised_in_november, committed=True)
    measure = root / "plans/example/measures/EX-01.yaml"
    measure.write_text(measure.read_text(encoding="utf-8") + "# revised\n", encoding="utf-8")
    _git(root, "commit", "-q", "-am", "revised", when="2026-11-25")
    said = _site(root, tmp_path / "a", "2026-11-22")
    assert len(said) == 1 and said[0].startswith("warning: the site shows the plans as committed by 22 November 2026")
    assert said[0].endswith("; these files have changed since, which it leaves out: plans/example/measures/EX-01.yaml")
    risk = next((root / "plans/example/risks").glob("*.yaml"))
    risk.unlink()
    gone = risk.relative_to(root).as_posix()
    assert _site(root, tmp_path / "b", "2026-11-27") == [
        "warning: these files are deleted but the deletion is not committed, so the site still shows them as "
        f"committed (commit the deletion and build the site again to take them off): {gone}"
    ]
    assert risk.stem in (tmp_path / "b/services/example.html").read_text(encoding="utf-8")


def test_a_figure_to_come_is_refused_naming_the_commit_the_site_is_built_from(
    initialised_in_november: Path, tmp_path: Path
) -> None:
    """A figure for a period not begun, in an older commit the site is built from with --as-of, is named with
    that commit and its day, not as the last commit."""
    root = _repository(initialised_in_november)
    measure = root / "plans" / "example" / "measures" / "EX-01.yaml"
    with measure.open("a", encoding="utf-8") as handle:
        handle.write("outturns:\n  - period: 2026-27 Q4\n    value: 50\n")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "plans", when="2026-11-21")
    first = subprocess.run(["git", "rev-parse", "--short=7", "HEAD"], cwd=root, capture_output=True, text=True)
    (root / "README.md").write_text("# Plans\n", encoding="utf-8")
    _git(root, "add", "README.md")
    _git(root, "commit", "-q", "-m", "README", when="2026-11-25")
    for as_of, where in (
        ("2026-11-22", f"as committed by 22 November 2026 (commit {first.stdout.strip()})"),
        ("2026-11-27", "as last committed"),
    ):
        result = runner.invoke(app, ["site", "--root", str(root), "--out", str(tmp_path / as_of), "--as-of", as_of])
        assert result.exit_code == 1
        assert (
            "2026-27 Q4 has not begun" in result.stderr and f"({where}, which the site is built from)" in result.stderr
        )
