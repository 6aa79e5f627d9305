"""Welsh treated no less favourably than English: periods, Welsh-only commentary, links and search."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter
from typer.testing import CliRunner

from pmf.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def test_the_welsh_service_review_writes_its_half_year_as_welsh_does(tmp_path: Path) -> None:
    command = ["report", "service-review", "waste", "--root", str(ROOT), "--year", "2026-27", "--window", "mid-year"]
    result = runner.invoke(app, [*command, "--out", str(tmp_path), "--lang", "both", "--format", "both"])
    assert result.exit_code == 0, result.stderr
    welsh = (tmp_path / "2026-27-mid-year-review-waste.cy.md").read_text(encoding="utf-8").splitlines()[0]
    assert welsh.endswith("H1 2026-27") and "2026-27 H1" not in welsh
    page = (tmp_path / "2026-27-mid-year-review-waste.cy.html").read_text(encoding="utf-8")
    assert "H1 2026-27</title>" in page and "2026-27 H1" not in page
    english = (tmp_path / "2026-27-mid-year-review-waste.md").read_text(encoding="utf-8").splitlines()[0]
    assert english.endswith("Service Performance Review, 2026-27 H1")


def _search(browser, page: Path, words: str) -> list[str]:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    browser.get(page.as_uri())
    box = browser.find_element(By.ID, "search")
    box.clear()
    box.send_keys(words)
    return [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#search-results li") if li.is_displayed()]


def test_site_search_finds_welsh_words_typed_without_their_accents(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    result = runner.invoke(app, ["site", "--root", str(ROOT), "--out", str(tmp_path), "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.stderr
    accented = _search(browser, tmp_path / "index.cy.html", "hŷn")
    assert accented and all("hŷn" in text for text in accented)
    assert _search(browser, tmp_path / "index.cy.html", "HYN") == accented  # no circumflex, any case
    assert browser.find_element(By.ID, "search-count").text.startswith(f"{len(accented)} ")
    # the accent typed where the page has none finds it too, and English pages search the same way
    english = _search(browser, tmp_path / "index.html", "over")
    assert english and _search(browser, tmp_path / "index.html", "ôver") == english


def _pmf(*args: str, root: Path) -> tuple[int, str]:
    result = runner.invoke(app, [*args, "--root", str(root)])
    return result.exit_code, result.stdout + result.stderr


def _fill(sheet: Path, path_end: str, column: int, words: str) -> None:
    """A translator's work: ``words`` in ``column`` (2: en, 3: cy) of the row whose path ends so."""
    import csv

    with sheet.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    hit = [r for r in rows[1:] if r[1].endswith(path_end)]
    assert len(hit) == 1, rows
    hit[0][column] = words
    with sheet.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out).writerows(rows)


def _row(sheet: Path, path_end: str) -> list[str]:
    import csv

    with sheet.open(encoding="utf-8-sig", newline="") as handle:
        return next(r for r in csv.reader(handle) if r[1].endswith(path_end))


WELSH = "Gwell na Ch1 diolch i'r rowndiau newydd"


