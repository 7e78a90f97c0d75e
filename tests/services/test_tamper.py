"""Tamper evidence: what someone with the database file (or a superuser) does by hand,
and what `ltfu check` and `ltfu verify` then say."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import select

from ltfu.cli import main
from ltfu.db import models as m
from ltfu.errors import PermissionDenied
from ltfu.services import users
from ltfu.services.database import open_database

D = dt.date
PASSWORD = "correct horse battery"
# Every tamper is found whether the result table is compared in the checking process or in one of its own.
pytestmark = pytest.mark.usefixtures("where_results_are_compared")


def add_user(db, username, role, name):
    with db.session() as s:
        users.create_user(s, db.user_id(s, "manage_users"), username, name, role, PASSWORD)


def amended_file(folder):
    """Version 1.1 of the bundled protocol, with one more visit."""
    from ltfu.schedule.protocol import bundled_protocol_path

    text = bundled_protocol_path().read_text(encoding="utf-8").replace('version = "1.0"', 'version = "1.1"')
    m66 = '[[visits]]\ncode = "M66"\nmonths = 66\nearly = 30\nlate = 30\nmode = "phone"\nassessments = ["Q", "S"]\n\n'
    path = folder / "cd19-cd22-ph1-v1.1.toml"
    path.write_text(text.replace('[[visits]]\ncode = "Y6"', m66 + '[[visits]]\ncode = "Y6"'), encoding="utf-8")
    return path


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
        (
            "PRAGMA foreign_keys = OFF",
            "DROP TRIGGER audit_event_no_delete",
            "DELETE FROM user",
            "DELETE FROM audit_event WHERE table_name = 'user'",
        ),
    ],
)
def test_clearing_the_accounts_in_the_file_does_not_reopen_set_up_mode(db_path, attack, capsys):
    with open_database(str(db_path)) as db:
        add_user(db, "ada", "admin", "Ada Admin")
        db.sign_in("ada", PASSWORD)
        add_user(db, "nina", "nurse", "Nina Nurse")
    raw(db_path, *attack)
    with open_database(str(db_path)) as db:
        with pytest.raises(PermissionDenied, match="sign in first|set-up mode stays closed"):
            add_user(db, "mallory", "admin", "Mallory")
        if "DELETE FROM audit_event" not in " ".join(attack):
            assert db.needs_sign_in()
    secret = db_path.with_name("pw")
    secret.write_text(PASSWORD)
    add = ["user", "add", "mallory", "--role", "admin", "--name", "M", "--new-password-file", str(secret)]
    assert main(["--db", str(db_path), *add]) == 1
    err = capsys.readouterr().err
    assert "sign in" in err or "set-up mode stays closed" in err


def test_a_database_that_never_had_an_account_is_in_set_up_mode(db_path):
    with open_database(str(db_path)) as db:
        assert not db.needs_sign_in()
        add_user(db, "ada", "admin", "Ada Admin")
        assert db.needs_sign_in()


def test_a_trail_found_whole_and_cut_later_in_the_same_process_closes_set_up_mode(db_path):
    """Set-up mode remembers a trail it found whole (it asks before every action); an entry cut
    out of the middle afterwards, by hand, is still found."""
    _enrolled(db_path)
    with open_database(str(db_path)) as db:
        assert not db.needs_sign_in()  # walked once, remembered
        assert not db.needs_sign_in()
        with db.session(read_only=True) as session:
            middle = session.scalar(select(m.AuditEvent.id).order_by(m.AuditEvent.id).offset(2).limit(1))
    raw(db_path, "DROP TRIGGER audit_event_no_delete", f"DELETE FROM audit_event WHERE id = {middle}")
    with open_database(str(db_path)) as db, db.session(read_only=True) as session:
        assert users.has_accounts(session)  # a cut trail never counts as "never had an account"


def test_a_whole_trail_with_gaps_in_its_numbering_keeps_set_up_mode_and_a_cut_after_a_gap_closes_it(db_path):
    """Entries are linked by hash, not by id: ids that skip numbers (a PostgreSQL sequence
    does) leave the trail whole; an entry cut out right after such a gap is still found."""
    _enrolled(db_path)
    with open_database(str(db_path)) as db, db.session(read_only=True) as session:
        ids = session.scalars(select(m.AuditEvent.id).order_by(m.AuditEvent.id)).all()
    assert len(ids) > 4
    raw(db_path, "DROP TRIGGER audit_event_no_update", f"UPDATE audit_event SET id = id + 1000 WHERE id >= {ids[2]}")
    with open_database(str(db_path)) as db, db.session(read_only=True) as session:
        assert not users._trail_walk_cut(session)
        assert not users.has_accounts(session)
    raw(db_path, "DROP TRIGGER audit_event_no_delete", f"DELETE FROM audit_event WHERE id = {ids[2] + 1000}")
    with open_database(str(db_path)) as db, db.session(read_only=True) as session:
        assert users._trail_walk_cut(session)
        assert users.has_accounts(session)


GENESIS_TEXT = "0" * 64


@pytest.mark.parametrize(
    ("change", "cut"),
    [
        ((), False),  # whole, in id order
        (("DELETE FROM audit_event WHERE id = 3",), True),  # cut out of the middle
        (("DELETE FROM audit_event WHERE id = 1",), True),  # its first entry cut
        (("UPDATE audit_event SET id = 1000 WHERE id = 2",), False),  # whole, but not in id order
        (("UPDATE audit_event SET id = -5 WHERE id = (SELECT max(id) FROM audit_event)",), False),
        # A second start: an entry whose own hash is the genesis value, followed in id order.
        (
            (
                f"UPDATE audit_event SET hash = '{GENESIS_TEXT}' WHERE id = 2",
                f"UPDATE audit_event SET prev_hash = '{GENESIS_TEXT}' WHERE id = 3",
            ),
            True,
        ),
        ((f"UPDATE audit_event SET prev_hash = '{GENESIS_TEXT}' WHERE id = 3",), True),  # a second start
    ],
)
def test_a_cut_trail_is_found_whichever_shape_it_has(db_path, change, cut):
    """The walk for set-up mode (one pass by id, the search by hash when entries are not in
    id order) says what the definition says: an entry whose predecessor is missing, or two starts."""
    _enrolled(db_path)
    if change:
        raw(db_path, "DROP TRIGGER audit_event_no_delete", "DROP TRIGGER audit_event_no_update", *change)
    con = sqlite3.connect(db_path)
    links = con.execute("SELECT prev_hash, hash FROM audit_event").fetchall()
    con.close()
    hashes = {own for _prev, own in links}
    starts = sum(prev == GENESIS_TEXT for prev, _own in links)
    assert cut == (starts > 1 or any(prev != GENESIS_TEXT and prev not in hashes for prev, _own in links))
    with open_database(str(db_path)) as db, db.session(read_only=True) as session:
        assert users._trail_walk_cut(session) is cut


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
    # No anchor left: the chain alone verifies, but the records it lost are named.
    assert code == 1 and "has no audit entry: added outside the program" in out
    assert "chain intact" in out
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
    with engine.connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM audit_event")).scalar()
    try:
        for sql in ("UPDATE audit_event SET reason = 'x'", "DELETE FROM audit_event", "TRUNCATE audit_event CASCADE"):
            with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
                conn.execute(text(sql))
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM audit_event")).scalar() == before
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
    assert _check_service(path).ok  # signing leaves nothing unexplained
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
    capsys.readouterr()
    con = sqlite3.connect(path)
    _drop_triggers(con)
    con.execute("UPDATE signature SET printed_name = 'Someone Else' WHERE printed_name = 'Pete Investigator'")
    con.commit()
    con.close()
    assert main([*args, "check"]) == 1
    assert "signature" in capsys.readouterr().out and "printed name Someone Else in the table" in out_of(capsys, args)


def out_of(capsys, args):
    main([*args, "check"])
    return capsys.readouterr().out


# -- replay: current values against the trail --------------------------------------------


def _demo_with_edits(url):
    """A demo cohort plus ordinary work through the services (no false alarm allowed)."""
    from ltfu.services import events, imports, letters, protocols, records, visits
    from ltfu.services.demo import build_demo
    from ltfu.services.subjects import NewSubject, enrol

    today = D(2026, 11, 29)
    with open_database(url) as db:
        build_demo(db, subjects=12, seed=5, today=today)
        enrol(db, NewSubject("CD1922-900", "BJ01", "DL1", D(2026, 6, 1)), today)
        visits.record_visit_done(db, "CD1922-900", D(2026, 6, 8), "clinic", today)
        records.record_result(db, "CD1922-900", records.NewResult("igg", D(2026, 6, 8), 7.5, unit="g/L"), today)
        records.record_adverse_event(db, "CD1922-900", records.NewAdverseEvent("Fatigue", 2, D(2026, 6, 9)), today)
        events.record_event(db, "CD1922-900", events.NewEvent("response", D(2026, 7, 1), "CR", response="CR"), today)
        events.record_event(
            db, "CD1922-900", events.NewEvent("death", D(2026, 9, 1), "sepsis", death_cause="sepsis"), today
        )
        visits.reopen_visit(db, "CD1922-900", "D7", "entered against the wrong subject", today)
        folder = Path(tempfile.mkdtemp())
        (folder / "results.csv").write_text(
            "subject_id,date,analyte,value,unit\n"
            "CD1922-900,2026-06-15,car_copies,1234.5,copies/ug\n"
            "CD1922-900,2026-06-15,rcl,negative,\n"
            "CD1922-002,2026-11-20,igg,6.1,g/L\n"
        )
        imports.import_results(db, folder / "results.csv", today)
        (folder / "events.csv").write_text(
            "subject_id,date,event,detail\nCD1922-005,2026-11-01,withdrawal,visits\nCD1922-006,2026-11-02,crs,2\n"
        )
        imports.import_events(db, folder / "events.csv", today)
        (folder / "visits.csv").write_text(
            "subject_id,visit_code,date,status,mode,reason\nCD1922-900,D14,2026-06-15,done,clinic,\n"
        )
        imports.import_visits(db, folder / "visits.csv", today)
        events.record_contact_attempt(db, "CD1922-007", D(2026, 11, 1), "phone", "no_answer", today)
        run = letters.make_letters(db, D(2026, 11, 1), D(2027, 1, 31), today)
        if run.printed:
            with db.session() as s:
                letter_id = s.scalar(select(m.Letter.id))
            letters.mark_returned(db, letter_id, today, today)
        protocols.amend(db, amended_file(folder), D(2026, 11, 1), today, "amendment 3")
        add_user(db, "ada", "admin", "Ada Admin")
        db.sign_in("ada", PASSWORD)
        add_user(db, "nina", "nurse", "Nina Nurse")
        visits.record_visit_done(db, "CD1922-001", D(2026, 11, 28), "phone", today, unscheduled=True)
        db.sign_in("ada", PASSWORD)
        with db.session() as s:
            users.change_password(s, db.actor, PASSWORD, PASSWORD + "!")


def _check_service(url, *anchor_files):
    from ltfu.services.maintenance import check

    with open_database(url) as db:
        return check(db, anchor_files)


def test_a_demo_database_with_ordinary_work_checks_clean_sqlite(db_path):
    _demo_with_edits(str(db_path))
    report = _check_service(str(db_path))
    assert report.ok, (report.audit_problem, report.unexplained)


def test_a_demo_database_with_ordinary_work_checks_clean_postgresql(pg_url):
    _demo_with_edits(pg_url)
    report = _check_service(pg_url)
    assert report.ok, (report.audit_problem, report.unexplained)


EDITS = {
    "death date": (
        "UPDATE clinical_event SET event_date = '2026-10-02' WHERE kind = 'death' AND subject_id = "
        "(SELECT id FROM subject WHERE study_id = 'CD1922-900')",
        "subject CD1922-900: death date 2026-10-02 in the table, 2026-09-01 in the audit trail",
    ),
    "visit state": (
        "UPDATE visit SET state = 'missed' WHERE code = 'D7' AND subject_id = "
        "(SELECT id FROM subject WHERE study_id = 'CD1922-900')",
        "subject CD1922-900: visit D7",
    ),
    "demo visit state": (
        "UPDATE visit SET state = 'missed' WHERE id = (SELECT min(id) FROM visit WHERE state = 'completed' "
        "AND subject_id = (SELECT id FROM subject WHERE study_id = 'CD1922-003'))",
        "subject CD1922-003: visit",
    ),
    "demo death date": (
        "UPDATE clinical_event SET event_date = '2026-11-01' WHERE id = (SELECT min(id) FROM clinical_event "
        "WHERE kind = 'response')",
        "date 2026-11-01 in the table",
    ),
    "role": ("UPDATE user SET role = 'admin' WHERE username = 'nina'", "user nina: role admin in the table, nurse"),
    "inactive": (
        "UPDATE user SET active = 0 WHERE username = 'ada'",
        "user ada: active false in the table, true in the audit trail",
    ),
    "imported result": (
        "UPDATE result SET value = 999 WHERE source_file = 'results.csv' AND analyte = 'igg'",
        "subject CD1922-002: igg result",
    ),
    "withdrawal scope": (
        "UPDATE subject SET withdrawal_scope = 'all' WHERE study_id = 'CD1922-005'",
        "subject CD1922-005: withdrawal scope all in the table, visits in the audit trail",
    ),
    "demo result": (
        "UPDATE result SET value = value * 10 WHERE id = (SELECT min(id) FROM result WHERE value IS NOT NULL)",
        "result",
    ),
    "voided death": (
        "UPDATE clinical_event SET voided_at = '2026-11-01 00:00:00', void_reason = 'x' WHERE kind = 'death' "
        "AND subject_id = (SELECT id FROM subject WHERE study_id = 'CD1922-900')",
        "subject CD1922-900: death (clinical_event",
    ),
    "added event": (
        "INSERT INTO clinical_event (subject_id, event_date, kind, detail) SELECT id, '2026-01-05', 'relapse', "
        "'CD19-' FROM subject WHERE study_id = 'CD1922-002'",
        "subject CD1922-002: relapse (clinical_event",
    ),
    "deleted event": (
        "DELETE FROM clinical_event WHERE kind = 'response' AND subject_id = "
        "(SELECT id FROM subject WHERE study_id = 'CD1922-900')",
        "deleted outside the program",
    ),
    "deleted demo result": (
        "DELETE FROM result WHERE id = (SELECT max(id) FROM result WHERE subject_id = "
        "(SELECT id FROM subject WHERE study_id = 'CD1922-004'))",
        "subject CD1922-004: 1 result row(s)",
    ),
}


@pytest.fixture(scope="module")
def edited_demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("replay") / "demo.sqlite3"
    _demo_with_edits(str(path))
    return path


@pytest.mark.parametrize("name", list(EDITS))
def test_check_names_a_record_changed_in_the_file(edited_demo, tmp_path, capsys, name):
    import shutil

    path = tmp_path / "edited.sqlite3"
    shutil.copy(edited_demo, path)
    shutil.copy(str(edited_demo) + ".anchors", str(path) + ".anchors")
    sql, expected = EDITS[name]
    raw(path, "PRAGMA foreign_keys = OFF", sql)
    report = _check_service(str(path))
    assert not report.ok
    assert any(expected in line for line in report.unexplained), report.unexplained


@pytest.mark.parametrize("trouble", ["other entries", "the process fails"])
def test_results_compared_elsewhere_count_only_for_the_entries_verified_here(
    edited_demo, tmp_path, monkeypatch, trouble
):
    """The process comparing the result table (`trail.Elsewhere`) is trusted only with the
    very entries this process verified in the chain: when its entries differ (a write in
    between), or it gives no answer, the results are compared here, and found the same."""
    import shutil

    from ltfu.services import trail

    path = tmp_path / "edited.sqlite3"
    shutil.copy(edited_demo, path)
    shutil.copy(str(edited_demo) + ".anchors", str(path) + ".anchors")
    raw(path, "PRAGMA foreign_keys = OFF", *(EDITS[name][0] for name in ("demo result", "deleted demo result")))
    here = _check_service(str(path))
    monkeypatch.setattr(trail, "ELSEWHERE_ROWS", 0)
    if trouble == "other entries":
        monkeypatch.setattr(trail, "_entry_bytes", lambda entry: b"not the entries the process read")
    else:
        monkeypatch.setattr(trail.sys, "executable", shutil.which("false"))
    answers = []
    answered = getattr(trail.Elsewhere.result, "__wrapped__", trail.Elsewhere.result)  # not the fixture's strict one

    def result(self, replay):
        answers.append(answered(self, replay))
        return answers[-1]

    monkeypatch.setattr(trail.Elsewhere, "result", result)
    elsewhere = _check_service(str(path))
    assert answers == [None]
    assert elsewhere == here and not here.ok
    assert any("subject CD1922-004: 1 result row(s)" in line for line in here.unexplained), here.unexplained


def _sql_block(doc: str, name: str) -> list[str]:
    body = doc.split(f"-- {name} begin\n", 1)[1].split(f"-- {name} end", 1)[0]
    return [s.strip() for s in body.split(";") if s.strip() and not s.strip().startswith("\\")]


def test_the_documented_postgresql_roles_keep_the_program_from_changing_the_trail(pg_server):
    """docs/postgresql-setup.md, run as written: the program's role may add audit rows,
    never change or remove them; the owner builds the schema."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import DBAPIError

    from ltfu.services.subjects import NewSubject, enrol

    doc = (Path(__file__).resolve().parents[2] / "docs" / "postgresql-setup.md").read_text(encoding="utf-8")
    tag = uuid.uuid4().hex[:8]
    owner, app, name = f"ltfu_owner_{tag}", f"ltfu_app_{tag}", f"ltfu_{tag}"

    def named(sql: str) -> str:
        return sql.replace("ltfu_owner", owner).replace("ltfu_app", app).replace("DATABASE ltfu", f"DATABASE {name}")

    base, _, query = pg_server.partition("?")
    server = base.rsplit("/", 1)[0]

    def url(role: str | None, database: str) -> str:
        start = server if role is None else server.replace("postgres@", f"{role}@", 1)
        return f"{start}/{database}?{query}"

    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    try:
        first = _sql_block(doc, "grants")
        with admin.connect() as conn:
            for sql in first[:3]:  # roles and the database
                conn.execute(text(named(sql)))
        in_db = create_engine(url(None, name), isolation_level="AUTOCOMMIT")
        with in_db.connect() as conn:
            for sql in first[3:]:
                conn.execute(text(named(sql)))
        in_db.dispose()
        with open_database(url(owner, name)) as db:  # the owner creates the schema
            assert db.migration == "created"
        as_owner = create_engine(url(owner, name), isolation_level="AUTOCOMMIT")
        with as_owner.connect() as conn:
            for sql in _sql_block(doc, "app grants"):
                conn.execute(text(named(sql)))
        as_owner.dispose()
        with open_database(url(app, name)) as db:  # the program works as the app role
            enrol(db, NewSubject("CD1922-001", "BJ01", "DL2", D(2025, 11, 20)), D(2025, 12, 1))
            with db.engine.connect() as conn:
                for sql in ("UPDATE audit_event SET reason = 'x'", "DELETE FROM audit_event"):
                    with pytest.raises(DBAPIError, match="permission denied"):
                        conn.execute(text(sql))
                    conn.rollback()
                with pytest.raises(DBAPIError, match="must be owner"):
                    conn.execute(text("ALTER TABLE audit_event DISABLE TRIGGER ALL"))
                conn.rollback()
        assert _check_service(url(app, name)).ok
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f"DROP ROLE IF EXISTS {app}"))
            conn.execute(text(f"DROP ROLE IF EXISTS {owner}"))
        admin.dispose()


