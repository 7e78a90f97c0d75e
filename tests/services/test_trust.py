"""Records an inspector can trust: signatures, tamper-evident audit, backups, conflicts."""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat

import pytest
from sqlalchemy import select

from ltfu.cli import main
from ltfu.db import models as m
from ltfu.errors import ConflictError, DatabaseError, PermissionDenied
from ltfu.services import signatures, users
from ltfu.services.backup import check_backup, daily_backup, restore_from
from ltfu.services.database import open_database
from ltfu.services.maintenance import check
from ltfu.services.subjects import NewSubject, contact_details, enrol, update_contact

D = dt.date
PASSWORD = "correct horse battery"


def add_user(db, username, role, name):
    with db.session() as s:
        users.create_user(s, db.user_id(s, "manage_users"), username, name, role, PASSWORD)


@pytest.fixture
def signed_db(db):
    add_user(db, "ada", "admin", "Ada Admin")
    db.sign_in("ada", PASSWORD)
    add_user(db, "pete", "pi", "Pete Investigator")
    add_user(db, "nina", "nurse", "Nina Nurse")
    db.sign_out()
    return db


def fake_report(info: signatures.SignatureInfo) -> bytes:
    return f"REPORT 2026\nsigned by {info.printed_name}, {info.signed_at.isoformat()}, {info.meaning}\n".encode()


def test_a_pi_signs_with_password_and_meaning_and_a_changed_document_no_longer_verifies(signed_db):
    signed_db.sign_in("pete", PASSWORD)
    when = dt.datetime(2026, 11, 30, 9, 15, tzinfo=dt.UTC)
    pdf, info = signatures.sign_document(signed_db, PASSWORD, "approved", "annual_report", fake_report, "abc", when)
    assert b"signed by Pete Investigator, 2026-11-30T09:15:00+00:00, approved" in pdf
    verified = signatures.verify_document(signed_db, pdf)
    assert (verified.printed_name, verified.meaning, verified.username) == ("Pete Investigator", "approved", "pete")
    assert verified.signed_at == when
    assert signatures.verify_document(signed_db, pdf.replace(b"2026", b"2025")) is None
    with signed_db.session() as s:
        assert s.scalar(select(m.AuditEvent.action).where(m.AuditEvent.action == "sign")) == "sign"


def test_signing_needs_the_password_again_and_the_sign_right(signed_db):
    signed_db.sign_in("pete", PASSWORD)
    with pytest.raises(PermissionDenied, match="Wrong user name or password"):
        signatures.sign_document(signed_db, "guess", "approved", "annual_report", fake_report)
    signed_db.sign_in("nina", PASSWORD)
    with pytest.raises(PermissionDenied, match="may not sign reports"):
        signatures.sign_document(signed_db, PASSWORD, "approved", "annual_report", fake_report)
    with signed_db.session() as s:
        assert s.scalar(select(m.Signature.id)) is None


def test_check_names_the_audit_entry_edited_by_hand(db, db_path, capsys):
    enrol(db, NewSubject("CD1922-017", "BJ01", "DL2", D(2025, 11, 28)), D(2025, 11, 28))
    db.dispose()
    con = sqlite3.connect(db_path)
    victim = con.execute("SELECT id FROM audit_event ORDER BY id LIMIT 1 OFFSET 1").fetchone()[0]
    con.execute("DROP TRIGGER audit_event_no_update")  # what someone with the file does first
    con.execute("UPDATE audit_event SET new_value = 'tampered' WHERE id = ?", (victim,))
    con.commit()
    con.close()
    assert main(["--db", str(db_path), "check"]) == 1
    out = capsys.readouterr().out
    assert f"audit entry {victim} was altered" in out and "PROBLEMS FOUND" in out


def test_check_finds_a_deleted_audit_entry(db, db_path):
    enrol(db, NewSubject("CD1922-017", "BJ01", "DL2", D(2025, 11, 28)), D(2025, 11, 28))
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER audit_event_no_delete")  # what someone with the file does first
        conn.exec_driver_sql("DELETE FROM audit_event WHERE id = 2")
    report = check(db)
    assert not report.ok and "audit entry 3 does not follow" in report.audit_problem


def test_database_file_is_private_and_so_are_its_backups(db, db_path):
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    backup = daily_backup(db, D(2026, 11, 29))
    assert backup is not None and stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert daily_backup(db, D(2026, 11, 29)) is None  # one a day
    for day in range(1, 20):
        daily_backup(db, D(2026, 12, day))
    kept = sorted(p.name for p in backup.parent.glob("*-daily-*"))
    assert len(kept) == 15 and kept[0].endswith("20261205.sqlite3")  # 14 days back from Dec 19


