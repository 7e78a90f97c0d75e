"""Database failures told apart by the driver's error code, under the real conditions.

Each known condition (locked, read-only, full, damaged, unreachable) is a plain
sentence that changes nothing; any other driver error is a bug: it is not dressed up as
a user message, and its log entry has the stack but never a value it was storing.
"""

from __future__ import annotations

import logging
import sqlite3

import pytest
from sqlalchemy import create_engine, event, text

from ltfu.cli import EXIT_BUG, main
from ltfu.db import engine as engine_module
from ltfu.db.engine import WRITE_LOCK_KEY, make_engine, make_session_factory
from ltfu.db.errors import Condition, condition
from ltfu.errors import DatabaseError, LtfuError, bug_report
from ltfu.services import browse
from ltfu.services.database import Database, open_database

SECRET = "Zoë Quartermain-Vasquez"  # what a failing statement was storing: never in a log
NOTHING_CHANGED = "nothing was changed"


def _add_user(db: Database, name: str = "ann") -> None:
    browse.add_user(db, name, "Ann Admin", "admin", "correct horse battery staple")


def _usernames(path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute('SELECT username FROM "user" ORDER BY username')]
    finally:
        con.close()


# -- SQLite -----------------------------------------------------------------------------


def test_a_write_while_another_program_holds_the_write_lock_says_locked(db_path, monkeypatch):
    monkeypatch.setattr(engine_module, "WRITE_WAIT_S", 0.2)
    with open_database(str(db_path)):
        pass
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program writing
    try:
        with open_database(str(db_path)) as db:
            with pytest.raises(DatabaseError, match="is locked by another program") as refused:
                _add_user(db)
            assert NOTHING_CHANGED in str(refused.value)
            assert condition(refused.value.__cause__) is Condition.LOCKED
    finally:
        other.rollback()
        other.close()
    assert _usernames(db_path) == []


def test_a_write_to_a_file_opened_read_only_says_read_only(db_path):
    with open_database(str(db_path)):
        pass
    ro = make_engine(f"sqlite:///file:{db_path}?mode=ro&uri=true")
    db = Database(f"sqlite:///{db_path}", ro, make_session_factory(ro))
    try:
        assert not db.needs_sign_in()  # reading works
        with pytest.raises(DatabaseError, match="is read-only. Ask for write access") as refused:
            _add_user(db)
        assert refused.value.__cause__.orig.sqlite_errorname.startswith("SQLITE_READONLY")
    finally:
        db.dispose()
    assert _usernames(db_path) == []


