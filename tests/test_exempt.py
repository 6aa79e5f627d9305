"""A risk held as exempt information (Schedule 12A) is left out of what pmf publishes, which says how many it
left out; `--include-exempt` shows it, for the closed part of the meeting."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmf import i18n
from pmf.cli import app
from pmf.exempt import withheld_sentence

ROOT = Path(__file__).parent.parent
runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
LEFT_OUT = "1 risk is exempt information and is not shown."
LEFT_OUT_CY = "Mae 1 risg yn wybodaeth eithriedig ac nid yw'n cael ei dangos."


def pmf(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def council(whole_demo: Path) -> Path:
    """The demo council outside git, its waste service's driver shortage held as exempt information."""
    root = whole_demo
    risk = root / "plans/waste/risks/RSK-WST-02.yaml"
    risk.write_text(risk.read_text(encoding="utf-8") + "exempt: 14  # the drivers' pay is being negotiated\n", "utf-8")
    return root


def test_the_self_assessment_leaves_an_exempt_risk_out_and_says_so(council: Path, tmp_path: Path) -> None:
    code, _, err = pmf("validate", "--root", str(council))
    assert code == 0, err
    out = tmp_path / "public"
    args = ["report", "mid-year", "--root", str(council), "--as-of", "2026-11-20", "--format", "md"]
    assert pmf(*args, "--out", str(out), "--lang", "both")[0] == 0
    english = (out / "2026-27-mid-year.md").read_text(encoding="utf-8")
    assert "RSK-WST-02" not in english and "HGV drivers" not in english
    assert f"25 open risks (2 of them have happened and are managed as issues); 2 closed. {LEFT_OUT}\n" in english
    assert LEFT_OUT_CY in (out / "2026-27-mid-year.cy.md").read_text(encoding="utf-8")
    closed = tmp_path / "closed"
    assert pmf(*args, "--out", str(closed), "--include-exempt")[0] == 0
    papers = (closed / "2026-27-mid-year.md").read_text(encoding="utf-8")
    assert "26 open risks (2 of them have happened and are managed as issues); 2 closed.\n" in papers
    assert "exempt information" not in papers


