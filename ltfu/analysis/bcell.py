"""B-cell aplasia, B-cell recovery and low IgG.

DOMAIN.md section 5: a CD19+ B-cell count is aplastic when below the threshold
(default 100 cells/uL). B-cell recovery = the first of two consecutive non-aplastic
counts; its date is that first count's date. Time to B-cell recovery is a
Kaplan-Meier endpoint censored at the last aplastic count. IgG below the threshold
(default 4 g/L) flags replacement consideration.

Choices where DOMAIN.md is silent:
- Only counts after the infusion (study day >= 1) are read: a Day 0 count is taken
  before the cells are given. A BLQ count is 0 (aplastic); a count without a value
  is skipped.
- A subject with no aplastic count and no confirmed recovery (e.g. a single
  non-aplastic count) is censored at Day 0; a subject without any count is left out.
- Aplasia duration = days from Day 0 to recovery, or to the last aplastic count while
  aplasia lasts (then a lower bound).
- IgG is read from Day 0 on; `igg_low` is the latest IgG below the threshold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from ltfu.analysis._json import JsonDict, JsonRecord
from ltfu.analysis.cohort import Cohort, SubjectAsOf
from ltfu.analysis.records import PackedResults, packed_columns, run_ends, run_starts
from ltfu.analysis.survival import (
    DEFAULT_AT_RISK_DAYS,
    DEFAULT_LANDMARK_DAYS,
    SubjectTime,
    TimeToEvent,
    time_to_event,
)

B_CELL_RECOVERY_DEFINITION = (
    "Infusion to the first of two consecutive CD19+ B-cell counts at or above the "
    "threshold; censored at the last aplastic count."
)


@dataclass(frozen=True, slots=True)
class BCellCourse(JsonRecord):
    """One subject's B-cell and IgG course up to the as-of date."""

    subject_id: str
    dose_level: str
    n_counts: int
    ever_aplastic: bool
    recovered: bool
    recovery_date: date | None
    recovery_day: int | None
    last_aplastic_date: date | None
    aplasia_days: int | None  # to recovery, or to the last aplastic count (ongoing)
    igg_latest: float | None
    igg_latest_date: date | None
    igg_low: bool  # the latest IgG is below the threshold
    igg_low_dates: tuple[date, ...]


def recovery_index(counts: Sequence[float], threshold: float) -> int | None:
    """Index of the first of two consecutive counts >= threshold, or None."""
    for i in range(len(counts) - 1):
        if counts[i] >= threshold and counts[i + 1] >= threshold:
            return i
    return None


def _dated_values(view: SubjectAsOf, analyte: str) -> list[tuple[date, float | None]]:
    """(date, value: 0.0 when BLQ, None when missing) of each result of `analyte`."""
    samples = view.results.get(analyte, ())
    if isinstance(samples, PackedResults):
        return samples.dated_values()
    return [(r.date, 0.0 if r.blq else r.value) for r in samples]