def test_commentary_written_in_welsh_alone_is_treated_as_english_alone_is(
    initialised_in_november: Path, tmp_path: Path
) -> None:
    root = initialised_in_november
    measure = root / "plans" / "example" / "measures" / "EX-01.yaml"
    code, said = _pmf("record", "EX-01", "2026-27 Q2", "61.5", "--comment-cy", WELSH, root=root)
    assert code == 0, said
    assert f"    comment: {{cy: {WELSH}}}\n" in measure.read_text(encoding="utf-8")
    assert _pmf("validate", root=root)[0] == 0
    code, said = _pmf("validate", "--lang", "cy", root=root)
    assert code == 0 and "outturns[0].comment: has no English version yet" in said, said
    out = tmp_path / "reports"
    code, said = _pmf("report", "mid-year", "--lang", "both", "--format", "both", "--out", str(out), root=root)
    assert code == 0, said
    english = (out / "2026-27-mid-year.md").read_text(encoding="utf-8")
    assert f"{WELSH} _(in Welsh)_" in english
    assert (  # listed as awaiting its English, where a Welsh report lists English awaiting its Welsh
        "**Plan text awaiting its English version** (1): 1 piece of plan text has no English version yet: "
        f"it is shown in Welsh, marked as such, and listed here.\n\n- {WELSH}\n"
    ) in english
    page = (out / "2026-27-mid-year.html").read_text(encoding="utf-8").replace("&#39;", "'")
    assert f'<span lang="cy">{WELSH}</span> <span class="untranslated">(in Welsh)</span>' in page
    welsh = (out / "2026-27-mid-year.cy.md").read_text(encoding="utf-8")
    assert WELSH in welsh and f"{WELSH} _(yn Saesneg)_" not in welsh
    welsh_page = (out / "2026-27-mid-year.cy.html").read_text(encoding="utf-8").replace("&#39;", "'")
    assert f'<span lang="en-GB">{WELSH}' not in welsh_page and WELSH in welsh_page
    # to the translators the other way round: the Welsh given, the English asked for
    sheet = tmp_path / "welsh.csv"
    assert _pmf("translate", "export", str(sheet), root=root)[0] == 0
    assert _row(sheet, "outturns[0].comment")[2:] == ["", WELSH]
    _fill(sheet, "outturns[0].comment", 2, "Better than Q1 thanks to the new rounds")
    code, said = _pmf("translate", "import", str(sheet), root=root)
    assert code == 0 and "wrote 1 English text into 1 file" in said, said
    code, said = _pmf("validate", "--lang", "cy", root=root)
    assert code == 0 and "outturns[0].comment" not in said
    code, said = _pmf("report", "mid-year", "--format", "md", "--out", str(out), root=root)
    assert "Better than Q1 thanks to the new rounds" in (out / "2026-27-mid-year.md").read_text(encoding="utf-8")


def test_the_english_report_lists_the_welsh_awaiting_its_english_as_the_welsh_lists_the_english(
    demo_council: Path, tmp_path: Path
) -> None:
    root = demo_council
    measure = root / "plans" / "waste" / "measures" / "WST-01.yaml"
    text = measure.read_text(encoding="utf-8")
    start = text.index("    comment: >-\n      Exactly at the midway point")
    end = text.index("    verified:", start)
    measure.write_text(text[:start] + f"    comment:\n      cy: {WELSH}\n" + text[end:], encoding="utf-8")
    out = tmp_path / "reports"
    args = ("report", "mid-year", "--year", "2026-27", "--as-of", "2026-11-26", "--out", str(out))
    code, said = _pmf(*args, "--lang", "both", "--format", "both", root=root)
    assert code == 0, said
    page = (out / "2026-27-mid-year.html").read_text(encoding="utf-8").replace("&#39;", "'")
    listed = page[page.index("<h3>Plan text awaiting its English version (1)</h3>") :]
    assert listed.startswith(
        "<h3>Plan text awaiting its English version (1)</h3>\n<p>1 piece of plan text has no English version yet: "
        "it is shown in Welsh, marked as such, and listed here.</p>\n"
        f'<details><summary>The texts awaiting translation</summary>\n<ul><li lang="cy">{WELSH}</li></ul>'
    )
    english = (out / "2026-27-mid-year.md").read_text(encoding="utf-8")
    assert f"listed here.\n\n- {WELSH}\n" in english and "awaiting its Welsh version" not in english
    # the Welsh report lists its English texts as before, and never this Welsh one
    welsh = (out / "2026-27-mid-year.cy.md").read_text(encoding="utf-8")
    listed = welsh[welsh.index("**Testun cynllun sy'n aros am ei fersiwn Gymraeg**") :]
    assert f"- {WELSH}" not in listed and "\n- " in listed


