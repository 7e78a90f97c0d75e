"""Kaplan-Meier estimates and the time-to-event endpoints OS, PFS and DOR.

Time is in days from Day 0 (the infusion date for OS and PFS, the first CR/CRi for
DOR). Definitions, from DOMAIN.md section 5:

- Kaplan-Meier: product-limit; at tied times events count before censorings;
  pointwise CI log(-log) with Greenwood variance (the "exponential Greenwood" of
  `scipy.stats.ecdf`, the default of lifelines and R's `conf.type="log-log"`;
  computed here with scipy's own formulas, bit for bit, without importing
  `scipy.stats`, whose import alone costs more than the endpoints);
  median = first time S(t) <= 0.5; its CI = the first times the lower and the upper
  bound reach <= 0.5 (as R survival and lifelines).
- OS: infusion -> death from any cause; censored at last known alive.
- PFS: infusion -> first relapse, progression or death; censored at the last disease
  assessment (a recorded response on or after Day 0), or at Day 0 when there is none.
  The sensitivity analysis censors the day before HSCT conditioning or new therapy
  starts (the `hsct` / `new_therapy` event date), when that comes before the event.
- DOR: subjects with CR/CRi; first CR/CRi -> relapse, progression or death; censored
  at the last disease assessment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from numpy.typing import ArrayLike

from ltfu.analysis._json import JsonDict, JsonRecord, jsonable
from ltfu.analysis.cohort import Cohort, SubjectAsOf
from ltfu.analysis.response import REMISSION, parse_response

DEFAULT_AT_RISK_DAYS = (0, 90, 180, 365, 730, 1095, 1460, 1825)
DEFAULT_LANDMARK_DAYS = (365, 730)

# scipy's product of (n - d) / n and other estimators' sums of logs differ in the last
# bits; S(t) = 0.5 exactly must still count as reaching the median.
_HALF = 0.5 + 1e-10


@dataclass(frozen=True, slots=True)
class SurvivalAt:
    """S(t) with its pointwise CI at a chosen day; all None when nobody was followed
    that long while S(t) > 0 (not estimable)."""

    day: float
    survival: float | None
    lower: float | None
    upper: float | None


@dataclass(frozen=True, slots=True)
class AtRisk:
    """Subjects still followed (time >= day) at a chosen day."""

    day: float
    at_risk: int


@dataclass(frozen=True, slots=True)
class KaplanMeier:
    """A Kaplan-Meier estimate as a right-continuous step curve.

    `times` are the distinct observed times (events and censorings) preceded by 0;
    `survival[i]`, `lower[i]`, `upper[i]` hold from `times[i]` up to the next time.
    `median` and its bounds are None when not reached.
    """

    n: int
    events: int
    confidence_level: float
    times: tuple[float, ...]
    survival: tuple[float, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    median: float | None
    median_lower: float | None
    median_upper: float | None
    landmarks: tuple[SurvivalAt, ...]
    at_risk: tuple[AtRisk, ...]

    @property
    def censored(self) -> int:
        return self.n - self.events

    def at(self, day: float) -> SurvivalAt:
        """S(day) and its CI read off the step curve (1 before the first time; the
        last value after the last time, so check `at_risk` or `landmarks` before
        reading far out)."""
        i = int(np.searchsorted(self.times, day, side="right")) - 1
        if i < 0:
            return SurvivalAt(float(day), 1.0, 1.0, 1.0)
        return SurvivalAt(float(day), self.survival[i], self.lower[i], self.upper[i])

    def to_dict(self) -> JsonDict:
        return {
            "n": self.n,
            "events": self.events,
            "censored": self.censored,
            "confidence_level": self.confidence_level,
            "median": _number(self.median),
            "median_ci": [_number(self.median_lower), _number(self.median_upper)],
            "landmarks": [
                {
                    "day": _number(p.day),
                    "survival": p.survival,
                    "lower": p.lower,
                    "upper": p.upper,
                }
                for p in self.landmarks
            ],
            "at_risk": [{"day": _number(a.day), "at_risk": a.at_risk} for a in self.at_risk],
            "curve": {
                "times": [_number(t) for t in self.times],
                "survival": list(self.survival),
                "lower": list(self.lower),
                "upper": list(self.upper),
            },
        }


def _number(x: float | None) -> float | int | None:
    """Whole days as int in JSON, other times as float."""
    if x is None:
        return None
    return int(x) if float(x).is_integer() else float(x)


def _first_reaching_half(times: np.ndarray, curve: np.ndarray) -> float | None:
    hits = np.flatnonzero(curve <= _HALF)
    return float(times[hits[0]]) if hits.size else None


def _product_limit(t: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The distinct times, S(t) at each, the number at risk and the events there, as
    `scipy.stats.ecdf` computes them (`_ecdf_uncensored` when every time is an event,
    `_ecdf_right_censored` otherwise): the same operations in the same order, so the
    same floats."""
    if e.all():
        x, counts = np.unique(np.sort(t), return_counts=True)
        events = np.cumsum(counts)
        n = t.size
        return x, 1 - events / n, np.concatenate(([n], n - events[:-1])), counts
    order = np.argsort(t)
    times = t[order]
    died = e[order].astype(np.int64)
    at_risk = np.arange(times.size, 0, -1)
    edges = np.diff(times, prepend=-np.inf, append=np.inf) > 0
    first, last = edges[:-1], edges[1:]  # first and last instance of each distinct time
    n_at_risk = at_risk[first]
    # Ties: every count is taken at the last instance, so their order does not matter.
    deaths = np.diff(np.cumsum(died)[last], prepend=0)
    return times[first], np.cumprod((n_at_risk - deaths) / n_at_risk), n_at_risk, deaths


