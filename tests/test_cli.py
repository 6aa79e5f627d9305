"""The command line through its real entry point: exit codes, stdout and stderr apart."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmf.cli import app

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_validate_clean_repository(repo: Path) -> None:
    code, out, err = run("validate", str(repo))
    assert (code, out) == (0, "")
    assert err.strip() == "No problems found."


def test_validate_reports_file_line_col_and_summary(repo: Path) -> None:
    measure = repo / "plans/waste/measures/WST-01.yaml"
    measure.write_text(measure.read_text().replace("tolerance: 64.0}\n  2025-26", "tolerance: 70.0}\n  2025-26"))
    code, out, err = run("validate", "--root", str(repo))
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        "plans/waste/measures/WST-01.yaml:10:38: thresholds.2024-25.tolerance: must be below the target "
        "for a higher-is-better measure (target 68.0, tolerance 70.0)",
        "1 problem in 1 file",
    ]


def test_validate_github_annotations(repo: Path) -> None:
    (repo / "plans/waste/measures/WST-02.yaml").write_text("id: WST-02\nkind: thing\n")
    code, out, _ = run("validate", str(repo), "--format", "github")
    assert code == 1
    assert out.splitlines()[0].startswith("::error file=plans/waste/measures/WST-02.yaml,line=1,col=1::")
    assert "::error file=plans/waste/measures/WST-02.yaml,line=2,col=7::kind: must be one of" in out


def test_validate_json_is_a_list_of_problems(repo: Path) -> None:
    (repo / "plans/waste/risks/RSK-01.yaml").write_bytes(b"\x00\x01binary")
    code, out, _ = run("validate", str(repo), "--format", "json")
    assert code == 1
    [problem] = json.loads(out)
    assert problem["file"] == "plans/waste/risks/RSK-01.yaml"
    assert "binary" in problem["message"]


def test_validate_one_file_reports_only_that_file(repo: Path) -> None:
    (repo / "plans/waste/risks/RSK-01.yaml").write_text("")
    code, _, err = run("validate", str(repo / "plans/waste/measures/WST-01.yaml"))
    assert code == 0, err
    code, _, err = run("validate", str(repo / "plans/waste/risks/RSK-01.yaml"))
    assert code == 1
    assert "plans/waste/risks/RSK-01.yaml:1:1: the file is empty" in err


def test_no_pmf_yaml_exits_2(tmp_path: Path) -> None:
    code, out, err = run("validate", str(tmp_path))
    assert code == 2
    assert out == ""
    assert "no pmf.yaml found" in err


def test_missing_path_exits_2(tmp_path: Path) -> None:
    code, _, err = run("validate", str(tmp_path / "nowhere"))
    assert code == 2
    assert "no such file or folder" in err


def test_plan_text_is_printed_as_written(repo: Path) -> None:
    """JSON, CSV and problem lines carry plan text untouched: ':warning:' is not turned into an emoji."""
    measure = repo / "plans/waste/measures/WST-01.yaml"
    title = "Percentage of waste reused :warning: [bold]recycled[/bold]"
    measure.write_text(
        measure.read_text(encoding="utf-8").replace("Percentage of waste reused, recycled or composted", f"'{title}'"),
        encoding="utf-8",
    )
    code, out, err = run("status", "--root", str(repo), "--format", "json", "--window", "mid-year", "--year", "2025-26")
    assert code == 0, err
    assert {row["id"]: row["title"] for row in json.loads(out)}["WST-01"] == title
    _, out, _ = run("status", "--root", str(repo), "--format", "csv", "--window", "mid-year", "--year", "2025-26")
    assert title in out
    measure.write_text(
        measure.read_text(encoding="utf-8").replace("polarity: higher_is_better", "polarity: ':warning:'")
    )
    code, _, err = run("validate", str(repo))
    assert code == 1 and ":warning:" in err


def test_status_json_contract(repo: Path) -> None:
    code, out, err = run("status", "--root", str(repo), "--format", "json", "--window", "mid-year", "--year", "2025-26")
    assert code == 0, err
    rows = {row["id"]: row for row in json.loads(out)}
    assert rows["WST-01"] == {
        "id": "WST-01",
        "service": "waste",
        "kind": "indicator",
        "title": "Percentage of waste reused, recycled or composted",
        "period": "2025-26 Q2",
        "value": 64.5,
        "target": 68.0,
        "tolerance": 64.0,
        "status": "orange",
        "trend": "worse",
        "partial": False,
        "basis": "year",
        "divides_by_zero": [],
    }
    # Two of six months reported: a partial total, judged neither for status nor trend (SPEC 2.6),
    # against half the year's target at mid-year.
    assert rows["WST-02"]["period"] == "2025-26 H1"
    assert rows["WST-02"]["value"] == 195
    assert rows["WST-02"]["tolerance"] is None
    assert (rows["WST-02"]["target"], rows["WST-02"]["basis"]) == (300, "pro-rata")
    assert (rows["WST-02"]["partial"], rows["WST-02"]["status"], rows["WST-02"]["trend"]) == (True, None, None)


def test_partial_values_judge_restores_the_status_marked_partial(repo: Path) -> None:
    settings = repo / "pmf.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "partial_values: judge\n", encoding="utf-8")
    code, out, _ = run("status", "--root", str(repo), "--year", "2025-26", "--window", "mid-year")
    assert code == 0
    assert "195 tonnes (partial)" in out and "Excellent" in out and "↑ better" in out
    assert "300 tonnes (pro rata)" in out
    assert out.rstrip().endswith("2 measures: 1 green, 1 orange")


def test_status_table_shows_words_not_just_colour(repo: Path) -> None:
    code, out, _ = run("status", "--root", str(repo), "--year", "2025-26", "--window", "mid-year")
    assert code == 0
    assert "Satisfactory" in out and "↓ worse" in out
    assert "195 tonnes (partial)" in out and "300 tonnes (pro rata)" in out
    assert out.rstrip().endswith("2 measures: 1 orange, 1 without a status")


def test_status_fail_on_gates_ci(repo: Path) -> None:
    args = ("status", "--root", str(repo), "--year", "2025-26", "--window", "mid-year", "--format", "csv")
    assert run(*args, "--fail-on", "red")[0] == 0
    code, out, _ = run(*args, "--fail-on", "orange")
    assert code == 1
    assert (
        out.splitlines()[0]
        == "id,service,kind,title,period,value,target,tolerance,status,trend,partial,basis,divides_by_zero"
    )
    assert out.splitlines()[1].endswith(",195,300,,,,true,pro-rata,")


def test_fail_on_names_the_statuses_it_takes(repo: Path) -> None:
    """A CI author guesses 'green' or writes 'Orange': one is refused plainly, the other read."""
    args = ("status", "--root", str(repo), "--year", "2025-26", "--window", "mid-year")
    assert run(*args, "--fail-on", "Orange")[0] == 1
    code, _, err = run(*args, "--fail-on", "green")
    assert code == 2
    assert err.splitlines()[-1] == (
        "Error: Invalid value for '--fail-on': 'green' is not a status it takes: use red, orange, amber or yellow"
    )
    assert "--fail-on <red|orange|amber|yellow>" in run("status", "--help")[1]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ("status", "--window", "h1"),
            "Invalid value for '--window': 'h1' is not a window it takes: use mid-year or year-end",
        ),
        (("validate", "--lang", "fr"), "Invalid value for '--lang': 'fr' is not a language it takes: use en or cy"),
        (
            ("risks", "--level", "team"),
            "Invalid value for '--level': 'team' is not a level it takes: use service or corporate",
        ),
        (
            ("export", "--format", "xls"),
            "Invalid value for '--format': 'xls' is not a format it takes: use csv, xlsx, parquet or json",
        ),
        (
            ("new", "thing", "X"),
            "Invalid value for 'kind': 'thing' is not a kind it takes: use measure, risk, service or assessment",
        ),
    ],
)
def test_a_wrong_choice_is_named_with_the_values_it_takes(args: tuple[str, ...], said: str) -> None:
    code, _, err = run(*args)
    assert (code, err.splitlines()[-1]) == (2, f"Error: {said}")


# A str option whose values depend on the council's settings, read and named by the core instead.
READ_BY_THE_CORE = {("update_activity", "status")}  # the activity statuses of the council's status scheme
# Help text that names the values an option takes: "md, html, pdf (tagged PDF/UA on A4) or both".
_LISTS_VALUES = (
    r"\b[a-z][\w-]*(?: \([^)]*\))?, (?:[a-z][\w-]*(?: \([^)]*\))?, )*[a-z][\w-]*(?: \([^)]*\))? or [a-z][\w-]*"
)


def test_every_choice_is_read_by_pmfs_own_parser() -> None:
    """Every option or argument that takes one of a set of values names them plainly when wrong, in any case:
    typed as a StrEnum (alone, optional or repeated) with pmf's parser, never as a str whose help lists values."""
    import enum
    import re
    import typing

    import typer

    def commands(group: typer.Typer) -> typing.Iterator[typing.Any]:
        yield from group.registered_commands
        for sub in group.registered_groups:
            assert sub.typer_instance is not None
            yield from commands(sub.typer_instance)

    def kinds(hint: object) -> list[object]:
        """The types an annotation may hold: ``list[X] | None`` holds X."""
        args = typing.get_args(hint)
        if typing.get_origin(hint) is list:
            return [k for a in args for k in kinds(a)]
        return [k for a in args for k in kinds(a)] if args else [hint]

    choices, listed = [], []
    for command in commands(app):
        for name, hint in typing.get_type_hints(command.callback, include_extras=True).items():
            if typing.get_origin(hint) is typing.Annotated:
                base, info = typing.get_args(hint)[:2]
                where = (command.callback.__name__, name)
                if any(isinstance(k, type) and issubclass(k, enum.Enum) for k in kinds(base)):
                    choices.append((*where, info.parser is not None))
                elif str in kinds(base) and re.search(_LISTS_VALUES, info.help or "") and where not in READ_BY_THE_CORE:
                    listed.append(where)
    assert len(choices) >= 24 and [c for c in choices if not c[2]] == [] and listed == []


