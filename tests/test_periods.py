"""Periods, financial years and reporting windows as SPEC section 3 writes them."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmf.periods import (
    Period,
    WindowName,
    check_financial_year,
    financial_year_of,
    latest_due_window,
    of_frequency,
    parse_period,
    periods_of,
    previous_period,
    same_window_last_year,
    shift_year,
    window,
    window_name,
)

FAST = settings(max_examples=100, deadline=None)


@pytest.mark.parametrize(
    ("text", "frequency", "start", "end"),
    [
        pytest.param("2025-09", "monthly", date(2025, 9, 1), date(2025, 9, 30), id="month-september"),
        pytest.param("2025-04", "monthly", date(2025, 4, 1), date(2025, 4, 30), id="month-april"),
        pytest.param("2025-12", "monthly", date(2025, 12, 1), date(2025, 12, 31), id="month-december"),
        pytest.param("2026-01", "monthly", date(2026, 1, 1), date(2026, 1, 31), id="month-january"),
        pytest.param("2026-02", "monthly", date(2026, 2, 1), date(2026, 2, 28), id="month-february"),
        pytest.param("2024-02", "monthly", date(2024, 2, 1), date(2024, 2, 29), id="month-leap-february"),
        pytest.param("2025-26 Q1", "quarterly", date(2025, 4, 1), date(2025, 6, 30), id="q1-apr-jun"),
        pytest.param("2025-26 Q2", "quarterly", date(2025, 7, 1), date(2025, 9, 30), id="q2-jul-sep"),
        pytest.param("2025-26 Q3", "quarterly", date(2025, 10, 1), date(2025, 12, 31), id="q3-oct-dec"),
        pytest.param("2025-26 Q4", "quarterly", date(2026, 1, 1), date(2026, 3, 31), id="q4-jan-mar"),
        pytest.param("2025-26 H1", "biannual", date(2025, 4, 1), date(2025, 9, 30), id="h1-apr-sep"),
        pytest.param("2025-26 H2", "biannual", date(2025, 10, 1), date(2026, 3, 31), id="h2-oct-mar"),
        pytest.param("2025-26", "annual", date(2025, 4, 1), date(2026, 3, 31), id="year-apr-mar"),
        pytest.param("2099-00", "annual", date(2099, 4, 1), date(2100, 3, 31), id="year-across-century"),
        pytest.param(" 2025-26 Q2 ", "quarterly", date(2025, 7, 1), date(2025, 9, 30), id="surrounding-space"),
    ],
)
def test_parse_period_covers_the_right_dates(text: str, frequency: str, start: date, end: date) -> None:
    """Every written form of SPEC 3 covers exactly the months the table gives."""
    period = parse_period(text)
    assert (period.frequency, period.start, period.end) == (frequency, start, end)
    assert period.label == text.strip()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        pytest.param("2025-13", ["'2025-13'", "month", "01 to 12", "financial year"], id="month-13"),
        pytest.param("2025-00", ["'2025-00'", "month", "01 to 12"], id="month-00"),
        pytest.param("2025-27", ["'2025-27'", "financial year", "consecutive"], id="year-not-consecutive"),
        pytest.param("Q1 2025", ["'Q1 2025'", "not a period", "2025-26 Q2"], id="quarter-written-backwards"),
        pytest.param("2025-26 Q5", ["'2025-26 Q5'", "not a period"], id="quarter-5"),
        pytest.param("2025-26 H3", ["'2025-26 H3'", "not a period"], id="half-3"),
        pytest.param("2025-27 Q1", ["'2025-27'", "follow on", "2025-26"], id="quarter-of-bad-year"),
        pytest.param("2025/26", ["'2025/26'", "not a period"], id="slash"),
        pytest.param("", ["not a period"], id="empty"),
    ],
)
def test_parse_period_rejects_with_a_clear_message(text: str, words: list[str]) -> None:
    """A malformed period raises ValueError naming the text and showing the right form."""
    with pytest.raises(ValueError) as caught:
        parse_period(text)
    message = str(caught.value)
    for word in words:
        assert word in message


def test_check_financial_year_suggests_the_right_year() -> None:
    assert check_financial_year("2025-26") == "2025-26"
    with pytest.raises(ValueError, match=r"2025-26"):
        check_financial_year("2025-27")
    with pytest.raises(ValueError, match="YYYY-YY"):
        check_financial_year("2025")


@pytest.mark.parametrize("year", ["1900-01", "2998-99"])
def test_the_first_and_last_financial_years_pmf_takes(year: str) -> None:
    assert check_financial_year(year) == year


@pytest.mark.parametrize("year", ["1899-00", "2999-00"])
def test_a_year_beyond_them_says_which_years_pmf_takes(year: str) -> None:
    with pytest.raises(ValueError) as caught:
        check_financial_year(year)
    assert str(caught.value) == f"'{year}' is out of range: financial years run from 1900-01 to 2998-99"


def test_a_frequency_pmf_does_not_know_is_named() -> None:
    with pytest.raises(ValueError, match=r"^unknown frequency 'fortnightly'$"):
        periods_of("fortnightly", "2025-26")


def test_a_window_holds_the_week_ending_on_its_first_day() -> None:
    """1 April 2018 was a Sunday: its week is the first of 2018-19 and of that year's mid-year window."""
    first = periods_of("weekly", "2018-19")[0]
    assert (first.label, first.end) == ("2018-W13", date(2018, 4, 1))
    assert window("2018-19", "mid-year").contains(first) and window("2018-19", "year-end").contains(first)
    assert not window("2017-18", "year-end").contains(first)


