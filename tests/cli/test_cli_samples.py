"""ltfu samples, ltfu sample record|move|ship|test|destroy and ltfu report labels."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from pypdf import PdfReader

from ltfu.cli import main
from ltfu.services.database import open_database
from ltfu.services.subjects import NewSubject, enrol

TODAY = dt.date.today()


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def db_file(tmp_path):
    path = str(tmp_path / "samples.sqlite3")
    infusion = TODAY - dt.timedelta(days=400)
    with open_database(path) as db:
        enrol(db, NewSubject("CD1922-017", "BJ01", "DL2", infusion, given_name="Zoë", family_name="Démo"), infusion)
        enrol(db, NewSubject("CD1922-018", "SH02", "DL1", infusion), infusion)
    return path


def record(capsys, db_file, subject, day, position, kind="rcl_archive"):
    return run(
        capsys, "--db", db_file, "--json", "sample", "record", subject, "--type", kind, "--date", day.isoformat(),
        "--aliquots", "2", "--freezer", "-80 F1", "--rack", "R3", "--box", "B12", "--position", position,
    )


def test_samples_are_recorded_listed_as_json_and_changed_from_the_command_line(capsys, db_file):
    older, newer = TODAY - dt.timedelta(days=30), TODAY - dt.timedelta(days=2)
    code, out, err = record(capsys, db_file, "cd1922-017", older, "A1")
    assert code == 0, err
    first = json.loads(out)
    assert first["sample_id"] == f"CD1922-017-RA-{older:%Y%m%d}-1"
    assert (first["freezer"], first["rack"], first["box"], first["position"]) == ("-80 F1", "R3", "B12", "A1")
    record(capsys, db_file, "CD1922-017", newer, "A2", "case_blood")
    record(capsys, db_file, "CD1922-018", newer, "A3")

    code, out, _ = run(capsys, "--db", db_file, "samples", "CD1922-017", "--json")
    listed = json.loads(out)
    assert code == 0
    assert [s["sample_id"] for s in listed] == [f"CD1922-017-CB-{newer:%Y%m%d}-1", first["sample_id"]]
    assert listed[1] == first
    assert len(json.loads(run(capsys, "--db", db_file, "samples", "--json")[1])) == 3

    code, out, _ = run(capsys, "--db", db_file, "--json", "sample", "ship", first["sample_id"], "--to", "Sponsor lab")
    assert (code, json.loads(out)["state"], json.loads(out)["shipped_to"]) == (0, "shipped", "Sponsor lab")
    code, out, _ = run(capsys, "--db", db_file, "samples", "CD1922-017", "--stored", "--json")
    assert [s["state"] for s in json.loads(out)] == ["stored"]

    code, _, err = run(capsys, "--db", db_file, "sample", "destroy", first["sample_id"], "--reason", "space")
    assert code == 1
    assert f"it is kept until {first['keep_until']}" in err and err.count("\n") == 1
    # A test, then the sample, recorded in error: voided with a reason, gone from the list.
    tested = json.loads(
        run(capsys, "--db", db_file, "--json", "sample", "test", first["sample_id"], "--test", "qPCR", "--result", "x")[1]
    )
    test_id = str(tested["tests"][0]["id"])
    code, _, err = run(capsys, "--db", db_file, "sample", "void", first["sample_id"], "--test-id", test_id)
    assert code == 1 and f"Cannot void test {test_id} of sample {first['sample_id']}: the reason is empty" in err
    code, out, _ = run(
        capsys, "--db", db_file, "--json", "sample", "void", first["sample_id"], "--test-id", test_id, "--reason", "typo"
    )
    assert (code, json.loads(out)["tests"], json.loads(out)["state"]) == (0, [], "stored")
    code, out, _ = run(capsys, "--db", db_file, "sample", "void", first["sample_id"], "--reason", "wrong subject")
    assert (code, out.strip()) == (0, f"sample {first['sample_id']} voided")
    code, out, _ = run(capsys, "--db", db_file, "samples", "CD1922-017", "--json")
    assert first["sample_id"] not in [s["sample_id"] for s in json.loads(out)]
    assert run(capsys, "--db", db_file, "check")[0] == 0

    code, _, err = run(capsys, "--db", db_file, "samples", "CD1922-999")
    assert code == 1 and "No subject 'CD1922-999'" in err
    code, _, err = run(capsys, "--db", db_file, "sample", "record", "CD1922-017", "--freezer", "F1")
    assert code == 1 and "needs SUBJECT, --type" in err


def test_the_label_sheet_holds_the_subjects_stored_samples_and_no_name(capsys, db_file, tmp_path):
    day = TODAY - dt.timedelta(days=3)
    for position in ("A1", "A2", "A3"):
        record(capsys, db_file, "CD1922-017", day, position)
    pdf = tmp_path / "labels.pdf"
    code, out, err = run(capsys, "--db", db_file, "--json", "report", "labels", "CD1922-017", "-o", str(pdf))
    assert code == 0, err
    codes = [f"CD1922-017-RA-{day:%Y%m%d}-{n}" for n in (3, 2, 1)]
    assert json.loads(out)["samples"] == codes
    text = PdfReader(pdf).pages[0].extract_text()
    assert all(c in text for c in codes) and "Zoë" not in text and "Démo" not in text
    assert "CD1922-018" not in text

    only = tmp_path / "one.pdf"
    code, out, _ = run(capsys, "--db", db_file, "report", "labels", "CD1922-017", "--sample", codes[1].lower(), "-o",
                       str(only))
    assert code == 0 and "1 sample label(s)" in out
    code, _, err = run(capsys, "--db", db_file, "report", "labels", "CD1922-018", "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and "CD1922-018 has no stored sample" in err