def test_an_export_manifest_and_the_log_are_anchors_too(db_path, tmp_path, capsys):
    _enrolled(db_path)
    assert main(["--db", str(db_path), "export", "csv", str(tmp_path / "out")]) == 0
    from ltfu.services.subjects import NewSubject, enrol

    with open_database(str(db_path)) as db:
        enrol(db, NewSubject("CD1922-050", "BJ01", "DL1", D(2025, 11, 2)), D(2025, 12, 1))
    assert main(["--db", str(db_path), "check"]) == 0  # writes to the log as a command does
    capsys.readouterr()
    con = sqlite3.connect(db_path)
    _drop_triggers(con)
    first_infusion = con.execute("SELECT min(id) FROM audit_event WHERE table_name = 'infusion'").fetchone()[0]
    con.execute("UPDATE audit_event SET reason = 'rewritten' WHERE id = ?", (first_infusion,))
    _rehash_from(con, first_infusion)
    con.commit()
    con.close()
    db_path.with_name(db_path.name + ".anchors").unlink()
    code, out = _check(db_path, capsys)
    assert code == 1 and "(log " in out and "differs: the trail was rewritten" in out
    code, out = _check(db_path, capsys, "--anchor", str(tmp_path / "out" / "manifest.json"))
    assert code == 1 and "differs: the trail was rewritten" in out


