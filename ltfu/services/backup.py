"""Backups of the embedded database (SQLite online backup API)."""

from __future__ import annotations

from pathlib import Path

from ltfu.db.engine import sqlite_backup
from ltfu.errors import LtfuError
from ltfu.services.database import Database


def backup_to(db: Database, target: str | Path) -> Path:
    """Copy the open SQLite database to `target`, safely while it is in use."""
    source = db.sqlite_file
    if source is None:
        raise LtfuError(
            f"{db.display_name} is a server database; back it up with the server's own "
            "tools (pg_dump), or export an archive with 'ltfu archive'."
        )
    path = Path(target).expanduser().resolve()
    if path == source.resolve():
        raise LtfuError(f"The backup file {path} is the database itself; choose another file.")
    if not path.parent.is_dir():
        raise LtfuError(f"Cannot write the backup {path}: the folder {path.parent} does not exist.")
    try:
        sqlite_backup(source, path)
    except OSError as exc:
        raise LtfuError(f"Cannot write the backup {path}: {exc.strerror}.") from exc
    return path
