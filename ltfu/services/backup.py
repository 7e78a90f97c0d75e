"""Backups of the embedded database (SQLite online backup API) and restoring one.

- `backup_to`: a consistent copy while the program runs;
- `daily_backup`: one copy a day beside the database, the last `keep_days` kept;
- `restore_from`: checks the backup first (a SQLite file, intact, a schema this
  program knows), keeps the current database aside, then puts the backup in place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from ltfu.config import BackupPolicy
from ltfu.db import models as m
from ltfu.db.engine import SQLITE_MAGIC, sqlite_backup
from ltfu.db.errors import Condition, condition
from ltfu.db.schema import KNOWN_REVISIONS
from ltfu.errors import MESSAGES, DatabaseError, LtfuError, Message, log_bug, message_of
from ltfu.safefile import atomic_file, private_folder, refuse_link, remove_stale_parts
from ltfu.services import anchors, audit
from ltfu.services.database import Database

log = logging.getLogger(__name__)

_DAILY = re.compile(r"-daily-(\d{8})\.sqlite3$")


def _only_known(exc: BaseException) -> None:
    """Re-raise a SQLite error that is no known condition of a file (full, locked,
    damaged...): a bug, not something to tell the user in a sentence."""
    if isinstance(exc, sqlite3.Error) and condition(exc) is None:
        raise exc


def _sqlite_file(db: Database) -> Path:
    source = db.sqlite_file
    if source is None:
        raise LtfuError(
            f"{db.display_name} is a server database; back it up with the server's own "
            "tools (pg_dump), or write a handover archive with 'ltfu archive'."
        )
    return source


def backup_to(db: Database, target: str | Path) -> Path:
    """Copy the open SQLite database to `target`, safely while it is in use.

    The copy is owner-only and appears only when complete (`ltfu.safefile`). Needs
    the ``backup`` right (the copy holds everything, contacts included); the copy is
    audited (who, when, to which file) before it is written.
    """
    db.require("backup")
    source = _sqlite_file(db)
    refuse_link(Path(target).expanduser())  # before resolving, which would follow it
    path = Path(target).expanduser().resolve()
    if path == source.resolve():
        raise LtfuError(f"The backup file {path} is the database itself; choose another file.")
    if not path.parent.is_dir():
        raise LtfuError(f"Cannot write the backup {path}: the folder {path.parent} does not exist.")
    db.record_transfer(("backup",), "backup", "whole database", path, f"backup of the whole database to {path}")
    try:
        sqlite_backup(source, path)
    except (OSError, sqlite3.Error) as exc:
        _only_known(exc)
        raise LtfuError(f"Cannot write the backup {path}: {exc}.") from exc
    anchors.write_backup_manifest(path)  # the audit head, kept outside the database
    return path


def daily_backup(db: Database, today: dt.date, policy: BackupPolicy | None = None) -> Path | None:
    """Today's rotating backup, unless there is one already; prunes the old ones.

    Raises `LtfuError` when the copy cannot be written (a full disk, a folder that
    cannot be made); the caller warns and carries on (`try_daily_backup`). A file
    whose quick check fails is not copied (its copy would push a good one out of the
    rotation): the database is marked damaged instead and opens read-only.
    """
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
        verdict = integrity(db, quick=True)
    except DatabaseError as exc:
        verdict = str(exc)
    if verdict != "ok":
        db.mark_damaged(Message("damage.integrity", verdict=verdict), Message("damage.by_daily"))
        return None
    try:
        if folder.exists() and not folder.is_dir():
            raise NotADirectoryError(0, f"{folder.name} there is a file, not a folder")
        sqlite_backup(source, target)
        anchors.write_backup_manifest(target)
        remove_stale_parts(folder)
        oldest = today - dt.timedelta(days=policy.keep_days)
        for old in folder.glob(f"{source.stem}-daily-*.sqlite3"):
            match = _DAILY.search(old.name)
            if match and dt.datetime.strptime(match.group(1), "%Y%m%d").date() < oldest:
                old.unlink()
                anchors.backup_manifest_path(old).unlink(missing_ok=True)
    except (OSError, sqlite3.Error) as exc:
        _only_known(exc)
        raise LtfuError(Message("backup.today", folder=str(folder), reason=_reason(exc))) from exc
    return target


def try_daily_backup(db: Database, today: dt.date) -> str | None:
    """`daily_backup`, never stopping the work: returns the problem as one sentence
    (also logged), or None when today's backup is there."""
    try:
        daily_backup(db, today)
    except LtfuError as exc:  # a missing backup must not stop the program: it is said instead
        log.warning("today's backup failed: %s", exc)
        return message_of(exc)
    except Exception as exc:  # a bug: logged as one, and still no reason to stop the work
        log_bug(exc, "today's backup")
        return Message("backup.internal", kind=type(exc).__name__)
    return None


