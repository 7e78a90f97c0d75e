"""The handover archive: one zip file that outlives the program, and rebuilding a database from it.

`write_archive` puts the CSV export (every table, contacts included by default), the
data dictionary, the protocol files, the given report PDFs (``reports/``) and
``manifest.json`` (SHA-256 of every file) into one zip. The zip itself is
deterministic: the same data and PDFs give the same bytes.

`write_handover_archive` adds the printed documents (`handover_pdfs`). In a large
database (`ltfu.services.export.second_process_pays`) a spawned second process opens the
same database as the same user and draws them, the annual report first, while this one
writes the tables; this one then draws the documents not yet begun (from the back) and
takes the rest from it. Any document that fails over there is drawn again here, so its
error is raised here as the serial archive raises it; the archive's files are the same.

`restore_archive` checks every checksum first (naming the first file that does not
match), refuses a target that already holds data, then inserts every row with its
original id in dependency order, in one transaction: a failure leaves the target as
it was. The audit trail goes in as is, so its hash chain still verifies; one
``restore`` entry is then appended to it, saying who restored what and when.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import logging
import multiprocessing
import threading
import zipfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection as PipeEnd
from pathlib import Path
from typing import IO, Any, NamedTuple

from sqlalchemy import Boolean, Column, Connection, Date, DateTime, Float, Integer, Table, func, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DataError, IntegrityError
from sqlalchemy.exc import DatabaseError as SADatabaseError

from ltfu.config import resolve_db_url, sqlite_path
from ltfu.db import models as m
from ltfu.db.bulk import bulk_insert
from ltfu.db.engine import check_sqlite_file, make_engine
from ltfu.db.errors import refusal
from ltfu.db.schema import KNOWN_REVISIONS
from ltfu.errors import MESSAGES, DatabaseError, LtfuError, Message, ValidationError
from ltfu.safefile import atomic_path
from ltfu.services import audit, derived, users
from ltfu.services.database import Damage, Database, open_database
from ltfu.services.export import (
    FALSE,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    PROTOCOL_FILE_COLUMN,
    TRUE,
    ExportWriter,
    FilesWritten,
    Opener,
    second_process_pays,
    write_export,
)

log = logging.getLogger(__name__)

REPORTS_FOLDER = "reports/"
# A fixed time for every zip entry: the archive's bytes depend on the data only.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_BATCH = 5000
# zlib's fastest level: a quarter of the default's (6) time for a quarter more bytes (45 MB
# instead of 36 at 10,000 subjects); an archive is written while somebody waits.
_ZIP_LEVEL = 1


@dataclass(frozen=True, kw_only=True)
class ArchiveSummary(FilesWritten):
    """What went into a handover archive."""

    path: Path
    sha256: str

    def to_dict(self) -> dict[str, object]:
        return {"archive": str(self.path), "sha256": self.sha256, **self.files_dict()}

    def describe(self) -> str:
        reports = sum(1 for f in self.files if f.name.startswith(REPORTS_FOLDER))
        return Message(
            "summary.archive",
            rows=sum(self.rows.values()),
            tables=len(self.rows),
            entries=self.audit_entries,
            reports=reports,
            path=str(self.path),
            sha=self.sha256[:16],
        )


def _report_name(name: str, data: bytes) -> str:
    plain = name.replace("\\", "/").rsplit("/", 1)[-1]
    if not plain or plain != name or plain.startswith(".") or not plain.lower().endswith(".pdf"):
        raise ValidationError(Message("archive.report_name", name=name))
    if not data.startswith(b"%PDF-"):
        raise ValidationError(Message("archive.not_pdf", name=name))
    return REPORTS_FOLDER + plain


def _report_files(pdfs: Mapping[str, bytes]) -> dict[str, bytes]:
    """The report files by their names in the archive."""
    return {_report_name(name, data): data for name, data in pdfs.items()}


def _zip_opener(archive: zipfile.ZipFile) -> Opener:
    @contextmanager
    def open_entry(name: str) -> Iterator[IO[bytes]]:
        info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info._compresslevel = _ZIP_LEVEL  # type: ignore[attr-defined]  # the level of this entry (`compress_level` from 3.13)
        info.external_attr = 0o600 << 16  # unpacked, each file stays owner-only (PHI)
        with archive.open(info, "w", force_zip64=True) as handle:
            yield handle

    return open_entry


def write_archive(
    db: Database, path: str | Path, pdfs: Mapping[str, bytes] | None = None, *, with_contacts: bool = True
) -> ArchiveSummary:
    """Write the handover archive to `path` (replaced when it exists).

    `pdfs` maps plain file names (``schedule-CD1922-001.pdf``) to PDF bytes; they go
    under ``reports/``. Contacts are included unless `with_contacts` is false: the
    archive is meant to carry the whole study to its next keeper, so it holds PHI
    and must be stored like the database itself (needs the ``archive`` right, and
    ``export_contacts`` with contacts; without them the contact details in its audit
    trail are withheld too). Audited (who, when, to which file) before it is written.
    Password hashes are never written: accounts come back without passwords.
    """
    db.require(*_rights(with_contacts))
    return _write_archive(db, path, pdfs, with_contacts)


def _rights(with_contacts: bool) -> tuple[str, ...]:
    return ("archive", "export_contacts") if with_contacts else ("archive",)


def _write_archive(
    db: Database, path: str | Path, pdfs: Mapping[str, bytes] | None, with_contacts: bool
) -> ArchiveSummary:
    """`write_archive` once the rights were checked (checking them costs a scan of the audit
    trail while the database has no account yet)."""
    rights = _rights(with_contacts)
    target = Path(path).expanduser()
    # Documents still being drawn (`_documents_aside`) are checked once they are there.
    extra = _Awaited(lambda: _report_files(pdfs)) if isinstance(pdfs, _Awaited) else _report_files(pdfs or {})
    if target.is_dir():
        raise LtfuError(Message("file.archive_is_folder", path=str(target)))
    if not target.parent.is_dir():
        raise LtfuError(Message("file.archive_no_folder", path=str(target), folder=str(target.parent)))
    what = "archive with contacts" if with_contacts else "archive"
    db.record_transfer(rights, "export", what, target, f"handover archive ({what}) to {target.resolve()}")
    try:
        # Owner-only from its first byte (it holds every record, usually PHI too);
        # renamed into place only once whole, removed on any failure.
        with atomic_path(target) as partial:
            with zipfile.ZipFile(partial, "w") as archive:
                writer = ExportWriter(_zip_opener(archive))
                # Exact values (not spreadsheet-safe cells): restore-archive reads them back.
                head = write_export(db, writer, with_contacts, extra=extra, kind="archive", spreadsheet_safe=False)
            digest = hashlib.sha256()
            with partial.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
    except OSError as exc:
        raise LtfuError(Message("file.unwritable_archive", path=str(target), reason=exc.strerror or str(exc))) from exc
    files = tuple(f for f in writer.files if f.name != MANIFEST)
    return ArchiveSummary(
        path=target.resolve(),
        files=files,
        with_contacts=with_contacts,
        audit_entries=head.entries,
        sha256=digest.hexdigest(),
    )


# -- reading an archive ----------------------------------------------------------


@dataclass(frozen=True)
class _Checked:
    """An archive whose manifest verified: what it holds."""

    manifest: dict
    manifest_sha256: str
    tables: dict[str, dict]  # database table -> its manifest entry


class _Document(NamedTuple):
    """One printed document of a handover: its file name, and what it shows (the annual
    report of `code`, a study or None for the only one; or the calendar of site `code`)."""

    name: str
    kind: str
    code: str | None


def _handover_documents(db: Database, today: dt.date) -> list[_Document]:
    """`handover_pdfs`' documents, the annual reports (the longest to draw) first."""
    from ltfu.services.browse import sites, studies

    several = studies(db)
    if len(several) > 1:
        reports = [_Document(f"annual-report-{today.year}-{study}.pdf", "annual", study) for study in several]
    else:
        reports = [_Document(f"annual-report-{today.year}.pdf", "annual", None)]
    return reports + [_Document(f"calendar-{code}.pdf", "calendar", code) for code in sites(db)]


