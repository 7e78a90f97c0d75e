"""Pharmacodynamics: the cytokine and inflammation response to the CAR-T cells
(DOMAIN.md section 5), for every analyte the vocabulary marks `pharmacodynamic`.

Per subject and analyte: baseline, peak over Day 0-28 and its day, fold change
(peak / baseline) and the area under the curve over Day 0-28 by the PK trapezoid rules
(`ltfu.analysis.pk.auc_to`: linear-up/log-down, interpolated at Day 28, not computed
without a sample on or after Day 28). Summaries (median and range) by dose level and
by worst CRS grade (0 = no CRS). Codes, not words: a value not computed carries a
`*_reason` code (`NOT_COMPUTED`).

Choices where DOMAIN.md is silent:
- Replicate samples on the same study day are averaged (BLQ as 0) first, as for PK.
- A sample dated Day 0 is the pre-dose sample (the day's samples are drawn before the
  infusion), as for PK. Baseline = the latest sample dated on or before Day 0, however
  long before; it is BLQ when every sample of its day is.
- The curve starts at Day 0 at the baseline value (the Day 0 sample, or the latest
  before it carried to Day 0); without a baseline neither fold change nor AUC is
  computed. The peak is still reported.
- When every value from Day 0 to Day 28 is 0 (BLQ), the peak is 0 and has no day.
- Worst CRS grade: the highest ASTCT grade of any CRS recorded up to the as-of date,
  as in the CRS/ICANS distribution.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np

from ltfu.analysis._json import JsonRecord
from ltfu.analysis.cohort import Cohort, SubjectAsOf
from ltfu.analysis.pk import (
    AUC_END_DAY,
    Daily,
    DailyColumns,
    auc_to,
    daily,
    describe,
    first_peaks,
    or_none,
    packed_daily_columns,
    segment_aucs,
)
from ltfu.analysis.records import dose_level_sort_key
from ltfu.analysis.safety import worst_grade
from ltfu.rows import PdSummary
from ltfu.vocabulary import ANALYTE, PD_ANALYTES

NO_BASELINE = "no_baseline"
"""No sample on or before Day 0."""
BASELINE_BLQ = "baseline_blq"
"""The baseline is below the limit of quantification (or 0): no ratio."""
NO_SAMPLE_DAY_0_28 = "no_sample_day_0_28"
"""No sample from Day 0 to Day 28: no peak."""
NO_DAY_28 = "no_day_28"
"""No sample on or after Day 28: no AUC."""
NOT_COMPUTED = (NO_BASELINE, BASELINE_BLQ, NO_SAMPLE_DAY_0_28, NO_DAY_28)
"""Every reason code, in the order a report lists them."""


@dataclass(frozen=True, slots=True)
class PdParameters(JsonRecord):
    """One subject's response of one analyte. Days are study days (Day 0 = infusion);
    `auc_0_28` is in the analyte's unit x day."""

    subject_id: str
    dose_level: str
    analyte: str
    worst_crs_grade: int  # 0 = no CRS
    n_samples: int  # from Day 0 to Day 28
    baseline: float | None
    baseline_day: int | None  # <= 0
    baseline_blq: bool
    peak: float | None
    peak_day: int | None
    fold_change: float | None
    fold_change_reason: str | None  # a `NOT_COMPUTED` code when `fold_change` is None
    auc_0_28: float | None
    auc_reason: str | None  # a `NOT_COMPUTED` code when `auc_0_28` is None


