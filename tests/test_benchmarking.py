"""pmf benchmark: national quartiles by three methods, oriented by polarity, applied as thresholds."""

from __future__ import annotations

import difflib
import json
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pmf.benchmarking import quantile
from pmf.cli import app

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
AUTHORITIES = [
    "Blaenau Gwent",
    "Bridgend",
    "Caerphilly",
    "Cardiff",
    "Carmarthenshire",
    "Ceredigion",
    "Conwy",
    "Denbighshire",
    "Flintshire",
    "Gwynedd",
    "Isle of Anglesey",
    "Merthyr Tydfil",
    "Monmouthshire",
    "Neath Port Talbot",
    "Newport",
    "Pembrokeshire",
    "Powys",
    "Rhondda Cynon Taf",
    "Swansea",
    "Torfaen",
    "Vale of Glamorgan",
    "Wrexham",
]
RATES = [
    62.1,
    64.0,
    63.5,
    58.9,
    65.2,
    70.1,
    68.4,
    66.0,
    67.3,
    64.8,
    63.9,
    61.2,
    69.5,
    65.7,
    60.4,
    66.9,
    64.1,
    62.8,
    63.0,
    65.5,
    67.8,
    66.6,
]


def dataset(tmp_path: Path, values: list[float | str] = RATES, code: str = "PAM/030") -> Path:
    path = tmp_path / "pam.csv"
    lines = ["Authority,Measure,Year,Value"]
    lines += [f"{a},{code},2024-25,{v}" for a, v in zip(AUTHORITIES, values, strict=True)]
    lines += [f"{a},{code},2023-24,50" for a in AUTHORITIES]
    path.write_text("\n".join(lines) + "\n")
    return path


def coded(repo: Path) -> Path:
    measure = repo / "plans/waste/measures/WST-01.yaml"
    measure.write_text(
        measure.read_text().replace("benchmarking: national\n", "benchmarking: national\nbenchmark_code: PAM/030\n")
    )
    return measure


@pytest.mark.parametrize(
    ("method", "numpy_method"), [("inclusive", "linear"), ("exclusive", "weibull"), ("nearest-rank", "inverted_cdf")]
)
def test_quartiles_match_the_spreadsheet_definitions(method: str, numpy_method: str) -> None:
    values = [Decimal(str(v)) for v in RATES]
    for p in (1, 2, 3):
        expected = np.percentile(RATES, 25 * p, method=numpy_method)
        assert float(quantile(values, Decimal(p) / 4, method)) == pytest.approx(expected)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=-10_000, max_value=10_000), min_size=1, max_size=40))
def test_inclusive_quartiles_agree_with_numpy(values: list[int]) -> None:
    data = [Decimal(v) for v in values]
    for p in (1, 2, 3):
        assert float(quantile(data, Decimal(p) / 4)) == pytest.approx(np.percentile(values, 25 * p), abs=1e-9)


def test_benchmark_json_and_apply(repo: Path, tmp_path: Path) -> None:
    measure = coded(repo)
    path = dataset(tmp_path, [*RATES[:-1], ""])  # one authority's figure is blank: it is left out
    args = ("benchmark", str(path), "--root", str(repo), "--authority", "Conwy", "--format", "json")
    code, out = (r := runner.invoke(app, [*args, "--year", "2024-25"])).exit_code, r.stdout
    assert code == 0, r.stderr
    [row] = json.loads(out)
    values = RATES[:-1]
    assert row["authorities"] == 21
    assert row["median"] == pytest.approx(float(np.median(values)))
    assert row["upper_quartile"] == pytest.approx(float(np.percentile(values, 75)))
    assert (row["ours"], row["quartile"]) == (68.4, 1)
    assert row["target"] == round(np.percentile(values, 75), 1) and row["tolerance"] == round(np.median(values), 1)

    before = measure.read_text()
    result = runner.invoke(
        app, ["benchmark", str(path), "--root", str(repo), "--year", "2024-25", "--apply", "--authority", "Conwy"]
    )
    assert result.exit_code == 0, result.stderr
    diff = difflib.ndiff(before.splitlines(True), measure.read_text().splitlines(True))
    changed = [line for line in diff if line[:1] in "+-"]
    target, tolerance = row["target"], row["tolerance"]
    assert changed == [
        "-   2024-25: {target: 68.0, tolerance: 64.0}\n",
        f"+   2024-25: {{target: {target}, tolerance: {tolerance}}}\n",
    ]


