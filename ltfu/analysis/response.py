"""B-ALL response: parsing response and relapse details, ORR at 3 months.

DOMAIN.md section 5: ORR at 3 months counts infused subjects with CR or CRi on a
disease assessment dated Day 0 to Day 98 (end of the M3 window). Denominator:
infused subjects whose Day 98 is on or before the as-of date, plus those who died
before Day 98. Exact (Clopper-Pearson) 95% CI.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ltfu.analysis._json import JsonRecord
from ltfu.analysis.cohort import Cohort, SubjectAsOf
from ltfu.analysis.records import dose_level_sort_key
from ltfu.rows import Relapse, ResponseRate
from ltfu.vocabulary import RESPONSES

RESPONSE_CATEGORIES = RESPONSES
"""Best first (as declared in `ltfu.vocabulary`); `RESPONSE_CATEGORIES.index` ranks a response."""

REMISSION = frozenset({"CR", "CRi"})
MRD_NEGATIVE_BELOW = 1e-4  # fraction: < 0.01% of nucleated cells by flow

_CATEGORY = {c.casefold(): c for c in RESPONSE_CATEGORIES}
_MRD_NEGATIVE = re.compile(r"MRD\s*(?:-|−|neg)", re.IGNORECASE)
_ANTIGEN = re.compile(r"\b(CD19|CD22)\s*(\+|-|−|dim|pos(?:itive)?|neg(?:ative)?)", re.IGNORECASE)
_LINEAGE_SWITCH = re.compile(r"lineage|myeloid|\bAML\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ResponseCall:
    """A parsed response detail: `category` is CR, CRi, PR, NR or None (unreadable)."""

    category: str | None
    mrd_negative: bool


@lru_cache(maxsize=4096)
def parse_response(detail: str) -> ResponseCall:
    """Read a response event's detail: `CR`, `CRi`, `PR`, `NR`, optionally followed by
    `MRD-` (also `MRD neg`, `MRD-negative`). Case does not matter; the first word is
    the category."""
    words = detail.split()
    category = _CATEGORY.get(words[0].casefold()) if words else None
    return ResponseCall(category, bool(_MRD_NEGATIVE.search(detail)))


@dataclass(frozen=True, slots=True)
class AntigenStatus:
    """CD19 and CD22 status at relapse: `positive`, `dim`, `negative` or None (not
    recorded); `lineage_switch` when the detail mentions a lineage switch (`lineage`,
    `myeloid`, `AML`)."""

    cd19: str | None
    cd22: str | None
    lineage_switch: bool

    @property
    def phenotype(self) -> str:
        """E.g. `CD19 negative, CD22 positive`; `not recorded` for a missing antigen."""
        text = f"CD19 {self.cd19 or 'not recorded'}, CD22 {self.cd22 or 'not recorded'}"
        return text + (", lineage switch" if self.lineage_switch else "")


@lru_cache(maxsize=4096)
def parse_antigen_status(detail: str) -> AntigenStatus:
    """Read a relapse detail such as `CD19-CD22+`, `CD19dim CD22+`, `CD19 neg, CD22
    pos`; an antigen not mentioned is None."""
    status: dict[str, str] = {}
    for antigen, mark in _ANTIGEN.findall(detail):
        mark = mark.casefold()
        if mark in ("+", "pos", "positive"):
            value = "positive"
        elif mark == "dim":
            value = "dim"
        else:
            value = "negative"
        status.setdefault(antigen.upper(), value)
    return AntigenStatus(status.get("CD19"), status.get("CD22"), bool(_LINEAGE_SWITCH.search(detail)))


def clopper_pearson(successes: int, trials: int, confidence_level: float = 0.95) -> tuple[float | None, float | None]:
    """Exact (Clopper-Pearson) confidence interval of a proportion; (None, None) when
    there are no trials.

    The same floats as `scipy.stats.binomtest(...).proportion_ci(method="exact")`:
    the same tails solved for p with the same Brent search and tolerances.
    """
    if trials == 0:
        return None, None
    # The binomial tails `scipy.stats.binom` evaluates (Boost's), without importing
    # `scipy.stats`, whose import alone costs more than the endpoints; imported here,
    # when first needed (`ltfu.services.endpoints.compute` imports it while it reads).
    from scipy.special._ufuncs import _binom_cdf, _binom_sf

    k, n = float(successes), float(trials)
    alpha = (1 - confidence_level) / 2
    low = 0.0 if successes == 0 else _brentq(lambda p: float(_binom_sf(k - 1, n, p)) - alpha)
    high = 1.0 if successes == trials else _brentq(lambda p: float(_binom_cdf(k, n, p)) - alpha)
    return low, high


def _brentq(f: Callable[[float], float], a: float = 0.0, b: float = 1.0) -> float:
    """A root of f in [a, b] where f changes sign: scipy's `brentq` (its C code, step
    for step, with its default tolerances), so the CI bounds are scipy's to the bit."""
    xtol, rtol = 2e-12, 4 * 2.220446049250313e-16
    xpre, xcur = a, b
    xblk = fblk = spre = scur = 0.0
    fpre, fcur = f(xpre), f(xcur)
    if fpre == 0:
        return xpre
    if fcur == 0:
        return xcur
    if math.copysign(1, fpre) == math.copysign(1, fcur):
        raise ValueError("f(a) and f(b) must have different signs")
    for _ in range(100):
        if fpre != 0 and fcur != 0 and math.copysign(1, fpre) != math.copysign(1, fcur):
            xblk, fblk = xpre, fpre
            spre = scur = xcur - xpre
        if abs(fblk) < abs(fcur):
            xpre, xcur, xblk = xcur, xblk, xcur
            fpre, fcur, fblk = fcur, fblk, fcur
        delta = (xtol + rtol * abs(xcur)) / 2
        sbis = (xblk - xcur) / 2
        if fcur == 0 or abs(sbis) < delta:
            return xcur
        if abs(spre) > delta and abs(fcur) < abs(fpre):
            if xpre == xblk:  # interpolate
                stry = -fcur * (xcur - xpre) / (fcur - fpre)
            else:  # extrapolate
                dpre = (fpre - fcur) / (xpre - xcur)
                dblk = (fblk - fcur) / (xblk - xcur)
                stry = -fcur * (fblk * dblk - fpre * dpre) / (dblk * dpre * (fblk - fpre))
            if 2 * abs(stry) < min(abs(spre), 3 * abs(sbis) - delta):  # good short step
                spre, scur = scur, stry
            else:
                spre = scur = sbis
        else:
            spre = scur = sbis
        xpre, fpre = xcur, fcur
        xcur += scur if abs(scur) > delta else (delta if sbis > 0 else -delta)
        fcur = f(xcur)
    raise RuntimeError("the search for the confidence limits did not converge")


