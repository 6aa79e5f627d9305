"""`pmf new assessment`: the draft self-assessment, as a performance officer starts it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pmf.assessment import Assessment
from pmf.assessment_draft import AREAS, draft
from pmf.bilingual import texts
from pmf.cli import app
from pmf.fields import GovernanceArea
from pmf.periods import WindowName
from pmf.placeholders import DRAFT
from pmf.settings import Settings
from pmf.yamlio import load_fast

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
DEMO = Path(__file__).parent.parent
AREA_KEYS = [f"governance_areas.{area.value}.assessment" for area in GovernanceArea]
TITLE = st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn")) | st.sampled_from("\n\t")  # as pmf.yaml takes
STILL = "replace the 'To write:' guidance with the council's words"


def pmf(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def warned(err: str, name: str) -> list[str]:
    """The key paths `pmf validate` says are still to write in ``assessments/<name>.yaml``."""
    pattern = rf"assessments/{name}\.yaml:\d+:\d+: warning: (\S+): still to write \([^\n]*\): {re.escape(STILL)}"
    return [m.group(1) for m in re.finditer(pattern, err)]


def written(path: Path) -> None:
    """Every 'To write:' replaced with words, as the officer writes them."""
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"To write: [^\n]*(\n {2,}[^ #\n][^\n]*)*", "Written by the officer.", text), "utf-8")


def test_a_mid_year_draft_validates_warning_only_of_what_is_still_to_write(initialised: Path, tmp_path: Path) -> None:
    root = initialised
    code, out, err = pmf("new", "assessment", "2026-27-mid-year", "--root", str(root))
    assert (code, out) == (0, "")
    assert err.splitlines() == [
        "wrote assessments/2026-27-mid-year.yaml",
        f"still to write: each 'To write:' in it; pmf validate --root {root} warns of each one left, and pmf report "
        "shows the "
        "draft as it stands",
    ]
    path = root / "assessments/2026-27-mid-year.yaml"
    assert path.read_text(encoding="utf-8").startswith(
        "# The performance officer's narrative for the 2026-27 mid-year Performance Self-Assessment:\n"
        "# April to September 2026.\n"
    )
    code, _, err = pmf("validate", "--root", str(root))
    assert code == 0, err
    expected = ["executive_summary", "outcomes.resilient.narrative", "outcomes.healthy.narrative", *AREA_KEYS]
    assert warned(err, "2026-27-mid-year") == expected
    assert err.splitlines()[-1] == f"{len(expected)} warnings in 1 file"

    written(path)
    code, _, err = pmf("validate", "--root", str(root), "--strict")
    assert "assessments/" not in err, err
    out_dir = tmp_path / "out"
    code, _, err = pmf(
        "report", "mid-year", "--year", "2026-27", "--root", str(root), "--format", "md", "--out", str(out_dir)
    )
    assert code == 0, err
    report = (out_dir / "2026-27-mid-year.md").read_text(encoding="utf-8")
    assert report.count("Written by the officer.") == len(expected)
    assert "That the Committee considers the improvement actions and makes any recommendations on them." in report


def test_a_year_end_draft_asks_for_the_conclusions_on_the_performance_requirements(initialised: Path) -> None:
    root = initialised
    assert pmf("new", "assessment", "2026-27-year-end", "--root", str(root))[0] == 0
    code, _, err = pmf("validate", "--root", str(root))
    assert code == 0, err
    assert "must give the council's conclusions" not in err
    assert warned(err, "2026-27-year-end") == [
        "executive_summary",
        *(f"performance_requirements.{r}.conclusion" for r in ("functions", "resources", "governance")),
        "outcomes.resilient.narrative",
        "outcomes.healthy.narrative",
        *AREA_KEYS,
    ]
    text = (root / "assessments/2026-27-year-end.yaml").read_text(encoding="utf-8")
    assert "# October 2026 to March 2027 and the whole of 2026-27.\n" in text
    assert "for 2027-28.\n" in text and "#   - id: NY-2728-01\n#     title" in text


def test_an_assessment_that_exists_is_never_overwritten(initialised: Path) -> None:
    root = initialised
    assert pmf("new", "assessment", "2026-27-mid-year", "--root", str(root))[0] == 0
    path = root / "assessments/2026-27-mid-year.yaml"
    written(path)
    before = path.read_bytes()
    code, out, err = pmf("new", "assessment", "2026-27-mid-year", "--root", str(root))
    assert (code, out) == (2, "")
    assert err == (
        "pmf: assessments/2026-27-mid-year.yaml already exists: pmf new never overwrites a file. Edit it to go on "
        "with the draft, or rename it first to start again from a new one\n"
    )
    assert path.read_bytes() == before


def test_translators_are_sent_only_the_words_the_council_wrote(initialised: Path, tmp_path: Path) -> None:
    """The draft's recommendations to the committee come in English and Welsh; its guidance still to replace is
    neither a notice of `pmf validate --lang cy` nor a row for `pmf translate export`; the words written are."""
    root = initialised
    assert pmf("new", "assessment", "2026-27-mid-year", "--root", str(root))[0] == 0

    def untranslated() -> tuple[list[str], str]:
        _, _, err = pmf("validate", "--root", str(root), "--lang", "cy")
        notices = [line for line in err.splitlines() if line.startswith("assessments/") and ": notice: " in line]
        sheet = tmp_path / "welsh.csv"
        sheet.unlink(missing_ok=True)
        assert pmf("translate", "export", str(sheet), "--root", str(root))[0] == 0
        return notices, sheet.read_text(encoding="utf-8")

    notices, sheet = untranslated()
    assert notices == [] and "assessments/" not in sheet and "To write" not in sheet
    written(root / "assessments/2026-27-mid-year.yaml")
    notices, sheet = untranslated()
    assert len(notices) == sheet.count("Written by the officer.") == 10
    assert all(n.endswith(": has no Welsh version yet: write it as 'en: <English>' and 'cy: <Welsh>'") for n in notices)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        pytest.param(
            ["2026-27"],
            "'2026-27' is not an assessment: name its financial year and window, e.g. 2026-27-mid-year or "
            "2026-27-year-end (the file it writes in assessments/)",
            id="no-window",
        ),
        pytest.param(
            ["2026-28-mid-year"],
            "'2026-28-mid-year': '2026-28' is not a financial year: the years must follow on (2026-27)",
            id="years-not-following",
        ),
        pytest.param(
            ["2026-27-mid-year", "--service", "example"],
            "--service is not for pmf new assessment: an assessment covers every service and outcome",
            id="service",
        ),
    ],
)
def test_a_name_pmf_cannot_take_writes_nothing(initialised: Path, args: list[str], said: str) -> None:
    code, _, err = pmf("new", "assessment", *args, "--root", str(initialised))
    assert (code, err) == (2, f"pmf: {said}\n")
    assert not (initialised / "assessments").exists()


def test_the_demo_councils_draft_has_its_outcomes_required_first(tmp_path: Path) -> None:
    """On the demo (seven outcomes, Welsh titles, two assessments written): the draft for the next one."""
    root = tmp_path / "demo"
    root.mkdir()
    for name in ("pmf.yaml", "plans", "assessments", "regulators", "improvement", "panel"):
        if (DEMO / name).is_dir():
            shutil.copytree(DEMO / name, root / name)
        elif (DEMO / name).exists():
            shutil.copy(DEMO / name, root / name)
    code, _, err = pmf("new", "assessment", "2026-27-mid-year", "--root", str(root))
    assert code == 2 and "assessments/2026-27-mid-year.yaml already exists" in err
    assert pmf("new", "assessment", "2026-27-year-end", "--root", str(root))[0] == 0
    code, _, err = pmf("validate", "--root", str(root))
    assert code == 0, err
    demo = Settings.model_validate(load_fast((root / "pmf.yaml").read_text(encoding="utf-8")))
    outcomes = [o.id for o in sorted(demo.outcomes, key=lambda o: demo.outcome_rank(o.id))]
    keys = warned(err, "2026-27-year-end")
    assert [k.split(".")[1] for k in keys if k.startswith("outcomes.")] == outcomes
    assert outcomes[0] == "resilient" and len(outcomes) == 7
    assert len(keys) == len(err.splitlines()) - 1  # nothing else warned of anywhere


def test_the_draft_covers_every_governance_area() -> None:
    assert list(AREAS) == [area.value for area in GovernanceArea]


@settings(max_examples=60, deadline=None)
@given(
    outcomes=st.lists(
        st.tuples(st.from_regex(r"[a-z][a-z0-9_-]{0,12}", fullmatch=True), st.text(TITLE, min_size=1, max_size=40)),
        max_size=5,
        unique_by=lambda o: o[0],
    ).filter(lambda found: all(title.strip() for _, title in found)),
    start=st.integers(min_value=2000, max_value=2090),
    name=st.sampled_from(list(WindowName)),
)
def test_every_draft_reads_as_an_assessment_with_only_its_guidance_to_replace(
    outcomes: list[tuple[str, str]], start: int, name: WindowName
) -> None:
    """Whatever the outcomes are called (Welsh, '#', ':', quotes, line breaks), the draft is an assessment of
    the year and window named, every outcome and area has guidance to replace, and nothing else does."""
    year = f"{start}-{(start + 1) % 100:02d}"
    council = Settings.model_validate(
        {"organisation": "Test", "outcomes": [{"id": i, "title": t} for i, t in outcomes]}
    )
    found = Assessment.model_validate(load_fast(draft(council, year, name)))
    assert (found.financial_year, found.window) == (year, name)
    still = [".".join(str(k) for k in where) for where, text in texts(found) if text.startswith(DRAFT)]
    conclusions = [f"performance_requirements.{r}.conclusion" for r in ("functions", "resources", "governance")]
    assert still == [  # in the model's order
        "executive_summary",
        *(f"outcomes.{i}.narrative" for i, _ in outcomes),
        *AREA_KEYS,
        *(conclusions if name is WindowName.year_end else []),
    ]


def _leaves(value: object) -> list[str]:
    """Every text a YAML document holds, as pmf reads it."""
    if isinstance(value, dict):
        return [t for v in value.values() for t in _leaves(v)]
    if isinstance(value, list):
        return [t for v in value for t in _leaves(v)]
    return [value] if isinstance(value, str) else []


@pytest.mark.parametrize("name", ["2026-27-mid-year", "2026-27-year-end"])
def test_every_drafted_text_reads_back_as_the_guidance_it_was_made_from(
    initialised: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """A folded block rejoins its lines with a space, so a line broken after a hyphen read "their sign- off"."""
    import pmf.assessment_draft as drafting

    made: list[str] = []
    block = drafting._block

    def kept(text: str, indent: int) -> str:
        made.append(text)
        return block(text, indent)

    monkeypatch.setattr(drafting, "_block", kept)
    code, _, err = pmf("new", "assessment", name, "--root", str(initialised))
    assert code == 0, err
    read = _leaves(load_fast((initialised / f"assessments/{name}.yaml").read_text(encoding="utf-8")))
    assert any("-" in text and len(text) > 96 for text in made)  # texts long enough to wrap, with hyphens in them
    assert [text for text in made if text not in read] == []


def test_the_year_end_draft_carries_the_mid_year_s_actions_to_report_progress_on(whole_demo: Path) -> None:
    """Each improvement action not complete at mid-year comes forward as written there, comments kept, its status
    to write again (pmf validate warns until it is); a complete one is named, not carried; the lessons the
    mid-year meant to learn are named for review."""
    root = whole_demo
    mid_year = root / "assessments/2026-27-mid-year.yaml"
    text = mid_year.read_text(encoding="utf-8")
    text = text.replace(
        "    lead: Head of Children's Services\n",
        "    # agreed with the police in October\n    lead: Head of Children's Services  # with the police lead\n",
    )
    text = text.replace("    due: 2027-04-30\n    status: not started\n", "    due: 2027-04-30\n    status: complete\n")
    mid_year.write_text(text, encoding="utf-8")
    assert pmf("new", "assessment", "2026-27-year-end", "--root", str(root))[0] == 0
    draft_text = (root / "assessments/2026-27-year-end.yaml").read_text(encoding="utf-8")
    carried = draft_text[draft_text.index("\nimprovement_actions:") : draft_text.index("\n# engagement:")]
    assert carried.split("\n")[2:14] == [
        "  - id: IA-2627-01",
        "    title: Re-tender the handed-back home care packages and expand reablement",
        "    lead: Head of Adult Social Care",
        "    due: 2027-01-31",
        "    status: 'To write: its progress since the 2026-27 mid-year, when it was on track'",
        "    governance_area: procurement",
        "  - id: IA-2627-02",
        "    title: Agree joint screening of police domestic abuse notifications with partners",
        "    # agreed with the police in October",
        "    lead: Head of Children's Services  # with the police lead",
        "    due: 2026-12-31",
        "    status: 'To write: its progress since the 2026-27 mid-year, when it was on track'",
    ]
    assert "  - id: IA-2627-03" in carried and "  - id: IA-2627-04" not in carried
    assert (
        "# Complete at the 2026-27 mid-year, not carried: IA-2627-04: Make sure every red or orange result carries "
        "a comment before the report is drafted." in carried
    )
    assert (
        "# To do differently, as the 2026-27 mid-year learned: say in lessons_learned whether it was done.\n"
        "#   - Services should write commentary on red and orange results when they enter the figure, not at "
        "report time.\n" in draft_text
    )
    code, _, err = pmf("validate", "--root", str(root))
    assert code == 0, err
    keys = warned(err, "2026-27-year-end")
    assert [k for k in keys if k.startswith("improvement_actions")] == [
        f"improvement_actions[{i}].status" for i in range(3)
    ]
    assert (root / "assessments/2026-27-mid-year.yaml").read_text(encoding="utf-8") == text  # left as it was


def test_the_mid_year_draft_carries_the_year_end_s_actions_and_those_it_set_for_the_year(whole_demo: Path) -> None:
    root = whole_demo
    (root / "assessments/2026-27-mid-year.yaml").unlink()
    year_end = root / "assessments/2025-26-year-end.yaml"
    text = year_end.read_text(encoding="utf-8").replace(
        "    status: on track\n    governance_area: workforce_planning\n",
        "    status: {en: on track, cy: ar y trywydd iawn}\n    governance_area: workforce_planning\n",
    )
    text = text.replace(
        "actions_next_year:\n",
        "actions_next_year:\n  - {id: NY-2627-00, title: Publish the plan, lead: Head of Policy, due: 2026-06-30}\n",
    )
    year_end.write_text(text, encoding="utf-8")
    assert pmf("new", "assessment", "2026-27-mid-year", "--root", str(root))[0] == 0
    draft_text = (root / "assessments/2026-27-mid-year.yaml").read_text(encoding="utf-8")
    assert "  - id: IA-2526-01" not in draft_text  # complete at the year-end
    assert (  # written in both languages there, so here: the Welsh guidance in Welsh
        "    status:\n      en: 'To write: its progress since the 2025-26 year-end, when it was on track'\n"
        "      cy: 'I''w ysgrifennu: ei gynnydd ers hunanasesiad diwedd blwyddyn 2025-26 (bryd hynny: ar y trywydd "
        "iawn)'\n" in draft_text
    )
    assert (
        "  - {id: NY-2627-00, title: Publish the plan, lead: Head of Policy, due: 2026-06-30, status: 'To write: its "
        "progress since the 2025-26 year-end set it for the year'}\n" in draft_text
    )
    assert (
        "      cy: Pennaeth Tai\n    due: 2027-03-31\n    status: 'To write: its progress since the 2025-26 year-end "
        "set it for the year'  # requirement: functions\n" in draft_text
    )
    code, _, err = pmf("validate", "--root", str(root))
    assert code == 0, err
    drafted = Assessment.model_validate(load_fast(draft_text))
    assert [a.id for a in drafted.improvement_actions] == ["IA-2526-02", "NY-2627-00", "NY-2627-01", "NY-2627-02"]


def test_a_last_assessment_pmf_cannot_read_is_named_at_its_line_and_nothing_is_written(whole_demo: Path) -> None:
    root = whole_demo
    mid_year = root / "assessments/2026-27-mid-year.yaml"
    mid_year.write_text(mid_year.read_text(encoding="utf-8") + "lessons_learned: [\n", encoding="utf-8")
    code, _, err = pmf("new", "assessment", "2026-27-year-end", "--root", str(root))
    assert code == 1
    assert err.startswith("assessments/2026-27-mid-year.yaml:")
    assert f"the draft carries its actions forward, so fix it first (pmf validate --root {root} says how)" in err
    assert not (root / "assessments/2026-27-year-end.yaml").exists()
