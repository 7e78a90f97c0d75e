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
