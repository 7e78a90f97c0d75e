"""Pharmacodynamics against numbers worked out by hand in the comments."""

from __future__ import annotations

import math

import pytest

from ltfu.analysis import compute_endpoints
from ltfu.analysis.cohort import Cohort
from ltfu.analysis.pd import BASELINE_BLQ, NO_BASELINE, NO_DAY_28, NO_SAMPLE_DAY_0_28, pd_analysis
from ltfu.vocabulary import ANALYTE, PD_ANALYTES

from .builders import ae, on, res, subject

LN2 = math.log(2)
LLOQ = 2.0


def samples(analyte, points):
    """(study day, value) pairs; a value of None is below the limit of quantification."""
    return [res(day, analyte, LLOQ if v is None else v, blq=v is None, lloq=LLOQ) for day, v in points]


def one(points, analyte="il6", **kw):
    s = subject(results=samples(analyte, points), **kw)
    (row,) = pd_analysis(Cohort.build([s], on(1000)), analytes=(analyte,)).analytes[0].subjects
    return row


def test_the_analytes_come_from_the_vocabulary():
    assert PD_ANALYTES == ("il6", "il15", "crp", "ferritin")
    assert all(ANALYTE[a].analysed for a in PD_ANALYTES)  # so the result packs carry them


def test_baseline_peak_fold_and_auc_with_a_log_down_segment_and_day_28_interpolated():
    row = one([(-7, 4), (-2, 10), (1, 40), (4, 400), (7, 400), (14, 100), (35, 25)])
    # Baseline: the last sample before Day 0 -> Day -2, 10 (Day -7 is older).
    # Peak over Day 0-28: 400, first reached on Day 4 (tied with Day 7).
    # Fold change: 400 / 10 = 40.
    # AUC: the curve starts at the baseline on Day 0.
    # 0-1   rising, linear:  (10 + 40) / 2 * 1         =    25
    # 1-4   rising, linear:  (40 + 400) / 2 * 3        =   660
    # 4-7   flat, linear:    400 * 3                   =  1200
    # 7-14  falling, log:    (400 - 100) / ln 4 * 7    =  2100 / ln 4
    # C28 log-linear between Day 14 (100) and Day 35 (25): 100 * (1/4) ** (14/21) = 100 * 4 ** (-2/3)
    # 14-28 falling, log:    (100 - C28) / ln(100 / C28) * 14
    c28 = 100 * 4 ** (-2 / 3)
    expected = 25 + 660 + 1200 + 2100 / math.log(4) + (100 - c28) / math.log(100 / c28) * 14
    assert (row.baseline, row.baseline_day, row.baseline_blq) == (10, -2, False)
    assert (row.peak, row.peak_day, row.fold_change, row.fold_change_reason) == (400, 4, 40, None)
    assert row.auc_0_28 == pytest.approx(expected, rel=1e-12)
    assert round(row.auc_0_28, 1) == 4313.5  # 1885 + 1514.8 + 913.7 (C28 = 39.69)
    assert (row.auc_reason, row.n_samples) == (None, 4)  # Day 1, 4, 7, 14; Day 35 is past Day 28


def test_the_day_0_pre_dose_sample_is_the_baseline_and_a_day_28_sample_ends_the_area():
    row = one([(-7, 50), (0, 20), (0, 30), (2, 125), (28, 5), (40, 1)], analyte="crp")
    # Day 0 replicates averaged: 25, the baseline (the Day -7 sample is older).
    # Peak 125 on Day 2; fold 125 / 25 = 5.
    # 0-2   rising, linear:  (25 + 125) / 2 * 2       = 150
    # 2-28  falling, log:    (125 - 5) / ln 25 * 26   = 3120 / ln 25
    assert (row.baseline, row.baseline_day, row.peak, row.peak_day, row.fold_change) == (25, 0, 125, 2, 5)
    assert row.auc_0_28 == pytest.approx(150 + 3120 / math.log(25), rel=1e-12)
    assert row.n_samples == 4


def test_a_blq_baseline_gives_no_fold_change_and_says_why_but_still_an_area():
    row = one([(-5, None), (3, 20), (28, 4)], analyte="il15")
    # Baseline BLQ -> 0 on Day 0; no ratio. AUC: 0-3 touches 0, linear: 20 / 2 * 3 = 30;
    # 3-28 falling, log: (20 - 4) / ln 5 * 25 = 400 / ln 5.
    assert (row.baseline, row.baseline_blq, row.peak, row.peak_day) == (0, True, 20, 3)
    assert (row.fold_change, row.fold_change_reason) == (None, BASELINE_BLQ)
    assert row.auc_0_28 == pytest.approx(30 + 400 / math.log(5), rel=1e-12)


