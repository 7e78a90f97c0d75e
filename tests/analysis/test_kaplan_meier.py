"""Kaplan-Meier numbers, cross-checked against lifelines and worked by hand."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lifelines import KaplanMeierFitter
from lifelines.utils import median_survival_times

from ltfu.analysis.survival import kaplan_meier

LANDMARKS = (0, 3, 7, 10, 20, 365)
AT_RISK = (0, 1, 5, 8, 10, 15, 30)


def _none_if_inf(x: float) -> float | None:
    return None if math.isinf(x) else float(x)


def exact_median(durations, events) -> float | None:
    """First time the product-limit estimate is <= 1/2, in exact arithmetic."""
    s = Fraction(1)
    for t in sorted(set(durations)):
        at_risk = sum(1 for d in durations if d >= t)
        deaths = sum(1 for d, e in zip(durations, events, strict=True) if d == t and e)
        s *= Fraction(at_risk - deaths, at_risk)
        if s <= Fraction(1, 2):
            return float(t)
    return None


def assert_matches_lifelines(durations, events) -> None:
    durations = np.asarray(durations, dtype=float)
    events = np.asarray(events, dtype=bool)
    km = kaplan_meier(durations, events, landmark_days=LANDMARKS, at_risk_days=AT_RISK)
    kmf = KaplanMeierFitter().fit(durations, events, ci_labels=["lower", "upper"])
    # lifelines reports its default interval as the exponential Greenwood (log-log) one.
    sf = kmf.survival_function_["KM_estimate"]
    ci = kmf.confidence_interval_

    assert km.n == len(durations)
    assert km.events == int(events.sum())
    np.testing.assert_array_equal(km.times, kmf.timeline)
    np.testing.assert_allclose(km.survival, sf.to_numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(km.lower, ci["lower"].to_numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(km.upper, ci["upper"].to_numpy(), rtol=1e-9, atol=1e-12)

    # Median: exact arithmetic always; lifelines too, unless S lands on 0.5 where
    # its sum of logs can round to just above 0.5.
    assert km.median == exact_median(durations.tolist(), events.tolist())
    if not np.any(np.isclose(sf.to_numpy(), 0.5, rtol=0, atol=1e-9)):
        assert km.median == _none_if_inf(kmf.median_survival_time_)
    bounds = median_survival_times(ci)
    assert km.median_lower == _none_if_inf(bounds["lower"].iloc[0])
    assert km.median_upper == _none_if_inf(bounds["upper"].iloc[0])

    for point in km.landmarks:
        followed = int((durations >= point.day).sum())
        if point.survival is None:
            assert followed == 0
            continue
        assert point.survival == pytest.approx(float(kmf.survival_function_at_times(point.day).iloc[0]), abs=1e-12)
        row = ci[ci.index <= point.day].iloc[-1]
        assert point.lower == pytest.approx(row["lower"], rel=1e-9, abs=1e-12)
        assert point.upper == pytest.approx(row["upper"], rel=1e-9, abs=1e-12)

    table = kmf.event_table
    for count in km.at_risk:
        later = table[table.index >= count.day]
        expected = int(later["at_risk"].iloc[0]) if len(later) else 0
        assert count.at_risk == expected


COHORTS = {
    "ties of events and censorings": (
        [0, 0, 3, 5, 5, 5, 8, 10, 10, 12, 15, 15, 20],
        [0, 1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 0],
    ),
    "median not reached": ([2, 4, 6, 8, 10, 12, 14, 16], [1, 0, 0, 1, 0, 0, 0, 0]),
    "all events, S reaches 0": ([1, 2, 2, 3, 4, 4, 4, 9], [1] * 8),
    "all censored": ([1, 5, 5, 9], [0, 0, 0, 0]),
    "S exactly 0.5 (n=4, 2 events at 3)": ([3, 3, 6, 9], [1, 1, 0, 1]),
    "single subject with event": ([7], [1]),
    "censoring at Day 0 and last time": ([0, 0, 0, 4, 6, 6, 11, 30], [0, 0, 1, 1, 1, 0, 1, 0]),
    "large, heavy censoring": (
        list(np.random.default_rng(7).integers(0, 900, 400)),
        list(np.random.default_rng(8).random(400) < 0.35),
    ),
}


@pytest.mark.parametrize("name", COHORTS)
def test_matches_lifelines(name):
    assert_matches_lifelines(*COHORTS[name])


@settings(max_examples=120, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=40), st.booleans()),
        min_size=1,
        max_size=60,
    )
)
def test_matches_lifelines_on_generated_cohorts(rows):
    durations, events = zip(*rows, strict=True)
    assert_matches_lifelines(list(durations), list(events))


def test_events_count_before_censorings_at_tied_times_and_ci_is_log_log():
    # At t=5 five subjects are at risk (the one censored at 5 included): two die,
    # S(5) = 3/5. At t=8 two remain (8 and 10): S(8) = 3/5 * 1/2 = 0.3.
    # Censoring first would give S(5) = 2/4 = 0.5 instead.
    km = kaplan_meier([5, 5, 5, 8, 10], [1, 0, 1, 1, 0])
    assert km.at(5).survival == pytest.approx(0.6)
    assert km.at(8).survival == pytest.approx(0.3)
    assert km.median == 8

    # Exponential Greenwood at t=5 worked by hand: var(log S) sum = 2 / (5 * 3);
    # se of log(-log S) = sqrt(2/15) / |log 0.6|; bounds exp(-exp(log(-log S) -+ z se)).
    z = 1.959963984540054
    se = math.sqrt(2 / 15) / abs(math.log(0.6))
    lower = math.exp(-math.exp(math.log(-math.log(0.6)) + z * se))
    upper = math.exp(-math.exp(math.log(-math.log(0.6)) - z * se))
    assert (round(lower, 4), round(upper, 4)) == (0.1257, 0.8818)
    assert km.at(5).lower == pytest.approx(lower, rel=1e-12)
    assert km.at(5).upper == pytest.approx(upper, rel=1e-12)
    # lifelines' default interval is this one (not the linear Greenwood 0.17-1.0).
    kmf = KaplanMeierFitter().fit([5, 5, 5, 8, 10], [1, 0, 1, 1, 0])
    assert kmf.confidence_interval_.loc[5.0].to_list() == pytest.approx([lower, upper], rel=1e-12)


def test_curve_starts_at_day_0_with_survival_1():
    km = kaplan_meier([10, 20], [1, 0])
    assert km.times == (0.0, 10.0, 20.0)
    assert km.survival[0] == km.lower[0] == km.upper[0] == 1.0
    assert km.at(-1).survival == 1.0
    assert km.at(15).survival == 0.5


def test_median_and_bounds_are_none_when_not_reached():
    km = kaplan_meier([3, 4, 5, 6], [1, 0, 0, 0])
    assert km.median is None
    assert km.median_upper is None
    assert km.to_dict()["median_ci"][1] is None


def test_landmark_is_not_estimable_when_nobody_was_followed_that_long():
    km = kaplan_meier([100, 200, 300], [1, 0, 0], landmark_days=(250, 365, 730))
    by_day = {p.day: p for p in km.landmarks}
    assert by_day[250].survival == pytest.approx(2 / 3)
    assert by_day[365].survival is None
    # ... but S = 0 stays 0 after the last death.
    km = kaplan_meier([100, 200], [1, 1], landmark_days=(365,))
    assert km.landmarks[0].survival == 0.0
    assert (km.landmarks[0].lower, km.landmarks[0].upper) == (0.0, 0.0)


def test_numbers_at_risk_count_subjects_with_time_at_or_after_the_day():
    km = kaplan_meier([0, 90, 90, 200, 400], [0, 1, 0, 1, 0], at_risk_days=(0, 90, 91, 365, 730))
    assert [(a.day, a.at_risk) for a in km.at_risk] == [(0, 5), (90, 4), (91, 2), (365, 1), (730, 0)]


def test_empty_cohort():
    km = kaplan_meier([], [])
    assert (km.n, km.events, km.median, km.times) == (0, 0, None, ())
    assert all(p.survival is None for p in km.landmarks)
    assert all(a.at_risk == 0 for a in km.at_risk)


def test_rejects_negative_times():
    with pytest.raises(ValueError):
        kaplan_meier([-1, 3], [1, 1])


def test_to_dict_is_plain_json():
    import json

    km = kaplan_meier([5, 5, 5, 8, 10], [1, 0, 1, 1, 0])
    d = json.loads(json.dumps(km.to_dict(), allow_nan=False))
    assert d["median"] == 8 and isinstance(d["median"], int)
    assert d["curve"]["times"] == [0, 5, 8, 10]
    assert d["n"] == 5 and d["events"] == 3 and d["censored"] == 2
