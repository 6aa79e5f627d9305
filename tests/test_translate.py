"""pmf translate export|import: the round trip through a translation unit, on .xlsx, .csv and .po."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmf.cli import app

ROOT = Path(__file__).parent.parent
runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


def _notices(root: Path) -> list[str]:
    result = runner.invoke(app, ["validate", "--no-cache", "--lang", "cy", "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    return [line for line in result.stderr.splitlines() if ": notice: " in line]


def _files(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


@pytest.fixture
def council(tmp_path: Path) -> Path:
    """The rag-variance example: flow-style lists, block lists, folded text, comments."""
    target = tmp_path / "council"
    shutil.copytree(ROOT / "examples" / "rag-variance", target)
    area = target / "improvement" / "IP-01.yaml"
    area.write_text("# Priority area, agreed by Cabinet\n" + area.read_text(encoding="utf-8"), encoding="utf-8")
    return target


def test_xlsx_round_trip_leaves_no_notice_and_keeps_the_files_as_written(council: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    before = _notices(council)
    sheet_file = tmp_path / "for-translators.xlsx"
    result = runner.invoke(app, ["translate", "export", str(sheet_file), "--root", str(council)])
    assert result.exit_code == 0, result.stderr
    book = load_workbook(sheet_file)
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0] == ("file", "path", "en", "cy")
    assert len(rows) - 1 == len(before) > 20
    noticed = {(n.split(":")[0], n.split(": notice: ")[1].split(": ")[0]) for n in before}
    assert {(file, path) for file, path, _, _ in rows[1:]} == noticed
    assert all(cy is None for *_, cy in rows[1:])
    sheet = book.active
    for line in sheet.iter_rows(min_row=2):
        line[3].value = f"Cymraeg {line[0].row}: {line[2].value}"
    book.save(sheet_file)

    result = runner.invoke(app, ["translate", "import", str(sheet_file), "--root", str(council)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip() == f"wrote {len(before)} Welsh texts into 10 files"
    assert _notices(council) == []
    area = (council / "improvement" / "IP-01.yaml").read_text(encoding="utf-8")
    assert area.startswith("# Priority area, agreed by Cabinet\nid: IP-01\ntitle:\n  en: Financial resilience\n")
    assert "start: 2025-04-01, due: 2025-12-31, status: blue" in area  # the flow items keep their other fields
    args = ["report", "improvement-plan", "--root", str(council), "--as-of", "2025-11-20", "--out", str(tmp_path)]
    welsh = runner.invoke(app, [*args, "--lang", "cy", "--format", "md"])
    assert welsh.exit_code == 0, welsh.stderr
    report = next(tmp_path.glob("improvement-plan*.cy.md")).read_text(encoding="utf-8")
    assert "Financial resilience" in report and "yn Saesneg" not in report


def test_a_changed_english_text_is_refused_and_nothing_is_written(council: Path, tmp_path: Path) -> None:
    table = tmp_path / "welsh.csv"
    assert runner.invoke(app, ["translate", "export", str(table), "--root", str(council)]).exit_code == 0
    with table.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    for row in rows[1:]:
        row[3] = "Testun Cymraeg"
    with table.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    measure = council / "plans" / "finance" / "measures" / "FIN-01.yaml"
    measure.write_text(
        measure.read_text(encoding="utf-8").replace("In line with last year.", "Just ahead of last year."),
        encoding="utf-8",
    )
    before = _files(council)
    result = runner.invoke(app, ["translate", "import", str(table), "--root", str(council)])
    assert result.exit_code == 1
    line = next(n for n, row in enumerate(rows, start=1) if row[2] == "In line with last year.")
    assert re.match(
        rf"^{re.escape(str(table))}:{line}:1: the English at plans/finance/measures/FIN-01.yaml:\d+ "
        r"outturns\[0\]\.comment has changed since the export \(the file now says 'Just ahead of last year.'\)",
        result.stderr,
    ), result.stderr
    assert _files(council) == before  # all or nothing


def test_po_round_trip_with_context_and_fuzzy_entries_left_out(tmp_path: Path) -> None:
    from babel.messages.pofile import read_po, write_po

    folder = tmp_path / "new"
    assert runner.invoke(app, ["init", str(folder)]).exit_code == 0
    assert runner.invoke(app, ["new", "measure", "EX-02", "--service", "example", "--root", str(folder)]).exit_code == 0
    po = tmp_path / "plan-text.po"
    assert runner.invoke(app, ["translate", "export", str(po), "--root", str(folder)]).exit_code == 0
    with po.open("rb") as handle:
        catalog = read_po(handle)
    messages = [m for m in catalog if m.id]
    assert "plans/example/plan-2026-27.yaml:wellbeing_statement" in {m.context for m in messages}
    for number, message in enumerate(messages):
        message.string = f"Cymraeg {number}"
    messages[0].flags.add("fuzzy")  # the translator is not sure: left for later
    with po.open("wb") as handle:
        write_po(handle, catalog)
    result = runner.invoke(app, ["translate", "import", str(po), "--root", str(folder)])
    assert result.exit_code == 0, result.stderr
    left = _notices(folder)
    assert len(left) == 1 and f": notice: {messages[0].context.rpartition(':')[2]}: " in left[0]
    plan = (folder / "plans/example/plan-2026-27.yaml").read_text(encoding="utf-8")
    assert "wellbeing_statement:\n  en: >-\n    Residents get the help" in plan  # folded English kept
    assert "# the teams and main functions" in plan


def test_only_csv_xlsx_or_po(council: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["translate", "export", str(tmp_path / "x.txt"), "--root", str(council)])
    assert result.exit_code == 2
    assert "write .csv, .xlsx or .po" in result.stderr


def test_a_windows_file_keeps_its_line_ends_and_a_flow_list_its_style(council: Path, tmp_path: Path) -> None:
    measure = council / "plans" / "finance" / "measures" / "FIN-01.yaml"
    measure.write_bytes(measure.read_bytes().replace(b"\n", b"\r\n"))
    table = tmp_path / "welsh.csv"
    assert runner.invoke(app, ["translate", "export", str(table), "--root", str(council)]).exit_code == 0
    with table.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    for row in rows[1:]:
        if row[0].endswith("FIN-01.yaml"):
            row[3] = "Yn unol â'r llynedd, {heb} newid: da" if row[2] == "In line with last year." else "Cymraeg"
    with table.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    result = runner.invoke(app, ["translate", "import", str(table), "--root", str(council)])
    assert result.exit_code == 0, result.stderr
    written = measure.read_bytes()
    assert b"\n" not in written.replace(b"\r\n", b"")  # every line still ends CRLF
    assert 'comment: {en: In line with last year., cy: "Yn unol â\'r llynedd, {heb} newid: da"}}'.encode() in written
    assert _notices(council) and not [n for n in _notices(council) if n.startswith("plans/finance/measures/FIN-01")]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        pytest.param("t.xlsx", b"not a workbook", "cannot read this workbook", id="damaged-xlsx"),
        pytest.param(
            "t.csv", "file,path,en,cy\nx,y,caf\xe9,\n".encode("latin-1"), "not UTF-8 text (byte 0xe9)", id="latin-1-csv"
        ),
        pytest.param(
            "t.po", 'msgctxt "a:b"\nmsgid "caf\xe9"\nmsgstr ""\n'.encode("latin-1"), "not UTF-8 text", id="latin-1-po"
        ),
        pytest.param(
            "t.po",
            b'A line a translator typed\nmsgctxt "a:b"\nmsgid "x"\nmsgstr "y"\n',
            "cannot read this PO file",
            id="broken-po",
        ),
    ],
)
def test_a_damaged_translation_file_is_named_not_a_traceback(
    council: Path, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    before = _files(council)
    (tmp_path / name).write_bytes(content)
    result = runner.invoke(app, ["translate", "import", str(tmp_path / name), "--root", str(council)])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert _files(council) == before


@pytest.mark.parametrize(
    ("path", "english"), [("id", "FIN-01"), ("outturns[0].period", "2025-26 Q1")], ids=["id", "period"]
)
def test_a_row_that_would_break_its_file_is_refused_and_nothing_is_written(
    council: Path, tmp_path: Path, path: str, english: str
) -> None:
    """Only text takes a Welsh version: a translated id or period would leave a file validate refuses."""
    table = tmp_path / "welsh.csv"
    table.write_text(f"file,path,en,cy\nplans/finance/measures/FIN-01.yaml,{path},{english},Cymraeg\n", "utf-8")
    before = _files(council)
    result = runner.invoke(app, ["translate", "import", str(table), "--root", str(council)])
    assert result.exit_code == 1
    assert result.stderr.startswith("plans/finance/measures/FIN-01.yaml:")
    assert "(the change would leave this; nothing was written)" in result.stderr
    assert _files(council) == before


@pytest.mark.parametrize("name", ["welsh.csv", "welsh.xlsx", "welsh.po"])
def test_an_export_follows_the_umask_and_a_missing_folder_is_named(council: Path, tmp_path: Path, name: str) -> None:
    import os

    mask = os.umask(0o022)
    try:
        assert runner.invoke(app, ["translate", "export", str(tmp_path / name), "--root", str(council)]).exit_code == 0
        result = runner.invoke(app, ["translate", "export", str(tmp_path / "nowhere" / name), "--root", str(council)])
    finally:
        os.umask(mask)
    assert (tmp_path / name).stat().st_mode & 0o777 == 0o644  # a translator's colleagues can open it
    assert result.exit_code == 2
    assert result.stderr == f"pmf: {tmp_path / 'nowhere' / name}: No such file or directory\n"


def test_a_note_after_the_english_stays_beside_it(tmp_path: Path) -> None:
    """pmf init writes `head_of_service: Head of Customer Services  # a role, ...`; once translated, the note
    still follows the English text, not the Welsh (which a translator wrote, not the council)."""
    root = tmp_path / "council"
    assert runner.invoke(app, ["init", str(root), "--as-of", "2026-11-26"]).exit_code == 0
    plan = root / "plans/example/plan-2026-27.yaml"
    text = plan.read_text(encoding="utf-8")
    assert f"head_of_service: Head of Customer Services  {NOTE}\n" in text
    text = text.replace(
        "  - Cabinet Member for Corporate Services\n", "  - Cabinet Member for Corporate Services  # as appointed\n"
    )
    plan.write_text(text, encoding="utf-8")
    sheet = tmp_path / "welsh.csv"
    assert runner.invoke(app, ["translate", "export", str(sheet), "--root", str(root)]).exit_code == 0
    with sheet.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    welsh = {
        "Head of Customer Services": "Pennaeth Gwasanaeth",
        "Cabinet Member for Corporate Services": "Aelod Cabinet",
    }
    with sheet.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([rows[0], *([*row[:3], welsh.get(row[2], "")] for row in rows[1:])])
    result = runner.invoke(app, ["translate", "import", str(sheet), "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    written = plan.read_text(encoding="utf-8")
    assert f"head_of_service:\n  en: Head of Customer Services  {NOTE}\n  cy: Pennaeth Gwasanaeth\n" in written
    assert "  - en: Cabinet Member for Corporate Services  # as appointed\n    cy: Aelod Cabinet\n" in written
    assert runner.invoke(app, ["validate", "--root", str(root)]).exit_code == 0


NOTE = "# a role, e.g. Head of Waste Services"  # the guidance note beside head_of_service in a plan pmf writes


def _signed_off(tmp_path: Path) -> tuple[Path, Path]:
    """pmf init's plan signed off on the line pmf writes for it, uncommented; its sign-off's Welsh to import."""
    root = tmp_path / "council"
    assert runner.invoke(app, ["init", str(root), "--as-of", "2026-03-20"]).exit_code == 0
    plan = root / "plans/example/plan-2026-27.yaml"
    text = plan.read_text(encoding="utf-8")
    line = "# sign_off: {approved_by: Cabinet Member for the service, date: 2026-03-31}  # added when signed\n"
    assert line in text
    plan.write_text(text.replace(line, SIGNED), encoding="utf-8")
    sheet = tmp_path / "welsh.csv"
    assert runner.invoke(app, ["translate", "export", str(sheet), "--root", str(root)]).exit_code == 0
    with sheet.open(encoding="utf-8-sig", newline="") as handle:
        rows = [row for row in csv.reader(handle) if row[1] in ("path", "sign_off.approved_by[0]")]
    assert rows[1][:3] == ["plans/example/plan-2026-27.yaml", "sign_off.approved_by[0]", "Cabinet Member for Finance"]
    with sheet.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([rows[0], [*rows[1][:3], "Aelod Cabinet dros Gyllid"]])
    return root, sheet


SIGNED = "sign_off: {approved_by: Cabinet Member for Finance, date: 2026-03-31}  # added when signed\n"


def test_a_sign_off_on_one_line_as_pmf_writes_it_takes_its_welsh_in_place(tmp_path: Path) -> None:
    root, sheet = _signed_off(tmp_path)
    result = runner.invoke(app, ["translate", "import", str(sheet), "--root", str(root)])
    assert (result.exit_code, result.stderr) == (0, "wrote 1 Welsh text into 1 file\n")
    text = (root / "plans/example/plan-2026-27.yaml").read_text(encoding="utf-8")
    assert text.endswith(
        "sign_off: {approved_by: {en: Cabinet Member for Finance, cy: Aelod Cabinet dros Gyllid}, date: 2026-03-31}"
        "  # added when signed\n"
    )
    assert runner.invoke(app, ["validate", "--root", str(root)]).exit_code == 0
    assert not [line for line in _notices(root) if "sign_off" in line]


def test_a_rewrite_that_would_not_read_back_is_said_to_be_pmfs_own_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should pmf's own rewrite of a file ever fail to read back, the message says so, at no line of the file."""
    from pmf import edits, translation

    root, sheet = _signed_off(tmp_path)
    before = _files(root)
    broken = lambda text, node, *_: [edits.Edit(node.start_mark.index, node.end_mark.index, "{en: [")]  # noqa: E731
    monkeypatch.setattr(translation, "_edit", broken)
    result = runner.invoke(app, ["translate", "import", str(sheet), "--root", str(root)])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "pmf: plans/example/plan-2026-27.yaml: pmf could not write the Welsh of sign_off.approved_by[0] in the file's "
        "own style (its rewrite would not read back: "
    )
    assert result.stderr.endswith(
        "); nothing was written: write the Welsh in the file by hand as {en: ..., cy: ...}, and report this fault in "
        "pmf\n"
    )
    assert _files(root) == before