def test_the_options_once_read_as_text_take_any_case_and_name_a_wrong_value(repo: Path, tmp_path: Path) -> None:
    """--format of a report, --status of pmf status, --method of pmf benchmark and update-activity's --status."""
    root = ("--root", str(repo))
    code, _, err = run(
        "report", "mid-year", "--format", "HTML", "--out", str(tmp_path / "r"), "--year", "2025-26", *root
    )
    assert code == 0, err
    assert [p.name for p in (tmp_path / "r").iterdir()] == ["2025-26-mid-year.html"]
    code, _, err = run("report", "mid-year", "--format", "htm", "--out", str(tmp_path / "r"), *root)
    assert code == 2 and "'htm' is not a format it takes: use md, html, pdf or both" in err
    status = ("status", "--year", "2025-26", "--window", "mid-year", "--format", "json", *root)
    assert [r["id"] for r in json.loads(run(*status, "--status", "ORANGE")[1])] == ["WST-01"]
    code, _, err = run(*status, "--status", "orange", "--status", "REDD")
    assert code == 2 and "'REDD' is not a status it takes: use green, yellow, orange, red, amber or none" in err
    args = ("update-activity", "WST-A01", "--period", "2025-26 H2", "--as-of", "2026-04-20", "--dry-run", *root)
    code, out, err = run(*args, "--status", "Yellow")
    assert (code, err) == (0, "would change: WST-A01: added the update for 2025-26 H2 (yellow)\n"), err
    assert "+            status: yellow\n" in out
    code, _, err = run(*args, "--status", "on_track")
    assert (code, err) == (
        2,
        "pmf: --status: 'on_track' is not a status it takes under the royg scheme: "
        "use complete, green, not_started, orange, red or yellow\n",
    )
    dataset = tmp_path / "national.csv"
    dataset.write_text("measure,year,authority,value\nWST-01,2024-25,Example,50\nWST-01,2024-25,Other,60\n")
    code, out, err = run("benchmark", str(dataset), "--authority", "Example", "--method", "Nearest-Rank", *root)
    assert code == 0 and "Quartile method: nearest-rank." in out + err, err
    code, _, err = run("benchmark", str(dataset), "--authority", "Example", "--method", "median", *root)
    assert code == 2 and "'median' is not a quartile method it takes: use inclusive, exclusive or nearest-rank" in err


