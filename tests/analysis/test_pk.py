"""PK parameters against trapezoids written out by hand."""

from __future__ import annotations

import math

import pytest

from ltfu.analysis.cohort import Cohort
from ltfu.analysis.pk import NO_DAY_28, NO_SAMPLES, describe, pk_analysis

from .builders import on, res, subject

LN2 = math.log(2)


def params(results, analyte="car_copies", as_of_day=1000):
    s = subject(results=[res(day, analyte, value, blq=value is None, lloq=10.0) for day, value in results])
    analysis = pk_analysis(Cohort.build([s], on(as_of_day)), analytes=(analyte,))
    (row,) = analysis.subjects
    return row


def test_sample_on_day_28_linear_up_log_down():
    row = params([(0, None), (1, 10), (4, 100), (7, 1000), (14, 500), (21, 250), (28, 100), (61, 20)])
    # Day 0 is BLQ -> 0.
    # 0-1   touches 0, linear: (0 + 10) / 2 * 1         =    5
    # 1-4   rising, linear:    (10 + 100) / 2 * 3       =  165
    # 4-7   rising, linear:    (100 + 1000) / 2 * 3     = 1650
    # 7-14  falling, log:      (1000 - 500) / ln 2 * 7  = 3500 / ln 2
    # 14-21 falling, log:      (500 - 250) / ln 2 * 7   = 1750 / ln 2
    # 21-28 falling, log:      (250 - 100) / ln 2.5 * 7 = 1050 / ln 2.5
    # The Day 61 sample lies beyond Day 28 and adds nothing.
    expected = 5 + 165 + 1650 + 3500 / LN2 + 1750 / LN2 + 1050 / math.log(2.5)
    assert row.auc_0_28 == pytest.approx(expected, rel=1e-12)
    assert round(row.auc_0_28, 2) == 10540.07  # 1820 + 7574.15 + 1145.92
    assert (row.cmax, row.tmax_day, row.n_samples, row.reason) == (1000, 7, 8, None)


def test_day_28_interpolated_log_linear_when_falling():
    row = params([(7, 800), (14, 800), (21, 400), (35, 100)])
    # No Day 0 sample -> Day 0 = 0.
    # 0-7   touches 0, linear: (0 + 800) / 2 * 7        = 2800
    # 7-14  flat, linear:      (800 + 800) / 2 * 7      = 5600
    # 14-21 falling, log:      (800 - 400) / ln 2 * 7   = 2800 / ln 2
    # C28 = 400 * (100 / 400) ** (7 / 14) = 200 (log-linear between Day 21 and 35)
    # 21-28 falling, log:      (400 - 200) / ln 2 * 7   = 1400 / ln 2
    assert row.auc_0_28 == pytest.approx(2800 + 5600 + 2800 / LN2 + 1400 / LN2, rel=1e-12)
    assert (row.cmax, row.tmax_day) == (800, 7)  # the first of tied maxima


def test_day_28_interpolated_linearly_towards_a_blq_value_and_quantifiable_pre_dose():
    row = params([(-5, 50), (0, 20), (7, 300), (14, 300), (21, 300), (35, None)])
    # The Day -5 sample is before Day 0 and ignored; Day 0 pre-dose is quantifiable: 20.
    # 0-7   rising, linear: (20 + 300) / 2 * 7  = 1120
    # 7-14  flat:           300 * 7             = 2100
    # 14-21 flat:           300 * 7             = 2100
    # Day 35 is BLQ = 0, so C28 is linear: 300 + (0 - 300) * 7 / 14 = 150
    # 21-28 linear:         (300 + 150) / 2 * 7 = 1575
    assert row.auc_0_28 == pytest.approx(1120 + 2100 + 2100 + 1575, rel=1e-12)
    assert row.n_samples == 5


def test_day_28_interpolated_linearly_when_rising():
    row = params([(0, None), (21, 100), (35, 300)])
    # 0-21 touches 0: (0 + 100) / 2 * 21 = 1050; C28 = 100 + 200 * 7 / 14 = 200;
    # 21-28 linear: (100 + 200) / 2 * 7 = 1050.
    assert row.auc_0_28 == pytest.approx(2100)
    assert (row.cmax, row.tmax_day) == (300, 35)


