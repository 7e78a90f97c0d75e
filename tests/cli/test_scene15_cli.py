"""USERS.md scene 15 end to end on the command line (issue 19): the monitor's visit.

The PI froze last year's data and signed last year's annual report; the monitor (who sees
no phone number) queries CD1922-017's M12 B-cell count and marks six visits verified; the
nurse answers from her worklist by correcting the value with a reason; the monitor closes
the query; last year's report rebuilt from the cut has the signed PDF's SHA-256, while
today's report of last year lists the correction."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3

import pytest
from pypdf import PdfReader

from ltfu.cli import main
from ltfu.services import browse, users, visits
from ltfu.services.database import open_database
from ltfu.services.demo import build_demo

TODAY = dt.date(2026, 11, 29)
LAST_YEAR = TODAY.year - 1
PASSWORD = "correct horse battery"
SUBJECT = "CD1922-017"
SIX = ("D0", "D1", "D4", "D7", "D10", "D14")
REASON = "transcription error, lab report checked"


@pytest.fixture
def visit_day(tmp_path):
    """The 40-subject demo with an administrator, the PI, the monitor and a nurse; returns
    (database, password file, folder, the M12 B-cell result id and value, the phone)."""
    path = str(tmp_path / "scene15.sqlite3")
    with open_database(path) as db:
        build_demo(db, subjects=40, seed=1, today=TODAY)
        with db.session() as s:
            users.create_user(s, None, "ada", "Ada Admin", "admin", PASSWORD)
        db.sign_in("ada", PASSWORD)
        for name, full, role in (("pete", "Pete PI", "pi"), ("mona", "Mona Monitor", "monitor")):
            browse.add_user(db, name, full, role, PASSWORD)
        browse.add_user(db, "nina", "Nina Nurse", "nurse", PASSWORD)
        (m12,) = [v for v in visits.subject_schedule(db, SUBJECT, TODAY).visits if v.code == "M12"]
        record = browse.subject_record(db, SUBJECT)
        (result,) = [r for r in record.results if r.analyte == "cd19_b_cells" and r.date == m12.actual_date]
    with sqlite3.connect(path) as conn:
        (phone,) = conn.execute(
            "select c.phone from contact c join subject s on s.id = c.subject_id where s.study_id = ?", (SUBJECT,)
        ).fetchone()
    password = tmp_path / "password.txt"
    password.write_text(PASSWORD + "\n", encoding="utf-8")
    return path, str(password), tmp_path, result, phone


def ltfu(capsys, visit_day, user: str, command: str, *more: str) -> tuple[int, str, str]:
    """`ltfu` as `user`: (exit code, output, errors); `command` split at spaces, `more` whole."""
    path, password = visit_day[:2]
    code = main(["--db", path, "--user", user, "--password-file", password, *command.split(), *more])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_scene15_on_the_command_line(capsys, visit_day):
    _path, _password, folder, result, phone = visit_day
    signed, rebuilt, today = folder / "signed.pdf", folder / "rebuilt.pdf", folder / "today.pdf"
    year_end = f"{LAST_YEAR}-12-31"

    # Before the visit: the PI froze last year's data and signed last year's report.
    code, out, err = ltfu(capsys, visit_day, "pete", f"--json freeze --as-of {year_end} --reason", "annual report")
    assert code == 0, err
    cut = json.loads(out)["cut"]
    code, _, err = ltfu(
        capsys, visit_day, "pete", f"report annual --year {LAST_YEAR} --as-of {year_end} --sign -o", str(signed)
    )
    assert code == 0, err

    # The monitor: her worklist shows no phone number; the query; six visits verified.
    code, out, err = ltfu(capsys, visit_day, "mona", "--json worklist")
    assert code == 0, err
    assert phone and phone not in out
    for command in ("audit --with-contacts", f"export csv --with-contacts {folder / 'out'}"):
        code, out, err = ltfu(capsys, visit_day, "mona", command)
        assert code == 1 and "may not" in err and phone not in out
    code, out, err = ltfu(
        capsys,
        visit_day,
        "mona",
        f"--json query raise {SUBJECT} --result {result.id} --field value --text",
        "The M12 flow report reads a different count. Please check.",
    )
    assert code == 0, err
    raised = json.loads(out)
    assert (raised["state"], raised["target"], raised["raised_by"]) == ("open", "result", "mona")
    code, out, err = ltfu(capsys, visit_day, "mona", f"--json sdv {SUBJECT} {' '.join(SIX)}")
    assert code == 0, err
    assert [mark["visit"] for mark in json.loads(out)] == list(SIX)
    assert all(mark["verified_by"] == "mona" for mark in json.loads(out))

    # The nurse: the query on her worklist, answered by correcting the value with a reason.
    code, out, err = ltfu(capsys, visit_day, "nina", "--json worklist")
    assert raised["id"] in [q["id"] for q in json.loads(out)["queries"]]
    corrected = str(round(result.value + 100, 1))
    code, out, err = ltfu(
        capsys, visit_day, "nina", f"--json query answer {raised['id']} --correct {corrected} --reason", REASON
    )
    assert code == 0, err
    assert (json.loads(out)["state"], json.loads(out)["corrected"]) == ("answered", True)

    # The monitor closes it.
    code, out, err = ltfu(capsys, visit_day, "mona", f"--json query close {raised['id']} --note", "matches now")
    assert (code, json.loads(out)["state"]) == (0, "closed"), err

    # The PI: last year's report from the cut is the signed document ...
    code, out, err = ltfu(
        capsys, visit_day, "pete", f"--json report annual --year {LAST_YEAR} --from-cut {cut} -o", str(rebuilt)
    )
    assert code == 0, err
    data = json.loads(out)
    digest = hashlib.sha256(signed.read_bytes()).hexdigest()
    assert data["identical_to_signed"] and data["sha256"] == digest
    assert rebuilt.read_bytes() == signed.read_bytes()
    assert data["records_changed"] == 1 and [c["reason"] for c in data["corrections"]] == [REASON]

    # ... while today's report of last year lists the correction.
    code, _, err = ltfu(
        capsys, visit_day, "pete", f"report annual --year {LAST_YEAR} --as-of {year_end} -o", str(today)
    )
    assert code == 0, err
    assert hashlib.sha256(today.read_bytes()).hexdigest() != digest
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(today).pages).split())
    assert SUBJECT in text and REASON in text
