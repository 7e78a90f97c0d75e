"""What the statistics read: one frozen record per subject, built by the service layer.

Every date is a plain calendar date. Nothing here knows about the database; the
service converts rows into these records and passes them, with an as-of date, to
`ltfu.analysis.cohort.Cohort.build` or straight to `compute_endpoints`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple, overload

import numpy as np

# Event, Result and AdverseEvent are named tuples, not frozen dataclasses: a cohort of
# 10,000 subjects brings about a million of them, and a tuple is several times cheaper
# to build. They are just as immutable.


class Event(NamedTuple):
    """A clinical event on a date; `kind` is one of `ltfu.vocabulary.EVENT_KINDS`."""

    date: date
    kind: str
    detail: str = ""


class Result(NamedTuple):
    """One laboratory result.

    Numeric analytes carry `value` (None when missing); a result below the limit of
    quantification has `blq=True` and its `lloq`, and counts as 0 in calculations.
    The categorical analytes (`ltfu.vocabulary.CATEGORICAL_ANALYTES`: `rcl`, `hama`) carry
    `category` (one of `ltfu.vocabulary.RESULT_CATEGORIES`) instead of a value.
    """

    date: date
    analyte: str
    value: float | None = None
    category: str | None = None
    unit: str = ""
    blq: bool = False
    lloq: float | None = None


_LAST_DAY = (1 << 22) - 1  # above every proleptic ordinal (9999-12-31 is 3,652,059)


class _Days(dict[int, date]):
    """Proleptic ordinal -> its date, each day made once."""

    def __missing__(self, ordinal: int) -> date:
        self[ordinal] = day = date.fromordinal(ordinal)
        return day


@dataclass(frozen=True, eq=False)
class ResultNames:
    """What the codes of `PackedResults` rows stand for: analyte and category names by
    code, and each analyte's unit (by analyte code)."""

    analytes: tuple[str, ...]
    categories: tuple[str | None, ...]
    units: tuple[str, ...]
    days: _Days

    @classmethod
    def of(cls, analytes: Sequence[str], categories: Sequence[str | None], units: Sequence[str]) -> ResultNames:
        return cls(tuple(analytes), tuple(categories), tuple(units), _Days())

    def made(self, rows: np.ndarray) -> list[Result]:
        """Packed rows -> results."""
        analytes, categories, units, days = self.analytes, self.categories, self.units, self.days
        new = tuple.__new__
        return [
            new(
                Result,
                (
                    days[d],
                    analytes[a],
                    None if v != v else v,
                    categories[c],
                    units[a],
                    b != 0,
                    None if lo != lo else lo,
                ),
            )
            for _, d, a, c, b, v, lo in rows.tolist()
        ]


def _quantities(rows: np.ndarray) -> list[float | None]:
    """Each row's value as calculations read it: 0.0 when BLQ, None when missing."""
    blq = rows["blq"].tolist()
    return [0.0 if b else None if v != v else v for b, v in zip(blq, rows["value"].tolist(), strict=True)]


def keys_of(rows: np.ndarray) -> list[int]:
    """Each row's (analyte code, day) as one integer: proleptic ordinals are below 2**22."""
    keys: list[int] = ((rows["analyte"].astype("i8") << 22) | rows["day"]).tolist()
    return keys