@pytest.mark.parametrize(
    ("day", "year"),
    [
        pytest.param(date(2025, 4, 1), "2025-26", id="first-day"),
        pytest.param(date(2026, 3, 31), "2025-26", id="last-day"),
        pytest.param(date(2025, 3, 31), "2024-25", id="day-before"),
        pytest.param(date(2025, 12, 31), "2025-26", id="december"),
    ],
)
def test_financial_year_of(day: date, year: str) -> None:
    assert financial_year_of(day) == year


def test_periods_of_each_frequency_tile_the_year() -> None:
    """Months, quarters and halves run April to March without gaps or overlaps."""
    for frequency, count in (("monthly", 12), ("quarterly", 4), ("biannual", 2), ("annual", 1)):
        periods = periods_of(frequency, "2025-26")
        assert len(periods) == count
        assert periods[0].start == date(2025, 4, 1)
        assert periods[-1].end == date(2026, 3, 31)
        for before, after in pairwise(periods):
            assert after.start == before.end + timedelta(days=1)
    assert [p.label for p in periods_of("monthly", "2025-26")][:2] == ["2025-04", "2025-05"]
    assert periods_of("monthly", "2025-26")[-1].label == "2026-03"


@pytest.mark.parametrize(
    ("name", "label", "start", "end"),
    [
        pytest.param("mid-year", "2025-26 H1", date(2025, 4, 1), date(2025, 9, 30), id="mid-year-is-h1"),
        pytest.param("year-end", "2025-26", date(2025, 4, 1), date(2026, 3, 31), id="year-end-is-whole-year"),
    ],
)
def test_windows(name: str, label: str, start: date, end: date) -> None:
    period = window("2025-26", name)
    assert (period.label, period.start, period.end) == (label, start, end)
    assert window("2025-26", WindowName(name)) == period


def test_window_contains_periods_ending_inside_it() -> None:
    """Q2 ends inside mid-year; Q3 and the whole year do not."""
    mid = window("2025-26", "mid-year")
    assert mid.contains(parse_period("2025-26 Q2"))
    assert mid.contains(parse_period("2025-09"))
    assert not mid.contains(parse_period("2025-26 Q3"))
    assert not mid.contains(parse_period("2025-26"))
    assert not mid.contains(parse_period("2024-25"))
    assert window("2025-26", "year-end").contains(parse_period("2025-26"))


@pytest.mark.parametrize(
    ("text", "before"),
    [
        pytest.param("2025-26 Q1", "2024-25 Q4", id="quarter-across-year"),
        pytest.param("2025-26 Q3", "2025-26 Q2", id="quarter-inside-year"),
        pytest.param("2025-04", "2025-03", id="month-across-financial-year"),
        pytest.param("2026-01", "2025-12", id="month-across-calendar-year"),
        pytest.param("2025-26 H1", "2024-25 H2", id="half-across-year"),
        pytest.param("2025-26 H2", "2025-26 H1", id="half-inside-year"),
        pytest.param("2025-26", "2024-25", id="year"),
    ],
)
def test_previous_period(text: str, before: str) -> None:
    assert previous_period(parse_period(text)) == parse_period(before)