def _reason(exc: BaseException) -> str:
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc)


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
        _only_known(exc)
        raise DatabaseError(f"The backup {path} cannot be read ({exc}); nothing was changed.") from exc
    if version is None or version[0] not in KNOWN_REVISIONS:
        shown = version[0] if version else "none"
        raise DatabaseError(
            f"The backup {path} has schema version {shown}, which this program does not know; nothing was changed."
        )
    return BackupCheck(path, version[0], subjects)


@dataclass(frozen=True)
class Restored:
    """What `restore_from` did: the backup checked, its SHA-256, where the previous
    database was put, and what was done to the schema ('current' or 'upgraded')."""

    backup: BackupCheck
    sha256: str
    previous_kept_as: Path
    schema: str


def _copy_hashing(source: Path, target: Path) -> str:
    """Copy `source` byte for byte into `target` (owner-only, whole or nothing); its SHA-256."""
    digest = hashlib.sha256()
    with source.open("rb") as src, atomic_file(target) as dst:
        for block in iter(lambda: src.read(1 << 20), b""):
            digest.update(block)
            dst.write(block)
    return digest.hexdigest()


def _full_check(candidate: Path, shown: Path) -> str:
    """Open a private copy of a backup (upgrading an older schema) and run the whole
    `ltfu check` on it; refuse, naming the first failure. Returns the migration done."""
    from ltfu.services.database import open_database
    from ltfu.services.maintenance import check

    try:
        copy = open_database(str(candidate))
    except LtfuError as exc:
        raise DatabaseError(f"The backup {shown} cannot be opened ({exc}); nothing was changed.") from exc
    try:
        report = check(copy)
        migration = copy.migration
    finally:
        copy.dispose()
    if not report.ok:
        problem = report.first_problem
        raise DatabaseError(f"The backup {shown} fails the full check ({problem}); nothing was changed.")
    return migration


def restore_from(db: Database, backup: str | Path, today: dt.date | None = None) -> Restored:
    """Replace the open database's content with a backup that passes the full check.

    The backup is copied to a private file beside the database and that copy is what
    is checked (`ltfu check`: integrity, audit chain, rows without their record,
    schema, derived tables) and then put in place, so what was checked is what is
    restored. Refused, naming the failure and changing nothing, when any check fails.
    The current content is first copied aside, so a restore can be undone; the
    restore is then recorded in the restored database's audit trail (who, which
    file, its SHA-256, where the previous database went). Needs the ``restore`` right.
    """
    db.require("restore")
    target = _sqlite_file(db)
    checked = check_backup(backup)
    if checked.path.resolve() == target.resolve():
        raise LtfuError("The backup is the database itself; choose another file.")
    folder = private_folder(target.parent / BackupPolicy().folder_name)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    # A private folder for the checked copy (and the copy an upgrade of it makes).
    work = Path(tempfile.mkdtemp(prefix=".restoring-", dir=folder))
    candidate = work / target.name
    try:
        try:
            sha256 = _copy_hashing(checked.path, candidate)
        except OSError as exc:
            raise LtfuError(
                f"Cannot copy the backup {checked.path} to {folder}: {_reason(exc)}; nothing was changed."
            ) from exc
        migration = _full_check(candidate, checked.path)
        aside = folder / f"{target.stem}-before-restore-{stamp}.sqlite3"
        try:
            sqlite_backup(target, aside)
        except (OSError, sqlite3.Error) as exc:
            _only_known(exc)
            raise LtfuError(
                f"Cannot keep the current database aside in {folder}: {_reason(exc)}; nothing was changed."
            ) from exc
        db.dispose()
        src = sqlite3.connect(f"file:{candidate}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(target, timeout=5)
            try:
                src.backup(dst)
            except sqlite3.OperationalError as exc:
                _only_known(exc)
                then = (
                    "Close the other programs using it; nothing was changed."
                    if condition(exc) is Condition.LOCKED
                    else "Nothing was changed."
                )
                raise DatabaseError(f"Cannot restore into {target}: {exc}. {then}") from exc
            finally:
                dst.close()
        finally:
            src.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    db.clear_damage()  # the content now in place passed the full check
    # The trail goes back to the backup's head: anchors written after it belonged to
    # the database now kept aside.
    with db.engine.connect() as conn:  # the file is in WAL mode: read it as a database, not as bytes
        anchors.record(db.url, anchors.head_of(conn), "audit trail restored")
    _audit_restore(db, checked.path, sha256, aside)
    return Restored(checked, sha256, aside, migration)


def _audit_restore(db: Database, backup: Path, sha256: str, aside: Path) -> None:
    """The restore's entry in the restored audit trail.

    The acting account is looked up by name in the restored database (its id there
    may differ, or it may not exist yet: then the entry has no user id and names the
    user in its reason).
    """
    username = db.actor.username if db.actor is not None else db.username
    with db.session() as session:
        user_id = session.scalar(select(m.User.id).where(m.User.username == username))
        audit.record(
            session,
            user_id=user_id,
            action="restore",
            table_name="database",
            changes=(
                audit.Change("file", None, str(backup)),
                audit.Change("sha256", None, sha256),
                audit.Change("previous_kept_as", None, str(aside)),
            ),
            reason=MESSAGES["reason.restored"].format(username=username),
        )