def test_the_site_and_the_review_pack_leave_it_out_and_say_so(council: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert pmf("site", "--root", str(council), "--as-of", "2026-11-20", "--out", str(site))[0] == 0
    page = (site / "services/waste.html").read_text(encoding="utf-8")
    assert "RSK-WST-01" in page and "RSK-WST-02" not in page
    assert f"<p>{LEFT_OUT}</p>" in page
    assert LEFT_OUT_CY.replace("'", "&#39;") in (site / "services/waste.cy.html").read_text(encoding="utf-8")
    assert not [p for p in site.rglob("*.html") if "RSK-WST-02" in p.read_text(encoding="utf-8")]
    assert LEFT_OUT not in (site / "services/highways.html").read_text(encoding="utf-8")  # none of its own
    closed = tmp_path / "closed"
    assert (
        pmf("site", "--root", str(council), "--as-of", "2026-11-20", "--out", str(closed), "--include-exempt")[0] == 0
    )
    assert "RSK-WST-02" in (closed / "services/waste.html").read_text(encoding="utf-8")
    pack = tmp_path / "pack"
    args = ["report", "service-review", "waste", "--root", str(council), "--as-of", "2026-11-20", "--format", "md"]
    assert pmf(*args, "--out", str(pack))[0] == 0
    text = (pack / "2026-27-mid-year-review-waste.md").read_text(encoding="utf-8")
    assert "RSK-WST-02" not in text and f"\n{LEFT_OUT}\n" in text
    # The closed session's pack shows it, flagged as exempt information by its paragraph, in each language.
    assert pmf(*args, "--out", str(closed), "--include-exempt", "--lang", "both")[0] == 0
    english = (closed / "2026-27-mid-year-review-waste.md").read_text(encoding="utf-8").splitlines()
    row = next(line for line in english if "RSK-WST-02" in line)
    assert "| Exempt information (Schedule 12A, paragraph 14); Escalate to the Corporate Risk Register;" in row
    welsh = (closed / "2026-27-mid-year-review-waste.cy.md").read_text(encoding="utf-8")
    assert "| Gwybodaeth eithriedig (Atodlen 12A, paragraff 14); " in welsh and LEFT_OUT_CY not in welsh


# A corporate risk, made exempt, added to the example service pmf init writes
PAY_DISPUTE = """\
id: RSK-EX-02
title: {en: Drivers' pay dispute, cy: Anghydfod cyflog gyrwyr}
description: Negotiations with the union over pay.
owner: Head of Customer Services
category: operational
level: corporate
inherent: {likelihood: 5, impact: 5}
residual: {likelihood: 5, impact: 5}
target: {likelihood: 2, impact: 3}
controls: [Negotiation]
actions: [Agree settlement]
review_date: 2027-01-31
status: open
issue: false
exempt: 15  # labour relations (Part 4, Wales)
"""
MARKS = {
    "en": "Exempt information (Schedule 12A, paragraph 15)",
    "cy": "Gwybodaeth eithriedig (Atodlen 12A, paragraff 15)",
}


def test_the_closed_sessions_report_and_site_mark_the_exempt_risk_wherever_they_name_it(
    initialised_in_november: Path, tmp_path: Path
) -> None:
    """The self-assessment's corporate risks table (Markdown and HTML) and the site's service and report pages
    written with --include-exempt say, beside the risk's name, in each language, that it is exempt information."""
    root = initialised_in_november
    (root / "plans/example/risks/RSK-EX-02.yaml").write_text(PAY_DISPUTE, encoding="utf-8")
    closed = tmp_path / "closed"
    args = ["--root", str(root), "--as-of", "2026-11-27", "--include-exempt", "--out"]
    code, _, err = pmf("report", "mid-year", *args, str(closed), "--lang", "both", "--format", "both")
    assert code == 0, err
    assert pmf("site", *args, str(closed / "site"))[0] == 0
    for lang, name in (("en", "Drivers' pay dispute"), ("cy", "Anghydfod cyflog gyrwyr")):
        ext = "" if lang == "en" else ".cy"
        papers = (closed / f"2026-27-mid-year{ext}.md").read_text(encoding="utf-8")
        rows = [line for line in papers.splitlines() if "RSK-EX-02" in line]
        assert rows and all(f"RSK-EX-02: {name}<br>**{MARKS[lang]}** |" in row for row in rows), rows
        pages = [closed / f"2026-27-mid-year{ext}.html", closed / f"site/services/example{ext}.html"]
        pages.append(closed / f"site/reports/2026-27-mid-year{ext}.html")
        for page in pages:
            html = page.read_text(encoding="utf-8")
            said = f'RSK-EX-02: {name}<br><span class="flag">{MARKS[lang]}</span></th>'.replace("'", "&#39;")
            assert html.count("RSK-EX-02") == html.count(said) == 1, page
    public = tmp_path / "public"
    assert pmf("report", "mid-year", *args[:-2], "--out", str(public), "--lang", "both")[0] == 0
    assert not [p for p in public.iterdir() if "RSK-EX-02" in p.read_text(encoding="utf-8")]


def test_a_lettered_paragraph_keeps_the_risk_off_the_public_pack_and_is_named_in_the_closed_one(
    council: Path, tmp_path: Path
) -> None:
    """A Welsh standards committee's paragraph 18B, written in small letters, as the pack of each session shows it."""
    risk = council / "plans/waste/risks/RSK-WST-02.yaml"
    risk.write_text(risk.read_text(encoding="utf-8").replace("exempt: 14 ", "exempt: 18b "), "utf-8")
    args = ["report", "service-review", "waste", "--root", str(council), "--as-of", "2026-11-20", "--format", "md"]
    assert pmf(*args, "--out", str(tmp_path / "pack"))[0] == 0
    text = (tmp_path / "pack/2026-27-mid-year-review-waste.md").read_text(encoding="utf-8")
    assert "RSK-WST-02" not in text and f"\n{LEFT_OUT}\n" in text
    assert pmf(*args, "--out", str(tmp_path / "closed"), "--include-exempt")[0] == 0
    english = (tmp_path / "closed/2026-27-mid-year-review-waste.md").read_text(encoding="utf-8").splitlines()
    assert "| Exempt information (Schedule 12A, paragraph 18B); " in next(r for r in english if "RSK-WST-02" in r)


def test_the_officers_register_keeps_it_and_names_its_paragraph(council: Path) -> None:
    code, out, err = pmf("risks", "--root", str(council), "--service", "waste", "--format", "json")
    assert code == 0, err
    assert {row["id"]: row["exempt"] for row in json.loads(out)} == {
        "RSK-WST-01": None,
        "RSK-WST-02": 14,
        "RSK-WST-03": None,
        "RSK-WST-04": None,
    }


def test_export_leaves_it_out_of_the_risks_table_and_says_so(council: Path, tmp_path: Path) -> None:
    out = tmp_path / "export"
    code, _, err = pmf("export", "--root", str(council), "--as-of", "2026-11-20", "--out", str(out))
    assert code == 0, err
    with (out / "risks.csv").open(encoding="utf-8") as table:
        ids = [row["id"] for row in csv.DictReader(table)]
    assert "RSK-WST-01" in ids and "RSK-WST-02" not in ids
    assert "1 risk is exempt information and is not shown: --include-exempt adds it to the risks table." in err


def test_export_says_in_one_sentence_how_many_it_left_out_and_how_to_add_them(council: Path, tmp_path: Path) -> None:
    risk = council / "plans/waste/risks/RSK-WST-03.yaml"
    risk.write_text(risk.read_text(encoding="utf-8") + "exempt: 14\n", "utf-8")
    code, _, err = pmf("export", "--root", str(council), "--as-of", "2026-11-20", "--out", str(tmp_path / "export"))
    assert code == 0, err
    said = "2 risks are exempt information and are not shown: --include-exempt adds them to the risks table."
    assert said in " ".join(err.split())
    assert "(--include-exempt" not in err
    with i18n.language("cy"):
        assert withheld_sentence(2, table=True) == (
            "Mae 2 risg yn wybodaeth eithriedig ac nid ydynt yn cael eu dangos: mae --include-exempt yn eu "
            "hychwanegu at y tabl risgiau."
        )
        assert "nid yw'n cael ei dangos: mae --include-exempt yn ei hychwanegu" in withheld_sentence(1, table=True)


ACCEPTED = (
    "give 1 to 7, 7A, 7B or 7C (Part 1, councils in England) or 12 to 18, 18A, 18B or 18C (Part 4, councils in Wales)"
)


def _validated(tmp_path: Path, written: str) -> tuple[int, str, Path, int]:
    """pmf validate's exit code and stderr on a risk pmf init wrote, given ``exempt: WRITTEN``; the file, the line."""
    root = tmp_path / "council"
    assert pmf("init", str(root), "--as-of", "2026-11-26")[0] == 0
    risk = root / "plans/example/risks/RSK-EX-01.yaml"
    text = risk.read_text(encoding="utf-8")
    risk.write_text(text + f"exempt: {written}\n", encoding="utf-8")
    code, _, err = pmf("validate", "--root", str(root), "--as-of", "2026-11-26")
    return code, err, risk, len(text.splitlines()) + 1


def _schema_accepts(risk: Path) -> bool:
    """Whether check-jsonschema accepts the risk against the schema pmf init wrote beside it."""
    checker = Path(sys.executable).parent / "check-jsonschema"
    schema = risk.parents[3] / "schemas/risk.schema.json"
    return subprocess.run([str(checker), "--schemafile", str(schema), str(risk)], capture_output=True).returncode == 0


@pytest.mark.parametrize(
    ("written", "paragraph"),
    [
        ("3", 3),
        ("14", 14),
        ("18", 18),
        ("7.0", 7),
        ("'14'", 14),
        ("7A", "7A"),
        ("7b", "7B"),
        ("'7C'", "7C"),
        ("18A", "18A"),
        ("18b", "18B"),
        ("18c", "18C"),
    ],
)
def test_a_paragraph_schedule_12a_describes_exempt_information_by_is_taken(
    tmp_path: Path, written: str, paragraph: int | str
) -> None:
    """Part 1 (England) 1 to 7 and, at a standards committee's meeting, 7A to 7C; Part 4 (Wales) 12 to 18 and
    18A to 18C, the letter in either case: pmf and the schema pmf writes take it, and pmf risks names it."""
    code, err, risk, _ = _validated(tmp_path, written)
    assert code == 0, err
    code, out, err = pmf("risks", "--root", str(risk.parents[3]), "--format", "json", "--as-of", "2026-11-26")
    assert code == 0, err
    assert [row["exempt"] for row in json.loads(out)] == [paragraph]
    assert _schema_accepts(risk)


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("8", "8"),
        ("0", "0"),
        ("11", "11"),
        ("19", "19"),
        ("7.5", "7.5"),
        ("true", "true"),
        ("[14]", "[14]"),
        ("7D", "'7D'"),
        ("8A", "'8A'"),
        ("12A", "'12A'"),
        ("18D", "'18D'"),
        ("19A", "'19A'"),
        ("A7", "'A7'"),
        ("'7 A'", "'7 A'"),
        ("'8'", "'8'"),
        ("'014'", "'014'"),
        ("'07'", "'07'"),
    ],
)
def test_a_paragraph_is_refused_unless_schedule_12a_describes_exempt_information_by_it(
    tmp_path: Path, written: str, shown: str
) -> None:
    """Any other paragraph is refused at its line, saying which are taken; the schema refuses it too."""
    code, err, risk, line = _validated(tmp_path, written)
    assert code == 1, err
    said = f"{risk.name}:{line}:9: exempt: {shown} is not a paragraph of Schedule 12A describing exempt information: "
    assert said + ACCEPTED in " ".join(err.split())
    assert not _schema_accepts(risk)


