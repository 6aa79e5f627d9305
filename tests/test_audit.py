"""pmf audit and pmf history, on real git repositories made by the tests."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmf.cli import app

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


def commit(repo: Path, message: str, when: str, who: str = "Performance Officer") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": who,
        "GIT_AUTHOR_EMAIL": "performance@example.org",
        "GIT_COMMITTER_NAME": who,
        "GIT_COMMITTER_EMAIL": "performance@example.org",
        "GIT_AUTHOR_DATE": f"{when}T10:00:00+00:00",
        "GIT_COMMITTER_DATE": f"{when}T10:00:00+00:00",
    }
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=repo, check=True, env=env)
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=repo, check=True, capture_output=True, text=True
    ).stdout.strip()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_audit_names_late_target_and_revised_outturn(repo: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    commit(repo, "Plans for 2025-26", "2025-03-20")
    measure = repo / "plans/waste/measures/WST-01.yaml"
    edit(measure, "2025-26: {target: 68.0, tolerance: 64.0}", "2025-26: {target: 66.0, tolerance: 64.0}")
    lowered = commit(repo, "Lower the recycling target", "2025-06-01", who="Head of Waste Services")
    edit(measure, "    value: 66.2\n", "    value: 66.9\n")
    revised = commit(repo, "Revise Q1", "2025-11-15")
    edit(measure, "    value: 64.45\n", "    value: 64.5\n")
    commit(repo, "Correct Q2 before the deadline", "2025-10-20")

    result = runner.invoke(app, ["audit", "--root", str(repo), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    entries = json.loads(result.stdout)
    target = next(e for e in entries if e["change"] == "thresholds.2025-26.target")
    assert (target["old"], target["new"], target["commit"], target["author"]) == (
        68.0,
        66.0,
        lowered,
        "Head of Waste Services",
    )
    assert target["date"].startswith("2025-06-01")
    assert target["flag"] == "changed after the 2025-26 plan was signed off on 20 March 2025"
    q1 = next(e for e in entries if e["change"] == "outturns.2025-26 Q1.value")
    assert (q1["old"], q1["new"], q1["commit"]) == (66.2, 66.9, revised)
    assert q1["flag"] == "changed after it was reported (update due 31 October 2025)"
    q2 = next(e for e in entries if e["change"] == "outturns.2025-26 Q2.value")
    assert q2["flag"] is None

    text = runner.invoke(app, ["audit", "--root", str(repo)]).stdout
    assert text.rstrip().endswith("3 changes, 2 flagged")
    since = json.loads(
        runner.invoke(app, ["audit", "--root", str(repo), "--since", "2025-10-01", "--format", "json"]).stdout
    )
    assert {e["change"] for e in since} == {"outturns.2025-26 Q1.value", "outturns.2025-26 Q2.value"}

    history = json.loads(runner.invoke(app, ["history", "WST-01", "--root", str(repo), "--format", "json"]).stdout)
    row = next(r for r in history if (r["year"], r["what"]) == ("2025-26", "target"))
    assert (row["value"], row["commit"], row["author"]) == ("66.0", lowered, "Head of Waste Services")
    q1_row = next(r for r in history if r["what"] == "2025-26 Q1")
    assert (q1_row["value"], q1_row["status"], q1_row["commit"]) == ("66.9", "green", revised)


def test_not_a_git_repository_is_a_clear_message(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(repo.parent))  # never find a repository above the test's
    result = runner.invoke(app, ["audit", "--root", str(repo)])
    assert result.exit_code == 2
    assert "is not in a git repository" in result.stderr


def test_report_lists_late_changes_under_data_quality(repo: Path, tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    commit(repo, "Plans for 2025-26", "2025-03-20")
    edit(
        repo / "plans/waste/measures/WST-01.yaml",
        "2025-26: {target: 68.0, tolerance: 64.0}",
        "2025-26: {target: 65.0, tolerance: 64.0}",
    )
    sha = commit(repo, "Lower the target", "2025-09-01")
    args = ["report", "mid-year", "--year", "2025-26", "--root", str(repo), "--out", str(tmp_path), "--format", "md"]
    assert runner.invoke(app, args).exit_code == 0
    md = (tmp_path / "2025-26-mid-year.md").read_text()
    assert "**Changes made after sign-off or after the figures were reported** (1, from the git history):" in md
    assert (
        f"- WST-01: thresholds.2025-26.target changed from 68.0 to 65.0 on 1 September 2025 by Performance Officer (commit {sha[:10]})"
        in md
    )
    assert runner.invoke(app, [*args, "--no-audit"]).exit_code == 0
    assert "Changes made after sign-off" not in (tmp_path / "2025-26-mid-year.md").read_text()


def pmf(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """pmf through its real entry point."""
    exe = str(Path(sys.executable).parent / "pmf")
    return subprocess.run([exe, *args], capture_output=True, text=True, check=False, cwd=cwd)


def test_audit_markdown_keeps_html_and_links_from_commits_inert(repo: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    commit(repo, "Plans for 2025-26", "2025-03-20")
    measure = repo / "plans/waste/measures/WST-01.yaml"
    edit(
        measure,
        "title: Percentage of waste reused, recycled or composted",
        "title: '<iframe src=x></iframe> <script>alert(1)</script> | [click](javascript:alert(1))'",
    )
    edit(measure, "comment: Garden waste season.", "comment: '<a href=\"javascript:alert(2)\">go</a>'")
    commit(repo, "Retitle", "2025-06-01", who="Head of Waste Services")
    done = pmf("audit", "--format", "md", cwd=repo)
    assert done.returncode == 0, done.stderr
    rows = done.stdout.splitlines()
    assert len(rows) == 4 and all(row.count(" | ") == 7 for row in rows[2:])  # a '|' in the text keeps its cell
    for raw in ("<iframe", "<script", "<a href", " [click](javascript:"):  # the link's '[' comes escaped
        assert raw not in done.stdout, raw
    assert "&lt;iframe src=x&gt;&lt;/iframe&gt; &lt;script&gt;alert(1)&lt;/script&gt;" in done.stdout
    assert "\\[click](javascript:alert(1))" in done.stdout and "&lt;a href=" in done.stdout


def test_a_shallow_clone_says_its_history_is_cut_short(repo: Path, tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    commit(repo, "Plans for 2025-26", "2025-03-20")
    edit(
        repo / "plans/waste/measures/WST-01.yaml",
        "{target: 68.0, tolerance: 64.0}\n  2025-26",
        "{target: 66.0, tolerance: 64.0}\n  2025-26",
    )
    commit(repo, "Lower the target", "2025-06-01")
    edit(repo / "plans/waste/measures/WST-01.yaml", "    value: 66.2\n", "    value: 66.9\n")
    commit(repo, "Revise Q1", "2025-11-15")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    exceptions = ("report", "exceptions", "--year", "2025-26", "--as-of", "2026-01-10", "--out", str(tmp_path / "out"))
    for args in (("audit",), ("audit", "--format", "json"), ("history", "WST-01"), exceptions):
        done = pmf(*args, cwd=clone)
        assert done.returncode == 1, done.stderr
        assert done.stdout == ""
        assert done.stderr.startswith("pmf: the git history here is cut short (a shallow clone"), done.stderr
        assert "'git fetch --unshallow'" in done.stderr and "'fetch-depth: 0'" in done.stderr
    subprocess.run(["git", "fetch", "-q", "--unshallow"], cwd=clone, check=True)
    done = pmf("audit", cwd=clone)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "2 changes, 1 flagged"


def test_a_sign_off_dated_after_today_is_refused_and_never_taken_as_the_day_of_sign_off(initialised: Path) -> None:
    """A sign-off typed 2027 for 2026 passed pmf validate, pmf check called the plan "signed off late, on 31
    March 2027", a day not yet come, and pmf audit flagged no target changed after the real sign-off."""
    plan = initialised / "plans/example/plan-2026-27.yaml"
    edit(plan, "# sign_off: {approved_by: Cabinet Member for the service, date: 2026-03-31}", SIGNED_2027)
    commit(initialised, "Plan signed off", "2026-03-31")
    validated = pmf("validate", "--as-of", "2026-04-02", cwd=initialised)
    assert validated.returncode == 1
    assert validated.stderr.splitlines() == [
        "plans/example/plan-2026-27.yaml:34:63: sign_off.date: 31 March 2027 has not come: today is 2 April 2026. "
        "Check the year: a sign-off is written once the Cabinet Member has approved the plan",
        "1 problem in 1 file",
    ]
    checked = pmf("check", "--as-of", "2026-04-02", cwd=initialised)
    assert checked.returncode == 1 and "signed off late" not in checked.stderr
    assert (
        "plans/example/plan-2026-27.yaml:34:63: example: the 2026-27 plan's sign-off is dated 31 March 2027, a day "
        "not yet come, so it is not taken as signed off (overdue): check the year (pmf validate --as-of 2026-04-02 names it)"
    ) in checked.stderr
    edit(
        initialised / "plans/example/measures/EX-01.yaml",
        "2026-27: {target: 70.0, tolerance: 65.0}",
        "2026-27: {target: 50.0, tolerance: 40.0}",
    )
    commit(initialised, "Lower the target", "2026-06-01")
    audited = pmf("audit", "--as-of", "2026-11-27", "--format", "json", cwd=initialised)
    assert audited.returncode == 0, audited.stderr
    flag = (
        "changed under the 2026-27 plan's sign-off dated 31 March 2027, a day not yet come: check the year of its "
        "sign-off"
    )
    assert {e["change"]: e["flag"] for e in json.loads(audited.stdout)} == {
        "thresholds.2026-27.target": flag,
        "thresholds.2026-27.tolerance": flag,
    }