class PackedResults(Sequence[Result]):
    """Results kept as packed rows (a numpy structured array with the fields of `FIELDS`,
    in that order: day is a proleptic ordinal, analyte and category codes into `names`,
    value and lloq NaN for none), sorted by (analyte, date), made into `Result`s only
    while they are read.

    At 10,000 subjects the cohort holds ~900,000 results: as tuples ~150 MB, packed ~30
    MB. A slice is packed results too; equal to any sequence of the same results.

    `base` and `at`: the rows are `base[at : at + len(rows)]`, the array they were
    unpacked from with the other subjects' (`PackedResults.sharing`, `base`).
    """

    FIELDS = ("id", "day", "analyte", "category", "blq", "value", "lloq")
    __slots__ = ("_rows", "names", "_base", "_at", "_stop")

    def __init__(self, rows: np.ndarray, names: ResultNames, base: np.ndarray | None = None, at: int = 0) -> None:
        self._rows: np.ndarray | None = rows
        self.names = names
        self._base = rows if base is None else base
        self._at = at
        self._stop = at + len(rows)

    @classmethod
    def _part(cls, base: np.ndarray, names: ResultNames, start: int, stop: int) -> PackedResults:
        """Rows `start:stop` of `base`; their numpy view made only when read."""
        part = cls.__new__(cls)
        part._rows = None
        part.names = names
        part._base = base
        part._at = start
        part._stop = stop
        return part

    @property
    def rows(self) -> np.ndarray:
        """The packed rows (a view of the array they came from)."""
        if self._rows is None:
            self._rows = self._base[self._at : self._stop]
        return self._rows

    @classmethod
    def sharing(cls, rows: np.ndarray, names: ResultNames, bounds: Sequence[tuple[int, int]]) -> list[PackedResults]:
        """`PackedResults(rows[start:stop], names)` for each (start, stop), each view made
        only when read (most subjects' parts are read through `by_analyte`)."""
        return [cls._part(rows, names, start, stop) for start, stop in bounds]

    def base(self) -> tuple[np.ndarray, int, int]:
        """The array these rows were unpacked from with others, and where in it they are
        (start, stop): for a reader that goes through every row of the array once and
        then takes each subject's part."""
        return self._base, self._at, self._stop

    def __len__(self) -> int:
        return self._stop - self._at

    @overload
    def __getitem__(self, index: int) -> Result: ...

    @overload
    def __getitem__(self, index: slice) -> PackedResults: ...

    def __getitem__(self, index: int | slice) -> Result | PackedResults:
        if isinstance(index, slice):
            start, _, step = index.indices(len(self.rows))
            if step == 1:
                return PackedResults(self.rows[index], self.names, self._base, self._at + start)
            return PackedResults(self.rows[index], self.names)
        n = len(self.rows)
        at = index + n if index < 0 else index
        if not 0 <= at < n:
            raise IndexError(index)
        return self.names.made(self.rows[at : at + 1])[0]

    def __iter__(self) -> Iterator[Result]:
        return iter(self.names.made(self.rows))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"PackedResults({tuple(self)!r})"

    def last_date(self) -> date:
        """The date of the last result (not empty), without making it."""
        return self.names.days[int(self._base["day"][self._stop - 1])]

    def study_days(self, day0: int) -> tuple[list[int], list[float | None], list[bool]]:
        """Each result's study day (days since the proleptic ordinal `day0`), value (0.0
        when BLQ, None when missing) and BLQ flag, without making the results."""
        rows = self.rows
        return (
            [day - day0 for day in rows["day"].tolist()],
            _quantities(rows),
            (rows["blq"] != 0).tolist(),
        )

    def dated_values(self) -> list[tuple[date, float | None]]:
        """Each result's date and value (0.0 when BLQ, None when missing), without making
        the results."""
        rows = self.rows
        dates = map(self.names.days.__getitem__, rows["day"].tolist())
        return list(zip(dates, _quantities(rows), strict=True))

    def by_analyte(self, as_of: date) -> dict[str, PackedResults] | None:
        """The results up to `as_of` by analyte, each in date order (empty ones left out),
        when they are in (analyte, date) order, as the packs keep them; else None."""
        names, base, first = self.names, self._base, self._at
        keys = keys_of(self.rows)
        if keys != sorted(keys):
            return None  # not in the packs' order: grouped as any results are
        limit = as_of.toordinal()
        out: dict[str, PackedResults] = {}
        start, n = 0, len(keys)
        while start < n:
            code = keys[start] >> 22
            end = bisect_right(keys, (code << 22) | _LAST_DAY, start)
            stop = bisect_right(keys, (code << 22) | limit, start, end)  # the results up to the as-of date
            if stop > start:
                out[names.analytes[code]] = PackedResults._part(base, names, first + start, first + stop)
            start = end
        return out


