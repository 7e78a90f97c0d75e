"""PostgreSQL: a throwaway server for the run, the demo databases copied onto it, and
the rows measured there (worklist, subject list, endpoints, import, first paint), each
against the same hand-written statements through psycopg on the same server.

The server is `.ci/postgres` (what `.ci/run` starts for the tests): a unix socket in a
folder of the run, no fsync, stopped and removed at the end of the run. The databases
are not built again: the SQLite demo file is copied table by table with COPY, and each
run that writes (the import) gets a copy made by `CREATE DATABASE ... TEMPLATE` (not timed).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench import data, ops
from bench.common import REPO, TODAY, Row, log, measure

today = dt.date.fromisoformat(TODAY)
POSTGRES = REPO / ".ci" / "postgres"
# A statement of the program this slow fails its row (error: ...) instead of holding up the run.
STATEMENT_TIMEOUT = "180s"
RUNNING: set[Path] = set()  # the folders of the servers started and not yet stopped


@dataclass
class Server:
    """A running throwaway server: `url(name)` is the SQLAlchemy URL of one database on it."""

    folder: Path
    base_url: str  # postgresql+psycopg://postgres@/postgres?host=FOLDER
    databases: dict[int, str] = field(default_factory=dict)  # subjects -> database name
    copies: int = 0

    def url(self, name: str) -> str:
        return self.base_url.replace("@/postgres?", f"@/{name}?")

    def conninfo(self, name: str) -> str:
        return f"host={self.folder} user=postgres dbname={name}"

    def admin(self, sql: str) -> None:
        """One statement outside a transaction (CREATE/DROP DATABASE) on the maintenance database."""
        import psycopg

        with psycopg.connect(self.conninfo("postgres"), autocommit=True) as con:
            con.execute(sql)

    @contextmanager
    def copy_of(self, subjects: int) -> Iterator[str]:
        """A fresh database holding the demo of `subjects` (its name), dropped afterwards."""
        self.copies += 1
        name = f"run_{subjects}_{self.copies}"
        self.admin(f"CREATE DATABASE {name} TEMPLATE {self.databases[subjects]}")
        self.admin(f"ALTER DATABASE {name} SET statement_timeout = '{STATEMENT_TIMEOUT}'")
        try:
            yield name
        finally:
            self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextmanager
def server(work: Path) -> Iterator[Server]:
    """Start a server in a short folder of its own; stop it and remove the folder at the end
    (on failure and Ctrl-C too)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="ltfu-pg-", dir="/tmp"))  # a unix socket path must be short
    started = subprocess.run([str(POSTGRES), "start", str(folder)], capture_output=True, text=True)
    if started.returncode != 0:
        subprocess.run([str(POSTGRES), "stop", str(folder)], capture_output=True)
        raise RuntimeError(f"no PostgreSQL server could be started: {started.stderr.strip()[-500:]}")
    RUNNING.add(folder)
    try:
        yield Server(folder, started.stdout.strip().splitlines()[-1])
    finally:
        stop(folder)


def stop(folder: Path) -> None:
    subprocess.run([str(POSTGRES), "stop", str(folder)], capture_output=True)
    RUNNING.discard(folder)


def stop_all() -> None:
    """Every server still running (a signal ends the run: see bench/__main__.py)."""
    for folder in list(RUNNING):
        stop(folder)