def b_cell_course(
    view: SubjectAsOf, *, b_cell_threshold: float = 100.0, igg_threshold: float = 4.0
) -> BCellCourse | None:
    """The subject's course, or None when there is neither a B-cell count nor an IgG."""
    after = view.infusion_date
    dates: list[date] = []
    counts: list[float] = []
    for when, q in _dated_values(view, "cd19_b_cells"):
        if q is not None and when > after:
            dates.append(when)
            counts.append(q)

    igg_low_dates = []
    igg_latest = igg_latest_date = None
    for when, q in _dated_values(view, "igg"):
        if q is None or when < after:
            continue
        igg_latest, igg_latest_date = q, when
        if q < igg_threshold:
            igg_low_dates.append(when)

    if not counts and igg_latest is None:
        return None

    i = recovery_index(counts, b_cell_threshold)
    before = counts if i is None else counts[:i]
    last_aplastic = None
    for j in range(len(before) - 1, -1, -1):
        if before[j] < b_cell_threshold:
            last_aplastic = dates[j]
            break
    recovery_date = dates[i] if i is not None else None
    if recovery_date is not None:
        aplasia_days: int | None = view.study_day(recovery_date)
    elif last_aplastic is not None:
        aplasia_days = view.study_day(last_aplastic)
    else:
        aplasia_days = None
    return BCellCourse(
        subject_id=view.subject_id,
        dose_level=view.dose_level,
        n_counts=len(counts),
        ever_aplastic=any(c < b_cell_threshold for c in counts),
        recovered=recovery_date is not None,
        recovery_date=recovery_date,
        recovery_day=view.study_day(recovery_date) if recovery_date else None,
        last_aplastic_date=last_aplastic,
        aplasia_days=aplasia_days,
        igg_latest=igg_latest,
        igg_latest_date=igg_latest_date,
        igg_low=igg_latest is not None and igg_latest < igg_threshold,
        igg_low_dates=tuple(igg_low_dates),
    )


def b_cell_courses(cohort: Cohort, *, b_cell_threshold: float = 100.0, igg_threshold: float = 4.0) -> list[BCellCourse]:
    """`b_cell_course` of every subject that has one: column by column over the packed
    results (`b_cell_course`, the reference, for those given as `Result`s)."""
    views = cohort.subjects
    n = len(views)
    day0 = np.array([v.day0 for v in views], dtype=np.int64)
    counts = packed_columns([v.results.get("cd19_b_cells") for v in views])
    iggs = packed_columns([v.results.get("igg") for v in views])
    # Counts after the infusion with a value (BLQ as 0).
    owner, rows = counts.owner, counts.rows
    value = np.where(rows["blq"] != 0, 0.0, rows["value"])
    kept = ~np.isnan(value) & (rows["day"] > day0[owner])
    owner, value, day = owner[kept], value[kept], rows["day"][kept].astype(np.int64)
    n_counts = np.bincount(owner, minlength=n)
    high = value >= b_cell_threshold
    # Recovery: the first of two consecutive counts at or above the threshold.
    pair = np.flatnonzero(high[:-1] & high[1:] & (owner[:-1] == owner[1:]))
    recovery = np.full(n, -1, dtype=np.int64)
    first = run_starts(owner[pair])
    recovery[owner[pair][first]] = pair[first]
    ends = np.where(recovery >= 0, recovery, len(owner))  # counts before the recovery (all: none)
    aplastic = np.flatnonzero(~high & (np.arange(len(owner)) < ends[owner]))
    last_aplastic = np.full(n, -1, dtype=np.int64)
    last = run_ends(owner[aplastic])
    last_aplastic[owner[aplastic][last]] = aplastic[last]
    ever_aplastic = np.bincount(owner[~high], minlength=n) > 0
    # IgG from Day 0 on, with a value (BLQ as 0).
    igg_owner, igg_rows = iggs.owner, iggs.rows
    igg_value = np.where(igg_rows["blq"] != 0, 0.0, igg_rows["value"])
    kept = ~np.isnan(igg_value) & (igg_rows["day"] >= day0[igg_owner])
    igg_owner, igg_value, igg_day = igg_owner[kept], igg_value[kept], igg_rows["day"][kept].astype(np.int64)
    latest = np.full(n, -1, dtype=np.int64)
    last = run_ends(igg_owner)
    latest[igg_owner[last]] = last
    low_dates: dict[int, list[date]] = {}
    if iggs.names is not None:
        low = np.flatnonzero(igg_value < igg_threshold)
        made = iggs.names.days
        for k, ordinal in zip(igg_owner[low].tolist(), igg_day[low].tolist(), strict=True):
            low_dates.setdefault(k, []).append(made[ordinal])
    days = counts.names.days if counts.names is not None else iggs.names.days if iggs.names is not None else {}
    count_days = day.tolist()
    igg_days, igg_values = igg_day.tolist(), igg_value.tolist()
    plain = set(counts.plain) | set(iggs.plain)
    out = []
    for k, (view, n_k, i, j, aplastic_ever, m) in enumerate(
        zip(
            views,
            n_counts.tolist(),
            recovery.tolist(),
            last_aplastic.tolist(),
            ever_aplastic.tolist(),
            latest.tolist(),
            strict=True,
        )
    ):
        if k in plain:
            course = b_cell_course(view, b_cell_threshold=b_cell_threshold, igg_threshold=igg_threshold)
            if course is not None:
                out.append(course)
            continue
        if not n_k and m < 0:
            continue
        recovery_date = days[count_days[i]] if i >= 0 else None
        last_aplastic_date = days[count_days[j]] if j >= 0 else None
        igg_latest = igg_values[m] if m >= 0 else None
        on = view.day0
        aplasia_days = (
            count_days[i] - on if i >= 0 else count_days[j] - on if j >= 0 else None
        )
        out.append(
            BCellCourse(
                view.subject_id,
                view.dose_level,
                n_k,
                aplastic_ever,
                i >= 0,
                recovery_date,
                count_days[i] - on if i >= 0 else None,
                last_aplastic_date,
                aplasia_days,
                igg_latest,
                days[igg_days[m]] if m >= 0 else None,
                igg_latest is not None and igg_latest < igg_threshold,
                tuple(low_dates.get(k, ())),
            )
        )
    return out


