"""Test-wide set-up: headless Qt, isolated user folders, real databases."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

# Before any Qt import: no display in CI.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never touch the real user's data, settings or logs.
_home = Path(tempfile.mkdtemp(prefix="ltfu-test-home-"))
for var in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[var] = str(_home / var.lower())
os.environ.pop("LTFU_DB", None)

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ltfu.sqlite3"


@pytest.fixture
def db(db_path: Path):
    from ltfu.services.database import open_database

    database = open_database(str(db_path))
    yield database
    database.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def either_db(request, db_path: Path):
    """The embedded file, then a PostgreSQL server: a write path must work on both."""
    from ltfu.services.database import open_database

    url = str(db_path) if request.param == "sqlite" else request.getfixturevalue("pg_url")
    database = open_database(url)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL server: the one CI started, or one started here."""
    url = os.environ.get("LTFU_TEST_PG_URL")
    if url:
        yield url
        return
    folder = tempfile.mkdtemp(prefix="ltfupg.", dir="/tmp")
    started = subprocess.run([str(REPO / ".ci" / "postgres"), "start", folder], capture_output=True, text=True)
    if started.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"no PostgreSQL server could be started here: {started.stderr.strip()[-300:]}")
    try:
        yield started.stdout.strip()
    finally:
        subprocess.run([str(REPO / ".ci" / "postgres"), "stop", folder], capture_output=True)


@pytest.fixture
def pg_url(pg_server: str) -> str:
    """A fresh, empty PostgreSQL database for one test."""
    from sqlalchemy import create_engine, text

    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    base, _, query = pg_server.partition("?")
    yield f"{base.rsplit('/', 1)[0]}/{name}?{query}"


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request, db_path):
    """The same test on the embedded file and on a fresh PostgreSQL database."""
    from ltfu.services.database import open_database

    url = str(db_path) if request.param == "sqlite" else request.getfixturevalue("pg_url")
    database = open_database(url)
    yield database
    database.dispose()


@pytest.fixture
def stored_value():
    """A function: (subject, result id, value) of the first stored value of an analyte in
    a database, the record a correction (or a query) is about."""

    def find(db, analyte: str = "cd19_b_cells") -> tuple[str, int, float]:
        from sqlalchemy import select

        from ltfu.db import models as m

        with db.session(read_only=True) as s:
            study, result_id, value = s.execute(
                select(m.Subject.study_id, m.Result.id, m.Result.value)
                .join(m.Subject, m.Subject.id == m.Result.subject_id)
                .where(m.Result.analyte == analyte, m.Result.value.is_not(None), m.Result.voided_at.is_(None))
                .order_by(m.Result.id)
                .limit(1)
            ).one()
        return study, result_id, value

    return find


@pytest.fixture
def correct_by_query():
    """A function: correct a stored result's value the one way ltfu corrects a value: the
    `monitor` (username, password) queries it, then `corrector` answers the query by
    correcting it with `reason`; `db` is left signed in as `corrector`."""

    def correct(db, monitor, corrector, study, result_id, value, reason, today) -> int:
        from ltfu.services import queries

        db.sign_in(*monitor)
        query_id = queries.raise_query(db, study, "result", result_id, "Please check against the lab report.", "value")
        db.sign_in(*corrector)
        queries.correct_value(db, query_id, str(value), reason, today)
        return query_id

    return correct


@pytest.fixture(params=["results compared here", "results compared elsewhere"])
def where_results_are_compared(request, monkeypatch):
    """`ltfu check` compares the result table in its own process, or (from
    `trail.ELSEWHERE_ROWS` rows on, here from the first) in a process of its own
    (`trail.Elsewhere`): whatever a test finds, it finds both ways. Elsewhere, the
    process must have answered: no silent fallback to comparing here."""
    from ltfu.services import trail

    if request.param == "results compared elsewhere":
        monkeypatch.setattr(trail, "ELSEWHERE_ROWS", 0)
        answered = trail.Elsewhere.result

        def strict(self, replay):
            found = answered(self, replay)
            assert found is not None, "the process comparing the results elsewhere gave no usable answer"
            return found

        strict.__wrapped__ = answered  # type: ignore[attr-defined]  # for a test that makes it fail on purpose
        monkeypatch.setattr(trail.Elsewhere, "result", strict)
    return request.param
