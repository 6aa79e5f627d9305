"""Welsh and English: the message catalogue, plan text in two languages, and the Welsh documents."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from pmf import i18n
from pmf.bilingual import Bilingual
from pmf.cli import app
from pmf.models import Measure

ROOT = Path(__file__).parent.parent
LOCALE = ROOT / "src" / "pmf" / "locale"
AS_OF = "2026-11-23"
runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


def _read(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f)


def _ids(catalog: Catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """Every marked message in the code and templates, extracted now by Babel as `make messages` does."""
    pot = tmp_path_factory.mktemp("pot") / "pmf.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run(
        [str(pybabel), "--quiet", "extract", "-F", "babel.cfg", "-k", "N_", "-o", str(pot), "src/pmf"],
        cwd=ROOT,
        check=True,
    )
    return _read(pot)


def test_every_message_is_in_the_committed_catalogues(extracted: Catalog) -> None:
    wanted = _ids(extracted)
    assert len(wanted) > 300, "the documents' fixed text should be marked for translation"
    assert _ids(_read(LOCALE / "pmf.pot")) == wanted, "src/pmf/locale/pmf.pot is stale: run `make messages`"
    welsh = _ids(_read(LOCALE / "cy" / "LC_MESSAGES" / "pmf.po"))
    assert wanted - welsh == set(), "messages missing from the Welsh catalogue: run `make messages` and translate"


def test_each_label_is_marked_once(extracted: Catalog) -> None:
    """A label kept for a lookup (``N_``) is defined in one place, so a change of its words reaches
    every table that shows it (the improvement plan's and the report's activity statuses share three)."""
    import ast

    marked: dict[str, list[str]] = {}
    for path in sorted((ROOT / "src" / "pmf").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "N_":
                argument = node.args[0]
                assert isinstance(argument, ast.Constant), f"{path.name}:{node.lineno}: N_ of a constant"
                marked.setdefault(argument.value, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert len(marked) > 100
    assert set(marked) <= _ids(extracted)
    assert {text: places for text, places in marked.items() if len(places) > 1} == {}


def test_the_welsh_catalogue_is_complete_and_well_formed() -> None:
    catalog = _read(LOCALE / "cy" / "LC_MESSAGES" / "pmf.po")
    untranslated = [m.id for m in catalog if m.id and not all(m.string if isinstance(m.string, tuple) else [m.string])]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == [], f"{len(untranslated)} messages have no Welsh: {untranslated[:10]}"
    assert fuzzy == [], f"{len(fuzzy)} Welsh messages are marked fuzzy (unchecked): {fuzzy[:10]}"
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalog.check()]
    assert problems == [], problems[:10]  # placeholders such as %(total)s kept in every translation


def test_status_and_trend_words_are_welsh() -> None:
    from pmf.render import colour
    from pmf.status import Status
    from pmf.trends import Trend

    with i18n.language("cy"):
        assert [colour(s) for s in ("green", "yellow", "orange", "red")] == ["gwyrdd", "melyn", "oren", "coch"]
        assert [t.label for t in Trend] == ["Gwell", "Yr un fath", "Gwaeth"]
        assert Status.green.label != "Excellent"
    assert Status.green.label == "Excellent"  # and English again outside the block


def test_welsh_dates_and_periods_follow_the_language() -> None:
    import datetime as dt

    from pmf.periods import half

    with i18n.language("cy"):
        assert i18n.long_date(dt.date(2026, 11, 23)) == "23 Tachwedd 2026"
        assert half("2026-27", 1).describe() == "Ebrill i Fedi 2026"  # 'i' softens Medi
        assert i18n.after_to("Mawrth") == "Fawrth"
        assert i18n.after_to("Chwefror") == "Chwefror"
    assert half("2026-27", 1).describe() == "April to September 2026"


@given(day=st.dates(min_value=dt.date(1901, 4, 1)))
def test_an_english_date_is_written_as_strftime_wrote_it_in_english(day: dt.date) -> None:
    """The format of the English dates pmf writes from its own month table: byte for byte what strftime
    writes in the C locale ('23 November 2026', 'November 2026', 'November', '3 Nov 2026')."""
    assert i18n.english_date(day) == i18n.long_date(day) == f"{day.day} {day:%B %Y}"
    assert i18n.english_month(day) == f"{day:%B %Y}" and i18n.month_name(day.month) == f"{day:%B}"
    assert i18n.short_date(day) == f"{day.day} {day:%b %Y}"


# --- plan text in two languages -----------------------------------------------------


def test_plan_text_may_carry_welsh_and_stays_english_as_a_string() -> None:
    m = Measure.model_validate(
        {
            "id": "X-1",
            "kind": "indicator",
            "title": {"en": "Households helped", "cy": "Aelwydydd a gafodd help"},
            "frequency": "annual",
            "benchmarking": "local",
            "unit": {"en": "days", "cy": "diwrnod"},
        }
    )
    assert m.title == "Households helped" and isinstance(m.title, Bilingual)
    assert m.title.cy == "Aelwydydd a gafodd help"
    with i18n.language("cy"):
        assert i18n.text(m.title) == "Aelwydydd a gafodd help"
        shown = i18n.text("Only English")
        assert isinstance(shown, i18n.English)
        assert i18n.untranslated() == ["Only English"]


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("{en: Households, fr: Ménages}", "unknown key 'fr'"),
        ("{en: '', cy: ''}", "needs its text: 'en: <English>', 'cy: <Welsh>' or both"),
        ("{cy: Aelwydydd, out_of_date: cy}", "out_of_date: cy marks one of two versions"),
        ("{en: Households, cy: [a]}", "the Welsh text 'cy' must be text"),
    ],
)
def test_a_badly_written_welsh_version_is_named(repo: Path, title: str, message: str) -> None:
    path = repo / "plans" / "waste" / "measures" / "WST-01.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1), encoding="utf-8")
    result = runner.invoke(app, ["validate", "--no-cache", "--root", str(repo)])
    assert result.exit_code == 1
    assert "plans/waste/measures/WST-01.yaml:" in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_lang_cy_lists_text_without_welsh_as_notices(repo: Path) -> None:
    path = repo / "plans" / "waste" / "measures" / "WST-01.yaml"
    text = path.read_text(encoding="utf-8")
    title = re.search(r"(?m)^title: (.*)$", text)
    assert title
    path.write_text(
        text.replace(title.group(0), f"title:\n  en: {title.group(1)}\n  cy: Canran y gwastraff a ailgylchwyd"),
        encoding="utf-8",
    )
    plain = runner.invoke(app, ["validate", "--no-cache", "--root", str(repo)])
    assert plain.exit_code == 0 and "notice" not in plain.stderr
    result = runner.invoke(app, ["validate", "--no-cache", "--lang", "cy", "--root", str(repo)])
    assert result.exit_code == 0, result.stderr  # a data-quality finding, not an error
    notices = [line for line in result.stderr.splitlines() if ": notice: " in line]
    assert notices, result.stderr
    assert all(re.match(r"^[\w./-]+\.yaml:\d+:\d+: notice: [\w.\[\]]+: has no Welsh version yet", n) for n in notices)
    assert not any(n.startswith("plans/waste/measures/WST-01.yaml") and ": notice: title:" in n for n in notices)
    assert any(n.startswith("pmf.yaml:") and "organisation" in n for n in notices)
    assert re.search(r"No problems; \d+ notices? in \d+ files?", result.stderr)
    annotations = runner.invoke(
        app, ["validate", "--no-cache", "--lang", "cy", "--format", "github", "--root", str(repo)]
    )
    assert "::notice file=" in annotations.stdout


def test_a_bilingual_file_passes_the_published_schema() -> None:
    import json

    import jsonschema

    schema = json.loads((ROOT / "schemas" / "measure.schema.json").read_text(encoding="utf-8"))
    record = {
        "id": "X-1",
        "kind": "indicator",
        "title": {"en": "Households helped", "cy": "Aelwydydd a gafodd help"},
        "frequency": "annual",
        "benchmarking": "local",
    }
    jsonschema.validate(record, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**record, "title": {"en": "x", "fr": "y"}}, schema)


# --- the Welsh documents --------------------------------------------------------------


class _Text(HTMLParser):
    """The text a reader sees, leaving out what is marked lang="en-GB" (untranslated plan text)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.english = 0
        self.skip = 0
        self.stack: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"br", "img", "meta", "link", "input", "hr", "source", "col", "wbr", "area", "base"}:
            for name, value in attrs:
                if name in {"alt", "aria-label", "placeholder"} and value:
                    self.parts.append(value)
            return
        english = dict(attrs).get("lang") == "en-GB"
        self.stack.append(english)
        self.english += english
        self.skip += tag in {"style", "script"}
        for name, value in attrs:
            if name in {"alt", "aria-label", "title"} and value and not self.english:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"br", "img", "meta", "link", "input", "hr", "source", "col", "wbr", "area", "base"}:
            return
        if self.stack:
            self.english -= self.stack.pop()
        self.skip -= tag in {"style", "script"}

    def handle_data(self, data: str) -> None:
        if not self.english and not self.skip:
            self.parts.append(data)