def test_a_full_disk_says_full_and_keeps_what_was_there(db_path):
    with open_database(str(db_path)) as db:
        _add_user(db, "first")
    before = _usernames(db_path)
    # The file may not grow past the pages it has: SQLite's own "database or disk is full".
    full = make_engine(f"sqlite:///{db_path}")

    @event.listens_for(full, "connect")
    def _no_room(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    db = Database(f"sqlite:///{db_path}", full, make_session_factory(full))
    try:
        with pytest.raises(DatabaseError, match="is full. Free some space") as refused, db.session() as s:
            s.execute(text("CREATE TABLE filler (x TEXT)"))
            s.execute(text("INSERT INTO filler VALUES (:x)"), [{"x": "y" * 1000}] * 200)
        assert refused.value.__cause__.orig.sqlite_errorname == "SQLITE_FULL"
    finally:
        db.dispose()
    assert "first" in before and _usernames(db_path) == before


def test_a_file_whose_header_is_damaged_is_refused_as_damaged(db_path, capsys):
    with open_database(str(db_path)):
        pass
    data = bytearray(db_path.read_bytes())
    data[16:18] = b"\x00\x03"  # an impossible page size, behind an intact "SQLite format 3"
    db_path.write_bytes(bytes(data))
    with pytest.raises(DatabaseError, match="is damaged. Restore the latest backup") as refused:
        open_database(str(db_path))
    assert refused.value.__cause__.orig.sqlite_errorname == "SQLITE_NOTADB"
    assert main(["--db", str(db_path), "check"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is damaged" in err


def test_a_damaged_page_met_by_a_read_says_damaged_and_the_database_turns_read_only(db_path):
    with open_database(str(db_path)) as db:
        _add_user(db)
    con = sqlite3.connect(db_path)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'user'").fetchone()[0]
    con.close()
    data = bytearray(db_path.read_bytes())
    start = (root - 1) * page_size
    data[start : start + page_size] = b"\xee" * page_size  # the user table's page
    db_path.write_bytes(bytes(data))
    with open_database(str(db_path), migrate=False) as db:
        with pytest.raises(DatabaseError, match="is damaged") as refused:
            db.needs_sign_in()
        assert condition(refused.value.__cause__) is Condition.CORRUPT
        assert db.read_only  # marked: later writes are refused before they start
        with pytest.raises(DatabaseError, match="open read-only"):
            db.refuse_if_read_only()


def test_every_sqlite_extended_code_counts_as_its_primary_one():
    class Fake(Exception):
        def __init__(self, name: str) -> None:
            self.sqlite_errorname = name

    assert condition(Fake("SQLITE_BUSY_SNAPSHOT")) is Condition.LOCKED
    assert condition(Fake("SQLITE_READONLY_DBMOVED")) is Condition.READ_ONLY
    assert condition(Fake("SQLITE_IOERR_SHORT_READ")) is Condition.IO_ERROR
    assert condition(Fake("SQLITE_CORRUPT_INDEX")) is Condition.CORRUPT
    assert condition(Fake("SQLITE_CONSTRAINT_UNIQUE")) is None  # a bug: the service checks first
    assert condition(Fake("SQLITE_ERROR")) is None  # bad SQL: a bug
    assert condition(ValueError("database is locked")) is None  # the words alone mean nothing


@pytest.mark.parametrize(
    ("sqlstate", "found"),
    [
        ("40001", Condition.LOCKED),  # serialization_failure
        ("40P01", Condition.LOCKED),  # deadlock_detected
        ("57014", Condition.LOCKED),  # query_canceled: a statement or lock timeout
        ("53100", Condition.FULL),
        ("08006", Condition.UNREACHABLE),  # any connection_exception
        ("28P01", Condition.UNREACHABLE),  # a wrong password
        ("3D000", Condition.UNREACHABLE),  # no such database
        ("53300", Condition.OVERLOADED),  # too_many_connections
        ("23505", None),  # unique_violation: the service checks first, so a bug
        ("22P02", None),  # invalid_text_representation: a bug
        ("42P01", None),  # undefined_table: a bug
    ],
)
def test_postgresql_conditions_are_told_apart_by_sqlstate(sqlstate, found):
    class Fake(Exception):
        def __init__(self, state: str) -> None:
            self.sqlstate = state

    class Wrapped(Exception):  # as SQLAlchemy wraps the driver's exception
        def __init__(self, orig: BaseException) -> None:
            self.orig = orig

    assert condition(Fake(sqlstate)) is found
    assert condition(Wrapped(Fake(sqlstate))) is found


# -- PostgreSQL -------------------------------------------------------------------------


def test_a_writer_waiting_past_the_lock_timeout_on_postgresql_says_locked(pg_url, monkeypatch):
    monkeypatch.setattr(engine_module, "WRITE_WAIT_S", 1)
    with open_database(pg_url):
        pass
    holder = create_engine(pg_url)
    try:
        with holder.connect() as other:
            other.execute(text(f"SELECT pg_advisory_lock({WRITE_LOCK_KEY})"))  # another workstation writing
            with open_database(pg_url) as db:
                with pytest.raises(DatabaseError, match="is locked by another program") as refused:
                    _add_user(db)
                assert refused.value.__cause__.orig.sqlstate == "55P03"
            other.execute(text(f"SELECT pg_advisory_unlock({WRITE_LOCK_KEY})"))
    finally:
        holder.dispose()
    with open_database(pg_url) as db:
        assert not db.needs_sign_in()  # nothing was added


def test_a_write_in_a_read_only_postgresql_database_says_read_only(pg_url):
    with open_database(pg_url):
        pass
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        name = conn.execute(text("SELECT current_database()")).scalar_one()
        conn.execute(text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on'))
    admin.dispose()
    with open_database(pg_url, migrate=False) as db:
        with pytest.raises(DatabaseError, match="is read-only. Ask for write access") as refused:
            _add_user(db)
        assert refused.value.__cause__.orig.sqlstate == "25006"


def test_a_postgresql_server_that_is_not_there_or_a_database_that_does_not_exist_is_unreachable(pg_url, tmp_path):
    base, _, query = pg_url.partition("?")
    for url in (
        f"postgresql+psycopg://postgres@/postgres?host={tmp_path}",  # no server listens there
        f"{base.rsplit('/', 1)[0]}/no_such_database?{query}",
    ):
        with pytest.raises(DatabaseError, match="Cannot reach the database server"):
            open_database(url)


# -- anything else is a bug -------------------------------------------------------------


def _failing_statement(db: Database) -> None:
    with db.session() as s:
        s.execute(text("INSERT INTO no_such_table (name) VALUES (:name)"), {"name": SECRET})


def test_an_unknown_database_error_is_a_bug_not_a_user_message(db):
    with pytest.raises(Exception) as raised:
        _failing_statement(db)
    assert not isinstance(raised.value, LtfuError)
    assert SECRET not in str(raised.value)  # the engines hide statement parameters from messages
    report = bug_report(raised.value)
    assert "code SQLITE_ERROR" in report and "no_such_table" in report  # what and where
    assert "_failing_statement" in report  # the stack
    assert SECRET not in report and "Zoë" not in report


def test_a_postgresql_error_whose_detail_quotes_the_values_is_logged_without_them(pg_url):
    with open_database(pg_url) as db:
        with db.session() as s:
            s.execute(text("CREATE TABLE t (name text UNIQUE)"))
            s.execute(text("INSERT INTO t VALUES (:name)"), {"name": SECRET})
        with pytest.raises(Exception) as raised, db.session() as s:
            s.execute(text("INSERT INTO t VALUES (:name)"), {"name": SECRET})
    assert not isinstance(raised.value, LtfuError)
    assert SECRET in str(raised.value.orig)  # PostgreSQL's DETAIL: Key (name)=(…) already exists
    report = bug_report(raised.value)
    assert "code 23505" in report and "constraint t_name_key" in report
    assert SECRET not in report and "Zoë" not in report


def test_the_command_line_says_internal_error_exits_70_and_logs_the_stack_without_values(
    db_path, monkeypatch, capsys, caplog
):
    caplog.set_level(logging.DEBUG)

    def broken_worklist(db, *_args, **_kwargs):  # type: ignore[no-untyped-def]
        _failing_statement(db)

    monkeypatch.setattr("ltfu.services.worklist.worklist", broken_worklist)
    assert main(["--db", str(db_path), "worklist"]) == EXIT_BUG == 70
    err = capsys.readouterr().err
    assert err.startswith("ltfu: internal error in 'worklist'") and err.count("\n") == 1
    assert "ltfu.log" in err and "Traceback" not in err and SECRET not in err
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "unexpected OperationalError" in logged and "_failing_statement" in logged
    assert SECRET not in logged and "Zoë" not in logged


@pytest.mark.parametrize(
    "url", ["postgresql://host:port/db", "nosuch://x", "postgresql+pg8000://u@h/db", "not a url ://x"]
)
def test_an_address_that_names_no_usable_database_is_one_line(url, capsys):
    assert main(["--db", url, "check"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("ltfu: Cannot use the database address") and err.count("\n") == 1
