"""Bring a database to the schema this program expects, safely.

- an empty database is created from the models and stamped at head;
- an older one is backed up (SQLite online backup API) and then upgraded;
- one newer than the program, or one that is not ours, is refused.
Alembic is imported only when a migration has to run, to keep start-up fast.
"""

from __future__ import annotations

import datetime as dt
import logging
from importlib.resources import files
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text

from ltfu.db.engine import sqlite_backup
from ltfu.db.models import Base
from ltfu.db.schema import KNOWN_REVISIONS, SCHEMA_HEAD
from ltfu.errors import DatabaseError

log = logging.getLogger(__name__)


def _alembic_config(connection: Connection):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(files("ltfu") / "db" / "migrations"))
    config.attributes["connection"] = connection
    return config


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision, or None for a database without our tables."""
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        if "alembic_version" not in tables:
            if tables & set(Base.metadata.tables):
                raise DatabaseError(
                    "The database has ltfu tables but no schema version; it was not made "
                    "by this program. Open another file or restore a backup."
                )
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return row[0] if row else None


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    config = _alembic_config(None)  # type: ignore[arg-type]
    return ScriptDirectory.from_config(config).get_current_head()  # type: ignore[return-value]


def upgrade_to(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), revision)


def _stamp_head(engine: Engine) -> None:
    from alembic import command

    with engine.begin() as conn:
        command.stamp(_alembic_config(conn), "head")


def ensure_schema(engine: Engine, sqlite_file: Path | None = None, backup_dir: Path | None = None) -> str:
    """Create or upgrade the schema; returns what was done: 'created', 'upgraded' or 'current'."""
    revision = current_revision(engine)
    if revision == SCHEMA_HEAD:
        return "current"
    if revision is None:
        Base.metadata.create_all(engine)
        _stamp_head(engine)
        log.info("created a new database at schema %s", SCHEMA_HEAD)
        return "created"
    if revision not in KNOWN_REVISIONS:
        raise DatabaseError(
            f"The database has schema version {revision}, newer than this program "
            f"({SCHEMA_HEAD}). Install the newer ltfu that wrote it; nothing was changed."
        )
    if sqlite_file is not None:
        folder = backup_dir or sqlite_file.parent / "backups"
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        target = folder / f"{sqlite_file.stem}-before-{SCHEMA_HEAD}-{stamp}.sqlite3"
        sqlite_backup(sqlite_file, target)
        log.info("backed up the database before migration to %s", target)
    upgrade_to(engine)
    log.info("upgraded the database from schema %s to %s", revision, SCHEMA_HEAD)
    return "upgraded"
