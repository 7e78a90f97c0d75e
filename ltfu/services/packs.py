"""Each subject's analysed results packed into one binary array: what the endpoints read.

At 10,000 subjects the endpoints read ~560,000 results; through the driver that is
~4 million Python objects (~0.8 s) before any statistics. `result_pack` holds, per
subject, the same rows as one little-endian numpy array (`PACK`) sorted by (analyte,
date, id), so the endpoints read 10,000 blobs and hand the analysis the rows as they
are (`ltfu.analysis.PackedResults`: results made only while read, ~30 MB instead of ~150).

Derived, like the stored safety alerts (`ltfu.services.derived` keeps both in step):
- a write of results merges the new rows into their subjects' tails (`merge`):
  `result_pack_tail` holds, packed the same way, a subject's rows added since its
  pack was last written whole, and is read with it. A lab file of the whole cohort
  then writes ten new rows a subject (~3 MB at 10,000 subjects) instead of rewriting
  every pack (~28 MB, two fifths of what the import wrote); a tail grown past a
  quarter of its pack is folded into the pack;
- a demo build, an archive restore, an upgrade and `ltfu check --rebuild-derived`
  pack everyone again from the table (`rebuild`), without tails;
- each pack and tail carries the count and the highest id of the subject's result
  rows of the analysed analytes it stands for (voided ones included). `load` compares
  a subject's pack and tail together with the result table's index and reads any
  subject that differs straight from the table: a write that bypassed the packs costs
  time, never a wrong endpoint;
- results are never updated in place (a correction is a new row). Anything that
  ever changes a stored row must `rebuild` that subject; `ltfu check` compares
  every pack with the table.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from itertools import accumulate, compress
from operator import itemgetter
from typing import Any, NamedTuple, cast

import numpy as np
from sqlalchemy import Connection, bindparam, delete, insert, select, text, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from ltfu.analysis import PackedResults, Result, ResultNames
from ltfu.db import models as m
from ltfu.db.bulk import chunked
from ltfu.db.days import Days
from ltfu.db.engine import driver_connection, driver_rows
from ltfu.errors import Message
from ltfu.services.units import ANALYTES, UNITS, implausible, plausible_range_text
from ltfu.vocabulary import ANALYSED_ANALYTES, RESULT_CATEGORIES
from ltfu.vocabulary import ANALYTES as VOCABULARY_ANALYTES

# The analytes the endpoint calculations read (`analysed` in `ltfu.vocabulary`), in name
# order: a pack stores each as its index here, so the results come out in the (analyte,
# date) order the cohort groups them by. Changing this tuple changes the stored format:
# the migration doing it must empty `result_pack` and `result_pack_tail` (the packs are
# rebuilt on opening).
ANALYSED = ANALYSED_ANALYTES
# Stored as an index too; 0 is "no category" (a numeric result).
_CATEGORIES = (None, *RESULT_CATEGORIES)

PACK = np.dtype(
    [
        ("id", "<i8"),
        ("day", "<i4"),  # proleptic ordinal of the result date
        ("analyte", "u1"),  # index in ANALYSED
        ("category", "u1"),  # index in _CATEGORIES
        ("blq", "u1"),
        ("value", "<f8"),  # NaN: none
        ("lloq", "<f8"),  # NaN: none
    ]
)

_ANALYTE_CODE = {name: i for i, name in enumerate(ANALYSED)}
_CATEGORY_CODE = {name: i for i, name in enumerate(_CATEGORIES)}
# A category outside the vocabulary (only a database whose CHECK constraints were
# bypassed holds one) is packed as this code and set aside when read.
_UNKNOWN_CATEGORY = 255
_UNITS = tuple(UNITS[name][0] for name in ANALYSED)  # the unit each is stored in (imports convert)
_IN_ANALYSED = "analyte IN (" + ", ".join(f"'{a}'" for a in ANALYSED) + ")"
# The same rows where the table's CHECK holds (an analyte is one of `ltfu.vocabulary.ANALYTES`),
# tested as one comparison a row instead of a lookup in a list of eleven: the stamps scan
# every result's index entry (a third less time at 10,000 subjects). A row of an analyte
# outside the vocabulary (a CHECK bypassed) is counted here but not packed: its subject's
# stamp differs and it is read from the table, which costs time, never a wrong result.
_NOT_ANALYSED = [a for a in VOCABULARY_ANALYTES if a not in ANALYSED]
_STAMPED = "analyte NOT IN (" + ", ".join(f"'{a}'" for a in _NOT_ANALYSED) + ")" if _NOT_ANALYSED else "1 = 1"

# Up to this many stale packs are read from the table by id; more, and everyone is.
_BY_ID_LIMIT = 500
# A tail of more rows than this and than a quarter of its pack's is folded into the pack.
_TAIL_MIN = 16
# Packs are unpacked, and compared with the table, this many subjects at a time: the
# rows, columns and lists made on the way then stay small (all at once, they doubled
# the peak memory of `ltfu endpoints` and `ltfu check` at 10,000 subjects).
_SUBJECTS_AT_ONCE = 1000


class _Ordinals(dict[object, int]):
    """ISO text (SQLite) or a date -> its proleptic ordinal, each distinct day parsed once."""

    def __init__(self) -> None:
        super().__init__()
        self._days = Days()

    def __missing__(self, key: object) -> int:
        self[key] = ordinal = self._days[key].toordinal()
        return ordinal


# What the codes stand for, when the results are read (one table of dates for them all).
_NAMES = ResultNames.of(ANALYSED, _CATEGORIES + (None,) * (256 - len(_CATEGORIES)), _UNITS)
assert PACK.names == PackedResults.FIELDS  # the analysis reads the packed rows as they are
# Each analysed analyte's plausible values (`units.ANALYTES`), by code; categories: any.
_LOW = np.array([-np.inf if ANALYTES[a].low is None else ANALYTES[a].low for a in ANALYSED])
_HIGH = np.array([np.inf if ANALYTES[a].high is None else ANALYTES[a].high for a in ANALYSED])


# -- reading -----------------------------------------------------------------------------------


def load(
    session: Session, as_of: dt.date | None = None, aside: list[tuple[int, Result, str]] | None = None
) -> dict[int, PackedResults]:
    """Every subject's analysed results dated on or before `as_of` (all when None), in
    (analyte, date, id) order, by subject primary key; subjects without any are absent.

    With `aside`, a value outside its analyte's plausible range (`ltfu.services.units`:
    1e100 copies/ug, a negative count, typed in before entry checked it) is left out
    and added to it as (subject primary key, result, why) instead.
    """
    conn = session.connection()
    stamps = _table_stamps(session, None)
    tails = _stored_tails(session, None)
    out: dict[int, PackedResults] = {}
    read: list[int] = []
    ids: list[int] = []
    blobs: list[bytes] = []
    tail_blobs: list[bytes] = []
    packs = "SELECT subject_id, n_results, max_result_id, data FROM result_pack ORDER BY subject_id"
    # A row at a time from the cursor (each batch's packs freed once unpacked); on SQLite
    # the driver's own cursor (no Row objects).
    sqlite = conn.dialect.name == "sqlite"
    cursor: Iterable[Any] = driver_connection(conn).execute(packs) if sqlite else conn.execute(text(packs))
    for subject_id, n_results, max_result_id, data in cursor:
        tail = tails.get(subject_id)
        if stamps.get(subject_id) == _joined_stamp((n_results, max_result_id), tail):
            ids.append(subject_id)
            blobs.append(data)
            tail_blobs.append(tail[2] if tail else b"")
            if len(ids) == _SUBJECTS_AT_ONCE:
                out.update(_unpack(ids, blobs, as_of, aside, tail_blobs))
                read += ids
                ids, blobs, tail_blobs = [], [], []
    out.update(_unpack(ids, blobs, as_of, aside, tail_blobs))
    read += ids
    stale = set(stamps).difference(read)
    if stale:
        out.update(_read_table(session, None if len(stale) > _BY_ID_LIMIT else sorted(stale), as_of, stale, aside))
    return out


def _implausible(rows: np.ndarray) -> np.ndarray:
    """Which rows hold a value (or limit) outside their analyte's plausible range."""
    low, high = _LOW[rows["analyte"]], _HIGH[rows["analyte"]]
    bad = rows["category"] >= len(_CATEGORIES)
    for column in ("value", "lloq"):
        values = rows[column]
        present = ~np.isnan(values)
        with np.errstate(invalid="ignore"):
            bad |= present & ~((values >= low) & (values <= high))
    return bad