def test_postgresql_a_superuser_rewrite_and_a_changed_death_date_are_named(pg_url):
    from sqlalchemy import create_engine, text

    from ltfu.services import events
    from ltfu.services.subjects import NewSubject, enrol

    today = D(2026, 11, 29)
    with open_database(pg_url) as db:
        for i in (1, 2):
            enrol(db, NewSubject(f"CD1922-00{i}", "BJ01", "DL2", D(2025, 11, 20)), today)
        events.record_event(
            db, "CD1922-002", events.NewEvent("death", D(2026, 9, 1), "sepsis", death_cause="sepsis"), today
        )
    assert _check_service(pg_url).ok
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE clinical_event SET event_date = '2026-10-01' WHERE kind = 'death'"))
    report = _check_service(pg_url)
    assert "subject CD1922-002: death date 2026-10-01 in the table, 2026-09-01 in the audit trail" in report.unexplained
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE audit_event DISABLE TRIGGER USER"))
        conn.execute(text("DELETE FROM audit_event WHERE id > (SELECT max(id) - 3 FROM audit_event)"))
        conn.execute(text("ALTER TABLE audit_event ENABLE TRIGGER USER"))
    engine.dispose()
    report = _check_service(pg_url)
    assert not report.ok and "is missing: entries were deleted" in report.audit_problem


