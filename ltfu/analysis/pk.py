"""CAR-T pharmacokinetics by noncompartmental analysis (DOMAIN.md section 5).

The rule, as the report states it, is `PK_RULE` below.

Choices where DOMAIN.md is silent:
- Replicate samples on the same study day are averaged (BLQ as 0) first.
- A subject needs a sample after Day 0 for any parameter.
- When every value is 0, Cmax is 0 and Tmax is None.
- Dose-level summaries: geometric mean and geometric CV% over the values > 0 only
  (`n_geometric` of them); geometric CV% = 100 * sqrt(exp(s^2) - 1), with s the
  sample standard deviation (n - 1) of the natural logs; median and range over all.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any, NamedTuple, cast

import numpy as np

from ltfu.analysis._json import JsonRecord
from ltfu.analysis.cohort import Cohort, SubjectAsOf
from ltfu.analysis.records import PackedResults, dose_level_sort_key, packed_columns, run_ends, run_starts
from ltfu.rows import Descriptive
from ltfu.vocabulary import ANALYTE, ANALYTE_DECLARATIONS

# The analytes sampled for pharmacokinetics (assessment P in `ltfu.vocabulary`), with their units.
PK_ANALYTES = tuple(a.code for a in ANALYTE_DECLARATIONS if a.assessment == "P")
PK_UNITS = {code: ANALYTE[code].unit for code in PK_ANALYTES}
AUC_END_DAY = 28

PK_RULE = (
    "Samples from Day 0 on; the Day 0 value is the pre-dose sample when it is "
    "quantifiable, else 0. Cmax = highest value; Tmax = its study day (the first if "
    "tied). AUC0-28d = linear-up/log-down trapezoids from Day 0 to Day 28; without a "
    "sample on Day 28 the value there is interpolated between the samples around it "
    "(log-linear when both are > 0 and falling, else linear); with no sample on or "
    "after Day 28 the AUC is not computed. Values below the limit of quantification "
    "(BLQ) count as 0 and any trapezoid touching a 0 is linear."
)

NO_SAMPLES = "no sample after Day 0"
NO_DAY_28 = "no sample on or after Day 28"


def _partial(t1: float, c1: float, t2: float, c2: float, end: float) -> float:
    """Area from t1 to `end` (t1 < end < t2) under the interpolated curve: log-linear
    when both values are > 0 and falling, else linear."""
    f = (end - t1) / (t2 - t1)
    if c1 > c2 > 0:
        ce = math.exp(math.log(c1) + (math.log(c2) - math.log(c1)) * f)
        return (c1 - ce) / math.log(c1 / ce) * (end - t1)
    ce = c1 + (c2 - c1) * f
    return (c1 + ce) / 2 * (end - t1)


def auc_to(days: Sequence[float], values: Sequence[float], end: float) -> float | None:
    """Linear-up/log-down AUC from days[0] to `end`, interpolating at `end` when no
    sample falls on it; None when the last sample is before `end`.

    `days` ascending without repeats; `values` >= 0.
    """
    if not days or days[-1] < end:
        return None
    area = 0.0
    log = math.log
    for t1, c1, t2, c2 in zip(days, values, days[1:], values[1:], strict=False):
        if t2 <= end:
            # Log-down when falling between positive values, else linear (written out here:
            # it runs a quarter of a million times at 10,000 subjects).
            area += (c1 - c2) / log(c1 / c2) * (t2 - t1) if c2 < c1 and c2 > 0 else (c1 + c2) / 2 * (t2 - t1)
            if t2 == end:
                break
        else:
            area += _partial(t1, c1, t2, c2, end)
            break
    return area


@dataclass(frozen=True, slots=True)
class PkParameters(JsonRecord):
    """One subject's PK parameters for one analyte; `reason` says what is missing."""

    subject_id: str
    dose_level: str
    analyte: str
    n_samples: int
    cmax: float | None
    tmax_day: int | None
    auc_0_28: float | None
    reason: str | None


