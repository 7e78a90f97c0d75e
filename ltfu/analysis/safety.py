"""Safety: DLTs with the dose decision, CRS/ICANS grades, adverse-event summaries.

DOMAIN.md section 5. The dose decision itself (3+3 or BOIN in infusion order, the
history, the expansion cohorts, the MTD) is `ltfu.analysis.dose_finding`; this module
decides each subject's DLT status. CRS and ICANS carry ASTCT 2019 grades 1-4
(5 = death); other AEs CTCAE v5 grades 1-5.

Choices where DOMAIN.md is silent:
- A DLT is an adverse event flagged `dlt` with onset on Day 0 to Day 28.
- DLT-evaluable: a subject with a DLT, or one whose Day 28 is on or before the as-of
  date. A subject who died, was lost to follow-up or withdrew (any scope but
  `treatment`) before Day 28 without a DLT is not evaluable; one still inside the
  window is pending.
- CRS onset and duration: each subject's first CRS with onset on or after Day 0;
  duration = resolution date - onset date in days, over the CRS resolved by the as-of
  date (the unresolved are counted apart).
- AE summaries count every adverse event recorded up to the as-of date, including
  those during lymphodepletion; "delayed" = onset after Day 28.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from ltfu.analysis._json import JsonRecord
from ltfu.analysis.cohort import Cohort, SubjectAsOf
from ltfu.analysis.dose_finding import Decision, DltStatus, DltSubject, DoseDecision, LevelDecision, decide_dose
from ltfu.analysis.pk import describe
from ltfu.analysis.records import dose_level_sort_key
from ltfu.rows import Death, DelayedAe, Descriptive, TermCount
from ltfu.vocabulary import THREE_PLUS_THREE, DoseFindingDesign

DLT_WINDOW_DAYS = 28
DELAYED_AFTER_DAY = 28


@dataclass(frozen=True, slots=True)
class DoseLevelDlt(JsonRecord):
    """A dose level's DLT counts over every treated subject, and its dose decision
    (`ltfu.analysis.dose_finding`: which subjects are dose-finding, the expansion)."""

    dose_level: str
    n_treated: int
    n_evaluable: int
    n_pending: int  # still inside the DLT window
    n_not_evaluable: int
    n_dlt: int  # evaluable subjects with at least one DLT
    dlt_subjects: tuple[str, ...]
    decision: Decision
    dose_finding: LevelDecision


@dataclass(frozen=True, slots=True)
class DltAnalysis(JsonRecord):
    window_days: int
    dose_levels: tuple[DoseLevelDlt, ...]  # natural dose-level order
    mtd: str | None
    dose: DoseDecision


def _dlt_status(view: SubjectAsOf, window_days: int, as_of: date) -> DltStatus:
    for ae in view.adverse_events:
        if ae.dlt and 0 <= view.study_day(ae.onset) <= window_days:
            return DltStatus.DLT
    for kind in ("death", "lost_to_follow_up", "withdrawal"):
        for event in view.events.get(kind, ()):
            if kind == "withdrawal" and event.detail.strip().casefold() == "treatment":
                continue
            if view.study_day(event.date) < window_days:
                return DltStatus.NOT_EVALUABLE
    if view.day0 + window_days <= as_of.toordinal():
        return DltStatus.EVALUABLE
    return DltStatus.PENDING


def dlt_analysis(
    cohort: Cohort, *, window_days: int = DLT_WINDOW_DAYS, design: DoseFindingDesign = THREE_PLUS_THREE
) -> DltAnalysis:
    subjects = [
        DltSubject(view.subject_id, view.dose_level, view.infusion_date, _dlt_status(view, window_days, cohort.as_of))
        for view in cohort.subjects
    ]
    dose = decide_dose(subjects, design)
    levels = []
    for row in dose.levels:
        statuses = [s.status for s in subjects if s.dose_level == row.dose_level]
        counts = Counter(statuses)
        levels.append(
            DoseLevelDlt(
                dose_level=row.dose_level,
                n_treated=len(statuses),
                n_evaluable=counts[DltStatus.DLT] + counts[DltStatus.EVALUABLE],
                n_pending=counts[DltStatus.PENDING],
                n_not_evaluable=counts[DltStatus.NOT_EVALUABLE],
                n_dlt=counts[DltStatus.DLT],
                dlt_subjects=tuple(
                    s.subject_id for s in subjects if s.dose_level == row.dose_level and s.status is DltStatus.DLT
                ),
                decision=row.decision,
                dose_finding=row,
            )
        )
    return DltAnalysis(window_days, tuple(levels), dose.mtd, dose)


@dataclass(frozen=True, slots=True)
class GradeDistribution(JsonRecord):
    """Subjects by their worst CRS and worst ICANS grade (0 = none) at a dose level
    (`dose_level` "all" for the whole cohort)."""

    dose_level: str
    n_subjects: int
    crs: dict[int, int]
    icans: dict[int, int]


def worst_grade(view: SubjectAsOf, kind: str) -> int:
    """The highest grade of the subject's adverse events of `kind` (0 = none)."""
    worst = 0
    for ae in view.adverse_events:
        if ae.kind == kind and ae.grade > worst:
            worst = ae.grade
    return worst


