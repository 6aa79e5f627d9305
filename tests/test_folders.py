"""A folder of plan files that pmf would pass over (a misnamed `measure/`, `Measures/`, a folder inside
`measures/`) is named with where its files belong; through pmf's real entry point, on repositories
`pmf init` and `pmf new` write and on the demo."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

MEASURES = "plans/example/measures"


def pmf(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    exe = str(Path(sys.executable).parent / "pmf")
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "300"}
    return subprocess.run([exe, *args], capture_output=True, text=True, check=False, cwd=cwd, env=env)


def told(root: Path, *files: str) -> list[str]:
    """What `pmf validate` says, a line each."""
    return pmf("validate", *files, "--as-of", "2026-11-10", cwd=root).stderr.splitlines()


@pytest.fixture
def council(tmp_path: Path) -> Path:
    root = tmp_path / "council"
    assert pmf("init", str(root), "--as-of", "2026-03-02", cwd=tmp_path).returncode == 0
    return root


def copy_measure(root: Path, to: str, ident: str) -> None:
    """EX-01 as pmf init wrote it, with another id, at ``to``."""
    text = (root / MEASURES / "EX-01.yaml").read_text(encoding="utf-8")
    (root / to).parent.mkdir(parents=True, exist_ok=True)
    (root / to).write_text(text.replace("EX-01", ident), encoding="utf-8")


# was: No problems found. (EX-05 and EX-06 were passed over without a word)
def test_a_misnamed_folder_and_one_inside_measures_are_named(council: Path) -> None:
    copy_measure(council, "plans/example/measure/EX-05.yaml", "EX-05")
    copy_measure(council, f"{MEASURES}/archive/EX-06.yaml", "EX-06")
    result = pmf("validate", "--as-of", "2026-11-10", cwd=council)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "plans/example/measure: pmf reads no folder 'measure' in a service folder, so EX-05.yaml in it is not read: "
        "did you mean 'measures'? pmf reads measures from plans/example/measures/: move EX-05.yaml there",
        f"{MEASURES}/archive: pmf reads no folder inside measures/, so EX-06.yaml in it is not read: pmf reads "
        "measures from plans/example/measures/: move EX-06.yaml there",
        "2 problems in 2 files",
    ]


# was: plans/example/plan-2026-27.yaml:21:9: outcomes[0].performance_measures[0]: no measure 'EX-01'
def test_a_measures_folder_with_a_capital_is_named_alone(council: Path) -> None:
    (council / MEASURES).rename(council / "plans/example/Measures")
    assert told(council) == [
        "plans/example/Measures: pmf reads no folder 'Measures' in a service folder, so EX-01.yaml in it is not "
        "read: did you mean 'measures'? pmf reads measures from plans/example/measures/: rename the folder "
        "'measures'",
        "1 problem in 1 file",
    ]


def test_a_measures_folder_with_a_capital_on_a_disk_where_capitals_count_the_same_is_read_and_to_be_renamed(
    council: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows or macOS plans/example/measures is the Measures folder: its files are read (not refused for
    edits), and the folder is named to be renamed for CI, which runs where capitals count."""
    import os

    from pmf.loader import check_portfolio

    (council / MEASURES).rename(council / "plans/example/Measures")
    (council / MEASURES).mkdir()  # on such a disk, the one folder under either name
    same = os.path.samefile
    monkeypatch.setattr(os.path, "samefile", lambda a, b: str(a).lower() == str(b).lower() or same(a, b))
    _, problems = check_portfolio(council)
    assert [p.text() for p in problems if p.path == "plans/example/Measures"] == [
        "plans/example/Measures: rename the folder 'Measures' to 'measures': pmf reads it here, but not where "
        "capitals count (Linux, where CI runs)"
    ]
    assert not [p for p in problems if "is not read" in p.message]


def test_risks_in_a_folder_of_another_name_are_named(council: Path) -> None:
    (council / "plans/example/risks").rename(council / "plans/example/risk")
    copy_measure(council, "plans/example/old/2025/EX-08.yaml", "EX-08")
    copy_measure(council, "plans/example/old/EX-09.yml", "EX-09")
    assert told(council) == [
        "plans/example/old: pmf reads no folder 'old' in a service folder, so the 2 YAML files in it are not read: "
        "pmf reads measures from plans/example/measures/ and risks from plans/example/risks/: move them there",
        "plans/example/risk: pmf reads no folder 'risk' in a service folder, so RSK-EX-01.yaml in it is not read: "
        "did you mean 'risks'? pmf reads risks from plans/example/risks/: rename the folder 'risks'",
        "2 problems in 2 files",
    ]


def test_validating_a_file_in_such_a_folder_names_the_folder(council: Path) -> None:
    copy_measure(council, f"{MEASURES}/archive/EX-06.yaml", "EX-06")
    result = pmf("validate", f"{MEASURES}/archive/EX-06.yaml", "--as-of", "2026-11-10", cwd=council)
    assert result.returncode == 1
    assert result.stderr.startswith(f"{MEASURES}/archive: pmf reads no folder inside measures/")
    assert told(council, f"{MEASURES}/EX-01.yaml") == ["No problems found."]


def test_hidden_folders_and_folders_without_plan_files_are_left_alone(council: Path) -> None:
    copy_measure(council, "plans/example/.versions/EX-05.yaml", "EX-05")
    copy_measure(council, f"{MEASURES}/.git/EX-06.yaml", "EX-06")
    (council / "plans/example/documents").mkdir()
    (council / "plans/example/documents/plan.docx").write_bytes(b"PK\x03\x04")
    assert told(council) == ["No problems found."]


