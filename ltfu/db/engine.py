"""Engines and sessions: the embedded SQLite file or a shared PostgreSQL server."""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from ltfu.db.errors import Condition, condition
from ltfu.safefile import atomic_path, private_folder

BUSY_TIMEOUT_MS = 5000
CACHE_KIB = 8 * 1024  # per connection; the window's workers read on several
BULK_CACHE_KIB = 64 * 1024  # while one large write runs (`bulk_cache`)


def _sqlite_on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Let SQLAlchemy manage transactions itself (BEGIN issued in `_sqlite_on_begin`).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
    if mode != "wal":
        # Fails on a read-only or busy file: quietly, the first statement reports that
        # properly. Any other failure is a bug.
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as exc:
            if condition(exc) is None:
                raise
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    cursor.close()


@contextmanager
def bulk_cache(conn: Connection) -> Iterator[None]:
    """A larger SQLite page cache while one large write runs on `conn`.

    Inserting 100,000 rows updates indexes all over a million-row table; with the
    everyday 8 MiB cache their pages are evicted and read again (~0.4 s of a lab
    import). The cache goes back to its size afterwards, so the memory is held only
    for the write.
    """
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        conn.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        if sqlite:
            conn.exec_driver_sql(f"PRAGMA cache_size = -{CACHE_KIB}")


# Execution option marking a connection whose transaction will write (`begin_writing`).
WRITING = "ltfu_writing"
# One writer at a time on a shared PostgreSQL server: the same advisory lock the audit
# chain is appended under, taken at the start of every writing unit of work.
WRITE_LOCK_KEY = 72117
# How long a writer waits for another writer (a large import takes seconds) before it
# is told, in a plain sentence, that the database is busy.
WRITE_WAIT_S = 30


def _sqlite_on_begin(conn: Connection) -> None:
    # pysqlite's own transaction handling is switched off above; begin explicitly
    # so that reads inside a unit of work see one consistent snapshot.
    if not conn.get_execution_options().get(WRITING):
        conn.exec_driver_sql("BEGIN")
        return
    # A unit of work that writes takes the write lock before its first read (waiting
    # up to the busy timeout for another writer): what it reads, such as the rows
    # already stored or the highest id, cannot change before it writes. A deferred
    # BEGIN would fail with "database is locked" when another process wrote in between.
    conn.exec_driver_sql(f"PRAGMA busy_timeout = {WRITE_WAIT_S * 1000}")
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    except Exception as exc:  # the driver's error, wrapped by SQLAlchemy
        if condition(exc) is not Condition.READ_ONLY:
            raise
        conn.exec_driver_sql("BEGIN")  # a read-only file: its writes fail on their own
    finally:
        conn.exec_driver_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def begin_writing(session: Session) -> None:
    """Start `session`'s transaction as one that writes: after this, no other writer
    commits until it ends, on SQLite (BEGIN IMMEDIATE) and PostgreSQL (advisory lock).

    Call it before the first statement of the unit of work.
    """
    conn = session.connection(execution_options={WRITING: True})
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{WRITE_WAIT_S}s'")
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")


def read_only_engine(file: Path) -> Engine:
    """An engine that only reads the SQLite `file` (opened read-only), with the same
    connection settings and units of work (one snapshot each) as `make_engine`'s."""
    engine = create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(f"file:{file}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000),
        hide_parameters=True,
    )
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def make_engine(url: str) -> Engine:
    """An engine for `url` with the connection settings this program relies on.

    Statement parameters are hidden from error messages: they may hold a name or an
    address, and error messages reach the log.
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def driver_connection(conn: Connection) -> Any:
    """The driver's own connection under `conn` (sqlite3 or psycopg; Any: two APIs), for
    the few loops that skip SQLAlchemy's per-row work."""
    driver = conn.connection.driver_connection
    assert driver is not None  # None only once the connection is closed
    return driver


def driver_rows(conn: Connection, sql: str, params: Mapping[str, object]) -> list[tuple[Any, ...]]:
    """The rows of `sql` (written with sqlite3's named parameters, `:name`) as the
    driver's own tuples, on SQLite or PostgreSQL: no Row objects, for statements whose
    rows are many or read often."""
    driver = driver_connection(conn)
    if conn.dialect.name == "sqlite":
        rows: list[tuple[Any, ...]] = driver.execute(sql, params).fetchall()
        return rows
    with driver.cursor() as cursor:
        cursor.execute(_psycopg_sql(sql, tuple(params)), params)
        rows = cursor.fetchall()
        return rows


@cache
def _psycopg_sql(sql: str, names: tuple[str, ...]) -> str:
    """`sql` as psycopg takes it: `:name` written `%(name)s`, a literal % written twice."""
    if not names:
        return sql.replace("%", "%%")
    placeholder = re.compile(r"(?<!:):(" + "|".join(map(re.escape, names)) + r")\b")
    return placeholder.sub(r"%(\1)s", sql.replace("%", "%%"))


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def sqlite_backup(source: Path, target: Path) -> None:
    """Copy a live SQLite database with the online backup API (safe while in use).

    The copy is written owner-only from its first byte (a copy of clinical data is as
    private as the database) to a temporary file beside `target`, and renamed into
    place only once complete; on any failure, a full disk or Ctrl+C included,
    nothing is left behind. A folder this creates is owner-only too.
    """
    private_folder(target.parent)
    with atomic_path(target) as tmp:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()


SQLITE_MAGIC = b"SQLite format 3\x00"


def check_sqlite_file(path: Path) -> None:
    """Refuse, in words a person can act on, a file that cannot be our database.

    A missing file is fine (it will be created) as long as its folder exists.
    """
    from ltfu.errors import DatabaseError, Message

    if path.is_dir():
        raise DatabaseError(Message("db.is_folder", path=str(path)))
    if not path.exists():
        if not path.parent.is_dir():
            raise DatabaseError(Message("db.no_folder", path=str(path), folder=str(path.parent)))
        # Created readable by its owner only; SQLite gives its -wal and -shm files
        # the same permissions.
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            pass
        except OSError as exc:
            raise DatabaseError(Message("db.cannot_create", path=str(path), reason=exc.strerror)) from exc
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise DatabaseError(Message("db.unreadable", path=str(path), reason=exc.strerror)) from exc
    if header and header != SQLITE_MAGIC:
        raise DatabaseError(Message("db.not_sqlite", path=str(path)))
