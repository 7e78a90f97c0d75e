"""The schema: migrations, the models they must match, and upgrades that keep data."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from ltfu.db.migrate import current_revision, ensure_schema, head_revision, upgrade_to
from ltfu.db.models import Base
from ltfu.db.schema import SCHEMA_HEAD
from ltfu.errors import DatabaseError
from ltfu.schedule.protocol import bundled_protocol_path
from ltfu.services import packs
from ltfu.services.database import open_database


def test_schema_head_constant_is_alembics_head():
    assert head_revision() == SCHEMA_HEAD


def test_migrations_build_exactly_the_models(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'm.db'}")
    upgrade_to(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def _fill_first_schema(path):
    """Rows written by hand into a database made by the first migration only."""
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO protocol_version (id, protocol_id, version_label, content_hash, source_name, content, "
        "effective_date, loaded_at) VALUES (1, 'p', 'v1', 'abc', 'p.toml', ?, '2020-01-01', '2020-01-01 00:00:00')",
        (bundled_protocol_path().read_text(encoding="utf-8"),),
    )
    con.executescript(
        """
        INSERT INTO site (id, code, name) VALUES (1, 'BJ01', 'Site');
        INSERT INTO subject (id, study_id, site_id, protocol_version_id, dose_level, status, created_at)
            VALUES (1, 'CD1922-001', 1, 1, 'DL1', 'active', '2020-01-01 00:00:00');
        INSERT INTO infusion (id, subject_id, sequence, infusion_date, dose_level)
            VALUES (1, 1, 1, '2020-01-10', 'DL1');
        INSERT INTO visit (id, subject_id, infusion_id, protocol_version_id, code, sequence, nominal_date,
            window_start, window_end, mode, assessments, state, actual_date, out_of_window)
            VALUES (1, 1, 1, 1, 'D0', 1, '2020-01-10', '2020-01-10', '2020-01-10', 'clinic', 'P C', 'completed',
                    '2020-01-10', 0);
        INSERT INTO visit_status_change (id, visit_id, old_state, new_state, changed_at)
            VALUES (1, 1, 'planned', 'completed', '2020-01-10 12:00:00');
        INSERT INTO result (id, subject_id, result_date, analyte, value, unit, blq)
            VALUES (1, 1, '2020-01-17', 'car_copies', 12345.5, 'copies/ug', 0);
        INSERT INTO result (id, subject_id, result_date, analyte, category, unit, blq)
            VALUES (2, 1, '2020-07-10', 'rcl', 'positive', '', 0);
        """
    )
    con.commit()
    con.close()


def test_upgrade_from_first_migration_keeps_every_row_and_makes_a_backup(tmp_path):
    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    upgrade_to(engine, "0001")
    engine.dispose()
    _fill_first_schema(path)

    db = open_database(str(path))
    assert db.migration == "upgraded"
    assert current_revision(db.engine) == SCHEMA_HEAD
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT study_id, row_version FROM subject")).one() == ("CD1922-001", 1)
        assert conn.execute(text("SELECT code, state, row_version FROM visit")).one() == ("D0", "completed", 1)
        # A migration that rebuilds the visit table (0013: its cause CHECK) keeps the rows that refer to it.
        assert conn.execute(text("SELECT visit_id, new_state FROM visit_status_change")).one() == (1, "completed")
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        assert conn.execute(text("SELECT value FROM result WHERE id = 1")).scalar_one() == 12345.5
        # The stored alerts (schema 0004) are derived from the results already there.
        assert conn.execute(text("SELECT kind, alert_date FROM safety_alert")).one() == ("rcl_positive", "2020-07-10")
        # So are the packed results (schema 0005): both results, for the endpoints.
        assert conn.execute(text("SELECT subject_id, n_results, max_result_id FROM result_pack")).one() == (1, 2, 2)
    with db.session() as session:
        assert [(r.analyte, r.value, r.category) for r in packs.load(session)[1]] == [
            ("car_copies", 12345.5, None),
            ("rcl", None, "positive"),
        ]
    backups = list((tmp_path / "backups").glob("old-before-*.sqlite3"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert con.execute("SELECT count(*) FROM result").fetchone() == (2,)
    con.close()
    db.dispose()


def test_new_database_is_created_stamped_and_in_wal_mode(db_path):
    db = open_database(str(db_path))
    assert db.migration == "created"
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    db.dispose()
    assert open_database(str(db_path)).migration == "current"


def test_a_database_newer_than_the_program_is_refused_untouched(db_path):
    open_database(str(db_path)).dispose()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    with pytest.raises(DatabaseError, match="newer than this program"):
        open_database(str(db_path))
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("9999",)
    con.close()


def test_foreign_keys_and_vocabularies_are_enforced(db):
    from sqlalchemy.exc import IntegrityError

    with db.engine.connect() as conn:
        with pytest.raises(IntegrityError):
            conn.execute(
                text(
                    "INSERT INTO infusion (subject_id, sequence, infusion_date, dose_level) VALUES (99, 1, :d, 'DL1')"
                ),
                {"d": dt.date(2024, 1, 1)},
            )
        conn.rollback()
        conn.execute(text("INSERT INTO site (id, code, name) VALUES (1, 'S', 'S')"))
        with pytest.raises(IntegrityError, match="ck_user_role"):
            conn.execute(
                text(
                    "INSERT INTO user (username, full_name, role, active, failed_logins, created_at) "
                    "VALUES ('x', 'X', 'janitor', 1, 0, '2024-01-01')"
                )
            )


def test_ensure_schema_refuses_foreign_tables_without_version(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE subject (id INTEGER PRIMARY KEY)"))
    with pytest.raises(DatabaseError, match="not made by this program"):
        ensure_schema(engine)


def test_an_upgraded_database_in_set_up_mode_stays_in_set_up_mode_and_checks_clean(tmp_path):
    """The baseline entries an upgrade writes for the rows already there are not accounts:
    a database that never had one must not be locked out by its own upgrade."""
    from ltfu.services import users
    from ltfu.services.maintenance import check

    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    upgrade_to(engine, "0005")
    engine.dispose()
    _fill_first_schema(path)
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO user (id, username, full_name, role, active, failed_logins, created_at) "
        "VALUES (7, 'setup', 'setup', 'admin', 1, 0, '2020-01-01 00:00:00')"
    )
    # The protocol's registered hash, as ltfu stores it (check holds the text against it).
    (content,) = con.execute("SELECT content FROM protocol_version WHERE id = 1").fetchone()
    con.execute("UPDATE protocol_version SET content_hash = ? WHERE id = 1", (hashlib.sha256(content.encode()).hexdigest(),))
    con.commit()
    con.close()

    with open_database(str(path)) as db:
        assert db.migration == "upgraded" and not db.needs_sign_in()
        with db.session() as session:
            assert not users.has_accounts(session)
        db.require("enrol")  # set-up mode acts without an account, as before the upgrade
        assert check(db).unexplained == ()


def _migrated_checks(url: str) -> dict[str, list[str]]:
    """Each CHECK constraint of the migrated database that lists values: name -> the values."""
    import re

    engine = create_engine(url)
    try:
        upgrade_to(engine)
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                found = [
                    line
                    for (sql,) in conn.execute(text("SELECT sql FROM sqlite_master WHERE type = 'table'"))
                    for line in sql.splitlines()
                ]
                pairs = [m.groups() for line in found if (m := re.search(r"CONSTRAINT (\w+) CHECK \((.*)\)", line))]
            else:
                pairs = list(conn.execute(text("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint")))
    finally:
        engine.dispose()
    return {name: re.findall(r"'([^']*)'", sql) for name, sql in pairs if "'" in sql}


def _declared_checks() -> dict[str, list[str]]:
    import re

    from sqlalchemy import CheckConstraint

    return {
        str(c.name): re.findall(r"'([^']*)'", str(c.sqltext))
        for table in Base.metadata.tables.values()
        for c in table.constraints
        if isinstance(c, CheckConstraint) and "'" in str(c.sqltext)
    }


def _assert_the_migrations_allow_what_is_declared(url: str) -> None:
    """Every value a vocabulary declares (`ltfu.vocabulary`, through the models' CHECKs)
    is what the migrated database allows: a term added without its migration fails here."""
    declared, migrated = _declared_checks(), _migrated_checks(url)
    assert "ck_result_analyte" in declared
    for name, values in declared.items():
        assert migrated.get(name) == values, name


def test_the_migrated_sqlite_database_allows_exactly_the_declared_vocabularies(tmp_path):
    _assert_the_migrations_allow_what_is_declared(f"sqlite:///{tmp_path / 'v.db'}")


@pytest.mark.postgres
def test_the_migrated_postgresql_database_allows_exactly_the_declared_vocabularies(pg_url):
    _assert_the_migrations_allow_what_is_declared(pg_url)