@pytest.mark.parametrize(
    ("text", "last_year"),
    [
        pytest.param("2025-26 H1", "2024-25 H1", id="mid-year-window"),
        pytest.param("2025-26", "2024-25", id="year-end-window"),
        pytest.param("2025-26 Q3", "2024-25 Q3", id="quarter"),
        pytest.param("2025-09", "2024-09", id="month"),
        pytest.param("2026-02", "2025-02", id="month-in-calendar-next-year"),
    ],
)
def test_same_window_last_year(text: str, last_year: str) -> None:
    assert same_window_last_year(parse_period(text)) == parse_period(last_year)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        pytest.param(date(2025, 9, 30), ("2024-25", WindowName.year_end), id="mid-year-not-yet-ended"),
        pytest.param(date(2025, 10, 1), ("2025-26", WindowName.mid_year), id="mid-year-just-ended"),
        pytest.param(date(2025, 12, 15), ("2025-26", WindowName.mid_year), id="december"),
        pytest.param(date(2026, 3, 31), ("2025-26", WindowName.mid_year), id="last-day-of-year"),
        pytest.param(date(2026, 4, 1), ("2025-26", WindowName.year_end), id="year-end-just-ended"),
        pytest.param(date(2025, 4, 1), ("2024-25", WindowName.year_end), id="april"),
    ],
)
def test_latest_due_window(as_of: date, expected: tuple[str, WindowName]) -> None:
    assert latest_due_window(as_of) == expected


@FAST
@given(start=st.integers(min_value=2012, max_value=2098), name=st.sampled_from(list(WindowName)))
def test_a_window_is_named_as_it_was_asked_for(start: int, name: WindowName) -> None:
    """``window_name`` is ``window`` the other way round: the report names its file and title by it."""
    year = f"{start}-{(start + 1) % 100:02d}"
    assert window_name(window(year, name)) is name


@FAST
@given(
    start=st.integers(min_value=2012, max_value=2098),
    frequency=st.sampled_from(["monthly", "quarterly", "biannual"]),
)
def test_previous_of_first_period_is_last_of_previous_year(start: int, frequency: str) -> None:
    """A year's first period steps back to the previous year's last, with no gap."""
    year = f"{start}-{(start + 1) % 100:02d}"
    first = periods_of(frequency, year)[0]
    before = previous_period(first)
    assert before.end == first.start - timedelta(days=1)
    assert before.frequency == frequency
    assert isinstance(before, Period)
    assert parse_period(before.label) == before


# --- weekly and biennial (SPEC 2.6) -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "year"),
    [
        pytest.param("2026-W14", "2026-03-30", "2026-04-05", "2026-27", id="week-counts-where-its-sunday-falls"),
        pytest.param("2026-W13", "2026-03-23", "2026-03-29", "2025-26", id="last-week-of-2025-26"),
        pytest.param("2026-W53", "2026-12-28", "2027-01-03", "2026-27", id="week-53-of-a-long-iso-year"),
        pytest.param("2027-W01", "2027-01-04", "2027-01-10", "2026-27", id="first-iso-week"),
    ],
)
def test_weeks_are_iso_weeks(text: str, start: str, end: str, year: str) -> None:
    period = parse_period(text)
    assert (period.start.isoformat(), period.end.isoformat(), period.financial_year) == (start, end, year)
    assert period.frequency == "weekly" and period.label == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("2025-W53", "2025 has no ISO week 53", id="no-week-53"),
        pytest.param("2025-W00", "2025 has no ISO week 0", id="no-week-0"),
        pytest.param("1900-W10", "out of range", id="year-out-of-range"),
    ],
)
def test_impossible_weeks_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_period(text)


@pytest.mark.parametrize(("year", "count"), [("2026-27", 52), ("2023-24", 53), ("2020-21", 52)])
def test_a_financial_year_holds_the_weeks_whose_sunday_it_holds(year: str, count: int) -> None:
    weeks = periods_of("weekly", year)
    assert len(weeks) == count
    assert all(w.financial_year == year for w in weeks)
    assert all(b.start - a.start == timedelta(days=7) for a, b in pairwise(weeks))
    assert previous_period(weeks[0]) == periods_of("weekly", shift_year(year, -1))[-1]