def _english_fixed_text(shown: str, plan_text: list[str]) -> list[str]:
    """Catalogue messages (their longer literal pieces) found in ``shown`` that are not plan text."""
    catalog = _read(LOCALE / "pmf.pot")
    found = []
    for message in catalog:
        if not message.id:
            continue
        english = message.id if isinstance(message.id, str) else message.id[0]
        for piece in re.split(r"%\(\w+\)[sd]|%[sd]", english):
            piece = piece.strip(" .,:;()–-")
            if len(piece) >= 12 and " " in piece and piece in shown and not any(piece in t for t in plan_text):
                found.append(piece)
    return sorted(set(found))


@pytest.fixture(scope="module")
def welsh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("welsh")
    result = runner.invoke(
        app,
        [
            "report",
            "mid-year",
            "--year",
            "2026-27",
            "--as-of",
            AS_OF,
            "--root",
            str(ROOT),
            "--out",
            str(out),
            "--no-audit",
            "--lang",
            "both",
        ],
    )
    assert result.exit_code == 0, result.stderr
    return out


def test_both_languages_write_four_files_linked_to_each_other(welsh: Path) -> None:
    names = sorted(p.name for p in welsh.iterdir())
    assert names == [
        "2026-27-mid-year.cy.html",
        "2026-27-mid-year.cy.md",
        "2026-27-mid-year.html",
        "2026-27-mid-year.md",
    ]
    english = (welsh / "2026-27-mid-year.html").read_text(encoding="utf-8")
    cymraeg = (welsh / "2026-27-mid-year.cy.html").read_text(encoding="utf-8")
    assert '<html lang="en-GB">' in english and '<html lang="cy">' in cymraeg
    assert 'href="2026-27-mid-year.cy.html" hreflang="cy" lang="cy">Cymraeg</a>' in english
    assert 'href="2026-27-mid-year.html" hreflang="en-GB" lang="en-GB">English</a>' in cymraeg
    assert "(2026-27-mid-year.cy.md)" in (welsh / "2026-27-mid-year.md").read_text(encoding="utf-8")
    assert "(2026-27-mid-year.md)" in (welsh / "2026-27-mid-year.cy.md").read_text(encoding="utf-8")