def test_welsh_written_by_hand_validates_and_goes_through_a_po_file(
    initialised_in_november: Path, tmp_path: Path
) -> None:
    from babel.messages.pofile import read_po, write_po

    root = initialised_in_november
    measure = root / "plans" / "example" / "measures" / "EX-01.yaml"
    assert _pmf("record", "EX-01", "2026-27 Q2", "61.5", "--comment", "placeholder", root=root)[0] == 0
    text = measure.read_text(encoding="utf-8")
    measure.write_text(
        text.replace("    comment: placeholder\n", f"    comment:\n      cy: {WELSH}\n"), encoding="utf-8"
    )
    code, said = _pmf("validate", root=root)
    assert code == 0 and "needs its English" not in said, said
    po = tmp_path / "welsh.po"
    assert _pmf("translate", "export", str(po), root=root)[0] == 0
    with po.open("rb") as handle:
        catalog = read_po(handle)
    entry = next(m for m in catalog if str(m.context).endswith("outturns[0].comment"))
    assert entry.id == WELSH and "welsh-source" in entry.flags
    entry.string = "Better than Q1"
    with po.open("wb") as handle:
        write_po(handle, catalog)
    code, said = _pmf("translate", "import", str(po), root=root)
    assert code == 0, said
    assert f"      cy: {WELSH}\n      en: Better than Q1\n" in measure.read_text(encoding="utf-8")


def _translated_comment(root: Path, tmp_path: Path) -> Path:
    """EX-01's Q2 comment 'Up on Q1', translated through the translation unit."""
    assert _pmf("record", "EX-01", "2026-27 Q2", "61.5", "--comment", "Up on Q1", root=root)[0] == 0
    sheet = tmp_path / "welsh.csv"
    assert _pmf("translate", "export", str(sheet), root=root)[0] == 0
    _fill(sheet, "outturns[0].comment", 3, "I fyny ar Ch1")
    assert _pmf("translate", "import", str(sheet), root=root)[0] == 0
    return sheet


def test_a_translated_comment_can_be_replaced_and_its_welsh_is_marked_out_of_date(
    initialised_in_november: Path, tmp_path: Path
) -> None:
    root = initialised_in_november
    measure = root / "plans" / "example" / "measures" / "EX-01.yaml"
    sheet = _translated_comment(root, tmp_path)
    code, said = _pmf("record", "EX-01", "2026-27 Q2", "62.0", "--comment", "Up on Q1; rounds settled", root=root)
    assert code == 0, said
    assert "its Welsh comment, kept, was written for the old words and is marked out_of_date: cy" in said
    text = measure.read_text(encoding="utf-8")
    assert "      en: Up on Q1; rounds settled\n      cy: I fyny ar Ch1\n      out_of_date: cy  #" in text
    code, said = _pmf("validate", "--lang", "cy", root=root)
    assert code == 0 and "outturns[0].comment: its Welsh is out of date" in said
    out = tmp_path / "reports"
    assert _pmf("report", "mid-year", "--lang", "cy", "--format", "md", "--out", str(out), root=root)[0] == 0
    welsh = (out / "2026-27-mid-year.cy.md").read_text(encoding="utf-8")
    assert "Up on Q1; rounds settled _(yn Saesneg)_" in welsh and "I fyny ar Ch1" not in welsh
    assert _pmf("translate", "export", str(sheet), root=root)[0] == 0
    assert _row(sheet, "outturns[0].comment")[2:] == ["Up on Q1; rounds settled", ""]
    _fill(sheet, "outturns[0].comment", 3, "I fyny ar Ch1; y rowndiau wedi setlo")
    code, said = _pmf("translate", "import", str(sheet), root=root)
    assert code == 0, said
    text = measure.read_text(encoding="utf-8")
    assert "cy: I fyny ar Ch1; y rowndiau wedi setlo\n" in text and "out_of_date" not in text
    # the same words again change nothing and mark nothing
    code, said = _pmf("record", "EX-01", "2026-27 Q2", "62.0", "--comment", "Up on Q1; rounds settled", root=root)
    assert code == 0 and "out_of_date" not in said and measure.read_text(encoding="utf-8") == text