def _draw(db: Database, today: dt.date, document: _Document) -> bytes:
    if document.kind == "annual":
        from ltfu.services.annual_report import ReportRequest, render_annual_report

        return render_annual_report(db, today.year, ReportRequest(today, study=document.code))[0]
    from ltfu.services.letters import calendar_pdf

    assert document.code is not None  # a site's calendar
    return calendar_pdf(db, document.code, today, today + dt.timedelta(days=90), today)


def handover_pdfs(db: Database, today: dt.date) -> dict[str, bytes]:
    """The printed documents a handover carries: this year's annual report (of each study,
    named by it, when the database holds several) and each site's calendar of the next
    three months."""
    return {document.name: _draw(db, today, document) for document in _handover_documents(db, today)}


def write_handover_archive(
    db: Database, path: str | Path, today: dt.date, *, with_contacts: bool = True
) -> ArchiveSummary:
    """The handover archive (`write_archive`) with its printed documents (`handover_pdfs`):
    what both File > Handover archive and ``ltfu archive`` write.

    In a large database a second process draws the documents (`_documents_aside`) while
    this one writes the tables, then draws those still left: the same files, in about
    the time of the longer of the two on a machine with more than one core.
    """
    db.require(*_rights(with_contacts))  # before seconds of printing
    if not second_process_pays(db):
        return _write_archive(db, path, handover_pdfs(db, today), with_contacts)
    with _documents_aside(db, today) as documents:
        return _write_archive(db, path, documents, with_contacts)


