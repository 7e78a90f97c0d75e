"""ltfu sdv, ltfu freeze and ltfu report annual --from-cut: the monitor's visit and the
PI's frozen cut on the command line (USERS.md scene 15)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from sqlalchemy import select

from ltfu.cli import main
from ltfu.db import models as m
from ltfu.services import users
from ltfu.services.database import open_database
from ltfu.services.demo import build_demo
from ltfu.services.records import correct_result_value

TODAY = dt.date(2026, 11, 29)
PASSWORD = "correct horse battery"


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def study(tmp_path):
    path = str(tmp_path / "review.sqlite3")
    with open_database(path) as db:
        build_demo(db, subjects=4, seed=1, today=TODAY)
        with db.session() as s:
            users.create_user(s, None, "ada", "Ada Admin", "admin", PASSWORD)
        db.sign_in("ada", PASSWORD)
        for name, role in (("pete", "pi"), ("cora", "coordinator"), ("nina", "nurse")):
            with db.session() as s:
                users.create_user(s, db.user_id(s, "manage_users"), name, name.title(), role, PASSWORD)
    password = tmp_path / "password.txt"
    password.write_text(PASSWORD + "\n", encoding="utf-8")
    return path, str(password), tmp_path


def as_user(study, name):
    path, password, _ = study
    return ["--db", path, "--user", name, "--password-file", password]


def test_the_monitor_marks_six_visits_and_the_progress_counts_them(capsys, study):
    code, out, err = run(
        capsys, *as_user(study, "cora"), "--json", "sdv", "CD1922-001", "D0", "D1", "D4", "D7", "D10", "D14"
    )
    assert code == 0, err
    marks = json.loads(out)
    assert [mk["visit"] for mk in marks] == ["D0", "D1", "D4", "D7", "D10", "D14"]
    assert all(mk["verified"] and mk["verified_by"] == "cora" for mk in marks)

    code, out, _ = run(capsys, *as_user(study, "nina"), "--json", "sdv", "--progress")
    progress = json.loads(out)
    row = next(s for s in progress["subjects"] if s["study_id"] == "CD1922-001")
    assert row["visits_verified"] == 6
    assert sum(s["visits_verified"] for s in progress["sites"]) == 6
    code, out, _ = run(capsys, *as_user(study, "nina"), "sdv", "--progress")
    assert f"6 of {row['visits_done']} visits" in out

    code, _, err = run(capsys, *as_user(study, "nina"), "sdv", "CD1922-001", "M3")
    assert code == 1 and "may not mark records as verified against the source" in err
    code, _, err = run(capsys, *as_user(study, "cora"), "sdv", "CD1922-001", "M24")
    assert code == 1 and "visit M24 has not been done yet" in err
    code, out, _ = run(capsys, *as_user(study, "nina"), "sdv", "CD1922-001")
    assert out.count("verified by cora") == 6


def test_the_pi_freezes_signs_and_rebuilds_the_signed_bytes_after_a_correction(capsys, study):
    path, password, folder = study
    code, _, err = run(capsys, *as_user(study, "cora"), "freeze", "--as-of", "2026-11-29", "--reason", "annual")
    assert code == 1 and "may not freeze a data cut" in err
    code, _, err = run(capsys, *as_user(study, "pete"), "freeze", "--as-of", "2026-11-29")
    assert code == 1 and "needs a reason" in err
    code, out, err = run(
        capsys, *as_user(study, "pete"), "--json", "freeze", "--as-of", "2026-11-29", "--reason", "annual report 2026"
    )
    assert code == 0, err
    cut = json.loads(out)
    assert (cut["cut"], cut["as_of"], cut["cut_by"], cut["records_changed"]) == (1, "2026-11-29", "pete", 0)

    signed = folder / "signed.pdf"
    code, out, err = run(
        capsys,
        *as_user(study, "pete"),
        "report",
        "annual",
        "--year",
        "2026",
        "--as-of",
        "2026-11-29",
        "--sign",
        "-o",
        str(signed),
    )
    assert code == 0, err

    # The nurse corrects a frozen B-cell count, with a reason.
    with open_database(path) as db:
        db.sign_in("pete", PASSWORD)
        with db.session(read_only=True) as s:
            study_id, result_id, value = s.execute(
                select(m.Subject.study_id, m.Result.id, m.Result.value)
                .join(m.Subject, m.Subject.id == m.Result.subject_id)
                .where(m.Result.analyte == "cd19_b_cells", m.Result.value.is_not(None))
                .limit(1)
            ).one()
        correct_result_value(db, study_id, result_id, value + 3, "transcribed from the wrong line")

    code, out, _ = run(capsys, *as_user(study, "nina"), "freeze", "--list")
    assert "changed after the 2026 cut (cut 1, 2026-11-29): 1 record(s)" in out
    assert "transcribed from the wrong line" in out

    rebuilt = folder / "rebuilt.pdf"
    code, out, err = run(
        capsys,
        *as_user(study, "nina"),
        "--json",
        "report",
        "annual",
        "--year",
        "2026",
        "--from-cut",
        "1",
        "-o",
        str(rebuilt),
    )
    assert code == 0, err
    data = json.loads(out)
    digest = hashlib.sha256(signed.read_bytes()).hexdigest()
    assert data["identical_to_signed"] and data["sha256"] == digest and data["signed_by"] == "pete"
    assert rebuilt.read_bytes() == signed.read_bytes()
    assert data["records_changed"] == 1 and data["data_hash_today"] != data["data_hash_at_cut"]
    code, out, _ = run(
        capsys, *as_user(study, "nina"), "report", "annual", "--year", "2026", "--from-cut", "1", "-o", str(rebuilt)
    )
    assert "identical to the report signed by Pete on" in out and digest in out
    assert "today's data differ: changed after the 2026 cut (cut 1, 2026-11-29): 1 record(s)" in out
    code, _, err = run(
        capsys, *as_user(study, "nina"), "report", "annual", "--year", "2026", "--from-cut", "7", "-o", str(rebuilt)
    )
    assert code == 1 and "There is no data cut 7" in err