def crs_icans_distribution(cohort: Cohort) -> tuple[GradeDistribution, ...]:
    """Per dose level (natural order), then "all"."""
    worst: dict[str, list[tuple[int, int]]] = {}
    for view in cohort.subjects:
        worst.setdefault(view.dose_level, []).append((worst_grade(view, "crs"), worst_grade(view, "icans")))

    def row(level: str, pairs: list[tuple[int, int]]) -> GradeDistribution:
        crs = Counter(c for c, _ in pairs)
        icans = Counter(i for _, i in pairs)
        return GradeDistribution(
            level,
            len(pairs),
            {g: crs.get(g, 0) for g in range(6)},
            {g: icans.get(g, 0) for g in range(6)},
        )

    out = [row(level, worst[level]) for level in sorted(worst, key=dose_level_sort_key)]
    out.append(row("all", [pair for pairs in worst.values() for pair in pairs]))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class CrsTiming(JsonRecord):
    """When CRS began (study day) and how long it lasted (days), per dose level ("all"
    for the whole cohort): median and range over the subjects with CRS; `duration` over
    those whose CRS had resolved by the as-of date."""

    dose_level: str
    n_subjects: int
    n_crs: int
    onset_day: Descriptive
    duration_days: Descriptive
    n_unresolved: int


def _first_crs(view: SubjectAsOf, as_of: date) -> tuple[int, int | None] | None:
    """(onset study day, duration in days or None while unresolved) of the subject's
    first CRS on or after Day 0 (None: no CRS)."""
    for ae in view.adverse_events:  # in onset order
        day = view.study_day(ae.onset)
        if ae.kind == "crs" and day >= 0:
            resolved = ae.resolved if ae.resolved is not None and ae.resolved <= as_of else None
            return day, None if resolved is None else (resolved - ae.onset).days
    return None


def crs_timing(cohort: Cohort) -> tuple[CrsTiming, ...]:
    """Per dose level (natural order), then "all": onset and duration of each subject's
    first CRS after the infusion."""
    by_level: dict[str, list[tuple[int, int | None] | None]] = {}
    for view in cohort.subjects:
        by_level.setdefault(view.dose_level, []).append(_first_crs(view, cohort.as_of))

    def row(level: str, firsts: list[tuple[int, int | None] | None]) -> CrsTiming:
        crs = [f for f in firsts if f is not None]
        durations = [d for _, d in crs if d is not None]
        return CrsTiming(
            dose_level=level,
            n_subjects=len(firsts),
            n_crs=len(crs),
            onset_day=describe([day for day, _ in crs], geometric=False),
            duration_days=describe(durations, geometric=False),
            n_unresolved=len(crs) - len(durations),
        )

    out = [row(level, by_level[level]) for level in sorted(by_level, key=dose_level_sort_key)]
    out.append(row("all", [f for firsts in by_level.values() for f in firsts]))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class AeSummary(JsonRecord):
    """Adverse-event counts; `subjects_by_worst_grade` counts each subject once, at
    their worst grade (0 = no AE)."""

    n_subjects: int
    n_events: int
    n_subjects_with_ae: int
    events_by_grade: dict[int, int]
    subjects_by_worst_grade: dict[int, int]
    serious_events: int
    serious_subjects: int
    related_events: int
    most_frequent: tuple[TermCount, ...]
    serious_terms: tuple[TermCount, ...]
    delayed_after_day: int
    delayed_special_interest: tuple[DelayedAe, ...]
    delayed_by_category: tuple[TermCount, ...]
    deaths: tuple[Death, ...]