def _log_log_interval(
    sf: np.ndarray, n: np.ndarray, d: np.ndarray, confidence_level: float
) -> tuple[np.ndarray, np.ndarray]:
    """The log(-log) CI with Greenwood variance (scipy's `_loglog_ci`); NaN where S is
    1 or 0, where it is undefined."""
    # Imported when first needed (`ltfu.services.endpoints.compute` imports it while it reads).
    from scipy.special import ndtri

    with np.errstate(divide="ignore", invalid="ignore"):
        var = 1 / np.log(sf) ** 2 * np.cumsum(d / (n * (n - d)))
        se = np.sqrt(var)
        z = ndtri(1 / 2 + np.float64(confidence_level) / 2)
        lnl_points = np.log(-np.log(sf))
        z_se = z * se
        return np.exp(-np.exp(lnl_points + z_se)), np.exp(-np.exp(lnl_points - z_se))


def kaplan_meier(
    durations: ArrayLike,
    observed: ArrayLike,
    *,
    at_risk_days: Sequence[float] = DEFAULT_AT_RISK_DAYS,
    landmark_days: Sequence[float] = DEFAULT_LANDMARK_DAYS,
    confidence_level: float = 0.95,
) -> KaplanMeier:
    """Kaplan-Meier estimate of right-censored times (`observed` True = event).

    As `scipy.stats.ecdf` on `CensoredData` (which counts everyone whose time is
    >= t as at risk at t, so events come before censorings at tied times) and its
    log-log confidence interval. Where that interval is undefined the bounds equal
    the estimate: [1, 1] before the first event and [0, 0] once S reaches 0, as
    lifelines reports them.
    """
    t = np.asarray(durations, dtype=float)
    e = np.asarray(observed, dtype=bool)
    if t.shape != e.shape or t.ndim != 1:
        raise ValueError("durations and observed must be 1-D and of equal length")
    if t.size and (not np.all(np.isfinite(t)) or t.min() < 0):
        raise ValueError("durations must be finite and >= 0")
    n = int(t.size)
    events = int(e.sum())
    if n == 0:
        return KaplanMeier(
            n=0,
            events=0,
            confidence_level=confidence_level,
            times=(),
            survival=(),
            lower=(),
            upper=(),
            median=None,
            median_lower=None,
            median_upper=None,
            landmarks=tuple(SurvivalAt(float(d), None, None, None) for d in landmark_days),
            at_risk=tuple(AtRisk(float(d), 0) for d in at_risk_days),
        )

    times, sf, at_risk_n, deaths = _product_limit(t, e)
    low, high = _log_log_interval(sf, at_risk_n, deaths, confidence_level)
    edge = (sf >= 1.0) | (sf <= 0.0)
    low[edge] = sf[edge]
    high[edge] = sf[edge]

    if times[0] > 0:
        times = np.concatenate(([0.0], times))
        sf = np.concatenate(([1.0], sf))
        low = np.concatenate(([1.0], low))
        high = np.concatenate(([1.0], high))

    ordered = np.sort(t)
    at_risk_counts = n - np.searchsorted(ordered, np.asarray(at_risk_days, float), side="left")
    at_risk = tuple(AtRisk(float(d), int(c)) for d, c in zip(at_risk_days, at_risk_counts, strict=True))

    landmarks = []
    for day in landmark_days:
        i = int(np.searchsorted(times, day, side="right")) - 1
        followed = n - int(np.searchsorted(ordered, day, side="left"))
        if i < 0:
            landmarks.append(SurvivalAt(float(day), 1.0, 1.0, 1.0))
        elif followed == 0 and sf[i] > 0:
            landmarks.append(SurvivalAt(float(day), None, None, None))
        else:
            landmarks.append(SurvivalAt(float(day), float(sf[i]), float(low[i]), float(high[i])))

    return KaplanMeier(
        n=n,
        events=events,
        confidence_level=confidence_level,
        times=tuple(times.tolist()),
        survival=tuple(sf.tolist()),
        lower=tuple(low.tolist()),
        upper=tuple(high.tolist()),
        median=_first_reaching_half(times, sf),
        median_lower=_first_reaching_half(times, low),
        median_upper=_first_reaching_half(times, high),
        landmarks=tuple(landmarks),
        at_risk=at_risk,
    )


