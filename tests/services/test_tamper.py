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