def _term_counts(subjects: dict[str, set[str]], events: Counter[str], top: int | None) -> tuple[TermCount, ...]:
    rows = sorted(
        (TermCount(term, len(subjects[term]), events[term]) for term in events),
        key=lambda r: (-r.subjects, -r.events, r.term.casefold()),
    )
    return tuple(rows[:top] if top is not None else rows)


def ae_summary(cohort: Cohort, *, top_terms: int = 10, delayed_after_day: int = DELAYED_AFTER_DAY) -> AeSummary:
    events_by_grade: Counter[int] = Counter()
    worst_by_subject: Counter[int] = Counter()
    term_events: Counter[str] = Counter()
    term_subjects: dict[str, set[str]] = {}
    serious_events: Counter[str] = Counter()
    serious_subjects: dict[str, set[str]] = {}
    category_events: Counter[str] = Counter()
    category_subjects: dict[str, set[str]] = {}
    delayed = []
    deaths = []
    n_events = related = with_ae = 0
    for view in cohort.subjects:
        sid = view.subject_id
        worst = 0
        for ae in view.adverse_events:
            n_events += 1
            events_by_grade[ae.grade] += 1
            worst = max(worst, ae.grade)
            term_events[ae.term] += 1
            term_subjects.setdefault(ae.term, set()).add(sid)
            related += ae.related
            if ae.serious:
                serious_events[ae.term] += 1
                serious_subjects.setdefault(ae.term, set()).add(sid)
            if ae.special_interest:
                day = view.study_day(ae.onset)
                if day > delayed_after_day:
                    delayed.append(
                        DelayedAe(
                            sid,
                            view.dose_level,
                            ae.onset,
                            day,
                            ae.term,
                            ae.grade,
                            ae.special_interest,
                            ae.serious,
                            ae.resolved,
                        )
                    )
                    category_events[ae.special_interest] += 1
                    category_subjects.setdefault(ae.special_interest, set()).add(sid)
        worst_by_subject[worst] += 1
        with_ae += bool(view.adverse_events)
        if view.death is not None:
            deaths.append(
                Death(sid, view.dose_level, view.death.date, view.study_day(view.death.date), view.death.detail)
            )
    delayed.sort(key=lambda d: (d.onset, d.subject_id))
    deaths.sort(key=lambda d: (d.date, d.subject_id))
    return AeSummary(
        n_subjects=len(cohort.subjects),
        n_events=n_events,
        n_subjects_with_ae=with_ae,
        events_by_grade={g: events_by_grade.get(g, 0) for g in range(1, 6)},
        subjects_by_worst_grade={g: worst_by_subject.get(g, 0) for g in range(6)},
        serious_events=sum(serious_events.values()),
        serious_subjects=len(set().union(*serious_subjects.values())) if serious_subjects else 0,
        related_events=related,
        most_frequent=_term_counts(term_subjects, term_events, top_terms),
        serious_terms=_term_counts(serious_subjects, serious_events, None),
        delayed_after_day=delayed_after_day,
        delayed_special_interest=tuple(delayed),
        delayed_by_category=_term_counts(category_subjects, category_events, None),
        deaths=tuple(deaths),
    )