def grouped_by_analyte(
    parts: Sequence[PackedResults], as_of: date
) -> list[tuple[dict[str, PackedResults], int] | None]:
    """`part.by_analyte(as_of)` of each part, with the proleptic ordinal of its last
    result up to `as_of` (0: none), a numpy pass per array the parts were unpacked
    from instead of several per part; None for a part not in (analyte, date) order."""
    out: list[tuple[dict[str, PackedResults], int] | None] = [None] * len(parts)
    by_base: dict[int, tuple[np.ndarray, ResultNames, list[tuple[int, int, int]]]] = {}
    for i, part in enumerate(parts):
        base, start, stop = part.base()
        by_base.setdefault(id(base), (base, part.names, []))[2].append((i, start, stop))
    for base, names, spans in by_base.values():
        _group_spans(base, names, spans, as_of.toordinal(), out)
    return out


def _group_spans(
    base: np.ndarray,
    names: ResultNames,
    spans: Sequence[tuple[int, int, int]],
    limit: int,
    out: list[tuple[dict[str, PackedResults], int] | None],
) -> None:
    """`grouped_by_analyte` of the parts (index, start, stop) of one array."""
    index, starts, stops = (np.array(column, dtype=np.int64) for column in zip(*spans, strict=True))
    lengths = stops - starts
    ends = np.cumsum(lengths)
    if not ends[-1]:
        for i in index.tolist():
            out[i] = ({}, 0)
        return
    at = np.repeat(starts - (ends - lengths), lengths) + np.arange(int(ends[-1]))
    keys = (base["analyte"][at].astype(np.int64) << 22) | base["day"][at]
    first = np.zeros(len(at), dtype=bool)  # the first row of its part
    first[(ends - lengths)[lengths > 0]] = True
    # A part is in order when no row's key is below the one before it in the same part.
    falls = np.flatnonzero((keys[1:] < keys[:-1]) & ~first[1:]) + 1
    unordered = set(np.searchsorted(ends, falls, side="right").tolist())
    # Groups: runs of one analyte within a part; the rows up to `limit` are a prefix of each.
    starts_group = np.flatnonzero(first | np.concatenate(([True], (keys[1:] >> 22) != (keys[:-1] >> 22))))
    kept = np.add.reduceat((base["day"][at] <= limit).astype(np.int64), starts_group)
    owners = np.searchsorted(ends, starts_group, side="right")
    owner = owners.tolist()
    analytes = (keys[starts_group] >> 22).tolist()
    group_at = at[starts_group].tolist()
    # Each part's last day up to `limit`: the latest over its analytes that have a result by then.
    latest = np.zeros(len(spans), dtype=np.int64)
    np.maximum.at(latest, owners, np.where(kept > 0, base["day"][at[np.maximum(starts_group + kept - 1, 0)]], 0))
    lasts = latest.tolist()
    maps: list[dict[str, PackedResults]] = [{} for _ in spans]
    analyte_names, new = names.analytes, PackedResults.__new__
    for k, code, row, n in zip(owner, analytes, group_at, kept.tolist(), strict=True):
        if n:
            # `PackedResults._part`, written out: ~110,000 parts at 10,000 subjects.
            part = new(PackedResults)
            part._rows, part.names, part._base, part._at, part._stop = None, names, base, row, row + n
            maps[k][analyte_names[code]] = part
    for k, i in enumerate(index.tolist()):
        if k not in unordered:
            out[i] = (maps[k], lasts[k])


class AdverseEvent(NamedTuple):
    """An adverse event; `grade` is CTCAE v5 (`kind='ctcae'`) or ASTCT (`crs`, `icans`)."""

    onset: date
    term: str
    grade: int
    kind: str = "ctcae"
    serious: bool = False
    related: bool = False
    dlt: bool = False
    special_interest: str | None = None
    resolved: date | None = None


@dataclass(frozen=True, slots=True)
class SubjectRecord:
    """Everything the endpoints need about one infused subject.

    `alive_dates` are the dates of completed visits and contacts that showed the
    subject alive; results and events add to them (see `Cohort`).
    """

    subject_id: str
    site: str
    dose_level: str
    infusion_date: date
    birth_date: date | None = None
    sex: str | None = None
    events: tuple[Event, ...] = ()
    results: Sequence[Result] = ()  # a tuple, or `PackedResults` from the database
    adverse_events: tuple[AdverseEvent, ...] = ()
    alive_dates: tuple[date, ...] = ()