class Daily(NamedTuple):
    """One analyte's samples of one subject, a value per study day (ascending):
    replicates of a day averaged, BLQ as 0; `counts` samples that day, `blq` whether
    every one of them was below the limit of quantification."""

    days: list[int]
    values: list[float]
    counts: list[int]
    blq: list[bool]


def daily(view: SubjectAsOf, analyte: str) -> Daily:
    """Every numeric sample of `analyte`, before and after Day 0, one value per day."""
    day0 = view.day0
    samples = view.results.get(analyte, ())  # in date order
    if isinstance(samples, PackedResults):
        days, raw, blq = samples.study_days(day0)
    else:
        raw = [0.0 if r.blq else r.value for r in samples]
        days = [r.date.toordinal() - day0 for r in samples]
        blq = [r.blq for r in samples]
    if None in raw:  # no number (a category where a number belongs): left out
        days = [d for d, v in zip(days, raw, strict=True) if v is not None]
        blq = [b for b, v in zip(blq, raw, strict=True) if v is not None]
    values = cast(list[float], [v for v in raw if v is not None] if len(raw) > len(days) else raw)
    if len(set(days)) == len(days):  # one sample a day: nothing to average
        return Daily(days, values, [1] * len(days), blq)
    return _averaged(days, values, blq)


def _averaged(days: list[int], values: list[float], blq: list[bool]) -> Daily:
    """Samples in day order -> one value per day (the mean of the day's samples)."""
    out = Daily([], [], [], [])
    for day, value, below in zip(days, values, blq, strict=True):
        if out.days and out.days[-1] == day:
            out.values[-1] += value
            out.counts[-1] += 1
            out.blq[-1] = out.blq[-1] and below
        else:
            out.days.append(day)
            out.values.append(value)
            out.counts.append(1)
            out.blq.append(below)
    out.values[:] = [total / n for total, n in zip(out.values, out.counts, strict=True)]
    return out


def dailies(views: Sequence[SubjectAsOf], analyte: str) -> list[Daily | None]:
    """`daily(view, analyte)` of each view (None: no result of `analyte`), the same lists.

    The packed results of all views are read column by column, a numpy call per array
    they were unpacked from rather than several per subject (at 10,000 subjects the
    PK and PD analytes are ~60,000 subjects' series of ~15 results each).
    """
    out: list[Daily | None] = [None] * len(views)
    parts: dict[int, tuple[np.ndarray, list[tuple[int, int, int, int]]]] = {}
    for i, view in enumerate(views):
        samples = view.results.get(analyte)
        if samples is None:
            continue
        if isinstance(samples, PackedResults):
            base, start, stop = samples.base()
            parts.setdefault(id(base), (base, []))[1].append((i, start, stop, view.day0))
        else:
            out[i] = daily(view, analyte)
    for base, spans in parts.values():
        _packed_dailies(base, spans, out)
    return out


def _packed_dailies(base: np.ndarray, spans: Sequence[tuple[int, int, int, int]], out: list[Daily | None]) -> None:
    """`dailies` of the views whose results are rows of `base`: (view index, start, stop, day0)."""
    index, starts, stops, day0s = (np.array(column, dtype=np.int64) for column in zip(*spans, strict=True))
    lengths = stops - starts
    ends = np.cumsum(lengths)
    rows = base[np.repeat(starts - (ends - lengths), lengths) + np.arange(int(ends[-1]) if len(ends) else 0)]
    owner = np.repeat(np.arange(len(spans)), lengths)
    blq = rows["blq"] != 0
    values = np.where(blq, 0.0, rows["value"])  # as `PackedResults.study_days`: 0.0 when BLQ
    keep = ~np.isnan(values)  # None (no number) left out
    if not keep.all():
        blq, values, owner = blq[keep], values[keep], owner[keep]
        days = rows["day"][keep].astype(np.int64)
    else:
        days = rows["day"].astype(np.int64)
    days -= day0s[owner]
    # A view with two samples on one day has its replicates averaged, as `daily` does.
    repeated = np.zeros(len(spans), dtype=bool)
    repeated[owner[1:][(days[1:] == days[:-1]) & (owner[1:] == owner[:-1])]] = True
    counts = np.bincount(owner, minlength=len(spans)).tolist()
    day_list, value_list, blq_list = days.tolist(), values.tolist(), blq.tolist()
    at = 0
    for i, n, twice in zip(index.tolist(), counts, repeated.tolist(), strict=True):
        end = at + n
        if twice:
            out[i] = _averaged(day_list[at:end], value_list[at:end], blq_list[at:end])
        else:
            out[i] = Daily(day_list[at:end], value_list[at:end], [1] * n, blq_list[at:end])
        at = end


