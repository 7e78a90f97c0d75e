"""Every endpoint of DOMAIN.md section 5 in one call, as one frozen result."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from ltfu.analysis._json import JsonDict, jsonable
from ltfu.analysis.bcell import BCellAnalysis, b_cell_analysis
from ltfu.analysis.cohort import Cohort
from ltfu.analysis.immuno import HamaAnalysis, RclAnalysis, hama_analysis, rcl_analysis
from ltfu.analysis.memory import collector_paused
from ltfu.analysis.pd import PdAnalysis, pd_analysis
from ltfu.analysis.pk import PkAnalysis, pk_analysis
from ltfu.analysis.records import SubjectRecord, dose_level_sort_key
from ltfu.analysis.response import OrrAt3Months, RelapseSummary, orr_at_3_months, relapse_summary
from ltfu.analysis.safety import (
    DLT_WINDOW_DAYS,
    AeSummary,
    CrsTiming,
    DltAnalysis,
    GradeDistribution,
    ae_summary,
    crs_icans_distribution,
    crs_timing,
    dlt_analysis,
)
from ltfu.analysis.survival import (
    DEFAULT_AT_RISK_DAYS,
    DEFAULT_LANDMARK_DAYS,
    TimeToEvent,
    duration_of_response,
    overall_survival,
    progression_free_survival,
)
from ltfu.rows import DataProblem
from ltfu.vocabulary import THREE_PLUS_THREE, DoseFindingDesign


@dataclass(frozen=True, slots=True)
class Endpoints:
    """All endpoints as of a date; `to_dict()` is JSON-ready (ISO dates, no NaN)."""

    as_of: date
    n_records: int  # every subject record given
    infused_by_dose_level: dict[str, int]  # infused on or before the as-of date
    b_cell_threshold: float
    igg_threshold: float
    at_risk_days: tuple[float, ...]
    landmark_days: tuple[float, ...]
    os: TimeToEvent
    pfs: TimeToEvent
    pfs_sensitivity: TimeToEvent
    dor: TimeToEvent
    orr: OrrAt3Months
    relapses: RelapseSummary
    pk: PkAnalysis
    pd: PdAnalysis
    b_cells: BCellAnalysis
    dlt: DltAnalysis
    crs_icans: tuple[GradeDistribution, ...]
    crs_timing: tuple[CrsTiming, ...]
    adverse_events: AeSummary
    rcl: RclAnalysis
    hama: HamaAnalysis
    data_problems: tuple[DataProblem, ...] = ()
    """Stored values left out of every analysis, each with its reason."""

    @property
    def n_infused(self) -> int:
        return sum(self.infused_by_dose_level.values())

    def to_dict(self) -> JsonDict:
        with collector_paused():
            return self._to_dict()

    def _to_dict(self) -> JsonDict:
        return {
            "as_of": self.as_of.isoformat(),
            "subjects": {
                "records": self.n_records,
                "infused": self.n_infused,
                "infused_by_dose_level": dict(self.infused_by_dose_level),
            },
            "settings": {
                "b_cell_threshold": self.b_cell_threshold,
                "igg_threshold": self.igg_threshold,
                "at_risk_days": jsonable(self.at_risk_days),
                "landmark_days": jsonable(self.landmark_days),
            },
            "efficacy": {
                "os": self.os.to_dict(),
                "pfs": self.pfs.to_dict(),
                "pfs_sensitivity": self.pfs_sensitivity.to_dict(),
                "dor": self.dor.to_dict(),
                "orr_3_months": self.orr.to_dict(),
                "relapses": self.relapses.to_dict(),
            },
            "pk": self.pk.to_dict(),
            "pd": self.pd.to_dict(),
            "b_cells": self.b_cells.to_dict(),
            "safety": {
                "dlt": self.dlt.to_dict(),
                "crs_icans": jsonable(self.crs_icans),
                "crs_timing": jsonable(self.crs_timing),
                "adverse_events": self.adverse_events.to_dict(),
            },
            "immunogenicity": {
                "rcl": self.rcl.to_dict(),
                "hama": self.hama.to_dict(),
            },
            "data_problems": [p.to_dict() for p in self.data_problems],
        }


def compute_endpoints(
    subjects: Iterable[SubjectRecord] | Cohort,
    as_of: date,
    *,
    b_cell_threshold: float = 100.0,
    igg_threshold: float = 4.0,
    at_risk_days: Sequence[float] = DEFAULT_AT_RISK_DAYS,
    landmark_days: Sequence[float] = DEFAULT_LANDMARK_DAYS,
    dlt_window_days: int = DLT_WINDOW_DAYS,
    dose_design: DoseFindingDesign = THREE_PLUS_THREE,
    data_problems: Iterable[DataProblem] = (),
) -> Endpoints:
    """Compute every endpoint from the records dated on or before `as_of`.

    `subjects`: the subject records, or the `Cohort` built from them on `as_of` (by a
    caller that reads the cohort too). Subjects infused after `as_of` count in
    `n_records` only. `data_problems`: the
    values the caller set aside as impossible to analyse (the service checks every
    stored value against its plausible range); carried through to be listed.
    """
    with collector_paused():
        endpoints = _compute(
            subjects,
            as_of,
            b_cell_threshold=b_cell_threshold,
            igg_threshold=igg_threshold,
            at_risk_days=at_risk_days,
            landmark_days=landmark_days,
            dlt_window_days=dlt_window_days,
            dose_design=dose_design,
        )
        problems = tuple(sorted(data_problems, key=lambda p: (p.subject_id, p.date or date.min, p.what)))
        return replace(endpoints, data_problems=problems) if problems else endpoints


def _compute(
    subjects: Iterable[SubjectRecord] | Cohort,
    as_of: date,
    *,
    b_cell_threshold: float,
    igg_threshold: float,
    at_risk_days: Sequence[float],
    landmark_days: Sequence[float],
    dlt_window_days: int,
    dose_design: DoseFindingDesign,
) -> Endpoints:
    if isinstance(subjects, Cohort):
        if subjects.as_of != as_of:
            raise ValueError(f"a cohort of {subjects.as_of} given for endpoints as of {as_of}")
        cohort = subjects
    else:
        cohort = Cohort.build(subjects, as_of)
    at_risk = tuple(at_risk_days)
    landmarks = tuple(landmark_days)
    levels = Counter(view.dose_level for view in cohort.subjects)
    return Endpoints(
        as_of=as_of,
        n_records=cohort.n_records,
        infused_by_dose_level={level: levels[level] for level in sorted(levels, key=dose_level_sort_key)},
        b_cell_threshold=b_cell_threshold,
        igg_threshold=igg_threshold,
        at_risk_days=at_risk,
        landmark_days=landmarks,
        os=overall_survival(cohort, at_risk_days=at_risk, landmark_days=landmarks),
        pfs=progression_free_survival(cohort, at_risk_days=at_risk, landmark_days=landmarks),
        pfs_sensitivity=progression_free_survival(
            cohort, censor_at_new_therapy=True, at_risk_days=at_risk, landmark_days=landmarks
        ),
        dor=duration_of_response(cohort, at_risk_days=at_risk, landmark_days=landmarks),
        orr=orr_at_3_months(cohort),
        relapses=relapse_summary(cohort),
        pk=pk_analysis(cohort),
        pd=pd_analysis(cohort),
        b_cells=b_cell_analysis(
            cohort,
            b_cell_threshold=b_cell_threshold,
            igg_threshold=igg_threshold,
            at_risk_days=at_risk,
            landmark_days=landmarks,
        ),
        dlt=dlt_analysis(cohort, window_days=dlt_window_days, design=dose_design),
        crs_icans=crs_icans_distribution(cohort),
        crs_timing=crs_timing(cohort),
        adverse_events=ae_summary(cohort),
        rcl=rcl_analysis(cohort),
        hama=hama_analysis(cohort),
    )