def test_lower_is_better_takes_the_lower_quarter(repo: Path, tmp_path: Path) -> None:
    measure = coded(repo)
    measure.write_text(
        measure.read_text()
        .replace("higher_is_better", "lower_is_better")
        .replace("{target: 68.0, tolerance: 64.0}", "{target: 60.0, tolerance: 66.0}")
    )
    result = runner.invoke(
        app, ["benchmark", str(dataset(tmp_path)), "--root", str(repo), "--authority", "Conwy", "--format", "json"]
    )
    [row] = json.loads(result.stdout)
    assert row["upper_quartile"] == pytest.approx(float(np.percentile(RATES, 25)))
    assert row["quartile"] == 4  # 68.4 is among the highest, the worst quarter when lower is better
    assert row["year"] == "2024-25"  # the latest year in the dataset


def test_table_names_the_method(repo: Path, tmp_path: Path) -> None:
    coded(repo)
    args = ["benchmark", str(dataset(tmp_path)), "--root", str(repo), "--authority", "Conwy"]
    result = runner.invoke(app, [*args, "--method", "exclusive"])
    assert result.exit_code == 0
    assert "quartiles by the exclusive method" in result.stdout
    result = runner.invoke(app, ["benchmark", str(dataset(tmp_path)), "--root", str(repo), "--method", "median-ish"])
    assert result.exit_code == 2


def oflog_shaped(tmp_path: Path) -> Path:
    """The dataset as a national body publishes it: its own headers, years written 2024/25, extra columns."""
    path = tmp_path / "oflog.csv"
    lines = ["Metric,Financial year,Local authority name,ONS code,Value,Unit"]
    for year, values in (("2023/24", [50.0] * len(RATES)), ("2024/25", RATES)):
        lines += [
            f"PAM/030,{year},{a},W0600{i:04d},{v},%" for i, (a, v) in enumerate(zip(AUTHORITIES, values, strict=True))
        ]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_dataset_with_its_own_headers_gives_the_same_quartiles(repo: Path, tmp_path: Path) -> None:
    coded(repo)
    renamed = runner.invoke(
        app, ["benchmark", str(dataset(tmp_path)), "--root", str(repo), "--authority", "Conwy", "--format", "json"]
    )
    assert renamed.exit_code == 0, renamed.stderr
    columns = "year=Financial year,authority=Local authority name,measure=Metric"
    args = ["benchmark", str(oflog_shaped(tmp_path)), "--columns", columns, "--root", str(repo)]
    published = runner.invoke(app, [*args, "--authority", "conwy", "--format", "json"])
    assert published.exit_code == 0, published.stderr
    assert json.loads(published.stdout) == json.loads(renamed.stdout)
    assert json.loads(published.stdout)[0]["year"] == "2024-25"


def test_headers_match_without_regard_to_case(repo: Path, tmp_path: Path) -> None:
    coded(repo)
    path = dataset(tmp_path)
    path.write_text(path.read_text().replace("Authority,Measure,Year,Value", "AUTHORITY,measure,YEAR,Value"))
    result = runner.invoke(app, ["benchmark", str(path), "--root", str(repo), "--authority", "Conwy"])
    assert result.exit_code == 0, result.stderr
    assert "68.4" in result.stdout and "1 of 4" in result.stdout


