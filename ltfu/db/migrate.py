"""Bring a database to the schema this program expects, safely.

- an empty database is created from the models and stamped at head;
- an older one is backed up (SQLite online backup API) and then upgraded;
- one newer than the program, or one that is not ours, is refused.
Alembic is imported only when a migration has to run, to keep start-up fast.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from ltfu.db.engine import WRITING, sqlite_backup
from ltfu.db.models import Base

if TYPE_CHECKING:
    from alembic.config import Config
from ltfu.db.schema import KNOWN_REVISIONS, SCHEMA_HEAD
from ltfu.errors import DatabaseError, Message

log = logging.getLogger(__name__)

# A PostgreSQL advisory lock key of its own (the write lock is ltfu.db.engine.WRITE_LOCK_KEY).
SCHEMA_LOCK_KEY = 72118


def _alembic_config(connection: Connection | None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(files("ltfu") / "db" / "migrations"))
    config.attributes["connection"] = connection
    return config


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision, or None for a database without our tables."""
    with engine.connect() as conn:
        return _revision(conn)


def _revision(conn: Connection) -> str | None:
    tables = set(inspect(conn).get_table_names())
    if "alembic_version" not in tables:
        if tables & set(Base.metadata.tables):
            raise DatabaseError(Message("db.no_version"))
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return row[0] if row else None


@contextmanager
def _one_at_a_time(engine: Engine) -> Iterator[None]:
    """Workstations opening one PostgreSQL database at once change its schema in turn
    (a session advisory lock); on SQLite, `_create` takes the write lock itself."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(f"SELECT pg_advisory_lock({SCHEMA_LOCK_KEY})")
        try:
            yield
        finally:
            conn.exec_driver_sql(f"SELECT pg_advisory_unlock({SCHEMA_LOCK_KEY})")


def _create(engine: Engine) -> bool:
    """Create and stamp the schema in one transaction holding the write lock, unless
    another process did meanwhile; True when this one created it."""
    from alembic import command

    with engine.connect() as conn:
        conn.execution_options(**{WRITING: True})  # SQLite: BEGIN IMMEDIATE
        with conn.begin():
            if _revision(conn) is not None:
                return False
            Base.metadata.create_all(conn)
            command.stamp(_alembic_config(conn), "head")
    return True


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config(None)).get_current_head()
    assert head is not None  # the bundled migrations end in one head
    return head


def upgrade_to(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        # A migration that rebuilds a table others refer to (SQLite's batch mode: copy, drop,
        # rename) would trip their foreign keys half-way. SQLite's own recipe: foreign keys
        # off around it (a pragma that only works outside a transaction, so on the raw
        # connection before the first statement), every one checked before the commit.
        if sqlite:
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        try:
            with conn.begin():
                command.upgrade(_alembic_config(conn), revision)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() if sqlite else []
                if broken:
                    first = broken[0]
                    raise DatabaseError(
                        Message(
                            "db.upgrade_orphans", revision=revision, count=len(broken), table=first[0], row=first[1]
                        )
                    )
        finally:
            if sqlite:
                conn.connection.dbapi_connection.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]


def ensure_schema(engine: Engine, sqlite_file: Path | None = None, backup_dir: Path | None = None) -> str:
    """Create or upgrade the schema; returns what was done: 'created', 'upgraded' or 'current'.

    Several processes may open a new or older database at the same moment: one
    creates or upgrades it, the others then find it current.
    """
    if current_revision(engine) == SCHEMA_HEAD:
        return "current"
    with _one_at_a_time(engine):
        return _ensure_schema(engine, sqlite_file, backup_dir)


def _ensure_schema(engine: Engine, sqlite_file: Path | None, backup_dir: Path | None) -> str:
    revision = current_revision(engine)
    if revision == SCHEMA_HEAD:
        return "current"
    if revision is None:
        if not _create(engine):
            return _ensure_schema(engine, sqlite_file, backup_dir)  # made meanwhile by another process
        log.info("created a new database at schema %s", SCHEMA_HEAD)
        return "created"
    if revision not in KNOWN_REVISIONS:
        raise DatabaseError(Message("db.too_new", revision=revision, head=SCHEMA_HEAD))
    if sqlite_file is not None:
        folder = backup_dir or sqlite_file.parent / "backups"
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        target = folder / f"{sqlite_file.stem}-before-{SCHEMA_HEAD}-{stamp}.sqlite3"
        sqlite_backup(sqlite_file, target)
        log.info("backed up the database before migration to %s", target)
    upgrade_to(engine)
    log.info("upgraded the database from schema %s to %s", revision, SCHEMA_HEAD)
    return "upgraded"
