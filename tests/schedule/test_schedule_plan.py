"""Planned visits: nominal dates and windows computed from the infusion date."""

from __future__ import annotations

import ast
import datetime as dt
from calendar import isleap as is_leap_year
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

import ltfu.schedule
from ltfu.schedule import follow_up_end, load_bundled, plan, study_day

D = dt.date
PROTOCOL = load_bundled()

# Worked out by hand (calendar on the desk), not by the code under test.
# code: (nominal date, window start, window end)
EXPECTED_FOR_2024_02_29 = {
    "D0": (D(2024, 2, 29), D(2024, 2, 29), D(2024, 2, 29)),
    "D1": (D(2024, 3, 1), D(2024, 3, 1), D(2024, 3, 1)),
    "D4": (D(2024, 3, 4), D(2024, 3, 3), D(2024, 3, 5)),
    "D7": (D(2024, 3, 7), D(2024, 3, 6), D(2024, 3, 8)),
    "D10": (D(2024, 3, 10), D(2024, 3, 9), D(2024, 3, 11)),
    "D14": (D(2024, 3, 14), D(2024, 3, 12), D(2024, 3, 16)),
    "D21": (D(2024, 3, 21), D(2024, 3, 19), D(2024, 3, 23)),
    "D28": (D(2024, 3, 28), D(2024, 3, 25), D(2024, 3, 31)),
    "M2": (D(2024, 4, 30), D(2024, 4, 23), D(2024, 5, 7)),  # day 61
    "M3": (D(2024, 5, 30), D(2024, 5, 23), D(2024, 6, 6)),  # day 91
    "M4": (D(2024, 6, 30), D(2024, 6, 23), D(2024, 7, 7)),  # day 122
    "M5": (D(2024, 7, 30), D(2024, 7, 23), D(2024, 8, 6)),  # day 152
    "M6": (D(2024, 8, 30), D(2024, 8, 16), D(2024, 9, 13)),  # day 183, 14/14
    "M9": (D(2024, 11, 29), D(2024, 11, 15), D(2024, 12, 13)),  # day 274
    "M12": (D(2025, 2, 28), D(2025, 2, 14), D(2025, 3, 30)),  # day 365, 14/30
    "M15": (D(2025, 5, 29), D(2025, 5, 8), D(2025, 6, 19)),  # months 15, 21/21
    "M18": (D(2025, 8, 29), D(2025, 8, 8), D(2025, 9, 19)),
    "M21": (D(2025, 11, 29), D(2025, 11, 8), D(2025, 12, 20)),
    "M24": (D(2026, 2, 28), D(2026, 1, 29), D(2026, 3, 30)),  # 30/30
    "M30": (D(2026, 8, 29), D(2026, 7, 30), D(2026, 9, 28)),
    "M36": (D(2027, 2, 28), D(2027, 1, 29), D(2027, 3, 30)),
    "M42": (D(2027, 8, 29), D(2027, 7, 30), D(2027, 9, 28)),
    "M48": (D(2028, 2, 29), D(2028, 1, 30), D(2028, 3, 30)),  # 2028 is a leap year
    "M54": (D(2028, 8, 29), D(2028, 7, 30), D(2028, 9, 28)),
    "M60": (D(2029, 2, 28), D(2029, 1, 29), D(2029, 3, 30)),
    "Y6": (D(2030, 2, 28), D(2029, 12, 30), D(2030, 4, 29)),  # 60/60
    "Y7": (D(2031, 2, 28), D(2030, 12, 30), D(2031, 4, 29)),
    "Y8": (D(2032, 2, 29), D(2031, 12, 31), D(2032, 4, 29)),
    "Y9": (D(2033, 2, 28), D(2032, 12, 30), D(2033, 4, 29)),
    "Y10": (D(2034, 2, 28), D(2033, 12, 30), D(2034, 4, 29)),
    "Y11": (D(2035, 2, 28), D(2034, 12, 30), D(2035, 4, 29)),
    "Y12": (D(2036, 2, 29), D(2035, 12, 31), D(2036, 4, 29)),
    "Y13": (D(2037, 2, 28), D(2036, 12, 30), D(2037, 4, 29)),
    "Y14": (D(2038, 2, 28), D(2037, 12, 30), D(2038, 4, 29)),
    "Y15": (D(2039, 2, 28), D(2038, 12, 30), D(2039, 4, 29)),
}


def test_every_visit_of_a_feb_29_infusion_matches_the_hand_computed_table():
    visits = plan(PROTOCOL, D(2024, 2, 29))

    assert [v.code for v in visits] == list(EXPECTED_FOR_2024_02_29)
    for visit in visits:
        assert (visit.nominal_date, visit.window_start, visit.window_end) == EXPECTED_FOR_2024_02_29[visit.code], (
            visit.code
        )
    assert [v.sequence for v in visits] == list(range(1, 36))