SIGNED_2027 = "sign_off: {approved_by: Cabinet Member for Environment, date: 2027-03-31}"


def test_a_measure_listed_in_a_signed_off_plan_or_taken_out_of_it_is_flagged(initialised: Path) -> None:
    """A red measure dropped from the signed-off plan and a new one added with its target set then left no
    trail: pmf audit said 0 changes, 0 flagged, and pmf new measure said nothing of the sign-off."""
    plan = initialised / "plans/example/plan-2026-27.yaml"
    signed = "sign_off: {approved_by: Cabinet Member for Environment, date: 2026-03-31}"
    edit(plan, "# sign_off: {approved_by: Cabinet Member for the service, date: 2026-03-31}", signed)
    assert (
        pmf("new", "measure", "EX-02", "--service", "example", "--as-of", "2026-03-10", cwd=initialised).returncode == 0
    )
    commit(initialised, "Plan signed off", "2026-03-31")
    edit(plan, "      - EX-01\n", "")
    added = pmf("new", "measure", "EX-03", "--service", "example", "--as-of", "2026-10-20", cwd=initialised)
    assert added.returncode == 0 and (initialised / "plans/example/measures/EX-03.yaml").exists()
    assert added.stderr.splitlines()[-1] == (
        "warning: the 2026-27 plan was signed off on 31 March 2026, so EX-03 joins it after sign-off, its target set "
        "now: pmf audit --as-of 2026-10-20 flags the change; take it to the Cabinet Member with the plan"
    )
    sha = commit(initialised, "Tidy the plan", "2026-10-20")
    audited = pmf("audit", "--as-of", "2026-11-27", cwd=initialised)
    assert audited.returncode == 0, audited.stderr
    assert audited.stdout.splitlines() == [
        f"2026-10-20 {sha[:10]} Performance Officer: EX-01 plan-2026-27.performance_measures: EX-01 -> none  "
        "FLAGGED: taken out of the 2026-27 plan after it was signed off on 31 March 2026",
        f"2026-10-20 {sha[:10]} Performance Officer: EX-03 plan-2026-27.performance_measures: none -> EX-03  "
        "FLAGGED: listed in the 2026-27 plan after it was signed off on 31 March 2026",
        "2 changes, 2 flagged",
    ]
    [gone, joined] = json.loads(pmf("audit", "--format", "json", "--as-of", "2026-11-27", cwd=initialised).stdout)
    assert (gone["measure"], gone["file"], gone["old"], gone["new"], gone["commit"]) == (
        "EX-01",
        "plans/example/plan-2026-27.yaml",
        "EX-01",
        None,
        sha,
    )
    assert joined["flag"] == "listed in the 2026-27 plan after it was signed off on 31 March 2026"
    out = initialised / "out"
    made = pmf("report", "mid-year", "--as-of", "2026-11-27", "--format", "md", "--out", str(out), cwd=initialised)
    assert made.returncode == 0, made.stderr
    report = (out / "2026-27-mid-year.md").read_text(encoding="utf-8")
    assert ": taken out of the 2026-27 plan after it was signed off on 31 March 2026" in report