def test_files_pmf_new_writes_give_no_problems(council: Path) -> None:
    for args in (
        ("service", "waste"),
        ("measure", "WST-01", "--service", "waste"),
        ("risk", "RSK-WST-01", "--service", "waste"),
    ):
        assert pmf("new", *args, "--as-of", "2026-03-10", cwd=council).returncode == 0
    assert not [line for line in told(council) if "folder" in line]


def test_the_demo_gives_no_problems_until_a_measure_is_put_away_in_a_folder(demo_council: Path) -> None:
    assert told(demo_council) == ["No problems found."]
    measure = next(demo_council.glob("plans/*/measures/*.yaml"))
    (measure.parent / "retired").mkdir()
    shutil.move(measure, measure.parent / "retired" / measure.name)
    service = measure.parent.parent.name
    assert (
        f"plans/{service}/measures/retired: pmf reads no folder inside measures/, so {measure.name} in it is not "
        f"read: pmf reads measures from plans/{service}/measures/: move {measure.name} there"
    ) in told(demo_council)


# was: plans/example/shared: pmf reads no folder 'shared' in a service folder, so the 3 YAML files in it are not
# read: ... (the folder the link leads to walked in full, however large: `ln -s /usr` took 4.4 s)
@pytest.mark.parametrize("beside", ["plans/example/shared", f"{MEASURES}/shared"])
def test_a_link_to_a_folder_outside_is_named_as_a_link_and_not_walked(
    council: Path, tmp_path: Path, beside: str
) -> None:
    outside = tmp_path / "shared drive"
    for n in range(3):
        (outside / f"year{n}").mkdir(parents=True)
        (outside / f"year{n}" / f"EX-1{n}.yaml").write_text(f"id: EX-1{n}\n", encoding="utf-8")
    (council / beside).symlink_to(outside, target_is_directory=True)
    assert told(council) == [
        f"{beside}: a link to a folder outside the plans repository: copy the folder in instead",
        "1 problem in 1 file",
    ]


def test_a_link_to_a_folder_inside_the_repository_is_not_walked(council: Path) -> None:
    """A link back to the service's own folder would find its measures 'not read', which are read: it is not
    followed, and said so in a warning, which stops nothing."""
    (council / "plans/example/itself").symlink_to("..", target_is_directory=True)
    (council / MEASURES / "up").symlink_to("../..", target_is_directory=True)
    (council / "plans/other/measures").mkdir(parents=True)
    copy_measure(council, "plans/other/measures/OT-01.yaml", "OT-01")
    (council / MEASURES / "other").symlink_to("../../other/measures", target_is_directory=True)
    assert told(council) == [
        "plans/example/itself: warning: a link to plans/, which pmf does not follow: it reads the plans where they "
        "are; remove the link",
        f"{MEASURES}/other: warning: a link to plans/other/measures/, which pmf does not follow: it reads (or "
        "tells of) the files there where they are, not here: remove the link",
        f"{MEASURES}/up: warning: a link to plans/, which pmf does not follow: it reads the plans where they are; "
        "remove the link",
        "plans/other: warning: this service has no plan: add plan-YYYY-YY.yaml (pmf new service writes one)",
        "4 warnings in 4 files",
    ]


def test_a_link_to_a_folder_elsewhere_in_the_repository_is_told_its_files_are_not_read(council: Path) -> None:
    """A measures folder kept outside plans/ (shared/) and linked into a service: its files were passed over
    without a word; now the link is named, with where its files belong, and its ids are not also told missing."""
    shared = council / "shared"
    shared.mkdir()
    copy_measure(council, "shared/EX-05.yaml", "EX-05")
    (council / "plans/example/shared").symlink_to("../../shared", target_is_directory=True)
    plan = council / "plans/example/plan-2026-27.yaml"
    plan.write_text(plan.read_text().replace("      - EX-01\n", "      - EX-01\n      - EX-05\n"))
    assert told(council) == [
        "plans/example/shared: a link to shared/, which pmf does not follow: pmf reads no folder 'shared' in a "
        "service folder, so EX-05.yaml in it is not read: pmf reads measures from plans/example/measures/ and "
        "risks from plans/example/risks/: move EX-05.yaml there",
        "1 problem in 1 file",
    ]


# was: plans/other: warning: this service has no plan: add plan-YYYY-YY.yaml (pmf new service writes one)
def test_validating_a_file_names_no_other_problem_of_a_folder_above_it(council: Path) -> None:
    copy_measure(council, "plans/other/measures/OT-01.yaml", "OT-01")
    assert any(line.startswith("plans/other: warning: this service has no plan") for line in told(council))
    assert told(council, "plans/other/measures/OT-01.yaml") == ["No problems found."]


def test_each_service_folder_is_listed_once(demo_council: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What `pmf validate` reads of a folder comes from one listing: its plan files and the folders beside them.
    (was: every service folder listed three times, its measures/ and risks/ twice)"""
    from typer.testing import CliRunner

    from pmf.cli import app

    listed: list[str] = []
    scandir = os.scandir

    def listing(path: str | os.PathLike[str]) -> object:
        listed.append(Path(path).relative_to(demo_council).as_posix())
        return scandir(path)

    monkeypatch.setattr(os, "scandir", listing)
    done = CliRunner().invoke(app, ["validate", "--root", str(demo_council), "--no-cache", "--as-of", "2026-11-10"])
    assert done.exit_code == 0, done.output
    services = sorted(p.relative_to(demo_council).as_posix() for p in demo_council.glob("plans/*"))
    folders = [f"{s}{sub}" for s in services for sub in ("", "/measures", "/risks")]
    assert len(services) == 8
    assert sorted(f for f in listed if f.count("/") >= 1) == folders