def test_a_published_dataset_opening_with_title_lines_is_read_from_its_header(repo: Path, tmp_path: Path) -> None:
    """Published data often opens with its title and source above the header, and a blank line."""
    coded(repo)
    plain = runner.invoke(app, ["benchmark", str(dataset(tmp_path)), "--root", str(repo), "--authority", "Conwy"])
    path = dataset(tmp_path)
    path.write_text("Public Accountability Measures 2024-25\nSource: Data Cymru,,,\n,,,\n" + path.read_text())
    titled = runner.invoke(app, ["benchmark", str(path), "--root", str(repo), "--authority", "Conwy"])
    assert titled.exit_code == 0, titled.stderr
    assert titled.stdout == plain.stdout


def test_missing_columns_are_named(repo: Path, tmp_path: Path) -> None:
    path = tmp_path / "published.csv"
    path.write_text("Area name,Metric,Time period,Value\nConwy,PAM/030,2024/25,68.4\n")
    result = runner.invoke(app, ["benchmark", str(path), "--root", str(repo)])
    assert result.exit_code == 2
    assert (
        "published.csv: no column for year, authority; its columns are Area name, Metric, Time period, Value. "
        'Name them with --columns "year=HEADER,authority=HEADER"'
    ) in " ".join(result.stderr.split())
    result = runner.invoke(app, ["benchmark", str(path), "--root", str(repo), "--columns", "year=Financial year"])
    assert result.exit_code == 2
    assert "no column for year ('Financial year'), authority" in " ".join(result.stderr.split())
    result = runner.invoke(app, ["benchmark", str(path), "--root", str(repo), "--columns", "when=Time period"])
    assert result.exit_code == 2
    assert "--columns 'when=Time period': write FIELD=HEADER with FIELD one of measure, year, authority, value" in (
        " ".join(result.stderr.split())
    )


