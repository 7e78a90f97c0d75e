"""The cohort as it stood on an as-of date: the one place that drops later records.

`Cohort.build(subjects, as_of)` keeps the subjects infused on or before the as-of
date and, for each, only the events, results, adverse events and contacts dated on or
before it (an adverse event resolved after the as-of date counts as unresolved). Every
calculation in `ltfu.analysis` reads a `Cohort`, so the as-of rule lives here only.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from typing import Protocol, TypeVar, cast

from ltfu.analysis.records import AdverseEvent, Event, PackedResults, Result, SubjectRecord, grouped_by_analyte

_BY_DATE = attrgetter("date")
_BY_ONSET = attrgetter("onset")
_BY_ANALYTE_DATE = attrgetter("analyte", "date")


class _Dated(Protocol):
    @property
    def date(self) -> date: ...


_D = TypeVar("_D", bound=_Dated)

ALIVE_EVENT_KINDS = frozenset(
    {
        "response",
        "relapse",
        "progression",
        "alive",
        "hsct",
        "new_therapy",
        "withdrawal",
    }
)
"""Events that show the subject alive on their date: every kind except death (DOMAIN.md
section 5) and lost to follow-up, which is declared after contacts *failed* and so is
no evidence of life; counting it would push OS censoring past the last real contact."""


@dataclass(frozen=True, slots=True, eq=False)
class SubjectAsOf:
    """One infused subject's records up to the as-of date, sorted by date.

    `events` and `results` map a kind / analyte to its records in date order (stable
    for equal dates). `last_known_alive` is the latest date of any record showing the
    subject alive (infusion, contact, result, adverse event, event other than death),
    never after the as-of date nor after a recorded death.
    """

    record: SubjectRecord
    # Copied from the record: the calculations read these a quarter of a million times.
    subject_id: str
    dose_level: str
    infusion_date: date
    day0: int  # proleptic ordinal of the infusion date
    events: Mapping[str, tuple[Event, ...]]
    results: Mapping[str, Sequence[Result]]
    adverse_events: tuple[AdverseEvent, ...]
    death: Event | None
    last_known_alive: date

    def study_day(self, when: date) -> int:
        """Days since infusion (Day 0 = infusion date)."""
        return when.toordinal() - self.day0


@dataclass(frozen=True, slots=True, eq=False)
class Cohort:
    """The infused subjects as of a date; `n_records` counts every record given,
    including subjects not yet infused on the as-of date."""

    as_of: date
    subjects: tuple[SubjectAsOf, ...]
    n_records: int

    @classmethod
    def build(cls, subjects: Iterable[SubjectRecord], as_of: date) -> Cohort:
        """Build the cohort seen on `as_of`; records dated after it are ignored."""
        records = list(subjects)
        infused = [record for record in records if record.infusion_date <= as_of]
        packed = [i for i, record in enumerate(infused) if isinstance(record.results, PackedResults)]
        grouped: list[tuple[dict[str, PackedResults], int] | None] = [None] * len(infused)
        found = grouped_by_analyte([cast(PackedResults, infused[i].results) for i in packed], as_of)
        for i, results in zip(packed, found, strict=True):
            grouped[i] = results
        views = [_view(record, as_of, results) for record, results in zip(infused, grouped, strict=True)]
        return cls(as_of=as_of, subjects=tuple(views), n_records=len(records))


def _group(items: Iterable[_D], key: str, as_of: date) -> dict[str, tuple[_D, ...]]:
    groups: dict[str, list[_D]] = {}
    for item in items:
        if item.date <= as_of:
            name = getattr(item, key)
            bucket = groups.get(name)
            if bucket is None:
                groups[name] = [item]
            else:
                bucket.append(item)
    out: dict[str, tuple[_D, ...]] = {}
    for name, bucket in groups.items():
        bucket.sort(key=_BY_DATE)
        out[name] = tuple(bucket)
    return out


def _group_results(results: Sequence[Result], as_of: date) -> Mapping[str, Sequence[Result]]:
    """`_group(results, "analyte", as_of)`, in C loops when the results already come in
    (analyte, date) order, as the database loader hands them over (packed): at 10,000
    subjects that is half a million results."""
    if isinstance(results, PackedResults):
        grouped = results.by_analyte(as_of)
        if grouped is not None:
            return grouped
        results = tuple(results)
    keys = list(map(_BY_ANALYTE_DATE, results))
    if keys != sorted(keys):
        return _group(results, "analyte", as_of)
    out: dict[str, tuple[Result, ...]] = {}
    start, n = 0, len(keys)
    while start < n:
        analyte = keys[start][0]
        end = bisect_right(keys, (analyte, date.max), start)
        stop = bisect_right(keys, (analyte, as_of), start, end)  # the results up to the as-of date
        if stop > start:
            out[analyte] = tuple(results[start:stop])
        start = end
    return out


def _view(
    record: SubjectRecord, as_of: date, packed: tuple[dict[str, PackedResults], int] | None = None
) -> SubjectAsOf:
    """`packed`: the record's packed results grouped by analyte (`grouped_by_analyte`),
    when they are."""
    events = _group(record.events, "kind", as_of)
    results: Mapping[str, Sequence[Result]]
    if packed is None:
        results = _group_results(record.results, as_of)
        last_result = max(
            (s.last_date() if isinstance(s, PackedResults) else s[-1].date for s in results.values()), default=None
        )
    else:
        results, last_day = packed
        last_result = cast(PackedResults, record.results).names.days[last_day] if last_day else None

    adverse_events = []
    for ae in record.adverse_events:
        if ae.onset <= as_of:
            if ae.resolved is not None and ae.resolved > as_of:
                ae = ae._replace(resolved=None)
            adverse_events.append(ae)
    adverse_events.sort(key=_BY_ONSET)

    deaths = events.get("death", ())
    death = deaths[0] if deaths else None

    alive = record.infusion_date
    for d in record.alive_dates:
        if alive < d <= as_of:
            alive = d
    for kind, group in events.items():
        if kind in ALIVE_EVENT_KINDS and group[-1].date > alive:
            alive = group[-1].date
    if last_result is not None and last_result > alive:
        alive = last_result
    for ae in adverse_events:
        last = ae.resolved if ae.resolved is not None and ae.resolved > ae.onset else ae.onset
        if last > alive:
            alive = last
    if death is not None and death.date < alive:
        # A record dated after the death is a data error; the death date wins.
        alive = death.date

    return SubjectAsOf(
        record=record,
        subject_id=record.subject_id,
        dose_level=record.dose_level,
        infusion_date=record.infusion_date,
        day0=record.infusion_date.toordinal(),
        events=events,
        results=results,
        adverse_events=tuple(adverse_events),
        death=death,
        last_known_alive=alive,
    )