def pd_parameters(
    view: SubjectAsOf,
    analyte: str,
    *,
    end_day: int = AUC_END_DAY,
    worst_crs_grade: int | None = None,
    samples: Daily | None = None,
) -> PdParameters:
    """One subject's PD values of `analyte` (`worst_crs_grade` and `samples`, its
    `daily(view, analyte)`: when the caller has them already)."""
    if samples is None:
        samples = daily(view, analyte)
    days, values = samples.days, samples.values
    at_or_before_0 = bisect_right(days, 0)
    baseline = baseline_day = None
    baseline_blq = False
    if at_or_before_0:
        i = at_or_before_0 - 1
        baseline, baseline_day, baseline_blq = values[i], days[i], samples.blq[i]
    first = bisect_right(days, -1)  # Day 0 on
    last = bisect_right(days, end_day)  # up to the end day
    window = values[first:last]
    peak = max(window) if window else None
    peak_day = days[first + window.index(peak)] if peak else None
    fold = auc = None
    fold_reason = auc_reason = None
    if baseline is None:
        fold_reason = auc_reason = NO_BASELINE
    else:
        if peak is None:
            fold_reason = NO_SAMPLE_DAY_0_28
        elif baseline_blq or baseline <= 0:
            fold_reason = BASELINE_BLQ
        else:
            fold = peak / baseline
        after = bisect_right(days, 0)
        auc = auc_to([0, *days[after:]], [baseline, *values[after:]], end_day)
        if auc is None:
            auc_reason = NO_DAY_28
    return PdParameters(
        subject_id=view.subject_id,
        dose_level=view.dose_level,
        analyte=analyte,
        worst_crs_grade=worst_grade(view, "crs") if worst_crs_grade is None else worst_crs_grade,
        n_samples=sum(samples.counts[first:last]),
        baseline=baseline,
        baseline_day=baseline_day,
        baseline_blq=baseline_blq,
        peak=peak,
        peak_day=peak_day,
        fold_change=fold,
        fold_change_reason=fold_reason,
        auc_0_28=auc,
        auc_reason=auc_reason,
    )


@dataclass(frozen=True, slots=True)
class PdAnalyte(JsonRecord):
    """One analyte: every subject with a sample of it, and the two summaries."""

    analyte: str
    unit: str
    subjects: tuple[PdParameters, ...]
    by_dose_level: tuple[PdSummary, ...]  # natural dose-level order
    by_crs_grade: tuple[PdSummary, ...]  # grade 0 (no CRS) up


@dataclass(frozen=True, slots=True)
class PdAnalysis(JsonRecord):
    end_day: int
    analytes: tuple[PdAnalyte, ...]  # every pharmacodynamic analyte, in vocabulary order

    def analyte(self, code: str) -> PdAnalyte | None:
        return next((a for a in self.analytes if a.analyte == code), None)


def _summaries(
    analyte: str, rows: Sequence[PdParameters]
) -> tuple[tuple[PdSummary, ...], tuple[PdSummary, ...]]:
    """The summaries by dose level (natural order) and by worst CRS grade (0 up): each
    value of every row read once, each group's values taken from those columns."""
    columns = []
    read = zip(*[(r.baseline, r.peak, r.peak_day, r.fold_change, r.auc_0_28) for r in rows], strict=True)
    for values in read:
        present = np.array([v is not None for v in values], dtype=bool)
        columns.append((np.array([v if v is not None else 0.0 for v in values], dtype=float), present))
    if not rows:
        columns = [(np.zeros(0), np.zeros(0, dtype=bool))] * 5
    levels: dict[str, list[int]] = {}
    grades: dict[int, list[int]] = {}
    for i, row in enumerate(rows):
        levels.setdefault(row.dose_level, []).append(i)
        grades.setdefault(row.worst_crs_grade, []).append(i)

    def summary(members: list[int], dose_level: str | None, crs_grade: int | None) -> PdSummary:
        at = np.array(members, dtype=np.int64)
        baseline, peak, peak_day, fold_change, auc = (
            describe(values[at][present[at]], geometric=False) for values, present in columns
        )
        return PdSummary(analyte, dose_level, crs_grade, len(members), baseline, peak, peak_day, fold_change, auc)

    return (
        tuple(summary(levels[level], level, None) for level in sorted(levels, key=dose_level_sort_key)),
        tuple(summary(grades[grade], None, grade) for grade in sorted(grades)),
    )