def load(srv: Server, sqlite_file: Path, subjects: int) -> str:
    """The demo database of `subjects` on the server (schema by the program, rows by COPY)."""
    import psycopg

    from ltfu.db import models as m
    from ltfu.services.database import open_database

    name = f"demo_{subjects}"
    start = time.perf_counter()
    srv.admin(f"CREATE DATABASE {name}")
    open_database(srv.url(name)).dispose()  # creates the schema (and whatever a new database holds)
    source = data.connect(sqlite_file)
    tables = m.Base.metadata.sorted_tables
    try:
        with psycopg.connect(srv.conninfo(name)) as con:
            con.execute("SET session_replication_role = replica")  # no triggers (append-only), no FK checks
            con.execute("TRUNCATE " + ", ".join(f'"{t.name}"' for t in tables) + " RESTART IDENTITY CASCADE")
            for table in tables:
                names = [c.name for c in table.columns]
                columns = ", ".join(f'"{c}"' for c in names)
                rows = source.execute(f'SELECT {columns} FROM "{table.name}"')
                with con.cursor().copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
            for table in tables:
                if "id" in table.columns:
                    con.execute(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'),"
                        f' (SELECT COALESCE(MAX(id), 0) + 1 FROM "{table.name}"), false)'
                    )
            con.execute("SET session_replication_role = DEFAULT")
        with psycopg.connect(srv.conninfo(name), autocommit=True) as con:
            con.execute("VACUUM ANALYZE")
    finally:
        source.close()
    srv.admin(f"ALTER DATABASE {name} SET statement_timeout = '{STATEMENT_TIMEOUT}'")
    srv.databases[subjects] = name
    log(f"  copied {sqlite_file.name} to PostgreSQL ({name}) in {time.perf_counter() - start:.1f} s")
    return name


def _cancelled(exc: BaseException | None) -> bool:
    """Whether a statement timeout is behind `exc` (the program words it as a lock)."""
    import psycopg

    while exc is not None:
        if isinstance(exc, psycopg.errors.QueryCanceled):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _pg_sql(sql: str) -> str:
    """A statement of bench/ops.py (sqlite3 placeholders) for psycopg."""
    return sql.replace("?", "%s").replace(":d", "%(d)s")


def _size(subjects: int) -> str:
    return f"{subjects:,} subjects"


def _open(url: str):
    from ltfu.services.database import open_database

    return open_database(url)


# -- worklist -----------------------------------------------------------------------------------


def bench_worklist(srv: Server, subjects: int, runs: int) -> list[Row]:
    import psycopg

    name = srv.databases[subjects]
    db = _open(srv.url(name))
    con = psycopg.connect(srv.conninfo(name), autocommit=True)
    try:
        return ops.worklist_rows(
            db,
            lambda sql, params: con.execute(_pg_sql(sql), params).fetchall(),
            subjects,
            runs,
            "PostgreSQL: ",
            "psycopg",
            "postgresql-worklist",
        )
    finally:
        con.close()
        db.dispose()


# -- subject list and endpoints -----------------------------------------------------------------

# What ltfu.services.browse.subject_rows reads, written by hand (one statement per part).
SUBJECT_LIST_SQL = (
    "SELECT s.id, s.study_id, si.code, s.dose_level, s.status, s.withdrawal_scope FROM subject s"
    " JOIN site si ON si.id = s.site_id WHERE s.voided_at IS NULL ORDER BY s.study_id",
    "SELECT subject_id, MIN(infusion_date), MAX(infusion_date) FROM infusion WHERE voided_at IS NULL"
    " GROUP BY subject_id",
    "SELECT subject_id, given_name, family_name FROM contact",
    "SELECT subject_id, MIN(event_date) FROM clinical_event WHERE kind = 'death' AND voided_at IS NULL"
    " GROUP BY subject_id",
    "SELECT v.subject_id, v.code, v.window_start, v.window_end FROM subject s JOIN visit v ON v.id ="
    " (SELECT w.id FROM visit w WHERE w.subject_id = s.id AND w.state = 'planned' AND w.voided_at IS NULL"
    " AND w.code IS NOT NULL ORDER BY w.window_end, w.nominal_date, w.id LIMIT 1) WHERE s.voided_at IS NULL",
    "SELECT subject_id, COUNT(*) FROM visit WHERE state = 'planned' AND voided_at IS NULL AND code IS NOT NULL"
    " AND window_end < %(d)s GROUP BY subject_id",
    "SELECT subject_id FROM safety_alert WHERE kind = 'rcl_positive' AND alert_date <= %(d)s",
)


def bench_reads(srv: Server, subjects: int, runs: int) -> list[Row]:
    """The subject list's rows and the endpoints, each against the statements they make."""
    from ltfu.services.browse import subject_rows
    from ltfu.services.endpoints import compute

    specs = (
        (
            subject_rows,
            SUBJECT_LIST_SQL,
            "subject list, rows read (browse.subject_rows)",
            f"(the same {len(SUBJECT_LIST_SQL)} statements, psycopg)",
            "postgresql-subjects",
        ),
        (
            compute,
            tuple(_pg_sql(sql) for sql in ops.ENDPOINT_FETCH_SQL),
            "endpoints, whole cohort (endpoints.compute)",
            "(psycopg fetch of the records it reads from: {rows:,} rows)",
            "postgresql-endpoints",
        ),
    )
    return [_against_statements(srv, subjects, runs, *spec) for spec in specs]