class _Awaited(Mapping[str, bytes]):
    """Report files being drawn elsewhere: `wait` is called when the archive first needs
    them (`write_export` takes its extra files after the tables)."""

    def __init__(self, wait: Callable[[], dict[str, bytes]]):
        self._wait = wait
        self._files: dict[str, bytes] | None = None

    def _got(self) -> dict[str, bytes]:
        if self._files is None:
            self._files = self._wait()
        return self._files

    def __getitem__(self, name: str) -> bytes:
        return self._got()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._got())

    def __len__(self) -> int:
        return len(self._got())


def _take(left: Any, from_front: bool) -> int | None:
    """The next document still to draw: the second process takes them from the front, the
    first from the back, never the first document (`left` holds [front, back))."""
    with left.get_lock():
        front, back = left[0], left[1]
        if from_front and front < back:
            left[0] = front + 1
            return front
        if not from_front and back > max(front, 1):
            left[1] = back - 1
            return back - 1
        return None


def _draw_documents(
    url: str,
    username: str,
    actor: users.Actor | None,
    damage: Damage | None,
    today: dt.date,
    documents: list[_Document],
    left: Any,
    answer: PipeEnd,
) -> None:
    """In the second process: `documents` drawn one by one as the same user of the same
    database, each sent as (index, bytes), or (index, None) when drawing it failed (the
    first process then draws it again and meets the same error, with the same message)."""
    try:
        db = open_database(url, migrate=False)
    except Exception:  # told by the first process, which then draws every document
        log.info("the second process could not open the database", exc_info=True)
        return
    try:
        db.username, db.actor, db.damage = username, actor, damage
        while (index := _take(left, from_front=True)) is not None:
            try:
                drawn: bytes | None = _draw(db, today, documents[index])
            except Exception:  # the first process draws it again to say why (no second report here)
                log.info("drawing %s in a second process failed", documents[index].name, exc_info=True)
                drawn = None
            answer.send((index, drawn))
    finally:
        db.dispose()
        answer.close()


@contextmanager
def _documents_aside(db: Database, today: dt.date) -> Iterator[Mapping[str, bytes]]:
    """`handover_pdfs` drawn by a new process (spawned: nothing of this one is shared) while
    the caller goes on; the mapping, when first read, draws here what that process has not
    begun, then waits for the rest. The process is ended when the caller fails first."""
    documents = _handover_documents(db, today)
    context = multiprocessing.get_context("spawn")
    left = context.Array("i", [0, len(documents)])
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_draw_documents,
        args=(db.url, db.username, db.actor, db.damage, today, documents, left, sender),
        name="ltfu-handover-documents",
        daemon=True,
    )
    try:
        child.start()
    except OSError:  # no second process to be had: all drawn here
        log.info("no second process for the handover documents", exc_info=True)
        receiver.close()
        sender.close()
        yield _Awaited(lambda: handover_pdfs(db, today))
        return
    sender.close()
    drawn: dict[int, bytes | None] = {}

    def collect() -> None:
        # Read as they come, so the second process never waits to hand one over.
        try:
            while True:
                index, data = receiver.recv()
                drawn[index] = data
        except (EOFError, OSError):  # the second process is done, or ended
            pass

    collector = threading.Thread(target=collect, name="ltfu-handover-documents", daemon=True)
    collector.start()

    def wait() -> dict[str, bytes]:
        while (index := _take(left, from_front=False)) is not None:
            drawn[index] = _draw(db, today, documents[index])
        collector.join()
        files: dict[str, bytes] = {}
        for index, document in enumerate(documents):
            data = drawn.get(index)  # None: it failed over there (or was never drawn)
            files[document.name] = data if data is not None else _draw(db, today, document)
        return files

    try:
        yield _Awaited(wait)
    except BaseException:
        child.terminate()
        raise
    finally:
        child.join()
        collector.join()
        receiver.close()