def test_a_blank_comment_clears_a_comment_in_two_languages_as_it_clears_a_plain_one(
    initialised_in_november: Path, tmp_path: Path
) -> None:
    root = initialised_in_november
    measure = root / "plans" / "example" / "measures" / "EX-01.yaml"
    outturn = "  - period: 2026-27 Q2\n    value: 61.5\n    comment: "
    assert _pmf("record", "EX-01", "2026-27 Q2", "61.5", "--comment", "Up", root=root)[0] == 0
    assert _pmf("record", "EX-01", "2026-27 Q2", "61.5", "--comment", "", root=root)[0] == 0
    assert outturn + '""\n' in measure.read_text(encoding="utf-8")
    _translated_comment(root, tmp_path)  # written over several lines: en: and cy:
    args = ("record", "EX-01", "2026-27 Q2", "61.5")
    assert _pmf(*args, "--comment", "Up again", root=root)[0] == 0  # the Welsh kept, marked out_of_date: cy
    assert "out_of_date: cy" in measure.read_text(encoding="utf-8")
    code, said = _pmf(*args, "--comment", "", root=root)
    assert code == 0, said
    text = measure.read_text(encoding="utf-8")
    assert outturn + '""\n' in text and "I fyny" not in text and "out_of_date" not in text
    code, said = _pmf("validate", "--lang", "cy", root=root)
    assert code == 0 and "outturns[0].comment" not in said, said
    assert _pmf(*args, "--comment", "On track", "--comment-cy", "Ar y trywydd iawn", root=root)[0] == 0
    code, said = _pmf(*args, "--comment", "", root=root)
    assert code == 0, said
    assert outturn + '""\n' in measure.read_text(encoding="utf-8")
    before = measure.read_text(encoding="utf-8")
    for blank in ("", "  "):
        code, said = _pmf(*args, "--comment", blank, "--comment-cy", "Da", root=root)
        assert (code, said) == (
            2,
            "pmf: --comment: give the commentary in English, or leave the option out to give the Welsh alone\n",
        )
    assert measure.read_text(encoding="utf-8") == before


def test_update_activity_and_import_replace_the_english_of_a_translated_comment(
    demo_council: Path, tmp_path: Path
) -> None:
    root = demo_council
    plan = root / "plans" / "waste" / "plan-2026-27.yaml"
    text = plan.read_text(encoding="utf-8")
    at = text.index("comment: >-", text.index("id: WST-A11"))
    end = text.index("\n      - id:", at)
    plan.write_text(text[:at] + "comment: {en: On track, cy: Ar y trywydd iawn}" + text[end:], encoding="utf-8")
    args = ["update-activity", "WST-A11", "--status", "green", "--period", "2026-27 H1", "--comment", "Running late"]
    code, said = _pmf(*args, "--as-of", "2026-11-23", root=root)
    assert code == 0, said
    assert "marked out_of_date: cy" in said
    assert "comment: {en: Running late, cy: Ar y trywydd iawn, out_of_date: cy}" in plan.read_text(encoding="utf-8")

    measure = root / "plans" / "waste" / "measures" / "WST-01.yaml"
    code, said = _pmf("record", "WST-01", "2026-27 Q2", "61.0", "--comment", "Up", "--comment-cy", "I fyny", root=root)
    assert code == 0, said
    assert "comment: {en: Up, cy: I fyny}" in measure.read_text(encoding="utf-8")
    rows = tmp_path / "q2.csv"
    rows.write_text("measure,period,value,comment\nWST-01,2026-27 Q2,61.5,Up again\n", encoding="utf-8")
    code, said = _pmf("import", str(rows), root=root)
    assert code == 0, said
    assert "comment: {en: Up again, cy: I fyny, out_of_date: cy}" in measure.read_text(encoding="utf-8")


