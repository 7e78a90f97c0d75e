"""Faults around files: full disks, killed writers, damaged databases, restores.

A full disk is simulated in-process: `os.fsync` (which a full disk or a lost NFS
server fails with ENOSPC) or the file handle's write raises OSError(ENOSPC), so no
root tricks are needed and the tests behave the same as root in CI.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from ltfu import safefile
from ltfu.cli import main
from ltfu.db import models as m
from ltfu.errors import DatabaseError, LtfuError
from ltfu.services.archive import restore_archive, write_archive
from ltfu.services.audit_view import write_audit_csv
from ltfu.services.backup import backup_to, daily_backup, restore_from
from ltfu.services.database import damage_marker, open_database
from ltfu.services.demo import build_demo
from ltfu.services.export import export_csv
from ltfu.services.ical import export_ical
from ltfu.services.maintenance import check
from ltfu.services.odm import export_odm
from ltfu.services.subjects import NewSubject, enrol

TODAY = dt.date(2026, 11, 29)
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo(db):
    build_demo(db, subjects=6, seed=3, today=TODAY)
    return db


@pytest.fixture
def open_umask():
    """Everything a plain open() makes would be world-readable and writable."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def every_file(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _pdf(db, target: Path) -> None:
    assert main(["--db", db.url, "audit", "--pdf", str(target)]) == 0


# Every kind of file the program writes: (name, writer(db, target folder) -> written file or folder).
WRITERS = {
    "backup": lambda db, out: backup_to(db, out / "copy.sqlite3"),
    "daily backup": lambda db, out: daily_backup(db, TODAY),
    "csv export with contacts": lambda db, out: export_csv(db, out / "csv", with_contacts=True).folder,
    "csv export": lambda db, out: export_csv(db, out / "csv").folder,
    "odm": lambda db, out: export_odm(db, out / "study.xml").path,
    "ical": lambda db, out: Path(export_ical(db, out / "visits.ics", TODAY, TODAY + dt.timedelta(days=90)).path),
    "archive": lambda db, out: write_archive(db, out / "handover.zip").path,
    "audit csv": lambda db, out: (write_audit_csv(db, out / "audit.csv"), out / "audit.csv")[1],
    "audit pdf": lambda db, out: (_pdf(db, out / "audit.pdf"), out / "audit.pdf")[1],
}


@pytest.mark.parametrize("kind", WRITERS)
def test_every_file_the_program_writes_is_owner_only_even_with_an_open_umask(demo, tmp_path, open_umask, kind):
    out = tmp_path / "out"
    out.mkdir()
    written = Path(WRITERS[kind](demo, out))
    files = every_file(written) if written.is_dir() else [written]
    assert files, kind
    assert {f.name: oct(mode(f)) for f in files} == {f.name: oct(0o600) for f in files}
    assert not [p for p in every_file(tmp_path) if p.name.endswith(".part")]


def test_the_copy_made_before_a_migration_is_owner_only(tmp_path, open_umask, monkeypatch):
    from ltfu.db import migrate

    path = tmp_path / "old.sqlite3"
    open_database(str(path)).dispose()
    folder = tmp_path / "backups"
    migrate.sqlite_backup(path, folder / "before.sqlite3")
    assert mode(folder / "before.sqlite3") == 0o600 and mode(folder) == 0o700


def _disk_full(monkeypatch, at_call: int = 1, exc: BaseException | None = None) -> None:
    """The Nth fsync of a written file fails as on a full disk (or raises `exc`)."""
    calls = {"n": 0}
    real = os.fsync

    def fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] >= at_call:
            raise exc or OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr(safefile.os, "fsync", fsync)


@pytest.mark.parametrize("failure", ["disk full", "ctrl-c"])
@pytest.mark.parametrize("kind", ["backup", "csv export with contacts", "odm", "ical", "archive", "audit csv"])
def test_a_write_that_fails_leaves_no_file_behind(demo, tmp_path, monkeypatch, kind, failure):
    out = tmp_path / "out"
    out.mkdir()
    # The third file fails, so a folder export has written two already.
    interrupt = KeyboardInterrupt() if failure == "ctrl-c" else None
    _disk_full(monkeypatch, at_call=3 if kind.startswith("csv") else 1, exc=interrupt)
    with pytest.raises(KeyboardInterrupt if interrupt else LtfuError):
        WRITERS[kind](demo, out)
    assert every_file(out) == []