# A risk made exempt after the commit a page of the site is built from stays off that page: a past report
# rebuilt from the plans as they were when it was due, and every page built from the last commit while the
# risk's `exempt:` is not yet committed.
RISK = "plans/waste/risks/RSK-WST-02.yaml"
# the risk's id and its title in both languages: none may be on any page written
SHOWN_BY = ("RSK-WST-02", "Shortage of HGV drivers", "Prinder gyrwyr cerbydau nwyddau trwm")


def _commit(root: Path, when: str) -> None:
    """Commit everything in ``root`` on the day ``when`` (a past report is rebuilt from the commit of its day)."""
    dated = {**os.environ, "GIT_AUTHOR_DATE": f"{when}T09:00:00", "GIT_COMMITTER_DATE": f"{when}T09:00:00"}
    who = ["-c", "user.name=Performance Officer", "-c", "user.email=performance@example.org"]
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", *who, "commit", "-q", "-m", "plans"], cwd=root, check=True, env=dated)


@pytest.fixture
def in_git(whole_demo: Path) -> Path:
    """The demo council in git, committed on 1 April 2025, before any of its reports was due."""
    root = whole_demo
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    _commit(root, "2025-04-01")
    return root


@pytest.mark.parametrize(
    ("committed", "also"),
    [(True, ""), (False, ""), (False, "owner: [\n")],
    ids=["committed-after-the-reports", "not-committed", "not-committed-in-a-file-that-does-not-read"],
)
def test_a_risk_made_exempt_since_a_commit_the_site_shows_is_on_no_page(
    in_git: Path, tmp_path: Path, committed: bool, also: str
) -> None:
    council = in_git
    risk = council / RISK
    text = risk.read_text(encoding="utf-8")
    risk.write_text(text.replace("id: RSK-WST-02\n", "id: RSK-WST-02\nexempt: 14\n", 1) + also, encoding="utf-8")
    if committed:
        _commit(council, "2026-11-20")
    site = tmp_path / "site"
    code, _, err = pmf("site", "--root", str(council), "--as-of", "2026-11-20", "--out", str(site))
    assert code == 0, err
    pages = sorted(site.rglob("*.html"))
    assert {"2025-26-mid-year.html", "2025-26-year-end.cy.html", "waste.html", "waste.cy.html"} <= {
        p.name for p in pages
    }
    showing = [f"{p.relative_to(site)}: {w}" for p in pages for w in SHOWN_BY if w in p.read_text(encoding="utf-8")]
    assert showing == []
    report = (site / "reports/2025-26-mid-year.html").read_text(encoding="utf-8")
    assert LEFT_OUT in report