def test_same_week_last_year() -> None:
    assert same_window_last_year(parse_period("2026-W20")).label == "2025-W20"
    assert same_window_last_year(parse_period("2026-W53")).label == "2025-W52"
    assert same_window_last_year(parse_period("2021-W52")).label == "2020-W52"
    assert same_window_last_year(parse_period("2027-W01")).label == "2026-W01"


def test_biennial_periods_are_written_as_years() -> None:
    period = parse_period("2025-26", "biennial")
    assert (period.frequency, period.label, period.financial_year) == ("biennial", "2025-26", "2025-26")
    assert same_window_last_year(period) == parse_period("2024-25", "biennial")
    assert periods_of("biennial", "2025-26") == [period]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        pytest.param("2025-26 H1", "April to September 2025", id="mid-year"),
        pytest.param("2025-26", "April 2025 to March 2026", id="a-year-runs-across-two"),
        pytest.param("2025-26 H2", "October 2025 to March 2026", id="second-half"),
        pytest.param("2025-26 Q4", "January to March 2026", id="a-quarter-inside-one-year"),
        pytest.param("2025-11", "November 2025", id="a-month"),
        pytest.param("2026-W14", "the week ending 5 April 2026", id="a-week-by-its-sunday"),
        pytest.param("2025-W01", "the week ending 5 January 2025", id="a-week-starting-in-december"),
    ],
)
def test_periods_in_words(text: str, words: str) -> None:
    """What a report's heading says of its period ('April to September 2025')."""
    assert parse_period(text).describe() == words


@FAST
@given(day=st.dates(min_value=date(1901, 1, 7), max_value=date(2998, 12, 31)))
def test_the_week_before_and_the_same_week_last_year(day: date) -> None:
    """Property: the week before ends the day before; last year's week has the same number, or is
    that year's last week when it has fewer."""
    iso = day.isocalendar()
    this = parse_period(f"{iso.year}-W{iso.week:02d}")
    assert previous_period(this).end == this.start - timedelta(days=1)
    weeks_last_year = date(iso.year - 1, 12, 28).isocalendar().week
    assert same_window_last_year(this).end.isocalendar()[:2] == (iso.year - 1, min(iso.week, weeks_last_year))


@pytest.mark.parametrize(
    ("text", "frequency", "message"),
    [
        pytest.param("2025-09", "weekly",
                     "'2025-09' is a monthly period but EX-01 is weekly: write periods like 2026-W14", id="weekly"),
        pytest.param("2026-W14", "monthly",
                     "'2026-W14' is a weekly period but EX-01 is monthly: write periods like 2025-09", id="monthly"),
        pytest.param("2025-26", "monthly",
                     "'2025-26' is an annual period but EX-01 is monthly: write periods like 2025-09", id="year-monthly"),
        pytest.param("2025-26 H1", "quarterly",
                     "'2025-26 H1' is a half-yearly period but EX-01 is quarterly: write periods like 2025-26 Q2",
                     id="quarterly"),
        pytest.param("2025-26 Q2", "biannual",
                     "'2025-26 Q2' is a quarterly period but EX-01 is biannual: write periods like 2025-26 H1",
                     id="biannual"),
        pytest.param("2025-26 Q4", "annual",
                     "'2025-26 Q4' is a quarterly period but EX-01 is annual: write periods like 2025-26", id="annual"),
        pytest.param("2025-26 H2", "biennial",
                     "'2025-26 H2' is a half-yearly period but EX-01 is biennial: write periods like 2025-26",
                     id="biennial"),
    ],
)  # fmt: skip
def test_a_period_of_another_frequency_names_the_measure_and_how_to_write_its_periods(
    text: str, frequency: str, message: str
) -> None:
    """The one wording `pmf validate`, `pmf record` and `pmf import` give, for each frequency."""
    with pytest.raises(ValueError) as caught:
        of_frequency(text, frequency, "EX-01")
    assert str(caught.value) == message


@pytest.mark.parametrize("frequency", ["weekly", "monthly", "quarterly", "biannual", "annual", "biennial"])
def test_a_period_of_the_measures_frequency_is_taken_as_read(frequency: str) -> None:
    for period in periods_of(frequency, "2025-26"):
        assert of_frequency(period.label, frequency, "EX-01") == period
