"""Backups of the embedded database (SQLite online backup API) and restoring one.

- `backup_to`: a consistent copy while the program runs;
- `daily_backup`: one copy a day beside the database, the last `keep_days` kept;
- `restore_from`: checks the backup first (a SQLite file, intact, a schema this
  program knows), keeps the current database aside, then puts the backup in place.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ltfu.config import BackupPolicy
from ltfu.db.engine import SQLITE_MAGIC, sqlite_backup
from ltfu.db.schema import KNOWN_REVISIONS
from ltfu.errors import DatabaseError, LtfuError
from ltfu.services import anchors
from ltfu.services.database import Database

_DAILY = re.compile(r"-daily-(\d{8})\.sqlite3$")


def _sqlite_file(db: Database) -> Path:
    source = db.sqlite_file
    if source is None:
        raise LtfuError(
            f"{db.display_name} is a server database; back it up with the server's own "
            "tools (pg_dump), or write a handover archive with 'ltfu archive'."
        )
    return source


def backup_to(db: Database, target: str | Path) -> Path:
    """Copy the open SQLite database to `target`, safely while it is in use."""
    source = _sqlite_file(db)
    path = Path(target).expanduser().resolve()
    if path == source.resolve():
        raise LtfuError(f"The backup file {path} is the database itself; choose another file.")
    if not path.parent.is_dir():
        raise LtfuError(f"Cannot write the backup {path}: the folder {path.parent} does not exist.")
    try:
        sqlite_backup(source, path)
    except (OSError, sqlite3.Error) as exc:
        raise LtfuError(f"Cannot write the backup {path}: {exc}.") from exc
    anchors.write_backup_manifest(path)  # the audit head, kept outside the database
    return path


def daily_backup(db: Database, today: dt.date, policy: BackupPolicy | None = None) -> Path | None:
    """Today's rotating backup, unless there is one already; prunes the old ones."""
    policy = policy or BackupPolicy()
    source = db.sqlite_file
    if source is None or not source.exists():
        return None
    folder = source.parent / policy.folder_name
    target = folder / f"{source.stem}-daily-{today:%Y%m%d}.sqlite3"
    if target.exists():
        return None
    from ltfu.services.maintenance import integrity

    try:
        intact = integrity(db, quick=True) == "ok"
    except DatabaseError:
        intact = False
    if not intact:
        return None  # never rotate a damaged copy in over the good ones
    folder.mkdir(parents=True, exist_ok=True)
    sqlite_backup(source, target)
    target.chmod(0o600)
    anchors.write_backup_manifest(target)
    oldest = today - dt.timedelta(days=policy.keep_days)
    for old in folder.glob(f"{source.stem}-daily-*.sqlite3"):
        match = _DAILY.search(old.name)
        if match and dt.datetime.strptime(match.group(1), "%Y%m%d").date() < oldest:
            old.unlink()
            anchors.backup_manifest_path(old).unlink(missing_ok=True)
    return target


@dataclass(frozen=True)
class BackupCheck:
    path: Path
    schema_version: str
    subjects: int


def check_backup(path: str | Path) -> BackupCheck:
    """Refuse, saying why, a file that is not a usable ltfu backup."""
    path = Path(path).expanduser()
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise DatabaseError(f"Cannot read the backup {path}: {exc.strerror}.") from exc
    if header != SQLITE_MAGIC:
        raise DatabaseError(f"{path} is not a database backup (not a SQLite file); nothing was changed.")
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            problems = [row[0] for row in con.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise DatabaseError(f"The backup {path} is damaged ({problems[0]}); nothing was changed.")
            tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "alembic_version" not in tables or "subject" not in tables:
                raise DatabaseError(f"{path} is not an ltfu database backup; nothing was changed.")
            version = con.execute("SELECT version_num FROM alembic_version").fetchone()
            subjects = con.execute("SELECT count(*) FROM subject").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"The backup {path} cannot be read ({exc}); nothing was changed.") from exc
    if version is None or version[0] not in KNOWN_REVISIONS:
        shown = version[0] if version else "none"
        raise DatabaseError(
            f"The backup {path} has schema version {shown}, which this program does not know; nothing was changed."
        )
    return BackupCheck(path, version[0], subjects)


def restore_from(db: Database, backup: str | Path) -> tuple[BackupCheck, Path]:
    """Replace the open database's content with a checked backup.

    The current content is first copied aside (returned path), so a restore can be
    undone. The caller reopens the database afterwards (migrating an older backup).
    """
    db.require("maintain")
    target = _sqlite_file(db)
    checked = check_backup(backup)
    if checked.path.resolve() == target.resolve():
        raise LtfuError("The backup is the database itself; choose another file.")
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = target.parent / "backups" / f"{target.stem}-before-restore-{stamp}.sqlite3"
    sqlite_backup(target, aside)
    db.dispose()
    src = sqlite3.connect(f"file:{checked.path}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target, timeout=5)
        try:
            src.backup(dst)
        except sqlite3.OperationalError as exc:
            raise DatabaseError(
                f"Cannot restore into {target}: {exc}. Close the other programs using it; nothing was changed."
            ) from exc
        finally:
            dst.close()
    finally:
        src.close()
    # The trail goes back to the backup's head: anchors written after it belonged to
    # the database now kept aside.
    anchors.record(db.url, anchors.head_of_file(target), "audit trail restored")
    return checked, aside
