"""Tamper evidence: what someone with the database file (or a superuser) does by hand,
and what `ltfu check` and `ltfu verify` then say."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from ltfu.cli import main
from ltfu.errors import PermissionDenied
from ltfu.services import users
from ltfu.services.database import open_database

D = dt.date
PASSWORD = "correct horse battery"


def add_user(db, username, role, name):
    with db.session() as s:
        users.create_user(s, db.user_id(s, "manage_users"), username, name, role, PASSWORD)


def raw(db_path, *statements, params=()):
    """Statements straight on the file, as someone with sqlite3 and the file would."""
    con = sqlite3.connect(db_path)
    try:
        for sql in statements:
            con.execute(sql, params) if params and "?" in sql else con.execute(sql)
        con.commit()
    finally:
        con.close()


# -- set-up mode ----------------------------------------------------------------


@pytest.mark.parametrize(
    "attack",
    [
        ("UPDATE user SET active = 0",),
        ("UPDATE user SET active = 0, password_hash = NULL",),
        ("PRAGMA foreign_keys = OFF", "DELETE FROM user"),
    ],
)
def test_clearing_the_accounts_in_the_file_does_not_reopen_set_up_mode(db_path, attack):
    with open_database(str(db_path)) as db:
        add_user(db, "ada", "admin", "Ada Admin")
        db.sign_in("ada", PASSWORD)
        add_user(db, "nina", "nurse", "Nina Nurse")
    raw(db_path, *attack)
    with open_database(str(db_path)) as db:
        assert db.needs_sign_in()
        with pytest.raises(PermissionDenied, match="sign in first"):
            add_user(db, "mallory", "admin", "Mallory")
    assert main(["--db", str(db_path), "user", "list"]) == 1


def test_a_database_that_never_had_an_account_is_in_set_up_mode(db_path):
    with open_database(str(db_path)) as db:
        assert not db.needs_sign_in()
        add_user(db, "ada", "admin", "Ada Admin")
        assert db.needs_sign_in()


# -- the chain head, anchored outside the file --------------------------------------


def _enrolled(db_path, n=3):
    from ltfu.services.subjects import NewSubject, enrol

    with open_database(str(db_path)) as db:
        for i in range(1, n + 1):
            enrol(db, NewSubject(f"CD1922-{i:03d}", "BJ01", "DL2", D(2025, 11, 20 + i)), D(2025, 12, 1))


def _check(db_path, capsys, *extra):
    code = main(["--db", str(db_path), "check", *extra])
    return code, capsys.readouterr().out


def _drop_triggers(con):
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        con.execute(f'DROP TRIGGER "{name}"')


def _rehash_from(con, first_id):
    """Re-chain every entry from `first_id` on, as an attacker with the code would."""
    from ltfu.services.audit import entry_hash

    prev = con.execute("SELECT hash FROM audit_event WHERE id < ? ORDER BY id DESC LIMIT 1", (first_id,)).fetchone()
    prev = prev[0] if prev else "0" * 64
    rows = con.execute(
        "SELECT id, at, user_id, action, table_name, record_id, subject_id, field, old_value, new_value, reason "
        "FROM audit_event WHERE id >= ? ORDER BY id",
        (first_id,),
    ).fetchall()
    for row in rows:
        at = dt.datetime.fromisoformat(row[1]).replace(tzinfo=dt.UTC)
        new = entry_hash(prev, at, *row[2:])
        con.execute("UPDATE audit_event SET prev_hash = ?, hash = ? WHERE id = ?", (prev, new, row[0]))
        prev = new


def test_a_clean_database_checks_clean_with_its_anchors(db_path, capsys):
    _enrolled(db_path)
    code, out = _check(db_path, capsys)
    assert code == 0, out
    assert "chain intact, matches" in out and "OK" in out


def test_check_names_the_missing_entries_when_the_last_audit_rows_are_deleted(db_path, capsys):
    _enrolled(db_path)
    con = sqlite3.connect(db_path)
    _drop_triggers(con)
    total = con.execute("SELECT count(*) FROM audit_event").fetchone()[0]
    con.execute("DELETE FROM audit_event WHERE id > (SELECT max(id) - 2 FROM audit_event)")
    con.commit()
    con.close()
    code, out = _check(db_path, capsys)
    assert code == 1
    assert f"audit entry {total:,}" in out and "is missing: entries were deleted" in out
    assert "anchor file" in out


def test_check_finds_a_forged_entry_appended_with_a_valid_hash(db_path, capsys):
    from ltfu.services.audit import entry_hash

    _enrolled(db_path)
    con = sqlite3.connect(db_path)
    last_id, prev = con.execute("SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1").fetchone()
    total = con.execute("SELECT count(*) FROM audit_event").fetchone()[0]
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    forged = entry_hash(prev, at, 1, "update", "subject", 1, 1, "status", "active", "dead", "forged")
    con.execute(
        "INSERT INTO audit_event (at, user_id, action, table_name, record_id, subject_id, field, old_value, "
        "new_value, reason, prev_hash, hash) VALUES (?, 1, 'update', 'subject', 1, 1, 'status', 'active', 'dead', "
        "'forged', ?, ?)",
        (at.isoformat(sep=" ").replace("+00:00", ""), prev, forged),
    )
    con.execute("UPDATE subject SET status = 'dead' WHERE id = 1")
    con.commit()
    con.close()
    code, out = _check(db_path, capsys)
    assert code == 1
    assert f"audit entry {total + 1} comes after the last head the program anchored" in out
    assert "added outside the program" in out


def test_check_finds_an_entry_edited_and_the_rest_re_hashed(db_path, capsys):
    _enrolled(db_path)
    con = sqlite3.connect(db_path)
    _drop_triggers(con)
    victim = con.execute("SELECT id FROM audit_event WHERE table_name = 'infusion' ORDER BY id LIMIT 1").fetchone()[0]
    con.execute("UPDATE audit_event SET reason = 'rewritten' WHERE id = ?", (victim,))
    _rehash_from(con, victim)
    con.commit()
    con.close()
    code, out = _check(db_path, capsys)
    assert code == 1
    assert "differs: the trail was rewritten" in out


def test_a_backup_manifest_is_an_anchor_even_when_the_anchor_file_and_log_are_gone(db_path, tmp_path, capsys):
    _enrolled(db_path)
    backup = tmp_path / "copy.sqlite3"
    assert main(["--db", str(db_path), "backup", str(backup)]) == 0
    capsys.readouterr()
    con = sqlite3.connect(db_path)
    _drop_triggers(con)
    con.execute("DELETE FROM audit_event WHERE id > (SELECT max(id) - 5 FROM audit_event)")
    con.commit()
    con.close()
    db_path.with_name(db_path.name + ".anchors").unlink()
    from ltfu.config import log_dir

    for log_file in log_dir().glob("ltfu.log*"):
        log_file.write_text("")
    code, out = _check(db_path, capsys)
    assert code == 0, out  # nothing left to compare with: the chain alone verifies
    code, out = _check(db_path, capsys, "--anchor", str(backup))
    assert code == 1
    assert "backup manifest" in out and "entries were deleted" in out


# -- append-only in the database ------------------------------------------------------


def test_sqlite_refuses_to_update_or_delete_audit_and_signature_rows(db_path):
    _enrolled(db_path, 1)
    con = sqlite3.connect(db_path)
    for sql in (
        "UPDATE audit_event SET reason = 'x'",
        "DELETE FROM audit_event",
        "UPDATE signature SET meaning = 'x'",
        "DELETE FROM signature",
    ):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            con.execute(sql) if "signature" not in sql else _with_a_signature(con, sql)
    con.close()


def _with_a_signature(con, sql):
    con.execute(
        "INSERT INTO signature (user_id, printed_name, meaning, signed_at, document_kind, document_sha256) "
        "VALUES (1, 'X', 'approved', '2026-01-01 00:00:00', 'k', ?)",
        ("0" * 64,),
    )
    con.execute(sql)


def test_postgresql_refuses_to_update_delete_or_truncate_audit_rows_even_for_a_superuser(pg_url):
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import DBAPIError

    from ltfu.services.subjects import NewSubject, enrol

    with open_database(pg_url) as db:
        enrol(db, NewSubject("CD1922-001", "BJ01", "DL2", D(2025, 11, 20)), D(2025, 12, 1))
    engine = create_engine(pg_url)
    try:
        for sql in ("UPDATE audit_event SET reason = 'x'", "DELETE FROM audit_event", "TRUNCATE audit_event CASCADE"):
            with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
                conn.execute(text(sql))
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM audit_event")).scalar() == 4
    finally:
        engine.dispose()


def test_an_upgraded_database_gets_the_triggers(tmp_path):
    from sqlalchemy import create_engine

    from ltfu.db.migrate import upgrade_to

    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    upgrade_to(engine, "0005")
    engine.dispose()
    with open_database(str(path)) as db:
        assert db.migration == "upgraded"
    con = sqlite3.connect(path)
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    con.close()
    assert {"audit_event_no_update", "audit_event_no_delete", "signature_no_update"} <= names


# -- signatures and accounts in the chain -------------------------------------------


def _signed_annual_report(tmp_path, path):
    from ltfu.services.demo import build_demo

    with open_database(path) as db:
        build_demo(db, subjects=12, seed=3, today=D(2026, 11, 29))
        add_user(db, "ada", "admin", "Ada Admin")
        db.sign_in("ada", PASSWORD)
        add_user(db, "pete", "pi", "Pete Investigator")
    secret = tmp_path / "pw"
    secret.write_text(PASSWORD)
    pdf = tmp_path / "annual.pdf"
    args = ["--db", path, "--user", "pete", "--password-file", str(secret)]
    report = ["report", "annual", "--year", "2026", "--as-of", "2026-11-29", "-o", str(pdf), "--sign"]
    assert main([*args, *report]) == 0
    return pdf, args


def test_a_signed_report_prints_and_anchors_the_audit_head(tmp_path, capsys):
    from pypdf import PdfReader

    path = str(tmp_path / "s.sqlite3")
    pdf, args = _signed_annual_report(tmp_path, path)
    capsys.readouterr()
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "audit trail: entry" in text
    assert main([*args, "verify", str(pdf)]) == 0
    assert "still in the trail" in capsys.readouterr().out
    # Cut the trail back to before the signing, anchor file and log gone: the PDF remembers.
    con = sqlite3.connect(path)
    _drop_triggers(con)
    con.execute("DELETE FROM audit_event WHERE id > (SELECT max(id) - 12 FROM audit_event)")
    con.commit()
    con.close()
    (tmp_path / "s.sqlite3.anchors").unlink()
    from ltfu.config import log_dir

    for log_file in log_dir().glob("ltfu.log*"):
        log_file.write_text("")
    code = main([*args, "check", "--anchor", str(pdf)])
    out = capsys.readouterr().out
    assert code == 1 and "signed report" in out and "entries were deleted" in out


def test_a_forged_signature_row_is_reported_as_forged_not_as_a_signer(tmp_path, capsys):
    path = str(tmp_path / "s.sqlite3")
    pdf, args = _signed_annual_report(tmp_path, path)
    other = tmp_path / "other.pdf"
    other.write_bytes(b"%PDF-1.4 a report nobody signed")
    import hashlib

    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO signature (user_id, printed_name, meaning, signed_at, document_kind, document_sha256) "
        "SELECT id, 'Ada Admin', 'approved', '2026-11-30 10:00:00', 'annual_report_2026', ? FROM user "
        "WHERE username = 'ada'",
        (hashlib.sha256(other.read_bytes()).hexdigest(),),
    )
    con.commit()
    con.close()
    capsys.readouterr()
    assert main([*args, "verify", str(other)]) == 1
    out = capsys.readouterr().out
    assert "NOT VERIFIED" in out and "forged" in out and "signed by" not in out
    assert main([*args, "verify", str(pdf)]) == 0  # the real one still verifies
