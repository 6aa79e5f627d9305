"""--format pdf: every report as tagged PDF/UA on A4, checked with poppler (pdfinfo, pdftoppm, pdftotext).

The pages are also looked at as images: the contents on page 1 or 2, and no page more than
a quarter blank unless a new chapter (a second-level heading) starts on the next.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmf.cli import app

ROOT = Path(__file__).parent.parent
AS_OF = "2026-11-23"
runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})

REPORTS = [  # on the demo, but the improvement plan on the rag-variance example
    ["report", "mid-year", "--year", "2026-27", "--no-audit", "--root", str(ROOT), "--as-of", AS_OF],
    ["report", "year-end", "--year", "2025-26", "--no-audit", "--root", str(ROOT), "--as-of", AS_OF],
    ["report", "service-review", "waste", "--year", "2026-27", "--window", "mid-year", "--as-of", AS_OF],
    ["report", "plan", "housing", "--year", "2026-27", "--root", str(ROOT)],
    ["report", "exceptions", "--year", "2026-27", "--window", "mid-year", "--as-of", AS_OF],
    ["report", "panel-response", "--year", "2026-27", "--as-of", AS_OF],
    ["report", "improvement-plan", "--root", str(ROOT / "examples" / "rag-variance"), "--as-of", "2025-11-20"],
]


def _poppler() -> None:
    if shutil.which("pdfinfo") and shutil.which("pdftoppm") and shutil.which("pdftotext"):
        return
    if os.environ.get("CI"):
        pytest.fail("poppler-utils is not installed: `make browser` installs it")
    pytest.skip("poppler-utils is not installed here (make browser installs it); CI always runs this test")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every report as PDF, in English and in Welsh."""
    _poppler()
    out = tmp_path_factory.mktemp("pdf")
    for args in REPORTS:
        where = [] if "--root" in args else ["--root", str(ROOT)]
        result = runner.invoke(app, [*args, *where, "--out", str(out), "--format", "pdf", "--lang", "both"])
        assert result.exit_code == 0, (args, result.stderr)
    found = {p.name: p for p in sorted(out.glob("*.pdf"))}
    assert len(found) == 2 * len(REPORTS)
    assert not list(out.glob("*.html")) and not list(out.glob(".*"))  # only the PDFs, no scratch files left
    for args in REPORTS:  # the same documents as HTML, to count the charts each PDF must tag
        where = [] if "--root" in args else ["--root", str(ROOT)]
        result = runner.invoke(app, [*args, *where, "--out", str(out / "html"), "--format", "html", "--lang", "both"])
        assert result.exit_code == 0, (args, result.stderr)
    return found


def _info(pdf: Path) -> dict[str, str]:
    text = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in text.splitlines())}


def _flat(outline: list) -> list:  # type: ignore[type-arg]
    return [x for item in outline for x in (_flat(item) if isinstance(item, list) else [item])]


def _figures(node: object) -> list[dict]:  # type: ignore[type-arg]
    """Every Figure element of the PDF's structure tree."""
    found = []
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, list):
        for child in node:
            found += _figures(child)
    elif isinstance(node, dict):
        if node.get("/S") == "/Figure":
            found.append(node)
        if "/K" in node:
            found += _figures(node["/K"])
    return found


def test_every_report_is_tagged_a4_with_language_bookmarks_and_alt_text(pdfs: dict[str, Path]) -> None:
    from pypdf import PdfReader

    for name, pdf in pdfs.items():
        info = _info(pdf)
        assert info["Tagged"] == "yes", name
        assert re.fullmatch(r"595\.\d+ x 841\.\d+ pts \(A4\)", info["Page size"]), (name, info["Page size"])
        assert info["Title"], name
        reader = PdfReader(pdf)
        catalog = reader.trailer["/Root"]
        assert catalog["/Lang"] == ("cy" if ".cy." in name else "en-GB"), name
        headings = [o.title for o in _flat(reader.outline)]
        title = headings[0].replace(" (yn Saesneg)", "") if headings else ""  # the heading marks English text
        assert len(headings) >= 3 and title == info["Title"].split(" - ")[0], (name, headings[:3])
        figures = _figures(catalog["/StructTreeRoot"])
        html = (pdf.parent / "html" / pdf.name).with_suffix(".html").read_text(encoding="utf-8")
        assert len(figures) == html.count('role="img"'), name  # every chart tagged as a figure
        assert all(str(f.get("/Alt", "")).strip() for f in figures), name


def _blank_shares(pdf: Path, folder: Path) -> list[float]:
    """For each page, the share of its text area below the last ink (0 a full page, 1 an empty one)."""
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", str(pdf), str(folder / "page")], check=True)
    shares = []
    for image in sorted(folder.glob("page-*.png")):
        page = Image.open(image).convert("L")
        width, height = page.size
        top, bottom = int(height * 16 / 297), int(height * 279 / 297)  # the @page margins
        pixels = page.load()
        inked = [y for y in range(top, bottom) if any(pixels[x, y] < 160 for x in range(0, width, 2))]
        shares.append((bottom - max(inked, default=top)) / (bottom - top))
    return shares


