"""The guidance pmf new and pmf init leave to replace ('To write:'), through the real entry point."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from pmf.cli import app
from pmf.placeholders import DRAFT, what_to_write
from pmf.suggested import quoted

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
STILL = "replace the 'To write:' guidance with the council's words"


def pmf(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_what_pmf_new_leaves_to_write_is_warned_of_refused_under_strict_and_never_published_as_written(
    initialised: Path,
) -> None:
    """ "Title of the service", "Role of the lead officer" and "A team or function" passed --strict and were
    published in the sign-off pack; the calendar said a task "falls to Role of the risk owner"."""
    root = ("--root", str(initialised))
    code, err = pmf("validate", "--strict", "--as-of", "2026-11-26", "--root", str(initialised))[::2]
    assert (code, err) == (0, "No problems found.\n")  # pmf init's example is worked, its guidance written
    for kind, ident in (("service", "waste"), ("measure", "WST-01"), ("risk", "RSK-WST-01")):
        code, _, err = pmf("new", kind, ident, *([] if kind == "service" else ["--service", "waste"]), *root)
        assert code == 0, err
    code, _, err = pmf("validate", "--strict", "--as-of", "2026-03-20", *root)
    assert code == 1
    lines = err.splitlines()
    assert "plans/waste/plan-2026-27.yaml:4:8: title: still to write (the title of the service): " + STILL in err
    assert (
        "plans/waste/measures/WST-01.yaml:19:15: lead_officer: still to write (the role of the lead officer): "
        f"{STILL} (--strict)"
    ) in lines
    assert (
        f"plans/waste/risks/RSK-WST-01.yaml:12:5: controls[0]: still to write (a control in place now): {STILL} (--strict)"
    ) in lines
    assert all("still to write" in line for line in lines[:-1]) and lines[-1] == "20 problems in 3 files"
    code, _, err = pmf("validate", "--as-of", "2026-03-20", *root)
    assert code == 0 and err.splitlines()[-1] == "20 warnings in 3 files"
    assert "plans/waste/plan-2026-27.yaml:13:5: warning: areas_of_responsibility[0]: still to write" in err

    out = initialised / "out"
    code, _, err = pmf("report", "plan", "waste", "--as-of", "2026-03-20", "--format", "md", "--out", str(out), *root)
    assert code == 0, err
    pack = (out / "plan-2026-27-waste.md").read_text(encoding="utf-8")
    for placeholder in ("Title of the", "Role of the", "A team or function", "Describe a"):
        assert placeholder not in pack, placeholder
    assert "To write: the title of the service" in pack and "To write: a team or function" in pack
    code, out_text, _ = pmf("calendar", "--as-of", "2026-03-20", *root)
    assert code == 0 and "falls to To write" not in out_text
    assert re.search(r"waste: the 2026-27 plan is not signed off .*; its owner is still to write\)", out_text)


WORDS = st.lists(st.sampled_from(["the", "role", "of", "(ICT,", "Legal)", "(HR", "and", "savings.", "x" * 30, "ŵ"]))


@given(words=WORDS, most=st.integers(10, 80))
def test_what_to_write_is_the_guidance_cut_at_a_word_and_never_inside_brackets(words: list[str], most: int) -> None:
    """What a warning says to write: the guidance's own words from the start, whole, no longer than ``most``
    and a '…' where it is cut, with no bracket left open by the cut."""
    guidance = " ".join(words)
    said = what_to_write(f"  {DRAFT} {guidance}\n", most)
    whole = " ".join(guidance.split()).rstrip(".")
    if len(whole) <= most:
        assert said == whole
        return
    kept = said.removesuffix("…")
    assert said.endswith("…") and len(kept) <= most
    assert whole.startswith(kept) and (whole[len(kept)] in " ,;:(" or kept == whole[:most])
    if not whole.startswith("("):
        assert kept.count("(") <= kept.count(")"), said


def test_a_welsh_report_shows_guidance_as_it_stands_and_never_lists_it_for_translation(initialised: Path) -> None:
    """The mid-year report in Welsh over a service pmf new wrote: its guidance is shown, in English and marked so,
    where the words will go; the list of plan text awaiting its Welsh version, which goes to the translators, holds
    the council's words alone (it listed 'To write: the title of the service' among them)."""
    root = ("--root", str(initialised))
    for args in (("service", "waste"), ("measure", "WST-01", "--service", "waste")):
        code, _, err = pmf("new", *args, "--as-of", "2026-03-20", *root)
        assert code == 0, err
    out = initialised / "out"
    code, _, err = pmf(
        "report", "mid-year", "--year", "2026-27", "--as-of", "2026-11-26", "--format", "md", "--lang", "cy",
        "--out", str(out), *root,
    )  # fmt: skip
    assert code == 0, err
    report = (out / "2026-27-mid-year.cy.md").read_text(encoding="utf-8")
    assert "| WST-01: To write: the title of the measure _(yn Saesneg)_ |" in report
    awaiting = report.split("**Testun cynllun sy'n aros am ei fersiwn Gymraeg**", 1)[1].split("\n## ", 1)[0]
    listed = [line[2:] for line in awaiting.splitlines() if line.startswith("- ")]
    assert "Customer Services" in listed and not [words for words in listed if DRAFT in words], listed