def profile(view: SubjectAsOf, analyte: str, samples: Daily | None = None) -> tuple[list[int], list[float], int]:
    """(study days, values, number of samples) from Day 0 on; replicates averaged,
    BLQ as 0, Day 0 = 0 unless a Day 0 (pre-dose) sample is quantifiable.
    `samples`: `daily(view, analyte)` when the caller has it already."""
    if samples is None:
        samples = daily(view, analyte)
    first = bisect_left(samples.days, 0)
    days, values = samples.days[first:], samples.values[first:]
    n = sum(samples.counts[first:])
    if not days or days[0] != 0:
        days.insert(0, 0)
        values.insert(0, 0.0)
    return days, values, n


def pk_parameters(
    view: SubjectAsOf, analyte: str, *, auc_end_day: int = AUC_END_DAY, samples: Daily | None = None
) -> PkParameters:
    """`samples`: `daily(view, analyte)` when the caller has it already."""
    days, values, n = profile(view, analyte, samples)
    if len(days) < 2:
        return PkParameters(view.subject_id, view.dose_level, analyte, n, None, None, None, NO_SAMPLES)
    cmax = max(values)
    tmax = days[values.index(cmax)] if cmax > 0 else None
    auc = auc_to(days, values, auc_end_day)
    return PkParameters(
        subject_id=view.subject_id,
        dose_level=view.dose_level,
        analyte=analyte,
        n_samples=n,
        cmax=cmax,
        tmax_day=tmax,
        auc_0_28=auc,
        reason=None if auc is not None else NO_DAY_28,
    )


def visit_medians(
    profiles: Iterable[tuple[str, Sequence[int], Sequence[float]]],
    visits: Sequence[tuple[float, float, float]],
) -> dict[str, list[tuple[float, float]]]:
    """The median curve of each dose level: for each visit (nominal study day, window
    start, window end), the median of the level's subjects' first value in the
    window, at the nominal day. `profiles`: (dose level, study days, values) per
    subject; a visit no subject of a level has a value in is left out."""
    visit_of: dict[int, int] = {}  # study day -> the first visit whose window holds it
    for i, (_, low, high) in enumerate(visits):
        for day in range(math.ceil(low), math.floor(high) + 1):
            visit_of.setdefault(day, i)
    binned: dict[str, dict[int, list[float]]] = {}
    for level, days, values in profiles:
        seen = set()
        slots = binned.setdefault(level, {})
        for day, value in zip(days, values, strict=True):
            slot = visit_of.get(day)
            if slot is not None and slot not in seen:  # the first sample in the window
                seen.add(slot)
                slots.setdefault(slot, []).append(value)
    return {
        level: [(visits[i][0], float(np.median(slots[i]))) for i in sorted(slots)] for level, slots in binned.items()
    }