@pytest.mark.parametrize("kind", ["utf-16", "pipe"])
def test_a_risk_file_pmf_cannot_read_never_stops_the_site(in_git: Path, tmp_path: Path, kind: str) -> None:
    """Looking for exempt risks in the files as they are reads plain files alone, and is told nothing it cannot read."""
    odd = in_git / "plans/waste/risks/RSK-WST-09.yaml"
    if kind == "pipe":
        os.mkfifo(odd)  # opened, it would wait for a writer for ever
    else:
        odd.write_text("id: RSK-WST-09\nexempt: 14\n", encoding="utf-16")
    out = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "pmf", "site", "--root", str(in_git), "--as-of", "2026-11-20", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,  # a guard against waiting on the pipe, not a timing
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "now",
    ["exempt-taken-out-not-committed", "file-deleted-not-committed", "last-commit-with-a-problem-elsewhere"],
)
def test_a_site_of_an_older_day_leaves_out_a_risk_exempt_in_the_last_commit_alone(
    in_git: Path, tmp_path: Path, now: str
) -> None:
    """Committed on 1 April 2025, then made exempt in a commit of 20 November 2026; the site as of 10 November 2026
    is built from the older commit, and the files as they are no longer say exempt: the last commit decides."""
    council = in_git
    risk = council / RISK
    plain = risk.read_text(encoding="utf-8")
    risk.write_text(plain.replace("id: RSK-WST-02\n", "id: RSK-WST-02\nexempt: 14\n", 1), encoding="utf-8")
    if now == "last-commit-with-a-problem-elsewhere":  # the last commit's plans do not load, its risk file reads
        measure = council / "plans/waste/measures/WST-01.yaml"
        measure.write_text(measure.read_text(encoding="utf-8") + "decimals: [\n", encoding="utf-8")
    _commit(council, "2026-11-20")
    if now != "file-deleted-not-committed":
        risk.write_text(plain, encoding="utf-8")
    elif now == "file-deleted-not-committed":
        risk.unlink()
    site = tmp_path / "site"
    code, _, err = pmf("site", "--root", str(council), "--as-of", "2026-11-10", "--out", str(site))
    assert code == 0, err
    pages = sorted(site.rglob("*.html"))
    assert {"2025-26-year-end.html", "waste.html", "waste.cy.html", "WST-01.html"} <= {p.name for p in pages}
    showing = [f"{p.relative_to(site)}: {w}" for p in pages for w in SHOWN_BY if w in p.read_text(encoding="utf-8")]
    assert showing == []
    assert LEFT_OUT in (site / "services/waste.html").read_text(encoding="utf-8")


