"""The PI's dose-level safety review (USERS.md scene 10): the dose decision, CRS and
ICANS, and the expansion and cytokine curves of each dose level.

`dose_levels` computes the endpoints exactly as `ltfu endpoints` does
(`ltfu.services.endpoints`), and adds every subject's measured values of the CAR-T
and pharmacodynamic analytes with the median curve of each dose level. Codes and
numbers only; `dose_words` chooses the words of the decisions and the MTD in a
language, from the annual report's texts (the same sentences the report prints).

Choices where DOMAIN.md is silent:
- A curve is the subject's measured values, one per study day (replicates averaged,
  BLQ as 0), before and after Day 0. The median curve of a level is, at each protocol
  visit planning the analyte's assessment, the median of the subjects' first value in
  the visit's window, drawn at the visit's nominal day (the annual report's rule).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from ltfu.analysis import Cohort, Endpoints
from ltfu.analysis.memory import collector_paused
from ltfu.analysis.pk import dailies, visit_medians
from ltfu.reports.annual import load_annual_texts, mtd_text
from ltfu.services.annual_report import assessment_visits, decision_term
from ltfu.services.database import Database
from ltfu.services.endpoints import compute_with_records
from ltfu.vocabulary import ANALYTE, PD_ANALYTES

CURVE_ANALYTES = ("car_copies", *PD_ANALYTES)
"""The analytes the page draws: CAR-T expansion, then the pharmacodynamic markers."""
PERMISSION = "review_safety"


@dataclass(frozen=True)
class SubjectCurve:
    subject_id: str
    dose_level: str
    days: tuple[int, ...]
    """Study days (Day 0 = infusion)."""
    values: tuple[float, ...]
    """0 = below the limit of quantification."""


@dataclass(frozen=True)
class MedianCurve:
    dose_level: str
    days: tuple[float, ...]
    """Nominal study days of the visits."""
    values: tuple[float, ...]


@dataclass(frozen=True)
class AnalyteCurves:
    analyte: str
    unit: str
    subjects: tuple[SubjectCurve, ...]
    """Every subject with a value, in subject order."""
    medians: tuple[MedianCurve, ...]
    """Per dose level with values, in dose order."""

    def of_level(self, dose_level: str) -> tuple[tuple[SubjectCurve, ...], MedianCurve | None]:
        """The level's subjects' curves and its median curve (None: no value at any visit)."""
        subjects = tuple(c for c in self.subjects if c.dose_level == dose_level)
        return subjects, next((m for m in self.medians if m.dose_level == dose_level), None)


@dataclass(frozen=True)
class DoseLevels:
    """What the dose-level page shows: the endpoints of `ltfu endpoints` as of `as_of`
    (`endpoints.dlt`, `crs_icans`, `crs_timing`, `pd`) and the curves."""

    as_of: dt.date
    endpoints: Endpoints
    curves: tuple[AnalyteCurves, ...]
    """One per `CURVE_ANALYTES` entry."""

    @property
    def dose_levels(self) -> tuple[str, ...]:
        return tuple(d.dose_level for d in self.endpoints.dlt.dose_levels)

    def curves_of(self, analyte: str) -> AnalyteCurves:
        return next(c for c in self.curves if c.analyte == analyte)


@dataclass(frozen=True)
class DoseWords:
    """The dose decision in words of one language: per level, per history step (in
    order), and the MTD line."""

    decisions: dict[str, str]
    steps: tuple[str, ...]
    mtd: str


def dose_levels(db: Database, as_of: dt.date, study: str | None = None) -> DoseLevels:
    """The dose-level review of `study` (None: the only one) as of `as_of` (needs the
    `review_safety` right)."""
    db.require(PERMISSION)
    records, endpoints, protocol = compute_with_records(db, as_of, study)
    with collector_paused():
        # Only the charted samples matter here: the cohort of stripped records builds fast.
        stripped = [
            dataclasses.replace(
                r,
                events=(),
                adverse_events=(),
                alive_dates=(),
                results=tuple(x for x in r.results if x.analyte in CURVE_ANALYTES),
            )
            for r in records
            if r.infusion_date <= as_of
        ]
        del records
        cohort = Cohort.build(stripped, as_of)
        curves = []
        for analyte in CURVE_ANALYTES:
            subjects = []
            for view, samples in zip(cohort.subjects, dailies(cohort.subjects, analyte), strict=True):
                if samples is not None and samples.days:
                    subjects.append(
                        SubjectCurve(view.subject_id, view.dose_level, tuple(samples.days), tuple(samples.values))
                    )
            medians = visit_medians(
                ((c.dose_level, c.days, c.values) for c in subjects),
                assessment_visits(protocol, ANALYTE[analyte].assessment),
            )
            curves.append(
                AnalyteCurves(
                    analyte=analyte,
                    unit=ANALYTE[analyte].unit,
                    subjects=tuple(subjects),
                    medians=tuple(
                        MedianCurve(level, tuple(d for d, _ in points), tuple(v for _, v in points))
                        for level in endpoints.infused_by_dose_level
                        if (points := medians.get(level))
                    ),
                )
            )
    return DoseLevels(as_of, endpoints, tuple(curves))


def dose_words(endpoints: Endpoints, language: str) -> DoseWords:
    """The decisions and the MTD line in `language` (`ltfu.vocabulary.LANGUAGES`), the
    sentences of the annual report."""
    texts = load_annual_texts(language=language)
    dose = endpoints.dlt.dose
    boin = dose.boundaries is not None
    return DoseWords(
        decisions={
            d.dose_level: texts.term(
                decision_term(d.decision, boin, d.dose_finding.n_dose_finding_dlt, d.dose_finding.n_dose_finding)
            )
            for d in endpoints.dlt.dose_levels
        },
        steps=tuple(texts.term(decision_term(c.decision, boin, c.level_dlt, c.level_n)) for c in dose.history),
        mtd=mtd_text(texts, dose.mtd, dose.mtd_status.value, boin, dose.design.max_per_dose),
    )
