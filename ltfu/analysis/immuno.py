"""Replication-competent lentivirus (RCL) and human anti-mouse antibody (HAMA).

DOMAIN.md section 5:
- RCL results are `negative`, `positive`, `indeterminate` or `archived`. A positive
  raises a blocking safety alert and keeps all later yearly samples tested. An
  all-negative first year (M3, M6, M12) lets later yearly samples default to archived.
- HAMA is baseline-relative (baseline = a result dated before the infusion):
  `pre-existing` (positive at baseline), `treatment-emergent` (negative at baseline,
  positive after), `negative`, `not evaluable`.

Choices where DOMAIN.md is silent:
- "All-negative first year" needs a negative result inside each of the M3, M6 and M12
  windows of the default protocol (study days 84-98, 169-197, 351-395; a parameter)
  and no positive or indeterminate result from Day 1 to the end of the M12 window.
  Anything less keeps later samples tested: the safe side.
- Every positive RCL result is an alert, whatever its date.
- HAMA: a positive baseline is pre-existing whatever follows; a negative baseline with
  no positive afterwards needs at least one negative afterwards to be `negative`;
  every other case (no baseline, only indeterminate or archived results, nothing
  after the infusion) is `not evaluable`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import numpy as np

from ltfu.analysis._json import JsonRecord
from ltfu.analysis.cohort import Cohort, SubjectAsOf
from ltfu.analysis.records import ResultNames, dose_level_sort_key, packed_columns
from ltfu.rows import RclAlert
from ltfu.vocabulary import RESULT_CATEGORIES

RCL_FIRST_YEAR_WINDOWS: tuple[tuple[str, int, int], ...] = (
    ("M3", 84, 98),
    ("M6", 169, 197),
    ("M12", 351, 395),
)
_TESTED = frozenset({"negative", "positive", "indeterminate"})


_KNOWN = frozenset(RESULT_CATEGORIES)


def _category(value: str | None) -> str | None:
    """The category in lower case (`Positive `, `POSITIVE` -> `positive`)."""
    if value in _KNOWN or value is None:
        return value
    return value.strip().casefold()


class RclStatus(StrEnum):
    POSITIVE = "positive"  # blocking alert; later samples tested
    FIRST_YEAR_NEGATIVE = "first_year_negative"  # later yearly samples archived
    FIRST_YEAR_IN_PROGRESS = "first_year_in_progress"
    FIRST_YEAR_INCOMPLETE = "first_year_incomplete"  # a test missing or not negative


@dataclass(frozen=True, slots=True)
class RclSubject(JsonRecord):
    subject_id: str
    dose_level: str
    n_tested: int
    n_archived: int
    positive_dates: tuple[date, ...]
    indeterminate_dates: tuple[date, ...]
    status: RclStatus
    later_samples: str  # "archived" or "tested"


@dataclass(frozen=True, slots=True)
class RclAnalysis(JsonRecord):
    first_year_windows: tuple[tuple[str, int, int], ...]
    subjects: tuple[RclSubject, ...]
    alerts: tuple[RclAlert, ...]
    counts: dict[str, int]  # subjects per status


ALERT_MESSAGE = (
    "Positive RCL result: blocking safety alert; confirmatory culture assay and "
    "expedited report; all later yearly samples are tested."
)


def rcl_subject(
    view: SubjectAsOf,
    as_of: date,
    windows: Sequence[tuple[str, int, int]] = RCL_FIRST_YEAR_WINDOWS,
) -> RclSubject:
    first_year_end = max(end for _, _, end in windows)
    positives: list[date] = []
    indeterminate: list[date] = []
    tested = archived = 0
    first_year_clean = True
    negative_days: list[int] = []
    day0 = view.day0
    for r in view.results.get("rcl", ()):
        category = _category(r.category)
        day = r.date.toordinal() - day0
        if category == "archived":
            archived += 1
            continue
        if category not in _TESTED:
            continue
        tested += 1
        if category == "positive":
            positives.append(r.date)
        elif category == "indeterminate":
            indeterminate.append(r.date)
        if 1 <= day <= first_year_end:
            if category == "negative":
                negative_days.append(day)
            else:
                first_year_clean = False
    covered = all(any(lo <= d <= hi for d in negative_days) for _, lo, hi in windows)
    if positives:
        status = RclStatus.POSITIVE
    elif first_year_clean and covered:
        status = RclStatus.FIRST_YEAR_NEGATIVE
    elif view.study_day(as_of) <= first_year_end:
        status = RclStatus.FIRST_YEAR_IN_PROGRESS
    else:
        status = RclStatus.FIRST_YEAR_INCOMPLETE
    return RclSubject(
        subject_id=view.subject_id,
        dose_level=view.dose_level,
        n_tested=tested,
        n_archived=archived,
        positive_dates=tuple(positives),
        indeterminate_dates=tuple(indeterminate),
        status=status,
        later_samples="archived" if status is RclStatus.FIRST_YEAR_NEGATIVE else "tested",
    )


def rcl_analysis(cohort: Cohort, *, windows: Sequence[tuple[str, int, int]] = RCL_FIRST_YEAR_WINDOWS) -> RclAnalysis:
    views = cohort.subjects
    subjects = _packed_rcl(views, cohort.as_of, windows)
    alerts = []
    for view, row in zip(views, subjects, strict=True):
        for when in row.positive_dates:
            alerts.append(RclAlert(view.subject_id, view.dose_level, when, view.study_day(when), ALERT_MESSAGE))
    alerts.sort(key=lambda a: (a.date, a.subject_id))
    counts = Counter(row.status.value for row in subjects)
    return RclAnalysis(
        first_year_windows=tuple(windows),
        subjects=tuple(subjects),
        alerts=tuple(alerts),
        counts={s.value: counts.get(s.value, 0) for s in RclStatus},
    )


def _packed_rcl(views: Sequence[SubjectAsOf], as_of: date, windows: Sequence[tuple[str, int, int]]) -> list[RclSubject]:
    """`rcl_subject` of every view, column by column over the packed results (those
    given as `Result`s one view at a time, by `rcl_subject`)."""
    n = len(views)
    columns = packed_columns([v.results.get("rcl") for v in views])
    owner, rows = columns.owner, columns.rows
    first_year_end = max(end for _, _, end in windows)
    day0 = np.array([v.day0 for v in views], dtype=np.int64)
    days = rows["day"].astype(np.int64) - day0[owner]
    category = _categories(columns.names)
    codes = rows["category"]
    archived = category["archived"][codes]
    positive, negative = category["positive"][codes], category["negative"][codes]
    indeterminate = category["indeterminate"][codes]
    tested = positive | negative | indeterminate
    first_year = tested & (days >= 1) & (days <= first_year_end)
    clean = np.bincount(owner[first_year & ~negative], minlength=n) == 0
    covered = np.ones(n, dtype=bool)
    for _, low, high in windows:
        covered &= np.bincount(owner[first_year & negative & (days >= low) & (days <= high)], minlength=n) > 0
    in_progress = (as_of.toordinal() - day0) <= first_year_end
    positives: dict[int, list[date]] = {}
    indeterminates: dict[int, list[date]] = {}
    if columns.names is not None:
        made = columns.names.days
        for found, flags in ((positives, positive), (indeterminates, indeterminate)):
            at = np.flatnonzero(flags)
            for k, day in zip(owner[at].tolist(), rows["day"][at].tolist(), strict=True):
                found.setdefault(k, []).append(made[day])
    plain = set(columns.plain)
    out = []
    for k, (view, n_tested, n_archived, first_year_clean, all_covered, early) in enumerate(
        zip(
            views,
            np.bincount(owner[tested], minlength=n).tolist(),
            np.bincount(owner[archived], minlength=n).tolist(),
            clean.tolist(),
            covered.tolist(),
            in_progress.tolist(),
            strict=True,
        )
    ):
        if k in plain:
            out.append(rcl_subject(view, as_of, windows))
            continue
        if k in positives:
            status = RclStatus.POSITIVE
        elif first_year_clean and all_covered:
            status = RclStatus.FIRST_YEAR_NEGATIVE
        elif early:
            status = RclStatus.FIRST_YEAR_IN_PROGRESS
        else:
            status = RclStatus.FIRST_YEAR_INCOMPLETE
        out.append(
            RclSubject(
                view.subject_id,
                view.dose_level,
                n_tested,
                n_archived,
                tuple(positives.get(k, ())),
                tuple(indeterminates.get(k, ())),
                status,
                "archived" if status is RclStatus.FIRST_YEAR_NEGATIVE else "tested",
            )
        )
    return out


def _categories(names: ResultNames | None) -> dict[str, np.ndarray]:
    """Per category name, which category codes of `names` stand for it (as `_category` reads them)."""
    read = [_category(c) for c in names.categories] if names is not None else []
    read += [None] * (256 - len(read))
    return {name: np.array([c == name for c in read]) for name in ("archived", "positive", "negative", "indeterminate")}


class HamaCategory(StrEnum):
    PRE_EXISTING = "pre-existing"
    TREATMENT_EMERGENT = "treatment-emergent"
    NEGATIVE = "negative"
    NOT_EVALUABLE = "not evaluable"


@dataclass(frozen=True, slots=True)
class HamaSubject(JsonRecord):
    subject_id: str
    dose_level: str
    category: HamaCategory
    baseline: str | None  # "positive", "negative" or None (no usable baseline)
    first_positive_after: date | None  # first positive on or after Day 0


def hama_category(view: SubjectAsOf) -> HamaSubject:
    baseline_positive = baseline_negative = False
    after_negative = False
    first_positive = None
    infusion = view.infusion_date
    for r in view.results.get("hama", ()):
        category = _category(r.category)
        if r.date < infusion:
            baseline_positive |= category == "positive"
            baseline_negative |= category == "negative"
        elif category == "positive":
            if first_positive is None:
                first_positive = r.date
        elif category == "negative":
            after_negative = True
    result, baseline = _hama_result(baseline_positive, baseline_negative, first_positive, after_negative)
    return HamaSubject(view.subject_id, view.dose_level, result, baseline, first_positive)


def _hama_result(
    baseline_positive: bool, baseline_negative: bool, first_positive: date | None, after_negative: bool
) -> tuple[HamaCategory, str | None]:
    """A subject's HAMA category and baseline result from what its samples showed."""
    if baseline_positive:
        return HamaCategory.PRE_EXISTING, "positive"
    if baseline_negative and first_positive is not None:
        return HamaCategory.TREATMENT_EMERGENT, "negative"
    if baseline_negative and after_negative:
        return HamaCategory.NEGATIVE, "negative"
    return HamaCategory.NOT_EVALUABLE, "negative" if baseline_negative else None


