"""The kit `pmf init` writes beside the plans: the CI workflow, pre-commit, editor settings and git."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pmf import git
from pmf.errors import UsageError

WORKFLOW = """\
# Checks every pull request: problems appear as annotations on the diff.
name: pmf
on: [pull_request, push]
env:
  # Where pmf is installed from: any requirement pip accepts, such as a git repository at a
  # tag or commit ("pmf @ git+https://host/pmf.git@v1.0.0") or a folder in this repository.
  PMF_REQUIREMENT: $requirement
jobs:
  plans:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: python -m pip install "$$PMF_REQUIREMENT"
      - run: pmf validate --format github
      - run: pmf check --format github
"""

PRE_COMMIT = """\
# pmf's own hooks check the plans before each commit (pre-commit install).
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: pmf-validate
      - id: pmf-check
"""

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_SCP = re.compile(r"([\w.-]+@[\w.-]+):(?!//)(.+)")  # git@github.com:council/pmf.git


def is_remote(source: str) -> bool:
    """Whether a git source names another machine (a URL or ``user@host:path``), not a folder here."""
    return bool(_URL.match(source) and not source.startswith("file:")) or bool(_SCP.fullmatch(source))


def requirement(source: str, rev: str) -> str:
    """The pip requirement for pmf from git ``source`` at ``rev``.

    pip takes only URLs after ``git+`` (it refuses ``git+/path``: "It looks like a path"), and
    older pip only those naming a host: a folder becomes ``file://localhost/path`` and
    ``user@host:path`` becomes ``ssh://user@host/path``.
    """
    if _URL.match(source):
        url = source
    elif match := _SCP.fullmatch(source):
        url = f"ssh://{match[1]}/{match[2]}"
    else:
        url = Path(source).resolve().as_uri()
    if url.startswith("file:///"):
        url = "file://localhost/" + url.removeprefix("file:///")
    return f"pmf @ git+{url}@{rev}"


def workflow_text(source: str, rev: str) -> str:
    from string import Template

    return Template(WORKFLOW).substitute(requirement=json.dumps(requirement(source, rev)))


def pre_commit_text(source: str, rev: str) -> str:
    from string import Template

    return Template(PRE_COMMIT).substitute(repo=json.dumps(source), rev=json.dumps(rev))


def editor_settings() -> str:
    """``.vscode/settings.json``: each schema mapped to the files it describes (YAML language server)."""
    from pmf.schemas import FILES

    mapping = {f"./schemas/{name}.schema.json": globs for name, globs in FILES.items()}
    return json.dumps({"yaml.schemas": mapping, "files.insertFinalNewline": True}, indent=2) + "\n"


def git_init(folder: Path, *, commit: bool, message: str) -> str:
    """Make ``folder`` a git repository (unless it is inside one); with ``commit``, commit its files.

    Returns what was done, in a sentence. Inside an existing repository only ``folder``'s
    files are committed.
    """
    try:
        inside = _git(folder, "rev-parse", "--is-inside-work-tree", check=False).strip() == "true"
    except FileNotFoundError:
        return f"git is not installed: run `git init` in {folder} to keep the plans' history"
    done = f"{folder} is inside a git repository already" if inside else f"made {folder} a git repository"
    if not inside:
        _git(folder, "init", "--quiet")
    if not commit:
        return done
    _git(folder, "add", "--all", "--", ".")
    _git(folder, "commit", "--quiet", "--message", message, "--", ".")
    return f"{done}, and committed its files"


def _git(folder: Path, *args: str, check: bool = True) -> str:
    try:
        return git.run(folder, *args)
    except git.Refused as exc:
        if check:
            raise UsageError(f"git {args[0]} failed in {folder}: {exc.why}") from None
        return exc.stdout