def test_a_database_from_before_whole_record_audit_checks_clean_after_the_upgrade(tmp_path):
    """Rows written by an older ltfu (a plan with no audit entry) are taken as they are
    at the upgrade; a row added by hand afterwards is still named."""
    from sqlalchemy import create_engine

    from ltfu.db.migrate import upgrade_to
    from ltfu.schedule.protocol import bundled_protocol_path

    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    upgrade_to(engine, "0005")
    engine.dispose()
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO protocol_version (id, protocol_id, version_label, content_hash, source_name, content, "
        "effective_date, loaded_at) VALUES (1, 'cd19-cd22-ph1', '1.0', ?, 'p.toml', ?, '2020-01-01', "
        "'2020-01-01 00:00:00')",
        (
            hashlib.sha256(bundled_protocol_path().read_bytes()).hexdigest(),
            bundled_protocol_path().read_text(encoding="utf-8"),
        ),
    )
    con.executescript(
        """
        INSERT INTO site (id, code, name) VALUES (1, 'BJ01', 'Site');
        INSERT INTO subject (id, study_id, site_id, protocol_version_id, dose_level, status, created_at, row_version)
            VALUES (1, 'CD1922-001', 1, 1, 'DL1', 'active', '2020-01-01 00:00:00', 1);
        INSERT INTO infusion (id, subject_id, sequence, infusion_date, dose_level) VALUES (1, 1, 1, '2020-01-10', 'DL1');
        INSERT INTO visit (id, subject_id, infusion_id, protocol_version_id, code, sequence, nominal_date,
            window_start, window_end, mode, assessments, state, out_of_window, row_version)
            VALUES (1, 1, 1, 1, 'D0', 1, '2020-01-10', '2020-01-10', '2020-01-10', 'clinic', 'P C', 'planned', 0, 1);
        INSERT INTO audit_event (at, action, table_name, record_id, subject_id, new_value, prev_hash, hash)
            VALUES ('2020-01-01 00:00:00.000000', 'create', 'subject', 1, 1, '{"study_id": "CD1922-001"}',
                    '0000000000000000000000000000000000000000000000000000000000000000', 'x');
        """
    )
    from ltfu.services.audit import GENESIS, entry_hash

    good = entry_hash(
        GENESIS,
        dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        None,
        "create",
        "subject",
        1,
        1,
        None,
        None,
        '{"study_id": "CD1922-001"}',
        None,
    )
    con.execute("UPDATE audit_event SET hash = ?", (good,))
    con.commit()
    con.close()
    with open_database(str(path)) as db:
        assert db.migration == "upgraded"
    report = _check_service(str(path))
    assert report.ok, (report.audit_problem, report.unexplained)
    raw(
        path,
        "INSERT INTO clinical_event (subject_id, event_date, kind, detail) VALUES (1, '2021-01-01', 'death', 'x')",
    )
    report = _check_service(str(path))
    assert any("death (clinical_event" in p and "no audit entry" in p for p in report.unexplained)


