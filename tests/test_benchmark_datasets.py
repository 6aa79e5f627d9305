"""pmf benchmark on datasets as StatsWales, Data Cymru and LG Inform publish them: the rows beside the
councils, marked years, rows split by another column, fractions, sheets and separators."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from pmf.cli import app
from pmf.datasets import is_aggregate

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
COUNCILS = {  # the 22 Welsh principal councils, English and Welsh names
    "Blaenau Gwent": "Blaenau Gwent",
    "Bridgend": "Pen-y-bont ar Ogwr",
    "Caerphilly": "Caerffili",
    "Cardiff": "Caerdydd",
    "Carmarthenshire": "Sir Gaerfyrddin",
    "Ceredigion": "Ceredigion",
    "Conwy": "Conwy",
    "Denbighshire": "Sir Ddinbych",
    "Flintshire": "Sir y Fflint",
    "Gwynedd": "Gwynedd",
    "Isle of Anglesey": "Ynys Môn",
    "Merthyr Tydfil": "Merthyr Tudful",
    "Monmouthshire": "Sir Fynwy",
    "Neath Port Talbot": "Castell-nedd Port Talbot",
    "Newport": "Casnewydd",
    "Pembrokeshire": "Sir Benfro",
    "Powys": "Powys",
    "Rhondda Cynon Taf": "Rhondda Cynon Taf",
    "Swansea": "Abertawe",
    "Torfaen": "Tor-faen",
    "Vale of Glamorgan": "Bro Morgannwg",
    "Wrexham": "Wrecsam",
}
AUTHORITIES = list(COUNCILS)
RATES = [62.1, 64.0, 63.5, 58.9, 65.2, 70.1, 68.4, 66.0, 67.3, 64.8, 63.9]
RATES += [61.2, 69.5, 65.7, 60.4, 66.9, 64.1, 62.8, 63.0, 65.5, 67.8, 66.6]
HEADER = "Local authority,Code,Year,Value"


def coded(repo: Path) -> Path:
    measure = repo / "plans/waste/measures/WST-01.yaml"
    measure.write_text(
        measure.read_text().replace("benchmarking: national\n", "benchmarking: national\nbenchmark_code: PAM/030\n")
    )
    return measure


def rows(year: str = "2024-25", values: list[float] = RATES) -> list[str]:
    return [f"{a},PAM/030,{year},{v}" for a, v in zip(AUTHORITIES, values, strict=True)]


def write(tmp_path: Path, lines: list[str], name: str = "pam.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def bench(repo: Path, path: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["benchmark", str(path), "--root", str(repo), "--authority", "Conwy", *args])
    return result.exit_code, result.stdout, " ".join(result.stderr.split())


def one(out: str) -> dict[str, object]:
    [row] = json.loads(out)
    assert isinstance(row, dict)
    return row


def test_the_rows_for_wales_england_and_totals_are_left_out_and_named(repo: Path, tmp_path: Path) -> None:
    coded(repo)
    extra = [
        "Wales,PAM/030,2024-25,65.1",
        "All Wales,PAM/030,2024-25,65.1",
        "England,PAM/030,2024-25,42.0",
        "Total,PAM/030,2024-25,99.9",
        "W92000004,PAM/030,2024-25,65.1",
    ]
    code, out, err = bench(repo, write(tmp_path, [HEADER, *extra[:2], *rows(), *extra[2:]]), "--format", "json")
    assert code == 0, err
    row = one(out)
    assert row["authorities"] == 22
    assert row["median"] == pytest.approx(float(np.median(RATES)))
    assert row["upper_quartile"] == pytest.approx(float(np.percentile(RATES, 75)))
    assert (
        "pam.csv: left out 5 rows for Wales, All Wales, England, Total, W92000004: not a council "
        "(a total, average, country or region is never counted among the councils)"
    ) in err


@pytest.mark.parametrize("name", [*COUNCILS, *COUNCILS.values()])
def test_no_welsh_council_is_taken_for_an_aggregate(name: str) -> None:
    assert not is_aggregate(name)


@pytest.mark.parametrize(
    "name",
    ["North East Lincolnshire", "North West Leicestershire", "City of London", "Isles of Scilly", "Walsall"],
)
def test_councils_named_like_regions_are_councils(name: str) -> None:
    assert not is_aggregate(name)


@pytest.mark.parametrize(
    "name",
    [
        "Wales",
        "All Wales",
        "Wales average",
        "Cymru",
        "Cyfartaledd Cymru",
        "England",
        "England mean",
        "Total",
        "North Wales",
        "North East",
        "London boroughs",
        "Unitary authorities",
        "W92000004",
        "Wales (W92000004)",
        "E92000001",
        "E12000007",
    ],
)
def test_totals_averages_countries_and_regions_are_aggregates(name: str) -> None:
    assert is_aggregate(name)


def test_two_figures_for_one_council_code_and_year_are_refused_naming_both_rows(repo: Path, tmp_path: Path) -> None:
    coded(repo)
    lines = ["Local authority,Code,Year,Waste type,Value"]
    for a, v in zip(AUTHORITIES, RATES, strict=True):
        lines += [f"{a},PAM/030,2024-25,Household,{v}", f"{a},PAM/030,2024-25,Municipal,{v / 4:.1f}"]
    code, out, err = bench(repo, write(tmp_path, lines))
    assert code == 1 and out == ""
    assert (
        "pam.csv:35:1: Powys PAM/030 2024-25 is also on row 34: keep one row per council "
        "(filter the 'Waste type' column)"
    ) in err
    assert "22 problems in 1 file" in err  # each council named, at its own rows


def test_a_row_given_twice_with_the_same_figure_counts_once(repo: Path, tmp_path: Path) -> None:
    coded(repo)
    code, out, err = bench(repo, write(tmp_path, [HEADER, *rows(), *rows()]), "--format", "json")
    assert code == 0, err
    assert one(out)["authorities"] == 22


def test_a_closer_is_better_measure_is_never_given_quartiles_as_its_thresholds(repo: Path, tmp_path: Path) -> None:
    measure = coded(repo)
    measure.write_text(
        measure.read_text()
        .replace("higher_is_better", "closer_is_better")
        .replace("{target: 68.0, tolerance: 64.0}", "{target: 65.0, tolerance: 2.0}")
    )
    before = measure.read_text()
    code, out, err = bench(repo, write(tmp_path, [HEADER, *rows()]), "--apply")
    assert code == 1 and out == ""
    assert measure.read_text() == before
    assert (
        "pam.csv: nothing to benchmark: left out WST-01: closer-is-better, so its tolerance is a distance "
        "from the target, which national quartiles do not give; set its thresholds by hand"
    ) in err


def test_a_closer_is_better_measure_is_left_out_beside_the_others(repo: Path, tmp_path: Path) -> None:
    coded(repo)
    other = repo / "plans/waste/measures/WST-02.yaml"
    other.write_text(
        other.read_text()
        .replace("lower_is_better", "closer_is_better")
        .replace("benchmarking: local", "benchmarking: national")
        .replace("{target: 600, tolerance: null}", "{target: 600, tolerance: 20}")
    )
    before = other.read_text()
    code, out, err = bench(repo, write(tmp_path, [HEADER, *rows(), *[r.replace("PAM/030", "WST-02") for r in rows()]]))
    assert code == 0, err
    assert "WST-01" in out and "WST-02" not in out
    assert "left out WST-02: closer-is-better" in err
    code, _, err = bench(repo, write(tmp_path, [HEADER, *rows()]), "--apply")
    assert code == 0, err
    assert other.read_text() == before


def test_a_year_marked_provisional_or_revised_is_that_year(repo: Path, tmp_path: Path) -> None:
    coded(repo)
    marked = rows()
    for index, mark in enumerate(["(p)", "(P)", "[r]", "p", " provisional"]):
        marked[index] = marked[index].replace("2024-25", f"2024-25{'' if mark.startswith(' ') else ' '}{mark}")
    path = write(tmp_path, [HEADER, *rows("2023-24", [50.0] * 22), *marked])
    code, out, err = bench(repo, path, "--format", "json")
    assert code == 0, err
    row = one(out)
    assert (row["year"], row["authorities"]) == ("2024-25", 22)
    assert row["median"] == pytest.approx(float(np.median(RATES)))
    assert "pam.csv: 4 provisional and 1 revised figures were marked so in the year column: counted as 2024-25's" in err
    code, out, err = bench(repo, path, "--year", "2023-24", "--format", "json")
    assert code == 0 and "marked" not in err


def test_a_provisional_figure_beside_the_year_s_own_is_refused(repo: Path, tmp_path: Path) -> None:
    coded(repo)
    path = write(tmp_path, [HEADER, *rows(), "Powys,PAM/030,2024-25 (p),70"])
    code, out, err = bench(repo, path)
    assert code == 1 and out == ""
    assert (
        "pam.csv:24:1: Powys PAM/030 2024-25 is also on row 18: keep one row per council and year "
        "(a year marked provisional or revised, 2025-26 (p), is that year)"
    ) in err


def test_the_measure_column_is_the_one_holding_the_codes(repo: Path, tmp_path: Path) -> None:
    coded(repo)
    lines = ["Measure code,Measure,Year,Local authority,Value"]
    lines += [
        f"PAM/030,Municipal waste reused recycled composted,2024-25,{a},{v}"
        for a, v in zip(AUTHORITIES, RATES, strict=True)
    ]
    code, out, err = bench(repo, write(tmp_path, lines), "--format", "json")
    assert code == 0, err
    assert one(out)["authorities"] == 22


def test_a_dataset_without_the_codes_looked_for_says_what_it_read_and_exits_1(repo: Path, tmp_path: Path) -> None:
    coded(repo)
    lines = ["Measure,Year,Local authority,Value"]
    lines += [
        f"Municipal waste reused recycled composted,2024-25,{a},{v}" for a, v in zip(AUTHORITIES, RATES, strict=True)
    ]
    code, out, err = bench(repo, write(tmp_path, lines))
    assert code == 1 and out == ""
    assert (
        "pam.csv: none of the codes looked for (PAM/030) is in the column 'Measure' for 2024-25; that column "
        "holds 'Municipal waste reused recycled composted': give each measure's code as the dataset writes it "
        'in its benchmark_code, or name the column that holds them with --columns "measure=HEADER"'
    ) in err


def test_fractions_for_a_percentage_measure_are_refused(repo: Path, tmp_path: Path) -> None:
    measure = coded(repo)
    path = write(tmp_path, [HEADER, *rows(values=[round(v / 100, 3) for v in RATES])])
    before = measure.read_text()
    code, out, err = bench(repo, path, "--apply")
    assert code == 1 and out == ""
    assert measure.read_text() == before
    assert (
        "pam.csv: every figure for PAM/030 in 2024-25 is between 0 and 1 (0.589 to 0.701), where WST-01's own "
        "figures are percentages (68.0): the dataset holds fractions (0.7 for 70%); multiply them by 100 "
        "(or format the column as a percentage in Excel) and run again"
    ) in err


def test_fractions_for_a_percentage_measure_with_no_figures_of_its_own_are_warned_of(
    repo: Path, tmp_path: Path
) -> None:
    measure = coded(repo)
    text = measure.read_text()
    measure.write_text(text[: text.index("thresholds:")])
    path = write(tmp_path, [HEADER, *rows(values=[round(v / 100, 3) for v in RATES])])
    code, out, err = bench(repo, path)
    assert code == 0, err
    assert "0.7" in out  # proposed, and said
    assert "warning: every figure for PAM/030 in 2024-25 is between 0 and 1 (0.589 to 0.701): if they are" in err


def workbook(tmp_path: Path) -> Path:
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Notes"
    notes.append(["About this data"])
    notes.append(["Public Accountability Measures, Data Cymru"])
    sheet = book.create_sheet("Q2")
    sheet.append(HEADER.split(","))
    for a, v in zip(AUTHORITIES, RATES, strict=True):
        sheet.append([a, "PAM/030", "2024-25", v])
    path = tmp_path / "pam.xlsx"
    book.save(path)
    return path


def test_benchmark_reads_the_sheet_named_in_any_case_and_names_the_others(repo: Path, tmp_path: Path) -> None:
    coded(repo)
    path = workbook(tmp_path)
    code, out, err = bench(repo, path)
    assert code == 2 and out == ""
    assert "(in the sheet 'Notes'; the workbook's other sheets are 'Q2': choose one with --sheet)" in err
    code, out, err = bench(repo, path, "--sheet", "q2", "--format", "json")
    assert code == 0, err
    assert one(out)["authorities"] == 22
    code, out, err = bench(repo, path, "--sheet", "Q3")
    assert code == 2 and "pam.xlsx: no sheet 'Q3'; its sheets are Notes, Q2" in err


@pytest.mark.parametrize(
    ("separator", "encoding"),
    [(";", "utf-8"), ("\t", "utf-8"), (",", "utf-16"), ("\t", "utf-16"), (";", "utf-8-sig")],
    ids=["semicolon", "tab", "utf-16", "excel-unicode-text", "semicolon-with-bom"],
)
def test_a_dataset_separated_by_semicolons_or_tabs_or_in_utf_16_is_read(
    repo: Path, tmp_path: Path, separator: str, encoding: str
) -> None:
    coded(repo)
    lines = ["Public Accountability Measures 2024-25", "", HEADER, *rows()]
    path = tmp_path / "pam.csv"
    path.write_text("\r\n".join(line.replace(",", separator) for line in lines) + "\r\n", encoding=encoding)
    code, out, err = bench(repo, path, "--format", "json")
    assert code == 0, err
    assert one(out)["authorities"] == 22


def test_utf_16_without_its_mark_is_named(repo: Path, tmp_path: Path) -> None:
    path = tmp_path / "pam.csv"
    path.write_text("\n".join([HEADER, *rows()]), encoding="utf-16-le")
    code, _, err = bench(repo, path)
    assert code == 2
    assert "UTF-16 text without its byte-order mark; save it as 'CSV UTF-8'" in err


def test_the_year_is_the_latest_with_the_codes_and_one_without_them_names_those_that_have_them(
    repo: Path, tmp_path: Path
) -> None:
    coded(repo)
    other = [r.replace("PAM/030", "PAM/031") for r in rows("2025-26")]
    path = write(tmp_path, [HEADER, *rows("2023-24"), *rows(), *other])
    code, out, err = bench(repo, path, "--format", "json")
    assert code == 0, err
    assert one(out)["year"] == "2024-25"  # the latest year with figures for the codes, not the dataset's latest
    code, out, err = bench(repo, path, "--year", "2025-26")
    assert code == 1 and out == ""
    assert (
        "pam.csv: no figures for 2025-26 for the codes looked for (PAM/030), which have figures for "
        "2023-24, 2024-25: give one with --year"
    ) in err


@pytest.mark.parametrize(("number_format", "scale"), [('0.0"%"', 1), ("0.0%", 100)])
def test_a_figure_formatted_with_a_literal_percent_sign_is_the_figure_it_holds(
    repo: Path, tmp_path: Path, number_format: str, scale: int
) -> None:
    """62 formatted 0.0"%" shows 62.0%; 0.62 formatted 0.0% shows 62.0% too: both are 62."""
    coded(repo)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.split(","))
    for a, v in zip(AUTHORITIES, RATES, strict=True):
        sheet.append([a, "PAM/030", "2024-25", v / scale])
        sheet.cell(sheet.max_row, 4).number_format = number_format
    book.save(tmp_path / "pam.xlsx")
    code, out, err = bench(repo, tmp_path / "pam.xlsx", "--format", "json")
    assert code == 0, err
    assert one(out)["median"] == pytest.approx(float(np.median(RATES)))