def test_plan_carries_mode_and_assessments_of_the_protocol():
    visits = {v.code: v for v in plan(PROTOCOL, D(2024, 2, 29))}

    assert visits["M12"].assessments == ("Ex", "D", "P", "B", "G", "H", "R-T", "AE", "LT")
    assert visits["Y6"].mode == "phone"
    assert visits["M24"].mode == "clinic"


def test_study_day_counts_from_day_0():
    infusion = D(2024, 2, 29)
    assert study_day(infusion, infusion) == 0
    assert study_day(infusion, D(2024, 4, 30)) == 61
    assert study_day(infusion, D(2024, 2, 24)) == -5  # lymphodepletion


def test_plan_refuses_a_datetime():
    with pytest.raises(TypeError):
        plan(PROTOCOL, dt.datetime(2024, 2, 29, 10, 30))


def test_follow_up_ends_15_calendar_years_after_the_infusion():
    assert follow_up_end(PROTOCOL, D(2024, 2, 29)) == D(2039, 2, 28)
    assert follow_up_end(PROTOCOL, D(2023, 6, 15)) == D(2038, 6, 15)


anchors = st.dates(min_value=D(1950, 1, 1), max_value=D(2150, 12, 31))


@settings(max_examples=300, deadline=None)
@given(anchors)
def test_nominal_dates_strictly_increase_and_every_window_holds_its_nominal_date(anchor):
    visits = plan(PROTOCOL, anchor)

    assert len(visits) == 35
    assert all(a.nominal_date < b.nominal_date for a, b in zip(visits, visits[1:], strict=False))
    assert all(v.window_start <= v.nominal_date <= v.window_end for v in visits)
    assert visits[0].nominal_date == anchor


@settings(max_examples=300, deadline=None)
@given(anchors)
def test_no_drift_each_visit_is_anchor_plus_its_own_offset(anchor):
    for definition, visit in zip(PROTOCOL.visits, plan(PROTOCOL, anchor), strict=True):
        if definition.months is not None:
            expected = anchor + relativedelta(months=definition.months)
        else:
            expected = anchor + dt.timedelta(days=definition.day)
        assert visit.nominal_date == expected, definition.code
        assert visit.window_start == expected - dt.timedelta(days=definition.early)
        assert visit.window_end == expected + dt.timedelta(days=definition.late)


@settings(max_examples=300, deadline=None)
@given(anchors)
def test_last_visit_is_exactly_15_calendar_years_after_the_infusion(anchor):
    last = plan(PROTOCOL, anchor)[-1]

    assert last.code == "Y15"
    assert last.nominal_date == anchor + relativedelta(years=15) == follow_up_end(PROTOCOL, anchor)


@pytest.mark.parametrize("year", [2023, 2024, 2100])
def test_month_end_anchors_clamp_to_the_end_of_shorter_months(year):
    # M18 from Aug 31 falls in February; M15 from Jan 31 falls in April.
    m18 = {v.code: v for v in plan(PROTOCOL, D(year, 8, 31))}["M18"].nominal_date
    end_of_february = D(year + 2, 2, 29) if is_leap_year(year + 2) else D(year + 2, 2, 28)
    assert m18 == end_of_february
    assert {v.code: v for v in plan(PROTOCOL, D(year, 1, 31))}["M15"].nominal_date == D(year + 1, 4, 30)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1950, max_value=2150).filter(is_leap_year))
def test_feb_29_anchor_lands_on_feb_28_in_common_years(leap_year):
    anchor = D(leap_year, 2, 29)
    for definition, visit in zip(PROTOCOL.visits, plan(PROTOCOL, anchor), strict=True):
        if definition.months is not None and definition.months % 12 == 0:
            year = leap_year + definition.months // 12
            assert visit.nominal_date == D(year, 2, 29 if is_leap_year(year) else 28), definition.code


@settings(max_examples=100, deadline=None)
@given(anchors)
def test_day_offsets_are_study_days(anchor):
    for definition, visit in zip(PROTOCOL.visits, plan(PROTOCOL, anchor), strict=True):
        if definition.day is not None:
            assert study_day(anchor, visit.nominal_date) == definition.day


def test_schedule_package_never_reads_the_clock():
    """'Today' is always an argument: no date.today(), datetime.now() or time.time()."""
    forbidden = {"today", "now", "utcnow", "time", "monotonic", "localtime"}
    package = Path(ltfu.schedule.__file__).parent
    for source in package.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(), str(source))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                assert node.func.attr not in forbidden, f"{source.name}:{node.lineno} calls .{node.func.attr}()"