@dataclass(frozen=True, slots=True)
class SubjectResponse:
    """One evaluable subject's best response on Day 0 to the last ORR day."""

    subject_id: str
    dose_level: str
    best_response: str | None  # None: no readable assessment in the window
    response_date: date | None
    responder: bool
    mrd_negative: bool


@dataclass(frozen=True, slots=True)
class OrrAt3Months(JsonRecord):
    last_day: int
    confidence_level: float
    overall: ResponseRate
    by_dose_level: tuple[ResponseRate, ...]
    subjects: tuple[SubjectResponse, ...]


def _mrd_negative_on(view: SubjectAsOf, when: date) -> bool:
    for r in view.results.get("mrd", ()):
        if r.date == when:
            if r.blq and (r.lloq is None or r.lloq <= MRD_NEGATIVE_BELOW):
                return True
            if not r.blq and r.value is not None and r.value < MRD_NEGATIVE_BELOW:
                return True
    return False


def best_response(view: SubjectAsOf, first_day: int, last_day: int) -> tuple[str | None, date | None, bool]:
    """Best response (CR > CRi > PR > NR) on a disease assessment dated between the
    two study days inclusive: (category, date of its first occurrence, MRD-negative).

    A CR/CRi is MRD-negative when its detail says so or an `mrd` result on the same
    date is below 1e-4 (a BLQ result counts when its LLOQ is at most 1e-4 or unknown).
    """
    best: str | None = None
    best_date: date | None = None
    mrd_negative = False
    day0 = view.day0
    for event in view.events.get("response", ()):
        day = event.date.toordinal() - day0
        if day < first_day or day > last_day:
            continue
        call = parse_response(event.detail)
        if call.category is None:
            continue
        negative = call.category in REMISSION and (call.mrd_negative or _mrd_negative_on(view, event.date))
        rank = RESPONSE_CATEGORIES.index(call.category)
        if best is None or rank < RESPONSE_CATEGORIES.index(best):
            best, best_date, mrd_negative = call.category, event.date, negative
        elif call.category == best and negative:
            mrd_negative = True
    return best, best_date, mrd_negative


