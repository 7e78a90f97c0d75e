"""Rows the endpoint analysis produces and the printed reports list as they are.

`ltfu.analysis` and `ltfu.reports` may not import each other; both import these, so
each row is declared once and the services hand the analysis's rows straight to the
report's content. Pure data: no words (the renderer chooses them), no database, and
nothing of ltfu imported. Positional order is the analysis's and the JSON's
(`ltfu endpoints --json` names every field).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple


@dataclass(frozen=True, slots=True)
class TermCount:
    """An adverse-event term (or special-interest category) with the subjects who had
    it and its events."""

    term: str
    subjects: int
    events: int


@dataclass(frozen=True, slots=True)
class SubjectDay:
    """The columns a listing of dated subject events opens with: who, at which dose
    level, when, and on which study day (Day 0 = infusion)."""

    subject_id: str
    dose_level: str
    date: date
    study_day: int


@dataclass(frozen=True, slots=True)
class Death(SubjectDay):
    cause: str


@dataclass(frozen=True, slots=True)
class RclAlert(SubjectDay):
    """A positive RCL result: blocking; confirmatory culture assay, expedited report."""

    message: str


@dataclass(frozen=True, slots=True)
class Relapse(SubjectDay):
    cd19: str | None
    """`positive`, `dim`, `negative`, or None (not recorded); likewise `cd22`."""
    cd22: str | None
    lineage_switch: bool
    detail: str


@dataclass(frozen=True, slots=True)
class DelayedAe:
    """An adverse event of special interest with onset after the delayed-AE day."""

    subject_id: str
    dose_level: str
    onset: date
    study_day: int
    term: str
    grade: int
    category: str
    serious: bool
    resolved: date | None


@dataclass(frozen=True, slots=True)
class ResponseRate:
    """Responders among evaluable subjects, with an exact CI (None when n = 0);
    `label` the dose level, or "all"."""

    label: str
    responders: int
    evaluable: int
    rate: float | None
    lower: float | None
    upper: float | None
    mrd_negative: int


@dataclass(frozen=True, slots=True)
class Descriptive:
    """n, geometric mean and geometric CV% (values > 0), median and range (all)."""

    n: int
    n_geometric: int
    geometric_mean: float | None
    geometric_cv_percent: float | None
    median: float | None
    minimum: float | None
    maximum: float | None


@dataclass(frozen=True, slots=True)
class PdSummary:
    """Median and range (`Descriptive`, geometric fields unused) of a group of subjects:
    a dose level (`dose_level` set) or a worst CRS grade (`crs_grade` set)."""

    analyte: str
    dose_level: str | None
    crs_grade: int | None
    n_subjects: int
    baseline: Descriptive
    peak: Descriptive
    peak_day: Descriptive
    fold_change: Descriptive
    auc_0_28: Descriptive


class DataProblem(NamedTuple):
    """A stored value that cannot be analysed (a count of 1e100, a negative count, an
    infusion in year 1): the analyses leave it out, and list it so someone corrects it."""

    subject_id: str
    date: date | None
    what: str  # e.g. "car_copies result", "infusion date"
    value: str  # as stored, in words
    reason: str

    def to_dict(self) -> dict[str, object]:
        return {
            "subject_id": self.subject_id,
            "date": None if self.date is None else self.date.isoformat(),
            "what": self.what,
            "value": self.value,
            "reason": self.reason,
        }

    def describe(self) -> str:
        when = f" of {self.date}" if self.date else ""
        return f"{self.subject_id}: {self.what}{when} {self.value}: {self.reason}"
