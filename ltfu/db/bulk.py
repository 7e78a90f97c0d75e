"""Bulk inserts for the demo cohort and large imports; reads of many rows beside other work.

SQLAlchemy's executemany path spends more time building parameters than SQLite
spends writing rows. On SQLite this converts each column once with the column type's
own bind processor and hands plain tuples to the driver: the same stored values,
about twice as fast. Other databases take SQLAlchemy's path (psycopg batches well).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from itertools import chain, repeat
from operator import is_, itemgetter
from typing import Any, TypeVar, cast

from sqlalchemy import (
    Boolean,
    ColumnDefault,
    Connection,
    Date,
    DateTime,
    Row,
    Select,
    Table,
    bindparam,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from ltfu.db.engine import WRITING, driver_connection

T = TypeVar("T")

IN_CHUNK = 500  # values per IN (...): well under every driver's limit on bound parameters


def chunked(values: Sequence[T]) -> Iterator[list[T]]:
    """`values` in slices small enough for one IN (...) each: a bulk read of any number
    of subjects is a few statements, never one per subject."""
    for start in range(0, len(values), IN_CHUNK):
        yield list(values[start : start + IN_CHUNK])


def rows_in_one_step(reader: Session | Connection, query: Select[*tuple[Any, ...]]) -> Sequence[Sequence[Any]]:
    """The rows of `query`, in no particular order, read from the database in one step.

    For a read running beside Python work on another thread (the annual report's counts
    beside its endpoints). Python's sqlite3 lets go of the interpreter's lock for each
    row it steps to and must then wait for the other thread to hand it back (up to the
    switch interval, 5 ms): 16,000 rows that take SQLite 0.3 s took 2 s beside the
    endpoints. On SQLite the rows are made into one JSON array by SQLite itself
    (`json_group_array`), one step, decoded by `json.loads`; PostgreSQL's driver
    receives a result whole anyway. Values: text (SQLite's dates: ISO text, see
    `ltfu.db.days.Days`), integers and NULL; no floats (JSON would round them).

    `reader`: a session (the rows its user may see: the grants' criteria reach into the
    subquery) or a connection (every row: the query filters them itself).
    """
    bind = reader.get_bind() if isinstance(reader, Session) else reader
    if bind.dialect.name != "sqlite":
        return reader.execute(query).all()
    rows = query.subquery()
    packed = reader.execute(select(func.json_group_array(func.json_array(*rows.c)))).scalar_one()
    return cast(list[list[Any]], json.loads(packed))


def live_by(
    session: Session,
    key: InstrumentedAttribute[T],
    keys: Sequence[T],
    *columns: Any,
    order_by: Sequence[Any] = (),
    outerjoin: tuple[Any, Any] | None = None,
) -> dict[T, list[Row[Any]]]:
    """The rows not voided of `key`'s table whose `key` is one of `keys`, grouped by it
    (every key present, maybe with none): each a row of `key` then `columns` (after an
    outer join `(target, on)` where given), in `order_by` order; a chunk of keys a query."""
    table = key.class_
    found: dict[T, list[Row[Any]]] = {k: [] for k in keys}
    for chunk in chunked(keys):
        query = select(key, *columns)
        if outerjoin is not None:
            query = query.outerjoin(*outerjoin)
        for row in session.execute(query.where(key.in_(chunk), table.voided_at.is_(None)).order_by(*order_by)):
            found[row[0]].append(row)
    return found


def bulk_insert(conn: Connection, table: Table, rows: Sequence[Mapping[str, object]]) -> int:
    """Insert `rows` (dicts; missing keys are NULL) into `table`; returns the count."""
    if not rows:
        return 0
    keys = _all_keys(rows)
    complete = all(len(row) == len(keys) for row in rows)  # then every row has every key
    _insert(
        conn,
        table,
        len(rows),
        keys,
        lambda name: list(map(itemgetter(name), rows)) if complete else [row.get(name) for row in rows],
    )
    return len(rows)


def bulk_insert_columns(
    conn: Connection, table: Table, columns: Mapping[str, Sequence[object]], order: Sequence[int] | None = None
) -> int:
    """`bulk_insert` of rows given column by column (name -> every row's value, all of one
    length): the same statement and stored values, without a dict per row.

    `order`: on SQLite, the rows are handed to the driver at these positions, one after
    the other (every row once). Rows that carry their ids are stored the same in any
    order (a rowid table keeps them by id); in the order of an index's key, the index
    takes them page by page instead of all over its pages. Other databases take the
    rows as given (their tables keep rows in the order written)."""
    n = _column_rows(table, columns, order)
    if n:
        _insert(conn, table, n, set(columns), lambda name: list(columns[name]), order)
    return n


def bulk_insert_columns_beside(
    conn: Connection,
    table: Table,
    columns: Mapping[str, Sequence[object]],
    order: Sequence[int] | None,
    meanwhile: Callable[[], T],
) -> T:
    """`bulk_insert_columns`, with `meanwhile` (work in Python alone: it must not use the
    database) done while the rows are written; returns what it returns. On SQLite the
    rows go through a temporary table (`_staged`): SQLite moves them into the table in
    one statement, without Python's lock, and `meanwhile` runs on a second thread.
    Elsewhere it runs after the insert."""
    n = _column_rows(table, columns, order)
    if n and conn.dialect.name == "sqlite":
        return cast(T, _insert(conn, table, n, set(columns), lambda name: list(columns[name]), order, meanwhile))
    if n:
        _insert(conn, table, n, set(columns), lambda name: list(columns[name]), order)
    return meanwhile()


def _column_rows(table: Table, columns: Mapping[str, Sequence[object]], order: Sequence[int] | None) -> int:
    """How many rows the columns hold (ValueError: columns, or `order`, of another length)."""
    lengths = {len(values) for values in columns.values()}
    if len(lengths) > 1:
        raise ValueError(f"columns of different lengths for {table.name}: {sorted(lengths)}")
    n = lengths.pop() if lengths else 0
    if n and order is not None and len(order) != n:
        raise ValueError(f"an order of {len(order)} positions for {n} rows of {table.name}")
    return n


def _insert(
    conn: Connection,
    table: Table,
    n: int,
    keys: set[str],
    column: Callable[[str], list[object]],
    order: Sequence[int] | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> object:
    """Insert `n` rows naming `keys`, `column(name)` giving the values of each (SQLite:
    handed over in `order`, and through a temporary table with `meanwhile` run beside,
    see `bulk_insert_columns`); returns what `meanwhile` returned, else `n`."""
    # Python-side column defaults apply as in an ORM insert; a callable default
    # (a timestamp) is evaluated once for the whole batch.
    defaults = {
        c.name: (c.default.arg(None) if c.default.is_callable else c.default.arg)
        for c in table.columns
        if c.name not in keys and isinstance(c.default, ColumnDefault)  # not a Sequence
    }
    names = [c.name for c in table.columns if c.name in keys or c.name in defaults]
    values = [[defaults[name]] * n if name in defaults else column(name) for name in names]
    if conn.dialect.name != "sqlite":
        if conn.dialect.name == "postgresql" and not any(_naive_time(table.c[name].type) for name in names):
            copy_rows(conn, table.name, names, zip(*_processed(conn, table, names, values), strict=True))
        else:
            conn.execute(insert(table), [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)])
        if conn.dialect.name == "postgresql" and "id" in names:
            # Rows came with their ids: move the sequence past them (forward only: ids
            # another transaction took from it stay taken), or the next ordinary
            # insert would collide.
            top = max(cast(int, v) for v in values[names.index("id")] if v is not None)
            seq = _sequence(conn, table)
            conn.exec_driver_sql(
                f"SELECT setval(%(seq)s::regclass, %(top)s) FROM {seq} "
                "WHERE %(top)s >= last_value + CASE WHEN is_called THEN 1 ELSE 0 END",
                {"seq": seq, "top": top},
            )
        return n
    processed = _processed(conn, table, names, values)
    if meanwhile is not None:
        return _staged(conn, table.name, names, processed, order, meanwhile)
    quoted = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" for _ in names)
    rows = list(zip(*processed, strict=True))
    if order is not None:
        rows = list(map(rows.__getitem__, order))
    conn.exec_driver_sql(f'INSERT INTO "{table.name}" ({quoted}) VALUES ({marks})', rows)
    return n


def _staged(
    conn: Connection,
    table_name: str,
    names: Sequence[str],
    columns: list[list[object]],
    order: Sequence[int] | None,
    meanwhile: Callable[[], object],
) -> object:
    """SQLite: the rows (`columns` of `names`, handed over in `order`) into `table_name`
    through a temporary table, with `meanwhile` run on a second thread while they go
    from there into the table; returns what it returned.

    Handing rows to the driver needs Python's lock; SQLite writing them into the table
    and its indexes does not, but in an executemany it takes and gives back the lock
    at every row. Here the driver hands them over first, to a table without indexes;
    one statement then moves them all, in their order, without the lock. A column
    holding one object in every row (the file's name, a default) is bound once in that
    statement instead. The staging columns have no declared type, so they keep each
    value exactly as bound: the insert from them gives the table the values, types and
    constraint checks a direct insert of the same parameters would."""
    # The first column is always staged: it carries the rows (one row holds one object in each).
    fixed = [False] + [all(map(is_, column, repeat(column[0]))) for column in columns[1:]]
    staged = [f'"{name}"' for name, f in zip(names, fixed, strict=True) if not f]
    rows = list(zip(*(column for column, f in zip(columns, fixed, strict=True) if not f), strict=True))
    if order is not None:
        rows = list(map(rows.__getitem__, order))
    picked = ", ".join("?" if f else f'"{name}"' for name, f in zip(names, fixed, strict=True))
    once = tuple(column[0] for column, f in zip(columns, fixed, strict=True) if f)
    stage = f'"stage_{table_name}"'
    conn.exec_driver_sql(f"CREATE TEMPORARY TABLE {stage} ({', '.join(staged)})")
    try:
        insert_rows(conn, f"INSERT INTO {stage}", rows)  # rowids 1, 2, ... in order; the repeats after n
        n = len(rows)
        del rows
        quoted = ", ".join(f'"{name}"' for name in names)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ltfu-meanwhile") as beside:
            done = beside.submit(meanwhile)
            conn.exec_driver_sql(
                f'INSERT INTO "{table_name}" ({quoted}) SELECT {picked} FROM {stage} WHERE rowid <= ? ORDER BY rowid',
                (*once, n),
            )
        return done.result()
    finally:
        conn.exec_driver_sql(f"DROP TABLE {stage}")


# Rows to a statement in `insert_rows` (at most 32,766 parameters to one on SQLite 3.32 on).
_ROWS_AT_ONCE = 100


def insert_rows(conn: Connection, head: str, rows: Sequence[tuple[Any, ...]]) -> None:
    """SQLite: `head` ("INSERT INTO t (a, b)", any conflict clause in it) with `rows` (of
    one width), a hundred rows to a statement, in one executemany: the same rows as one
    a statement, in a hundredth of the steps (a lab file of 100,000 rows: a fifth less
    time). The last statement's places left over hold the last row again, so that any
    number of rows takes the same statements: the caller keeps the first `len(rows)`
    rows of a rowid table, or has a key ignore the repeats (INSERT OR IGNORE)."""
    if not rows:
        return
    one = "(" + ", ".join("?" for _ in rows[0]) + ")"
    padded = [*rows, *[rows[-1]] * (-len(rows) % _ROWS_AT_ONCE)]
    conn.exec_driver_sql(
        f"{head} VALUES {', '.join([one] * _ROWS_AT_ONCE)}",
        [tuple(chain.from_iterable(padded[i : i + _ROWS_AT_ONCE])) for i in range(0, len(padded), _ROWS_AT_ONCE)],
    )


def _processed(conn: Connection, table: Table, names: Sequence[str], values: list[list[object]]) -> list[list[object]]:
    """The values of each of `names`, as the driver is to get them: column by column, one
    bind processor per column over all its values."""
    out = []
    for name, column in zip(names, values, strict=True):
        kind = table.columns[name].type
        process = kind._cached_bind_processor(conn.dialect)
        if process is not None and isinstance(kind, Date | Boolean):
            # Days and flags repeat: each distinct one processed once (equal ones give the same).
            once = {v: process(v) for v in set(column) if v is not None} | {None: None}
            column = list(map(once.__getitem__, column))
        elif process is not None and column and all(map(is_, column, repeat(column[0]))):
            # One object in every row (a batch's time stamp): processed once.
            column = [None if column[0] is None else process(column[0])] * len(column)
        elif process is not None:
            column = [None if v is None else process(v) for v in column]
        out.append(column)
    return out


def copy_rows(conn: Connection, table_name: str, names: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """PostgreSQL: `rows` (values in the order of `names`) into the table by COPY, in the
    unit of work of `conn`: a hundred thousand rows in a fraction of what an
    executemany of them takes."""
    columns = ", ".join(f'"{name}"' for name in names)
    sql = f'COPY "{table_name}" ({columns}) FROM STDIN'
    error = conn.dialect.dbapi.Error  # type: ignore[union-attr]  # a driver is loaded
    try:
        with driver_connection(conn).cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
    except error as exc:  # as SQLAlchemy raises a driver's error (the session tells conditions apart)
        raise DBAPIError.instance(sql, None, exc, error, hide_parameters=True, dialect=conn.dialect) from exc


def _naive_time(kind: object) -> bool:
    """A time stamp without time zone: COPY would drop an offset a bound parameter applies
    (every column of ours keeps its zone; a table with one is inserted, not copied)."""
    return isinstance(kind, DateTime) and not kind.timezone


def _all_keys(rows: Sequence[Mapping[str, object]]) -> set[str]:
    keys: set[str] = set()
    for row in rows:
        keys.update(row)
    return keys


def _sequence(conn: Connection, table: Table) -> str:
    """The name of `table`'s id sequence, quoted as PostgreSQL wants it in a query."""
    name = conn.exec_driver_sql("SELECT pg_get_serial_sequence(%(t)s, 'id')", {"t": f'"{table.name}"'}).scalar()
    if name is None:
        raise ValueError(f"{table.name}.id has no sequence")
    return str(name)  # already quoted where needed by PostgreSQL


def new_ids(conn: Connection, table: Table, n: int) -> list[int]:
    """`n` ids for new rows of `table` that no other writer can be given.

    PostgreSQL: taken from the table's own id sequence (`nextval`), which hands each
    number out once whatever runs at the same time; they ascend but need not be
    consecutive. SQLite: the ids after the highest stored one, which is safe because
    a writing unit of work holds the write lock from its start (BEGIN IMMEDIATE, see
    `ltfu.db.engine.begin_writing`), before this read.
    """
    if n <= 0:
        return []
    if conn.dialect.name == "postgresql":
        found = conn.exec_driver_sql(
            "SELECT nextval(pg_get_serial_sequence(%(t)s, 'id')) FROM generate_series(1, %(n)s)",
            {"t": f'"{table.name}"', "n": n},
        )
        return sorted(row[0] for row in found)
    if not conn.get_execution_options().get(WRITING):
        raise RuntimeError("new ids are allocated only in a writing unit of work")
    top = conn.exec_driver_sql(f'SELECT max(id) FROM "{table.name}"').scalar() or 0
    return list(range(top + 1, top + 1 + n))


def insert_new(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert `rows` in bulk under `new_ids` (each row's "id" is set too); the ids, in order."""
    ids = new_ids(conn, table, len(rows))
    for row, new_id in zip(rows, ids, strict=True):
        row["id"] = new_id
    bulk_insert(conn, table, rows)
    return ids


def first_free_id(conn: Connection, table: Table) -> int:
    """The first id above every stored one and (PostgreSQL) every one the sequence gave
    out, for a writer that numbers many related rows itself before inserting them with
    `bulk_insert` (which then moves the sequence past them).

    Safe only in a writing unit of work: it holds the write lock, so no other writer
    takes ids until it commits.
    """
    if not conn.get_execution_options().get(WRITING):
        raise RuntimeError("new ids are allocated only in a writing unit of work")
    top = conn.exec_driver_sql(f'SELECT max(id) FROM "{table.name}"').scalar() or 0
    if conn.dialect.name == "postgresql":
        seq = _sequence(conn, table)
        given = conn.exec_driver_sql(f"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {seq}").scalar()
        top = max(top, given or 0)
    return top + 1


def update_versioned(session: Session, updates: Sequence[tuple[Any, Mapping[str, object]]]) -> None:
    """Write new field values of stored ORM rows that carry a `row_version`: one
    executemany per table and set of fields, each row checked against the version it
    was read at (like the ORM's own check, a row another workstation changed meanwhile
    refuses the unit of work); the rows in the session take the new values."""
    merged: dict[int, tuple[Any, dict[str, object]]] = {}
    for row, values in updates:
        merged.setdefault(id(row), (row, {}))[1].update(values)
    groups: dict[tuple[Table, tuple[str, ...]], list[tuple[Any, dict[str, object]]]] = defaultdict(list)
    for row, values in merged.values():
        groups[(row.__table__, tuple(values))].append((row, values))
    session.flush()  # the ORM's own pending changes first
    conn = session.connection()
    for (table, names), rows in groups.items():
        statement = (
            update(table)
            .where(table.c.id == bindparam("b_id"), table.c.row_version == bindparam("b_version"))
            .values({name: bindparam(f"b_{name}") for name in names} | {"row_version": bindparam("b_next")})
        )
        params = [
            {"b_id": row.id, "b_version": row.row_version, "b_next": row.row_version + 1}
            | {f"b_{name}": value for name, value in values.items()}
            for row, values in rows
        ]
        if conn.execute(statement, params).rowcount != len(params):
            raise StaleDataError(f"a {table.name} row was changed or removed by another user meanwhile")
        for row, values in rows:
            for name, value in {**values, "row_version": row.row_version + 1}.items():
                set_committed_value(row, name, value)