def _refuse(archive: Path, message: str) -> LtfuError:
    return LtfuError(f"Cannot restore {archive.name}: {message} Nothing was restored.")


def verify_archive(path: str | Path) -> dict:
    """Check every file of the archive against manifest.json; returns the manifest."""
    return _verify(Path(path)).manifest


def _verify(path: Path) -> _Checked:
    if not path.is_file():
        raise LtfuError(f"Cannot restore {path}: there is no such file.")
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if MANIFEST not in names:
                raise _refuse(path, f"it holds no {MANIFEST}, so it is not an ltfu archive.")
            raw = archive.read(MANIFEST)
            try:
                manifest = json.loads(raw.decode("utf-8"))
                listed = {entry["name"]: entry for entry in manifest["files"]}
            except (ValueError, KeyError, TypeError) as exc:
                raise _refuse(path, f"its {MANIFEST} cannot be read ({exc}).") from exc
            if manifest.get("format") != FORMAT:
                raise _refuse(path, f"its {MANIFEST} is not an ltfu manifest.")
            if not isinstance(manifest.get("format_version"), int) or manifest["format_version"] > FORMAT_VERSION:
                raise _refuse(path, "it was written by a newer ltfu; install that version to restore it.")
            if manifest.get("schema_version") not in KNOWN_REVISIONS:
                raise _refuse(
                    path,
                    f"its data has schema version {manifest.get('schema_version')}, which this ltfu does not know; "
                    "install the newer ltfu that wrote it.",
                )
            for name in sorted(names - set(listed) - {MANIFEST}):
                if not name.endswith("/"):
                    raise _refuse(path, f"it holds {name}, which {MANIFEST} does not list (the archive was altered).")
            for name, entry in sorted(listed.items()):
                if name not in names:
                    raise _refuse(path, f"{MANIFEST} lists {name}, but the archive does not hold it.")
                digest = hashlib.sha256()
                with archive.open(name) as member:
                    for block in iter(partial(member.read, 1 << 20), b""):
                        digest.update(block)
                if digest.hexdigest() != entry.get("sha256"):
                    raise _refuse(
                        path, f"{name} does not match its checksum in {MANIFEST} (the archive is damaged or altered)."
                    )
    except zipfile.BadZipFile as exc:
        raise LtfuError(f"Cannot restore {path.name}: it is not a readable zip archive ({exc}).") from exc
    except OSError as exc:
        raise LtfuError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    tables = {entry["table"]: entry for entry in listed.values() if entry.get("table")}
    unknown = sorted(set(tables) - set(m.Base.metadata.tables))
    if unknown:
        raise _refuse(path, f"it holds tables this ltfu does not know ({', '.join(unknown)}); install a newer ltfu.")
    return _Checked(manifest, hashlib.sha256(raw).hexdigest(), tables)


def _parser(column: Column) -> Callable[[str], object]:
    kind = column.type
    if isinstance(kind, Boolean):
        return {TRUE: True, FALSE: False}.__getitem__
    if isinstance(kind, Integer):
        return int
    if isinstance(kind, Float):
        return float
    if isinstance(kind, DateTime):
        return lambda value: dt.datetime.fromisoformat(value).astimezone(dt.UTC)
    if isinstance(kind, Date):
        return dt.date.fromisoformat
    return str