def _unpack(
    ids: Sequence[int],
    blobs: Sequence[bytes],
    as_of: dt.date | None,
    aside: list[tuple[int, Result, str]] | None = None,
    tails: Sequence[bytes] = (),
) -> dict[int, PackedResults]:
    """Packs (and each one's tail, when given) -> results, column by column over all
    subjects at once."""
    if not ids:
        return {}
    place = np.arange(len(ids))  # each subject's place in `ids`
    owner, rows = _owned(place, blobs)
    if any(tails):
        owner, rows = _merged(owner, rows, *_owned(place, tails))
    keep = None
    if as_of is not None:
        keep = rows["day"] <= as_of.toordinal()
    if aside is not None:
        bad = _implausible(rows)
        if keep is not None:
            bad &= keep
        if bad.any():
            for i in np.flatnonzero(bad).tolist():
                aside.append((ids[int(owner[i])], *_set_aside(rows[i])))
            keep = ~bad if keep is None else keep & ~bad
    if keep is not None:
        rows, owner = rows[keep], owner[keep]  # a copy: the blobs are not kept
    lengths = np.bincount(owner, minlength=len(ids)).tolist()
    owned = [
        (sid, end - length, end) for sid, end, length in zip(ids, accumulate(lengths), lengths, strict=True) if length
    ]
    shared = PackedResults.sharing(rows, _NAMES, [(start, end) for _, start, end in owned])
    return {sid: results for (sid, _, _), results in zip(owned, shared, strict=True)}