def test_the_welsh_report_holds_no_english_fixed_text(welsh: Path) -> None:
    parser = _Text()
    parser.feed((welsh / "2026-27-mid-year.cy.html").read_text(encoding="utf-8"))
    shown = " ".join(" ".join(parser.parts).split())
    with i18n.language("cy"):
        from pmf.bilingual import texts
        from pmf.loader import check_portfolio

        portfolio, _ = check_portfolio(ROOT)
        assert portfolio is not None
        records = [
            portfolio.settings,
            *portfolio.plans.values(),
            *portfolio.measures.values(),
            *portfolio.risks.values(),
        ]
        records += [*portfolio.assessments.values(), *portfolio.reviews.values()]
        plan_text = [str(getattr(t, "cy", None) or t) for r in records for _, t in texts(r)]
    assert _english_fixed_text(shown, plan_text) == []
    for word in ("Gwyrdd", "Melyn", "Oren", "Coch", "Gwell", "Gwaeth"):
        assert word.lower() in shown.lower(), word
    assert "Tachwedd 2026" in shown and "Ebrill i Fedi 2026" in shown


def test_untranslated_plan_text_is_marked_and_counted(welsh: Path) -> None:
    html = (welsh / "2026-27-mid-year.cy.html").read_text(encoding="utf-8")
    md = (welsh / "2026-27-mid-year.cy.md").read_text(encoding="utf-8")
    marked = re.findall(r'<span lang="en-GB">[^<]+</span> <span class="untranslated">\(yn Saesneg\)</span>', html)
    assert marked, "plan text without Welsh should be shown in English, marked as such"
    assert "_(yn Saesneg)_" in md
    counted = re.search(r"(\d+) o destunau", html)
    assert counted and int(counted.group(1)) > 0