def test_without_a_baseline_neither_fold_nor_area_and_without_day_28_no_area():
    no_baseline = one([(1, 30), (7, 90), (28, 10)])
    assert (no_baseline.peak, no_baseline.peak_day) == (90, 7)
    assert (no_baseline.fold_change, no_baseline.fold_change_reason) == (None, NO_BASELINE)
    assert (no_baseline.auc_0_28, no_baseline.auc_reason) == (None, NO_BASELINE)
    short = one([(-1, 3), (4, 60), (14, 6)])
    assert (short.fold_change, short.auc_0_28, short.auc_reason) == (20, None, NO_DAY_28)
    only_baseline = one([(-3, 3)])
    assert (only_baseline.peak, only_baseline.fold_change_reason, only_baseline.auc_reason) == (
        None,
        NO_SAMPLE_DAY_0_28,
        NO_DAY_28,
    )


def test_every_value_blq_after_day_0_is_a_peak_of_0_without_a_day():
    row = one([(-2, 5), (1, None), (28, None)])
    assert (row.peak, row.peak_day, row.fold_change) == (0, None, 0)


def test_medians_and_ranges_by_dose_level_and_by_worst_crs_grade():
    def il6(sid, level, baseline, peak, crs):
        return subject(
            sid,
            dose_level=level,
            results=samples("il6", [(-1, baseline), (3, peak), (28, baseline)]),
            aes=[ae(2, "Cytokine release syndrome", g, kind="crs") for g in crs],
        )

    cohort = [
        il6("A", "DL1", 10, 50, []),  # fold 5, no CRS
        il6("B", "DL1", 5, 100, [1]),  # fold 20, CRS 1
        il6("C", "DL2", 2, 400, [1, 3]),  # fold 200, worst CRS 3
        il6("D", "DL2", 4, 80, [2]),  # fold 20, CRS 2
        il6("E", "DL2", 20, 100, [3]),  # fold 5, CRS 3
        subject("F", dose_level="DL3"),  # no IL-6 sample: not a row
    ]
    result = compute_endpoints(cohort, on(1000)).pd
    (il6_rows,) = [a for a in result.analytes if a.analyte == "il6"]
    assert il6_rows.unit == "pg/mL"
    assert [r.subject_id for r in il6_rows.subjects] == ["A", "B", "C", "D", "E"]
    levels = {s.dose_level: s for s in il6_rows.by_dose_level}
    assert list(levels) == ["DL1", "DL2"]
    dl1, dl2 = levels["DL1"], levels["DL2"]
    # DL1 folds 5, 20 -> median 12.5; DL2 folds 200, 20, 5 -> median 20, range 5-200.
    assert (dl1.n_subjects, dl1.fold_change.median, dl1.fold_change.minimum, dl1.fold_change.maximum) == (
        2,
        12.5,
        5,
        20,
    )
    assert (dl2.n_subjects, dl2.fold_change.median, dl2.fold_change.minimum, dl2.fold_change.maximum) == (3, 20, 5, 200)
    # DL2 peaks 400, 80, 100 -> median 100; all on Day 3.
    assert (dl2.peak.median, dl2.peak.minimum, dl2.peak.maximum, dl2.peak_day.median) == (100, 80, 400, 3)
    # Worst CRS grade: 0 -> A; 1 -> B; 2 -> D; 3 -> C (1 then 3) and E.
    grades = {s.crs_grade: s for s in il6_rows.by_crs_grade}
    assert {g: s.n_subjects for g, s in grades.items()} == {0: 1, 1: 1, 2: 1, 3: 2}
    assert all(s.dose_level is None for s in grades.values())
    # Grade 3: folds 200 and 5 -> median 102.5; baselines 2 and 20 -> median 11.
    g3 = grades[3]
    assert (g3.fold_change.median, g3.fold_change.minimum, g3.fold_change.maximum) == (102.5, 5, 200)
    assert (g3.baseline.median, g3.baseline.minimum, g3.baseline.maximum) == (11, 2, 20)
    # AUC of A: 0-3 linear up (10 + 50) / 2 * 3 = 90; 3-28 log down (50 - 10) / ln 5 * 25 = 1000 / ln 5.
    assert il6_rows.subjects[0].auc_0_28 == pytest.approx(90 + 1000 / math.log(5), rel=1e-12)
    assert grades[0].auc_0_28.median == pytest.approx(90 + 1000 / math.log(5), rel=1e-12)
    # Every declared PD analyte has its block, empty without samples.
    assert [a.analyte for a in result.analytes] == list(PD_ANALYTES)
    assert result.analyte("ferritin").subjects == ()


def test_the_json_of_the_endpoints_carries_pd_per_analyte():
    s = subject(results=samples("crp", [(0, 5), (4, 150), (28, 10)]))
    d = compute_endpoints([s], on(100)).to_dict()["pd"]
    assert d["end_day"] == 28
    (crp,) = [a for a in d["analytes"] if a["analyte"] == "crp"]
    (row,) = crp["subjects"]
    assert row["fold_change"] == 30 and row["peak_day"] == 4 and row["worst_crs_grade"] == 0
    assert set(crp) == {"analyte", "unit", "subjects", "by_dose_level", "by_crs_grade"}
    assert crp["by_crs_grade"][0]["crs_grade"] == 0 and crp["by_dose_level"][0]["dose_level"] == "DL1"