def test_after_restoring_a_backup_the_database_checks_clean_and_the_old_anchors_stay_aside(db_path, tmp_path, capsys):
    """A restore rolls the trail back on purpose: anchors written after the backup belong
    to the database kept aside, not to the restored one (no false alarm)."""
    from ltfu.services.subjects import NewSubject, enrol

    _enrolled(db_path, 2)
    backup = tmp_path / "before.sqlite3"
    assert main(["--db", str(db_path), "backup", str(backup)]) == 0
    with open_database(str(db_path)) as db:
        enrol(db, NewSubject("CD1922-077", "BJ01", "DL1", D(2025, 11, 2)), D(2025, 12, 1))
    assert main(["--db", str(db_path), "restore", str(backup)]) == 0
    capsys.readouterr()
    code, out = _check(db_path, capsys)
    assert code == 0, out
    code, out = _check(db_path, capsys, "--anchor", str(backup))
    assert code == 0, out


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE result SET result_date = '2026-02-30' WHERE id = (SELECT MIN(id) FROM result)",
        "UPDATE result SET result_date = 'garbage' WHERE id = (SELECT MIN(id) FROM result)",
        "UPDATE result SET value = 'abc' WHERE id = (SELECT MIN(id) FROM result WHERE value IS NOT NULL)",
    ],
)
def test_check_names_a_result_the_file_holds_in_a_form_no_write_stores(edited_demo, tmp_path, capsys, sql):
    """A date that is not a date, text for a number: check said 'a bug' (traceback)."""
    import shutil

    path = tmp_path / "edited.sqlite3"
    shutil.copy(edited_demo, path)
    shutil.copy(str(edited_demo) + ".anchors", str(path) + ".anchors")
    raw(path, "PRAGMA ignore_check_constraints = 1", sql)
    report = _check_service(str(path))
    assert not report.ok
    assert "a stored result cannot be read" in report.derived_text("result_pack")