_words = st.text(alphabet="abc ŵŷ'#:,\n", min_size=1, max_size=12).filter(lambda t: t.strip() != "")


@settings(max_examples=200, deadline=None)
@given(
    style=st.sampled_from(["plain", "block", "flow", "welsh", "stale-cy", "stale-en"]),
    en=_words,
    cy=_words,
    new_en=st.none() | _words,
    new_cy=st.none() | _words,
)
def test_a_new_version_keeps_the_other_and_marks_it_only_when_the_words_changed(
    style: str, en: str, cy: str, new_en: str | None, new_cy: str | None
) -> None:
    """Whatever the words and however the text is written, the version given is written, the other kept;
    the kept one is marked out of date exactly when the version it matched was replaced by other words."""
    from pmf import edits
    from pmf.bilingual import Bilingual, Text
    from pmf.nodes import compose
    from pmf.textedits import as_given
    from pmf.yamlio import load_fast

    if new_en is None and new_cy is None:
        return
    written = _written_as(style, en, cy)
    old_en = None if style == "welsh" else en
    old_cy = None if style == "plain" else cy
    old_stale = style.removeprefix("stale-") if style.startswith("stale-") else None
    text = edits.apply(written, [edits.set_key(written, compose(written), "comment", as_given(_given(new_en, new_cy)))])
    value = load_fast(text)["comment"]
    read = TypeAdapter(Text).validate_python(value)
    after = value if isinstance(value, dict) else {"en": value}
    assert after.get("en") == (new_en if new_en is not None else old_en)
    assert after.get("cy") == (new_cy if new_cy is not None else old_cy)
    same = lambda a, b: a is None or b is None or " ".join(a.split()) == " ".join(b.split())  # noqa: E731
    if new_en is not None and new_cy is not None:
        stale = None  # both written anew
    elif old_stale is not None:  # a version marked stays marked until it is itself written anew
        stale = None if (new_en if old_stale == "en" else new_cy) is not None else old_stale
    elif new_cy is None:
        stale = "cy" if old_cy is not None and not same(old_en, new_en) else None
    else:
        stale = "en" if old_en is not None and not same(old_cy, new_cy) else None
    stale_cy = stale == "cy"
    assert after.get("out_of_date") == stale, text
    if stale_cy:  # the old Welsh is no longer shown for the new English
        assert isinstance(read, Bilingual) and read.cy is None


def _given(en: str | None, cy: str | None) -> object:
    from pmf.scalars import Versions

    return en if cy is None else Versions(en=en, cy=cy)


def _written_as(style: str, en: str, cy: str) -> str:
    """A comment written in one of the ways a lead or pmf writes one."""
    from pmf.scalars import scalar_text

    return {
        "plain": f"comment: {scalar_text(en)}\n",
        "block": f"comment:\n  en: {scalar_text(en)}\n  cy: {scalar_text(cy)}\n",
        "flow": f"comment: {{en: {scalar_text(en, flow=True)}, cy: {scalar_text(cy, flow=True)}}}\n",
        "welsh": f"comment:\n  cy: {scalar_text(cy)}\n",
        "stale-cy": f"comment:\n  en: {scalar_text(en)}\n  cy: {scalar_text(cy)}\n  out_of_date: cy  # a note\n",
        "stale-en": f"comment: {{en: {scalar_text(en, flow=True)}, cy: {scalar_text(cy, flow=True)}, out_of_date: en}}\n",
    }[style]