def _rows(
    archive: zipfile.ZipFile,
    archive_path: Path,
    entry: dict,
    table: Table,
    empty_strings: Mapping[str, list[int]],
) -> Iterator[list[dict[str, object]]]:
    """The rows of one table's CSV file, converted by the column types, in batches."""
    name = entry["name"]
    with archive.open(name) as raw:
        reader = csv.reader(io.TextIOWrapper(raw, encoding="utf-8", newline=""))
        header = next(reader, None)
        if header is None:
            raise _refuse(archive_path, f"{name} is empty (no header row).")
        known = set(table.columns.keys()) | ({PROTOCOL_FILE_COLUMN} if table.name == "protocol_version" else set())
        unknown = [c for c in header if c not in known]
        if unknown:
            raise _refuse(archive_path, f"{name} has columns this ltfu does not know ({', '.join(unknown)}).")
        columns = [table.columns.get(c) for c in header]
        parsers = [_parser(c) if c is not None else str for c in columns]
        empty_ids = {column: set(ids) for column, ids in empty_strings.items()}
        batch: list[dict[str, object]] = []
        count = 0
        for values in reader:
            line = reader.line_num
            if len(values) != len(header):
                raise _refuse(archive_path, f"{name} line {line} has {len(values)} fields, not {len(header)}.")
            row: dict[str, object] = {}
            for column_name, column, parse, value in zip(header, columns, parsers, values, strict=True):
                if value == "":
                    # No value, except in a required text column (its empty text).
                    required_text = column is not None and parse is str and not column.nullable
                    row[column_name] = "" if required_text else None
                    continue
                try:
                    row[column_name] = parse(value)
                except (ValueError, KeyError):
                    raise _refuse(
                        archive_path, f"{name} line {line}: {column_name} {value!r} cannot be read."
                    ) from None
            row_id = row.get("id")
            for column_name, ids in empty_ids.items():
                if row_id in ids:
                    row[column_name] = ""
            batch.append(row)
            count += 1
            if len(batch) >= _BATCH:
                yield batch
                batch = []
        if batch:
            yield batch
        if entry.get("rows") is not None and count != entry["rows"]:
            raise _refuse(archive_path, f"{name} holds {count} rows, but {MANIFEST} says {entry['rows']}.")


def _protocol_contents(archive: zipfile.ZipFile, archive_path: Path, batch: list[dict[str, object]]) -> None:
    for row in batch:
        file_name = row.pop(PROTOCOL_FILE_COLUMN, None)
        if row.get("content") is not None:
            continue
        if not isinstance(file_name, str):
            raise _refuse(archive_path, f"protocol version {row.get('id')} names no protocol file.")
        try:
            row["content"] = archive.read(file_name).decode("utf-8")
        except KeyError:
            raise _refuse(archive_path, f"the protocol file {file_name} is missing.") from None
        except UnicodeDecodeError:
            raise _refuse(archive_path, f"the protocol file {file_name} is not UTF-8 text.") from None


def _reset_sequences(conn: Connection) -> None:
    """After explicit ids, PostgreSQL's id sequences must continue past the largest."""
    if conn.dialect.name != "postgresql":
        return
    quote = conn.dialect.identifier_preparer.quote
    for table in m.Base.metadata.sorted_tables:
        if "id" not in table.columns:
            continue
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:name, 'id'), "
                f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {quote(table.name)}), false)"
            ),
            {"name": quote(table.name)},
        )


def _target_problem(conn: Connection) -> str | None:
    """Why this database cannot take a restore, or None when it is empty."""
    names = set(inspect(conn).get_table_names())
    ours = set(m.Base.metadata.tables)
    foreign = sorted(names - ours - {"alembic_version"})
    if foreign:
        return f"it holds tables that are not ltfu's ({', '.join(foreign[:5])})"
    filled = []
    for name in sorted(names & ours):
        count = conn.execute(select(func.count()).select_from(m.Base.metadata.tables[name])).scalar_one()
        if count:
            filled.append(f"{count} {name}")
    if filled:
        return f"it already holds data ({', '.join(filled[:4])})"
    return None


def _check_target(url: str, where: str) -> None:
    file = sqlite_path(url)
    if file is not None:
        check_sqlite_file(file)
        if not file.exists():
            return
    try:
        engine = make_engine(url)
    except (ArgumentError, ImportError, ValueError) as exc:  # a malformed URL, an unknown or missing driver
        raise DatabaseError(f"Cannot use the database address {where!r}: {exc}") from exc
    try:
        with engine.connect() as conn:
            problem = _target_problem(conn)
    except SADatabaseError as exc:
        known = refusal(exc, where)
        if known is None:
            raise
        raise known from exc
    finally:
        engine.dispose()
    if problem:
        raise LtfuError(f"Cannot restore into {where}: {problem}. Restore only into a new, empty database.")


def _remove_sqlite(file: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(file) + suffix).unlink(missing_ok=True)


