"""Accounts, roles enforced in the services, sign-in with lock-out, all in the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from ltfu.db import models as m
from ltfu.errors import PermissionDenied, ValidationError
from ltfu.services import users, visits
from ltfu.services.database import open_database
from ltfu.services.subjects import NewSubject, enrol

D = dt.date
PASSWORD = "correct horse battery"


def add_user(db, username, role, password=PASSWORD, name=None):
    with db.session() as s:
        users.create_user(s, db.user_id(s, "manage_users"), username, name or username.title(), role, password)


@pytest.fixture
def accounts(db):
    enrol(db, NewSubject("CD1922-017", "BJ01", "DL2", D(2025, 11, 28)), D(2025, 11, 28))
    add_user(db, "ada", "admin")
    db.sign_in("ada", PASSWORD)
    add_user(db, "nina", "nurse")
    add_user(db, "pete", "pi")
    db.sign_out()
    return db


def test_the_first_account_must_be_an_administrator(db):
    with db.session() as s, pytest.raises(ValidationError, match="first account .* administrator"):
        users.create_user(s, None, "nina", "Nina", "nurse", PASSWORD)


def test_once_accounts_exist_nothing_is_written_without_sign_in(accounts):
    with pytest.raises(PermissionDenied, match="sign in first"):
        visits.record_visit_done(accounts, "CD1922-017", D(2026, 12, 1), "clinic", D(2026, 12, 1))


def test_roles_are_enforced_in_the_services(accounts, tmp_path):
    from ltfu.services.subjects import import_subjects

    accounts.sign_in("nina", PASSWORD)
    visits.record_visit_done(accounts, "CD1922-017", D(2026, 12, 1), "clinic", D(2026, 12, 1))
    with pytest.raises(PermissionDenied, match="may not change saved data"):
        visits.reopen_visit(accounts, "CD1922-017", "M12", "typo", D(2026, 12, 1))
    path = tmp_path / "s.csv"
    path.write_text("subject_id,site,dose_level,infusion_date\nX-1,BJ01,DL1,2025-01-01\n")
    with pytest.raises(PermissionDenied, match="may not import files"):
        import_subjects(accounts, path, D(2026, 12, 1))
    with accounts.session() as s:
        done_by = s.scalar(
            select(m.User.username).join(m.Visit, m.Visit.performed_by == m.User.id).where(m.Visit.code == "M12")
        )
    assert done_by == "nina"


def test_wrong_passwords_lock_the_account_and_are_audited(accounts):
    for _ in range(users.MAX_FAILURES):
        with pytest.raises(PermissionDenied, match="Wrong user name or password"):
            accounts.sign_in("nina", "not the password")
    with pytest.raises(PermissionDenied, match="locked"):
        accounts.sign_in("nina", PASSWORD)
    with accounts.session() as s:
        failures = s.scalars(select(m.AuditEvent.reason).where(m.AuditEvent.action == "login_failed")).all()
        # Every failure is audited, the attempt on the locked account too.
        assert failures == [None] * users.MAX_FAILURES + ["account locked"]
        assert s.scalar(select(m.User.password_hash).where(m.User.username == "nina")).startswith("$argon2")


def test_a_short_password_or_bad_name_is_refused(accounts):
    accounts.sign_in("ada", PASSWORD)
    with pytest.raises(ValidationError, match="at least 10 characters"):
        add_user(accounts, "sam", "coordinator", password="short")
    with pytest.raises(ValidationError, match="User name 'Sam Smith'"):
        add_user(accounts, "Sam Smith", "coordinator")


def test_command_line_signs_in_with_a_password_file(tmp_path, capsys):
    from ltfu.cli import main

    path = str(tmp_path / "cli.sqlite3")
    secret = tmp_path / "pw"
    secret.write_text(PASSWORD + "\n")
    assert (
        main(
            [
                "--db",
                path,
                "user",
                "add",
                "ada",
                "--role",
                "admin",
                "--name",
                "Ada A",
                "--new-password-file",
                str(secret),
            ]
        )
        == 0
    )
    assert main(["--db", path, "worklist"]) == 1
    assert "sign in with --user" in capsys.readouterr().err
    assert main(["--db", path, "--user", "ada", "--password-file", str(secret), "worklist"]) == 0
    with open_database(path) as db, db.session() as s:
        assert s.scalar(select(m.AuditEvent.action).where(m.AuditEvent.action == "login")) == "login"
