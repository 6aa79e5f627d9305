"""The kit `pmf init` writes: pre-commit hooks, editor settings, the CI workflow and git, each tried for real."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from pmf.cli import app
from pmf.kit import is_remote, requirement
from pmf.repository import CONFIG, FOLDERS, plan_files
from pmf.schemas import FILES, SCHEMAS

ROOT = Path(__file__).parent.parent
runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Performance Team",
    "GIT_AUTHOR_EMAIL": "performance@example.org",
    "GIT_COMMITTER_NAME": "Performance Team",
    "GIT_COMMITTER_EMAIL": "performance@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}

# One broken file in each folder pmf reads, as a hurried edit leaves it: (file, text, what validate says).
BROKEN = {
    "plans": (
        "plans/example/measures/EX-01.yaml",
        None,  # the measure pmf init wrote, with its polarity misspelt
        "plans/example/measures/EX-01.yaml:15:11: polarity: must be one of",
    ),
    "assessments": (
        "assessments/2026-27-mid-year.yaml",
        "financial_year: 2026-27\nwindow: midyear\n",
        "assessments/2026-27-mid-year.yaml:2:9: window: must be one of",
    ),
    "regulators": (
        "regulators/AW-01.yaml",
        "id: AW-01\ntitle: Audit Wales review\nrecieved: 2026-05-01\n",
        "regulators/AW-01.yaml:3:1: recieved: unknown key 'recieved'",
    ),
    "improvement": (
        "improvement/IMP-01.yaml",
        "id: IMP-01\ntitle: [unclosed\n",
        "improvement/IMP-01.yaml:",
    ),
    "panel": (
        "panel/2026-27.yaml",
        "financial_year: 2026-27\nreceived: 28/03/2026\n",
        "panel/2026-27.yaml:",
    ),
}


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _hook(name: str) -> dict[str, object]:
    hooks = YAML(typ="safe").load(ROOT / ".pre-commit-hooks.yaml")
    return next(h for h in hooks if h["id"] == name)


def _glob(pattern: str) -> re.Pattern[str]:
    """An editor's glob as a regular expression: '*' stays inside one folder."""
    return re.compile("".join("[^/]*" if part == "*" else re.escape(part) for part in re.split(r"(\*)", pattern)))


def test_the_validate_hook_runs_for_every_file_pmf_reads() -> None:
    files = re.compile(str(_hook("pmf-validate")["files"]))
    read = [p.relative_to(ROOT).as_posix() for p in plan_files(ROOT)]
    assert any(p.startswith("regulators/") for p in read)
    for path in [*read, CONFIG, *(f"{folder}/any/file.yaml" for folder in FOLDERS), "panel/2026-27.yaml"]:
        assert files.search(path), f"pre-commit would skip {path}"
    for other in ("reports/mid-year.yaml", "schemas/pmf.yaml", "docs/pmf.yaml", "pmf.yaml.bak"):
        assert not files.search(other), other


