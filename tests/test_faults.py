"""Faults and abuse: killed imports, concurrent writers, damaged files, hostile CSV, PHI in logs."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from ltfu.cli import main
from ltfu.db import models as m
from ltfu.errors import LtfuError
from ltfu.services.database import open_database
from ltfu.services.demo import build_demo
from ltfu.services.imports import import_results

TODAY = dt.date(2026, 11, 29)


def result_count(path) -> int:
    with open_database(str(path)) as db, db.session() as s:
        return s.scalar(select(func.count()).select_from(m.Result))


def big_results_csv(path, db, rows: int) -> None:
    with db.session() as s:
        subjects = s.execute(
            select(m.Subject.study_id, m.Infusion.infusion_date).join(m.Infusion).where(m.Subject.status != "dead")
        ).all()
    lines = ["subject_id,date,analyte,value,unit"]
    for i in range(rows):
        study_id, infusion = subjects[i % len(subjects)]
        day = min(infusion + dt.timedelta(days=1 + i % 300), TODAY)
        lines.append(f"{study_id},{day},il6,{1000 + i}.5,pg/mL")
    path.write_text("\n".join(lines) + "\n")


def test_a_killed_import_leaves_the_database_as_before(tmp_path):
    path = tmp_path / "kill.sqlite3"
    with open_database(str(path)) as db:
        build_demo(db, subjects=50, seed=1, today=TODAY)
        big_results_csv(tmp_path / "lab.csv", db, 150_000)
    before = result_count(path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ltfu", "--db", str(path), "import", "results", str(tmp_path / "lab.csv")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Kill it once it is writing: the WAL file grows during the import transaction.
    wal = tmp_path / "kill.sqlite3-wal"
    deadline = time.monotonic() + 60
    start_size = wal.stat().st_size if wal.exists() else 0
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > start_size + 1_000_000:
            break
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=0.01)  # a short wait on the process itself between looks
    assert proc.poll() is None, "the import finished before it could be killed; make the file bigger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert result_count(path) == before
    with open_database(str(path)) as db:
        from ltfu.services.maintenance import check

        assert check(db).ok


def test_two_processes_writing_at_once_both_succeed_or_say_busy(tmp_path):
    path = tmp_path / "two.sqlite3"
    with open_database(str(path)) as db:
        build_demo(db, subjects=20, seed=1, today=TODAY)
    script = textwrap.dedent(
        f"""
        import datetime as dt, sys
        from ltfu.errors import LtfuError
        from ltfu.services.database import open_database
        from ltfu.services.events import record_contact_attempt
        db = open_database({str(path)!r})
        ok = 0
        for i in range(40):
            try:
                # Distinct attempts (an exact duplicate is refused); unanswered, since a
                # demo subject may have died before the date.
                record_contact_attempt(db, "CD1922-0%02d" % (i % 20 + 1), dt.date(2026, 11, 1 + i // 20),
                                       sys.argv[2], "no_answer", dt.date(2026, 11, 29), note=sys.argv[1])
                ok += 1
            except LtfuError as exc:
                assert "locked" in str(exc), exc
        print(ok)
        """
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, name, channel], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for name, channel in (("a", "phone"), ("b", "sms"))
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    for (_out, err), p in zip(outputs, procs, strict=True):
        assert p.returncode == 0, err[-2000:]
        assert "Traceback" not in err
    written = sum(int(out) for out, _ in outputs)
    with open_database(str(path)) as db, db.session() as s:
        assert (
            s.scalar(select(func.count()).select_from(m.ContactAttempt).where(m.ContactAttempt.note.in_(("a", "b"))))
            == written
        )
        from ltfu.services.audit import verify_chain

        assert verify_chain(s)[1] is None


@pytest.mark.parametrize("damage", ["truncated", "random"])
def test_a_damaged_database_file_is_refused_without_a_traceback(tmp_path, capsys, damage):
    path = tmp_path / "d.sqlite3"
    with open_database(str(path)) as db:
        build_demo(db, subjects=10, seed=1, today=TODAY)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3] if damage == "truncated" else os.urandom(len(data)))
    code = main(["--db", str(path), "check"])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err and err.startswith("ltfu: ")


HEADER = "subject_id,date,analyte,value,unit,qualifier,assay\n"
cells = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "CD1922-001",
            "2026-02-30",
            "2026-01-05",
            "9999-12-31",
            "igg",
            "rcl",
            "positive",
            "<",
            "1e308",
            "-5",
            "nan",
            "'; DROP TABLE result; --",
            "\x00",
            "\u202e",
            "g/L",
            "µg",
        ]
    ),
)


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory):
    """A three-subject demo database, built once and copied for every example."""
    path = tmp_path_factory.mktemp("fuzz-demo") / "demo.sqlite3"
    with open_database(str(path)) as db:
        build_demo(db, subjects=3, seed=1, today=TODAY)
    return path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cells, min_size=7, max_size=7), min_size=1, max_size=8))
def test_hostile_csv_rows_never_crash_and_never_write_half_a_file(tmp_path_factory, small_demo, rows):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "f.sqlite3"
    shutil.copyfile(small_demo, path)  # a fresh copy per example: each import starts from the same data
    with open_database(str(path)) as db:
        before = result_count(path)
        csv_path = folder / "lab.csv"
        import csv as csv_module

        with csv_path.open("w", newline="", encoding="utf-8", errors="surrogatepass") as handle:
            handle.write(HEADER)
            csv_module.writer(handle).writerows(rows)
        try:
            summary = import_results(db, csv_path, TODAY)
        except LtfuError:
            assert result_count(path) == before
        else:
            assert result_count(path) == before + summary.added


def test_no_log_line_holds_a_name_birth_date_or_address(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    path = tmp_path / "phi.sqlite3"
    bad = tmp_path / "bad.csv"
    with open_database(str(path)) as db:
        build_demo(db, subjects=20, seed=4, today=TODAY)
        with db.session() as s:
            contacts = s.scalars(select(m.Contact)).all()
            secrets = (
                {c.given_name for c in contacts}
                | {c.family_name for c in contacts}
                | {c.address for c in contacts if c.address}
                | {c.birth_date.isoformat() for c in contacts}
            )
        # An import that fails with a name in the row, and an unexpected error path.
        name = next(iter(sorted(x for x in secrets if x and "-" not in x)))
        bad.write_text(f"subject_id,site,dose_level,infusion_date,given_name\nX-1,BJ01,DL1,2024-02-30,{name}\n")
    assert main(["--db", str(path), "import", "subjects", str(bad)]) == 1
    assert main(["--db", str(path), "worklist", "--today", "2026-11-29"]) == 0
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert logged  # something was logged
    for secret in secrets:
        assert secret not in logged, "PHI in the log"