@dataclass(frozen=True, slots=True)
class SubjectTime(JsonRecord):
    """One subject's contribution to a time-to-event endpoint."""

    subject_id: str
    dose_level: str
    start: date
    end: date
    days: int
    event: bool


@dataclass(frozen=True, slots=True)
class TimeToEvent:
    """A time-to-event endpoint: its rule in words, each subject's time, the KM."""

    name: str
    definition: str
    subjects: tuple[SubjectTime, ...]
    km: KaplanMeier

    def to_dict(self) -> JsonDict:
        return {
            "name": self.name,
            "definition": self.definition,
            "km": self.km.to_dict(),
            "subjects": jsonable(self.subjects),
        }


def time_to_event(
    name: str,
    definition: str,
    subjects: Sequence[SubjectTime],
    *,
    at_risk_days: Sequence[float] = DEFAULT_AT_RISK_DAYS,
    landmark_days: Sequence[float] = DEFAULT_LANDMARK_DAYS,
) -> TimeToEvent:
    """Fit the KM of per-subject times (one `ecdf` call for the whole cohort)."""
    days = np.fromiter((s.days for s in subjects), dtype=float, count=len(subjects))
    observed = np.fromiter((s.event for s in subjects), dtype=bool, count=len(subjects))
    km = kaplan_meier(days, observed, at_risk_days=at_risk_days, landmark_days=landmark_days)
    return TimeToEvent(name, definition, tuple(subjects), km)


OS_DEFINITION = "Infusion to death from any cause; censored at last known alive."
PFS_DEFINITION = (
    "Infusion to first relapse, progression or death; censored at the last disease "
    "assessment, or at Day 0 when there is none. HSCT and new therapy not censored."
)
PFS_SENSITIVITY_DEFINITION = (
    "As PFS, but censored the day before HSCT conditioning or new therapy starts "
    "when that comes before the event (an event on the start day still counts)."
)
DOR_DEFINITION = (
    "Subjects with CR/CRi: first CR/CRi to relapse, progression or death; censored at the last disease assessment."
)


def _time(view: SubjectAsOf, start: date, end: date, event: bool) -> SubjectTime:
    return SubjectTime(
        subject_id=view.subject_id,
        dose_level=view.dose_level,
        start=start,
        end=end,
        days=(end - start).days,
        event=event,
    )