_NUMBER = re.compile(r"(-?\d+(?:\.\d+)?)")


def dose_level_sort_key(dose_level: str) -> tuple[tuple[int, float | str], ...]:
    """Natural order of dose-level names: DL-1 < DL1 < DL2 < DL10.

    Numbers compare as numbers, the rest case-insensitively as text.
    """
    key: list[tuple[int, float | str]] = []
    for i, part in enumerate(_NUMBER.split(dose_level)):
        if i % 2:
            key.append((0, float(part)))
        elif part:
            key.append((1, part.casefold()))
    return tuple(key)


class PackedColumns(NamedTuple):
    """The results of several parts (e.g. one analyte of every subject) that are
    `PackedResults`, as columns (`PackedResults.FIELDS`): each part's rows together and
    in their order, the parts of one array in part order."""

    owner: np.ndarray  # the index of the part each row is of
    rows: dict[str, np.ndarray]  # field name -> column
    names: ResultNames | None  # None: no packed part
    packed: list[int]  # the parts in `rows` (some may have no rows), in order
    plain: list[int]  # the parts that are sequences of `Result`s (not in `rows`), in order


def run_starts(owner: np.ndarray) -> np.ndarray:
    """Where each run of one `owner` value starts (`packed_columns` keeps a part's rows together)."""
    return np.flatnonzero(np.append(True, owner[1:] != owner[:-1])) if len(owner) else owner


def run_ends(owner: np.ndarray) -> np.ndarray:
    """Where each run of one `owner` value ends."""
    return np.flatnonzero(np.append(owner[1:] != owner[:-1], True)) if len(owner) else owner


def packed_columns(
    parts: Sequence[Sequence[Result] | None], fields: Sequence[str] = ("day", "category", "blq", "value")
) -> PackedColumns:
    """The `fields` of the rows of every packed part of `parts` (None: no results), a
    numpy pass per array they were unpacked from instead of one or more per part."""
    # One pass over the parts, then the columns of what it found.
    spans = [
        (i, part, part._base, part._at, part._stop) for i, part in enumerate(parts) if type(part) is PackedResults
    ]
    plain = [i for i, part in enumerate(parts) if part is not None and type(part) is not PackedResults]
    n_plain = len(plain)
    index: list[int]
    index, packed, bases, start, stop = (list(c) for c in zip(*spans, strict=True)) if spans else ([],) * 5
    base_of = np.array(list(map(id, bases)), dtype=np.int64)
    starts, stops = np.array(start, dtype=np.int64), np.array(stop, dtype=np.int64)
    which = np.array(index, dtype=np.int64)
    owners: list[np.ndarray] = []
    columns: dict[str, list[np.ndarray]] = {field: [] for field in fields}
    names = packed[0].names if packed else None
    _, firsts = np.unique(base_of, return_index=True)
    for first in sorted(firsts.tolist()):
        base, named = bases[first], packed[first].names
        mine = np.flatnonzero(base_of == base_of[first])
        if named is not names:  # codes standing for other names: read as results
            plain += which[mine].tolist()
            continue
        lengths = stops[mine] - starts[mine]
        ends = np.cumsum(lengths)
        at = np.repeat(starts[mine] - (ends - lengths), lengths) + np.arange(int(ends[-1]))
        owners.append(np.repeat(which[mine], lengths))
        for field in fields:
            columns[field].append(base[field][at])
    if len(plain) > n_plain:  # some packed parts are read as results after all
        plain.sort()
        index = sorted(set(index).difference(plain))
    if not owners:
        none = np.zeros(0, dtype=np.int64)
        return PackedColumns(none, {field: none for field in fields}, None, index, plain)
    return PackedColumns(
        np.concatenate(owners), {field: np.concatenate(column) for field, column in columns.items()}, names, index, plain
    )