@contextmanager
def restore_target(url: str) -> Iterator[Database | None]:
    """The database at `url` a handover archive is to be restored into, opened without
    migrating, when it has accounts (then the acting user signs in and needs ``restore``);
    None when it is new or has no account yet. Nothing is written to it."""
    file = sqlite_path(url)
    if file is not None and not file.exists():
        yield None
        return
    db = open_database(url, migrate=False)
    try:
        yield db if "user" in inspect(db.engine).get_table_names() and db.needs_sign_in() else None
    finally:
        db.dispose()


def restore_archive(path: str | Path, url: str) -> Database:
    """Rebuild a working database at `url` (SQLite file or PostgreSQL URL) from an archive.

    Refuses an archive whose manifest does not verify (naming the file) and a target
    that is not empty. Returns the open database; the caller disposes of it.
    """
    archive_path = Path(path).expanduser()
    checked = _verify(archive_path)
    resolved = resolve_db_url(url)
    where = make_url(resolved).render_as_string(hide_password=True)
    file = sqlite_path(resolved)
    created = file is not None and not file.exists()
    try:
        _check_target(resolved, where)
        db = open_database(resolved)
    except BaseException:
        if created and file is not None:
            _remove_sqlite(file)
        raise
    try:
        _restore_into(db, archive_path, checked)
        _full_check(db, archive_path, removable=created)
    except BaseException:
        db.dispose()
        if created and file is not None:
            _remove_sqlite(file)
        raise
    return db


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _full_check(db: Database, archive_path: Path, *, removable: bool) -> None:
    """The whole `ltfu check` on the rebuilt database; refused, naming the failure.

    A database file this restore created is removed by the caller; one that existed
    (empty) or a server database keeps the rows but is marked damaged, so it opens
    read-only and says why.
    """
    from ltfu.services.maintenance import check

    report = check(db)
    if report.ok:
        return
    problem = report.first_problem
    assert problem is not None  # the check did not pass
    if removable:
        raise _refuse(archive_path, f"the rebuilt database fails the full check ({problem}).")
    db.mark_damaged(problem, "the check after restoring an archive")
    raise LtfuError(
        f"Cannot restore {archive_path.name}: the rebuilt database fails the full check ({problem}). "
        f"{db.display_name} is marked damaged and opens read-only; empty it before restoring again."
    )


def _restore_into(db: Database, archive_path: Path, checked: _Checked) -> None:
    manifest = checked.manifest
    empty_strings: Mapping[str, Mapping[str, list[int]]] = manifest.get("empty_strings") or {}
    # Restoring into an empty target acts in its set-up mode; the accounts the archive
    # brings (the previous keeper's, without passwords) do not end it.
    if db.actor is not None:
        users.check_permission(db.actor.role, "maintain", db.actor.username)
    with db.session() as session, zipfile.ZipFile(archive_path) as archive:
        conn = session.connection()
        problem = _target_problem(conn)
        if problem:
            raise LtfuError(f"Cannot restore into {db.display_name}: {problem}. Nothing was restored.")
        total = 0
        for table in m.Base.metadata.sorted_tables:
            entry = checked.tables.get(table.name)
            if entry is None:
                continue
            for batch in _rows(archive, archive_path, entry, table, empty_strings.get(entry["name"], {})):
                if table.name == "protocol_version":
                    _protocol_contents(archive, archive_path, batch)
                try:
                    total += bulk_insert(conn, table, batch)
                except (IntegrityError, DataError) as exc:  # the archive's rows, not the database
                    raise _refuse(
                        archive_path, f"its {entry['name']} cannot be inserted ({str(exc.orig).strip()[:200]})."
                    ) from exc
        _reset_sequences(conn)
        derived.rebuild(session)  # not in the archive
        entries, chain_problem = audit.verify_chain(session)
        recorded = (manifest.get("audit_trail") or {}).get("chain", "ok")
        if chain_problem is not None and recorded == "ok":
            if manifest.get("with_contacts") is False:
                raise _refuse(
                    archive_path,
                    "it was written without contact details, so the contact changes in its audit trail are "
                    "withheld and the trail cannot be rebuilt; restore an archive written with contacts.",
                )
            raise _refuse(archive_path, f"its audit trail does not verify once restored: {chain_problem}.")
        audit.record(
            session,
            user_id=db.user_id(session, "restore", set_up_checked=True),
            action="restore",
            table_name="database",
            changes=(audit.Change(None, None, archive_path.name),),
            reason=MESSAGES["reason.archive_restored"].format(
                rows=total, entries=entries, manifest=checked.manifest_sha256, archive=_file_sha256(archive_path)
            ),
        )