def describe(values: Sequence[float], *, geometric: bool = True) -> Descriptive:
    """Summary statistics; geometric CV% = 100 * sqrt(exp(s^2) - 1), s = SD(ln x)."""
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        return Descriptive(0, 0, None, None, None, None, None)
    gm = cv = None
    positive = x[x > 0] if geometric else x[:0]
    if positive.size:
        logs = np.log(positive)
        gm = float(np.exp(logs.mean()))
        spread = float(np.var(logs, ddof=1)) if positive.size > 1 else None
        # Above ~700 exp() overflows: values hundreds of orders of magnitude apart have no CV.
        if spread is not None and spread < 700:
            cv = float(100 * math.sqrt(math.expm1(spread)))
    return Descriptive(
        n=int(x.size),
        n_geometric=int(positive.size),
        geometric_mean=gm,
        geometric_cv_percent=cv,
        median=float(np.median(x)),
        minimum=float(x.min()),
        maximum=float(x.max()),
    )


@dataclass(frozen=True, slots=True)
class PkDoseLevelSummary(JsonRecord):
    analyte: str
    unit: str
    dose_level: str
    n_subjects: int
    cmax: Descriptive
    tmax_day: Descriptive  # median and range only
    auc_0_28: Descriptive


@dataclass(frozen=True, slots=True)
class PkAnalysis(JsonRecord):
    rule: str
    subjects: tuple[PkParameters, ...]
    summaries: tuple[PkDoseLevelSummary, ...]


def pk_analysis(cohort: Cohort, analytes: Sequence[str] = PK_ANALYTES) -> PkAnalysis:
    """Per-subject parameters of every subject with at least one sample of the
    analyte, and per analyte and dose level summaries."""
    rows: list[PkParameters] = []
    views = cohort.subjects
    for analyte in analytes:
        columns, plain = packed_daily_columns(views, analyte)
        found = dict(zip(columns.views, _packed_parameters(views, columns, analyte), strict=True))
        for i in plain:
            found[i] = pk_parameters(views[i], analyte)
        rows.extend(found[i] for i in sorted(found))
    groups: dict[tuple[str, str], list[PkParameters]] = {}
    for row in rows:
        groups.setdefault((row.analyte, row.dose_level), []).append(row)
    order = {a: i for i, a in enumerate(analytes)}
    summaries = []
    for analyte, level in sorted(groups, key=lambda k: (order[k[0]], dose_level_sort_key(k[1]))):
        group = groups[(analyte, level)]
        summaries.append(
            PkDoseLevelSummary(
                analyte=analyte,
                unit=PK_UNITS.get(analyte, ""),
                dose_level=level,
                n_subjects=len(group),
                cmax=describe([p.cmax for p in group if p.cmax is not None]),
                tmax_day=describe([p.tmax_day for p in group if p.tmax_day is not None], geometric=False),
                auc_0_28=describe([p.auc_0_28 for p in group if p.auc_0_28 is not None]),
            )
        )
    return PkAnalysis(PK_RULE, tuple(rows), tuple(summaries))


# -- the same, for a whole cohort at once -------------------------------------------------------


class DailyColumns(NamedTuple):
    """`daily(view, analyte)` of several views at once, as columns: the rows of view
    `views[k]` are `starts[k]:stops[k]` of `days`, `values`, `counts` and `blq` (each
    view's rows in day order, one a day, as in `Daily`); `owner` is each row's k."""

    views: list[int]  # index of each view in the sequence given
    starts: np.ndarray
    stops: np.ndarray
    owner: np.ndarray
    days: np.ndarray  # int64
    values: np.ndarray  # float64
    counts: np.ndarray  # int64
    blq: np.ndarray  # bool


