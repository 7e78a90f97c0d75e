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

from ltfu.analysis._json import JsonDict, JsonRecord
from ltfu.analysis.cohort import Cohort, SubjectAsOf
from ltfu.analysis.records import PackedResults
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
    out = []
    for view in cohort.subjects:
        course = b_cell_course(view, b_cell_threshold=b_cell_threshold, igg_threshold=igg_threshold)
        if course is not None:
            out.append(course)
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
