"""The IND annual report's period and due date from the protocol's [ind] anniversary."""

from __future__ import annotations

from datetime import date

import pytest
from test_schedule_protocol import BUNDLED_TEXT, error_for, with_safety

from ltfu.schedule.protocol import IndPeriod, ind_period, load_bundled, load_protocol


@pytest.mark.parametrize(
    ("anniversary", "on", "expected"),
    [
        # On the anniversary itself, the year ending that day is the latest period.
        ((3, 15), date(2026, 3, 15), IndPeriod(date(2025, 3, 16), date(2026, 3, 15), date(2026, 5, 14))),
        # The day before it: the year ending a year earlier.
        ((3, 15), date(2026, 3, 14), IndPeriod(date(2024, 3, 16), date(2025, 3, 15), date(2025, 5, 14))),
        ((3, 15), date(2026, 12, 6), IndPeriod(date(2025, 3, 16), date(2026, 3, 15), date(2026, 5, 14))),
        # 60 days across the turn of the year.
        ((12, 1), date(2026, 12, 6), IndPeriod(date(2025, 12, 2), date(2026, 12, 1), date(2027, 1, 30))),
        ((1, 1), date(2026, 1, 1), IndPeriod(date(2025, 1, 2), date(2026, 1, 1), date(2026, 3, 2))),
    ],
)
def test_the_period_is_the_year_ending_on_the_latest_anniversary_and_due_60_days_after(anniversary, on, expected):
    assert ind_period(anniversary, on) == expected


def test_a_leap_day_anniversary_falls_on_28_february_in_common_years():
    # In a leap year the period ends on 29 February; the 60 days run through March.
    assert ind_period((2, 29), date(2028, 3, 1)) == IndPeriod(date(2027, 3, 1), date(2028, 2, 29), date(2028, 4, 29))
    # In common years it ends on 28 February, and the next period starts on 1 March.
    assert ind_period((2, 29), date(2027, 2, 28)) == IndPeriod(date(2026, 3, 1), date(2027, 2, 28), date(2027, 4, 29))
    assert ind_period((2, 29), date(2027, 2, 27)).end == date(2026, 2, 28)
    # The period after a leap-day anniversary starts on 1 March.
    assert ind_period((2, 29), date(2029, 2, 28)).start == date(2028, 3, 1)


def test_the_bundled_protocol_sets_no_anniversary():
    assert load_bundled().ind.anniversary is None
    assert load_bundled().ind.planned_subjects is None


def test_the_ind_section_sets_the_anniversary_and_the_planned_subjects(tmp_path):
    path = tmp_path / "ind.toml"
    path.write_text(with_safety('[ind]\nanniversary = "02-29"\nplanned_subjects = 48\n'), encoding="utf-8")
    protocol = load_protocol(path)
    assert protocol.ind.anniversary == (2, 29)
    assert protocol.ind.planned_subjects == 48


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ('[ind]\nanniversary = "3-15"\n', "ind.anniversary: anniversary must be a month and day in quotes"),
        ('[ind]\nanniversary = "02-30"\n', "not '02-30'"),
        ('[ind]\nanniversary = "13-01"\n', "not '13-01'"),
        ('[ind]\nanniversary = "2026-03-15"\n', "not '2026-03-15'"),
        ("[ind]\nanniversary = 2026-03-15\n", '"MM-DD"'),
        ("[ind]\nplanned_subjects = 0\n", "ind.planned_subjects: planned_subjects=0 must be >= 1"),
        ('[ind]\nplanned_subjects = "48"\n', "planned_subjects must be a whole number"),
        ('[ind]\nanniversary_date = "03-15"\n', "[ind]: unknown key 'anniversary_date'"),
    ],
)
def test_a_bad_ind_setting_names_the_field(tmp_path, section, expected):
    message = error_for(tmp_path, with_safety(section))
    assert expected in message
    assert "line " in message  # where in the file


def test_the_bundled_text_has_no_ind_section():
    assert "[ind]" not in BUNDLED_TEXT