def _set_aside(row: np.void) -> tuple[Result, str]:
    """One implausible row as a result and the reason it is not analysed."""
    analyte = ANALYSED[int(row["analyte"])]
    if int(row["category"]) >= len(_CATEGORIES):
        known = ", ".join(c for c in _CATEGORIES if c)
        result = Result(dt.date.fromordinal(int(row["day"])), analyte, None, "?", "")
        return result, Message("data.not_category", known=known)
    value = float(row["value"])
    lloq = None if math.isnan(float(row["lloq"])) else float(row["lloq"])
    result = Result(
        dt.date.fromordinal(int(row["day"])),
        analyte,
        None if math.isnan(value) else value,
        _CATEGORIES[int(row["category"])],
        UNITS[analyte][0],
        bool(row["blq"]),
        lloq,
    )
    shown = result.value if implausible(analyte, result.value) else lloq
    if shown is None or not math.isfinite(shown):
        return result, Message("data.not_finite")
    outside = "data.value_outside" if shown is result.value else "data.lloq_outside"
    return result, Message(outside, range=plausible_range_text(analyte))


def _table_stamps(session: Session, ids: Sequence[int] | None) -> dict[int, tuple[int, int]]:
    """(count, highest id) of each subject's result rows of the analysed analytes, from
    the (subject_id, analyte, result_date) index alone."""
    sql = f"SELECT subject_id, count(*), max(id) FROM result WHERE {_STAMPED}"
    conn = session.connection()
    rows: Iterable[Any]
    if ids is None:  # every subject's (10,000 rows at 10,000 subjects): the driver's own tuples
        rows = driver_rows(conn, sql + " GROUP BY subject_id", {})
    else:
        query = text(sql + " AND subject_id IN :ids GROUP BY subject_id").bindparams(bindparam("ids", expanding=True))
        rows = conn.execute(query, {"ids": list(ids)})
    return {sid: (n, top) for sid, n, top in rows}


def _joined_stamp(stamp: tuple[int, int], tail: tuple[int, int, bytes] | None) -> tuple[int, int]:
    """The (count, highest id) a pack and its tail stand for together."""
    if tail is None:
        return stamp
    return stamp[0] + tail[0], max(stamp[1], tail[1])


def _joined(blobs: Sequence[bytes], tails: Sequence[bytes]) -> list[bytes]:
    """Stored packs with their tails' rows put in place: each subject's rows as one
    pack (all at once: one merge for thousands of subjects)."""
    if not any(tails):
        return list(blobs)
    place = np.arange(len(blobs))
    owners, rows = _merged(*_owned(place, blobs), *_owned(place, tails))
    data = rows.tobytes()
    ends = list(accumulate(np.bincount(owners, minlength=len(blobs)).tolist()))
    return [data[PACK.itemsize * a : PACK.itemsize * b] for a, b in zip([0, *ends], ends, strict=False)]