def test_check_names_a_protocol_text_edited_in_the_file(edited_demo, tmp_path):
    """The protocol plans every visit window; an edit of its text in the file checked OK."""
    import shutil

    path = tmp_path / "edited.sqlite3"
    shutil.copy(edited_demo, path)
    shutil.copy(str(edited_demo) + ".anchors", str(path) + ".anchors")
    raw(path, "UPDATE protocol_version SET content = replace(content, 'early = 30', 'early = 300')")
    report = _check_service(str(path))
    assert not report.ok
    assert any("protocol_version 1" in line and "not the registered file" in line for line in report.unexplained)


def test_check_names_a_password_hash_copied_to_another_account(db_path):
    """Copying the nurse's hash onto the administrator lets the nurse sign in as the
    administrator; check said OK."""
    with open_database(str(db_path)) as db:
        add_user(db, "ada", "admin", "Ada Admin")
        db.sign_in("ada", PASSWORD)
        with db.session() as s:
            users.create_user(s, db.user_id(s, "manage_users"), "nina", "Nina Nurse", "nurse", "another long secret")
    assert _check_service(str(db_path)).ok
    raw(
        db_path,
        "UPDATE user SET password_hash = (SELECT password_hash FROM user WHERE username = 'nina') "
        "WHERE username = 'ada'",
    )
    report = _check_service(str(db_path))
    assert not report.ok
    assert "user ada, nina: the same password hash (copied in the file)" in report.unexplained


