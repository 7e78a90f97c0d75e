"""The dose decision: 3+3 or BOIN, applied in infusion order (DOMAIN.md section 5).

Pure: takes each treated subject's DLT status (`DltSubject`) and the protocol's design
(`ltfu.vocabulary.DoseFindingDesign`), returns codes and counts; words are chosen by
whoever prints them.

Choices where DOMAIN.md is silent:
- Infusion order is the infusion date, then the subject id (a stable tie-break for
  subjects infused on the same day).
- The dose-finding subjects of a level are its first `max_per_dose` subjects (6 for
  3+3) in infusion order that are not "not evaluable": a subject still inside the DLT
  window keeps their place, so the cohort waits for them; a not-evaluable subject is
  replaced by the next one. Every subject infused at the level after the last
  dose-finding subject belongs to the expansion cohort.
- The escalation history lists each cohort (3 dose-finding subjects of a level; BOIN:
  `cohort_size`) in the order of its first subject's infusion. A cohort's decision uses
  the level's subjects up to that cohort and the levels that had exceeded the MTD (BOIN:
  been eliminated) in the cohorts listed before it. The per-level decision uses
  everything known at the as-of date, so it can differ from the level's last step
  (a level that escalated becomes the MTD once the next level exceeds).
- 3+3: 0/3 just below a level that exceeded means "expand to 6" (the MTD needs six);
  <= 1/6 just below a level that exceeded is the MTD; any level above a level that
  exceeded is "stopped", whatever its own count.
- BOIN MTD: declared when no dose-finding subject is pending and the selected level has
  reached `max_per_dose` (the trial stops there); selection by isotonic
  regression of (DLTs + 0.05)/(n + 0.1) weighted by n over the levels treated below
  every eliminated level, the estimate closest to the target (Liu and Yuan 2015,
  as in their R package; ties go to the lower level when above the target).
- The expansion flag: the level's overall DLT rate (every evaluable subject) >= 33%.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import numpy as np

from ltfu.analysis._json import JsonRecord
from ltfu.analysis.records import dose_level_sort_key
from ltfu.analysis.response import clopper_pearson
from ltfu.vocabulary import THREE_PLUS_THREE, DoseFindingDesign

EXPANSION_FLAG_RATE = 0.33
"""DOMAIN.md 5: flag a level whose overall DLT rate reaches 33%."""
BOIN_ELIMINATION_PROBABILITY = 0.95
BOIN_ELIMINATION_MIN_TREATED = 3


class DltStatus(StrEnum):
    DLT = "dlt"
    EVALUABLE = "evaluable"  # Day 28 passed without a DLT
    NOT_EVALUABLE = "not_evaluable"
    PENDING = "pending"  # still inside the DLT window


class Decision(StrEnum):
    ENROLLING = "enrolling"  # fewer subjects than a full cohort
    PENDING = "pending"  # a subject of the cohort is still inside the DLT window
    ESCALATE = "escalate"
    EXPAND = "expand"  # 3+3: to 6 subjects
    EXCEEDS_MTD = "exceeds_mtd"  # 3+3: >= 2 DLTs among the dose-finding subjects
    MTD = "mtd"
    STOPPED = "stopped"  # a lower level exceeded the MTD (BOIN: was eliminated)
    STAY = "stay"  # BOIN
    DE_ESCALATE = "de_escalate"  # BOIN
    ELIMINATE = "eliminate"  # BOIN


class MtdStatus(StrEnum):
    DECLARED = "declared"
    OPEN = "open"  # escalation is not finished
    NONE_TOLERATED = "none_tolerated"  # the lowest level treated exceeds (is eliminated)


@dataclass(frozen=True, slots=True)
class DltSubject:
    """One treated subject as the dose decision sees them."""

    subject_id: str
    dose_level: str
    infusion_date: date
    status: DltStatus


@dataclass(frozen=True, slots=True)
class DoseCohort:
    """One step of the escalation history; `level_n`/`level_dlt` count the level's
    dose-finding subjects up to and including this cohort."""

    step: int
    dose_level: str
    number: int  # 1 = the level's first cohort
    subjects: tuple[str, ...]
    dlt_subjects: tuple[str, ...]
    n_pending: int
    level_n: int
    level_dlt: int
    decision: Decision


@dataclass(frozen=True, slots=True)
class Expansion:
    """Subjects treated at a level after its dose-finding subjects, and the level's
    overall DLT rate over every evaluable subject with its exact 95% CI."""

    subjects: tuple[str, ...]
    n_evaluable: int
    n_dlt: int
    dlt_subjects: tuple[str, ...]
    overall_evaluable: int
    overall_dlt: int
    rate: float | None
    lower: float | None
    upper: float | None
    flagged: bool  # overall rate >= EXPANSION_FLAG_RATE


@dataclass(frozen=True, slots=True)
class LevelDecision:
    dose_level: str
    dose_finding: tuple[str, ...]  # in infusion order
    n_dose_finding: int
    n_dose_finding_dlt: int
    n_dose_finding_pending: int
    decision: Decision
    expansion: Expansion | None


@dataclass(frozen=True, slots=True)
class BoinBoundary:
    """BOIN decisions for `n` treated: escalate with <= `escalate_at_most` DLTs,
    de-escalate with >= `de_escalate_at_least`, eliminate with >= `eliminate_at_least`
    (None: no count eliminates, or fewer than 3 treated)."""

    n: int
    escalate_at_most: int  # -1: never
    de_escalate_at_least: int
    eliminate_at_least: int | None


@dataclass(frozen=True, slots=True)
class BoinBoundaries(JsonRecord):
    target: float
    lambda_e: float
    lambda_d: float
    table: tuple[BoinBoundary, ...]


@dataclass(frozen=True, slots=True)
class DoseDecision(JsonRecord):
    """The dose decision of a trial: per level (natural order), the history in
    infusion order, and the MTD with its status."""

    design: DoseFindingDesign
    levels: tuple[LevelDecision, ...]
    history: tuple[DoseCohort, ...]
    mtd: str | None
    mtd_status: MtdStatus
    boundaries: BoinBoundaries | None  # BOIN only

    def level(self, dose_level: str) -> LevelDecision:
        return next(row for row in self.levels if row.dose_level == dose_level)


# -- BOIN boundaries -----------------------------------------------------------------


def boin_lambdas(target: float) -> tuple[float, float]:
    """(lambda_e, lambda_d) for the target DLT rate, phi1 = 0.6 phi, phi2 = 1.4 phi."""
    phi1, phi2 = 0.6 * target, 1.4 * target
    lambda_e = math.log((1 - phi1) / (1 - target)) / math.log(target * (1 - phi1) / (phi1 * (1 - target)))
    lambda_d = math.log((1 - target) / (1 - phi2)) / math.log(phi2 * (1 - target) / (target * (1 - phi2)))
    return lambda_e, lambda_d


def boin_eliminates(dlts: int, n: int, target: float) -> bool:
    """P(p > target | dlts of n) > 0.95 under a Beta(1, 1) prior, with >= 3 treated."""
    if n < BOIN_ELIMINATION_MIN_TREATED:
        return False
    # `scipy.stats.beta.sf` is this function; `scipy.stats` is not imported for it.
    from scipy.special import betaincc  # when first needed, as in `ltfu.analysis.survival`

    return float(betaincc(1 + dlts, 1 + n - dlts, target)) > BOIN_ELIMINATION_PROBABILITY


def boin_boundaries(target: float, max_n: int) -> BoinBoundaries:
    lambda_e, lambda_d = boin_lambdas(target)
    table = tuple(
        BoinBoundary(
            n=n,
            escalate_at_most=math.floor(n * lambda_e),
            de_escalate_at_least=math.ceil(n * lambda_d),
            eliminate_at_least=next((d for d in range(n + 1) if boin_eliminates(d, n, target)), None),
        )
        for n in range(1, max_n + 1)
    )
    return BoinBoundaries(target, lambda_e, lambda_d, table)


# -- the decision rules ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Count:
    index: int  # the level's place among the levels treated
    n: int
    dlt: int
    pending: int
    full: bool  # a whole number of cohorts


def _waiting(c: _Count, stopped: set[int]) -> Decision | None:
    """What holds a level before its own count decides: a lower level that stopped
    escalation, a cohort not yet full, a subject still inside the DLT window."""
    if any(j < c.index for j in stopped):
        return Decision.STOPPED
    if not c.full:
        return Decision.ENROLLING
    if c.pending:
        return Decision.PENDING
    return None


def _three_plus_three(c: _Count, exceeded: set[int]) -> Decision:
    if c.dlt >= 2:
        return Decision.EXCEEDS_MTD
    if waiting := _waiting(c, exceeded):
        return waiting
    next_exceeded = c.index + 1 in exceeded
    if c.n == 3:
        return Decision.EXPAND if c.dlt or next_exceeded else Decision.ESCALATE
    return Decision.MTD if next_exceeded else Decision.ESCALATE


def _boin(c: _Count, eliminated: set[int], design: DoseFindingDesign, lambdas: tuple[float, float]) -> Decision:
    if boin_eliminates(c.dlt, c.n - c.pending, design.target):
        return Decision.ELIMINATE
    if waiting := _waiting(c, eliminated):
        return waiting
    rate = c.dlt / c.n
    if rate <= lambdas[0]:
        return Decision.STAY if c.index + 1 in eliminated else Decision.ESCALATE
    if rate >= lambdas[1]:
        return Decision.DE_ESCALATE
    return Decision.STAY


def _boin_selection(counts: Sequence[_Count], below: int, target: float) -> int | None:
    """Index of the level BOIN selects among the treated levels below index `below`."""
    treated = [c for c in counts if c.index < below and c.n - c.pending > 0]
    if not treated:
        return None
    n = np.array([c.n - c.pending for c in treated], dtype=float)
    rates = (np.array([c.dlt for c in treated], dtype=float) + 0.05) / (n + 0.1)
    from scipy.optimize import isotonic_regression  # only here: its import costs more than the rest

    fitted = isotonic_regression(rates, weights=n).x + 1e-5 * np.arange(len(treated))
    best = int(np.argmin(np.abs(fitted - target)))
    # Equal distance on both sides of the target: the lower (safer) level.
    if (
        best > 0
        and fitted[best] > target
        and math.isclose(abs(fitted[best - 1] - target), abs(fitted[best] - target), abs_tol=1e-4)
    ):
        best -= 1
    return treated[best].index


# -- the engine ------------------------------------------------------------------------


def _order_key(s: DltSubject) -> tuple[date, str]:
    return s.infusion_date, s.subject_id


def _counts(index: int, subjects: Sequence[DltSubject], cohort_size: int) -> _Count:
    dlt = sum(s.status is DltStatus.DLT for s in subjects)
    pending = sum(s.status is DltStatus.PENDING for s in subjects)
    return _Count(index, len(subjects), dlt, pending, bool(subjects) and len(subjects) % cohort_size == 0)


def _expansion(ordered: Sequence[DltSubject], after: DltSubject) -> Expansion | None:
    beyond = [s for s in ordered if _order_key(s) > _order_key(after)]
    if not beyond:
        return None
    evaluable = [s for s in ordered if s.status in (DltStatus.DLT, DltStatus.EVALUABLE)]
    dlts = sum(s.status is DltStatus.DLT for s in evaluable)
    lower, upper = clopper_pearson(dlts, len(evaluable))
    rate = dlts / len(evaluable) if evaluable else None
    return Expansion(
        subjects=tuple(s.subject_id for s in beyond),
        n_evaluable=sum(s.status in (DltStatus.DLT, DltStatus.EVALUABLE) for s in beyond),
        n_dlt=sum(s.status is DltStatus.DLT for s in beyond),
        dlt_subjects=tuple(s.subject_id for s in beyond if s.status is DltStatus.DLT),
        overall_evaluable=len(evaluable),
        overall_dlt=dlts,
        rate=rate,
        lower=lower,
        upper=upper,
        flagged=rate is not None and rate >= EXPANSION_FLAG_RATE,
    )


def decide_dose(subjects: Iterable[DltSubject], design: DoseFindingDesign = THREE_PLUS_THREE) -> DoseDecision:
    """Apply the protocol's design to the treated subjects (see the module notes)."""
    boin = design.design == "boin"
    size, most = (design.cohort_size, design.max_per_dose) if boin else (3, 6)
    lambdas = boin_lambdas(design.target) if boin else (0.0, 0.0)

    by_level: dict[str, list[DltSubject]] = {}
    for s in sorted(subjects, key=_order_key):
        by_level.setdefault(s.dose_level, []).append(s)
    names = sorted(by_level, key=dose_level_sort_key)
    finding = {level: [s for s in by_level[level] if s.status is not DltStatus.NOT_EVALUABLE][:most] for level in names}

    def rule(c: _Count, stopped: set[int]) -> Decision:
        return _boin(c, stopped, design, lambdas) if boin else _three_plus_three(c, stopped)

    stop_decision = Decision.ELIMINATE if boin else Decision.EXCEEDS_MTD
    cohorts = sorted(
        (
            (index, number, finding[level][start : start + size])
            for index, level in enumerate(names)
            for number, start in enumerate(range(0, len(finding[level]), size), 1)
        ),
        key=lambda item: (_order_key(item[2][0]), item[0]),
    )
    history = []
    stopped: set[int] = set()
    for step, (index, number, members) in enumerate(cohorts, 1):
        level = names[index]
        upto = finding[level][: (number - 1) * size + len(members)]
        count = _counts(index, upto, size)
        decision = rule(count, stopped)
        if decision is stop_decision:
            stopped.add(index)
        history.append(
            DoseCohort(
                step=step,
                dose_level=level,
                number=number,
                subjects=tuple(s.subject_id for s in members),
                dlt_subjects=tuple(s.subject_id for s in members if s.status is DltStatus.DLT),
                n_pending=sum(s.status is DltStatus.PENDING for s in members),
                level_n=count.n,
                level_dlt=count.dlt,
                decision=decision,
            )
        )

    counts = [_counts(index, finding[level], size) for index, level in enumerate(names)]
    final_stopped = {c.index for c in counts if rule(c, set()) is stop_decision}
    decisions = [rule(c, final_stopped) for c in counts]
    lowest_stop = min(final_stopped, default=len(names))
    mtd_index: int | None = None
    if boin:
        chosen = _boin_selection(counts, lowest_stop, design.target)
        if chosen is not None and not any(c.pending for c in counts):
            if counts[chosen].n >= most:
                mtd_index = chosen
                decisions[chosen] = Decision.MTD
    else:
        mtd_index = next((i for i, d in enumerate(decisions) if d is Decision.MTD), None)
    if mtd_index is not None:
        status = MtdStatus.DECLARED
    elif names and lowest_stop == 0:
        status = MtdStatus.NONE_TOLERATED
    else:
        status = MtdStatus.OPEN

    levels = []
    for index, level in enumerate(names):
        chosen_subjects = finding[level]
        levels.append(
            LevelDecision(
                dose_level=level,
                dose_finding=tuple(s.subject_id for s in chosen_subjects),
                n_dose_finding=counts[index].n,
                n_dose_finding_dlt=counts[index].dlt,
                n_dose_finding_pending=counts[index].pending,
                decision=decisions[index],
                expansion=_expansion(by_level[level], chosen_subjects[-1]) if len(chosen_subjects) == most else None,
            )
        )
    return DoseDecision(
        design=design,
        levels=tuple(levels),
        history=tuple(history),
        mtd=names[mtd_index] if mtd_index is not None else None,
        mtd_status=status,
        boundaries=boin_boundaries(design.target, most) if boin else None,
    )