def _rate(label: str, rows: list[SubjectResponse], confidence_level: float) -> ResponseRate:
    responders = sum(r.responder for r in rows)
    n = len(rows)
    lower, upper = clopper_pearson(responders, n, confidence_level)
    return ResponseRate(
        label=label,
        responders=responders,
        evaluable=n,
        rate=responders / n if n else None,
        lower=lower,
        upper=upper,
        mrd_negative=sum(r.responder and r.mrd_negative for r in rows),
    )


def orr_at_3_months(cohort: Cohort, *, last_day: int = 98, confidence_level: float = 0.95) -> OrrAt3Months:
    """ORR at 3 months per DOMAIN.md section 5, overall and by dose level."""
    as_of_ordinal = cohort.as_of.toordinal()
    rows = []
    for view in cohort.subjects:
        matured = view.day0 + last_day <= as_of_ordinal
        died_early = view.death is not None and view.study_day(view.death.date) < last_day
        if not (matured or died_early):
            continue
        best, when, mrd_negative = best_response(view, 0, last_day)
        rows.append(
            SubjectResponse(
                subject_id=view.subject_id,
                dose_level=view.dose_level,
                best_response=best,
                response_date=when,
                responder=best in REMISSION,
                mrd_negative=mrd_negative,
            )
        )
    levels: dict[str, list[SubjectResponse]] = {}
    for row in rows:
        levels.setdefault(row.dose_level, []).append(row)
    return OrrAt3Months(
        last_day=last_day,
        confidence_level=confidence_level,
        overall=_rate("all", rows, confidence_level),
        by_dose_level=tuple(
            _rate(level, levels[level], confidence_level) for level in sorted(levels, key=dose_level_sort_key)
        ),
        subjects=tuple(rows),
    )


@dataclass(frozen=True, slots=True)
class RelapseSummary(JsonRecord):
    """Every relapse on or after Day 0, and the count of each antigen phenotype at
    each subject's first relapse (antigen-negative relapse is the typical escape)."""

    relapses: tuple[Relapse, ...]
    first_relapse_phenotypes: dict[str, int]


def relapse_summary(cohort: Cohort) -> RelapseSummary:
    relapses = []
    phenotypes: Counter[str] = Counter()
    for view in cohort.subjects:
        first = True
        for event in view.events.get("relapse", ()):
            day = view.study_day(event.date)
            if day < 0:
                continue
            status = parse_antigen_status(event.detail)
            relapses.append(
                Relapse(
                    subject_id=view.subject_id,
                    dose_level=view.dose_level,
                    date=event.date,
                    study_day=day,
                    cd19=status.cd19,
                    cd22=status.cd22,
                    lineage_switch=status.lineage_switch,
                    detail=event.detail,
                )
            )
            if first:
                phenotypes[status.phenotype] += 1
                first = False
    return RelapseSummary(tuple(relapses), dict(sorted(phenotypes.items())))
