"""Dates as printed, and the weekday a letter suggests (checked exhaustively)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ltfu.errors import ValidationError
from ltfu.reports.dates import format_date, format_date_short, format_range_short, visit_number
from ltfu.schedule.plan import suggest_date

SAT, SUN, MON, FRI = date(2024, 6, 8), date(2024, 6, 9), date(2024, 6, 10), date(2024, 6, 7)


def test_long_dates_in_both_languages():
    assert format_date(date(2024, 6, 3), "en") == "Monday 3 June 2024"
    assert format_date(date(2024, 6, 3), "zh") == "2024年6月3日（星期一）"
    assert format_date(date(2025, 12, 28), "zh") == "2025年12月28日（星期日）"


def test_short_dates_and_windows():
    assert format_date_short(date(2024, 6, 3), "en") == "3 Jun 2024"
    assert format_date_short(date(2024, 6, 3), "en", weekday=True) == "Mon 3 Jun 2024"
    assert format_date_short(date(2024, 6, 3), "zh", weekday=True) == "2024年6月3日 周一"
    assert format_range_short(date(2024, 5, 27), date(2024, 6, 10), "en") == "27 May – 10 Jun 2024"
    assert format_range_short(date(2024, 12, 20), date(2025, 1, 3), "en") == "20 Dec 2024 – 3 Jan 2025"
    assert format_range_short(date(2024, 5, 27), date(2024, 6, 10), "zh") == "2024年5月27日–6月10日"
    assert format_range_short(date(2024, 6, 3), date(2024, 6, 3), "en") == "3 Jun 2024"


def test_visit_codes_read_as_numbers():
    assert visit_number("D28") == ("day", 28)
    assert visit_number("M12") == ("month", 12)
    assert visit_number("Y7") == ("year", 7)
    assert visit_number("BASELINE") is None


def test_weekday_stays():
    assert suggest_date(FRI - timedelta(days=3), FRI + timedelta(days=3), FRI) == FRI


def test_saturday_goes_to_friday_and_sunday_to_monday():
    assert suggest_date(SAT - timedelta(days=7), SAT + timedelta(days=7), SAT) == FRI
    assert suggest_date(SUN - timedelta(days=7), SUN + timedelta(days=7), SUN) == MON


def test_window_edges_push_to_the_other_side():
    assert suggest_date(SAT, SAT + timedelta(days=7), SAT) == MON  # Friday is before the window
    assert suggest_date(SUN - timedelta(days=7), SUN, SUN) == FRI  # Monday is after the window


def test_no_weekday_in_window_keeps_the_nominal_date():
    assert suggest_date(SAT, SAT, SAT) == SAT  # Day 0, window 0/0, on a Saturday
    assert suggest_date(SAT, SUN, SUN) == SUN  # a weekend-only window


def test_closed_days_and_ties_go_later():
    # Sunday with Monday a holiday: Friday and Tuesday are both two days away; the later wins.
    assert suggest_date(SUN - timedelta(days=5), SUN + timedelta(days=5), SUN, closed_days={MON}) == MON + timedelta(1)
    # A nominal weekday that is a holiday moves too.
    assert suggest_date(MON - timedelta(days=5), MON + timedelta(days=5), MON, closed_days={MON}) == MON + timedelta(1)


def test_bad_windows_are_refused():
    with pytest.raises(ValidationError, match="outside its window"):
        suggest_date(MON, MON + timedelta(days=3), SUN)
    with pytest.raises(ValidationError, match="ends before it starts"):
        suggest_date(MON, SUN, MON)


def test_exhaustively_nearest_open_weekday_in_window():
    """Every nominal date over two years (all weekdays and month/year ends) with windows 0..9 days each side."""
    start = date(2023, 12, 25)
    for offset in range(0, 740):
        nominal = start + timedelta(days=offset)
        for early in range(0, 10):
            for late in range(0, 10):
                window_start, window_end = nominal - timedelta(days=early), nominal + timedelta(days=late)
                got = suggest_date(window_start, window_end, nominal)
                assert window_start <= got <= window_end
                weekdays = [window_start + timedelta(days=d) for d in range(early + late + 1)
                            if (window_start + timedelta(days=d)).weekday() < 5]
                if nominal.weekday() < 5:
                    assert got == nominal
                elif not weekdays:
                    assert got == nominal
                else:
                    best = min(abs((day - nominal).days) for day in weekdays)
                    assert got.weekday() < 5
                    assert abs((got - nominal).days) == best
                    assert got == max(day for day in weekdays if abs((day - nominal).days) == best)
