"""Bulk inserts for the demo cohort and large imports.

SQLAlchemy's executemany path spends more time building parameters than SQLite
spends writing rows. On SQLite this converts each column once with the column type's
own bind processor and hands plain tuples to the driver: the same stored values,
about twice as fast. Other databases take SQLAlchemy's path (psycopg batches well).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import itemgetter

from sqlalchemy import Connection, Table, insert


def bulk_insert(conn: Connection, table: Table, rows: Sequence[Mapping[str, object]]) -> int:
    """Insert `rows` (dicts; missing keys are NULL) into `table`; returns the count."""
    if not rows:
        return 0
    keys = _all_keys(rows)
    # Python-side column defaults apply as in an ORM insert; a callable default
    # (a timestamp) is evaluated once for the whole batch.
    defaults = {
        c.name: (c.default.arg(None) if c.default.is_callable else c.default.arg)
        for c in table.columns
        if c.name not in keys and c.default is not None and not c.default.is_sequence
    }
    if defaults:
        rows = [defaults | dict(row) for row in rows]
        keys |= set(defaults)
    names = [c.name for c in table.columns if c.name in keys]
    if conn.dialect.name != "sqlite":
        conn.execute(insert(table), [{name: row.get(name) for name in names} for row in rows])
        if conn.dialect.name == "postgresql" and "id" in keys:
            # Rows came with their ids: move the sequence past them, or the next
            # ordinary insert would collide.
            conn.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                f'(SELECT max(id) FROM "{table.name}"))'
            )
        return len(rows)
    columns = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" for _ in names)
    sql = f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})'
    # Column by column: one bind processor per column over all its values.
    values = []
    complete = all(len(row) == len(keys) for row in rows)  # then every row has every key
    for name in names:
        column = list(map(itemgetter(name), rows)) if complete else [row.get(name) for row in rows]
        process = table.columns[name].type._cached_bind_processor(conn.dialect)
        if process is not None:
            column = [None if v is None else process(v) for v in column]
        values.append(column)
    conn.exec_driver_sql(sql, list(zip(*values, strict=True)))
    return len(rows)


def _all_keys(rows: Sequence[Mapping[str, object]]) -> set[str]:
    keys: set[str] = set()
    for row in rows:
        keys.update(row)
    return keys
