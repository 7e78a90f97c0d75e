"""Rights: whole copies need their own right and are audited; secrets and contacts stay in.

- backup, restore, archive and every export need a right of their own
  (`users.PERMISSIONS`) and leave an audit entry: who, when, what, and the target;
- a failed sign-in records no typed text: not in the trail, its exports or the log;
- contact details leave only with the contacts right and the explicit choice: every
  place the trail is shown or written withholds them otherwise.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3
import zipfile
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import select

from ltfu.cli import main
from ltfu.db import models as m
from ltfu.errors import PermissionDenied
from ltfu.services import audit, audit_view, browse, users
from ltfu.services.archive import write_archive
from ltfu.services.backup import backup_to, restore_from
from ltfu.services.database import open_database
from ltfu.services.export import export_csv
from ltfu.services.odm import export_odm
from ltfu.services.subjects import NewSubject, contact_details, enrol, update_contact

D = dt.date
PASSWORD = "correct horse battery"
SECRET = "Tr0ub4dor&3-typed-in-the-wrong-field"
OLD_PHONE, NEW_PHONE = "+86 10 5555 0101", "+86 10 5555 0202"
NEW_STREET = "42 Moved Away Road"


@pytest.fixture(autouse=True)
def quick_hashing(monkeypatch):
    from argon2 import PasswordHasher

    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def db(any_db):
    return any_db


@pytest.fixture
def sqlite_db(db_path):
    database = open_database(str(db_path))
    yield database
    database.dispose()


def staff(db) -> None:
    """One subject whose phone and address changed, and an account per role."""
    enrol(db, NewSubject("CD1922-017", "BJ01", "DL2", D(2025, 11, 28), phone=OLD_PHONE), D(2025, 11, 28))
    seen = contact_details(db, "CD1922-017")
    update_contact(db, "CD1922-017", {"phone": NEW_PHONE, "address": NEW_STREET}, seen.row_version, "moved")
    with db.session() as s:
        users.create_user(s, db.user_id(s, "manage_users"), "ada", "Ada Admin", "admin", PASSWORD)
    db.sign_in("ada", PASSWORD)
    for name, role in (("cora", "coordinator"), ("pete", "pi"), ("nina", "nurse")):
        browse.add_user(db, name, name.title(), role, PASSWORD)


@pytest.fixture
def study(db):
    staff(db)
    return db


@pytest.fixture
def sqlite_study(sqlite_db):
    staff(sqlite_db)
    return sqlite_db


def trail(db) -> list[tuple]:
    with db.session() as s:
        return [
            (e.action, e.table_name, e.field, e.new_value, e.reason, username)
            for e, username in s.execute(
                select(m.AuditEvent, m.User.username)
                .outerjoin(m.User, m.User.id == m.AuditEvent.user_id)
                .order_by(m.AuditEvent.id)
            )
        ]


def last_transfer(db) -> tuple:
    return next(t for t in reversed(trail(db)) if t[1] == "database")


# -- whole copies: a right of their own, and audited --------------------------------


def test_a_nurse_may_not_back_up_and_nothing_is_written(sqlite_study, tmp_path):
    sqlite_study.sign_in("nina", PASSWORD)
    before = trail(sqlite_study)
    for role_name in ("nina", "cora", "pete"):
        sqlite_study.sign_in(role_name, PASSWORD)
        with pytest.raises(PermissionDenied, match=f"{role_name} .* may not back up the database"):
            backup_to(sqlite_study, tmp_path / "copy.sqlite3")
    assert not (tmp_path / "copy.sqlite3").exists()
    assert [t for t in trail(sqlite_study) if t[0] != "login"] == [t for t in before if t[0] != "login"]


def test_a_backup_is_audited_with_who_and_the_target_and_the_copy_holds_its_entry(sqlite_study, tmp_path):
    sqlite_study.sign_in("ada", PASSWORD)
    target = backup_to(sqlite_study, tmp_path / "copy.sqlite3")
    action, table, what, where, note, who = last_transfer(sqlite_study)
    assert (action, table, what, where, who) == ("backup", "database", "whole database", str(target), "ada")
    assert str(target) in note
    con = sqlite3.connect(target)
    assert con.execute("SELECT action, new_value FROM audit_event ORDER BY id DESC LIMIT 1").fetchone() == (
        "backup",
        str(target),
    )
    con.close()


def test_a_restore_needs_its_right_and_the_restored_trail_says_who_restored_what(sqlite_study, db_path, tmp_path):
    sqlite_study.sign_in("ada", PASSWORD)
    saved = backup_to(sqlite_study, tmp_path / "saved.sqlite3")
    sqlite_study.sign_in("pete", PASSWORD)
    with pytest.raises(PermissionDenied, match="pete \\(pi\\) may not restore the database"):
        restore_from(sqlite_study, saved)
    sqlite_study.sign_in("ada", PASSWORD)
    restore_from(sqlite_study, saved)
    with open_database(str(db_path)) as again:
        restores = [t for t in trail(again) if t[0] == "restore"]
    by_field = {field: (where, note, who) for _, _, field, where, note, who in restores}
    assert by_field["file"][0] == str(saved) and by_field["file"][2] == "ada"
    assert "previous_kept_as" in by_field and "by ada" in by_field["file"][1]


@pytest.mark.parametrize(
    ("role", "export", "refusal"),
    [
        ("nina", lambda db, out: export_csv(db, out), "nina (nurse) may not export data"),
        ("cora", lambda db, out: export_csv(db, out, with_contacts=True), "cora (coordinator) may not export contact"),
        ("pete", lambda db, out: write_archive(db, out), "pete (pi) may not write a handover archive"),
        ("nina", lambda db, out: export_odm(db, out), "nina (nurse) may not export data"),
        ("nina", lambda db, out: audit_view.write_audit_csv(db, out), "nina (nurse) may not read the audit trail"),
        ("cora", lambda db, out: audit_view.write_audit_csv(db, out, with_contacts=True), "may not export contact"),
        ("nina", lambda db, out: audit_view.audit_trail(db), "nina (nurse) may not read the audit trail"),
        ("cora", lambda db, out: browse.user_list(db), "cora (coordinator) may not list user accounts"),
    ],
)
def test_refused_exports_write_nothing_on_either_database(study, tmp_path, role, export, refusal):
    study.sign_in(role, PASSWORD)
    before = [t for t in trail(study) if t[0] != "login"]
    with pytest.raises(PermissionDenied) as refused:
        export(study, tmp_path / "out")
    assert refusal in str(refused.value)
    assert not (tmp_path / "out").exists()
    assert [t for t in trail(study) if t[0] != "login"] == before


@pytest.mark.parametrize(
    ("role", "export", "what"),
    [
        ("cora", lambda db, out: export_csv(db, out), "csv"),
        ("ada", lambda db, out: export_csv(db, out, with_contacts=True), "csv with contacts"),
        ("pete", lambda db, out: export_odm(db, out), "odm"),
        ("ada", lambda db, out: write_archive(db, out), "archive with contacts"),
        ("ada", lambda db, out: write_archive(db, out, with_contacts=False), "archive"),
        ("cora", lambda db, out: audit_view.write_audit_csv(db, out), "audit trail csv"),
    ],
)
def test_every_export_is_audited_with_who_what_and_where_to(study, tmp_path, role, export, what):
    study.sign_in(role, PASSWORD)
    export(study, tmp_path / "out")
    action, table, written, where, note, who = last_transfer(study)
    assert (action, table, written, where, who) == ("export", "database", what, str(tmp_path / "out"), role)
    assert str(tmp_path / "out") in note


# -- failed sign-ins record no secret ------------------------------------------------


def test_a_password_typed_as_the_user_name_is_nowhere_in_the_trail_or_its_exports(study, tmp_path):
    with pytest.raises(PermissionDenied, match="Wrong user name or password"):
        study.sign_in(SECRET, "whatever-else")
    with pytest.raises(PermissionDenied, match="Wrong user name or password"):
        study.sign_in("nina", SECRET)  # an account: named, its wrong password is not
    failures = [t for t in trail(study) if t[0] == "login_failed"]
    assert failures[-2][3] == audit.UNKNOWN_USER and failures[-2][5] is None
    assert failures[-1][5] == "nina"
    assert all(SECRET not in str(t) for t in trail(study))
    study.sign_in("ada", PASSWORD)
    audit_view.write_audit_csv(study, tmp_path / "trail.csv", with_contacts=True)
    export_csv(study, tmp_path / "export", with_contacts=True)
    write_archive(study, tmp_path / "handover.zip")
    assert SECRET not in (tmp_path / "trail.csv").read_text(encoding="utf-8")
    assert all(SECRET not in p.read_text(encoding="utf-8") for p in (tmp_path / "export").rglob("*.csv"))
    with zipfile.ZipFile(tmp_path / "handover.zip") as archive:
        assert all(SECRET.encode() not in archive.read(name) for name in archive.namelist())


def test_from_the_command_line_the_typed_text_is_not_in_the_trail_the_output_or_the_log(
    sqlite_study, db_path, tmp_path, capsys
):
    from ltfu.config import log_dir

    sqlite_study.dispose()
    password_file = tmp_path / "password.txt"
    password_file.write_text(PASSWORD, encoding="utf-8")
    code = main(["--db", str(db_path), "--user", SECRET, "--password-file", str(password_file), "worklist"])
    assert code == 1
    printed = capsys.readouterr()
    assert "Wrong user name or password" in printed.err and SECRET not in printed.err + printed.out
    log = log_dir() / "ltfu.log"
    assert log.exists() and SECRET not in log.read_text(encoding="utf-8")
    assert main(["--db", str(db_path), "--user", "ada", "--password-file", str(password_file), "audit", "--json"]) == 0
    shown = capsys.readouterr().out
    assert audit.UNKNOWN_USER in shown and SECRET not in shown


def test_text_typed_at_a_failed_sign_in_by_an_older_version_is_withheld_everywhere(study, tmp_path):
    # An older ltfu stored the typed user name: it may be a password.
    with study.session() as s:
        audit.append(s, None, [audit.Entry("login_failed", "user", None, None, "username", None, SECRET)])
    study.sign_in("ada", PASSWORD)
    audit_view.write_audit_csv(study, tmp_path / "trail.csv")
    export_csv(study, tmp_path / "export")
    export_odm(study, tmp_path / "study.xml")
    shown = [
        (tmp_path / "trail.csv").read_text(encoding="utf-8"),
        (tmp_path / "export" / "audit_events.csv").read_text(encoding="utf-8"),
        (tmp_path / "study.xml").read_text(encoding="utf-8"),
        repr(audit_view.audit_trail(study, limit=2000, newest_first=True)),  # the window's
        repr(audit_view.audit_trail(study)),
    ]
    for text in shown:
        assert SECRET not in text and audit.WITHHELD_TYPED in text


# -- contact details leave only with the right and the choice ---------------------------


def contact_values_in(text: str) -> list[str]:
    return [v for v in (OLD_PHONE, NEW_PHONE, NEW_STREET, "moved") if v in text]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_contact_changes_are_withheld_wherever_the_trail_is_shown_or_written(study, tmp_path, capsys):
    assert contact_values_in(repr(trail(study)))  # stored, for those who may see them
    study.sign_in("cora", PASSWORD)
    audit_view.write_audit_csv(study, tmp_path / "trail.csv")
    export_csv(study, tmp_path / "export")
    export_odm(study, tmp_path / "study.xml")
    shown = {
        "audit csv": (tmp_path / "trail.csv").read_text(encoding="utf-8"),
        "audit pdf": pdf_text(audit_view.audit_pdf(study, D(2026, 12, 1))),
        "audit_events.csv": (tmp_path / "export" / "audit_events.csv").read_text(encoding="utf-8"),
        "odm": (tmp_path / "study.xml").read_text(encoding="utf-8"),
        "window": repr(audit_view.audit_trail(study, limit=2000, newest_first=True)),
        "service": repr(audit_view.audit_trail(study, "CD1922-017")),
    }
    study.sign_in("ada", PASSWORD)  # the administrator too, without asking for contacts
    write_archive(study, tmp_path / "research.zip", with_contacts=False)
    with zipfile.ZipFile(tmp_path / "research.zip") as archive:
        shown["archive without contacts"] = "".join(
            archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
        )
    for where, text in shown.items():
        assert contact_values_in(text) == [], where
    rows = list(csv.DictReader(io.StringIO(shown["audit csv"])))
    phone = next(r for r in rows if r["table"] == "contact" and r["field"] == "phone")
    assert (phone["old_value"], phone["new_value"], phone["reason"]) == (audit.WITHHELD,) * 3
    assert "Without contacts, contact details in audit_events.csv read" in (
        tmp_path / "export" / "README.txt"
    ).read_text(encoding="utf-8")


def test_with_the_right_and_the_choice_the_contact_changes_are_shown(study, tmp_path):
    study.sign_in("ada", PASSWORD)
    audit_view.write_audit_csv(study, tmp_path / "trail.csv", with_contacts=True)
    export_csv(study, tmp_path / "export", with_contacts=True)
    for path in (tmp_path / "trail.csv", tmp_path / "export" / "audit_events.csv"):
        assert contact_values_in(path.read_text(encoding="utf-8")) == [OLD_PHONE, NEW_PHONE, NEW_STREET, "moved"]
    assert contact_values_in(repr(audit_view.audit_trail(study, with_contacts=True)))
    assert contact_values_in(pdf_text(audit_view.audit_pdf(study, D(2026, 12, 1), with_contacts=True)))


def test_ltfu_audit_withholds_contacts_unless_asked_by_someone_who_may(sqlite_study, db_path, tmp_path, capsys):
    sqlite_study.dispose()
    password_file = tmp_path / "password.txt"
    password_file.write_text(PASSWORD, encoding="utf-8")

    def run(user: str, *args: str) -> tuple[int, str, str]:
        code = main(["--db", str(db_path), "--user", user, "--password-file", str(password_file), "audit", *args])
        printed = capsys.readouterr()
        return code, printed.out, printed.err

    for args in ((), ("--json",), ("CD1922-017",), ("--csv", str(tmp_path / "t.csv"))):
        code, out, _ = run("cora", *args)
        assert code == 0 and contact_values_in(out) == []
    assert contact_values_in((tmp_path / "t.csv").read_text(encoding="utf-8")) == []
    code, out, err = run("cora", "--with-contacts")
    assert code == 1 and "may not export contact details" in err and out == ""
    code, out, _ = run("ada", "--json", "--with-contacts")
    assert code == 0 and contact_values_in(out) == [OLD_PHONE, NEW_PHONE, NEW_STREET, "moved"]


def test_a_handover_archive_without_contacts_says_so_when_restored(sqlite_study, tmp_path):
    from ltfu.errors import LtfuError
    from ltfu.services.archive import restore_archive

    sqlite_study.sign_in("ada", PASSWORD)
    write_archive(sqlite_study, tmp_path / "research.zip", with_contacts=False)
    with pytest.raises(LtfuError, match="written without contact details"):
        restore_archive(tmp_path / "research.zip", str(tmp_path / "new.sqlite3"))
    assert not Path(tmp_path / "new.sqlite3").exists()


def test_every_contact_column_and_phi_column_is_withheld():
    from ltfu.services.export import TABLES

    for column in m.Contact.__table__.columns:
        expected = column.name if column.name in audit.NOT_PHI_FIELDS else audit.WITHHELD
        assert audit.withheld("update", "contact", column.name, column.name) == expected
    for spec in TABLES:
        for column in spec.phi_columns:
            assert audit.withheld("update", spec.table, column, "x") == audit.WITHHELD, (spec.table, column)
    created = audit.created("contact", 1, {"phone": OLD_PHONE, "language": "en", "email": "(set)"}).new_value
    assert audit.withheld("create", "contact", None, created) == (
        f'{{"email": "(set)", "language": "en", "phone": "{audit.WITHHELD}"}}'
    )
    assert audit.withheld("update", "site", "phone", "+86 10 0000") == "+86 10 0000"  # the institution's