@settings(max_examples=150, deadline=None)
@given(
    style=st.sampled_from(["plain", "block", "flow", "welsh", "stale-cy", "stale-en"]),
    en=_words,
    cy=_words,
    blank=st.sampled_from(["en", "cy"]),
    spaces=st.sampled_from(["", " ", "  "]),
)
def test_a_blank_version_clears_the_welsh_alone_or_the_whole_text(
    style: str, en: str, cy: str, blank: str, spaces: str
) -> None:
    """However the text is written, a blank English leaves ``""``; a blank Welsh leaves the English as it
    was (no Welsh, no mark), or ``""`` where the text had no English, or only an English marked out of date."""
    from pmf import edits
    from pmf.nodes import compose
    from pmf.textedits import as_given, given_comment
    from pmf.yamlio import load_fast

    written = _written_as(style, en, cy)
    comment = given_comment(spaces, None) if blank == "en" else given_comment(None, spaces)
    write = as_given(comment, "something")
    assert write is not None
    text = edits.apply(written, [edits.set_key(written, compose(written), "comment", write)])
    value = load_fast(text)["comment"]
    if blank == "en" or style in ("welsh", "stale-en"):
        assert value == ""
    else:
        assert value in (en, {"en": en}), text


# Each month's name after Welsh 'o' (from) and 'i' (to): the soft mutation, as the report's header writes it
SOFTENED = {
    "Ionawr": "Ionawr",
    "Chwefror": "Chwefror",
    "Mawrth": "Fawrth",
    "Ebrill": "Ebrill",
    "Mai": "Fai",
    "Mehefin": "Fehefin",
    "Gorffennaf": "Orffennaf",
    "Awst": "Awst",
    "Medi": "Fedi",
    "Hydref": "Hydref",
    "Tachwedd": "Dachwedd",
    "Rhagfyr": "Ragfyr",
}


@pytest.mark.parametrize("month", range(1, 13))
def test_a_month_takes_the_soft_mutation_after_o_and_i(month: int) -> None:
    from pmf import i18n

    with i18n.language("cy"):
        name = i18n.month_name(month)
        assert i18n.after_from(name) == i18n.after_to(name) == SOFTENED[name]
    with i18n.language("en"):
        assert i18n.after_from("May") == i18n.after_to("May") == "May"


def test_a_welsh_chart_description_softens_the_months_after_o_and_i(
    initialised_in_november: Path, tmp_path: Path
) -> None:
    """The alt text of a Welsh report's chart and of the Welsh site's chart: 'o Fai 2026 i Fedi 2026', as the
    report's header writes 'Ebrill i Fedi 2026', where it wrote 'o Mai 2026 i Medi 2026'."""
    root = initialised_in_november
    figures = "".join(f"  - {{period: 2026-{m:02d}, value: {100 + m}}}\n" for m in range(5, 10))
    (root / "plans/example/measures/EX-02.yaml").write_text(
        "id: EX-02\nkind: performance_measure\ntitle: {en: Missed bin collections, cy: Casgliadau biniau a fethwyd}\n"
        "aggregation: cumulative\nfrequency: monthly\npolarity: lower_is_better\nbenchmarking: local\n"
        "thresholds: {2026-27: {target: 2300, tolerance: 2600}}\noutturns:\n" + figures,
        encoding="utf-8",
    )
    plan = root / "plans/example/plan-2026-27.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("      - EX-01\n", "      - EX-01\n      - EX-02\n"))
    common = ["--root", str(root), "--as-of", "2026-11-27", "--lang", "cy"]
    for args in (["report", "mid-year", "--out", str(tmp_path / "r")], ["site", "--out", str(tmp_path / "site")]):
        result = runner.invoke(app, [*args, *common])
        assert result.exit_code == 0, result.stderr
    report = (tmp_path / "r/2026-27-mid-year.cy.html").read_text(encoding="utf-8")
    page = (tmp_path / "site/measures/EX-02.cy.html").read_text(encoding="utf-8")
    for text in (report, page):
        assert "5 o gyfnodau o Fai 2026 i Fedi 2026" in text
        assert "o Mai 2026" not in text and "i Medi 2026" not in text
    assert "Ebrill i Fedi 2026" in report