def _chapters(pdf: Path) -> set[int]:
    """The pages (1-based) on which a second-level heading (a chapter) starts."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    pages = set()
    for item in reader.outline:
        if isinstance(item, list):  # the children of the title: the chapters, each with its sections
            pages |= {reader.get_destination_page_number(x) + 1 for x in item if not isinstance(x, list)}
    return pages


@pytest.mark.parametrize("name", ["2026-27-mid-year.pdf", "2026-27-mid-year.cy.pdf"])
def test_mid_year_pdf_pages_are_full_with_the_contents_first(pdfs: dict[str, Path], tmp_path: Path, name: str) -> None:
    pdf = pdfs[name]
    pages = int(_info(pdf)["Pages"])
    if ".cy." not in name:
        assert pages <= 40
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "2", str(pdf), "-"], capture_output=True, text=True).stdout
    assert ("Cynnwys" if ".cy." in name else "Contents") in first
    assert "Tudalen 1 /" in first if ".cy." in name else "Page 1 /" in first
    shares = _blank_shares(pdf, tmp_path)
    assert len(shares) == pages
    chapters = _chapters(pdf)
    loose = [(n, round(s, 2)) for n, s in enumerate(shares[:-1], start=1) if s > 0.25 and n + 1 not in chapters]
    assert loose == [], f"pages more than a quarter blank with no chapter after them: {loose}"


def test_a_pdf_follows_the_umask_like_every_other_file_pmf_writes(tmp_path: Path) -> None:
    from pmf.atomic import new_file_mode

    args = ["report", "plan", "housing", "--year", "2026-27", "--root", str(ROOT), "--out", str(tmp_path)]
    result = runner.invoke(app, [*args, "--format", "pdf"])
    assert result.exit_code == 0, result.stderr
    [pdf] = tmp_path.glob("*.pdf")
    assert pdf.stat().st_mode & 0o777 == new_file_mode()  # 0644 under 022, not a temporary file's 0600


def test_a_word_wider_than_the_page_is_wrapped_not_cut_off(repo: Path, tmp_path: Path) -> None:
    _poppler()
    word = "reference" + "x" * 290  # a pasted reference with nowhere to break
    recorded = runner.invoke(
        app, ["record", "WST-01", "2025-26 Q2", "60", "--comment", f"See {word} for detail.", "--root", str(repo)]
    )
    assert recorded.exit_code == 0, recorded.stderr
    args = ["report", "mid-year", "--year", "2025-26", "--no-audit", "--as-of", AS_OF, "--root", str(repo)]
    result = runner.invoke(app, [*args, "--out", str(tmp_path), "--format", "pdf"])
    assert result.exit_code == 0, result.stderr
    [pdf] = tmp_path.glob("*.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = re.sub(r"Page \d+ / \d+", "", text)  # the word may run on over a page's foot
    assert word in re.sub(r"\s+", "", text)  # every character on the page, over as many lines as it needs


def test_a_figure_in_a_narrow_column_is_never_broken_across_lines(repo: Path, tmp_path: Path) -> None:
    """A committee must never read '£640,00' over '0': figures and column headings stay whole in the PDF."""
    _poppler()
    measure = repo / "plans/waste/measures/WST-02.yaml"
    text = measure.read_text(encoding="utf-8").replace("data_type: number\nunit: tonnes\n", "data_type: monetary\n")
    text = text.replace(
        "2025-26: {target: 600, tolerance: null}",
        "2025-26: {target: 1200000, tolerance: 1300000, mid-year: {target: 640000, tolerance: 760000}}",
    )
    measure.write_text(text, encoding="utf-8")
    args = ["report", "mid-year", "--year", "2025-26", "--no-audit", "--as-of", AS_OF, "--root", str(repo)]
    result = runner.invoke(app, [*args, "--out", str(tmp_path), "--format", "pdf", "--lang", "both"])
    assert result.exit_code == 0, result.stderr
    for pdf in tmp_path.glob("*.pdf"):
        words = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
        assert "£640,000" in words and "£760,000" in words, pdf.name
        assert ("Tolerance" if ".cy." not in pdf.name else "Goddefiant") in words, pdf.name


def _link_targets(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    found = []
    for page in PdfReader(pdf).pages:
        for note in page.get("/Annots") or []:
            action = note.get_object().get("/A")
            if action is not None and "/URI" in action:
                found.append(str(action["/URI"]))
    return found


def test_the_two_languages_link_to_each_other_by_relative_names(pdfs: dict[str, Path]) -> None:
    for name, pdf in pdfs.items():
        twin = name.replace(".cy.pdf", ".pdf") if ".cy." in name else name.replace(".pdf", ".cy.pdf")
        targets = _link_targets(pdf)
        assert twin in targets, (name, targets)  # published side by side, the link still works
        assert not [t for t in targets if t.startswith("file:") or str(pdf.parent) in t], (name, targets)