def recovery_times(cohort: Cohort, courses: Sequence[BCellCourse]) -> list[SubjectTime]:
    """Time to B-cell recovery of the subjects with at least one count."""
    infusion = {view.subject_id: view.infusion_date for view in cohort.subjects}
    out = []
    for c in courses:
        if c.n_counts == 0:
            continue
        start = infusion[c.subject_id]
        if c.recovery_date is not None:
            end, event = c.recovery_date, True
        else:
            end, event = c.last_aplastic_date or start, False
        out.append(SubjectTime(c.subject_id, c.dose_level, start, end, (end - start).days, event))
    return out


@dataclass(frozen=True, slots=True)
class BCellAnalysis:
    b_cell_threshold: float
    igg_threshold: float
    subjects: tuple[BCellCourse, ...]
    recovery: TimeToEvent

    @property
    def igg_low_now(self) -> tuple[str, ...]:
        """Subjects whose latest IgG is below the threshold."""
        return tuple(c.subject_id for c in self.subjects if c.igg_low)

    def to_dict(self) -> JsonDict:
        return {
            "b_cell_threshold": self.b_cell_threshold,
            "igg_threshold": self.igg_threshold,
            "n_with_counts": sum(1 for c in self.subjects if c.n_counts),
            "n_recovered": sum(1 for c in self.subjects if c.recovered),
            "igg_low_now": list(self.igg_low_now),
            "recovery": self.recovery.to_dict(),
            "subjects": [c.to_dict() for c in self.subjects],
        }


def b_cell_analysis(
    cohort: Cohort,
    *,
    b_cell_threshold: float = 100.0,
    igg_threshold: float = 4.0,
    at_risk_days: Sequence[float] = DEFAULT_AT_RISK_DAYS,
    landmark_days: Sequence[float] = DEFAULT_LANDMARK_DAYS,
) -> BCellAnalysis:
    courses = b_cell_courses(cohort, b_cell_threshold=b_cell_threshold, igg_threshold=igg_threshold)
    recovery = time_to_event(
        "b_cell_recovery",
        B_CELL_RECOVERY_DEFINITION.replace("threshold", f"threshold ({b_cell_threshold:g} cells/uL)", 1),
        recovery_times(cohort, courses),
        at_risk_days=at_risk_days,
        landmark_days=landmark_days,
    )
    return BCellAnalysis(b_cell_threshold, igg_threshold, tuple(courses), recovery)