@pytest.mark.parametrize("written", [5, True, "text", {"a": 1}])
def test_an_old_commit_whose_lists_are_not_lists_is_read_as_holding_none(written: object) -> None:
    """A commit may hold what a service lead once mistyped: it is history, read as it reads, never a traceback."""
    from pmf.audit import _listed, _outturns

    assert _listed({"outcomes": written}) == {}
    assert _outturns({"outturns": written}) == {}


def test_a_figure_first_not_available_is_worded_so_in_the_audit_and_both_reports(initialised: Path) -> None:
    """A figure recorded as n/a, then supplied after the deadline, was listed as 'changed from None to 68.0'
    (Welsh 'o None i 68.0'), and pmf audit said 'None -> 68.0': Python's None, in a committee report."""
    plan = initialised / "plans/example/plan-2026-27.yaml"
    signed = "sign_off: {approved_by: Cabinet Member for Environment, date: 2026-03-31}"
    edit(plan, "# sign_off: {approved_by: Cabinet Member for the service, date: 2026-03-31}", signed)
    commit(initialised, "Plan signed off", "2026-03-31")
    for figure, day, comment in (("66.2", "2026-07-10", "On track"), ("n/a", "2026-10-10", "Sensor broken")):
        period = "2026-27 Q1" if day < "2026-10" else "2026-27 Q2"
        recorded = pmf("record", "EX-01", period, figure, "--comment", comment, "--as-of", day, cwd=initialised)
        assert recorded.returncode == 0, recorded.stderr
    commit(initialised, "H1 figures", "2026-10-10")
    later = ["--comment", "Reading recovered", "--comment-cy", "Darlleniad wedi'i adfer", "--as-of", "2026-11-20"]
    assert pmf("record", "EX-01", "2026-27 Q2", "68.0", *later, cwd=initialised).returncode == 0
    sha = commit(initialised, "Q2 recovered", "2026-11-20")[:10]

    audited = pmf("audit", "--as-of", "2026-11-21", cwd=initialised)
    assert audited.stdout.splitlines() == [
        f"2026-11-20 {sha} Performance Officer: EX-01 outturns.2026-27 Q2.comment: Sensor broken -> "
        "en: Reading recovered; cy: Darlleniad wedi'i adfer",
        f"2026-11-20 {sha} Performance Officer: EX-01 outturns.2026-27 Q2.value: not available (n/a) -> 68.0  "
        "FLAGGED: changed after it was reported (update due 31 October 2026)",
        "2 changes, 1 flagged",
    ]
    table = pmf("audit", "--format", "md", "--as-of", "2026-11-21", cwd=initialised).stdout
    assert "| outturns.2026-27 Q2.value | not available (n/a) | 68.0 |" in table
    as_json = json.loads(pmf("audit", "--format", "json", "--as-of", "2026-11-21", cwd=initialised).stdout)
    assert [(e["old"], e["new"]) for e in as_json[-2:]] == [
        ("Sensor broken", {"en": "Reading recovered", "cy": "Darlleniad wedi'i adfer"}),
        (None, 68.0),
    ]

    out = initialised / "out"
    args = ["report", "mid-year", "--as-of", "2026-11-21", "--lang", "both", "--out", str(out)]
    made = pmf(*args, cwd=initialised)
    assert made.returncode == 0, made.stderr
    said = {
        "": "outturns.2026-27 Q2.value changed from not available (n/a) to 68.0 on 20 November 2026",
        ".cy": "newidiwyd outturns.2026-27 Q2.value o ddim ar gael (n/a) i 68.0 ar 20 Tachwedd 2026",
    }
    for lang, words in said.items():
        for kind in ("md", "html"):
            text = (out / f"2026-27-mid-year{lang}.{kind}").read_text(encoding="utf-8")
            assert words in text and "None" not in text, (lang, kind)


@pytest.mark.parametrize(
    ("value", "figure", "english", "welsh"),
    [
        (None, True, "not available (n/a)", "ddim ar gael (n/a)"),
        (None, False, "none", "ddim"),
        (True, False, "yes", "ie"),
        (False, False, "no", "na"),
        (dt.date(2026, 11, 20), False, "20 November 2026", "20 Tachwedd 2026"),
        (dt.datetime(2026, 11, 20, 9, 5), False, "20 November 2026 09:05", "20 Tachwedd 2026 09:05"),
        (["Kerbside", None], False, "Kerbside, none", "Kerbside, ddim"),
        ({"en": "Up", "cy": "I fyny"}, False, "en: Up; cy: I fyny", "en: Up; cy: I fyny"),
        ([], False, "none", "ddim"),
        (68.0, True, "68.0", "68.0"),
    ],
)
def test_every_value_a_plan_holds_is_worded_in_each_language(
    value: object, figure: bool, english: str, welsh: str
) -> None:
    """What the late changes and pmf audit show of an old or new value: words, never Python's None, True or {...}."""
    from pmf import i18n
    from pmf.audit import worded

    assert worded(value, figure) == english
    with i18n.language("cy"):
        assert worded(value, figure) == welsh
