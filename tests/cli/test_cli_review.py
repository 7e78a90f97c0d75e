"""ltfu sdv, ltfu freeze and ltfu report annual --from-cut: the monitor's visit and the
PI's frozen cut on the command line (USERS.md scene 15)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest

from ltfu.cli import main
from ltfu.services import users
from ltfu.services.database import open_database
from ltfu.services.demo import build_demo

TODAY = dt.date(2026, 11, 29)
PASSWORD = "correct horse battery"


@pytest.fixture
def study(tmp_path):
    path = str(tmp_path / "review.sqlite3")
    with open_database(path) as db:
        build_demo(db, subjects=4, seed=1, today=TODAY)
        for name, role in (
            ("ada", "admin"),
            ("pete", "pi"),
            ("cora", "coordinator"),
            ("nina", "nurse"),
            ("mona", "monitor"),
        ):
            with db.session() as s:
                users.create_user(
                    s, db.user_id(s, "manage_users") if db.actor else None, name, name.title(), role, PASSWORD
                )
            db.actor or db.sign_in(name, PASSWORD)
    password = tmp_path / "password.txt"
    password.write_text(PASSWORD + "\n", encoding="utf-8")
    return path, str(password), tmp_path


def ltfu(capsys, study, user: str, command: str, *more: str) -> tuple[int, str, str]:
    """Run `ltfu` signed in as `user`: (exit code, output, errors). `command` is split at
    spaces; `more` are whole arguments (a reason with spaces)."""
    path, password, _ = study
    code = main(["--db", path, "--user", user, "--password-file", password, *command.split(), *more])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_monitor_marks_six_visits_and_the_progress_counts_them(capsys, study):
    code, out, err = ltfu(capsys, study, "cora", "--json sdv CD1922-001 D0 D1 D4 D7 D10 D14")
    assert code == 0, err
    marks = json.loads(out)
    assert [mk["visit"] for mk in marks] == ["D0", "D1", "D4", "D7", "D10", "D14"]
    assert all(mk["verified"] and mk["verified_by"] == "cora" for mk in marks)

    progress = json.loads(ltfu(capsys, study, "nina", "--json sdv --progress")[1])
    row = next(s for s in progress["subjects"] if s["study_id"] == "CD1922-001")
    assert row["visits_verified"] == 6
    assert sum(s["visits_verified"] for s in progress["sites"]) == 6
    assert f"6 of {row['visits_done']} visits" in ltfu(capsys, study, "nina", "sdv --progress")[1]

    code, _, err = ltfu(capsys, study, "nina", "sdv CD1922-001 M3")
    assert code == 1 and "may not mark records as verified against the source" in err
    code, _, err = ltfu(capsys, study, "cora", "sdv CD1922-001 M24")
    assert code == 1 and "visit M24 has not been done yet" in err
    assert ltfu(capsys, study, "nina", "sdv CD1922-001")[1].count("verified by cora") == 6


def test_the_pi_freezes_signs_and_rebuilds_the_signed_bytes_after_a_correction(
    capsys, study, stored_value, correct_by_query
):
    path, _password, folder = study
    code, _, err = ltfu(capsys, study, "cora", "freeze --as-of 2026-11-29 --reason", "annual")
    assert code == 1 and "may not freeze a data cut" in err
    code, _, err = ltfu(capsys, study, "pete", "freeze --as-of 2026-11-29")
    assert code == 1 and "needs a reason" in err
    code, out, err = ltfu(capsys, study, "pete", "--json freeze --as-of 2026-11-29 --reason", "annual report 2026")
    assert code == 0, err
    cut = json.loads(out)
    assert (cut["cut"], cut["as_of"], cut["cut_by"], cut["records_changed"]) == (1, "2026-11-29", "pete", 0)

    signed, rebuilt = folder / "signed.pdf", folder / "rebuilt.pdf"
    code, _, err = ltfu(capsys, study, "pete", "report annual --year 2026 --as-of 2026-11-29 --sign -o", str(signed))
    assert code == 0, err

    # A frozen B-cell count corrected, with a reason.
    with open_database(path) as db:
        db.sign_in("pete", PASSWORD)
        study_id, result_id, value = stored_value(db)
        monitor, pi = ("mona", PASSWORD), ("pete", PASSWORD)
        correct_by_query(db, monitor, pi, study_id, result_id, value + 3, "transcribed from the wrong line", TODAY)

    code, out, _ = ltfu(capsys, study, "nina", "freeze --list")
    assert "changed after the 2026 cut (cut 1, 2026-11-29): 1 record(s)" in out
    assert "transcribed from the wrong line" in out

    code, out, err = ltfu(capsys, study, "nina", "--json report annual --year 2026 --from-cut 1 -o", str(rebuilt))
    assert code == 0, err
    data = json.loads(out)
    digest = hashlib.sha256(signed.read_bytes()).hexdigest()
    assert data["identical_to_signed"] and data["sha256"] == digest and data["signed_by"] == "pete"
    assert rebuilt.read_bytes() == signed.read_bytes()
    assert data["records_changed"] == 1 and data["data_hash_today"] != data["data_hash_at_cut"]
    out = ltfu(capsys, study, "nina", "report annual --year 2026 --from-cut 1 -o", str(rebuilt))[1]
    assert "identical to the report signed by Pete on" in out and digest in out
    assert "today's data differ: changed after the 2026 cut (cut 1, 2026-11-29): 1 record(s)" in out
    code, _, err = ltfu(capsys, study, "nina", "report annual --year 2026 --from-cut 7 -o", str(rebuilt))
    assert code == 1 and "There is no data cut 7" in err
