"""The draft `pmf new assessment` writes carries the last assessment's actions however that file writes them:
a list in brackets comes forward one item a line, a comment on its own line above an item comes with it, and
a file with Windows line ends gives a draft with Windows line ends throughout; the committee's recommendations
still open come forward with their progress to write; the last assessment is read once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmf.cli import app
from pmf.yamlio import load_fast

runner = CliRunner()
MID_YEAR = "assessments/2026-27-mid-year.yaml"
YEAR_END = "assessments/2026-27-year-end.yaml"
WELSH_SINCE = "I'w ysgrifennu: i ba raddau y mae'r cyngor wedi gweithredu arno ers hunanasesiad canol blwyddyn 2026-27"
WELSH_QUOTED = WELSH_SINCE.replace("'", "''")  # as single quotes write it
IN_BRACKETS = """improvement_actions: [{id: IA-2627-01, title: Re-tender home care, lead: Head of Adult Social Care,
    due: 2027-01-31, status: on track},  # the first
  {id: IA-2627-02, title: Joint screening, lead: Head of Children's Services, due: 2026-12-31, status: complete},
  {id: IA-2627-03, title: Sickness absence, lead: Head of People and Performance, due: 2027-03-31,
    status: experiencing issues}]
"""


def _year_end(root: Path) -> str:
    """The year-end draft pmf writes, once `pmf validate` has found it whole (warnings only)."""
    result = runner.invoke(app, ["new", "assessment", "2026-27-year-end", "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    checked = runner.invoke(app, ["validate", "--root", str(root)])
    assert checked.exit_code == 0, checked.stderr
    return (root / YEAR_END).read_bytes().decode("utf-8")


def _actions(mid_year: Path, written: str) -> None:
    text = mid_year.read_text(encoding="utf-8")
    start, end = text.index("improvement_actions:"), text.index("\nengagement:") + 1
    mid_year.write_text(text[:start] + written + text[end:], encoding="utf-8")


def test_actions_listed_in_brackets_come_forward_one_item_a_line(whole_demo: Path) -> None:
    _actions(whole_demo / MID_YEAR, IN_BRACKETS)
    draft = _year_end(whole_demo)
    assert draft.count("improvement_actions:") == 1
    actions = load_fast(draft)["improvement_actions"]
    assert [a["id"] for a in actions] == ["IA-2627-01", "IA-2627-03"]
    assert actions[1]["status"] == "To write: its progress since the 2026-27 mid-year, when it was experiencing issues"
    assert (
        "    status: 'To write: its progress since the 2026-27 mid-year, when it was on track'  # the first\n" in draft
    )


def test_a_comment_above_an_action_comes_forward_with_it(whole_demo: Path) -> None:
    mid_year = whole_demo / MID_YEAR
    text = mid_year.read_text(encoding="utf-8")
    mid_year.write_text(
        text.replace("  - id: IA-2627-02\n", "  # agreed with the police in July\n  - id: IA-2627-02\n")
    )
    draft = _year_end(whole_demo)
    assert "    governance_area: procurement\n  # agreed with the police in July\n  - id: IA-2627-02\n" in draft


def test_a_last_assessment_with_windows_line_ends_gives_a_draft_with_windows_line_ends(whole_demo: Path) -> None:
    mid_year = whole_demo / MID_YEAR
    mid_year.write_bytes(mid_year.read_bytes().replace(b"\n", b"\r\n"))
    draft = _year_end(whole_demo)
    assert draft.count("\n") > 100 and draft.count("\n") == draft.count("\r\n")
    assert "    status: 'To write: its progress since the 2026-27 mid-year, when it was on track'\r\n" in draft


def test_actions_in_brackets_in_a_draft_pmf_wrote_come_forward(initialised: Path) -> None:
    """A repository `pmf init` wrote: its mid-year draft, the actions then written in brackets by its officer."""
    assert runner.invoke(app, ["new", "assessment", "2026-27-mid-year", "--root", str(initialised)]).exit_code == 0
    mid_year = initialised / MID_YEAR
    text = mid_year.read_text(encoding="utf-8")
    at = text.index("# improvement_actions:")
    mid_year.write_text(text[:at] + IN_BRACKETS + text[at:], encoding="utf-8")
    result = runner.invoke(app, ["new", "assessment", "2026-27-year-end", "--root", str(initialised)])
    assert result.exit_code == 0, result.stderr
    draft = (initialised / YEAR_END).read_text(encoding="utf-8")
    assert draft.count("\nimprovement_actions:") == 1
    assert [a["id"] for a in load_fast(draft)["improvement_actions"]] == ["IA-2627-01", "IA-2627-03"]


RECOMMENDATIONS = """recommendations:
  - id: GAC-2627-01
    recommendation: Include the number of people waiting in hospital for care, not only the rate.
    accepted: true
    response:  # agreed at the meeting
      en: Added to the commentary on delayed transfers of care.
      cy: Ychwanegwyd at y sylwebaeth ar oedi wrth drosglwyddo gofal.
  # raised by the lay member
  - id: GAC-2627-03
    recommendation: Report the council tax collection rate each quarter.
    accepted: true
    response: The rate is now in the quarterly report.
    progress: on track, in the first quarter's report  # checked in October
  - {id: GAC-2627-04, recommendation: Name the lead of each action, accepted: true, response: Done, progress: complete}
  - {id: GAC-2627-05, recommendation: Say when annual data arrives, accepted: true, response: {en: Yes, cy: Ie}}
  - id: GAC-2627-02
    recommendation: Remove the measures that have no figure for the half year.
    accepted: false
    response: The measures remain in the report.
    reason_not_accepted: Gaps are shown and explained, not removed.
"""


def _recommendations(assessment: Path, written: str) -> None:
    text = assessment.read_text(encoding="utf-8")
    at = text.index("recommendations:\n") if "\nrecommendations:" in text else len(text)
    assessment.write_text(text[:at] + written, encoding="utf-8")


def test_the_committees_recommendations_still_open_come_forward_to_report_their_progress(whole_demo: Path) -> None:
    """The demo as it is: the mid-year's accepted recommendation comes forward, the declined one is named."""
    draft = _year_end(whole_demo)
    recommendations = load_fast(draft)["recommendations"]
    assert [r["id"] for r in recommendations] == ["GAC-2627-01"]
    assert recommendations[0]["progress"] == "To write: how far the council has acted on it since the 2026-27 mid-year"
    assert recommendations[0]["response"] == "Added to the commentary on delayed transfers of care."
    assert "# Not carried from the 2026-27 mid-year: GAC-2627-02 (not accepted).\n" in draft
    checked = runner.invoke(app, ["validate", "--root", str(whole_demo)])
    assert f"{YEAR_END}:{draft[: draft.index('    progress: ')].count(chr(10)) + 1}:15: warning: " in checked.stderr
    assert "recommendations[0].progress: still to write" in checked.stderr


def test_recommendations_come_forward_as_written_in_both_languages_where_they_were(whole_demo: Path) -> None:
    _recommendations(whole_demo / MID_YEAR, RECOMMENDATIONS)
    draft = _year_end(whole_demo)
    assert [r["id"] for r in load_fast(draft)["recommendations"]] == ["GAC-2627-01", "GAC-2627-03", "GAC-2627-05"]
    since = "To write: how far the council has acted on it since the 2026-27 mid-year"
    assert (
        "  - id: GAC-2627-01\n"
        "    recommendation: Include the number of people waiting in hospital for care, not only the rate.\n"
        "    accepted: true\n"
        "    response:  # agreed at the meeting\n"
        "      en: Added to the commentary on delayed transfers of care.\n"
        "      cy: Ychwanegwyd at y sylwebaeth ar oedi wrth drosglwyddo gofal.\n"
        "    progress:\n"
        f"      en: '{since}'\n"
        f"      cy: '{WELSH_QUOTED}'\n"
        "  # raised by the lay member\n"
        "  - id: GAC-2627-03\n"
    ) in draft
    assert (
        f"    progress: '{since}, when it was on track, in the first quarter''s report'  # checked in October\n"
    ) in draft
    assert (
        "  - {id: GAC-2627-05, recommendation: Say when annual data arrives, accepted: true, response: {en: Yes, "
        f"cy: Ie}}, progress: {{en: '{since}', cy: '{WELSH_QUOTED}'}}}}\n"
    ) in draft
    assert "# Not carried from the 2026-27 mid-year: GAC-2627-04 (complete); GAC-2627-02 (not accepted).\n" in draft
    checked = runner.invoke(app, ["validate", "--root", str(whole_demo)])
    warned = [w.split(": warning: ")[1] for w in checked.stderr.splitlines() if w.startswith(YEAR_END) and "recom" in w]
    assert [w.split(":")[0] for w in warned] == [
        "recommendations[0].progress",
        "recommendations[0].progress.cy",
        "recommendations[1].progress",
        "recommendations[2].progress",
        "recommendations[2].progress.cy",
    ]


def test_a_progress_written_in_welsh_comes_forward_in_the_welsh_guidance(whole_demo: Path) -> None:
    """The Welsh guidance quotes the Welsh progress, where it copied the English into the Welsh."""
    _recommendations(
        whole_demo / MID_YEAR,
        "recommendations:\n  - id: GAC-2627-01\n    recommendation: Include the number waiting.\n    accepted: true\n"
        "    response: {en: Added, cy: Ychwanegwyd}\n"
        "    progress: {en: 'on track, figures from November', cy: ar y trywydd iawn}\n",
    )
    draft = load_fast(_year_end(whole_demo))
    since = "To write: how far the council has acted on it since the 2026-27 mid-year, when it was"
    assert draft["recommendations"][0]["progress"] == {
        "en": f"{since} on track, figures from November",
        "cy": f"{WELSH_SINCE} (bryd hynny: ar y trywydd iawn)",
    }


def test_a_recommendation_comes_forward_until_its_progress_is_complete(initialised: Path) -> None:
    """A repository `pmf init` wrote, its drafts written by `pmf new`: the year-end's progress written as the
    officer would, the next mid-year carries what is still open, and the report shows the progress."""
    assert runner.invoke(app, ["new", "assessment", "2026-27-mid-year", "--root", str(initialised)]).exit_code == 0
    _recommendations(initialised / MID_YEAR, RECOMMENDATIONS)
    _year_end(initialised)
    year_end = initialised / YEAR_END
    text = year_end.read_text(encoding="utf-8")
    since = "'To write: how far the council has acted on it since the 2026-27 mid-year"
    text = text.replace(
        f"      en: {since}'\n      cy: '{WELSH_QUOTED}'\n", "      en: complete\n      cy: wedi'i gwblhau\n"
    )
    text = text.replace(
        f"    progress: {since}, when it was on track, in the first quarter''s report'", "    progress: on track"
    )
    year_end.write_text(text, encoding="utf-8")
    assert runner.invoke(app, ["validate", "--root", str(initialised)]).exit_code == 0
    result = runner.invoke(app, ["new", "assessment", "2027-28-mid-year", "--root", str(initialised)])
    assert result.exit_code == 0, result.stderr
    draft = (initialised / "assessments/2027-28-mid-year.yaml").read_text(encoding="utf-8")
    carried = load_fast(draft)["recommendations"]
    assert [r["id"] for r in carried] == ["GAC-2627-03", "GAC-2627-05"]
    assert carried[0]["progress"] == (
        "To write: how far the council has acted on it since the 2026-27 year-end, when it was on track"
    )
    assert "# Not carried from the 2026-27 year-end: GAC-2627-01 (complete).\n" in draft
    out = initialised / "out"
    made = runner.invoke(
        app,
        [
            "report",
            "year-end",
            "--year",
            "2026-27",
            "--as-of",
            "2027-06-01",
            "--format",
            "both",
            "--lang",
            "both",
            "--out",
            str(out),
            "--root",
            str(initialised),
        ],
    )
    assert made.exit_code == 0, made.stderr
    report = (out / "2026-27-year-end.md").read_text(encoding="utf-8")
    carried_at = report.index("### Progress on earlier recommendations\n")
    new = report[: report.index("### Progress on earlier recommendations")]
    assert "The committee's recommendations on the draft will be recorded here." in new  # none made on this one
    assert "GAC-2627" not in new
    assert (
        "| GAC-2627-03: Report the council tax collection rate each quarter. | Accepted | "
        "The rate is now in the quarterly report. | on track |\n"
    ) in report[carried_at:]
    welsh = (out / "2026-27-year-end.cy.html").read_text(encoding="utf-8")
    assert "<caption>Cynnydd ar argymhellion cynharach</caption>" in welsh
    assert "<td>wedi&#39;i gwblhau</td>" in welsh or "<td>wedi'i gwblhau</td>" in welsh


def _composed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts composed from here on (pmf.nodes.compose: the round-trip reading of a whole file)."""
    from pmf import nodes

    texts: list[str] = []
    compose = nodes.compose

    def counted(text: str) -> nodes.MappingNode:
        texts.append(text)
        return compose(text)

    monkeypatch.setattr(nodes, "compose", counted)
    return texts


def test_the_last_assessment_is_read_once_for_every_list_it_carries(
    whole_demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    composed = _composed(monkeypatch)
    result = runner.invoke(app, ["new", "assessment", "2026-27-year-end", "--root", str(whole_demo)])
    assert result.exit_code == 0, result.stderr
    assert len(composed) == 1
    draft = (whole_demo / YEAR_END).read_text(encoding="utf-8")
    assert [a["id"] for a in load_fast(draft)["improvement_actions"]] == [f"IA-2627-0{i}" for i in (1, 2, 3, 4)]
    assert [r["id"] for r in load_fast(draft)["recommendations"]] == ["GAC-2627-01"]


def _replace(path: Path, key: str, written: str) -> None:
    """``path`` with the top-level ``key`` (up to the next top-level key) written as ``written``."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"\n{key}:") + 1
    end = re.compile(r"^[^\s#]", re.MULTILINE).search(text, text.index("\n", start) + 1)
    path.write_text(text[:start] + written + (text[end.start() :] if end else ""), encoding="utf-8")


def test_lists_in_brackets_are_written_out_and_read_once_more(
    whole_demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every list a year-end carries written in brackets: all written out from the one reading, then read again."""
    (whole_demo / MID_YEAR).unlink()
    year_end = whole_demo / "assessments/2025-26-year-end.yaml"
    _replace(year_end, "improvement_actions", IN_BRACKETS.replace("2627", "2526"))
    _replace(
        year_end,
        "actions_next_year",
        "actions_next_year: [{id: NY-2627-01, title: Empty homes, lead: Head of Housing, due: 2027-03-31,\n"
        "    requirement: functions}]  # one for the year\n",
    )
    _replace(
        year_end,
        "recommendations",
        "recommendations: [{id: GAC-2526-01, recommendation: Show trends, accepted: true,\n"
        "    response: Charts added, progress: on track}]\n",
    )
    composed = _composed(monkeypatch)
    result = runner.invoke(app, ["new", "assessment", "2026-27-mid-year", "--root", str(whole_demo)])
    assert result.exit_code == 0, result.stderr
    assert len(composed) == 2
    draft = load_fast((whole_demo / MID_YEAR).read_text(encoding="utf-8"))
    assert [a["id"] for a in draft["improvement_actions"]] == ["IA-2526-01", "IA-2526-03", "NY-2627-01"]
    assert draft["improvement_actions"][2]["status"] == (
        "To write: its progress since the 2025-26 year-end set it for the year"
    )
    assert draft["recommendations"] == [
        {
            "id": "GAC-2526-01",
            "recommendation": "Show trends",
            "accepted": True,
            "response": "Charts added",
            "progress": "To write: how far the council has acted on it since the 2025-26 year-end, when it was on track",
        }
    ]
    assert runner.invoke(app, ["validate", "--root", str(whole_demo)]).exit_code == 0


def test_the_committee_the_last_assessment_named_comes_with_its_recommendations(whole_demo: Path) -> None:
    mid_year = whole_demo / MID_YEAR
    text = mid_year.read_text(encoding="utf-8")
    scrutiny = "Finance and Resources Overview and Scrutiny Committee"
    mid_year.write_text(text.replace("committee: Governance and Audit Committee\n", f"committee: {scrutiny}\n"))
    draft = _year_end(whole_demo)
    assert f"\ncommittee: {scrutiny}  # the committee that reviews the draft\n" in draft
    mid_year.write_text(text.replace("committee: Governance and Audit Committee\n", "committee: 'Audit: Wales #2'\n"))
    (whole_demo / YEAR_END).unlink()
    assert load_fast(_year_end(whole_demo))["committee"] == "Audit: Wales #2"


def test_text_carried_with_a_character_single_quotes_cannot_hold_gives_a_draft_that_reads(whole_demo: Path) -> None:
    """A status or committee written with an escape in double quotes ('\\e') comes forward in double quotes."""
    mid_year = whole_demo / MID_YEAR
    text = mid_year.read_text(encoding="utf-8")
    text = text.replace("    status: on track\n", '    status: "on track \\e (late)"\n', 1)
    mid_year.write_text(text.replace("committee: Governance and Audit Committee", 'committee: "Audit\\e Committee"'))
    draft = load_fast(_year_end(whole_demo))
    assert draft["committee"] == "Audit\x1b Committee"
    assert any(a["status"].endswith("when it was on track \x1b (late)") for a in draft["improvement_actions"])


def test_a_new_recommendation_with_its_progress_written_stays_among_the_recommendations_on_the_draft(
    whole_demo: Path,
) -> None:
    """A recommendation is carried when an earlier assessment holds its id, not because its progress is written."""
    mid_year = whole_demo / MID_YEAR
    text = mid_year.read_text(encoding="utf-8")
    done = "    response: Added to the commentary on delayed transfers of care.\n"
    mid_year.write_text(text.replace(done, done + "    progress: on track, in the Q3 commentary\n"), encoding="utf-8")
    out = whole_demo / "out"
    args = ["report", "mid-year", "--year", "2026-27", "--as-of", "2026-11-10", "--format", "md", "--out", str(out)]
    made = runner.invoke(app, [*args, "--root", str(whole_demo)])
    assert made.exit_code == 0, made.stderr
    report = (out / "2026-27-mid-year.md").read_text(encoding="utf-8")
    assert "GAC-2627-01: Include the number of people waiting" in report
    assert "### Progress on earlier recommendations" not in report


def test_a_carried_recommendation_and_action_get_their_welsh_guidance_in_welsh(whole_demo: Path) -> None:
    """The Welsh of a carried item's guidance is Welsh, from the catalogue, where it was English with ', in Welsh'
    after it; an action whose status was written in both languages comes forward in both; validate warns of each."""
    mid_year = whole_demo / MID_YEAR
    text = mid_year.read_text(encoding="utf-8").replace(
        "    due: 2027-01-31\n    status: on track\n",
        "    due: 2027-01-31\n    status: {en: on track, cy: ar y trywydd iawn}\n",
        1,
    )
    mid_year.write_text(text, encoding="utf-8")
    _recommendations(
        mid_year,
        "recommendations:\n  - id: GAC-2627-01\n    recommendation: Include the number waiting.\n    accepted: true\n"
        "    response: {en: Added, cy: Ychwanegwyd}\n",
    )
    draft = load_fast(_year_end(whole_demo))
    assert draft["recommendations"][0]["progress"] == {
        "en": "To write: how far the council has acted on it since the 2026-27 mid-year",
        "cy": WELSH_SINCE,
    }
    assert draft["improvement_actions"][0]["status"] == {
        "en": "To write: its progress since the 2026-27 mid-year, when it was on track",
        "cy": "I'w ysgrifennu: ei gynnydd ers hunanasesiad canol blwyddyn 2026-27 (bryd hynny: ar y trywydd iawn)",
    }
    checked = runner.invoke(app, ["validate", "--root", str(whole_demo)])
    assert (
        "improvement_actions[0].status.cy: still to write (ei gynnydd ers hunanasesiad canol blwyddyn 2026-27…): "
        "replace the 'I'w ysgrifennu:' guidance with the council's words" in checked.stderr
    )
    assert "recommendations[0].progress.cy: still to write" in checked.stderr


def test_the_welsh_mark_validate_knows_is_the_catalogues() -> None:
    from pmf.i18n import translations
    from pmf.placeholders import DRAFT, DRAFT_CY

    assert translations("cy").gettext(DRAFT) == DRAFT_CY