def os_times(cohort: Cohort) -> list[SubjectTime]:
    out = []
    for view in cohort.subjects:
        if view.death is not None:
            out.append(_time(view, view.infusion_date, view.death.date, True))
        else:
            out.append(_time(view, view.infusion_date, view.last_known_alive, False))
    return out


def _first_progression(view: SubjectAsOf, on_or_after: date) -> date | None:
    """First relapse, progression or death dated on or after a date."""
    first = None
    for kind in ("relapse", "progression", "death"):
        for event in view.events.get(kind, ()):
            if event.date >= on_or_after:
                if first is None or event.date < first:
                    first = event.date
                break
    return first


def _last_assessment(view: SubjectAsOf, on_or_after: date) -> date | None:
    responses = view.events.get("response", ())
    if responses and responses[-1].date >= on_or_after:
        return responses[-1].date
    return None


def _first_new_therapy(view: SubjectAsOf) -> date | None:
    first = None
    for kind in ("hsct", "new_therapy"):
        for event in view.events.get(kind, ()):
            if event.date >= view.infusion_date:
                if first is None or event.date < first:
                    first = event.date
                break
    return first


def pfs_times(cohort: Cohort, *, censor_at_new_therapy: bool = False) -> list[SubjectTime]:
    """PFS per subject; `censor_at_new_therapy=True` gives the sensitivity analysis."""
    out = []
    for view in cohort.subjects:
        start = view.infusion_date
        progressed = _first_progression(view, start)
        if censor_at_new_therapy:
            therapy = _first_new_therapy(view)
            if therapy is not None and (progressed is None or progressed > therapy):
                end = max(start, therapy - timedelta(days=1))
                out.append(_time(view, start, end, False))
                continue
        if progressed is not None:
            out.append(_time(view, start, progressed, True))
        else:
            out.append(_time(view, start, _last_assessment(view, start) or start, False))
    return out


def first_remission(view: SubjectAsOf) -> date | None:
    """Date of the first CR or CRi on or after Day 0."""
    for event in view.events.get("response", ()):
        if event.date >= view.infusion_date and parse_response(event.detail).category in REMISSION:
            return event.date
    return None


def dor_times(cohort: Cohort) -> list[SubjectTime]:
    out = []
    for view in cohort.subjects:
        start = first_remission(view)
        if start is None:
            continue
        ended = _first_progression(view, start)
        if ended is not None:
            out.append(_time(view, start, ended, True))
        else:
            out.append(_time(view, start, _last_assessment(view, start) or start, False))
    return out


def overall_survival(
    cohort: Cohort,
    *,
    at_risk_days: Sequence[float] = DEFAULT_AT_RISK_DAYS,
    landmark_days: Sequence[float] = DEFAULT_LANDMARK_DAYS,
) -> TimeToEvent:
    return time_to_event("os", OS_DEFINITION, os_times(cohort), at_risk_days=at_risk_days, landmark_days=landmark_days)


def progression_free_survival(
    cohort: Cohort,
    *,
    censor_at_new_therapy: bool = False,
    at_risk_days: Sequence[float] = DEFAULT_AT_RISK_DAYS,
    landmark_days: Sequence[float] = DEFAULT_LANDMARK_DAYS,
) -> TimeToEvent:
    """Primary PFS, or with `censor_at_new_therapy=True` the sensitivity analysis."""
    name, definition = (
        ("pfs_sensitivity", PFS_SENSITIVITY_DEFINITION) if censor_at_new_therapy else ("pfs", PFS_DEFINITION)
    )
    return time_to_event(
        name,
        definition,
        pfs_times(cohort, censor_at_new_therapy=censor_at_new_therapy),
        at_risk_days=at_risk_days,
        landmark_days=landmark_days,
    )


def duration_of_response(
    cohort: Cohort,
    *,
    at_risk_days: Sequence[float] = DEFAULT_AT_RISK_DAYS,
    landmark_days: Sequence[float] = DEFAULT_LANDMARK_DAYS,
) -> TimeToEvent:
    return time_to_event(
        "dor", DOR_DEFINITION, dor_times(cohort), at_risk_days=at_risk_days, landmark_days=landmark_days
    )