def test_restore_checks_the_backup_and_keeps_the_current_database_aside(db, db_path, tmp_path):
    enrol(db, NewSubject("CD1922-001", "BJ01", "DL1", D(2025, 1, 1)), D(2025, 1, 1))
    saved = tmp_path / "saved.sqlite3"
    from ltfu.services.backup import backup_to

    backup_to(db, saved)
    enrol(db, NewSubject("CD1922-002", "BJ01", "DL1", D(2025, 1, 1)), D(2025, 1, 1))
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    with pytest.raises(DatabaseError):
        check_backup(junk)
    done = restore_from(db, saved)
    checked, aside = done.backup, done.previous_kept_as
    assert checked.subjects == 1
    with open_database(str(db_path)) as again, again.session() as s:
        assert s.scalars(select(m.Subject.study_id)).all() == ["CD1922-001"]
    con = sqlite3.connect(aside)
    assert con.execute("SELECT count(*) FROM subject").fetchone() == (2,)
    con.close()


def _conflict(url_or_path):
    first = open_database(url_or_path)
    second = open_database(url_or_path)
    enrol(first, NewSubject("CD1922-017", "BJ01", "DL2", D(2025, 11, 28), phone="111"), D(2025, 11, 28))
    seen_by_first = contact_details(first, "CD1922-017")
    seen_by_second = contact_details(second, "CD1922-017")
    update_contact(first, "CD1922-017", {"phone": "222"}, seen_by_first.row_version, "new number")
    with pytest.raises(ConflictError, match="changed by someone else"):
        update_contact(second, "CD1922-017", {"phone": "333"}, seen_by_second.row_version, "other number")
    assert contact_details(second, "CD1922-017").values["phone"] == "222"
    first.dispose()
    second.dispose()


def test_two_workstations_second_save_is_refused_sqlite(db_path):
    _conflict(str(db_path))


@pytest.mark.postgres
def test_two_workstations_second_save_is_refused_postgresql(pg_url):
    _conflict(pg_url)


@pytest.mark.postgres
def test_the_whole_program_runs_on_postgresql(pg_url):
    from ltfu.services.demo import build_demo
    from ltfu.services.endpoints import compute, summary
    from ltfu.services.visits import record_visit_done
    from ltfu.services.worklist import worklist

    with open_database(pg_url) as db:
        assert db.migration == "created"
        build_demo(db, subjects=30, seed=2, today=D(2026, 11, 29))
        work = worklist(db, D(2026, 11, 29), 30)
        row = work.rows[0]
        record_visit_done(db, row.study_id, D(2026, 11, 29), "clinic", D(2026, 11, 29), code=row.code)
        assert (row.study_id, row.code) not in {(r.study_id, r.code) for r in worklist(db, D(2026, 11, 29), 30).rows}
        assert summary(compute(db, D(2026, 11, 29)))["os"]["n"] == 30
        report = check(db)
        assert report.ok and report.integrity == "n/a" and report.row_counts["subject"] == 30
    with open_database(pg_url) as again:
        assert again.migration == "current"


def test_the_pi_signs_the_annual_report_and_the_pdf_shows_and_verifies_it(tmp_path, capsys):
    from pypdf import PdfReader

    path = str(tmp_path / "ar.sqlite3")
    with open_database(path) as db:
        from ltfu.services.demo import build_demo

        build_demo(db, subjects=20, seed=1, today=D(2026, 11, 29))
        add_user(db, "ada", "admin", "Ada Admin")
        db.sign_in("ada", PASSWORD)
        add_user(db, "pete", "pi", "Pete Investigator")
    secret = tmp_path / "pw"
    secret.write_text(PASSWORD)
    pdf = tmp_path / "annual.pdf"
    args = ["--db", path, "--user", "pete", "--password-file", str(secret)]
    assert (
        main(
            [
                *args,
                "report",
                "annual",
                "--year",
                "2026",
                "--as-of",
                "2026-11-29",
                "-o",
                str(pdf),
                "--sign",
                "--meaning",
                "approved",
            ]
        )
        == 0
    )
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Pete Investigator" in text and "approved" in text
    capsys.readouterr()
    assert main([*args, "verify", str(pdf)]) == 0
    assert "signed by Pete Investigator (pete), approved" in capsys.readouterr().out
    data = bytearray(pdf.read_bytes())
    data[-100] ^= 1
    pdf.write_bytes(bytes(data))
    assert main([*args, "verify", str(pdf)]) == 1
    assert "NOT VERIFIED" in capsys.readouterr().out