def test_guidance_is_found_however_its_text_is_written(initialised: Path) -> None:
    """Guidance written over two lines ('To' folded from 'write:'), with an escape ('To\\x20write:') or in Welsh
    alone in single quotes is warned of, as what pmf check and the reports take for guidance, where validate
    looked only in a file whose text held 'To write:' itself."""
    measure = initialised / "plans/example/measures/EX-01.yaml"
    text = measure.read_text(encoding="utf-8")
    lines = text.splitlines()
    at = {key: n for n, line in enumerate(lines) if (key := line.split(":", 1)[0]) in ("title", "description")}
    lines[at["title"]] = 'title: "To\\x20write: the title"'
    lines[at["description"]] = "description: >-\n  To\n  write: what it monitors"
    measure.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = pmf("validate", "--as-of", "2026-11-26", "--root", str(initialised))[2]
    assert f"EX-01.yaml:{at['title'] + 1}:8: warning: title: still to write (the title): {STILL}" in err, err
    assert "description: still to write (what it monitors)" in err, err
    welsh = text.replace(
        text.splitlines()[at["title"]], "title:\n  en: Recycling rate\n  cy: 'I''w ysgrifennu: y teitl'"
    )
    measure.write_text(welsh, encoding="utf-8")
    err = pmf("validate", "--as-of", "2026-11-26", "--root", str(initialised))[2]
    assert "title.cy: still to write (y teitl): replace the 'I'w ysgrifennu:' guidance" in err, err


def test_guidance_in_a_file_pmf_never_drafted_is_named_as_guidance_not_a_draft_s(initialised: Path) -> None:
    """The warning fits every file it covers: pmf.yaml, which pmf init writes whole and pmf new never drafts, and a
    service plan pmf new service writes, where it said "replace the draft's 'To write:' guidance"."""
    config = initialised / "pmf.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('"Example County Borough Council"', '"To write: the council\'s name"'), "utf-8")
    code, _, err = pmf("new", "service", "waste", "--as-of", "2026-03-20", "--root", str(initialised))
    assert code == 0, err
    err = pmf("validate", "--as-of", "2026-03-20", "--root", str(initialised))[2]
    line = 1 + next(n for n, words in enumerate(text.splitlines()) if words.startswith("organisation:"))
    assert (
        f"pmf.yaml:{line}:15: warning: organisation: still to write (the council's name): "
        "replace the 'To write:' guidance with the council's words"
    ) in err.splitlines(), err
    assert (
        "plans/waste/plan-2026-27.yaml:4:8: warning: title: still to write (the title of the service): " + STILL in err
    )
    assert "draft" not in err, err


@pytest.mark.parametrize(("fmt", "lang"), [("md", "en"), ("html", "cy"), ("pdf", "en"), ("both", "both")])
def test_a_report_says_once_where_the_plans_still_hold_guidance(initialised: Path, fmt: str, lang: str) -> None:
    """Every format and language of the report over plans with guidance left tells the officer who tables it,
    once, on stderr: how many places, the first, and the command that lists them, with the --root and --as-of
    given; a report over plans with none says nothing of it (it was silent either way)."""
    where = ("--root", str(initialised))
    report = ("report", "mid-year", "--as-of", "2026-11-26", "--format", fmt, "--lang", lang, *where)
    code, _, err = pmf(*report, "--out", str(initialised / "before"))
    assert code == 0 and "guidance" not in err, err
    code, _, err = pmf("new", "measure", "EX-02", "--service", "example", "--as-of", "2026-11-26", *where)
    assert code == 0, err
    code, _, err = pmf(*report, "--out", str(initialised / "after"))
    told = [line for line in err.splitlines() if "To write:" in line]
    assert code == 0 and told == [
        "pmf: the plans still hold 'To write:' guidance in 7 places, the first at plans/example/measures/EX-02.yaml:5:8: "
        "replace it with the council's words before publishing; "
        f"`pmf validate --root {quoted(str(initialised))} --as-of 2026-11-26` lists them"
    ], err
    listed = pmf("validate", "--root", str(initialised), "--as-of", "2026-11-26")[2].splitlines()
    assert (
        listed[0].startswith("plans/example/measures/EX-02.yaml:5:8: warning:") and listed[-1] == "7 warnings in 1 file"
    )


def test_a_pack_names_the_one_place_left(initialised: Path) -> None:
    """One place left is named as the one, where the packs are written."""
    measure = initialised / "plans/example/measures/EX-01.yaml"
    text = measure.read_text(encoding="utf-8")
    lead = next(line for line in text.splitlines() if line.startswith("lead_officer:"))
    measure.write_text(text.replace(lead, "lead_officer: 'To write: the role of the lead officer'"), "utf-8")
    line = 1 + text.splitlines().index(lead)
    code, _, err = pmf(
        "report", "plan", "example", "--format", "md", "--out", str(initialised / "out"), "--root", str(initialised)
    )
    assert code == 0 and err.splitlines()[-1] == (
        f"pmf: the plans still hold 'To write:' guidance in 1 place, at plans/example/measures/EX-01.yaml:{line}:15: "
        f"replace it with the council's words before publishing; `pmf validate --root {quoted(str(initialised))}` lists it"
    ), err


def test_the_place_left_is_named_from_the_folder_the_report_is_run_in_as_pmf_validate_names_it(
    initialised: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from inside the repository, the report names the place as the `pmf validate` it suggests does, so
    an editor opens it from there."""
    measure = initialised / "plans/example/measures/EX-01.yaml"
    text = measure.read_text(encoding="utf-8")
    lead = next(line for line in text.splitlines() if line.startswith("lead_officer:"))
    measure.write_text(text.replace(lead, "lead_officer: 'To write: the role of the lead officer'"), "utf-8")
    line = 1 + text.splitlines().index(lead)
    monkeypatch.chdir(initialised / "plans")
    code, _, err = pmf("report", "plan", "example", "--format", "md", "--out", str(initialised / "out"))
    assert code == 0 and f"in 1 place, at example/measures/EX-01.yaml:{line}:15: " in err.splitlines()[-1], err
    code, _, err = pmf("validate")
    assert f"example/measures/EX-01.yaml:{line}:15: warning: " in err, err