def _against_statements(  # type: ignore[no-untyped-def]
    srv: Server, subjects: int, runs: int, service, statements: tuple[str, ...], what: str, label: str, key: str
) -> Row:
    """`service(db, today)` against fetching every row of `statements` through psycopg."""
    import psycopg

    name = srv.databases[subjects]
    db = _open(srv.url(name))
    con = psycopg.connect(srv.conninfo(name), autocommit=True)
    try:

        def baseline() -> int:
            return sum(len(con.execute(sql, {"d": today}).fetchall()) for sql in statements)

        m = measure(lambda: service(db, today), lambda _: baseline, runs)
        fetched = baseline()
    finally:
        con.close()
        db.dispose()
    return Row(
        f"PostgreSQL: {what}",
        _size(subjects),
        m.seconds,
        m.baseline,
        label.format(rows=fetched),
        "≤ 2x baseline",
        max_ratio=2.0,
        key=key,
        samples=m.samples,
    )


# -- import -------------------------------------------------------------------------------------

RESULT_INSERT = (
    "INSERT INTO result (subject_id, result_date, analyte, value, category, unit, blq, lloq, assay, source_file)"
    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)


def _stored(rows: list[data.ResultRow], source_file: str) -> list[tuple]:
    return [
        (r.subject_id, r.date, r.analyte, r.value, r.category, r.stored_unit, r.blq, r.value if r.blq else None,
         r.assay, source_file)
        for r in rows
    ]  # fmt: skip


def bench_import(srv: Server, sqlite_file: Path, subjects: int, runs: int, work: Path) -> list[Row]:
    """import_results into a fresh copy of the database each run, against psycopg's
    executemany of the same converted rows (and COPY of them, in the details)."""
    import psycopg

    from ltfu.services.imports import import_results

    count = subjects * 10
    rows = data.result_rows(sqlite_file, count)
    csv_path = data.write_csv(rows, work / f"pg-results-{count}.csv")
    stored = _stored(rows, csv_path.name)

    def in_copy(action: Callable[[str], None]) -> Callable[[], float]:
        def run() -> float:
            with srv.copy_of(subjects) as name:
                start = time.perf_counter()
                action(name)
                return time.perf_counter() - start

        return run

    def measured(name: str) -> None:
        db = _open(srv.url(name))
        try:
            summary = import_results(db, csv_path, today)
        except Exception as exc:
            if _cancelled(exc):
                raise RuntimeError(f"a statement of the import ran over {STATEMENT_TIMEOUT} and was cancelled") from exc
            raise
        finally:
            db.dispose()
        if summary.added != count:
            raise RuntimeError(f"import added {summary.added} of {count} rows ({summary.unchanged} unchanged)")

    def executemany(name: str) -> None:
        with psycopg.connect(srv.conninfo(name)) as con:
            con.cursor().executemany(RESULT_INSERT, stored)

    def copy(name: str) -> None:
        with (
            psycopg.connect(srv.conninfo(name)) as con,
            con.cursor().copy(
                "COPY result (subject_id, result_date, analyte, value, category, unit, blq, lloq, assay, source_file)"
                " FROM STDIN"
            ) as out,
        ):
            for row in stored:
                out.write_row(row)

    m = measure(in_copy(measured), lambda _: in_copy(executemany), runs)
    copy_seconds = sorted(in_copy(copy)() for _ in range(min(runs, 3)))
    return [
        Row(
            f"PostgreSQL: import {count:,} results (import_results)",
            _size(subjects),
            m.seconds,
            m.baseline,
            "(psycopg executemany)",
            "≤ 2x baseline",
            max_ratio=2.0,
            key="postgresql-import",
            samples=m.samples,
            note=f"COPY of the same rows: {copy_seconds[len(copy_seconds) // 2]:.2f} s",
        )
    ]