def test_blq_in_the_middle_makes_both_trapezoids_linear():
    row = params([(0, None), (7, 400), (14, None), (21, 100), (28, 50)])
    # 0-7 (0+400)/2*7 = 1400; 7-14 touches 0: (400+0)/2*7 = 1400;
    # 14-21 touches 0: (0+100)/2*7 = 350; 21-28 log: (100-50)/ln 2*7 = 350/ln 2.
    assert row.auc_0_28 == pytest.approx(1400 + 1400 + 350 + 350 / LN2, rel=1e-12)


def test_replicates_on_one_day_are_averaged():
    row = params([(0, None), (7, 100), (7, 300), (28, 200)])
    # Day 7 = 200; 0-7 (0+200)/2*7 = 700; 7-28 flat 200*21 = 4200.
    assert row.auc_0_28 == pytest.approx(4900)
    assert row.cmax == 200 and row.n_samples == 4


def test_no_sample_on_or_after_day_28_is_not_computed_with_a_reason():
    row = params([(0, None), (7, 100), (14, 50)])
    assert row.auc_0_28 is None
    assert row.reason == NO_DAY_28
    assert (row.cmax, row.tmax_day) == (100, 7)
    # A sample after the as-of date does not exist yet.
    row = params([(0, None), (7, 100), (28, 50)], as_of_day=20)
    assert row.reason == NO_DAY_28


def test_only_a_pre_dose_sample_gives_no_parameters():
    row = params([(0, 30)])
    assert (row.cmax, row.tmax_day, row.auc_0_28, row.reason) == (None, None, None, NO_SAMPLES)


def test_all_blq_gives_cmax_0_without_tmax():
    row = params([(0, None), (7, None), (28, None)])
    assert (row.cmax, row.tmax_day, row.auc_0_28) == (0.0, None, 0.0)


def test_flow_cells_use_the_same_rule():
    row = params([(0, None), (7, 40), (28, 10)], analyte="car_cells")
    # 0-7 (0+40)/2*7 = 140; 7-28 log (40-10)/ln 4*21 = 630/ln 4.
    assert row.analyte == "car_cells"
    assert row.auc_0_28 == pytest.approx(140 + 630 / math.log(4), rel=1e-12)


def test_describe_geometric_mean_and_cv():
    d = describe([100, 1000, 10000, 0])
    # The logs of 100, 1000, 10000 have mean ln 1000 and SD ln 10 (n - 1);
    # geometric CV% = 100 * sqrt(exp(ln(10)^2) - 1).
    assert (d.n, d.n_geometric) == (4, 3)
    assert d.geometric_mean == pytest.approx(1000)
    assert d.geometric_cv_percent == pytest.approx(100 * math.sqrt(math.exp(math.log(10) ** 2) - 1))
    assert (d.median, d.minimum, d.maximum) == (550, 0, 10000)
    assert describe([5]).geometric_cv_percent is None
    assert describe([]).n == 0


def test_summaries_per_analyte_and_natural_dose_level_order():
    subjects = [
        subject(
            f"{level}-{i}",
            dose_level=level,
            results=[
                res(0, "car_copies", None, blq=True),
                res(7, "car_copies", peak),
                res(28, "car_copies", peak / 10),
            ],
        )
        for level, peaks in (("DL10", (1000, 4000)), ("DL2", (100, 400, 1600)), ("DL1", (10,)))
        for i, peak in enumerate(peaks)
    ]
    analysis = pk_analysis(Cohort.build(subjects, on(100)))
    assert [(s.analyte, s.dose_level, s.n_subjects) for s in analysis.summaries] == [
        ("car_copies", "DL1", 1),
        ("car_copies", "DL2", 3),
        ("car_copies", "DL10", 2),
    ]
    dl2 = analysis.summaries[1]
    assert dl2.cmax.geometric_mean == pytest.approx(400)
    assert dl2.tmax_day.median == 7 and dl2.tmax_day.geometric_mean is None
    assert "linear-up/log-down" in analysis.rule