# -- password hashes -------------------------------------------------------------


def _unexplained(db_path) -> tuple[str, ...]:
    from ltfu.services.maintenance import check

    with open_database(str(db_path)) as db:
        report = check(db)
    assert report.audit_problem is None, report.audit_problem
    return report.unexplained


def test_a_password_hash_made_afresh_and_written_into_the_file_is_named(db_path):
    """Someone with the file gives the administrator a password they know: a new Argon2
    hash, not copied from any account. The trail keeps a fingerprint of every hash the
    program set, so check names the account."""
    from argon2 import PasswordHasher

    with open_database(str(db_path)) as db:
        add_user(db, "ada", "admin", "Ada Admin")
        db.sign_in("ada", PASSWORD)
        add_user(db, "nina", "nurse", "Nina Nurse")
        with db.session() as s:  # an ordinary password change is no finding
            users.change_password(s, users.Actor(2, "nina", "Nina Nurse", "nurse"), PASSWORD, "a brand new password")
    assert _unexplained(db_path) == ()
    forged = PasswordHasher().hash("the intruder's own password")
    raw(db_path, "UPDATE user SET password_hash = ? WHERE username = 'ada'", params=(forged,))
    assert _unexplained(db_path) == ("user ada: the password hash in the table is not the one ltfu last set",)


def test_a_hash_renewed_at_sign_in_is_recorded_so_it_checks_clean(db_path, monkeypatch):
    """New hashing settings make the program rehash a password at the next sign-in:
    that change of the stored hash is audited with its fingerprint, never a false alarm."""
    from argon2 import PasswordHasher

    with open_database(str(db_path)) as db:
        add_user(db, "ada", "admin", "Ada Admin")
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=users._hasher.time_cost + 1))
    with open_database(str(db_path)) as db:
        db.sign_in("ada", PASSWORD)
        with db.session(read_only=True) as s:
            changes = s.scalars(select(m.AuditEvent).where(m.AuditEvent.field == users.PASSWORD_FIELD)).all()
    assert len(changes) == 1 and changes[0].new_value.startswith("(set) sha256:")
    assert _unexplained(db_path) == ()
