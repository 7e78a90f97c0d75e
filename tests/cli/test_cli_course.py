"""ltfu infusion|medication|consent and the worklist's JSON of what they change."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from dateutil.relativedelta import relativedelta

from ltfu.cli import main
from ltfu.services.database import open_database
from ltfu.services.records import NewResult, record_result
from ltfu.services.subjects import NewSubject, enrol
from ltfu.services.visits import subject_schedule

TODAY = dt.date.today()
FIRST = TODAY - dt.timedelta(days=300)


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def db_file(tmp_path):
    path = str(tmp_path / "course.sqlite3")
    with open_database(path) as db:
        enrol(db, NewSubject("CD1922-040", "BJ01", "DL2", FIRST, birth_date=dt.date(TODAY.year - 19, 5, 1)), FIRST)
        record_result(db, "CD1922-040", NewResult("igg", TODAY - dt.timedelta(days=3), 2.8, unit="g/L"), TODAY)
    return path


def test_a_re_infusion_from_the_command_line_restarts_the_plan(capsys, db_file):
    second = TODAY - dt.timedelta(days=10)
    code, out, err = run(
        capsys, "--db", db_file, "--json", "infusion", "add", "cd1922-040", "--date", second.isoformat(),
        "--product", "LOT-77", "--dose", "2e6",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out) | {"infusion_id": 0} == {
        "infusion_id": 0, "sequence": 2, "date": second.isoformat(), "dose_level": "DL2",
        "cell_dose": 2e6, "product": "LOT-77",
    }  # fmt: skip
    with open_database(db_file) as db:
        view = subject_schedule(db, "CD1922-040", TODAY)
    assert view.follow_up_end == second + relativedelta(years=15)
    code, out, err = run(capsys, "--db", db_file, "infusion", "list", "CD1922-040")
    assert out.splitlines()[1].startswith(f"infusion 2 on {second} (DL2, 2e+06 CAR+ cells/kg, product LOT-77)")

    earlier = (second - dt.timedelta(days=5)).isoformat()
    code, out, err = run(capsys, "--db", db_file, "infusion", "add", "CD1922-040", "--date", earlier)
    assert code != 0 and f"must come after the latest infusion on {second}" in err


def test_replacement_and_consent_change_the_worklist_json(capsys, db_file):
    code, out, err = run(capsys, "--db", db_file, "--json", "worklist")
    assert [a["kind"] for a in json.loads(out)["alerts"]] == ["igg_low"]

    start = (TODAY - dt.timedelta(days=60)).isoformat()
    code, out, err = run(
        capsys, "--db", db_file, "--json", "medication", "add", "CD1922-040", "--kind", "ivig", "--date", start
    )
    assert code == 0, err
    assert (json.loads(out)["kind"], json.loads(out)["stop"]) == ("ivig", None)
    consent_day = dt.date(TODAY.year - 2, 6, 1).isoformat()  # at 17, before 1 January of birth year + 18
    code, out, err = run(
        capsys, "--db", db_file, "consent", "add", "CD1922-040", "--version", "2.1", "--date", consent_day,
        "--by", "guardian",
    )  # fmt: skip
    assert code == 0, err
    assert out.startswith(f"consent version 2.1 on {consent_day} by a parent or legal guardian")

    code, out, err = run(capsys, "--db", db_file, "--json", "worklist")
    alerts = {a["kind"]: a for a in json.loads(out)["alerts"]}
    assert set(alerts) == {"igg_low_replacement", "reconsent_due"}
    assert "a trough level" in alerts["igg_low_replacement"]["message"]
    assert alerts["reconsent_due"]["date"] == f"{TODAY.year - 1}-01-01"  # born 19 years ago: of age last 1 January

    code, out, err = run(capsys, "--db", db_file, "consent", "add", "CD1922-040", "--version", "3.0", "--by", "subject",
                         "--date", TODAY.isoformat())  # fmt: skip
    assert code == 0, err
    code, out, err = run(capsys, "--db", db_file, "--json", "worklist")
    assert [a["kind"] for a in json.loads(out)["alerts"]] == ["igg_low_replacement"]