def pd_analysis(cohort: Cohort, analytes: Sequence[str] = PD_ANALYTES, *, end_day: int = AUC_END_DAY) -> PdAnalysis:
    """Per-subject parameters of every subject with at least one sample of the analyte,
    and per analyte the summaries by dose level and by worst CRS grade."""
    out = []
    views = cohort.subjects
    crs = [worst_grade(v, "crs") for v in views]
    for analyte in analytes:
        columns, plain = packed_daily_columns(views, analyte)
        found = dict(zip(columns.views, _packed_parameters(views, columns, analyte, end_day, crs), strict=True))
        for i in plain:
            found[i] = pd_parameters(views[i], analyte, end_day=end_day, worst_crs_grade=crs[i])
        rows = tuple(found[i] for i in sorted(found))
        by_dose_level, by_crs_grade = _summaries(analyte, rows)
        out.append(PdAnalyte(analyte, ANALYTE[analyte].unit, rows, by_dose_level, by_crs_grade))
    return PdAnalysis(end_day, tuple(out))


def _packed_parameters(
    views: Sequence[SubjectAsOf], columns: DailyColumns, analyte: str, end_day: int, crs: Sequence[int]
) -> list[PdParameters]:
    """`pd_parameters` of the views of `columns` (in their order), column by column over
    all of them: the same values, to the bit (the reference is `pd_parameters`)."""
    n = len(columns.views)
    if not n:
        return []
    owner, days, values, counts, blq = columns.owner, columns.days, columns.values, columns.counts, columns.blq
    starts = columns.starts
    at_or_before_0 = np.bincount(owner[days <= 0], minlength=n)
    first = starts + np.bincount(owner[days < 0], minlength=n)  # Day 0 on
    last = starts + np.bincount(owner[days <= end_day], minlength=n)  # up to the end day
    has_baseline = at_or_before_0 > 0
    at = np.where(has_baseline, starts + at_or_before_0 - 1, 0)
    baseline = np.where(has_baseline, values[at] if len(values) else 0.0, np.nan)
    # The peak: the highest value from Day 0 to the end day, its day the first with it.
    window = (days >= 0) & (days <= end_day)
    has_peak = last > first
    peak, peak_day = first_peaks(owner[window], values[window], days[window], n)
    total = np.concatenate(([0], np.cumsum(counts)))
    n_samples = total[last] - total[first]
    positive = has_baseline & ~np.where(has_baseline, blq[at] if len(blq) else False, False) & (baseline > 0)
    with np.errstate(over="ignore", invalid="ignore"):  # inf, as a Python division gives
        fold = np.where(has_peak & positive, peak / np.where(positive, baseline, 1.0), np.nan)
    # The curve: Day 0 at the baseline, then every value after Day 0.
    after = (days > 0) & has_baseline[owner]
    curve_owner = np.concatenate((np.flatnonzero(has_baseline), owner[after]))
    curve_days = np.concatenate((np.zeros(int(has_baseline.sum()), dtype=np.int64), days[after]))
    order = np.lexsort((curve_days, curve_owner))
    auc = segment_aucs(
        curve_owner[order], curve_days[order], np.concatenate((baseline[has_baseline], values[after]))[order], n, end_day
    )
    peaked = ~np.isnan(peak)
    fold_reason = np.full(n, None, dtype=object)
    fold_reason[has_baseline & ~peaked] = NO_SAMPLE_DAY_0_28
    fold_reason[has_baseline & peaked & np.isnan(fold)] = BASELINE_BLQ
    fold_reason[~has_baseline] = NO_BASELINE
    auc_reason = np.full(n, None, dtype=object)
    auc_reason[has_baseline & np.isnan(auc)] = NO_DAY_28
    auc_reason[~has_baseline] = NO_BASELINE
    subjects = [views[i] for i in columns.views]
    return list(
        map(
            PdParameters,
            [v.subject_id for v in subjects],
            [v.dose_level for v in subjects],
            repeat(analyte),
            [crs[i] for i in columns.views],
            n_samples.tolist(),
            or_none(baseline, has_baseline),
            or_none(days[at] if len(days) else at, has_baseline),
            (has_baseline & (blq[at] if len(blq) else False)).tolist(),
            or_none(peak, peaked),
            or_none(peak_day, peaked & (peak != 0)),
            or_none(fold, ~np.isnan(fold)),
            fold_reason.tolist(),
            or_none(auc, ~np.isnan(auc)),
            auc_reason.tolist(),
        )
    )