def packed_daily_columns(views: Sequence[SubjectAsOf], analyte: str) -> tuple[DailyColumns, list[int]]:
    """The `DailyColumns` of the views whose results of `analyte` are packed (a numpy
    pass per array they were unpacked from, none per view), and the indexes of the
    views holding `analyte` as plain `Result`s (for `daily`, one view at a time)."""
    found = packed_columns([view.results.get(analyte) for view in views], ("day", "blq", "value"))
    owner, rows = found.owner, found.rows
    if len(owner) > 1 and (owner[1:] < owner[:-1]).any():  # parts of several arrays: in view order
        order = np.argsort(owner, kind="stable")
        owner, rows = owner[order], {name: column[order] for name, column in rows.items()}
    index = np.array(found.packed, dtype=np.int64)
    owner = np.searchsorted(index, owner)  # view index -> its place among the packed views
    day0s = np.array([views[i].day0 for i in found.packed], dtype=np.int64)
    blq = rows["blq"] != 0
    values = np.where(blq, 0.0, rows["value"])  # as `PackedResults.study_days`: 0.0 when BLQ
    keep = ~np.isnan(values)  # None (no number) left out
    days = rows["day"].astype(np.int64)
    if not keep.all():
        blq, values, owner, days = blq[keep], values[keep], owner[keep], days[keep]
    days -= day0s[owner]
    # Replicates of a day averaged as `_averaged` does: summed left to right, then divided.
    new = np.ones(len(days), dtype=bool)
    new[1:] = (days[1:] != days[:-1]) | (owner[1:] != owner[:-1])
    if not new.all():
        first = np.flatnonzero(new)
        run = np.cumsum(new) - 1
        counts = np.diff(np.append(first, len(days)))
        sums = values[first]
        position = np.arange(len(days)) - first[run]
        for p in range(1, int(counts.max())):
            at = np.flatnonzero(position == p)
            sums[run[at]] += values[at]
        all_blq = np.bincount(run, weights=~blq, minlength=len(first)) == 0
        values = np.where(counts > 1, sums / counts, sums)
        owner, days, blq = owner[first], days[first], all_blq
    else:
        counts = np.ones(len(days), dtype=np.int64)
    # A view whose every result of the analyte has no number keeps its (empty) rows, as in `dailies`.
    lengths = np.bincount(owner, minlength=len(index))
    stops = np.cumsum(lengths)
    columns = DailyColumns(found.packed, stops - lengths, stops, owner, days, values, counts.astype(np.int64), blq)
    return columns, found.plain


def segment_aucs(owner: np.ndarray, days: np.ndarray, values: np.ndarray, n: int, end: int) -> np.ndarray:
    """`auc_to(days, values, end)` of n curves at once (NaN for None), each curve the
    rows of one `owner` (0..n-1; rows grouped by owner, days ascending within each).

    Every float as `auc_to` makes it: the same operations on each trapezoid (logs and
    exponentials by `math`, as there), added up left to right, one position at a time.
    """
    with np.errstate(over="ignore", invalid="ignore"):  # inf (and on), as Python's float operations give
        return _segment_aucs(owner, days, values, n, end)


def _segment_aucs(owner: np.ndarray, days: np.ndarray, values: np.ndarray, n: int, end: int) -> np.ndarray:
    out = np.full(n, np.nan)
    if not len(days):
        return out
    last_row = run_ends(owner)
    reaches = np.zeros(n, dtype=bool)
    reaches[owner[last_row]] = days[last_row] >= end
    pair = np.flatnonzero(owner[1:] == owner[:-1])  # segment from row i to row i + 1
    t1, t2 = days[pair], days[pair + 1]
    c1, c2 = values[pair], values[pair + 1]
    seg_owner = owner[pair]
    full = (t2 <= end) & reaches[seg_owner]
    partial = (t2 > end) & (t1 < end) & reaches[seg_owner]
    terms = np.zeros(len(pair))
    width = (t2 - t1).astype(np.float64)
    down = full & (c2 < c1) & (c2 > 0)
    linear = full & ~down
    terms[linear] = (c1[linear] + c2[linear]) / 2 * width[linear]
    if down.any():
        logs = np.array(list(map(math.log, (c1[down] / c2[down]).tolist())))
        terms[down] = (c1[down] - c2[down]) / logs * width[down]
    # The last trapezoid cut at `end`: `_partial`, its linear case written out here.
    cut = partial & ~((c1 > c2) & (c2 > 0))
    if cut.any():
        a, b, c, d = t1[cut], c1[cut], t2[cut], c2[cut]
        ce = b + (d - b) * ((end - a) / (c - a))
        terms[cut] = (b + ce) / 2 * (end - a)
    at = np.flatnonzero(partial & ~cut)
    if len(at):
        terms[at] = [
            _partial(a, b, c, d, end)
            for a, b, c, d in zip(t1[at].tolist(), c1[at].tolist(), t2[at].tolist(), c2[at].tolist(), strict=True)
        ]
    used = full | partial
    # Left to right: the k-th trapezoid of every curve added at step k (a curve without
    # one adds 0.0, which changes no sum).
    seg_owner, terms = seg_owner[used], terms[used]
    area = np.zeros(n)
    if len(seg_owner):
        first_of = run_starts(seg_owner)
        position = np.arange(len(seg_owner)) - np.repeat(first_of, np.diff(np.append(first_of, len(seg_owner))))
        steps = np.zeros((int(position.max()) + 1, n))
        steps[position, seg_owner] = terms
        for step in steps:
            area += step
    out[reaches] = area[reaches]
    return out