def test_a_site_of_the_last_commit_whose_plans_do_not_load_unpacks_it_once(
    in_git: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last commit, made exempt with a problem elsewhere, is the site's own: its risk files are read from the
    folder it was unpacked into for the site, where `git archive` unpacked it a second time."""
    from pmf import git

    council = in_git
    risk = council / RISK
    plain = risk.read_text(encoding="utf-8")
    risk.write_text(plain.replace("id: RSK-WST-02\n", "id: RSK-WST-02\nexempt: 14\n", 1), encoding="utf-8")
    measure = council / "plans/waste/measures/WST-01.yaml"
    kept = measure.read_text(encoding="utf-8")
    measure.write_text(kept + "decimals: [\n", encoding="utf-8")
    _commit(council, "2026-11-20")
    measure.write_text(kept, encoding="utf-8")  # mended since, not committed: the site reads the files
    risk.write_text(plain, encoding="utf-8")  # the files as they are no longer say exempt: the last commit does
    archives: list[tuple[str, ...]] = []
    run_bytes = git.run_bytes

    def counted(folder: Path, *args: str) -> bytes:
        if args[:1] == ("archive",):
            archives.append(args)
        return run_bytes(folder, *args)

    monkeypatch.setattr(git, "run_bytes", counted)
    site = tmp_path / "site"
    code, _, err = pmf("site", "--root", str(council), "--as-of", "2026-11-20", "--out", str(site))
    assert code == 0, err
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=council, capture_output=True, text=True).stdout.strip()
    assert [a for a in archives if head in a] == [("archive", "--format=tar", head)]  # the past reports' are older
    pages = sorted(site.rglob("*.html"))
    showing = [f"{p.relative_to(site)}: {w}" for p in pages for w in SHOWN_BY if w in p.read_text(encoding="utf-8")]
    assert showing == []
    assert LEFT_OUT in (site / "services/waste.html").read_text(encoding="utf-8")


def _renamed_exempt(council: Path) -> None:
    """RSK-WST-02 given the id RSK-WST-12 (its file renamed as git mv does) and made exempt, uncommitted."""
    old, new = council / RISK, council / "plans/waste/risks/RSK-WST-12.yaml"
    text = old.read_text(encoding="utf-8").replace("id: RSK-WST-02\n", "id: RSK-WST-12\nexempt: 14\n", 1)
    old.rename(new)
    new.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("how", ["committed", "staged", "not-added"])
def test_a_risk_made_exempt_and_given_a_new_id_is_on_no_page_under_its_old_id(
    in_git: Path, tmp_path: Path, how: str
) -> None:
    """The past reports are built from the commit of 1 April 2025, where the risk is RSK-WST-02: git's rename
    detection names the exempt risk's file there, whether the rename is committed, staged or not yet added."""
    council = in_git
    _renamed_exempt(council)
    if how == "committed":
        _commit(council, "2026-11-20")
    elif how == "staged":
        subprocess.run(["git", "add", "-A"], cwd=council, check=True)
    site = tmp_path / "site"
    code, _, err = pmf("site", "--root", str(council), "--as-of", "2026-11-20", "--out", str(site))
    assert code == 0, err
    pages = sorted(site.rglob("*.html"))
    assert {"2025-26-mid-year.html", "2025-26-year-end.cy.html", "waste.html"} <= {p.name for p in pages}
    shown = (*SHOWN_BY, "RSK-WST-12")
    showing = [f"{p.relative_to(site)}: {w}" for p in pages for w in shown if w in p.read_text(encoding="utf-8")]
    assert showing == []
    assert LEFT_OUT in (site / "reports/2025-26-mid-year.html").read_text(encoding="utf-8")
    assert LEFT_OUT in (site / "services/waste.html").read_text(encoding="utf-8")


def test_a_new_risk_given_the_old_id_of_an_exempt_one_is_published(in_git: Path, tmp_path: Path) -> None:
    """The id a renamed exempt risk had is left off the pages built from the commits where that risk held it,
    never off those of the risk that holds it now."""
    council = in_git
    _renamed_exempt(council)
    _commit(council, "2026-11-18")
    text = (council / "plans/waste/risks/RSK-WST-03.yaml").read_text(encoding="utf-8")
    (council / RISK).write_text(text.replace("id: RSK-WST-03\n", "id: RSK-WST-02\n", 1), encoding="utf-8")
    _commit(council, "2026-11-19")
    site = tmp_path / "site"
    code, _, err = pmf("site", "--root", str(council), "--as-of", "2026-11-20", "--out", str(site))
    assert code == 0, err
    assert "RSK-WST-02" in (site / "services/waste.html").read_text(encoding="utf-8")
    past = (site / "reports/2025-26-mid-year.html").read_text(encoding="utf-8")
    assert "Shortage of HGV drivers" not in past and LEFT_OUT in past


def _made_in_march(tmp_path: Path) -> Path:
    """A repository as `pmf init` writes it on 1 March 2026, committed that day: its risk RSK-EX-01 not exempt."""
    root = tmp_path / "made"
    root.mkdir()
    code, _, err = pmf("init", str(root), "--as-of", "2026-03-01")
    assert code == 0, err
    _commit(root, "2026-03-01")
    return root


FLOODING = "title: Flooding of the depot\nlevel: corporate\n"


def test_a_new_risk_given_the_id_an_exempt_risk_had_is_on_the_reports_built_from_the_commits_it_holds_it(
    tmp_path: Path,
) -> None:
    """docs/risks.md: RSK-EX-01 renamed RSK-EX-02 and made exempt in January 2027; a new corporate risk given the
    id RSK-EX-01 in February is on the 2026-27 year-end report (built from the commit of 31 July 2027), which
    leaves off the exempt risk alone; the mid-year report, where RSK-EX-01 is the exempt risk, leaves it off."""
    root = _made_in_march(tmp_path)
    risks = root / "plans/example/risks"
    subprocess.run(["git", "mv", "RSK-EX-01.yaml", "RSK-EX-02.yaml"], cwd=risks, check=True)
    text = (risks / "RSK-EX-02.yaml").read_text(encoding="utf-8")
    (risks / "RSK-EX-02.yaml").write_text(
        text.replace("id: RSK-EX-01 ", "id: RSK-EX-02\nexempt: 14 ", 1), encoding="utf-8"
    )
    _commit(root, "2027-01-05")
    flooding = text.replace("title: Loss of the customer contact system", "title: Flooding of the depot", 1)
    (risks / "RSK-EX-01.yaml").write_text(flooding.replace("level: service", "level: corporate", 1), encoding="utf-8")
    _commit(root, "2027-02-01")
    site = tmp_path / "site"
    code, _, err = pmf("site", "--root", str(root), "--as-of", "2027-08-10", "--out", str(site))
    assert code == 0, err
    year_end = (site / "reports/2026-27-year-end.html").read_text(encoding="utf-8")
    assert "Flooding of the depot" in year_end
    assert LEFT_OUT in year_end and "2 risks are exempt" not in year_end
    assert "Loss of the customer contact system" not in year_end
    mid_year = (site / "reports/2026-27-mid-year.html").read_text(encoding="utf-8")
    assert "Loss of the customer contact system" not in mid_year and LEFT_OUT in mid_year


@pytest.mark.parametrize("renamed", [False, True], ids=["deleted", "renamed-then-deleted"])
def test_a_risk_deleted_while_exempt_stays_off_the_reports_built_from_before(tmp_path: Path, renamed: bool) -> None:
    """Deleting a risk is not a decision to publish it: RSK-EX-01 made exempt (and given the id RSK-EX-02) on 3
    January 2027, its file deleted on the 5th, stays off the 2026-27 mid-year report, built from the commit of 1
    March 2026 (the last by 31 December), where it stood as RSK-EX-01 and was not yet exempt."""
    root = _made_in_march(tmp_path)
    risks = root / "plans/example/risks"
    risk = risks / "RSK-EX-01.yaml"
    text = risk.read_text(encoding="utf-8")
    if renamed:
        subprocess.run(["git", "mv", "RSK-EX-01.yaml", "RSK-EX-02.yaml"], cwd=risks, check=True)
        risk, text = risks / "RSK-EX-02.yaml", text.replace("id: RSK-EX-01 ", "id: RSK-EX-02 ", 1)
    risk.write_text(text.replace("# exempt: 14 ", "exempt: 14 ", 1), encoding="utf-8")
    _commit(root, "2027-01-03")
    subprocess.run(["git", "rm", "-q", risk.name], cwd=risks, check=True)
    _commit(root, "2027-01-05")
    site = tmp_path / "site"
    code, _, err = pmf("site", "--root", str(root), "--as-of", "2027-01-10", "--out", str(site))
    assert code == 0, err
    mid_year = (site / "reports/2026-27-mid-year.html").read_text(encoding="utf-8")
    assert "Loss of the customer contact system" not in mid_year
    assert LEFT_OUT in mid_year