def test_benchmark_authority_in_pmf_yaml_names_the_council_as_the_dataset_does(repo: Path, tmp_path: Path) -> None:
    coded(repo)
    path = dataset(tmp_path)
    settings = repo / "pmf.yaml"
    settings.write_text(
        settings.read_text().replace(
            "organisation: Test County Borough Council", "organisation: Conwy County Borough Council"
        )
    )
    result = runner.invoke(app, ["benchmark", str(path), "--root", str(repo), "--format", "json"])
    assert result.exit_code == 1
    assert "pam.csv: no authority 'Conwy County Borough Council' in the dataset (closest: 'Conwy'" in result.stderr
    assert "benchmark_authority" in result.stderr and result.stdout == ""
    settings.write_text(settings.read_text() + "benchmark_authority: Conwy\n")
    result = runner.invoke(app, ["benchmark", str(path), "--root", str(repo), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)[0]["ours"] == 68.4


@pytest.mark.parametrize(
    ("option", "message"),
    [
        pytest.param(
            ["--authority", "Nowhere"], "pam.csv: no authority 'Nowhere' in the dataset", id="unknown-authority"
        ),
        pytest.param(
            ["--authority", "Conwy", "--year", "2031-32"],
            "pam.csv: no year '2031-32' in the dataset; its years are 2023-24, 2024-25",
            id="unknown-year",
        ),
        pytest.param(
            ["--authority", "Cardif"], "pam.csv: no authority 'Cardif' in the dataset (closest: 'Cardiff'", id="typo"
        ),
    ],
)
def test_an_authority_or_year_not_in_the_dataset_exits_1(
    repo: Path, tmp_path: Path, option: list[str], message: str
) -> None:
    coded(repo)
    result = runner.invoke(app, ["benchmark", str(dataset(tmp_path)), "--root", str(repo), *option])
    assert result.exit_code == 1
    assert message in " ".join(result.stderr.split())
    assert result.stdout == ""


def test_apply_dry_run_shows_the_diff_and_a_new_year_goes_in_order(repo: Path, tmp_path: Path) -> None:
    measure = coded(repo)
    measure.write_text(measure.read_text().replace("  2024-25: {target: 68.0, tolerance: 64.0}\n", ""))
    before = measure.read_text()
    path = dataset(tmp_path)
    path.write_text(path.read_text().replace("2024-25", "2022-23"))  # a year before the measure's 2025-26
    target, tolerance = round(np.percentile(RATES, 75), 1), round(np.median(RATES), 1)
    args = ["benchmark", str(path), "--root", str(repo), "--authority", "Conwy", "--year", "2022/23", "--apply"]
    result = runner.invoke(app, [*args, "--dry-run"])
    assert result.exit_code == 0, result.stderr
    assert measure.read_text() == before
    assert "+++ b/plans/waste/measures/WST-01.yaml" in result.stdout
    assert f"+  2022-23: {{target: {target}, tolerance: {tolerance}}}" in result.stdout
    assert f"would change: WST-01: 2022-23 target {target}, tolerance {tolerance}" in result.stderr
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    after = f"thresholds:\n  2022-23: {{target: {target}, tolerance: {tolerance}}}\n  2025-26: {{target: 68.0"
    assert after in measure.read_text()
    result = runner.invoke(app, ["benchmark", str(path), "--root", str(repo), "--dry-run"])
    assert result.exit_code == 2 and "--dry-run shows what --apply would write" in result.stderr


def test_the_national_worked_example_benchmarks_the_demo(tmp_path: Path) -> None:
    import shutil

    top = Path(__file__).parent.parent
    shutil.copytree(top / "plans", tmp_path / "plans")
    shutil.copy(top / "pmf.yaml", tmp_path / "pmf.yaml")
    columns = "measure=Metric,year=Financial year,authority=Local authority name"
    args = ["benchmark", str(top / "examples/importing/national-dataset.csv"), "--columns", columns]
    result = runner.invoke(app, [*args, "--authority", "Example", "--root", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    counts = {row["id"]: (row["year"], row["authorities"]) for row in json.loads(result.stdout)}
    assert counts == {"HWY-01": ("2024-25", 15), "WST-01": ("2024-25", 16)}  # one [x] left out
    assert "national-dataset.csv: no figures for 2024-25 (by benchmark_code, else id) for ASC-01, " in result.stderr


def test_percentages_as_published_give_the_same_quartiles(repo: Path, tmp_path: Path) -> None:
    """'68.4%' in a CSV, and an Excel cell holding 0.684 formatted as a percentage, are both 68.4."""
    from openpyxl import Workbook

    coded(repo)
    args = ["--root", str(repo), "--authority", "Conwy", "--format", "json"]
    plain = json.loads(runner.invoke(app, ["benchmark", str(dataset(tmp_path)), *args]).stdout)
    signed = tmp_path / "signed.csv"
    header, *lines = dataset(tmp_path).read_text().replace(",2024-25,", ",2024/25,").splitlines()
    signed.write_text("\n".join([header, *(f"{line}%" for line in lines)]) + "\n")
    assert json.loads(runner.invoke(app, ["benchmark", str(signed), *args]).stdout) == plain
    book = Workbook()
    sheet = book.active
    sheet.append(["Authority", "Measure", "Year", "Value"])
    for authority, rate in zip(AUTHORITIES, RATES, strict=True):
        sheet.append([authority, "PAM/030", "2024-25", rate / 100])
        sheet.cell(sheet.max_row, 4).number_format = "0.0%"
    path = tmp_path / "pam.xlsx"
    book.save(path)
    result = runner.invoke(app, ["benchmark", str(path), *args])
    assert result.exit_code == 0, result.stderr
    [excel], [csv] = json.loads(result.stdout), plain
    assert {
        k: excel[k] for k in ("median", "upper_quartile", "ours", "quartile", "target", "tolerance")
    } == pytest.approx({k: csv[k] for k in ("median", "upper_quartile", "ours", "quartile", "target", "tolerance")})


def test_figures_with_a_sign_or_unit_give_the_same_quartiles_and_an_unreadable_one_is_named(
    repo: Path, tmp_path: Path
) -> None:
    """'-£5' and '12 days' are read as -5 and 12; a figure pmf cannot read is named at its row, never left out."""
    coded(repo)
    args = ["--root", str(repo), "--authority", "Conwy", "--format", "json"]
    values: list[float | str] = [-5, *RATES[1:]]
    plain = runner.invoke(app, ["benchmark", str(dataset(tmp_path, values)), *args])
    assert plain.exit_code == 0, plain.stderr
    written: list[float | str] = ["-£5", *(f"{v} days" if i % 2 else f"£{v}" for i, v in enumerate(RATES[1:]))]
    signed = runner.invoke(app, ["benchmark", str(dataset(tmp_path, written)), *args])
    assert signed.exit_code == 0, signed.stderr
    assert json.loads(signed.stdout) == json.loads(plain.stdout)
    assert json.loads(signed.stdout)[0]["authorities"] == 22
    unreadable = runner.invoke(app, ["benchmark", str(dataset(tmp_path, [*RATES[:3], "12 kg", *RATES[4:]])), *args])
    assert (unreadable.exit_code, unreadable.stdout) == (1, "")
    assert unreadable.stderr.splitlines() == [
        "pam.csv:5:4: Value: '12 kg' is not a figure pmf can read: write a number (with %, £ or days if you like), "
        "or leave the cell blank or [x] where no figure is published",
        "1 problem in 1 file",
    ]


def test_apply_puts_a_new_year_above_the_comment_on_the_later_year(repo: Path, tmp_path: Path) -> None:
    measure = coded(repo)
    later = "  # the new national target applies from 2026-27\n  2026-27: {target: 70.0, tolerance: 65.0}\n"
    measure.write_text(measure.read_text().replace("  2025-26: {target: 68.0, tolerance: 64.0}\n", later))
    before = measure.read_text()
    path = dataset(tmp_path)
    path.write_text(path.read_text().replace("2024-25", "2025-26"))
    target, tolerance = round(np.percentile(RATES, 75), 1), round(np.median(RATES), 1)
    args = ["benchmark", str(path), "--root", str(repo), "--authority", "Conwy", "--year", "2025-26", "--apply"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    added = f"  2025-26: {{target: {target}, tolerance: {tolerance}}}\n"
    assert measure.read_text() == before.replace(later, added + later)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_quartiles_of_whole_numbers_are_written_whole_in_json_and_csv(
    initialised: Path, tmp_path: Path, kind: str
) -> None:
    from openpyxl import Workbook

    measure = initialised / "plans/example/measures/EX-01.yaml"
    measure.write_text(measure.read_text().replace("benchmarking: local", "benchmarking: national"))
    rates = {"Ashby": 60, "Bramford": 62, "Castleton": 64, "Dunford": 66, "Example": 68, "Fenton": 71}
    if kind == "csv":
        path = tmp_path / "pam.csv"
        path.write_text(
            "Authority,Measure,Year,Value\n" + "".join(f"{a},EX-01,2025-26,{v}\n" for a, v in rates.items())
        )
    else:  # cells formatted as percentages: 0.62 shows 62%
        book = Workbook()
        sheet = book.active
        sheet.append(["Authority", "Measure", "Year", "Value"])
        for authority, rate in rates.items():
            sheet.append([authority, "EX-01", "2025-26", rate / 100])
            sheet.cell(sheet.max_row, 4).number_format = "0%"
        path = tmp_path / "pam.xlsx"
        book.save(path)
    args = ["benchmark", str(path), "--root", str(initialised), "--authority", "Example"]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    [row] = json.loads(result.stdout)
    # quartiles at 62.5, 65 and 67.5 (n=6, inclusive); the median is whole, the others need their half
    figures = {k: row[k] for k in ("lower_quartile", "median", "upper_quartile", "ours")}
    assert figures == {"lower_quartile": 62.5, "median": 65, "upper_quartile": 67.5, "ours": 68}
    assert isinstance(row["median"], int) and isinstance(row["ours"], int)
    result = runner.invoke(app, [*args, "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    header, line = result.stdout.splitlines()
    cells = dict(zip(header.split(","), line.split(","), strict=True))
    assert (cells["median"], cells["upper_quartile"], cells["lower_quartile"], cells["ours"]) == (
        "65",
        "67.5",
        "62.5",
        "68",
    )
    assert (cells["target"], cells["tolerance"]) == ("67.5", "65.0")  # to the measure's decimals, as --apply writes
    table = runner.invoke(app, args)
    assert (
        "│ 67.5 " in table.stdout and "│ 65 " in table.stdout and "65.0" in table.stdout and "65.00" not in table.stdout
    )


@pytest.mark.parametrize(
    "heading", ["Area", "area", "Local authority", "Unitary authority", "Council", "Authority name", "AUTHORITY NAME"]
)
def test_the_authority_column_may_be_headed_as_publishers_head_it(repo: Path, tmp_path: Path, heading: str) -> None:
    coded(repo)
    plain = dataset(tmp_path)
    path = tmp_path / "headed.csv"
    path.write_text(plain.read_text().replace("Authority,", f"{heading},", 1))
    args = ["--root", str(repo), "--authority", "Conwy", "--year", "2024-25", "--format", "json"]
    result = runner.invoke(app, ["benchmark", str(path), *args])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(runner.invoke(app, ["benchmark", str(plain), *args]).stdout)


def test_a_local_authority_column_is_read_before_an_area_column(repo: Path, tmp_path: Path) -> None:
    coded(repo)
    path = tmp_path / "both.csv"
    lines = ["Area,Local authority,Measure,Year,Value"]
    lines += [f"Wales,{a},PAM/030,2024-25,{v}" for a, v in zip(AUTHORITIES, RATES, strict=True)]
    path.write_text("\n".join(lines) + "\n")
    result = runner.invoke(
        app, ["benchmark", str(path), "--root", str(repo), "--authority", "Conwy", "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)[0]["authorities"] == 22


def test_a_dataset_separated_by_semicolons_reads_its_decimal_commas(repo: Path, tmp_path: Path) -> None:
    coded(repo)
    plain = dataset(tmp_path)
    path = tmp_path / "continental.csv"
    lines = ["Authority;Measure;Year;Value"]
    lines += [f"{a};PAM/030;2024-25;{str(v).replace('.', ',')}" for a, v in zip(AUTHORITIES, RATES, strict=True)]
    path.write_text("\n".join(lines) + "\n")
    args = ["--root", str(repo), "--authority", "Conwy", "--year", "2024-25", "--format", "json"]
    result = runner.invoke(app, ["benchmark", str(path), *args])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(runner.invoke(app, ["benchmark", str(plain), *args]).stdout)
    path.write_text(path.read_text().replace(";62,1\n", ";1,062\n"))
    result = runner.invoke(app, ["benchmark", str(path), *args])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "continental.csv:2:4: Value: '1,062' reads two ways in a file separated by semicolons: "
        "1062 (a comma between thousands) or 1.062 (a decimal comma): write 1062 or 1.062, with no comma"
    )


def test_a_dataset_separated_by_semicolons_refuses_a_figure_with_a_dot_between_thousands_and_no_comma(
    repo: Path, tmp_path: Path
) -> None:
    coded(repo)
    path = tmp_path / "continental.csv"
    lines = ["Authority;Measure;Year;Value"]
    lines += [f"{a};PAM/030;2024-25;{str(v).replace('.', ',')}" for a, v in zip(AUTHORITIES, RATES, strict=True)]
    path.write_text("\n".join(lines).replace(";62,1", ";4.200", 1) + "\n")
    args = ["--root", str(repo), "--authority", "Conwy", "--year", "2024-25", "--format", "json"]
    result = runner.invoke(app, ["benchmark", str(path), *args])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "continental.csv:2:4: Value: '4.200' reads two ways in a file separated by semicolons: "
        "4200 (a dot between thousands) or 4.2 (a decimal point): write 4200 or 4,2"
    )
