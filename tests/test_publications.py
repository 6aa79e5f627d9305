"""Published tables as they come: periods named in headers, units and commas in cells."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmf.publications import PercentCell, figure, month_label, period_label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        pytest.param("2017-18", "2017-18", id="pmf-form"),
        pytest.param("2017/18", "2017-18", id="slash"),
        pytest.param("2017_2018", "2017-18", id="underscore-full"),
        pytest.param("2017-2018", "2017-18", id="hyphen-full"),
        pytest.param("value_2017_2018", "2017-18", id="conwy-header"),
        pytest.param("2017 to 2018", "2017-18", id="words"),
        pytest.param("FY 2019/20 (provisional)", "2019-20", id="extra-words"),
        pytest.param("1999-00", "1999-00", id="century"),
        pytest.param("Q2 2025-26", "2025-26 Q2", id="quarter-first"),
        pytest.param("2025/26 Q2", "2025-26 Q2", id="quarter-after"),
        pytest.param("h1 2024_2025", "2024-25 H1", id="half"),
        pytest.param("2025-09", None, id="a-month-is-not-a-year"),
        pytest.param("2017_2019", None, id="years-not-consecutive"),
        pytest.param("Q5 2025-26", None, id="no-fifth-quarter"),
        pytest.param("2025-26 H3", None, id="no-third-half"),
        pytest.param("2024-25 v 2025-26", None, id="two-years"),
        pytest.param("Local authority", None, id="no-year"),
    ],
)
def test_period_label(text: str, label: str | None) -> None:
    assert period_label(text) == label


@given(st.integers(min_value=1990, max_value=2098), st.sampled_from(["-", "/", "_", " to "]), st.booleans())
def test_every_common_year_form_names_the_same_year(start: int, sep: str, full: bool) -> None:
    second = str(start + 1) if full else f"{(start + 1) % 100:02d}"
    assert (
        period_label(f"value{sep if sep != ' to ' else '_'}{start}{sep}{second}") == f"{start}-{(start + 1) % 100:02d}"
    )


@pytest.mark.parametrize(
    ("raw", "data_type", "unit", "text"),
    [
        pytest.param("9.85%", "percentage", None, "9.85", id="percent-sign"),
        pytest.param("642.24 days", "days", None, "642.24", id="days"),
        pytest.param("1 day", "days", None, "1", id="one-day"),
        pytest.param("£1,234.50", "monetary", None, "1234.50", id="pounds-and-thousands"),
        pytest.param("-£12", "monetary", None, "-12", id="negative-pounds"),
        pytest.param("1,234 tonnes", "number", "tonnes", "1234", id="own-unit"),
        pytest.param("12 kg", "days", None, "12 kg", id="other-unit-kept-for-the-error"),
        pytest.param("9.85%", "number", None, "9.85%", id="percent-on-a-number-kept"),
        pytest.param(PercentCell(0.955), "percentage", None, "95.5", id="excel-percentage"),
        pytest.param(PercentCell(1.0), "percentage", None, "100", id="excel-hundred-percent"),
        pytest.param(PercentCell(0.955), "number", None, "0.955", id="excel-percentage-on-a-number"),
        pytest.param(842.0, "number", None, "842", id="whole-float"),
        pytest.param(842, "number", None, "842", id="int"),
    ],
)
def test_figure(raw: object, data_type: str, unit: str | None, text: str) -> None:
    assert figure(raw, data_type, unit)[0] == text


@pytest.mark.parametrize("raw", ["9,05", "1,23", "12,3456", ",5", "1,,000"])
def test_a_comma_must_separate_thousands(raw: str) -> None:
    with pytest.raises(ValueError, match="has a comma that does not separate thousands"):
        figure(raw, "number", None)


@given(st.decimals(min_value=0, max_value=1, places=4))
def test_a_percentage_cell_shows_a_hundred_times_what_it_holds(held: object) -> None:
    from decimal import Decimal

    text, scaled = figure(PercentCell(float(str(held))), "percentage", None)
    assert scaled and Decimal(text) == Decimal(str(float(str(held)))) * 100


_ENGLISH = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October")
_ENGLISH += ("November", "December")
_WELSH = ("Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi", "Hydref")
_WELSH += ("Tachwedd", "Rhagfyr")


@given(st.integers(2000, 2099), st.integers(1, 12), st.integers(1, 28))
def test_a_month_as_a_spreadsheet_writes_a_date_is_that_month(year: int, month: int, day: int) -> None:
    """Every form Excel writes a month's date cell out to CSV in, in English or Welsh, reads as that month."""
    label = f"{year}-{month:02d}"
    english, welsh = _ENGLISH[month - 1], _WELSH[month - 1]
    forms = [f"{english} {year}", f"{welsh} {year}", f"{english.upper()[:3]} {year}"]
    forms += [f"{day:02d}/{month:02d}/{year}", f"{month}/{year}", f"{year}/{month:02d}"]
    if year < 2030:  # a two-digit year is read as Excel reads it: 00 to 29 are 2000 to 2029
        forms += [f"{english[:3]}-{year % 100:02d}", f"{day}/{month}/{year % 100:02d}"]
    assert {form: month_label(form) for form in forms} == dict.fromkeys(forms, label)


@given(st.integers(0, 40), st.integers(1, 12), st.integers(2000, 2099))
def test_a_date_is_read_as_its_month_only_when_the_month_has_that_day(day: int, month: int, year: int) -> None:
    """01/10/2026 is October 2026; 00/10/2026 and 31/09/2026 are slips, refused rather than read as the month."""
    import calendar

    text = f"{day:02d}/{month:02d}/{year}"
    if 1 <= day <= calendar.monthrange(year, month)[1]:
        assert month_label(text) == f"{year}-{month:02d}"
    else:
        with pytest.raises(ValueError, match=rf"^'{text}' is not a date: .* {year} has days 1 to \d\d; check the day"):
            month_label(text)


@pytest.mark.parametrize("text", ["Oct-30", "Oct-99", "1/10/45", "10/75"])
def test_a_two_digit_year_from_30_is_the_1900s_and_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"reads as \w+ 19\d\d \(a two-digit year from 30 is in the 1900s\)"):
        month_label(text)


@pytest.mark.parametrize("text", ["2026/27", "2026-10", "13/2026", "Foo 2026", "Q2 2026", "32/13/2026", ""])
def test_text_that_is_no_month_is_not_read_as_one(text: str) -> None:
    assert month_label(text) is None