@dataclass(frozen=True, slots=True)
class HamaAnalysis(JsonRecord):
    subjects: tuple[HamaSubject, ...]
    counts: dict[str, int]
    by_dose_level: dict[str, dict[str, int]]


def _packed_hama(views: Sequence[SubjectAsOf]) -> list[HamaSubject]:
    """`hama_category` of every view, column by column over the packed results (those
    given as `Result`s one view at a time, by `hama_category`)."""
    n = len(views)
    columns = packed_columns([v.results.get("hama") for v in views])
    owner, rows = columns.owner, columns.rows
    day0 = np.array([v.day0 for v in views], dtype=np.int64)
    before = rows["day"] < day0[owner]  # a baseline: dated before the infusion
    category = _categories(columns.names)
    positive, negative = category["positive"][rows["category"]], category["negative"][rows["category"]]
    baseline_positive = np.bincount(owner[before & positive], minlength=n) > 0
    baseline_negative = np.bincount(owner[before & negative], minlength=n) > 0
    after_negative = np.bincount(owner[~before & negative], minlength=n) > 0
    first_positive: dict[int, date] = {}
    if columns.names is not None:
        at = np.flatnonzero(~before & positive)
        for k, day in zip(owner[at].tolist(), rows["day"][at].tolist(), strict=True):
            if k not in first_positive:
                first_positive[k] = columns.names.days[day]
    plain = set(columns.plain)
    out = []
    for k, (view, pre_existing, negative_before, negative_after) in enumerate(
        zip(views, baseline_positive.tolist(), baseline_negative.tolist(), after_negative.tolist(), strict=True)
    ):
        if k in plain:
            out.append(hama_category(view))
            continue
        first = first_positive.get(k)
        result, baseline = _hama_result(pre_existing, negative_before, first, negative_after)
        out.append(HamaSubject(view.subject_id, view.dose_level, result, baseline, first))
    return out


def hama_analysis(cohort: Cohort) -> HamaAnalysis:
    subjects = tuple(_packed_hama(cohort.subjects))
    counts = Counter(s.category.value for s in subjects)
    levels: dict[str, Counter[str]] = {}
    for s in subjects:
        levels.setdefault(s.dose_level, Counter())[s.category.value] += 1
    return HamaAnalysis(
        subjects=subjects,
        counts={c.value: counts.get(c.value, 0) for c in HamaCategory},
        by_dose_level={
            level: {c.value: levels[level].get(c.value, 0) for c in HamaCategory}
            for level in sorted(levels, key=dose_level_sort_key)
        },
    )