def first_peaks(owner: np.ndarray, values: np.ndarray, days: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The highest value of each owner 0..n-1 (NaN: no row) and the day of its first row
    with it (0: no row); rows grouped by owner, in day order within each."""
    peak = np.full(n, np.nan)
    day = np.zeros(n, dtype=np.int64)
    if len(owner):
        group = run_starts(owner)
        peak[owner[group]] = np.maximum.reduceat(values, group)
        top = np.flatnonzero(values == peak[owner])
        firsts = top[run_starts(owner[top])]
        day[owner[firsts]] = days[firsts]
    return peak, day


def _packed_parameters(
    views: Sequence[SubjectAsOf], columns: DailyColumns, analyte: str, auc_end_day: int = AUC_END_DAY
) -> list[PkParameters]:
    """`pk_parameters` of the views of `columns` (in their order), column by column over
    all of them: the same values, to the bit (the reference is `pk_parameters`)."""
    n = len(columns.views)
    if not n:
        return []
    owner, days, values, counts = columns.owner, columns.days, columns.values, columns.counts
    first = columns.starts + np.bincount(owner[days < 0], minlength=n)  # Day 0 on
    total = np.concatenate(([0], np.cumsum(counts)))
    n_samples = total[columns.stops] - total[first]
    # The profile: Day 0 = 0 unless there is a Day 0 sample, then every sample after.
    on = days >= 0
    no_day_0 = np.bincount(owner[days == 0], minlength=n) == 0
    added = np.flatnonzero(no_day_0)
    curve_owner = np.concatenate((added, owner[on]))
    curve_days = np.concatenate((np.zeros(len(added), dtype=np.int64), days[on]))
    order = np.lexsort((curve_days, curve_owner))
    curve_owner, curve_days = curve_owner[order], curve_days[order]
    curve_values = np.concatenate((np.zeros(len(added)), values[on]))[order]
    enough = np.bincount(curve_owner, minlength=n) >= 2
    cmax, tmax = first_peaks(curve_owner, curve_values, curve_days, n)  # every view has a curve (at least Day 0)
    auc = segment_aucs(curve_owner, curve_days, curve_values, n, auc_end_day)
    with_auc = enough & ~np.isnan(auc)
    reason = np.full(n, None, dtype=object)
    reason[enough & ~with_auc] = NO_DAY_28
    reason[~enough] = NO_SAMPLES
    subjects = [views[i] for i in columns.views]
    return list(
        map(
            PkParameters,
            [v.subject_id for v in subjects],
            [v.dose_level for v in subjects],
            repeat(analyte),
            n_samples.tolist(),
            or_none(cmax, enough),
            or_none(tmax, enough & (cmax > 0)),
            or_none(auc, with_auc),
            reason.tolist(),
        )
    )


def or_none(values: np.ndarray, present: np.ndarray) -> list[Any]:
    """`values` as Python numbers (floats, ints), None where not `present`."""
    out = values.astype(object)
    out[~present] = None
    return cast(list[Any], out.tolist())