def test_the_english_report_is_untouched_by_the_welsh_one(welsh: Path) -> None:
    english = (welsh / "2026-27-mid-year.html").read_text(encoding="utf-8")
    assert "yn Saesneg" not in english and 'lang="cy"' not in english.replace('hreflang="cy" lang="cy"', "")


def test_packs_render_in_welsh(tmp_path: Path) -> None:
    example = ROOT / "examples" / "rag-variance"
    commands = [
        ["report", "service-review", "waste", "--root", str(ROOT), "--year", "2026-27", "--window", "mid-year"],
        ["report", "plan", "housing", "--root", str(ROOT), "--year", "2026-27"],
        ["report", "improvement-plan", "--root", str(example), "--as-of", "2025-11-20"],
    ]
    for command in commands:
        result = runner.invoke(app, [*command, "--out", str(tmp_path), "--lang", "cy"])
        assert result.exit_code == 0, result.stderr
    written = sorted(p.name for p in tmp_path.iterdir())
    assert all(".cy." in name for name in written) and len(written) == 6
    for page in tmp_path.glob("*.cy.html"):
        assert '<html lang="cy">' in page.read_text(encoding="utf-8")


def test_unknown_language_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "mid-year", "--root", str(ROOT), "--out", str(tmp_path), "--lang", "fr"])
    assert result.exit_code == 2 and "Traceback" not in result.stderr


def test_a_council_template_renders_in_welsh(repo: Path, tmp_path: Path) -> None:
    templates = repo / "templates"
    templates.mkdir()
    (templates / "report.md.j2").write_text(
        '{{ _("Executive summary") }}: {{ report.organisation }}\n', encoding="utf-8"
    )
    result = runner.invoke(
        app,
        [
            "report",
            "mid-year",
            "--root",
            str(repo),
            "--out",
            str(tmp_path),
            "--format",
            "md",
            "--lang",
            "cy",
            "--as-of",
            "2025-11-20",
        ],
    )
    assert result.exit_code == 0, result.stderr
    text = next(tmp_path.glob("*.cy.md")).read_text(encoding="utf-8")
    assert text.startswith("Crynodeb gweithredol: ") and "_(yn Saesneg)_" in text
    shutil.rmtree(templates)


def test_welsh_beside_an_empty_english_awaits_its_english_and_one_signer_may_be_bilingual(repo: Path) -> None:
    plan = repo / "plans" / "waste" / "plan-2025-26.yaml"
    text = plan.read_text(encoding="utf-8")
    signer = re.search(r"(?m)^  approved_by: (.*)$", text)
    assert signer, "the base plan is signed off by one name"
    plan.write_text(
        text.replace(
            signer.group(0), "  approved_by: {en: Cabinet Member for Environment, cy: Aelod Cabinet dros yr Amgylchedd}"
        ),
        encoding="utf-8",
    )
    assert runner.invoke(app, ["validate", "--no-cache", "--root", str(repo)]).exit_code == 0
    measure = repo / "plans" / "waste" / "measures" / "WST-01.yaml"
    measure.write_text(
        measure.read_text(encoding="utf-8") + "description: {en: '', cy: Disgrifiad}\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["validate", "--no-cache", "--root", str(repo), "--lang", "cy"])  # Welsh alone, as
    assert result.exit_code == 0 and "description: has no English version yet" in result.stderr  # English alone is