def test_editors_map_a_schema_to_every_file_pmf_reads(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    code, _, err = invoke("init", str(folder), "--hooks-repo", "https://example.org/pmf.git", "--hooks-rev", "v1")
    assert code == 0, err
    mapping = json.loads((folder / ".vscode/settings.json").read_text())["yaml.schemas"]
    assert sorted(FILES) == sorted(SCHEMAS)
    assert sorted(mapping) == sorted(f"./schemas/{name}.schema.json" for name in FILES)
    demo = [p.relative_to(ROOT).as_posix() for p in plan_files(ROOT)]
    for path in demo:
        kinds = [s for s, globs in mapping.items() if any(_glob(g).fullmatch(path) for g in globs)]
        assert len(kinds) == 1, f"{path}: mapped to {kinds}"
        assert (folder / kinds[0]).is_file()
    used = {s for s, globs in mapping.items() for path in demo if any(_glob(g).fullmatch(path) for g in globs)}
    assert {"./schemas/regulator.schema.json", "./schemas/review.schema.json", "./schemas/panel.schema.json"} <= used


@pytest.mark.parametrize(
    ("source", "rev", "expected", "remote"),
    [
        pytest.param(
            "https://github.com/council/pmf.git", "v1.0.0", "pmf @ git+https://github.com/council/pmf.git@v1.0.0", True
        ),
        pytest.param(
            "git@github.com:council/pmf.git", "abc", "pmf @ git+ssh://git@github.com/council/pmf.git@abc", True
        ),
        pytest.param("/srv/pmf", "abc", "pmf @ git+file://localhost/srv/pmf@abc", False, id="a-folder"),
        pytest.param("file:///srv/pmf", "abc", "pmf @ git+file://localhost/srv/pmf@abc", False, id="a-file-url"),
    ],
)
def test_pip_is_given_a_url_it_accepts(source: str, rev: str, expected: str, remote: bool) -> None:
    assert requirement(source, rev) == expected
    assert is_remote(source) is remote


@needs_git
def test_init_makes_a_git_repository_and_commits_only_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    plain, committed = tmp_path / "plain", tmp_path / "committed"
    code, _, err = invoke("init", str(plain), "--hooks-repo", "https://example.org/pmf.git", "--hooks-rev", "v1")
    assert code == 0, err
    assert f"made {plain} a git repository\n" in err
    assert "only this machine has" not in err
    assert (plain / ".git").is_dir()
    log = subprocess.run(["git", "-C", str(plain), "log"], capture_output=True, text=True, check=False)
    assert log.returncode != 0  # no commit yet
    code, _, err = invoke("init", str(committed), "--commit", "--organisation", "Cyngor Sir Enghreifftiol")
    assert code == 0, err
    assert "and committed its files" in err
    assert "which only this machine has: pass --hooks-repo" in err
    log = subprocess.run(
        ["git", "-C", str(committed), "log", "--format=%s", "--name-only"], capture_output=True, text=True, check=True
    ).stdout
    assert log.startswith("Plans repository for Cyngor Sir Enghreifftiol, from pmf init\n")
    assert "plans/example/measures/EX-01.yaml" in log and ".github/workflows/pmf.yml" in log
    inner = plain / "second"  # inside a repository already: no repository within a repository
    code, _, err = invoke("init", str(inner), "--hooks-repo", "https://example.org/pmf.git", "--hooks-rev", "v1")
    assert code == 0 and "inside a git repository already" in err
    assert not (inner / ".git").exists()


def test_check_reports_plans_that_do_not_validate_in_the_format_asked(repo: Path) -> None:
    measure = repo / "plans/waste/measures/WST-01.yaml"
    measure.write_text(measure.read_text().replace("polarity: higher_is_better", "polarity: up"))
    code, out, err = invoke("check", "--root", str(repo), "--format", "github", "--as-of", "2026-01-10")
    assert code == 1
    assert out.startswith("::error file=plans/waste/measures/WST-01.yaml,line=")
    assert "::polarity: must be one of" in out
    assert err == "1 problem in 1 file\n"
    code, out, _ = invoke("check", "--root", str(repo), "--format", "json", "--as-of", "2026-01-10")
    assert code == 1
    (problem,) = json.loads(out)
    assert (problem["file"], problem["key_path"], problem["severity"]) == (
        "plans/waste/measures/WST-01.yaml",
        "polarity",
        "error",
    )
    code, out, err = invoke("check", "--root", str(repo), "--as-of", "2026-01-10")
    assert (code, out) == (1, "")
    assert "WST-01.yaml:" in err and "polarity: must be one of" in err


@pytest.fixture(scope="module")
def pmf_checkout(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This working tree as a git repository of its own, so pre-commit and pip get the code under test."""
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    copy = tmp_path_factory.mktemp("pmf-source") / "pmf"
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
    env = {**os.environ, **GIT_ENV}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "pmf under test"]):
        subprocess.run(["git", "-C", str(copy), *args], check=True, env=env)
    rev = subprocess.run(["git", "-C", str(copy), "rev-parse", "HEAD"], capture_output=True, text=True, check=True)
    return copy, rev.stdout.strip()


def _council(tmp_path: Path, source: Path, rev: str) -> Path:
    folder = tmp_path / "council"
    code, _, err = invoke(
        "init", str(folder), "--hooks-repo", str(source), "--hooks-rev", rev, "--as-of", "2026-11-23", "--commit"
    )
    assert code == 0, err
    return folder


def _break(folder: Path, where: str) -> str:
    name, text, said = BROKEN[where]
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if text is None:
        text = path.read_text().replace("polarity: higher_is_better", "polarity: upwards")
    path.write_text(text)
    return said


@needs_git
def test_pre_commit_runs_the_published_hooks_and_fails_on_a_broken_file_in_each_folder(
    tmp_path: Path, pmf_checkout: tuple[Path, str]
) -> None:
    folder = _council(tmp_path, *pmf_checkout)
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    exe = str(Path(sys.executable).parent / "pre-commit")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([exe, "run", *args], cwd=folder, env=env, capture_output=True, text=True, check=False)

    ok = run("pmf-validate", "--all-files")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "Passed" in ok.stdout
    for where in BROKEN:
        said = _break(folder, where)
        subprocess.run(["git", "add", "-A"], cwd=folder, check=True, env=env)  # pre-commit checks what is staged
        bad = run("pmf-validate", "--all-files")
        assert bad.returncode == 1, f"{where}: {bad.stdout}"
        assert "Failed" in bad.stdout and said in bad.stdout, bad.stdout
        subprocess.run(["git", "reset", "-q", "--hard"], cwd=folder, check=True, env=env)
        subprocess.run(["git", "clean", "-qfd"], cwd=folder, check=True, env=env)
    check = run("--hook-stage", "manual", "pmf-check", "--all-files")
    assert check.returncode == 1 and "is not signed off" in check.stdout  # a fresh council's plan, unsigned


def _deps_only(folder: Path) -> Path:
    """A folder showing pmf's installed dependencies but not pmf itself, so pip needs no network."""
    site = Path(next(p for p in sys.path if p.endswith("site-packages") and Path(p).is_dir()))
    folder.mkdir()
    for entry in site.iterdir():
        if not entry.name.lower().startswith(("pmf", "__editable__", "_pmf")):
            (folder / entry.name).symlink_to(entry)
    return folder


@needs_git
def test_the_workflow_steps_install_pmf_and_annotate_a_broken_file(
    tmp_path: Path, pmf_checkout: tuple[Path, str]
) -> None:
    """Every `run:` of the workflow, in order, in a fresh environment; PMF_REQUIREMENT as the file says to set it."""
    source, rev = pmf_checkout
    folder = _council(tmp_path, source, rev)
    workflow = YAML(typ="safe").load(folder / ".github/workflows/pmf.yml")
    steps = [step["run"] for step in workflow["jobs"]["plans"]["steps"] if "run" in step]
    assert steps[0] == 'python -m pip install "$PMF_REQUIREMENT"'
    assert workflow["env"]["PMF_REQUIREMENT"] == f"pmf @ git+file://localhost{source}@{rev}"
    scratch = tmp_path / "runner"
    venv.create(scratch, with_pip=False)  # pip, like every dependency, comes from the deps folder
    purelib = next(scratch.glob("lib/python3*/site-packages"))
    (purelib / "deps.pth").write_text(f"{_deps_only(tmp_path / 'deps')}\n")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUAL_ENV"))},
        **workflow["env"],
        "PATH": f"{scratch / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "PIP_NO_INDEX": "1",  # pmf's dependencies are already there; pmf itself comes from PMF_REQUIREMENT
        "PIP_NO_BUILD_ISOLATION": "0",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }

    def run(command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["bash", "-c", command], cwd=folder, env=env, capture_output=True, text=True, check=False)

    installed = run(steps[0])
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert shutil.which("pmf", path=str(scratch / "bin")) == str(scratch / "bin" / "pmf")
    validated = run(steps[1])
    assert (validated.returncode, validated.stdout) == (0, ""), validated.stderr
    _break(folder, "plans")
    annotated = run(steps[1])
    assert annotated.returncode == 1
    assert annotated.stdout.startswith("::error file=plans/example/measures/EX-01.yaml,line=15,col=11::polarity:")
    checked = run(steps[2])
    assert checked.returncode == 1 and checked.stdout.startswith("::error file=plans/example/measures/EX-01.yaml")