def _disk_fills_after(monkeypatch, limit=20_000):
    """Every file safefile opens fails with a full disk once `limit` bytes are written in all."""
    real_fdopen = os.fdopen
    written = {"bytes": 0}

    class FillingDisk:
        def __init__(self, raw):
            self.raw = raw

        def write(self, data):
            written["bytes"] += len(data)
            if written["bytes"] > limit:
                raise OSError(errno.ENOSPC, "No space left on device")
            return self.raw.write(data)

        def __getattr__(self, name):
            return getattr(self.raw, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return self.raw.__exit__(*exc)

    monkeypatch.setattr(safefile.os, "fdopen", lambda fd, *a, **k: FillingDisk(real_fdopen(fd, *a, **k)))


def test_a_csv_export_that_fills_the_disk_midway_leaves_no_contacts_file(demo, tmp_path, monkeypatch):
    _disk_fills_after(monkeypatch)
    with pytest.raises(LtfuError, match="No space left on device; nothing was kept"):
        export_csv(demo, tmp_path / "csv", with_contacts=True)
    assert not (tmp_path / "csv").exists()


def test_the_write_behind_writes_every_piece_in_order_and_raises_the_writes_error_here():
    written: list[bytes] = []
    behind = safefile.WriteBehind(written.append, chunk=10)
    pieces = [str(n).encode() * (n % 7) for n in range(2000)]
    for piece in pieces:
        behind.write(piece)
    behind.close()
    assert b"".join(written) == b"".join(pieces) and all(len(w) >= 10 for w in written[:-1])

    def full(data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    failing = safefile.WriteBehind(full, chunk=10)
    with pytest.raises(OSError, match="No space left"):
        for _ in range(1000):
            failing.write(b"x" * 100)
        failing.close()
    dropped: list[bytes] = []
    aborted = safefile.WriteBehind(dropped.append, chunk=1 << 20)
    aborted.write(b"never")
    aborted.abort()
    assert dropped == []


def test_an_odm_export_that_fills_the_disk_midway_leaves_no_file(demo, tmp_path, monkeypatch):
    (tmp_path / "out").mkdir()
    _disk_fills_after(monkeypatch)
    with pytest.raises(LtfuError, match="No space left on device"):
        export_odm(demo, tmp_path / "out" / "study.xml")
    assert every_file(tmp_path / "out") == []


def test_a_backup_killed_midway_leaves_only_an_owner_only_part_file(demo, db_path, tmp_path):
    # A real process, killed with SIGKILL (nothing can clean up) once the copy is whole
    # but before it is in place: what it leaves must still be private.
    script = textwrap.dedent(
        f"""
        import os, signal
        os.umask(0)
        from ltfu import safefile
        from ltfu.services.database import open_database
        from ltfu.services.backup import backup_to
        safefile.os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)
        backup_to(open_database({str(db_path)!r}), {str(tmp_path / "out" / "copy.sqlite3")!r})
        """
    )
    (tmp_path / "out").mkdir()
    proc = subprocess.run([sys.executable, "-c", script], env=os.environ | {"PYTHONPATH": str(REPO)})
    assert proc.returncode == -signal.SIGKILL
    left = every_file(tmp_path / "out")
    assert left and all(p.name.endswith(".part") for p in left)  # the copy never got its name
    assert {oct(mode(p)) for p in left} == {oct(0o600)}
    # An old leftover is cleared by the next daily backup's folder.
    old = os.path.getmtime(left[0]) - 7200
    os.utime(left[0], (old, old))
    assert safefile.remove_stale_parts(tmp_path / "out") == 1


# -- the daily backup never stops the work -------------------------------------------


def test_a_full_disk_during_the_daily_backup_warns_and_check_still_runs(demo, db_path, monkeypatch, capsys, caplog):
    _disk_full(monkeypatch)
    assert main(["--db", str(db_path), "check"]) == 0
    out, err = capsys.readouterr()
    assert "OK" in out
    warnings = [line for line in err.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "No space left on device" in warnings[0] and "Carrying on" in warnings[0]
    assert "Traceback" not in err
    assert any("today's backup failed" in r.getMessage() for r in caplog.records)
    assert every_file(db_path.parent / "backups") == []


def test_a_daily_backup_folder_that_cannot_be_made_does_not_stop_ltfu_check(demo, db_path, tmp_path):
    # A file where the backups folder should be: even root cannot make the folder.
    (db_path.parent / "backups").write_text("not a folder")
    proc = subprocess.run(
        [sys.executable, "-m", "ltfu", "--db", str(db_path), "check"],
        capture_output=True,
        text=True,
        env=os.environ | {"PYTHONPATH": str(REPO)},
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.rstrip().endswith("OK")
    assert "warning: Cannot write today's backup" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


# -- a damaged database is read-only ---------------------------------------------------


ORPHAN = (
    "INSERT INTO result (subject_id, result_date, analyte, value, unit, blq, source_file) "
    "VALUES (99999, '2026-01-05', 'il6', 12.5, 'pg/mL', {false}, 'outside')"
)


def outside(db, statement: str) -> None:
    """`statement` run by another program, foreign keys not enforced."""
    if db.sqlite_file is not None:
        edit_backup(db.sqlite_file, statement.format(false=0))
        return
    from sqlalchemy import create_engine

    engine = create_engine(db.url)
    with engine.begin() as conn:
        conn.exec_driver_sql("SET LOCAL session_replication_role = replica")  # foreign key triggers off
        conn.execute(text(statement.format(false="false")))
    engine.dispose()


def add_orphan_result(db) -> None:
    """A result for a subject that does not exist."""
    outside(db, ORPHAN)


def subjects(db) -> list[str]:
    with db.session(read_only=True) as s:
        return list(s.scalars(select(m.Subject.study_id).order_by(m.Subject.study_id)))


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request, tmp_path):
    url = str(tmp_path / "any.sqlite3") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    db = open_database(url)
    yield db
    db.dispose()


def test_a_database_check_found_damaged_refuses_every_write_until_a_clean_check(any_db):
    db = any_db
    enrol(db, NewSubject("CD1922-001", "BJ01", "DL1", dt.date(2025, 1, 1)), TODAY)
    add_orphan_result(db)
    report = check(db)
    assert not report.ok and "result: 1 row(s) refer to a missing subject" in report.damage
    db.mark_damaged(report.damage, "ltfu check")
    db.dispose()

    again = open_database(db.url)  # a later opening learns it from the mark
    try:
        assert again.damage is not None and "missing subject" in again.damage.reason
        with pytest.raises(DatabaseError, match="open read-only: ltfu check found it damaged"):
            enrol(again, NewSubject("CD1922-002", "BJ01", "DL1", dt.date(2025, 1, 1)), TODAY)
        with pytest.raises(DatabaseError, match="open read-only"), again.session() as s:  # raw SQL too
            s.execute(text("UPDATE subject SET sex = 'F'"))
        assert subjects(again) == ["CD1922-001"]  # reading still works
        outside(again, "DELETE FROM result WHERE subject_id = 99999")  # repaired by hand
    finally:
        again.dispose()
    with open_database(db.url) as repaired:
        assert check(repaired).damage is None
        repaired.clear_damage()
    with open_database(db.url) as writable:
        enrol(writable, NewSubject("CD1922-002", "BJ01", "DL1", dt.date(2025, 1, 1)), TODAY)
        assert subjects(writable) == ["CD1922-001", "CD1922-002"]


def test_the_check_counts_rows_without_their_record_per_table_and_parent(any_db):
    """The check counts them beside its other work (on SQLite, on a connection of its own):
    the same lines as `orphan_rows` in a unit of work, whichever table and parent."""
    from ltfu.services.maintenance import orphan_rows

    db = any_db
    enrol(db, NewSubject("CD1922-001", "BJ01", "DL1", dt.date(2025, 1, 1)), TODAY)
    for _ in range(3):
        add_orphan_result(db)
    outside(db, ORPHAN.replace("99999", "99998"))
    outside(db, "UPDATE visit SET subject_id = 99997 WHERE id IN (SELECT id FROM visit ORDER BY id LIMIT 2)")
    outside(db, "UPDATE visit SET infusion_id = 99996 WHERE id = (SELECT max(id) FROM visit)")
    report = check(db)
    with db.session(read_only=True) as s:
        assert report.orphans == orphan_rows(s)
    assert "result: 4 row(s) refer to a missing subject" in report.orphans
    assert "visit: 2 row(s) refer to a missing subject" in report.orphans
    assert "visit: 1 row(s) refer to a missing infusion" in report.orphans
    assert not report.ok and report.damage is not None


def test_ltfu_check_marks_the_damage_and_later_commands_refuse_to_write(demo, db_path, tmp_path, capsys):
    add_orphan_result(demo)
    before = subjects(demo)
    assert main(["--db", str(db_path), "check"]) == 1
    out, _ = capsys.readouterr()
    assert "result: 1 row(s) refer to a missing subject" in out and "PROBLEMS FOUND" in out
    assert damage_marker(demo.url).is_file()
    csv = tmp_path / "new.csv"
    csv.write_text("subject_id,site,dose_level,infusion_date\nCD1922-900,BJ01,DL1,2025-01-01\n")
    assert main(["--db", str(db_path), "import", "subjects", str(csv)]) == 1
    err = capsys.readouterr().err
    assert "ltfu: The database" in err and "is open read-only" in err and "missing subject" in err
    assert subjects(demo) == before
    assert main(["--db", str(db_path), "worklist", "--today", str(TODAY)]) == 0  # reads go on


def test_a_failed_daily_integrity_check_makes_the_database_read_only(demo, db_path, monkeypatch, capsys):
    from ltfu.services import maintenance

    monkeypatch.setattr(maintenance, "integrity", lambda db, quick=False: "row 12 missing from index ix_visit")
    assert daily_backup(demo, TODAY) is None
    assert demo.damage is not None and "row 12 missing" in demo.damage.reason
    assert not (db_path.parent / "backups").exists()
    with pytest.raises(DatabaseError, match="open read-only: the daily integrity check found it damaged"):
        enrol(demo, NewSubject("CD1922-900", "BJ01", "DL1", dt.date(2025, 1, 1)), TODAY)


# -- restore runs the full check and is audited ----------------------------------------


def drop_audit_guards(con: sqlite3.Connection) -> None:
    """An attacker with the file drops any trigger that guards the audit trail."""
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        con.execute(f'DROP TRIGGER "{name}"')


def edit_backup(path: Path, *statements: str) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys = OFF")
    drop_audit_guards(con)
    for statement in statements:
        con.execute(statement)
    con.commit()
    con.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("tampering", "named"),
    [
        ("UPDATE audit_event SET new_value = 'edited' WHERE id = 3", "audit trail"),
        (ORPHAN.format(false=0), "result: 1 row(s) refer to a missing subject"),
    ],
)
def test_restore_refuses_a_backup_that_fails_the_full_check(demo, db_path, tmp_path, tampering, named):
    saved = backup_to(demo, tmp_path / "saved.sqlite3")
    edit_backup(saved, tampering)
    before = subjects(demo)
    demo.dispose()
    live = sha256(db_path)
    with pytest.raises(DatabaseError, match="fails the full check") as refused:
        restore_from(demo, saved)
    assert named in str(refused.value) and "nothing was changed" in str(refused.value)
    assert sha256(db_path) == live and subjects(demo) == before
    assert not [p for p in (db_path.parent / "backups").iterdir() if "restor" in p.name]


def test_ltfu_restore_refuses_a_backup_with_an_edited_audit_entry(demo, db_path, tmp_path, capsys):
    saved = backup_to(demo, tmp_path / "saved.sqlite3")
    edit_backup(saved, "UPDATE audit_event SET reason = 'nothing to see' WHERE id = 2")
    assert main(["--db", str(db_path), "restore", str(saved)]) == 1
    err = capsys.readouterr().err
    assert "fails the full check (audit trail:" in err and "Traceback" not in err


def test_a_good_restore_is_audited_with_the_file_its_sha256_and_where_the_previous_went(demo, db_path, tmp_path):
    saved = backup_to(demo, tmp_path / "saved.sqlite3")
    enrol(demo, NewSubject("CD1922-900", "BJ01", "DL1", dt.date(2025, 1, 1)), TODAY)
    digest = sha256(saved)
    demo.mark_damaged("integrity check: page 7 is never used", "ltfu check")  # restore is the cure
    done = restore_from(demo, saved)
    assert done.sha256 == digest and done.previous_kept_as.is_file()
    assert mode(done.previous_kept_as) == 0o600
    assert demo.damage is None and not damage_marker(demo.url).exists()
    with open_database(str(db_path)) as restored, restored.session(read_only=True) as s:
        assert "CD1922-900" not in subjects(restored)
        last = s.execute(
            select(m.AuditEvent.action, m.AuditEvent.field, m.AuditEvent.new_value, m.AuditEvent.reason)
            .order_by(m.AuditEvent.id.desc())
            .limit(3)
        ).all()
        assert check(restored).ok
    assert {(a, f, v) for a, f, v, _ in last} == {
        ("restore", "file", str(saved)),
        ("restore", "sha256", digest),
        ("restore", "previous_kept_as", str(done.previous_kept_as)),
    }
    assert "by " + demo.username in last[0][3]


def test_a_restore_from_the_command_line_says_what_it_checked(demo, db_path, tmp_path, capsys):
    saved = backup_to(demo, tmp_path / "saved.sqlite3")
    assert main(["--db", str(db_path), "restore", str(saved)]) == 0
    out = capsys.readouterr().out
    assert sha256(saved) in out and "passed the full check" in out and "audit trail" in out


def test_restore_archive_refuses_a_rebuilt_database_that_fails_the_full_check(demo, tmp_path, monkeypatch):
    import dataclasses

    from ltfu.services import maintenance

    archive = write_archive(demo, tmp_path / "handover.zip").path
    real = maintenance.check

    def failing(db):
        return dataclasses.replace(real(db), orphans=("visit: 2 row(s) refer to a missing subject",))

    monkeypatch.setattr(maintenance, "check", failing)
    target = tmp_path / "rebuilt.sqlite3"
    with pytest.raises(LtfuError, match="fails the full check .*visit: 2 row"):
        restore_archive(archive, str(target))
    assert not target.exists()


def test_restore_archive_is_audited_with_the_archive_sha256(demo, tmp_path):
    archive = write_archive(demo, tmp_path / "handover.zip").path
    with restore_archive(archive, str(tmp_path / "rebuilt.sqlite3")) as rebuilt, rebuilt.session() as s:
        reason = s.scalar(
            select(m.AuditEvent.reason).where(m.AuditEvent.action == "restore").order_by(m.AuditEvent.id.desc())
        )
        count = s.scalar(select(func.count()).select_from(m.Subject))
    assert sha256(archive) in reason and count == 6


def test_the_log_file_is_owner_only_and_a_full_disk_under_it_is_one_line(tmp_path, open_umask, capsys):
    import logging

    from ltfu.logs import _LogFile

    handler = _LogFile(tmp_path / "ltfu.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    record = logging.LogRecord("ltfu", logging.WARNING, __file__, 1, "today's backup failed", None, None)
    handler.emit(record)
    assert mode(tmp_path / "ltfu.log") == 0o600

    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    handler.stream.write = full
    _LogFile._warned = False
    try:
        handler.emit(record)
        handler.emit(record)
    finally:
        del handler.stream.write
        handler.close()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write the log file" in err and "No space left" in err
    assert "Traceback" not in err


def test_letters_that_cannot_be_written_are_not_recorded_as_printed(demo, db_path, tmp_path, monkeypatch, capsys):
    def letters_logged() -> int:
        with demo.session() as s:
            return s.scalar(select(func.count()).select_from(m.Letter))

    target = tmp_path / "letters.pdf"
    args = ["--db", str(db_path), "letters", "--from", str(TODAY), "--to", str(TODAY + dt.timedelta(days=120))]
    _disk_full(monkeypatch)
    assert main([*args, "-o", str(target)]) == 1
    assert "No space left on device; no letter was recorded" in capsys.readouterr().err
    assert letters_logged() == 0 and not target.exists()
    assert not [p for p in every_file(tmp_path) if p.name.endswith(".part")]
    monkeypatch.undo()
    assert main([*args, "-o", str(target)]) == 0
    assert letters_logged() > 0 and mode(target) == 0o600


def test_the_archive_unpacks_owner_only(demo, tmp_path):
    import zipfile

    archive = write_archive(demo, tmp_path / "handover.zip").path
    with zipfile.ZipFile(archive) as z:
        modes = {stat.S_IMODE(info.external_attr >> 16) for info in z.infolist()}  # what unzip applies
    assert modes == {0o600}


def test_signing_in_to_a_damaged_database_works_and_records_nothing(any_db):
    from ltfu.services import users

    db = any_db
    with db.session() as s:
        users.create_user(s, None, "ada", "Ada Admin", "admin", "a-long-password-1")
    with db.session() as s:
        entries = s.scalar(select(func.count()).select_from(m.AuditEvent))
    db.mark_damaged("audit trail: audit entry 2 does not follow entry 1", "ltfu check")
    with pytest.raises(LtfuError, match="Wrong user name or password"):
        db.sign_in("ada", "not the password")
    assert db.sign_in("ada", "a-long-password-1").username == "ada"
    with pytest.raises(DatabaseError, match="open read-only"):
        enrol(db, NewSubject("CD1922-001", "BJ01", "DL1", dt.date(2025, 1, 1)), TODAY)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(m.AuditEvent)) == entries
        assert s.scalar(select(m.User.failed_logins)) == 0


@pytest.mark.parametrize("kind", WRITERS)
def test_every_folder_the_program_makes_is_owner_only_even_with_an_open_umask(demo, tmp_path, open_umask, kind):
    """The protocols folder of an export and the backup manifests folder were 0777."""
    out = tmp_path / "out"
    out.mkdir()
    WRITERS[kind](demo, out)
    made = [p for p in tmp_path.rglob("*") if p.is_dir() and p != out]
    assert {str(p.relative_to(tmp_path)): oct(mode(p)) for p in made} == {
        str(p.relative_to(tmp_path)): oct(0o700) for p in made
    }