def test_status_csv_writes_numbers_to_the_measures_decimals(repo: Path) -> None:
    measure = repo / "plans" / "waste" / "measures" / "WST-01.yaml"
    text = (
        measure.read_text(encoding="utf-8").replace("decimals: 1", "decimals: 2").replace("value: 64.45", "value: 100")
    )
    measure.write_text(text, encoding="utf-8")
    args = ("status", "--root", str(repo), "--year", "2025-26", "--window", "mid-year", "--format", "csv")
    code, out, _ = run(*args)
    assert code == 0
    assert ",2025-26 Q2,100.00,68.0,64.0,green,better,false,year" in out


def test_status_filters(repo: Path) -> None:
    base = ("status", "--root", str(repo), "--year", "2025-26", "--window", "mid-year", "--format", "json")
    assert [r["id"] for r in json.loads(run(*base, "--status", "orange")[1])] == ["WST-01"]
    code, _, err = run(*base, "--service", "wast")
    assert code == 2
    assert "did you mean 'waste'" in err


def test_bad_year_exits_2(repo: Path) -> None:
    code, _, err = run("status", "--root", str(repo), "--year", "2025-27")
    assert code == 2
    assert "the years must follow on" in err


def test_broken_plans_exit_1_without_traceback(repo: Path) -> None:
    (repo / "plans/waste/plan-2025-26.yaml").write_text("id: [unclosed\n")
    result = subprocess.run(
        [sys.executable, "-m", "pmf", "status", "--root", str(repo)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("plans/waste/plan-2025-26.yaml:1:5: the '[' here is never closed")


@pytest.mark.parametrize(("setting", "loaded"), [(None, False), ("", True)])
def test_pmf_does_not_load_pydantic_plugins_unless_the_environment_asks(
    repo: Path, tmp_path: Path, setting: str | None, loaded: bool
) -> None:
    """A pydantic plugin installed beside pmf (an instrument for web services) has nothing to watch in a
    command: pmf does not look for one, unless PYDANTIC_DISABLE_PLUGINS is set, even to nothing."""
    site = tmp_path / "site"
    (site / "watcher-1.0.dist-info").mkdir(parents=True)
    (site / "watcher-1.0.dist-info/METADATA").write_text("Metadata-Version: 2.1\nName: watcher\nVersion: 1.0\n")
    (site / "watcher-1.0.dist-info/entry_points.txt").write_text("[pydantic]\nwatcher = watcher:plugin\n")
    marker = tmp_path / "loaded"
    (site / "watcher.py").write_text(
        f"import pathlib\npathlib.Path({str(marker)!r}).touch()\n\n"
        "class _Plugin:\n    def new_schema_validator(self, *args, **kwargs):\n        return None, None, None\n\n"
        "plugin = _Plugin()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    env["PYTHONPATH"] = os.pathsep.join([str(site), *filter(None, [env.get("PYTHONPATH")])])
    if setting is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = setting
    result = subprocess.run(
        [sys.executable, "-m", "pmf", "validate", "--root", str(repo), "--no-cache"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert (result.returncode, result.stderr) == (0, "No problems found.\n")
    assert marker.exists() is loaded


def test_a_console_script_from_an_earlier_install_still_starts(repo: Path) -> None:
    """An install made before the entry point moved keeps a script that imports pmf.fastpath:main."""
    script = "import sys; from pmf.fastpath import main; sys.argv[0] = 'pmf'; sys.exit(main())"
    result = subprocess.run(
        [sys.executable, "-c", script, "validate", "--root", str(repo)], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stderr) == (0, "No problems found.\n"), result.stderr


def test_the_installed_script_and_python_m_pmf_give_every_line_and_the_exit_code(repo: Path) -> None:
    """Both freeze what is loaded as the command ends: every line printed arrives, and the exit code is the command's."""
    script = Path(sys.executable).parent / "pmf"
    starts = [[str(script)], [sys.executable, "-m", "pmf"]] if script.exists() else [[sys.executable, "-m", "pmf"]]
    for start in starts:
        shown = subprocess.run(
            [*start, "status", "--format", "json", "--as-of", "2025-11-20", "--root", str(repo)],
            capture_output=True,
            text=True,
        )
        assert shown.returncode == 0, shown.stderr
        assert "WST-01" in {row["id"] for row in json.loads(shown.stdout)}
        wrong = subprocess.run(
            [*start, "status", "--year", "2025-27", "--root", str(repo)], capture_output=True, text=True
        )
        assert wrong.returncode == 2
        assert "the years must follow on" in wrong.stderr
    (repo / "plans/waste/plan-2025-26.yaml").write_text("id: [unclosed\n")
    for start in starts:
        broken = subprocess.run([*start, "validate", "--root", str(repo)], capture_output=True, text=True)
        assert broken.returncode == 1
        assert broken.stderr.splitlines()[-1] == "1 problem in 1 file"


@pytest.mark.parametrize("args", [["--help"], ["validate", "--help"], ["status", "--help"], ["report", "--help"]])
def test_help(args: list[str]) -> None:
    code, out, _ = run(*args)
    assert code == 0
    assert "Usage" in out


def _commands(*group: str) -> list[tuple[str, ...]]:
    """Every command under ``pmf *group``, found as a user finds them: in each --help's list of commands."""
    _, out, _ = run(*group, "--help")
    if "Commands:" not in out:
        return [group]
    names = [line.split()[0] for line in out.split("Commands:")[1].splitlines() if line.strip()]
    return [command for name in names for command in _commands(*group, name)]


# What typer writes of a parameter's Python type where a value belongs (`<list[Path]>`, `<int range>`).
TYPE_NAMES = re.compile(r"list\[|Optional|Union|NoneType|typing\.|<class|\bPath\b|\brange>")


def test_every_commands_help_names_values_as_a_user_types_them() -> None:
    """pmf status --help showed `--status <list[green|yellow|orange|red|amber|none]>` and pmf validate
    `paths... <list[Path]>`: each value is now shown as one is typed (`<green|yellow|...>`, `<path>`)."""
    commands = _commands()
    assert len(commands) >= 27 and ("status",) in commands and ("report", "mid-year") in commands
    seen: set[str] = set()
    for command in commands:
        code, out, err = run(*command, "--help")
        assert (code, err) == (0, ""), command
        assert not TYPE_NAMES.findall(out), (command, out)
        for value in re.findall(r"(?m)^  \S+ <([^>\n]*)>", out):  # a value's form: a word, or the words it may be
            assert re.fullmatch(r"[a-z0-9_-]+(\|[a-z0-9_-]+)*", value), (command, value)
            seen.add(value)
    assert {"path", "str", "int", "green|yellow|orange|red|amber|none", "mid-year|year-end"} <= seen
    _, out, _ = run("status", "--help")
    assert "--status <green|yellow|orange|red|amber|none>" in out and "--service <str> " in out
    assert "paths... <path> " in run("validate", "--help")[1]


def test_status_activities_flags_overdue_and_silent(repo: Path) -> None:
    base = ("status", "--root", str(repo), "--activities", "--year", "2025-26", "--format", "json")
    [during] = json.loads(run(*base, "--window", "mid-year", "--as-of", "2025-11-01")[1])
    assert (during["status"], during["overdue"], during["no_update"]) == ("green", False, False)
    [after] = json.loads(run(*base, "--window", "year-end", "--as-of", "2026-05-01")[1])
    assert (after["status"], after["overdue"], after["no_update"]) == ("green", True, True)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["status", "--year", "9999-00"], "'9999-00' is out of range"),
        (["status", "--year", "２０２５-26"], "is not a financial year"),
        (["status", "--as-of", "0001-01-01"], "out of range"),
        (["calendar", "--as-of", "9999-12-31"], "out of range"),
        (["report", "year-end", "--as-of", "1901-01-01"], "use a date from 1901-04-01"),
        (["calendar", "--as-of", "1901-03-31"], "use a date from 1901-04-01"),
        (["report", "mid-year", "--year", "2025-26", "--out", "FILE"], "this is a file, not a folder"),
        (["export", "--as-of", "2025-11-20", "--out", "FILE"], "this is a file, not a folder"),
    ],
    ids=[
        "year-out-of-range",
        "full-width-digits",
        "as-of-too-early",
        "as-of-too-late",
        "as-of-with-no-year-before-it",
        "as-of-in-the-first-year",
        "report-out-is-a-file",
        "export-out-is-a-file",
    ],
)
def test_bad_arguments_exit_2_without_traceback(repo: Path, tmp_path: Path, args: list[str], message: str) -> None:
    afile = tmp_path / "a-file"
    afile.write_text("x")
    code, _, err = run(*[str(afile) if a == "FILE" else a for a in args], "--root", str(repo))
    assert code == 2, err
    assert message in err
    assert "Traceback" not in err


def test_validate_a_file_outside_the_repository_exits_2(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "WST-01.yaml"
    outside.write_text("id: [broken\n")
    code, _, err = run("validate", "--root", str(repo), str(outside))
    assert code == 2
    assert "is not inside the plans repository" in err


def test_links_out_of_the_repository_and_broken_links_are_problems(repo: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: WST-09\n")
    (repo / "plans/waste/measures/WST-09.yaml").symlink_to(secret)
    (repo / "plans/waste/risks/RSK-02.yaml").symlink_to(tmp_path / "missing.yaml")
    (repo / "plans/waste/measures/WST-01.yaml").rename(repo / "plans/waste/measures/WST-01.YAML")
    code, _, err = run("validate", str(repo))
    assert code == 1
    assert "plans/waste/measures/WST-09.yaml:1:1: a link to a file outside the plans repository" in err
    assert "plans/waste/risks/RSK-02.yaml:1:1: a broken link" in err
    assert "plans/waste/measures/WST-01.YAML:1:1: rename this file to WST-01.yaml" in err
    assert "no measure 'WST-01'" not in err


def test_an_unreadable_folder_is_a_problem(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.scandir

    def scandir(path: str | Path):  # type: ignore[no-untyped-def]
        if Path(path).name == "risks":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, _, err = run("validate", str(repo))
    assert code == 1
    assert "plans/waste/risks: cannot read this folder: Permission denied" in err


def test_readme_lists_every_command() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    _, out, _ = run("--help")
    commands = [line.split()[0] for line in out.split("Commands:")[1].splitlines() if line.strip()]
    assert len(commands) >= 15
    for command in commands:
        assert f"`pmf {command}" in readme, f"README.md does not document `pmf {command}`"
    _, out, _ = run("report", "--help")
    for command in [line.split()[0] for line in out.split("Commands:")[1].splitlines() if line.strip()]:
        assert f"pmf report {command}" in readme


@pytest.mark.parametrize(
    ("kind", "module", "writer", "written"),
    [("service", "pmf.scaffold", "write_atomic", "parks/plan-2026-27.yaml"),
     ("risk", "pmf.transaction", "write_temp", "WST-09.yaml"),  # checked first, as an edit
     ("measure", "pmf.transaction", "write_temp", "WST-09.yaml")],  # with its plan
)  # fmt: skip
def test_a_folder_pmf_may_not_write_to_exits_2(
    repo: Path, monkeypatch: pytest.MonkeyPatch, kind: str, module: str, writer: str, written: str
) -> None:
    import importlib

    def refuse(path: Path, text: str) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    before = sorted(p for p in repo.rglob("*") if p.is_file())
    monkeypatch.setattr(importlib.import_module(module), writer, refuse)
    ident, service = ("parks", ()) if kind == "service" else ("WST-09", ("--service", "waste"))
    code, _, err = run("new", kind, ident, *service, "--root", str(repo), "--as-of", "2026-05-01")
    assert code == 2
    assert err.strip().endswith(f"{written}: Permission denied")
    assert sorted(p for p in repo.rglob("*") if p.is_file()) == before


def test_validate_several_repositories_in_one_run(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A region's councils checked together: each problem named from where the command runs."""
    import shutil

    region = tmp_path / "region"
    shutil.copytree(repo, region / "north")
    shutil.copytree(repo, region / "south")
    measure = region / "south/plans/waste/measures/WST-01.yaml"
    measure.write_text(measure.read_text().replace("polarity: higher_is_better", "polarity: upwards"))
    monkeypatch.chdir(region)
    code, _, err = run("validate", "north", "south")
    assert code == 1
    assert err.startswith("south/plans/waste/measures/WST-01.yaml:5:11: polarity: must be one of")
    assert "north/" not in err
    assert run("validate", "north")[0] == 0


# was: plans/example/measures/EX-01.yaml:5:7: ..., from plans/example/measures, where no such file is
def test_validate_run_inside_the_repository_names_files_from_there(
    initialised: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Text names a file from the current folder, for an editor or terminal to open; GitHub annotations and
    JSON name it from the repository's root, wherever pmf runs."""
    measure = initialised / "plans/example/measures/EX-01.yaml"
    measure.write_text(measure.read_text(encoding="utf-8").replace("title: ", "title:\t", 1), encoding="utf-8")
    told = "5:7: YAML takes spaces, not tabs, inside a line: replace the tab at column 7 with a space"
    for folder, named in (
        ("plans/example/measures", "EX-01.yaml"),
        ("plans/example/risks", "../measures/EX-01.yaml"),
        (".", "plans/example/measures/EX-01.yaml"),
    ):
        monkeypatch.chdir(initialised / folder)
        for args in (["validate", "--as-of", "2026-11-10"], ["validate", "--as-of", "2026-11-10", str(measure)]):
            code, _, err = run(*args)
            assert (code, err.splitlines()[0]) == (1, f"{named}:{told}")
            assert (initialised / folder / named).samefile(measure)
    monkeypatch.chdir(initialised / "plans/example/measures")
    code, out, _ = run("validate", "EX-01.yaml", "--as-of", "2026-11-10", "--format", "json")
    assert json.loads(out)[0]["file"] == "plans/example/measures/EX-01.yaml"
    code, out, _ = run("validate", "EX-01.yaml", "--as-of", "2026-11-10", "--format", "github")
    assert out.startswith("::error file=plans/example/measures/EX-01.yaml,line=5,col=7::")


def test_validate_run_inside_a_folder_it_names_names_that_folder_from_the_root(
    initialised: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stray = initialised / "plans/example/measure"
    stray.mkdir()
    (stray / "EX-05.yaml").write_text("id: EX-05\n", encoding="utf-8")
    monkeypatch.chdir(stray)
    code, _, err = run("validate", "--as-of", "2026-11-10")
    assert (code, err.splitlines()[0].split(": ")[0]) == (1, "plans/example/measure")


@pytest.mark.parametrize(
    "body",
    [
        "title: " + "[" * 5000 + "]" * 5000,
        "title:\n" + "".join("  " * i + "- \n" for i in range(1, 1500)),
        "title: " + "- " * 3000 + "x",
    ],
)
def test_deeply_nested_files_are_refused_not_a_traceback(repo: Path, body: str) -> None:
    (repo / "plans/waste/measures/WST-99.yaml").write_text(f"id: WST-99\n{body}\n", encoding="utf-8")
    for command in (["validate", "--no-cache", str(repo)], ["status", "--root", str(repo)]):
        code, _, err = run(*command)
        assert code == 1, err
        assert "plans/waste/measures/WST-99.yaml" in err and "Traceback" not in err


def test_a_link_that_leads_back_to_itself_is_a_problem(repo: Path) -> None:
    (repo / "plans/waste/loop.yaml").symlink_to("loop.yaml")
    code, _, err = run("validate", "--no-cache", str(repo))
    assert code == 1 and "plans/waste/loop.yaml:1:1: a link that leads back to itself" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["audit", "--since", "notadate"], "pmf: --since 'notadate' is not a date: write it as YYYY-MM-DD"),
        (["new", "measure", "X-01", "--service", "waste", "--root", "{file}"], "pmf: --root {file}: no such folder"),
        (["translate", "export", "{file}.csv", "--root", "{file}"], "pmf: --root {file}: no such folder"),
        (["schema", "--root", "{file}"], "pmf: --root {file}: no such folder"),
        (["status", "--root", "{file}"], "pmf: --root {file}: no such folder"),
    ],
    ids=["audit-since", "new", "translate", "schema", "status"],
)
def test_an_option_given_wrong_is_named_as_typed(repo: Path, args: list[str], message: str) -> None:
    file = repo / "pmf.yaml"
    code, _, err = run(
        *(a.format(file=file) for a in args), *([] if "{file}" in " ".join(args) else ["--root", str(repo)])
    )
    assert code == 2
    assert err.strip() == message.format(file=file)
    assert sorted(p.name for p in repo.iterdir()) == ["plans", "pmf.yaml"]  # nothing written


def test_a_calculated_measure_no_plan_names_is_warned_about_what_it_holds(repo: Path) -> None:
    """A calculated measure has no figures of its own: the warning says it has a target, not figures."""
    (repo / "plans/waste/measures/WST-09.yaml").write_text(
        "id: WST-09\nkind: indicator\ntitle: Landfill per recycled\nfrequency: monthly\npolarity: lower_is_better\n"
        "benchmarking: local\ndata_type: ratio\nmeasure_type: calculated\nformula: WST-02 / 2\n"
        "thresholds:\n  2025-26: {target: 1, tolerance: 2}\n",
        encoding="utf-8",
    )
    code, _, err = run("validate", str(repo))
    assert code == 0, err
    assert (
        "plans/waste/plan-2025-26.yaml:15:1: warning: outcomes: measure 'WST-09' has a target for 2025-26 "
        "but this plan does not name it: list it under an outcome's indicators, or remove its 2025-26 thresholds"
    ) in err.splitlines()


def test_a_measure_pmf_new_wrote_that_its_plan_does_not_name_is_told_where_to_list_it(tmp_path: Path) -> None:
    """Taken out of a plan pmf init wrote, EX-01 (a performance measure with a 2026-27 target) is
    warned about with the fix; listing it again, as the warning says, quiets the warning."""
    root = tmp_path / "council"
    assert run("init", str(root), "--as-of", "2026-11-26")[0] == 0
    plan = root / "plans/example/plan-2026-27.yaml"
    written = plan.read_text()
    plan.write_text(written.replace("      - EX-01\n", "      - EX-02\n"))
    assert run("new", "measure", "EX-02", "--service", "example", "--root", str(root), "--as-of", "2026-11-26")[0] == 0
    code, _, err = run("validate", str(root))
    assert code == 0, err
    line = written.splitlines().index("outcomes:") + 1
    assert (
        f"plans/example/plan-2026-27.yaml:{line}:1: warning: outcomes: measure 'EX-01' has a target for 2026-27 but "
        "this plan does not name it: list it under an outcome's performance_measures, or remove its 2026-27 thresholds"
    ) in err.splitlines()
    plan.write_text(plan.read_text().replace("      - EX-02\n", "      - EX-02\n      - EX-01\n"))
    code, _, err = run("validate", str(root))
    assert code == 0 and "does not name it" not in err, err


def test_a_plan_without_a_required_outcome_is_told_at_its_outcomes_which_entry_requires_it(repo: Path) -> None:
    settings = repo / "pmf.yaml"
    settings.write_text(settings.read_text() + "required_outcomes: [resilient, environment]\n")
    plan = repo / "plans/waste/plan-2025-26.yaml"
    plan.write_text(plan.read_text().replace("  - outcome: environment\n    indicators: [WST-01]\n", ""))
    code, _, err = run("validate", str(repo))
    assert code == 1
    assert err.splitlines()[0] == (
        "plans/waste/plan-2025-26.yaml:15:1: outcomes: every plan must carry the outcome 'environment' "
        "(pmf.yaml: required_outcomes[1]): add it to outcomes"
    )


def test_a_comma_inside_braces_is_explained_where_it_cut_the_text(initialised: Path) -> None:
    """A service lead signs off with the Cabinet Member's full title, which holds a comma."""
    root = initialised
    plan = root / "plans/example/plan-2026-27.yaml"
    signed = "sign_off: {approved_by: Cabinet Member for Housing, Planning and Waste, date: 2026-03-24}\n"
    plan.write_text(plan.read_text(encoding="utf-8") + signed, encoding="utf-8")
    line = len(plan.read_text(encoding="utf-8").splitlines())
    result = runner.invoke(app, ["validate", "--root", str(root)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"plans/example/plan-2026-27.yaml:{line}:53: sign_off.Planning and Waste: unknown key 'Planning and Waste'; "
        "allowed keys: approved_by, date, role; inside { } a comma ends a text: put the whole text with its comma "
        "in quotes\n1 problem in 1 file\n"
    )


def test_a_key_of_several_words_outside_braces_is_not_told_of_commas(initialised: Path) -> None:
    """A lead writes a key with a space, on its own line: no { } and no comma, so no word of them."""
    root = initialised
    measure = root / "plans/example/measures/EX-01.yaml"
    measure.write_text(measure.read_text(encoding="utf-8") + "lead officer:\n", encoding="utf-8")
    line = len(measure.read_text(encoding="utf-8").splitlines())
    result = runner.invoke(app, ["validate", "--root", str(root)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"plans/example/measures/EX-01.yaml:{line}:1: lead officer: unknown key 'lead officer' "
        "(did you mean 'lead_officer'?)\n1 problem in 1 file\n"
    )


def test_a_list_item_one_space_out_of_line_is_told_to_line_up_with_its_list(initialised: Path) -> None:
    """On a plan pmf init and pmf new wrote, a lead adds a measure with one space too few."""
    root = initialised
    plan = root / "plans/example/plan-2026-27.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "      - EX-01\n" in text
    plan.write_text(text.replace("      - EX-01\n", "      - EX-01\n     - EX-02\n"), encoding="utf-8")
    line = text.splitlines().index("      - EX-01") + 2
    result = runner.invoke(app, ["validate", "--root", str(root)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"plans/example/plan-2026-27.yaml:{line}:6: this list item is not lined up with the items above it: "
        "indent it by as many spaces as they are\n1 problem in 1 file\n"
    )


def test_a_figure_written_as_on_paper_is_told_how_to_write_it(initialised: Path) -> None:
    """On a measure pmf init wrote, a lead types the target with its sign and a figure with a decimal comma."""
    root = initialised
    measure = root / "plans/example/measures/EX-01.yaml"
    text = measure.read_text(encoding="utf-8").replace(
        "{target: 70.0, tolerance: 65.0}", "{target: 70.0%, tolerance: 65}"
    )
    text += "outturns:\n  - period: 2026-27 Q1\n    value: 66,2\n"
    measure.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    year = next(n for n, t in enumerate(lines, 1) if "70.0%" in t)
    result = runner.invoke(app, ["validate", "--root", str(root)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"plans/example/measures/EX-01.yaml:{year}:21: thresholds.2026-27.target: must be a number; found '70.0%' "
        "(write the figure alone, without '£', '%' or commas: 70.0)",
        f"plans/example/measures/EX-01.yaml:{len(lines)}:12: outturns[0].value: must be a number; found '66,2' "
        "(write a decimal point, not a comma: 66.2)",
        "2 problems in 1 file",
    ]


def test_counts_of_one_read_in_the_singular(initialised_in_november: Path) -> None:
    """pmf init writes one risk and no activity; a plan with one activity, updated, needs no attention."""
    root = initialised_in_november
    result = runner.invoke(app, ["risks", "--root", str(root), "--as-of", "2026-11-26"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.rstrip().endswith("\n1 open risk. 0 need attention.")
    plan = root / "plans/example/plan-2026-27.yaml"
    activity = (
        "    activities:\n      - id: EX-A01\n        title: Open the reuse shop\n        lead: HWRC Manager\n"
        "        start: 2026-04-01\n        end: 2027-03-31\n"
    )
    plan.write_text(plan.read_text().replace("      - EX-01\n", "      - EX-01\n" + activity), encoding="utf-8")
    result = runner.invoke(app, ["status", "--activities", "--root", str(root), "--as-of", "2026-11-26"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.rstrip().endswith("\n1 activity: 1 needs attention")  # no update for April to September


def test_a_measure_id_with_two_digits_swapped_is_told_the_id_it_was_meant_to_be(initialised_in_november: Path) -> None:
    """EX-60 typed for EX-06: the id with the two digits the other way round, not EX-08, spelt as close."""
    root = initialised_in_november
    for ident in ("EX-06", "EX-08"):
        args = ["new", "measure", ident, "--service", "example", "--root", str(root), "--as-of", "2026-11-26"]
        assert runner.invoke(app, args).exit_code == 0
    result = runner.invoke(app, ["record", "EX-60", "2026-27 Q2", "60", "--root", str(root)])
    assert (result.exit_code, result.stderr) == (2, "pmf: no measure 'EX-60' (did you mean 'EX-06'?)\n")


def test_a_pro_rata_tolerance_is_labelled_as_its_target(initialised_in_november: Path) -> None:
    """A year-to-date count judged at mid-year against half its year: the tolerance shown is half too, and says so."""
    root = initialised_in_november
    measure = root / "plans/example/measures/EX-01.yaml"
    text = measure.read_text(encoding="utf-8")
    for old, new in (
        ("data_type: percentage", "data_type: number"),
        ("decimals: 1", "decimals: 0"),
        ("aggregation: normal", "aggregation: cumulative"),
        ("{target: 70.0, tolerance: 65.0}", "{target: 100, tolerance: 80}"),
    ):
        text = text.replace(old, new)
    measure.write_text(text, encoding="utf-8")
    for period, value in (("2026-27 Q1", "30"), ("2026-27 Q2", "15")):
        result = runner.invoke(app, ["record", "EX-01", period, value, "--root", str(root), "--as-of", "2026-11-26"])
        assert result.exit_code == 0, result.stderr
    code, out, _ = run("status", "--root", str(root), "--as-of", "2026-11-26")
    assert code == 0
    assert "│ 50 (pro rata) │ 40 (pro rata) │" in out  # 45 against half of 100 and of 80: midway, Good
    assert "Good" in out
    result = runner.invoke(
        app,
        [
            "report",
            "mid-year",
            "--root",
            str(root),
            "--as-of",
            "2026-11-26",
            "--out",
            str(root / "out"),
            "--lang",
            "both",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert "| 50 (pro rata) | 40 (pro rata) |" in (root / "out/2026-27-mid-year.md").read_text(encoding="utf-8")
    assert "| 50 (pro rata) | 40 (pro rata) |" in (root / "out/2026-27-mid-year.cy.md").read_text(encoding="utf-8")
    html = (root / "out/2026-27-mid-year.html").read_text(encoding="utf-8")
    assert "<td>50 (pro rata)</td>\n<td>40 (pro rata)</td>" in html


def _into_closed_pipe(args: list[str], stream: str) -> subprocess.CompletedProcess[str]:
    """Run the installed ``pmf`` with its stdout (or stderr) a pipe whose reader has gone, as after ``| head -1``."""
    script = Path(sys.executable).parent / "pmf"
    start = [str(script)] if script.exists() else [sys.executable, "-m", "pmf"]
    read, write = os.pipe()
    os.close(read)  # gone before pmf writes, so every write meets the closed pipe, however busy the machine
    try:
        return subprocess.run(
            [*start, *args],
            stdout=write if stream == "stdout" else subprocess.PIPE,
            stderr=write if stream == "stderr" else subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(write)


@pytest.mark.parametrize(
    "args", [["status"], ["status", "--format", "json"], ["calendar"], ["calendar", "--format", "ics"]]
)
def test_output_no_longer_read_ends_the_command_quietly(repo: Path, args: list[str]) -> None:
    """``pmf status | head -1``: pmf stops, says nothing, and exits 141 (128 + SIGPIPE) as ``yes | head -1`` does."""
    done = _into_closed_pipe([*args, "--as-of", "2025-11-20", "--root", str(repo)], "stdout")
    assert (done.returncode, done.stderr) == (141, "")


def test_problems_no_longer_read_end_the_command_quietly(repo: Path) -> None:
    """``pmf validate 2>&1 | head -1``: the problems go to stderr, and its closing ends pmf as quietly."""
    (repo / "plans/waste/plan-2025-26.yaml").write_text("id: [unclosed\n")
    done = _into_closed_pipe(["validate", "--root", str(repo)], "stderr")
    assert (done.returncode, done.stdout) == (141, "")


def test_a_closed_pipe_on_windows_is_told_from_a_real_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows tells a write to a closed pipe as 'Invalid argument' naming no file (Python's BrokenPipeError
    elsewhere): that ends pmf quietly too, but the same error naming a file is still said."""
    import errno

    from pmf import console

    monkeypatch.setattr(os, "name", "nt")
    assert console._closed_on_windows(OSError(errno.EINVAL, "Invalid argument"))
    assert not console._closed_on_windows(OSError(errno.EINVAL, "Invalid argument", "reports/x.pdf"))
    assert not console._closed_on_windows(OSError(errno.EACCES, "Permission denied"))
    monkeypatch.setattr(os, "name", "posix")
    assert not console._closed_on_windows(OSError(errno.EINVAL, "Invalid argument"))