def _owned(owners: np.ndarray, blobs: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """Blobs of packed rows, one per owner -> (each row's owner, the rows)."""
    lengths = [len(blob) // PACK.itemsize for blob in blobs]
    return np.repeat(owners, lengths), np.frombuffer(b"".join(blobs), dtype=PACK)


def _fetch(session: Session, ids: Sequence[int] | None, as_of: dt.date | None) -> list[tuple]:
    """(subject_id, id, date, analyte, value, category, blq, lloq) of the current analysed
    results, in (subject, analyte, date, id) order: plain tuples from the driver on SQLite."""
    conn = session.connection()
    sqlite = conn.dialect.name == "sqlite"
    where = f"voided_at IS NULL AND {_IN_ANALYSED}"
    params: dict[str, object] = {}
    if as_of is not None:
        where += " AND result_date <= :as_of"
        params["as_of"] = as_of.isoformat() if sqlite else as_of
    if ids is not None:
        if sqlite:
            where += f" AND subject_id IN ({', '.join(str(int(i)) for i in ids)})"
        else:
            where += " AND subject_id = ANY(:ids)"
            params["ids"] = list(ids)
    sql = (
        "SELECT subject_id, id, result_date, analyte, value, category, blq, lloq FROM result "
        f"WHERE {where} ORDER BY subject_id, analyte, result_date, id"
    )
    if sqlite:
        return driver_connection(conn).execute(sql, params).fetchall()
    return [tuple(row) for row in conn.execute(text(sql), params)]


def _read_table(
    session: Session,
    ids: Sequence[int] | None,
    as_of: dt.date | None,
    wanted: set[int],
    aside: list[tuple[int, Result, str]] | None = None,
) -> dict[int, PackedResults]:
    """The results of the `wanted` subjects straight from the result table."""
    owners, blobs = _split(*_as_array(_fetch(session, ids, as_of)))
    keep = [i for i, sid in enumerate(owners) if sid in wanted]
    return _unpack([owners[i] for i in keep], [blobs[i] for i in keep], None, aside)


# -- writing -----------------------------------------------------------------------------------

# A written row's columns in `_fetch` order.
_COLUMN_NAMES = ("subject_id", "id", "result_date", "analyte", "value", "category", "blq", "lloq")
_COLUMNS = itemgetter(*_COLUMN_NAMES)


def _as_array(found: Sequence[tuple]) -> tuple[np.ndarray, np.ndarray]:
    """Rows as `_fetch` returns them -> (their subject ids, the rows packed)."""
    if not found:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=PACK)
    return _columns_as_array(*zip(*found, strict=True))


def _columns_as_array(
    subject_ids: Sequence[Any],
    ids: Sequence[Any],
    days: Sequence[Any],
    analytes: Sequence[Any],
    values: Sequence[Any],
    categories: Sequence[Any],
    blqs: Sequence[Any],
    lloqs: Sequence[Any],
) -> tuple[np.ndarray, np.ndarray]:
    """`_as_array` of the rows' values column by column (in `_fetch` order)."""
    rows = np.empty(len(ids), dtype=PACK)
    if not len(ids):
        return np.empty(0, dtype=np.int64), rows
    rows["id"] = ids
    rows["day"] = list(map(_Ordinals().__getitem__, days))
    rows["analyte"] = list(map(_ANALYTE_CODE.__getitem__, analytes))
    rows["category"] = [_CATEGORY_CODE.get(c, _UNKNOWN_CATEGORY) for c in categories]
    rows["blq"] = list(map(bool, blqs))
    rows["value"] = np.array(values, dtype=float)  # None -> NaN
    rows["lloq"] = np.array(lloqs, dtype=float)
    return np.array(subject_ids, dtype=np.int64), rows


_RECORD = np.dtype((np.void, PACK.itemsize))


def _sort_key(owners: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """(subject, analyte, day) as one integer: subject ids < 2**37, analyte codes < 16,
    proleptic ordinals < 2**22 (9999-12-31 is 3,652,059)."""
    return (owners << 26) | (rows["analyte"].astype(np.int64) << 22) | rows["day"].astype(np.int64)


def _split(owners: np.ndarray, rows: np.ndarray) -> tuple[list[int], list[bytes]]:
    """Rows in subject order -> (each subject, its rows as one blob)."""
    if not len(rows):
        return [], []
    starts = np.flatnonzero(np.concatenate(([True], owners[1:] != owners[:-1])))
    bounds = [i * PACK.itemsize for i in starts.tolist()] + [rows.nbytes]
    data = rows.tobytes()
    return owners[starts].tolist(), [data[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


_Stored = type[m.ResultPack] | type[m.ResultPackTail]


def _statements(table: _Stored) -> dict[str, Executable]:
    """The insert and the update of packs or tails, each taking one parameter set per
    subject: subject, n, top (the stamp) and data."""
    values: dict[str, Any] = {"n_results": bindparam("n"), "max_result_id": bindparam("top"), "data": bindparam("data")}
    return {
        "insert": insert(table).values(subject_id=bindparam("subject"), **values),
        "update": update(table).where(table.subject_id == bindparam("subject")).values(**values),
    }


_STATEMENTS = {table: _statements(table) for table in (m.ResultPack, m.ResultPackTail)}
# The same, as the SQLite driver takes them.
_SQLITE = {
    "insert": "INSERT INTO {table} (subject_id, n_results, max_result_id, data) VALUES (:subject, :n, :top, :data)",
    "update": "UPDATE {table} SET n_results = :n, max_result_id = :top, data = :data WHERE subject_id = :subject",
}


def _write(
    session: Session, table: _Stored, kind: str, ids: Sequence[int], blobs: Sequence[bytes], stamps: Mapping
) -> None:
    """Insert or update (`kind`) these subjects' packs or tails (`table`)."""
    if not ids:
        return
    params = [
        {"subject": sid, "n": stamps[sid][0], "top": stamps[sid][1], "data": blob}
        for sid, blob in zip(ids, blobs, strict=True)
    ]
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        # Straight to the driver (the same statement, named parameters): a lab file of
        # the whole cohort writes thousands of tails, or of packs when they fold.
        driver_connection(conn).executemany(_SQLITE[kind].format(table=table.__tablename__), params)
        return
    if _lz4_offered(conn):
        # PostgreSQL compresses a value of over ~2 kB as it stores it (a pack of some
        # seventy results), with pglz unless told otherwise: lz4 takes a fraction of
        # its time both ways (a lab file of 10,000 subjects: the packs' write 1.1 ->
        # 0.5 s). The same bytes come back; the rest of this unit of work stores so too.
        conn.exec_driver_sql("SET LOCAL default_toast_compression = lz4")
    conn.execute(_STATEMENTS[table][kind], params)


def _lz4_offered(conn: Connection) -> bool:
    """True on a PostgreSQL server that can compress stored values with lz4 (version
    14 on, built with it); asked once per connection (a merge writes packs and tails)."""
    if conn.dialect.name != "postgresql":
        return False
    if "lz4_offered" not in conn.info:
        found = conn.exec_driver_sql(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        ).scalar()
        conn.info["lz4_offered"] = bool(found)
    return bool(conn.info["lz4_offered"])


def rebuild(session: Session, subject_ids: Iterable[int] | None = None) -> int:
    """Pack these subjects (everyone when None) again from the result table; returns
    how many packs they now have."""
    conn = session.connection()
    if subject_ids is None:
        conn.execute(delete(m.ResultPackTail))
        conn.execute(delete(m.ResultPack))
        return _pack(session, None)
    # Only these subjects, however many (a lab file of thousands): a few hundred at a time.
    packed = 0
    for chunk in chunked(sorted(set(subject_ids))):
        conn.execute(delete(m.ResultPackTail).where(m.ResultPackTail.subject_id.in_(chunk)))
        conn.execute(delete(m.ResultPack).where(m.ResultPack.subject_id.in_(chunk)))
        packed += _pack(session, chunk)
    return packed


def _pack(session: Session, ids: Sequence[int] | None) -> int:
    """Write the packs of these subjects (everyone when None) from the result table."""
    owners, blobs = _split(*_as_array(_fetch(session, ids, None)))
    _write(session, m.ResultPack, "insert", owners, blobs, _table_stamps(session, ids))
    return len(owners)


def merge(session: Session, rows: Iterable[Mapping[str, object]]) -> None:
    """Add newly written result rows (dicts of the result table's columns, with their
    ids) to their subjects' packs; subjects without a pack yet are packed from the table."""
    new = [r for r in rows if r["analyte"] in _ANALYTE_CODE]
    columns = zip(*map(_COLUMNS, new), strict=True) if new else [[]] * len(_COLUMN_NAMES)
    merge_columns(session, dict(zip(_COLUMN_NAMES, columns, strict=True)))


def merge_columns(session: Session, columns: Mapping[str, Sequence[object]]) -> None:
    """`merge` of new rows given column by column (name -> every row's value; the names
    of `_COLUMN_NAMES` at least): a lab file's rows without a dict each."""
    merge_fresh(session, fresh_rows(columns))


class Fresh(NamedTuple):
    """New result rows of the analysed analytes packed (`fresh_rows`), in (subject, id)
    order, and the subject of each."""

    owners: np.ndarray
    rows: np.ndarray


def fresh_rows(columns: Mapping[str, Sequence[object]]) -> Fresh | None:
    """The analysed ones of new rows given column by column, packed for `merge_fresh`
    (None: none); made without the database."""
    analysed = list(map(_ANALYTE_CODE.__contains__, columns["analyte"]))
    picked = [columns[name] for name in _COLUMN_NAMES]
    if not all(analysed):
        picked = [list(compress(values, analysed)) for values in picked]
    if not picked[0]:
        return None
    owners, rows = _columns_as_array(*picked)
    by_subject = np.lexsort((rows["id"], owners))  # (subject, id) order
    return Fresh(owners[by_subject], rows[by_subject])


def merge_fresh(session: Session, fresh: Fresh | None) -> None:
    """Add new rows (`fresh_rows`) to their subjects' tails, folding a tail grown past a
    quarter of its pack into it; subjects without a pack yet are packed from the table
    (the new rows are in it already)."""
    if fresh is None:
        return
    new_owners, new = fresh
    touched = np.unique(new_owners).tolist()
    stored = _pack_stamps(session, touched)
    missing = set(touched).difference(stored)
    if missing:
        rebuild(session, missing)
        kept = ~np.isin(new_owners, list(missing))
        new_owners, new = new_owners[kept], new[kept]
        if not len(new_owners):
            return
    subjects, first, added = np.unique(new_owners, return_index=True, return_counts=True)
    tops = np.maximum.reduceat(new["id"], first)
    subject_ids = subjects.tolist()
    # Each subject's tail with the new rows put in place, and what it then stands for.
    tails = _stored_tails(session, subject_ids)
    owners, rows = _merged(
        *_owned(subjects, [tails[sid][2] if sid in tails else b"" for sid in subject_ids]), new_owners, new
    )
    stamps = {
        sid: _joined_stamp((n, top), tails.get(sid))
        for sid, n, top in zip(subject_ids, added.tolist(), tops.tolist(), strict=True)
    }
    ids, blobs = _split(owners, rows)
    # A tail grown past a quarter of its pack (and past `_TAIL_MIN` rows) goes into the pack.
    folding = [
        len(blob) // PACK.itemsize > max(_TAIL_MIN, stored[sid][0] // 4) for sid, blob in zip(ids, blobs, strict=True)
    ]
    grown = dict(zip(compress(ids, folding), compress(blobs, folding), strict=True))
    if grown:
        packs = _stored_packs(session, list(grown))
        whole = _joined([packs[sid][2] for sid in grown], list(grown.values()))
        joined = {sid: _joined_stamp(packs[sid][:2], (*stamps[sid], b"")) for sid in grown}
        _write(session, m.ResultPack, "update", list(grown), whole, joined)
        _delete_tails(session, [sid for sid in grown if sid in tails])
    short = [not fold for fold in folding]
    ids, blobs = list(compress(ids, short)), list(compress(blobs, short))
    had = [sid in tails for sid in ids]
    _write(session, m.ResultPackTail, "update", list(compress(ids, had)), list(compress(blobs, had)), stamps)
    first_tail = [not h for h in had]
    _write(
        session, m.ResultPackTail, "insert", list(compress(ids, first_tail)), list(compress(blobs, first_tail)), stamps
    )


def _pack_stamps(session: Session, touched: list[int]) -> dict[int, tuple[int, int]]:
    """(count, highest id) of these subjects' packs; on PostgreSQL their rows stay locked
    until the unit of work ends: two writers merge one after the other."""
    return cast(dict[int, tuple[int, int]], _stored(session, m.ResultPack, touched, data=False, locked=True))


def _stored_packs(session: Session, touched: list[int]) -> dict[int, tuple[int, int, bytes]]:
    """(count, highest id, data) of these subjects' packs."""
    return cast(dict[int, tuple[int, int, bytes]], _stored(session, m.ResultPack, touched))


def _stored_tails(session: Session, touched: list[int] | None) -> dict[int, tuple[int, int, bytes]]:
    """(count, highest id, data) of these subjects' tails (everyone's when None)."""
    return cast(dict[int, tuple[int, int, bytes]], _stored(session, m.ResultPackTail, touched))


def _stored(
    session: Session, table: _Stored, touched: list[int] | None, *, data: bool = True, locked: bool = False
) -> dict[int, tuple[Any, ...]]:
    """(count, highest id[, data]) of these subjects' packs or tails (everyone's when
    None), a few hundred subjects at a time; `locked`: on PostgreSQL, locked until the
    unit of work ends."""
    names = ("subject_id", "n_results", "max_result_id", "data")[: 4 if data else 3]
    conn = session.connection()
    chunks = [None] if touched is None else list(chunked(touched))
    if conn.dialect.name == "sqlite":
        # Straight from the driver (a lab file of the cohort: 10,000 subjects, megabytes
        # of blobs as they are, no copy of each).
        driver = driver_connection(conn)
        return {
            row[0]: row[1:]
            for chunk in chunks
            for row in driver.execute(
                f"SELECT {', '.join(names)} FROM {table.__tablename__}"
                + ("" if chunk is None else f" WHERE subject_id IN ({', '.join(str(int(i)) for i in chunk)})")
            )
        }
    query = select(*(getattr(table, name) for name in names))
    if locked:
        query = query.with_for_update()
    return {
        row[0]: tuple(row[1:])
        for chunk in chunks
        for row in session.execute(query if chunk is None else query.where(table.subject_id.in_(chunk)))
    }


def _delete_tails(session: Session, subject_ids: list[int]) -> None:
    for chunk in chunked(subject_ids):
        session.connection().execute(delete(m.ResultPackTail).where(m.ResultPackTail.subject_id.in_(chunk)))


def _merged(
    old_owners: np.ndarray, old: np.ndarray, fresh_owners: np.ndarray, fresh: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Stored rows (in subject, then pack order) and more rows (in subject order, and
    in id order where their subject, analyte and day are the same: new rows in id
    order, or a tail in pack order) -> all of them in subject then pack order, with
    their subjects."""
    old_key, fresh_key = _sort_key(old_owners, old), _sort_key(fresh_owners, fresh)
    if len(old) and bool(np.all(old_key[1:] >= old_key[:-1])):
        # The stored rows are in order: each other row goes in after the stored rows of
        # its subject, analyte and day, as the (analyte, day, id) order wants, when its
        # id is higher than theirs (the usual case: new rows have the highest ids). The
        # stored rows are not sorted again.
        by_key = np.argsort(fresh_key, kind="stable")  # on the same key: in id order
        keys = fresh_key[by_key]
        at = np.searchsorted(old_key, keys, side="right")
        before = np.maximum(at - 1, 0)
        if not np.any((at > 0) & (old_key[before] == keys) & (old["id"][before] > fresh["id"][by_key])):
            # Moved as raw 31-byte records: much faster than a structured copy, same bytes.
            rows = np.insert(old.view(_RECORD), at, fresh.view(_RECORD)[by_key]).view(PACK)
            return np.insert(old_owners, at, fresh_owners[by_key]), rows
    both = np.concatenate((old, fresh))
    owners = np.concatenate((old_owners, fresh_owners))
    order = np.lexsort((both["id"], _sort_key(owners, both)))
    return owners[order], both.view(_RECORD)[order].view(PACK)


# -- checking ----------------------------------------------------------------------------------


class Expected:
    """The packs the result rows call for, packed from rows another reader gives as it
    passes in id order (`ltfu check`'s replay reads the whole result table once: the
    analysed results are not read a second time). Rows are the result table's id and
    `fields`, at most `capacity` of them (the table's row count: pages not written
    take no memory). Anything `_as_array` could not pack in `_fetch`'s order (a date
    not written as YYYY-MM-DD, a value that is no number) or more rows than that leave
    it `failed`: `out_of_step` then reads the table itself, and says what it met."""

    def __init__(self, fields: Sequence[str], capacity: int) -> None:
        at = {name: i + 1 for i, name in enumerate(fields)}
        # The columns `_fetch` reads, in its order, by their place in a row.
        self._columns = (at["subject_id"], 0, *(at[f] for f in _COLUMN_NAMES[2:]))
        self._analyte, self._voided = at["analyte"], at["voided_at"]
        self._days = _CheckedOrdinals()
        self.rows = np.empty(capacity, dtype=PACK)
        self.owners = np.empty(capacity, dtype=np.int64)
        self.n = 0
        self.failed = False

    def add(self, batch: Sequence[tuple]) -> None:
        """The batch's analysed, current rows packed as `_as_array` packs them, column by
        column (a million rows: each value is looked at once, in C where it can be)."""
        if self.failed or not batch:
            return
        codes = _ANALYTE_CODE
        voided, analyte = map(itemgetter(self._voided), batch), map(itemgetter(self._analyte), batch)
        keep = [v is None and a in codes for v, a in zip(voided, analyte, strict=True)]
        rows = batch if all(keep) else list(compress(batch, keep))
        # Each column by itself (zip(*rows) over 5,000 rows takes four times as long).
        subject_ids, ids, days, analytes, values, categories, blqs, lloqs = [
            list(map(itemgetter(i), rows)) for i in self._columns
        ]
        if not ids:
            return
        end = self.n + len(ids)
        try:
            if end > len(self.rows):
                raise ValueError("more rows than counted")
            # A date not as YYYY-MM-DD: its text order might not be its day order (`_CheckedOrdinals`).
            day = list(map(self._days.__getitem__, days))
            self.owners[self.n : end] = subject_ids
            packed = self.rows[self.n : end]
            packed["id"] = ids
            packed["day"] = day
            packed["analyte"] = list(map(codes.__getitem__, analytes))
            packed["category"] = [_CATEGORY_CODE.get(c, _UNKNOWN_CATEGORY) for c in categories]
            packed["blq"] = list(map(bool, blqs))
            packed["value"] = np.array(values, dtype=float)  # None -> NaN
            packed["lloq"] = np.array(lloqs, dtype=float)
        except (ValueError, TypeError, OverflowError):
            self.failed = True
            self.rows, self.owners = np.empty(0, dtype=PACK), np.empty(0, dtype=np.int64)
            return
        self.n = end


class _CheckedOrdinals(_Ordinals):
    """`_Ordinals` of dates written as YYYY-MM-DD text only: anything else raises ValueError
    (each distinct day looked at once, when first met)."""

    def __missing__(self, key: object) -> int:
        if not (type(key) is str and len(key) == 10 and key[4] == key[7] == "-"):
            raise ValueError("a date not as YYYY-MM-DD")
        return super().__missing__(key)


def out_of_step(session: Session, packed: Expected | None = None) -> tuple[str, ...]:
    """Study ids whose pack differs from their results in the table (none when every
    write kept them in step); `ltfu check` reports them. `packed`: the packs rows read
    once already call for (the whole result table given to it)."""
    if packed is not None and not packed.failed:
        return _study_ids(session, _differing(session, packed))
    stamps = _table_stamps(session, None)
    tails = _stored_tails(session, None)
    packs = session.execute(
        select(m.ResultPack.subject_id, m.ResultPack.n_results, m.ResultPack.max_result_id, m.ResultPack.data)
    ).all()
    joined = _joined([bytes(data) for *_, data in packs], [tails[sid][2] if sid in tails else b"" for sid, *_ in packs])
    stored = {
        sid: (_joined_stamp((n, top), tails.get(sid)), blob)
        for (sid, n, top, _), blob in zip(packs, joined, strict=True)
    }
    subjects = sorted(stamps.keys() | stored.keys())
    differing = tails.keys() - stored.keys()  # a tail without its pack
    for start in range(0, len(subjects), _SUBJECTS_AT_ONCE):
        batch = subjects[start : start + _SUBJECTS_AT_ONCE]
        owners, blobs = _split(*_as_array(_fetch(session, batch, None)))
        expected = {sid: (stamps[sid], blob) for sid, blob in zip(owners, blobs, strict=True)}
        differing.update(sid for sid in batch if expected.get(sid) != stored.get(sid))
    return _study_ids(session, differing)


def _study_ids(session: Session, differing: set[int]) -> tuple[str, ...]:
    if not differing:
        return ()
    return tuple(
        session.scalars(select(m.Subject.study_id).where(m.Subject.id.in_(differing)).order_by(m.Subject.study_id))
    )


def _differing(session: Session, expected: Expected) -> set[int]:
    """Subjects whose stored pack is not the one `expected` packed, with its stamp: the
    rows put in `_fetch`'s order at once, each stored pack compared where it passes."""
    stamps = _table_stamps(session, None)
    rows, owners = expected.rows[: expected.n], expected.owners[: expected.n]
    # (subject, analyte, day) as `_sort_key` makes it, then id: the rows came in id order.
    key = owners.astype(np.int64)
    key <<= 26
    part = rows["analyte"].astype(np.int64)
    part <<= 22
    key |= part
    del part
    key |= rows["day"]
    order = np.argsort(key, kind="stable")
    del key
    ordered = owners[order]
    records = rows.view(_RECORD)  # a pack's rows taken in order as raw records (as `merge` does)
    span: dict[int, tuple[int, int]] = {}
    if len(ordered):
        starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1]))).tolist()
        span = dict(zip(ordered[starts].tolist(), zip(starts, [*starts[1:], len(ordered)], strict=True), strict=True))
    del ordered
    differing: set[int] = set()
    tails = _stored_tails(session, None)
    # Packs with a tail: compared once joined to it, a thousand subjects at a time.
    waiting: list[tuple[int, bytes, bytes, bytes]] = []  # (subject, expected, pack, tail)

    def compare_joined() -> None:
        joined = _joined([pack for _, _, pack, _ in waiting], [tail for *_, tail in waiting])
        differing.update(sid for (sid, want, _, _), got in zip(waiting, joined, strict=True) if got != want)
        waiting.clear()

    for sid, n, top, blob in session.execute(
        select(m.ResultPack.subject_id, m.ResultPack.n_results, m.ResultPack.max_result_id, m.ResultPack.data)
    ):
        where = span.pop(sid, None)
        tail = tails.pop(sid, None)
        if where is None or stamps.get(sid) != _joined_stamp((n, top), tail):
            differing.add(sid)
        elif tail is not None:
            waiting.append((sid, records[order[slice(*where)]].tobytes(), bytes(blob), tail[2]))
            if len(waiting) == _SUBJECTS_AT_ONCE:
                compare_joined()
        elif records[order[slice(*where)]].tobytes() != bytes(blob):
            differing.add(sid)
    compare_joined()
    differing.update(span)  # results with no pack
    differing.update(tails)  # a tail without its pack
    return differing
